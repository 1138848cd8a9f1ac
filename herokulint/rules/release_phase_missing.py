"""HK110 release-phase-missing."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from typing import Optional

from ..edits import Edit, FixError
from ..findings import Finding, Fix
from ..project import ProjectModel
from ..project.values import Const, Map
from ..rule import Location, Rule
from ..textedits import append_line
from . import READY_SETTINGS, example, installed_apps, runs_manage_command

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

    ## Fix safety
    Safe: `--fix` adds the line `release: python manage.py migrate --noinput` at the end of
    the Procfile (with the path of `manage.py` when it is below the app root), in the file's
    line-ending style. It changes no existing process: every deploy then applies the
    migrations before the new release starts, as Heroku's Django guide does, and a failing
    migration stops the deploy instead of breaking the running app.

    ## References
    - Heroku Dev Center: "Release Phase"
    - Django: "Migrations"
    """

    code = "HK110"
    name = "release-phase-missing"
    severity = "info"
    summary = "the project has migrations but no `release: python manage.py migrate`"
    fix_applicability = "safe"

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
    ]
    valid = [
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
        app = self.app_with_migrations(project)
        if app is None or not self.has_database(project):
            return
        yield self.finding(
            f"Nothing applies the migrations (e.g. of {app}) on Heroku: the first query fails "
            "until they run; add `release: python manage.py migrate --noinput` to the Procfile.",
            Location("Procfile", procfile.web.line, procfile.web.column),
            fix=self.fix(project),
        )

    @staticmethod
    def fix(project: ProjectModel) -> Optional[Fix]:
        manage = project.manage_py
        if manage is None:
            return None
        line = f"release: python {shlex.quote(manage)} migrate --noinput"

        def build() -> tuple[Edit, ...]:
            file = project.text("Procfile")
            if file is None:
                raise FixError("the Procfile cannot be read")
            return (append_line("Procfile", file.text, line),)

        return Fix("safe", f"Add `{line}` to the Procfile", build)

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
