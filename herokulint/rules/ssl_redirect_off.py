"""HK415 ssl-redirect-off."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Rule
from . import example, hardcoded_severity
from ._deploy import (
    HARDENED_SETTINGS,
    PROXY_HEADER,
    checklist,
    env_advice,
    is_true,
    set_setting_fix,
    without,
)

REDIRECT = "SECURE_SSL_REDIRECT = True"
NO_REDIRECT = without(without(HARDENED_SETTINGS, REDIRECT), PROXY_HEADER)


class SslRedirectOff(Rule):
    """
    ## What it does
    Checks that, with `SecurityMiddleware` installed, `SECURE_SSL_REDIRECT` is `True`.

    ## Why it matters
    Heroku's router answers `http://` as well as `https://` and passes both to the app, so
    unless Django redirects, pages, logins and session cookies travel in clear text for
    anyone who types or follows an `http://` link. Django's deploy check says: "Your
    SECURE_SSL_REDIRECT setting is not set to True. Unless your site should be available
    over both SSL and non-SSL connections, you may want to either set this setting True or
    configure a load balancer or reverse-proxy server to redirect all connections to
    HTTPS." Heroku's router does not redirect for you. Behind the router Django sees plain
    HTTP, so the redirect needs `SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO",
    "https")` to recognise requests that arrived over HTTPS (HK407 reports the loop
    without it). The check wants the boolean `True`: a raw string read from a config var
    never is. A value from a config var with a `False` default is info.

    ## Fix safety
    Unsafe: `--fix --unsafe-fixes` sets `SECURE_SSL_REDIRECT = True` and adds
    `SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")` when the settings lack it,
    the pair Heroku needs. Every `http://` request is then redirected, also on any other
    host where these settings run without TLS (a local `runserver` with production settings,
    a health check over HTTP): exempt such paths with `SECURE_REDIRECT_EXEMPT`. That change
    of behaviour is why the fix is unsafe.

    ## References
    - Django: security.W008, `django/core/checks/security/base.py`; `SECURE_PROXY_SSL_HEADER`
    - Heroku: "HTTP Routing", X-Forwarded-Proto
    """

    code = "HK415"
    name = "ssl-redirect-off"
    severity = "warning"
    summary = "`SECURE_SSL_REDIRECT` is not `True` with `SecurityMiddleware`"
    fix_applicability = "unsafe"
    django_check = "security.W008"

    invalid = [
        example(
            settings=NO_REDIRECT,
            expect=(("mysite/settings.py", 21),),
            fixed={"mysite/settings.py": NO_REDIRECT + f"{REDIRECT}\n{PROXY_HEADER}\n"},
        ),
        example(
            settings=HARDENED_SETTINGS.replace(REDIRECT, "SECURE_SSL_REDIRECT = False  # TODO"),
            expect=(("mysite/settings.py", 31),),
            fixed={
                "mysite/settings.py": HARDENED_SETTINGS.replace(REDIRECT, f"{REDIRECT}  # TODO")
            },
        ),
        example(
            settings=HARDENED_SETTINGS.replace(
                REDIRECT, 'SECURE_SSL_REDIRECT = os.environ.get("SSL_REDIRECT", "1")'
            ),
            expect=(("mysite/settings.py", 31),),
            note="a raw string from the environment is never the boolean True Django wants",
        ),
    ]
    valid = [
        example(settings=HARDENED_SETTINGS),
        example(
            settings=HARDENED_SETTINGS.replace(
                REDIRECT, 'SECURE_SSL_REDIRECT = os.environ.get("SSL_REDIRECT", "1") == "1"'
            )
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        found = checklist(project)
        if found is None or not found.secured or not found.applies(self.django_check):
            return
        redirect = found.seen("SECURE_SSL_REDIRECT")
        where = found.where(redirect)
        verdict = is_true(redirect)
        if verdict is None and redirect.kind == "env":
            advice = env_advice(redirect, lambda value: value is True, "True")
            if advice:
                yield self.finding(advice, where, severity="info", django_check="")
            return
        if verdict is not False:
            return
        if redirect.kind == "env":
            problem = msg(
                "is the raw string of {var}, never the boolean True",
                var=redirect.env.var if redirect.env else msg("a config var"),
            )
        else:
            problem = msg("is not True") if redirect.kind == "literal" else msg("is not set")
        lines = (
            [REDIRECT] if "SECURE_PROXY_SSL_HEADER" in found.settings else [REDIRECT, PROXY_HEADER]
        )
        yield self.finding(
            msg(
                "SECURE_SSL_REDIRECT {problem} in {path}: Heroku's router serves http:// too and "
                "does not redirect, so pages and cookies can travel in clear text; set `{REDIRECT}` "
                "with `{PROXY_HEADER}` so Django sees the router's HTTPS (security.W008).",
                problem=problem,
                path=where.path,
                REDIRECT=REDIRECT,
                PROXY_HEADER=PROXY_HEADER,
            ),
            where,
            severity=hardcoded_severity(project, self.severity),
            fix=set_setting_fix(
                project,
                redirect,
                lines,
                "unsafe",
                msg("Set SECURE_SSL_REDIRECT = True (with SECURE_PROXY_SSL_HEADER)"),
            ),
        )
