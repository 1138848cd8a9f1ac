"""HK602 database-url-misused."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

import libcst as cst

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..project.pyeval import dotted
from ..project.settings import ResolvedSetting
from ..project.values import Env, Map, Value
from ..rule import Location, Rule
from . import READY_SETTINGS, at_setting, example
from ._buildpack import buildpack_skipped

DB_LINE = 'DATABASES = {"default": dj_database_url.config(conn_max_age=600)}'


def with_db(expression: str) -> str:
    return READY_SETTINGS.replace(DB_LINE, f"DATABASES = {expression}")


def strict_environ(node: Optional[cst.BaseExpression]) -> bool:
    """`os.environ["X"]`, written right there."""
    return isinstance(node, cst.Subscript) and (dotted(node.value) or "").endswith("environ")


def url_argument(call: object) -> Optional[cst.BaseExpression]:
    """The URL a dj-database-url call is given: parse's first argument, config's default."""
    if not isinstance(call, cst.Call):
        return None
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value in ("url", "default"):
            return arg.value
    positional = [arg.value for arg in call.args if arg.keyword is None]
    name = dotted(call.func) or ""
    if name.endswith("parse") and positional:
        return positional[0]
    if name.endswith("config") and len(positional) > 1:
        return positional[1]
    return None


def databases(value: Value) -> list[tuple[str, Env]]:
    if not isinstance(value, Map):
        return []
    return [
        (str(getattr(key, "value", "?")), item)
        for key, item in value.items
        if isinstance(item, Env) and item.type == "db"
    ]


class DatabaseUrlMisused(Rule):
    """
    ## What it does
    Checks for the ways `DATABASE_URL` is read that break on Heroku:
    `dj_database_url.config("postgres://...")` (the first argument is the *name* of the
    variable), `dj_database_url.parse(os.environ.get("DATABASE_URL"))` with no fallback, and
    `os.environ["DATABASE_URL"]` read unconditionally when the settings are imported. Also
    `if "DATABASE_URL" and "OTHER" in os.environ:`, which tests only `OTHER`.

    ## Why it matters
    `config("postgres://...")` looks up an environment variable of that name, finds none and
    returns `{}`: the first query fails with "settings.DATABASES is improperly configured.
    Please supply the ENGINE value." The strict reads crash at import (`KeyError`,
    `UnknownSchemeError` for `parse(None)`) whenever the variable is unset, and it is unset
    during an app's first build: collectstatic imports the settings before the Postgres
    add-on exists, and the push fails with "Error: Unable to generate Django static files."
    `dj_database_url.config()` returns `{}` instead and lets the build pass. (django-environ's
    `env.db()` and decouple's strict reads fail the same way, but say so plainly: "Set the
    DATABASE_URL environment variable"; they are not reported.) A Docker build (`heroku.yml`)
    runs no buildpack collectstatic: there the strict reads are not reported, since the
    dynos have the add-on's `DATABASE_URL` and the Dockerfile sets what its own build needs.

    ## Fix safety
    No automatic fix: use `dj_database_url.config(conn_max_age=600, conn_health_checks=True)`,
    which reads `DATABASE_URL` itself.

    ## References
    - dj-database-url `config(env=DEFAULT_ENV, default=None, ...)`, `parse()`
    - heroku-buildpack-python `bin/release` (Postgres is provisioned after the first build)
    """

    code = "HK602"
    name = "database-url-misused"
    severity = "error"
    summary = "`DATABASE_URL` read in a way that breaks on Heroku (`config(url)`, strict reads)"

    invalid = [
        example(
            settings=with_db('{"default": dj_database_url.config("postgres://localhost/shop")}'),
            expect=(("mysite/settings.py", 11),),
        ),
        example(
            settings=with_db('{"default": dj_database_url.parse(os.environ.get("DATABASE_URL"))}'),
            expect=(("mysite/settings.py", 11),),
        ),
        example(
            settings=with_db('{"default": dj_database_url.parse(os.environ["DATABASE_URL"])}'),
            expect=(("mysite/settings.py", 11),),
        ),
        example(
            settings=READY_SETTINGS
            + 'if "DATABASE_URL" and "POSTGIS_URL" in os.environ:\n'
            + '    DATABASES = {"default": dj_database_url.config(env="POSTGIS_URL")}\n',
            expect=(("mysite/settings.py", 14),),
        ),
    ]
    valid = [
        example(settings=READY_SETTINGS),
        example(
            settings=with_db(
                '{"default": dj_database_url.config(default="postgres://localhost/shop")}'
            )
        ),
        example(
            settings=READY_SETTINGS
            + 'if "DATABASE_URL" in os.environ:\n'
            + '    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}\n',
            note="guarded by a test for the variable",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        settings = project.settings
        if settings is None:
            return
        first_build = not buildpack_skipped(project)
        for setting in settings.values.values():
            yield from self.check_setting(setting, first_build)
        for test in settings.constant_tests:
            if "DATABASE" in test.literal.upper() or test.literal.upper().endswith("_URL"):
                yield self.finding(
                    msg(
                        "`{code}` in {relpath} does not test {literal!r}: a non-empty string is always true, "
                        "so only the other part counts; write `{literal!r} in os.environ and ...`.",
                        code=test.code,
                        relpath=test.relpath,
                        literal=test.literal,
                    ),
                    Location(test.relpath, test.line),
                )

    def check_setting(self, setting: ResolvedSetting, first_build: bool) -> Iterator[Finding]:
        """`first_build`: the buildpack's first build imports the settings without DATABASE_URL."""
        value = setting.value
        where = f"{setting.name} in {setting.relpath}"
        if setting.conditional:
            return  # a branch on the variable guards the read
        if (
            first_build
            and isinstance(value, Env)
            and value.var == "DATABASE_URL"
            and value.reader == "os.environ"
            and value.required
        ):
            yield self.finding(
                msg(
                    "{where} reads os.environ['DATABASE_URL'] at import: the first build's collectstatic "
                    "runs before Postgres exists and fails with KeyError; use "
                    '`os.environ.get("DATABASE_URL")` or `dj_database_url.config()`.',
                    where=where,
                ),
                at_setting(setting),
            )
            return
        for alias, db in databases(value) if setting.name == "DATABASES" else []:
            problem = self.problem(db, first_build)
            if problem:
                yield self.finding(
                    msg(
                        'DATABASES["{alias}"] in {relpath} {problem}',
                        alias=alias,
                        relpath=setting.relpath,
                        problem=problem,
                    ),
                    at_setting(setting),
                )

    @staticmethod
    def problem(db: Env, first_build: bool) -> Optional[str]:
        if db.var and "://" in db.var:
            return msg(
                "passes a URL as dj_database_url.config()'s first argument, which is the name of the "
                "variable to read: it reads nothing and returns {{}}; write "
                "`config(default={var!r})`.",
                var=db.var,
            )
        if not first_build:
            return None
        if db.crashes_when_unset:
            return msg(
                "parses a variable read with no fallback: parse(None) raises UnknownSchemeError "
                "whenever it is unset, as in the first build; use `dj_database_url.config()`."
            )
        if db.required and strict_environ(url_argument(db.call)):
            return msg(
                "reads os.environ['DATABASE_URL'] at import: the first build's collectstatic runs "
                "before Postgres exists and fails with KeyError; use `dj_database_url.config()`."
            )
        return None
