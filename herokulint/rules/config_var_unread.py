"""HK802 config-var-unread."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from ..data.config_vars import addon_for, provided_by
from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..project.envreads import EnvVariable
from ..rule import Rule
from . import example
from ._config_vars import CONSUMED_ELSEWHERE, at_read, first_read
from .config_var_missing import DATABASE, SECRET, config

PREFIXES = ("DJANGO_", "APP_")


def close(set_name: str, read_name: str) -> bool:
    """SECRET_KEY vs DJANGO_SECRET_KEY (a prefix), DATABASE_URI vs DATABASE_URL (a typo)."""
    if set_name == read_name:
        return False
    for prefix in PREFIXES:
        if prefix + set_name == read_name or prefix + read_name == set_name:
            return True
    if set_name.replace("_", "") == read_name.replace("_", ""):
        return True
    import difflib  # rarely reached: off the check path's imports

    return difflib.SequenceMatcher(None, set_name, read_name).ratio() >= 0.85


class ConfigVarUnread(Rule):
    """
    ## What it does
    With `--config-vars FILE`, reports a config var that nothing in production reads while a
    variable the code does read has a close name and is not set: `SECRET_KEY` set, the
    settings read `DJANGO_SECRET_KEY`; `DATABASE_URI` set, the code reads `DATABASE_URL`.

    ## Why it matters
    The deployment guide says `heroku config:set SECRET_KEY=...`, the settings read
    `DJANGO_SECRET_KEY`, and the dyno dies with a KeyError although "the key is set". The
    value sits under a name no code reads. Variables read by Heroku, the buildpack or
    Django itself (`DJANGO_SETTINGS_MODULE`, `DISABLE_COLLECTSTATIC`, `WEB_CONCURRENCY`) and
    those an add-on sets are never reported, and a set variable without a close read name is
    left alone (libraries such as sentry-sdk read their own variables).

    ## Fix safety
    No automatic fix. Rename the config var: `heroku config:set DJANGO_SECRET_KEY=...` then
    `heroku config:unset SECRET_KEY` (values are never printed, so the message cannot copy it).

    ## References
    - Heroku Dev Center: Configuration and Config Vars
    """

    code = "HK802"
    name = "config-var-unread"
    severity = "warning"
    summary = "a config var nothing reads, with a close name the settings do read"

    invalid = [
        example(
            config('"SECRET_KEY": "a-long-random-value"', DATABASE),
            expect=(("mysite/settings.py", 7),),
        ),
    ]
    valid = [
        example(config(SECRET, DATABASE, '"SENTRY_DSN": "https://key@sentry.example.com/1"')),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        config_vars = project.config_vars
        if config_vars is None:
            return
        variables = [v for v in project.env_variables if not v.presence_only]
        read_names = {variable.name for variable in project.env_variables}
        for name in config_vars:
            if name in read_names or name in CONSUMED_ELSEWHERE:
                continue
            if provided_by(name) is not None or addon_for(name) or name.startswith("HEROKU_"):
                continue
            target = self._closest(name, variables, config_vars.names)
            if target is None:
                continue
            read = first_read(target)
            yield self.finding(
                msg(
                    "{name} is set in {source} but nothing reads it, while {path}:{line} reads {name2}, "
                    "which is not set: did you mean {name2}? Set `heroku config:set {name2}=...` (the "
                    "same value) and `heroku config:unset {name}`.",
                    name=name,
                    source=config_vars.source,
                    path=read.path,
                    line=read.line,
                    name2=target.name,
                ),
                at_read(read),
            )

    @staticmethod
    def _closest(
        name: str, variables: list[EnvVariable], set_names: frozenset[str]
    ) -> Optional[EnvVariable]:
        for variable in variables:
            if variable.name not in set_names and close(name, variable.name):
                return variable
        return None
