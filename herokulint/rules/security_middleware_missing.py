"""HK408 security-middleware-missing."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Rule
from . import example, hardcoded_severity
from ._deploy import (
    HARDENED_SETTINGS,
    SECURITY,
    STARTPROJECT_MIDDLEWARE,
    add_middleware_fix,
    checklist,
    listed,
)

WITHOUT = listed("MIDDLEWARE", [m for m in STARTPROJECT_MIDDLEWARE if m != SECURITY])


class SecurityMiddlewareMissing(Rule):
    """
    ## What it does
    Checks that the production `MIDDLEWARE` contains Django's
    `django.middleware.security.SecurityMiddleware`.

    ## Why it matters
    Without it, `SECURE_SSL_REDIRECT`, `SECURE_HSTS_SECONDS`, `SECURE_CONTENT_TYPE_NOSNIFF`,
    `SECURE_REFERRER_POLICY` and `SECURE_CROSS_ORIGIN_OPENER_POLICY` do nothing: no HTTPS
    redirect behind Heroku's router, no HSTS, no security headers. Django's deploy check
    says: "You do not have 'django.middleware.security.SecurityMiddleware' in your
    MIDDLEWARE so the SECURE_HSTS_SECONDS, SECURE_CONTENT_TYPE_NOSNIFF,
    SECURE_REFERRER_POLICY, SECURE_CROSS_ORIGIN_OPENER_POLICY, and SECURE_SSL_REDIRECT
    settings will have no effect." A `MIDDLEWARE` herokulint cannot read in full (built
    from other lists, read from the environment) is not reported.

    ## Fix safety
    Safe: `--fix` inserts `"django.middleware.security.SecurityMiddleware"` first in a literal
    `MIDDLEWARE` list or tuple, where `startproject` puts it, keeping the other entries,
    their comments and the layout. With Django's defaults the middleware then adds the
    `X-Content-Type-Options: nosniff`, `Referrer-Policy: same-origin` and (4.0+)
    `Cross-Origin-Opener-Policy: same-origin` headers; it redirects and sends HSTS only
    once you set those settings. A `MIDDLEWARE` built in other ways gets no fix.

    ## References
    - Django: security.W001, `django/core/checks/security/base.py`
    - Django: "Deployment checklist" and the SecurityMiddleware documentation
    """

    code = "HK408"
    name = "security-middleware-missing"
    severity = "warning"
    summary = "`SecurityMiddleware` is not in the production `MIDDLEWARE`"
    fix_applicability = "safe"
    django_check = "security.W001"

    invalid = [
        example(
            settings=HARDENED_SETTINGS.replace(
                listed("MIDDLEWARE", STARTPROJECT_MIDDLEWARE), WITHOUT
            ),
            expect=(("mysite/settings.py", 21),),
            fixed={"mysite/settings.py": HARDENED_SETTINGS},
        ),
    ]
    valid = [
        example(settings=HARDENED_SETTINGS),
        example(
            settings=HARDENED_SETTINGS.replace(
                listed("MIDDLEWARE", STARTPROJECT_MIDDLEWARE),
                "MIDDLEWARE = BASE_MIDDLEWARE + ['app.middleware.Extra']\n",
            ),
            note="a MIDDLEWARE herokulint cannot read in full is not reported",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        found = checklist(project)
        if found is None or found.secured:
            return
        where = found.where(found.seen("MIDDLEWARE"))
        yield self.finding(
            msg(
                "MIDDLEWARE in {path} lacks {SECURITY}, so on Heroku SECURE_SSL_REDIRECT, HSTS and "
                "the nosniff, Referrer-Policy and Cross-Origin-Opener-Policy headers have no effect; "
                "add it first in the list (security.W001).",
                path=where.path,
                SECURITY=SECURITY,
            ),
            where,
            severity=hardcoded_severity(project, self.severity),
            fix=add_middleware_fix(project, SECURITY, 0, "safe"),
        )
