"""HK418 session-cookie-httponly-off."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Rule
from . import example, hardcoded_severity, installed_apps
from ._deploy import HARDENED_SETTINGS, checklist, cookie_flag_on, session_check, set_setting_fix

HTTPONLY = "SESSION_COOKIE_HTTPONLY = True"
IDS = ("security.W013", "security.W014", "security.W015")


class SessionCookieHttponlyOff(Rule):
    """
    ## What it does
    Checks that `SESSION_COOKIE_HTTPONLY` stays `True` (Django's default) when sessions are in
    use: the `django.contrib.sessions` app installed, `SessionMiddleware` in `MIDDLEWARE`,
    or both.

    ## Why it matters
    Without `HttpOnly`, any script on the page can read the session cookie, so one
    cross-site-scripting hole hands over the session. Django's deploy check says: "You have
    'django.contrib.sessions' in your INSTALLED_APPS, but you have not set
    SESSION_COOKIE_HTTPONLY to True. Using an HttpOnly session cookie makes it more
    difficult for cross-site scripting attacks to hijack user sessions." (security.W013;
    W014 names `SessionMiddleware`; W015 replaces both when both apply). From Django 4.1 the
    check wants the boolean `True`.

    ## Fix safety
    Safe: `--fix` writes `SESSION_COOKIE_HTTPONLY = True` in place of a literal value. Django
    never needs scripts to read the session cookie; only front-end code that reads it
    itself, which is the hole the flag closes, stops seeing it.

    ## References
    - Django: security.W013, W014, W015, `django/core/checks/security/sessions.py`
    """

    code = "HK418"
    name = "session-cookie-httponly-off"
    severity = "warning"
    summary = "`SESSION_COOKIE_HTTPONLY` is not `True` while sessions are used"
    fix_applicability = "safe"
    django_check = "security.W015"
    other_django_checks = ("security.W013", "security.W014")

    invalid = [
        example(
            settings=HARDENED_SETTINGS + "SESSION_COOKIE_HTTPONLY = False\n",
            expect=(("mysite/settings.py", 38),),
            fixed={"mysite/settings.py": HARDENED_SETTINGS + HTTPONLY + "\n"},
        ),
    ]
    valid = [example(settings=HARDENED_SETTINGS)]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        found = checklist(project)
        apps = installed_apps(project)
        if found is None or apps is None:
            return
        check = session_check(apps, found.middleware, IDS)
        if check is None:
            return
        httponly = found.seen("SESSION_COOKIE_HTTPONLY")
        if cookie_flag_on(httponly, found.series) is not False:
            return
        where = found.where(httponly)
        yield self.finding(
            msg(
                "SESSION_COOKIE_HTTPONLY is not True in {path}: scripts on the page can read the "
                "session cookie, so one cross-site-scripting hole hands it over; set `{HTTPONLY}`, "
                "Django's default ({check}).",
                path=where.path,
                HTTPONLY=HTTPONLY,
                check=check,
            ),
            where,
            severity=hardcoded_severity(project, self.severity),
            fix=set_setting_fix(
                project, httponly, [HTTPONLY], "safe", msg("Set {setting}", setting=HTTPONLY)
            ),
            django_check=check,
        )
