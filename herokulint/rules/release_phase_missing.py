"""HK110 release-phase-missing."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from typing import Optional

from ..data.import_names import MYSQL_DRIVERS, POSTGRES_DRIVERS
from ..edits import Edit, FixError
from ..findings import Finding, Fix
from ..i18n import msg
from ..project import ProjectModel
from ..project.values import Const, Env, Map
from ..rule import Location, Rule
from ..textedits import append_line, replace_in_line
from . import READY_SETTINGS, example, installed_apps, runs_manage_command

# A Procfile line such as `# release: python manage.py migrate` (Heroku's getting-started app
# ships one, "uncomment if you use a database").
_COMMENTED_RELEASE = re.compile(r"^[ \t]*#+[ \t]*(release[ \t]*:.*\S)[ \t]*\r?$", re.M)
# The classic buildpack runs bin/pre_compile and bin/post_compile around the build
# (heroku/heroku-buildpack-python bin/compile, "hooks").
BUILD_HOOKS = ("bin/post_compile", "bin/pre_compile")


def commented_release(project: ProjectModel) -> Optional[tuple[int, str]]:
    """(line, command) of a commented-out `release:` line of the Procfile, or None."""
    file = project.text("Procfile")
    match = _COMMENTED_RELEASE.search(file.text) if file is not None else None
    if match is None or file is None:
        return None
    return file.text.count("\n", 0, match.start()) + 1, match.group(1)


def build_hook_migrating(project: ProjectModel) -> bool:
    """True when a build hook runs `manage.py migrate` (it migrates at every build)."""
    for relpath in BUILD_HOOKS:
        file = project.text(relpath)
        if file is None:
            continue
        for line in file.text.splitlines():
            code = line.split("#", 1)[0]
            if "manage.py" in code and re.search(r"\bmigrate\b", code):
                return True
    return False


def production_database(project: ProjectModel) -> bool:
    """True when the project shows a database in production: a database driver declared and
    DATABASE_URL read without a default (with a default, the app also runs without one), and
    no commented-out release line. Else adding a release phase is a guess: a migrate that
    fails for want of a database blocks every deploy."""
    deps = project.dependencies
    if not deps.complete or not deps.declares(*POSTGRES_DRIVERS, *MYSQL_DRIVERS):
        return False
    if commented_release(project) is not None:
        return False
    settings = project.settings
    setting = settings.get("DATABASES") if settings else None
    if setting is None or not isinstance(setting.value, Map):
        return False
    default = setting.value.get("default")
    return (
        isinstance(default, Env)
        and default.type == "db"
        and default.var == "DATABASE_URL"
        and default.default is None
    )


# Django's own apps that ship migrations (their tables must exist before first use).
CONTRIB_WITH_MIGRATIONS = {
    f"django.contrib.{app}"
    for app in ("admin", "auth", "contenttypes", "sessions", "sites", "flatpages", "redirects")
}

WITH_AUTH = READY_SETTINGS.replace(
    '["django.contrib.staticfiles"]',
    '["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.staticfiles"]',
)


class ReleasePhaseMissing(Rule):
    """
    ## What it does
    Checks that a project with migrations to apply (its own apps' or `django.contrib`'s) and a
    database runs them in Heroku's release phase: a `release:` process running
    `manage.py migrate`.

    ## Why it matters
    Nothing applies migrations on Heroku by itself: without them the first query fails with
    `ProgrammingError: relation "..." does not exist`. The release phase runs once per deploy,
    before the new code serves requests, and stops a bad deploy: "If a release phase task
    fails, the new release is not deployed". Heroku's docs give exactly this line:
    `release: python manage.py migrate`. Running `heroku run python manage.py migrate` by hand
    works too, which is why this is only advice.

    A `release:` line that is commented out (`# release: python manage.py migrate`, as in
    apps that run without a database until one is attached) is reported at that line. A
    build hook that already migrates (`bin/post_compile` or `bin/pre_compile` running
    `manage.py migrate`) silences the rule.

    ## Fix safety
    Safe when the project shows a production database (a Postgres or MySQL driver declared,
    `DATABASE_URL` read without a default): `--fix` adds the line `release: python manage.py
    migrate --noinput` at the end of the Procfile (with the path of `manage.py` when it is
    below the app root), in the file's line-ending style. It changes no existing process:
    every deploy then applies the migrations before the new release starts, as Heroku's
    Django guide does, and a failing migration stops the deploy instead of breaking the
    running app. Unsafe otherwise (no driver, a `DATABASE_URL` with a SQLite default, a
    commented-out release line): an app without a database would fail its release phase, and
    a failing release phase blocks every deploy. A commented-out release line is uncommented,
    also unsafe.

    ## References
    - Heroku Dev Center: "Release Phase"
    - Django: "Migrations"
    """

    code = "HK110"
    name = "release-phase-missing"
    severity = "info"
    summary = "the project has migrations but no `release: python manage.py migrate`"
    fix_applicability = "mixed"

    invalid = [
        example(
            settings=WITH_AUTH,
            expect=(("Procfile", 1),),
            fixed={
                "Procfile": "web: gunicorn mysite.wsgi\nrelease: python manage.py migrate --noinput\n"
            },
        ),
        example(
            {"Procfile": "# processes\nweb: gunicorn mysite.wsgi\nworker: celery -A mysite worker"},
            settings=WITH_AUTH,
            expect=(("Procfile", 2),),
            fixed={
                "Procfile": "# processes\nweb: gunicorn mysite.wsgi\nworker: celery -A mysite worker\n"
                "release: python manage.py migrate --noinput\n"
            },
        ),
        example(
            {
                "Procfile": "web: gunicorn mysite.wsgi\n# Uncomment once a database is attached:\n"
                "# release: python manage.py migrate --noinput\n",
                "requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\ndj-database-url==3.0.1\n"
                "#psycopg[binary]==3.2.12\n",
            },
            settings=WITH_AUTH,
            expect=(("Procfile", 3),),
            note="the release line is commented out: unsafe, the fix uncomments it",
            fixed={
                "Procfile": "web: gunicorn mysite.wsgi\n# Uncomment once a database is attached:\n"
                "release: python manage.py migrate --noinput\n"
            },
        ),
    ]
    valid = [
        example(
            {
                "bin/post_compile": "#!/usr/bin/env bash\nset -e\npython manage.py migrate --noinput\n"
            },
            settings=WITH_AUTH,
            note="bin/post_compile migrates at every build",
        ),
        example(
            {
                "Procfile": "web: gunicorn mysite.wsgi\nrelease: python manage.py migrate "
                "--noinput\n",
            },
            settings=WITH_AUTH,
        ),
        example(note="only django.contrib.staticfiles: no tables to create"),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        procfile = project.procfile
        if procfile is None or procfile.web is None or procfile.get("release") is not None:
            return
        if runs_manage_command(procfile.web.argv, "migrate"):
            return  # HK109 says where migrate belongs
        if build_hook_migrating(project):
            return  # bin/post_compile already migrates at every build
        app = self.app_with_migrations(project)
        if app is None or not self.has_database(project):
            return
        commented = commented_release(project)
        if commented is not None:
            number, command = commented
            yield self.finding(
                msg(
                    "The Procfile's release line is commented out (`{command}`): nothing applies the "
                    "migrations (e.g. of {app}) on Heroku; uncomment it once the app has a production "
                    "database.",
                    command=command,
                    app=app,
                ),
                Location("Procfile", number),
                fix=self.uncomment_fix(project, number, command),
            )
            return
        yield self.finding(
            msg(
                "Nothing applies the migrations (e.g. of {app}) on Heroku: the first query fails "
                "until they run; add `release: python manage.py migrate --noinput` to the Procfile.",
                app=app,
            ),
            Location("Procfile", procfile.web.line, procfile.web.column),
            fix=self.fix(project),
        )

    @staticmethod
    def fix(project: ProjectModel) -> Optional[Fix]:
        manage = project.manage_py
        if manage is None:
            return None
        line = msg("release: python {quote} migrate --noinput", quote=shlex.quote(manage))

        def build() -> tuple[Edit, ...]:
            file = project.text("Procfile")
            if file is None:
                raise FixError(msg("the Procfile cannot be read"))
            return (append_line("Procfile", file.text, line),)

        applicability = "safe" if production_database(project) else "unsafe"
        return Fix(applicability, msg("Add `{line}` to the Procfile", line=line), build)

    @staticmethod
    def uncomment_fix(project: ProjectModel, number: int, command: str) -> Fix:
        """Uncommenting is unsafe: the line was commented out on purpose (an app that runs
        without a database until one is attached), and a failing release blocks deploys."""

        def build() -> tuple[Edit, ...]:
            file = project.text("Procfile")
            if file is None:
                raise FixError(msg("the Procfile cannot be read"))
            lines = file.text.split("\n")
            old = lines[number - 1]
            return (replace_in_line("Procfile", file.text, number, old.rstrip("\r"), command),)

        return Fix("unsafe", msg("Uncomment the Procfile's `{command}`", command=command), build)

    @staticmethod
    def app_with_migrations(project: ProjectModel) -> Optional[str]:
        for app in installed_apps(project) or []:
            if app in CONTRIB_WITH_MIGRATIONS:
                return app
            module = app.split(".apps.")[0]
            relpath = project.locate_module(module)
            if relpath and relpath.endswith("/__init__.py"):
                folder = relpath.rsplit("/", 1)[0]
                if project.glob(f"{folder}/migrations/0*.py"):
                    return app
        return None

    @staticmethod
    def has_database(project: ProjectModel) -> bool:
        settings = project.settings
        setting = settings.get("DATABASES") if settings else None
        if setting is None:
            return False  # Django's default is no database at all
        value = setting.value
        if isinstance(value, Map):
            default = value.get("default")
            return default is not None and default not in (Const(None), Map(()))
        return True
