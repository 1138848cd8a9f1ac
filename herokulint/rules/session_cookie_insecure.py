"""HK417 session-cookie-insecure."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Rule
from . import example, hardcoded_severity, installed_apps
from ._deploy import (
    HARDENED_SETTINGS,
    checklist,
    cookie_flag_on,
    env_advice,
    session_check,
    set_setting_fix,
    without,
)

SECURE = "SESSION_COOKIE_SECURE = True"
INSECURE = without(HARDENED_SETTINGS, SECURE)
IDS = ("security.W010", "security.W011", "security.W012")


class SessionCookieInsecure(Rule):
    """
    ## What it does
    Checks that `SESSION_COOKIE_SECURE` is `True` when sessions are in use: the
    `django.contrib.sessions` app installed, `SessionMiddleware` in `MIDDLEWARE`, or both.

    ## Why it matters
    Heroku's router accepts plain `http://` requests too, and without the `Secure` flag the
    browser sends the session cookie on them, where anyone on the network can read it and
    take over the session. Django's deploy check says: "You have 'django.contrib.sessions'
    in your INSTALLED_APPS, but you have not set SESSION_COOKIE_SECURE to True. Using a
    secure-only session cookie makes it more difficult for network traffic sniffers to
    hijack user sessions." (security.W010; W011 names `SessionMiddleware`; W012 replaces
    both when both apply). From Django 4.1 the check wants the boolean `True`; a raw string
    from a config var never is. A value from a config var whose default is off is info.

    ## Fix safety
    Safe: `--fix` sets `SESSION_COOKIE_SECURE = True` (in place of a literal value, or at the
    end of the production settings module). On Heroku every page is served over HTTPS, so
    sessions keep working; browsers also accept secure cookies on `http://localhost`. Only a
    site that logs users in over plain HTTP on another host loses its sessions there, which
    is the attack the flag prevents.

    ## References
    - Django: security.W010, W011, W012, `django/core/checks/security/sessions.py`
    """

    code = "HK417"
    name = "session-cookie-insecure"
    severity = "warning"
    summary = "`SESSION_COOKIE_SECURE` is not `True` while sessions are used"
    fix_applicability = "safe"
    django_check = "security.W012"
    other_django_checks = ("security.W010", "security.W011")

    invalid = [
        example(
            settings=INSECURE,
            expect=(("mysite/settings.py", 21),),
            fixed={"mysite/settings.py": INSECURE + SECURE + "\n"},
        ),
        example(
            settings=HARDENED_SETTINGS.replace(SECURE, "SESSION_COOKIE_SECURE = False  # for now"),
            expect=(("mysite/settings.py", 36),),
            fixed={"mysite/settings.py": HARDENED_SETTINGS.replace(SECURE, f"{SECURE}  # for now")},
        ),
    ]
    valid = [
        example(settings=HARDENED_SETTINGS),
        example(
            settings=HARDENED_SETTINGS.replace(
                SECURE, 'SESSION_COOKIE_SECURE = os.environ.get("SECURE_COOKIES", "1") == "1"'
            ),
            note="a value from a config var is not known",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        found = checklist(project)
        apps = installed_apps(project)
        if found is None or apps is None:
            return
        check = session_check(apps, found.middleware, IDS)
        if check is None:
            return
        secure = found.seen("SESSION_COOKIE_SECURE")
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
                "SESSION_COOKIE_SECURE {state} in {path}: Heroku's router accepts http:// too, and "
                "the browser would send the session cookie there in clear text; set `{SECURE}` "
                "({check}).",
                state=state,
                path=where.path,
                SECURE=SECURE,
                check=check,
            ),
            where,
            severity=hardcoded_severity(project, self.severity),
            fix=set_setting_fix(
                project, secure, [SECURE], "safe", msg("Set {setting}", setting=SECURE)
            ),
            django_check=check,
        )
