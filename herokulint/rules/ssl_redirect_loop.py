"""HK407 ssl-redirect-loop."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from .. import codemods
from ..edits import Edit
from ..findings import Finding, Fix
from ..i18n import msg
from ..project import ProjectModel
from ..project.procfile import ServerCommand
from ..project.settings import ResolvedSetting
from ..project.values import Const
from ..rule import Rule
from . import READY_SETTINGS, at_setting, example, middleware

WITH_REDIRECT = (
    READY_SETTINGS
    + 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\n'
    + "SECURE_SSL_REDIRECT = True\n"
)
UVICORN = "web: uvicorn mysite.asgi:application --host 0.0.0.0 --port $PORT"
HYPERCORN = "web: hypercorn mysite.asgi:application --bind 0.0.0.0:$PORT\n"
PROXY_HEADER = 'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")'


def trusts_proxy(web: ServerCommand, target: str) -> Optional[bool]:
    """Whether the server marks requests secure from Heroku's `X-Forwarded-Proto` header;
    None when it cannot be told."""
    options = web.options
    if web.server == "gunicorn":
        # The classic buildpack exports FORWARDED_ALLOW_IPS='*' (vendor/python.gunicorn.sh),
        # which gunicorn reads; Heroku's getting-started sets forwarded_allow_ips = "*" too.
        return True
    if web.server == "uvicorn":
        # Proxy headers are on by default; the trusted addresses default to
        # $FORWARDED_ALLOW_IPS, which only the classic buildpack exports.
        if "--no-proxy-headers" in options:
            return False
        allowed = options.get("--forwarded-allow-ips", web.env.get("FORWARDED_ALLOW_IPS"))
        if allowed is not None:
            return "*" in allowed
        return target == "cedar"
    if web.server == "daphne":
        return "--proxy-headers" in options
    if web.server == "waitress-serve":
        return "--trusted-proxy" in options
    if web.server in ("hypercorn", "runserver"):
        return False
    return None


class SslRedirectLoop(Rule):
    """
    ## What it does
    Checks that `SECURE_SSL_REDIRECT = True` comes with `SECURE_PROXY_SSL_HEADER` when the web
    server does not itself trust Heroku's router: hypercorn, waitress without
    `--trusted-proxy`, daphne without `--proxy-headers`, uvicorn with `--no-proxy-headers`
    (or, on Fir, without `--forwarded-allow-ips='*'`), and the development server.

    ## Why it matters
    Heroku's router terminates TLS and forwards plain HTTP with `X-Forwarded-Proto: https`.
    A server that ignores the header makes every request look insecure to Django, which
    redirects it to HTTPS, again and again: the browser stops with "too many redirects", and
    CSRF checks fail with "Origin checking failed - https://... does not match any trusted
    origins." gunicorn is fine: the classic Python buildpack exports
    `FORWARDED_ALLOW_IPS='*'`, so gunicorn sets the scheme from the header, and uvicorn reads
    the same variable.

    ## Fix safety
    Safe: `--fix` adds `SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")` on the
    line after `SECURE_SSL_REDIRECT`, in the file's quote style. Django then trusts the header
    only to tell HTTPS from HTTP, which is sound behind Heroku's router: it terminates TLS and
    always sets `X-Forwarded-Proto` itself, so a client cannot choose it. Requests that were
    redirected forever are served, and nothing else changes. A `SECURE_SSL_REDIRECT` that is
    not a plain assignment, or is set under a condition, gets no fix; letting the server trust
    the proxy instead is left to you.

    ## References
    - heroku-buildpack-python `vendor/python.gunicorn.sh`
    - Django: `SECURE_PROXY_SSL_HEADER`, `django/middleware/csrf.py`
    - uvicorn: `--forwarded-allow-ips` ("Defaults to the $FORWARDED_ALLOW_IPS environment
      variable if available, or '127.0.0.1'.")
    """

    code = "HK407"
    name = "ssl-redirect-loop"
    severity = "error"
    summary = "`SECURE_SSL_REDIRECT` without `SECURE_PROXY_SSL_HEADER` behind a server that ignores the proxy"
    fix_applicability = "safe"

    invalid = [
        example(
            {"Procfile": HYPERCORN},
            settings=WITH_REDIRECT,
            expect=(("mysite/settings.py", 15),),
            fixed={"mysite/settings.py": WITH_REDIRECT + PROXY_HEADER + "\n"},
        ),
        example(
            {"Procfile": UVICORN + " --no-proxy-headers\n"},
            settings=WITH_REDIRECT.replace(
                "SECURE_SSL_REDIRECT = True\n",
                "SECURE_SSL_REDIRECT = True  # HTTPS only\nSESSION_COOKIE_SECURE = True\n",
            ),
            expect=(("mysite/settings.py", 15),),
            fixed={
                "mysite/settings.py": WITH_REDIRECT.replace(
                    "SECURE_SSL_REDIRECT = True\n",
                    f"SECURE_SSL_REDIRECT = True  # HTTPS only\n{PROXY_HEADER}\n"
                    "SESSION_COOKIE_SECURE = True\n",
                )
            },
        ),
    ]
    valid = [
        example(settings=WITH_REDIRECT, note="gunicorn trusts Heroku's router on its own"),
        example({"Procfile": HYPERCORN}, settings=WITH_REDIRECT + PROXY_HEADER + "\n"),
        example({"Procfile": UVICORN + "\n"}, settings=WITH_REDIRECT),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        settings = project.settings
        web = project.web
        if settings is None or web is None:
            return
        setting = settings.get("SECURE_SSL_REDIRECT")
        if setting is None or setting.value != Const(True) or "SECURE_PROXY_SSL_HEADER" in settings:
            return
        if not settings.complete:
            return  # the header may be set where herokulint cannot see
        stack = middleware(project)
        if stack is None or "django.middleware.security.SecurityMiddleware" not in stack:
            return  # without SecurityMiddleware nothing redirects
        if trusts_proxy(web, project.target) is not False:
            return
        yield self.finding(
            msg(
                "SECURE_SSL_REDIRECT in {relpath} is on, but {server} ignores Heroku's "
                "X-Forwarded-Proto header, so every request redirects to itself forever; add "
                '`SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")`.',
                relpath=setting.relpath,
                server=web.server,
            ),
            at_setting(setting),
            fix=self.fix(project, setting),
        )

    @staticmethod
    def fix(project: ProjectModel, setting: ResolvedSetting) -> Optional[Fix]:
        """Trust Heroku's X-Forwarded-Proto header, on the line after SECURE_SSL_REDIRECT."""
        if codemods.plain_assignment(project, setting, top_level=False) is None:
            return None

        def build() -> tuple[Edit, ...]:
            module = codemods.parsed(project, setting.relpath)
            new = codemods.insert_after(module, setting, PROXY_HEADER)
            return (codemods.edit(project, setting.relpath, new),)

        return Fix("safe", msg("Add {PROXY_HEADER}", PROXY_HEADER=PROXY_HEADER), build)
