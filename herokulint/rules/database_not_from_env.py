"""HK601 database-not-from-env."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

import libcst as cst

from .. import codemods
from ..data import libraries
from ..edits import Edit
from ..findings import Finding, Fix
from ..i18n import msg
from ..project import ProjectModel
from ..project.pyeval import string_literal
from ..project.settings import ResolvedSetting
from ..project.values import Const, Env, Map, contains_env
from ..rule import Rule
from . import READY_SETTINGS, at_setting, example, hardcoded_severity
from ._buildpack import DOCKER_BUILD, new_import_fixable
from ._django import resolved_versions

DB_LINE = 'DATABASES = {"default": dj_database_url.config(conn_max_age=600)}'
SQLITE = """DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
    }
}"""
FROM_URL = "dj_database_url.config(conn_max_age=600, conn_health_checks=True)"
OLD_FROM_URL = "dj_database_url.config(conn_max_age=600)"  # dj-database-url < 1.2 or Django < 4.1
# startproject's settings, before any change: no dj_database_url import.
STARTPROJECT = """\
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# Database
# https://docs.djangoproject.com/en/5.2/ref/settings/#databases

DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.sqlite3',
        'NAME': BASE_DIR / 'db.sqlite3',  # next to manage.py
    }
}
"""
STARTPROJECT_FIXED = f"""\
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent

# Database
# https://docs.djangoproject.com/en/5.2/ref/settings/#databases

