"""HK414 content-type-nosniff-off."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Rule
from . import example, hardcoded_severity
from ._deploy import HARDENED_SETTINGS, checklist, is_true, set_setting_fix

NOSNIFF_OFF = HARDENED_SETTINGS + "SECURE_CONTENT_TYPE_NOSNIFF = False\n"


class ContentTypeNosniffOff(Rule):
    """
    ## What it does
    Checks that, with `SecurityMiddleware` installed, `SECURE_CONTENT_TYPE_NOSNIFF` is `True`
    (Django's default since 3.0, so only a project that turns it off is reported).

    ## Why it matters
    Without `X-Content-Type-Options: nosniff`, browsers may guess a response's type from its
    content, so a user upload served as text can run as a script or style sheet. Django's
    deploy check says: "Your SECURE_CONTENT_TYPE_NOSNIFF setting is not set to True, so your
    pages will not be served with an 'X-Content-Type-Options: nosniff' header. You should
    consider enabling this header to prevent the browser from identifying content types
    incorrectly." The check wants the boolean `True`: a raw string read from a config var
    never is.

    ## Fix safety
    Safe: `--fix` writes `SECURE_CONTENT_TYPE_NOSNIFF = True` in place of a literal value.
    Browsers then trust the `Content-Type` that Django and WhiteNoise already send; only a
    response with a wrong type, which was broken in some browsers already, changes.

    ## References
    - Django: security.W006, `django/core/checks/security/base.py`
    """

    code = "HK414"
    name = "content-type-nosniff-off"
    severity = "warning"
    summary = "`SECURE_CONTENT_TYPE_NOSNIFF` is not `True` with `SecurityMiddleware`"
    fix_applicability = "safe"
    django_check = "security.W006"

    invalid = [
        example(
            settings=NOSNIFF_OFF,
            expect=(("mysite/settings.py", 38),),
            fixed={
                "mysite/settings.py": HARDENED_SETTINGS + "SECURE_CONTENT_TYPE_NOSNIFF = True\n"
            },
        ),
    ]
    valid = [example(settings=HARDENED_SETTINGS)]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        found = checklist(project)
        if found is None or not found.secured or not found.applies(self.django_check):
            return
        nosniff = found.seen("SECURE_CONTENT_TYPE_NOSNIFF")
        if is_true(nosniff) is not False:
            return
        where = found.where(nosniff)
        yield self.finding(
            msg(
                "SECURE_CONTENT_TYPE_NOSNIFF is not True in {path}, so responses lack "
                "X-Content-Type-Options: nosniff and browsers may run an upload as a script; set it "
                "to True, Django's default (security.W006).",
                path=where.path,
            ),
            where,
            severity=hardcoded_severity(project, self.severity),
            fix=set_setting_fix(
                project,
                nosniff,
                ["SECURE_CONTENT_TYPE_NOSNIFF = True"],
                "safe",
                msg("Set SECURE_CONTENT_TYPE_NOSNIFF = True"),
            ),
        )
