"""HK601 database-not-from-env."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..project import ProjectModel
from ..project.values import Const, Map, contains_env
from ..rule import Rule
from . import READY_SETTINGS, at_setting, example, hardcoded_severity

DB_LINE = 'DATABASES = {"default": dj_database_url.config(conn_max_age=600)}'
SQLITE = """DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
    }
}"""


class DatabaseNotFromEnv(Rule):
    """
    ## What it does
    Checks that the production `DATABASES["default"]` comes from the environment
    (`DATABASE_URL` through dj-database-url, django-environ's `env.db()`, decouple with
    `cast=db_url`, or per-key environment reads) rather than a literal configuration.

    ## Why it matters
    A dyno's disk is ephemeral: a SQLite file is wiped at every deploy and daily restart, and
    each dyno has its own copy. A literal server address (`localhost`) does not exist on
    Heroku. Heroku Postgres hands the app its address in the `DATABASE_URL` config var;
    Heroku's docs: "Your code should honor the DATABASE_URL environment variable".

    Every layout herokulint understands counts as "from the environment": django-environ's
    `env.db()`, decouple with `cast=db_url`, django-configurations' `values.DatabaseURLValue`,
    `django_heroku.settings(locals())`, and a literal SQLite database kept in a branch that
    dynos do not take (`if "DYNO" not in os.environ:`, as Heroku's getting-started app does).

    ## Fix safety
    No automatic fix yet: `DATABASES = {"default": dj_database_url.config(conn_max_age=600,
    conn_health_checks=True)}` with `dj-database-url` and a Postgres driver installed.

    ## References
    - Heroku Dev Center: "Django and Settings Injection"
    - dj-database-url `config()`
    """

    code = "HK601"
    name = "database-not-from-env"
    severity = "error"
    summary = "production `DATABASES` is a literal configuration"

    invalid = [
        example(
            settings=READY_SETTINGS.replace(DB_LINE, SQLITE), expect=(("mysite/settings.py", 11),)
        ),
        example(
            settings=READY_SETTINGS.replace(
                DB_LINE,
                'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", '
                '"NAME": "shop", "HOST": "localhost"}}',
            ),
            expect=(("mysite/settings.py", 11),),
        ),
    ]
    valid = [
        example(settings=READY_SETTINGS),
        example(
            settings=READY_SETTINGS.replace(
                DB_LINE,
                'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", '
                '"NAME": os.environ["DB_NAME"], "HOST": os.environ["DB_HOST"]}}',
            )
        ),
        example(
            settings=READY_SETTINGS.replace(DB_LINE, SQLITE)
            + 'DATABASES["default"] = dj_database_url.config(conn_max_age=600)\n'
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        settings = project.settings
        setting = settings.get("DATABASES") if settings else None
        if setting is None or not isinstance(setting.value, Map):
            return
        default = setting.value.get("default")
        if not isinstance(default, Map) or contains_env(default):
            return
        engine = default.get("ENGINE")
        kind = engine.value if isinstance(engine, Const) and isinstance(engine.value, str) else ""
        if kind.endswith("sqlite3"):
            why = (
                "a SQLite file: it lives on the dyno's ephemeral disk and is wiped at every restart"
            )
        else:
            why = "a fixed server: it does not exist on Heroku"
        yield self.finding(
            f'DATABASES["default"] in {setting.relpath} is {why}; read DATABASE_URL, e.g. '
            "`dj_database_url.config(conn_max_age=600, conn_health_checks=True)`.",
            at_setting(setting),
            severity=hardcoded_severity(project, self.severity),
        )
