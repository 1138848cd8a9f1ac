"""HK604 sqlite-fallback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..project.values import Const, Env, Unknown, Value
from ..rule import Rule
from . import READY_FILES, READY_SETTINGS, at_setting, example
from .database_url_misused import databases, with_db

POSTGRES_DRIVERS = ("psycopg", "psycopg2", "psycopg2-binary", "psycopg-binary", "psycopg-c")
SQLITE_DEFAULT = (
    '{"default": dj_database_url.config(default=f"sqlite:///{BASE_DIR / \'db.sqlite3\'}", '
    "conn_max_age=600)}"
)
NO_DRIVER = READY_FILES["requirements.txt"].replace("psycopg[binary]==3.2.12\n", "")


def is_sqlite(value: Optional[Value]) -> bool:
    if isinstance(value, Const) and isinstance(value.value, str):
        return value.value.startswith("sqlite")
    if isinstance(value, Unknown):
        return value.prefix.startswith("sqlite")
    if isinstance(value, Env):
        return is_sqlite(value.default)  # `default=os.environ.get("X", "sqlite:///...")`
    return False


class SqliteFallback(Rule):
    """
    ## What it does
    Reports a production database read from `DATABASE_URL` that falls back to SQLite when the
    variable is unset (`dj_database_url.config(default="sqlite:///...")`,
    `env.db(default="sqlite:///...")`, decouple's `default=` with `cast=db_url`).

    ## Why it matters
    If the Postgres add-on is missing or detached, the app does not fail: it quietly writes
    to a SQLite file on the dyno's ephemeral disk, which every restart and deploy wipes, and
    which each dyno has its own copy of. With no Postgres driver in the dependencies that is
    what production will do, and the finding is a **warning**. When a driver is declared
    (`psycopg`, `psycopg2`), the project is evidently set up for Heroku Postgres and the
    fallback serves local development (it also lets the first build's collectstatic run
    before the database exists), so the finding is only **info**. Heroku's getting-started
    app keeps SQLite in a branch that dynos never take, which is not reported.

    ## Fix safety
    No automatic fix: drop the default (`dj_database_url.config()` returns `{}` when the
    variable is unset, so the build still passes and the app fails loudly), or move SQLite to
    a local-only branch.

    ## References
    - Heroku Dev Center: "Heroku Postgres", "Dynos and the Dyno Manager" (ephemeral filesystem)
    - dj-database-url `config(default=...)`
    """

    code = "HK604"
    name = "sqlite-fallback"
    severity = "warning"
    summary = "the environment-based database falls back to SQLite when `DATABASE_URL` is unset"

    invalid = [
        example(
            {"requirements.txt": NO_DRIVER},
            settings=with_db(SQLITE_DEFAULT),
            expect=(("mysite/settings.py", 11),),
        ),
        example(
            settings=with_db(SQLITE_DEFAULT),
            expect=(("mysite/settings.py", 11),),
            note="reported as info: a Postgres driver is declared",
        ),
    ]
    valid = [
        example(settings=READY_SETTINGS),
        example(
            settings=READY_SETTINGS
            + 'if "DYNO" not in os.environ:\n'
            + '    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", '
            + '"NAME": BASE_DIR / "db.sqlite3"}}\n',
            note="SQLite only where no dyno runs",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        settings = project.settings
        setting = settings.get("DATABASES") if settings else None
        if setting is None:
            return
        for alias, db in databases(setting.value):
            if not is_sqlite(db.default):
                continue
            deps = project.dependencies
            driver = deps.declares(*POSTGRES_DRIVERS)
            severity = "warning" if deps.complete and not driver else "info"
            why = (
                msg("and no Postgres driver is declared, so that is what production uses")
                if severity == "warning"
                else msg("if the Postgres add-on is ever missing")
            )
            yield self.finding(
                msg(
                    'DATABASES["{alias}"] in {relpath} falls back to SQLite when {var} is unset, {why}: '
                    "data on a dyno's disk is lost at every restart; drop the default so a missing "
                    "database fails loudly.",
                    alias=alias,
                    relpath=setting.relpath,
                    var=db.var or "DATABASE_URL",
                    why=why,
                ),
                at_setting(setting),
                severity=severity,
            )
