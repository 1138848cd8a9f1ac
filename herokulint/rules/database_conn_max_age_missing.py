"""HK603 database-conn-max-age-missing."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from ..findings import Finding
from ..project import ProjectModel
from ..rule import Rule
from . import READY_SETTINGS, at_setting, example
from .database_url_misused import DB_LINE, databases, with_db

READERS = ("dj_database_url.config", "dj_database_url.parse")


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
    No automatic fix yet: add `conn_max_age=600, conn_health_checks=True`.

    ## References
    - dj-database-url `config()`; Django: "Persistent connections"
    - heroku/python-getting-started `gettingstarted/settings.py`
    """

    code = "HK603"
    name = "database-conn-max-age-missing"
    severity = "info"
    summary = "`dj_database_url.config()` without `conn_max_age`"

    invalid = [
        example(
            settings=with_db('{"default": dj_database_url.config()}'),
            expect=(("mysite/settings.py", 11),),
        )
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
                f'DATABASES["{alias}"] in {setting.relpath} opens a new database connection for '
                "every request; add `conn_max_age=600, conn_health_checks=True` to "
                f"{db.reader.rsplit('.', 1)[-1]}().",
                at_setting(setting),
            )
