"""HK419 csrf-cookie-insecure."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Rule
from . import example, hardcoded_severity
from ._deploy import (
    CSRF,
    HARDENED_SETTINGS,
    checklist,
    cookie_flag_on,
    env_advice,
    set_setting_fix,
    without,
)

SECURE = "CSRF_COOKIE_SECURE = True"
INSECURE = without(HARDENED_SETTINGS, SECURE)


class CsrfCookieInsecure(Rule):
    """
    ## What it does
    Checks that `CSRF_COOKIE_SECURE` is `True` when `CsrfViewMiddleware` is in `MIDDLEWARE` and
    the CSRF token lives in a cookie (`CSRF_USE_SESSIONS` off, Django's default).

    ## Why it matters
    Heroku's router accepts plain `http://` requests too, and without the `Secure` flag the
    browser sends the CSRF cookie on them, where it can be read or replaced. Django's
    deploy check says: "You have 'django.middleware.csrf.CsrfViewMiddleware' in your
    MIDDLEWARE, but you have not set CSRF_COOKIE_SECURE to True. Using a secure-only CSRF
    cookie makes it more difficult for network traffic sniffers to steal the CSRF token."
    From Django 4.1 the check wants the boolean `True`; a raw string from a config var never
    is. A value from a config var whose default is off is info.

    ## Fix safety
    Safe: `--fix` sets `CSRF_COOKIE_SECURE = True` (in place of a literal value, or at the end
    of the production settings module). Forms keep working over HTTPS, which is how Heroku
    serves them; only a form posted over plain HTTP on another host is refused, which is the
    attack the flag prevents.

    ## References
    - Django: security.W016, `django/core/checks/security/csrf.py`
    """

    code = "HK419"
    name = "csrf-cookie-insecure"
    severity = "warning"
    summary = "`CSRF_COOKIE_SECURE` is not `True` with `CsrfViewMiddleware`"
    fix_applicability = "safe"
    django_check = "security.W016"

    invalid = [
        example(
            settings=INSECURE,
            expect=(("mysite/settings.py", 21),),
            fixed={"mysite/settings.py": INSECURE + SECURE + "\n"},
        ),
    ]
    valid = [
        example(settings=HARDENED_SETTINGS),
        example(
            settings=INSECURE + "CSRF_USE_SESSIONS = True\n",
            note="the token lives in the session, not in a cookie",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        found = checklist(project)
        if found is None or CSRF not in found.middleware:
            return
        sessions = found.seen("CSRF_USE_SESSIONS")
        if not sessions.known or sessions.value:
            return
        secure = found.seen("CSRF_COOKIE_SECURE")
        where = found.where(secure)
        verdict = cookie_flag_on(secure, found.series)
        if verdict is None and secure.kind == "env":
            advice = env_advice(secure, lambda value: value is True, "True")
            if advice:
                yield self.finding(advice, where, severity="info", django_check="")
            return
        if verdict is not False:
            return
        state = {"default": msg("is not set"), "literal": msg("is not True")}.get(
            secure.kind, msg("is a raw string, never True")
        )
        yield self.finding(
            msg(
                "CSRF_COOKIE_SECURE {state} in {path}: Heroku's router accepts http:// too, and the "
                "browser would send the CSRF cookie there in clear text; set `{SECURE}` "
                "(security.W016).",
                state=state,
                path=where.path,
                SECURE=SECURE,
            ),
            where,
            severity=hardcoded_severity(project, self.severity),
            fix=set_setting_fix(
                project, secure, [SECURE], "safe", msg("Set {setting}", setting=SECURE)
            ),
        )