# next to manage.py
DATABASES = {{
    'default': {FROM_URL}
}}
"""


class DatabaseNotFromEnv(Rule):
    """
    ## What it does
    Checks that the production `DATABASES["default"]` comes from the environment
    (`DATABASE_URL` through dj-database-url, django-environ's `env.db()`, decouple with
    `cast=db_url`, or per-key environment reads) rather than a literal configuration.

    ## Why it matters
    A dyno's disk is ephemeral: a SQLite file is wiped at every deploy and daily restart, and
    each dyno has its own copy. A literal server address (`localhost`) does not exist on
    Heroku. A remote server written with its credentials (a Heroku Postgres host
    `ec2-….compute-1.amazonaws.com` and the password copied from the dashboard) publishes the
    password with the code, and Heroku rotates those credentials (maintenance, failover,
    `heroku pg:credentials:rotate`), which breaks the app until the code is changed.
    Heroku Postgres hands the app its address in the `DATABASE_URL` config var;
    Heroku's docs: "Your code should honor the DATABASE_URL environment variable".

    Every layout herokulint understands counts as "from the environment": django-environ's
    `env.db()`, decouple with `cast=db_url`, django-configurations' `values.DatabaseURLValue`,
    `django_heroku.settings(locals())`, and a literal SQLite database kept in a branch that
    dynos do not take (`if "DYNO" not in os.environ:`, as Heroku's getting-started app does).

    ## Fix safety
    Unsafe: `--fix --unsafe-fixes` replaces the literal `"default"` database with
    `dj_database_url.config(conn_max_age=600, conn_health_checks=True)` (Heroku's own
    settings; `conn_health_checks` only when the dj-database-url the build installs has it,
    1.2.0 or later, and Django is 4.1 or later: an older release pinned, or the 0.5.0 pip
    picks next to Django < 3.2, gets `conn_max_age=600` alone), adds `import dj_database_url` when missing, and keeps the comments that were
    inside the old dictionary above the statement; other databases stay as they are. Then
    HK205 (import-not-declared) reports the `dj-database-url` dependency and its fix declares
    it; HK605 asks for a Postgres driver. The fix is unsafe because the app then needs
    `DATABASE_URL`: on Heroku the Postgres add-on sets it, but a machine without it (a
    developer's, a CI job) no longer finds its SQLite or local database, and the data in
    the old database is not moved. A `DATABASES` that is not a plain literal assignment gets
    no fix, nor does a Docker build (`heroku.yml`): the dependency rules are skipped there,
    so nothing would add `dj-database-url` to the image, which would then crash on start.

    ## References
    - Heroku Dev Center: "Django and Settings Injection"
    - dj-database-url `config()`
    """

    code = "HK601"
    name = "database-not-from-env"
    severity = "error"
    summary = "production `DATABASES` is a literal configuration"
    fix_applicability = "unsafe"

    invalid = [
        example(
            settings=READY_SETTINGS.replace(DB_LINE, SQLITE),
            expect=(("mysite/settings.py", 11),),
            fixed={
                "mysite/settings.py": READY_SETTINGS.replace(
                    DB_LINE, f'DATABASES = {{\n    "default": {FROM_URL}\n}}'
                )
            },
        ),
        example(
            settings=READY_SETTINGS.replace(
                DB_LINE,
                'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", '
                '"NAME": "shop", "HOST": "localhost"}}',
            ),
            expect=(("mysite/settings.py", 11),),
            fixed={
                "mysite/settings.py": READY_SETTINGS.replace(
                    DB_LINE, f'DATABASES = {{"default": {FROM_URL}}}'
                )
            },
        ),
        example(
            settings=STARTPROJECT,
            expect=(("mysite/settings.py", 8),),
            note="import dj_database_url is added; the comment inside moves above",
            fixed={"mysite/settings.py": STARTPROJECT_FIXED},
        ),
        example(
            {
                "requirements.txt": "Django==3.2.25\ngunicorn==23.0.0\ndj-database-url==0.5.0\n"
                "psycopg2-binary==2.9.10\n"
            },
            settings=READY_SETTINGS.replace(DB_LINE, SQLITE),
            expect=(("mysite/settings.py", 11),),
            note="dj-database-url 0.5.0 has no conn_health_checks (it came in 1.2.0)",
            fixed={
                "mysite/settings.py": READY_SETTINGS.replace(
                    DB_LINE, f'DATABASES = {{\n    "default": {OLD_FROM_URL}\n}}'
                )
            },
        ),
        example(
            {"requirements.txt": "Django==3.0.14\ngunicorn==20.1.0\ndj-database-url\n"},
            settings=READY_SETTINGS.replace(DB_LINE, SQLITE),
            expect=(("mysite/settings.py", 11),),
            note="unpinned next to Django 3.0, pip installs dj-database-url 0.5.0 (1.0 needs "
            "Django > 3.2)",
            fixed={
                "mysite/settings.py": READY_SETTINGS.replace(
                    DB_LINE, f'DATABASES = {{\n    "default": {OLD_FROM_URL}\n}}'
                )
            },
        ),
        example(
            DOCKER_BUILD,
            settings=READY_SETTINGS.replace(DB_LINE, SQLITE),
            expect=(("mysite/settings.py", 11),),
            note="a Docker build: no fix, nothing would install dj-database-url in the image",
        ),
        example(
            settings=READY_SETTINGS.replace(
                DB_LINE,
                'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", '
                '"NAME": "d8k2j3h4g5", "USER": "uabcdefghij", "PASSWORD": "p0123456789abcdef", '
                '"HOST": "ec2-54-123-45-67.compute-1.amazonaws.com", "PORT": "5432"}}',
            ),
            expect=(("mysite/settings.py", 11),),
            note="credentials copied from the Heroku dashboard",
            fixed={
                "mysite/settings.py": READY_SETTINGS.replace(
                    DB_LINE, f'DATABASES = {{"default": {FROM_URL}}}'
                )
            },
        ),
        example(
            settings=READY_SETTINGS.replace(
                DB_LINE,
                'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", '
                '"NAME": os.environ.get("DB_NAME", "d8k2j3h4g5"), '
                '"PASSWORD": os.environ.get("DB_PASSWORD", "p0123456789abcdef"), '
                '"HOST": "ec2-54-123-45-67.compute-1.amazonaws.com"}}',
            ),
            expect=(("mysite/settings.py", 11),),
            note="a password as the fallback of a read is in the code too; no fix",
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
        if not isinstance(default, Map):
            return
        engine = default.get("ENGINE")
        kind = engine.value if isinstance(engine, Const) and isinstance(engine.value, str) else ""
        host = literal_text(default.get("HOST"))
        if is_remote(host) and literal_text(default.get("PASSWORD")):
            # Also when other keys (or these, through a fallback) are read from the
            # environment: the password is in the code either way.
            why = msg(
                "the server {host} with its password written in the code: the password is published "
                "with the code, and Heroku rotates these credentials",
                host=host,
            )
        elif contains_env(default):
            return
        elif kind.endswith("sqlite3"):
            why = msg(
                "a SQLite file: it lives on the dyno's ephemeral disk and is wiped at every restart"
            )
        elif is_remote(host):
            why = msg(
                "the fixed server {host}: Heroku Postgres rotates its credentials and hosts",
                host=host,
            )
        else:
            why = msg("a fixed server: it does not exist on Heroku")
        yield self.finding(
            msg(
                'DATABASES["default"] in {relpath} is {why}; read DATABASE_URL, e.g. '
                "`dj_database_url.config(conn_max_age=600, conn_health_checks=True)`.",
                relpath=setting.relpath,
                why=why,
            ),
            at_setting(setting),
            severity=hardcoded_severity(project, self.severity),
            fix=self.fix(project, setting),
        )

    @staticmethod
    def fix(project: ProjectModel, setting: ResolvedSetting) -> Optional[Fix]:
        """The literal "default" database becomes `dj_database_url.config(...)`, with the
        keywords the dj-database-url the build installs accepts."""
        old = default_literal(project, setting)
        value = setting.value
        default = value.get("default") if isinstance(value, Map) else None
        if old is None or not new_import_fixable(project) or contains_env(default or Map(())):
            return None
        call = config_call(project)

        def build() -> tuple[Edit, ...]:
            module = codemods.parsed(project, setting.relpath)
            new = codemods.rewrite(module, setting.node, old, codemods.expression(call, module))
            new = codemods.add_import(
                new,
                "import dj_database_url",
                "dj_database_url",
                first_party=[setting.relpath.split("/")[0]],
            )
            return (codemods.edit(project, setting.relpath, new),)

        return Fix(
            "unsafe", msg('Read DATABASES["default"] from DATABASE_URL: {call}', call=call), build
        )


def config_call(project: ProjectModel) -> str:
    """`dj_database_url.config(...)` with Heroku's keywords that the resolved dj-database-url
    accepts: conn_health_checks from 1.2.0 (and only for Django 4.1+, which added the
    setting), conn_max_age from 0.4.0. An unknown version gets conn_max_age only: every
    release of the last ten years takes it, and an unknown keyword would crash the import."""
    versions = resolved_versions(project)
    release, django = versions.dj_database_url, versions.django
    keywords = []
    if release is None or libraries.accepts(release, "conn_max_age"):
        keywords.append("conn_max_age=600")
    if (
        release is not None
        and libraries.accepts(release, "conn_health_checks")
        and django is not None
        and django >= (4, 1)
    ):
        keywords.append("conn_health_checks=True")
    return f"dj_database_url.config({', '.join(keywords)})"


# Hosts that name the developer's machine or a service of a local compose file, not a server
# a dyno can reach.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0", "host.docker.internal")


def literal_text(value: object) -> str:
    """A literal string, or the literal fallback of an environment read (`os.environ.get(
    "DB_PASSWORD", "s3cret")`); "" otherwise."""
    if isinstance(value, Env):
        value = value.default
    return value.value if isinstance(value, Const) and isinstance(value.value, str) else ""


def is_remote(host: str) -> bool:
    """A host name with a domain or a public-looking address (`ec2-54-1-2-3.compute-1.
    amazonaws.com`, `db.example.com`), not localhost or a bare compose service name (`db`)."""
    host = host.strip().lower()
    if not host or host in LOCAL_HOSTS or host.startswith(("127.", "/")) or "." not in host:
        return False
    return not host.endswith((".local", ".localhost", ".internal"))


def default_literal(project: ProjectModel, setting: ResolvedSetting) -> Optional[cst.Dict]:
    """The dict literal written for DATABASES["default"]: in `DATABASES = {"default": {...}}`
    or `DATABASES["default"] = {...}`, as one plain unconditional assignment."""
    node = setting.node
    if setting.conditional or not isinstance(node, cst.Assign) or len(node.targets) != 1:
        return None
    target, value = node.targets[0].target, node.value
    if isinstance(target, cst.Name) and target.value == "DATABASES" and isinstance(value, cst.Dict):
        found = [
            element.value
            for element in value.elements
            if isinstance(element, cst.DictElement) and string_literal(element.key) == "default"
        ]
        literal = found[-1] if len(found) == 1 else None
    elif (
        isinstance(target, cst.Subscript)
        and isinstance(target.value, cst.Name)
        and target.value.value == "DATABASES"
        and len(target.slice) == 1
        and isinstance(target.slice[0].slice, cst.Index)
        and string_literal(target.slice[0].slice.value) == "default"
    ):
        literal = value
    else:
        return None
    if not isinstance(literal, cst.Dict):
        return None
    result = project.python(setting.relpath)
    module = getattr(result, "module", None)
    if module is None or codemods.statement_of(module, node) is None:
        return None
    return literal
