"""HK603 database-conn-max-age-missing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

import libcst as cst

from .. import codemods
from ..data import libraries
from ..edits import Edit, FixError
from ..findings import Finding, Fix
from ..i18n import msg
from ..project import ProjectModel
from ..project.pysource import ParsedModule
from ..project.settings import ResolvedSetting
from ..rule import Rule
from . import READY_SETTINGS, at_setting, example
from ._django import resolved_versions
from .database_url_misused import DB_LINE, databases, with_db

READERS = ("dj_database_url.config", "dj_database_url.parse")
MULTILINE = """{{
    "default": dj_database_url.config(
        conn_health_checks=True,  # Django 4.1+
        ssl_require=True,
{})
}}"""


class DatabaseConnMaxAgeMissing(Rule):
    """
    ## What it does
    Reports a `dj_database_url.config()` or `parse()` call without `conn_max_age`, when no
    later `DATABASES["default"]["CONN_MAX_AGE"] = ...` sets it.

    ## Why it matters
    dj-database-url's default is `conn_max_age=0`: Django opens a new connection to Postgres
    for every request, which adds latency (TLS to Heroku Postgres included) and uses up the
    plan's connection limit under load. Heroku's Django guide and getting-started app use
    `dj_database_url.config(conn_max_age=600, conn_health_checks=True, ssl_require=True)`.
    Advice only: the app works without it.

    ## Fix safety
    Unsafe: `--fix --unsafe-fixes` adds `conn_max_age=600` after the call's last argument, keeping the other
    arguments and their layout (one per line stays one per line). Django then keeps each
    connection open for up to ten minutes, the setting of Heroku's own Django settings;
    nothing else changes (`conn_health_checks=True`, which checks a reused connection
    before each request on Django 4.1+, is advised but left to you). A call that spreads
    `**options`, or a `DATABASES` set under a condition, gets no fix, nor does a
    dj-database-url older than 0.4.0, whose `config()` has no `conn_max_age`. It is unsafe
    because persistent connections change how many connections the app holds: every
    gunicorn worker and thread keeps one open, which can exceed a small Heroku Postgres
    plan's connection limit, and under ASGI Django cannot reuse them.

    ## References
    - dj-database-url `config()`; Django: "Persistent connections"
    - heroku/python-getting-started `gettingstarted/settings.py`
    """

    code = "HK603"
    name = "database-conn-max-age-missing"
    severity = "info"
    summary = "`dj_database_url.config()` without `conn_max_age`"
    fix_applicability = "unsafe"

    invalid = [
        example(
            settings=with_db('{"default": dj_database_url.config()}'),
            expect=(("mysite/settings.py", 11),),
            fixed={"mysite/settings.py": READY_SETTINGS},
        ),
        example(
            settings=with_db(MULTILINE.format("")),
            expect=(("mysite/settings.py", 11),),
            fixed={"mysite/settings.py": with_db(MULTILINE.format("        conn_max_age=600,\n"))},
        ),
        example(
            settings=with_db(
                '{"default": dj_database_url.parse(os.environ["DATABASE_URL"], ssl_require=True)}'
            ),
            expect=(("mysite/settings.py", 11),),
            fixed={
                "mysite/settings.py": with_db(
                    '{"default": dj_database_url.parse(os.environ["DATABASE_URL"], '
                    "ssl_require=True, conn_max_age=600)}"
                )
            },
        ),
    ]
    valid = [
        example(settings=READY_SETTINGS),
        example(
            settings=READY_SETTINGS.replace(
                DB_LINE, 'DATABASES = {"default": dj_database_url.config()}'
            )
            + 'DATABASES["default"]["CONN_MAX_AGE"] = 600\n'
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        settings = project.settings
        setting = settings.get("DATABASES") if settings else None
        if setting is None:
            return
        for alias, db in databases(setting.value):
            if db.reader not in READERS or "CONN_MAX_AGE" in db.keys:
                continue
            call = db.call
            if (
                not isinstance(call, cst.Call)
                or any(
                    arg.keyword is not None and arg.keyword.value == "conn_max_age"
                    for arg in call.args
                )
                or any(arg.star for arg in call.args)
            ):
                continue
            yield self.finding(
                msg(
                    'DATABASES["{alias}"] in {relpath} opens a new database connection for every '
                    "request; add `conn_max_age=600, conn_health_checks=True` to {rsplit}().",
                    alias=alias,
                    relpath=setting.relpath,
                    rsplit=db.reader.rsplit(".", 1)[-1],
                ),
                at_setting(setting),
                fix=None if setting.conditional else self.fix(project, setting, call),
            )

    @staticmethod
    def fix(project: ProjectModel, setting: ResolvedSetting, call: cst.Call) -> Optional[Fix]:
        """`conn_max_age=600` after the call's last argument."""
        settings = project.settings
        if settings is None or not codemods.layout_supported(call):
            return None
        release = resolved_versions(project).dj_database_url
        if release is not None and not libraries.accepts(release, "conn_max_age"):
            return None
        relpaths = [
            setting.relpath,
            *(path for _, path in settings.modules if path != setting.relpath),
        ]

        def build() -> tuple[Edit, ...]:
            for relpath in relpaths:  # the call is where the database was read: usually here
                result = project.python(relpath)
                if not isinstance(result, ParsedModule):
                    continue
                module = result.module
                anchor = codemods.containing_statement(module, call)
                if anchor is None:
                    continue
                added = codemods.arguments("conn_max_age=600", module)
                new_call = codemods.rearrange(call, [*range(len(call.args)), *added])
                new = codemods.rewrite(module, anchor, call, new_call)
                return (codemods.edit(project, relpath, new),)
            raise FixError(msg("the dj_database_url call was not found"))

        return Fix("unsafe", msg("Add conn_max_age=600"), build)
