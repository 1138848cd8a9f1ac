"""HK803 config-var-misparsed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..project.envreads import ERROR, EnvRead, EnvVariable, truth_of
from ..rule import Rule
from . import READY_SETTINGS, example
from ._config_vars import at_read
from .config_var_missing import DATABASE, SECRET, config

# The words a person writes to mean "off".
OFF_WORDS = frozenset({"false", "0", "no", "off", "n", "f"})
# dj-database-url 3.x's registered schemes (jazzband/dj-database-url, dj_database_url/__init__.py,
# the `register(...)` calls).
DJ_DATABASE_URL_SCHEMES = frozenset(
    {
        "postgres",
        "postgresql",
        "pgsql",
        "postgis",
        "redshift",
        "timescale",
        "timescalegis",
        "mysql",
        "mysql2",
        "mysqlgis",
        "mysql-connector",
        "sqlite",
        "spatialite",
        "oracle",
        "oraclegis",
        "mssql",
        "mssqlms",
        "cockroach",
    }
)
DB_URL_READERS = ("dj_database_url.config()", "values.DatabaseURLValue")
RAW_DEBUG = 'DEBUG = os.environ.get("DJANGO_DEBUG", "False")'


class ConfigVarMisparsed(Rule):
    """
    ## What it does
    With `--config-vars FILE`, checks each config var's value against the parse the code
    applies to it, and reports the ones it misreads or rejects (only the variable's name is
    shown, never its value):
    - a DEBUG-like flag set to an "off" word (`False`, `0`, `no`) that the parse reads as on:
      a raw string (`os.environ.get("DEBUG")`), `bool(...)` of one, a comparison with another
      word;
    - a value a boolean parser rejects (python-decouple, django-configurations,
      pydantic-settings, `strtobool` raise `ValueError` on `maybe`);
    - a non-integer (or non-number) for an `int`/`float` cast;
    - a `DATABASE_URL` whose scheme dj-database-url does not know (`UnknownSchemeError`);
    - an `ALLOWED_HOSTS` variable that splits to no host at all.

    ## Why it matters
    `heroku config:set DEBUG=False` is the guide's own step. Under
    `DEBUG = os.environ.get("DEBUG")` the string `"False"` is true: production runs in debug
    mode, showing tracebacks and settings to anyone. A rejected value crashes the settings
    on import, in the build and on every dyno; an empty host list makes Django answer every
    request with 400 Bad Request.

    ## Fix safety
    No automatic fix: change the value (`heroku config:set`) or the parse (HK402 fixes a
    raw DEBUG read).

    ## References
    - shared notes: which strings each library's booleans accept
    - jazzband/dj-database-url: registered schemes
    """

    code = "HK803"
    name = "config-var-misparsed"
    severity = "error"
    summary = "a config var value that the settings' own parse misreads or rejects"

    invalid = [
        example(
            {
                **config(SECRET, DATABASE, '"DJANGO_DEBUG": "False"'),
                "mysite/settings.py": READY_SETTINGS.replace(
                    'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"', RAW_DEBUG
                ),
            },
            expect=(("mysite/settings.py", 8),),
        ),
        example(
            config(SECRET, '"DATABASE_URL": "postgress://user:password@host:5432/db"'),
            expect=(("mysite/settings.py", 11),),
        ),
    ]
    valid = [
        example(config(SECRET, DATABASE, '"DJANGO_DEBUG": "False"')),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        config_vars = project.config_vars
        if config_vars is None:
            return
        registers = self._registers_schemes(project)
        for variable in project.env_variables:
            value = config_vars.value(variable.name)
            if value is None:
                continue
            for read in variable.reads:
                if read.presence or read.env is None:
                    continue
                problem = self._problem(variable, read, value, registers)
                if problem is not None:
                    yield self.finding(
                        msg(
                            "{name} (set in {source}) {problem}",
                            name=variable.name,
                            source=config_vars.source,
                            problem=problem,
                        ),
                        at_read(read),
                    )
                    break

    def _problem(
        self, variable: EnvVariable, read: EnvRead, value: str, registers: bool
    ) -> Optional[str]:
        where = f"{read.path}:{read.line} ({read.reader})"
        off_word = value.strip().lower() in OFF_WORDS
        if variable.debug_flag and off_word and truth_of(read, value) is True:
            return msg(
                "holds a word meaning off, but {where} reads any such string as true: {feeds} is on "
                "in production; convert the string (HK402), or unset the config var.",
                where=where,
                feeds=", ".join(read.feeds) or msg("the flag"),
            )
        if read.cast == "bool" and truth_of(read, value) == ERROR:
            return msg(
                "is not a boolean {where} accepts: the settings raise ValueError on import; set it "
                "to True or False.",
                where=where,
            )
        if read.cast in ("int", "float") and not _number(value, read.cast):
            return msg(
                "is not a valid {cast} for {where}: the settings raise ValueError on import; set a "
                "number.",
                cast=read.cast,
                where=where,
            )
        if read.cast == "url" and read.reader in DB_URL_READERS and not registers:
            scheme = value.split("://", 1)[0].lower() if "://" in value else ""
            if value and scheme not in DJ_DATABASE_URL_SCHEMES:
                return msg(
                    "is not a database URL dj-database-url knows (its scheme is unknown): {where} raises "
                    "UnknownSchemeError on import; attach Heroku Postgres (its DATABASE_URL starts "
                    "postgres://) or fix the URL.",
                    where=where,
                )
        hosts = "ALLOWED_HOSTS" in read.feeds and read.cast == "list"
        if hosts and not any(part.strip() for part in value.split(",")):
            return msg(
                "splits to no host at all for {where}: Django answers every request with 400 Bad "
                "Request; set the app's domains, comma-separated.",
                where=where,
            )
        return None

    @staticmethod
    def _registers_schemes(project: ProjectModel) -> bool:
        """`dj_database_url.register(...)` in the settings adds schemes: trust the URL."""
        settings = project.settings
        for _, relpath in settings.modules if settings else []:
            text = project.text(relpath)
            if text is not None and "register(" in text.text:
                return True
        return False


def _number(value: str, cast: str) -> bool:
    try:
        int(value) if cast == "int" else float(value)
    except ValueError:
        return False
    return True
