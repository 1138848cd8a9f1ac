"""HK420 x-frame-options-not-deny."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Rule
from . import example, hardcoded_severity
from ._deploy import HARDENED_SETTINGS, XFRAME, checklist


class XFrameOptionsNotDeny(Rule):
    """
    ## What it does
    Checks that, with `XFrameOptionsMiddleware` installed, `X_FRAME_OPTIONS` is `"DENY"`
    (Django's default since 3.0).

    ## Why it matters
    With `"SAMEORIGIN"`, any page of the same origin may frame yours, which is what
    clickjacking through a compromised or user-controlled page of the site needs. Django's
    deploy check says: "You have 'django.middleware.clickjacking.XFrameOptionsMiddleware'
    in your MIDDLEWARE, but X_FRAME_OPTIONS is not set to 'DENY'. Unless there is a good
    reason for your site to serve other parts of itself in a frame, you should change it
    to 'DENY'." A value read from a config var is not known and is not reported.

    ## Fix safety
    No fix: pages that frame each other on purpose (the admin's related-object popups do
    not; some rich-text editors and report previews do) would break. Set
    `X_FRAME_OPTIONS = "DENY"` and mark those views `@xframe_options_sameorigin`.

    ## References
    - Django: security.W019, `django/core/checks/security/base.py`
    - Django: "Clickjacking Protection"
    """

    code = "HK420"
    name = "x-frame-options-not-deny"
    severity = "warning"
    summary = '`X_FRAME_OPTIONS` is not `"DENY"` with `XFrameOptionsMiddleware`'
    django_check = "security.W019"

    invalid = [
        example(
            settings=HARDENED_SETTINGS + 'X_FRAME_OPTIONS = "SAMEORIGIN"\n',
            expect=(("mysite/settings.py", 38),),
        ),
    ]
    valid = [
        example(settings=HARDENED_SETTINGS),
        example(settings=HARDENED_SETTINGS + 'X_FRAME_OPTIONS = "DENY"\n'),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        found = checklist(project)
        if found is None or XFRAME not in found.middleware:
            return
        option = found.seen("X_FRAME_OPTIONS")
        if not option.known or option.value == "DENY":
            return
        where = found.where(option)
        yield self.finding(
            msg(
                "X_FRAME_OPTIONS is {value!r} in {path}, so other pages can frame yours; set "
                '`X_FRAME_OPTIONS = "DENY"` (Django\'s default) and mark the views that must be '
                "framed @xframe_options_sameorigin (security.W019).",
                value=option.value,
                path=where.path,
            ),
            where,
            severity=hardcoded_severity(project, self.severity),
        )
