"""HK206 postgres-driver-missing."""

from __future__ import annotations

from collections.abc import Iterator

from ..data.import_names import MYSQL_DRIVERS, POSTGRES_DRIVERS
from ..findings import Finding
from ..project import ProjectModel
from ..project.values import Env, Map
from ..rule import Rule
from . import at_setting, example
from ._buildpack import buildpack_skipped, manifest_name

# Drivers for other databases a DATABASE_URL could name: with one declared, stay silent.
OTHER_DRIVERS = (*MYSQL_DRIVERS, "oracledb", "cx-oracle", "mssql-django", "django-cockroachdb")


class PostgresDriverMissing(Rule):
    """
    ## What it does
    Checks that a PostgreSQL driver (`psycopg`, `psycopg2` or `psycopg2-binary`) is installed
    when the production `DATABASES` come from `DATABASE_URL` (`dj_database_url.config()`,
    django-environ's `env.db()`, `config("DATABASE_URL", cast=db_url)`).

    ## Why it matters
    Heroku Postgres sets `DATABASE_URL` to a `postgres://` URL, and Django loads the driver
    when the first connection opens: without one, migrations and every request that touches the
    database fail with `ImproperlyConfigured: Error loading psycopg2 or psycopg module`.

    ## Fix safety
    No automatic fix yet; a future unsafe fix adds `psycopg[binary]`.

    ## References
    - Heroku Dev Center: "Connecting to Heroku Postgres" (Python)
    - Django: "PostgreSQL notes" (psycopg or psycopg2 is required)
    """

    code = "HK206"
    name = "postgres-driver-missing"
    severity = "error"
    summary = "`DATABASE_URL` is used but no PostgreSQL driver is declared"

    invalid = [
        example(
            {"requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\ndj-database-url==3.0.1\n"},
            expect=(("mysite/settings.py", 11),),
        )
    ]
    valid = [
        example(),
        example(
            {
                "requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\ndj-database-url==3.0.1\npsycopg2-binary==2.9.10\n"
            }
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        deps = project.dependencies
        settings = project.settings
        if settings is None or not deps.complete or buildpack_skipped(project):
            return
        setting = settings.get("DATABASES")
        if setting is None or not isinstance(setting.value, Map):
            return
        from_url = any(
            isinstance(value, Env) and value.type == "db" and value.var == "DATABASE_URL"
            for _, value in setting.value.items
        )
        if not from_url or deps.declares(*POSTGRES_DRIVERS, *OTHER_DRIVERS):
            return
        manifest = manifest_name(project)
        elsewhere = [d for name in POSTGRES_DRIVERS for d in deps.only_in_other_groups(name)]
        where = (
            f" ({elsewhere[0].name} is only in a group Heroku does not install)"
            if elsewhere
            else ""
        )
        yield self.finding(
            "DATABASES comes from DATABASE_URL (Heroku Postgres), but no PostgreSQL driver is "
            f'installed{where}: every database connection fails with "Error loading psycopg2 '
            f'or psycopg module"; add `psycopg[binary]` to {manifest}.',
            at_setting(setting),
        )
