"""HK409 clickjacking-middleware-missing."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Rule
from . import example, hardcoded_severity
from ._deploy import (
    HARDENED_SETTINGS,
    STARTPROJECT_MIDDLEWARE,
    XFRAME,
    add_middleware_fix,
    checklist,
    listed,
)

WITHOUT = listed("MIDDLEWARE", [m for m in STARTPROJECT_MIDDLEWARE if m != XFRAME])


class ClickjackingMiddlewareMissing(Rule):
    """
    ## What it does
    Checks that the production `MIDDLEWARE` contains
    `django.middleware.clickjacking.XFrameOptionsMiddleware`.

    ## Why it matters
    Without it, pages are served without an `X-Frame-Options` header, so any site can frame
    your app (on `*.herokuapp.com` or your own domain) and trick users into clicking through
    it. Django's deploy check says: "You do not have
    'django.middleware.clickjacking.XFrameOptionsMiddleware' in your MIDDLEWARE, so your
    pages will not be served with an 'x-frame-options' header. Unless there is a good reason
    for your site to be served in a frame, you should consider enabling this header to help
    prevent clickjacking attacks."

    ## Fix safety
    Safe: `--fix` adds `"django.middleware.clickjacking.XFrameOptionsMiddleware"` last in a
    literal `MIDDLEWARE` list or tuple, where `startproject` puts it, keeping the layout and
    comments. Pages then carry `X-Frame-Options: DENY` (Django's default `X_FRAME_OPTIONS`),
    so a page that another site of yours embeds in a frame needs
    `@xframe_options_sameorigin` or `@xframe_options_exempt`. A `MIDDLEWARE` built in other
    ways gets no fix.

    ## References
    - Django: security.W002, `django/core/checks/security/base.py`
    - Django: "Clickjacking Protection"
    """

    code = "HK409"
    name = "clickjacking-middleware-missing"
    severity = "warning"
    summary = "`XFrameOptionsMiddleware` is not in the production `MIDDLEWARE`"
    fix_applicability = "safe"
    django_check = "security.W002"

    invalid = [
        example(
            settings=HARDENED_SETTINGS.replace(
                listed("MIDDLEWARE", STARTPROJECT_MIDDLEWARE), WITHOUT
            ),
            expect=(("mysite/settings.py", 21),),
            fixed={"mysite/settings.py": HARDENED_SETTINGS},
        ),
    ]
    valid = [example(settings=HARDENED_SETTINGS)]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        found = checklist(project)
        if found is None or XFRAME in found.middleware:
            return
        where = found.where(found.seen("MIDDLEWARE"))
        yield self.finding(
            msg(
                "MIDDLEWARE in {path} lacks {XFRAME}, so pages carry no X-Frame-Options header and "
                "any site can frame your app; add it last in the list (security.W002).",
                path=where.path,
                XFRAME=XFRAME,
            ),
            where,
            severity=hardcoded_severity(project, self.severity),
            fix=add_middleware_fix(project, XFRAME, len(found.middleware), "safe"),
        )
