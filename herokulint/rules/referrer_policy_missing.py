"""HK421 referrer-policy-missing."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Rule
from . import example, hardcoded_severity
from ._deploy import HARDENED_SETTINGS, checklist, set_setting_fix

POLICY = 'SECURE_REFERRER_POLICY = "same-origin"'


class ReferrerPolicyMissing(Rule):
    """
    ## What it does
    Checks that, with `SecurityMiddleware` installed, `SECURE_REFERRER_POLICY` is not `None`.
    Django 3.1 made `"same-origin"` the default, so on 3.1 and later only an explicit `None`
    is reported; on 3.0 an unset value is too.

    ## Why it matters
    Without a `Referrer-Policy` header, browsers send the full URL of your pages (paths,
    query strings, tokens in them) to every site they link to or load from. Django's
    deploy check says: "You have not set the SECURE_REFERRER_POLICY setting. Without this,
    your site will not send a Referrer-Policy header. You should consider enabling this
    header to protect user privacy."

    ## Fix safety
    Unsafe: `--fix --unsafe-fixes` sets `SECURE_REFERRER_POLICY = "same-origin"`, Django's
    default since 3.1. Other sites (and analytics that read the referrer) then no longer
    see which of your pages sent a visitor; choose `"strict-origin-when-cross-origin"` to
    keep the origin.

    ## References
    - Django: security.W022, `django/core/checks/security/base.py`; `SECURE_REFERRER_POLICY`
    """

    code = "HK421"
    name = "referrer-policy-missing"
    severity = "warning"
    summary = "`SECURE_REFERRER_POLICY` is `None` with `SecurityMiddleware`"
    fix_applicability = "unsafe"
    django_check = "security.W022"

    invalid = [
        example(
            settings=HARDENED_SETTINGS + "SECURE_REFERRER_POLICY = None\n",
            expect=(("mysite/settings.py", 38),),
            fixed={"mysite/settings.py": HARDENED_SETTINGS + POLICY + "\n"},
        ),
        example(
            {"requirements.txt": "Django==3.0.14\ngunicorn==23.0.0\n"},
            settings=HARDENED_SETTINGS,
            expect=(("mysite/settings.py", 21),),
            note="Django 3.0 sends no Referrer-Policy by default",
            fixed={"mysite/settings.py": HARDENED_SETTINGS + POLICY + "\n"},
        ),
    ]
    valid = [example(settings=HARDENED_SETTINGS)]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        found = checklist(project)
        if found is None or not found.secured or not found.applies(self.django_check):
            return
        policy = found.seen("SECURE_REFERRER_POLICY")
        if not policy.known or policy.value is not None:
            return
        where = found.where(policy)
        state = (
            msg("is None")
            if policy.setting
            else msg(
                "is not set (Django {series}.{series2} sends none by default)",
                series=found.series[0],
                series2=found.series[1],
            )
        )
        yield self.finding(
            msg(
                "SECURE_REFERRER_POLICY {state} in {path}, so browsers send your pages' full URLs to "
                "other sites; set `{POLICY}` (security.W022).",
                state=state,
                path=where.path,
                POLICY=POLICY,
            ),
            where,
            severity=hardcoded_severity(project, self.severity),
            fix=set_setting_fix(
                project, policy, [POLICY], "unsafe", msg("Set {setting}", setting=POLICY)
            ),
        )
