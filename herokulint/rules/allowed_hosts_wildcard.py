"""HK405 allowed-hosts-wildcard."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..project.values import Const, Env, Seq, Value
from ..rule import Rule
from . import READY_SETTINGS, at_setting, example

HOSTS_LINE = 'ALLOWED_HOSTS = [".herokuapp.com"]'


def with_hosts(expression: str, imports: str = "") -> str:
    return imports + READY_SETTINGS.replace(HOSTS_LINE, f"ALLOWED_HOSTS = {expression}")


def has_wildcard(value: Optional[Value]) -> bool:
    if isinstance(value, Const):
        return isinstance(value.value, str) and "*" in value.value.split(",")
    if isinstance(value, Seq):
        return any(item == Const("*") for item in value.items)
    return False


class AllowedHostsWildcard(Rule):
    """
    ## What it does
    Reports a production `ALLOWED_HOSTS` that accepts any host: `["*"]` (what Heroku's Django
    guide shows, and what `django_heroku.settings()` sets), or a wildcard default for a list
    read from the environment (`config("ALLOWED_HOSTS", default="*").split(",")`).

    ## Why it matters
    `ALLOWED_HOSTS` is Django's defence against HTTP Host header attacks (poisoned password
    reset links, cache poisoning). On Heroku the wildcard works: Heroku's getting-started app
    says "On Heroku, it's safe to use a wildcard for `ALLOWED_HOSTS`, since the Heroku router
    performs validation of the Host header". It stops being safe the day the app runs behind
    another proxy or a custom domain's CDN. Advice only.

    ## Fix safety
    No automatic fix: list your hosts, e.g. `[".herokuapp.com", "www.example.com"]`, or read
    them from a config var with a non-wildcard default.

    ## References
    - Django: `ALLOWED_HOSTS`; "Deployment checklist"
    - heroku/python-getting-started `gettingstarted/settings.py`
    """

    code = "HK405"
    name = "allowed-hosts-wildcard"
    severity = "info"
    summary = '`ALLOWED_HOSTS = ["*"]` in production'

    invalid = [
        example(settings=with_hosts('["*"]'), expect=(("mysite/settings.py", 9),)),
        example(
            settings=with_hosts(
                'config("ALLOWED_HOSTS", default="*").split(",")', "from decouple import config\n"
            ),
            expect=(("mysite/settings.py", 10),),
        ),
    ]
    valid = [
        example(settings=READY_SETTINGS),
        example(
            settings=with_hosts('os.environ.get("ALLOWED_HOSTS", ".herokuapp.com").split(",")')
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        settings = project.settings
        setting = settings.get("ALLOWED_HOSTS") if settings else None
        if setting is None:
            return
        value = setting.value
        if has_wildcard(value):
            yield self.finding(
                msg(
                    "ALLOWED_HOSTS in {relpath} accepts any host: Django stops rejecting forged Host "
                    "headers, the trick that makes password-reset emails link to an attacker's site, and "
                    'only Heroku\'s router still checks them; list your hosts, e.g. `[".herokuapp.com"]`.',
                    relpath=setting.relpath,
                ),
                at_setting(setting),
            )
        elif isinstance(value, Env) and has_wildcard(value.default):
            yield self.finding(
                msg(
                    "ALLOWED_HOSTS in {relpath} accepts any host when {var} is unset; give it a real "
                    'default, e.g. ".herokuapp.com".',
                    relpath=setting.relpath,
                    var=value.var or msg("its variable"),
                ),
                at_setting(setting),
            )
