"""HK410 csrf-middleware-missing."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Rule
from . import example, hardcoded_severity
from ._deploy import (
    COMMON,
    CSRF,
    HARDENED_SETTINGS,
    SECURITY,
    SESSION,
    STARTPROJECT_MIDDLEWARE,
    WHITENOISE,
    add_middleware_fix,
    checklist,
    listed,
)

WITHOUT = listed("MIDDLEWARE", [m for m in STARTPROJECT_MIDDLEWARE if m != CSRF])


def csrf_position(stack: list[str]) -> int:
    """Where startproject puts CsrfViewMiddleware: after the security, static-file, session
    and common middleware, before the ones (authentication, messages) that trust requests."""
    before = [
        index for index, name in enumerate(stack) if name in (SECURITY, WHITENOISE, SESSION, COMMON)
    ]
    return before[-1] + 1 if before else 0


class CsrfMiddlewareMissing(Rule):
    """
    ## What it does
    Checks that the production `MIDDLEWARE` contains
    `django.middleware.csrf.CsrfViewMiddleware`.

    ## Why it matters
    Without it, no view is protected against cross-site request forgery unless it is
    decorated with `@csrf_protect`: another site can make a logged-in user's browser post
    forms to your app. Django's deploy check says: "You don't appear to be using Django's
    built-in cross-site request forgery protection via the middleware
    ('django.middleware.csrf.CsrfViewMiddleware' is not in your MIDDLEWARE). Enabling the
    middleware is the safest approach to ensure you don't leave any holes."

    ## Fix safety
    Unsafe: `--fix --unsafe-fixes` inserts `"django.middleware.csrf.CsrfViewMiddleware"`
    where `startproject` puts it (after the security, WhiteNoise, session and common
    middleware) in a literal `MIDDLEWARE`. From then on every POST, PUT, PATCH or DELETE
    without a CSRF token is refused with 403: API clients, webhooks and forms without
    `{% csrf_token %}` that worked before stop working until their views are marked
    `@csrf_exempt`. That change of behaviour is why the fix is unsafe, where the other
    middleware fixes are safe.

    ## References
    - Django: security.W003, `django/core/checks/security/csrf.py`
    - Django: "Cross Site Request Forgery protection"
    """

    code = "HK410"
    name = "csrf-middleware-missing"
    severity = "warning"
    summary = "`CsrfViewMiddleware` is not in the production `MIDDLEWARE`"
    fix_applicability = "unsafe"
    django_check = "security.W003"

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
        if found is None or CSRF in found.middleware:
            return
        where = found.where(found.seen("MIDDLEWARE"))
        yield self.finding(
            msg(
                "MIDDLEWARE in {path} lacks {CSRF}, so no view is protected against cross-site "
                "request forgery; add it after SessionMiddleware and CommonMiddleware "
                "(security.W003).",
                path=where.path,
                CSRF=CSRF,
            ),
            where,
            severity=hardcoded_severity(project, self.severity),
            fix=add_middleware_fix(project, CSRF, csrf_position(found.middleware), "unsafe"),
        )
