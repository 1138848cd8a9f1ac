"""Helpers the config-var rules (HK801-HK804) share: commands to run, where to point."""

from __future__ import annotations

from typing import Optional

from ..data.config_vars import addon_command
from ..i18n import msg
from ..project.envreads import DUMMY_DATABASE, EnvRead, EnvVariable, off_value
from ..rule import Location

# A fresh secret on the user's own machine, never printed by herokulint itself.
GENERATE = "\"$(python -c 'import secrets; print(secrets.token_urlsafe(50))')\""
# Config vars read by Heroku, the buildpack or Django itself rather than by the settings.
CONSUMED_ELSEWHERE = frozenset(
    {
        "DJANGO_SETTINGS_MODULE",
        "DJANGO_CONFIGURATION",
        "DISABLE_COLLECTSTATIC",
        "WEB_CONCURRENCY",
        "GUNICORN_CMD_ARGS",
        "FORWARDED_ALLOW_IPS",
        "PYTHONUNBUFFERED",
        "LANG",
        "TZ",
    }
)


def fix_command(variable: EnvVariable) -> str:
    """The command that provides `variable`: an add-on, or `heroku config:set`."""
    command = addon_command(variable.name)
    if command is not None:
        return command
    if variable.generated:
        return f"heroku config:set {variable.name}={GENERATE}"
    if variable.debug_flag:
        value, _ = off_value(variable)
        if value is not None:
            return f"heroku config:set {variable.name}={value}"
    return f"heroku config:set {variable.name}=..."


def consequence(fails_with: Optional[str], name: str) -> str:
    if fails_with == DUMMY_DATABASE:
        return msg(
            "Django falls back to its dummy database, and the release's migrate and every query "
            "fail with ImproperlyConfigured"
        )
    if fails_with in (None, "an exception"):
        return msg("the settings fail on import: the build's collectstatic and every dyno stop")
    if fails_with == "KeyError":
        return msg(
            "the settings raise KeyError('{name}') on import: the build's collectstatic and "
            "every dyno stop",
            name=name,
        )
    return msg(
        "the settings raise {fails_with} on import: the build's collectstatic and every dyno stop",
        fails_with=fails_with,
    )


def first_read(variable: EnvVariable, *, required: bool = False) -> EnvRead:
    for read in variable.reads:
        if not read.presence and (read.required or not required):
            return read
    return variable.reads[0]


def at_read(read: EnvRead) -> Location:
    return Location(read.path, read.line)
