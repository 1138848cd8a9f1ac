"""HK801 config-var-missing."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Rule
from . import example
from ._config_vars import at_read, consequence, first_read, fix_command

DATABASE = '"DATABASE_URL": "postgres://user:password@host.example.com:5432/db"'
SECRET = '"DJANGO_SECRET_KEY": "a-long-random-value-set-with-heroku-config-set"'


def config(*entries: str) -> dict[str, str]:
    return {"config-vars.json": "{\n  " + ",\n  ".join(entries) + "\n}\n"}


class ConfigVarMissing(Rule):
    """
    ## What it does
    With `--config-vars FILE` (the output of `heroku config --json` or `heroku config
    --shell`), checks that every variable production reads without a default is set: in the
    settings chain, wsgi.py/asgi.py/manage.py, a gunicorn config file. Variables the
    platform sets (`PORT`, `DYNO`, `WEB_CONCURRENCY`) do not count; variables an add-on sets
    (`DATABASE_URL`, `REDIS_URL`) do, since `heroku config` lists them once the add-on is
    attached. A read inside a branch production may not take is left alone.

    ## Why it matters
    Config vars are the only environment a dyno has. `os.environ["DJANGO_SECRET_KEY"]` with
    the variable unset raises `KeyError` on import: the build's collectstatic fails, and each
    dyno crashes at boot. django-environ raises `ImproperlyConfigured: Set the X environment
    variable`, python-decouple `UndefinedValueError: X not found`, django-configurations
    `ValueError: Value 'X' is required to be set as the environment variable 'DJANGO_X'`,
    pydantic-settings `ValidationError ... Field required`. `dj_database_url.config()` does
    not raise: it returns `{}`, Django falls back to its dummy backend, and the release's
    `migrate` fails with "settings.DATABASES is improperly configured". The message names the
    exception and the command that fixes it. Without `--config-vars` this rule says nothing.

    ## Fix safety
    No automatic fix: herokulint never calls the Heroku CLI. The message gives the exact
    `heroku config:set` (a secret generated on your machine) or `heroku addons:create`.

    ## References
    - Heroku Dev Center: Configuration and Config Vars
    - `herokulint env --output-format shell` prints every command at once
    """

    code = "HK801"
    name = "config-var-missing"
    severity = "error"
    summary = "a variable production requires is not among the app's config vars"

    invalid = [
        example(config(DATABASE), expect=(("mysite/settings.py", 7),)),
        example(config(SECRET), expect=(("mysite/settings.py", 11),)),
    ]
    valid = [
        example(config(SECRET, DATABASE)),
        example(
            note="without --config-vars the rule is silent",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        config_vars = project.config_vars
        if config_vars is None:
            return
        for variable in project.env_variables:
            if not variable.required or variable.name in config_vars:
                continue
            if variable.provided_by is not None and variable.addon is None:
                continue  # PORT, DYNO, WEB_CONCURRENCY: the platform sets them
            read = first_read(variable, required=True)
            yield self.finding(
                msg(
                    "{name} is not set in {source}, and {path}:{line} reads it with no default "
                    "({reader}): {consequence}; run `{fix_command}`.",
                    name=variable.name,
                    source=config_vars.source,
                    path=read.path,
                    line=read.line,
                    reader=read.reader,
                    consequence=consequence(variable.fails_with, variable.name),
                    fix_command=fix_command(variable),
                ),
                at_read(read),
            )
