"""HK606 database-missing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Location, Rule
from . import READY_SETTINGS, at_setting, example, installed_apps
from .models_without_migrations import ABSTRACT, MODEL_CLASS, ModelsWithoutMigrations

DB_LINE = 'DATABASES = {"default": dj_database_url.config(conn_max_age=600)}\n'
WITH_AUTH = READY_SETTINGS.replace(
    '["django.contrib.staticfiles"]',
    '[\n    "django.contrib.auth",\n    "django.contrib.contenttypes",\n'
    '    "django.contrib.staticfiles",\n]',
)
# Django's own apps that keep models in the database (admin log, users, content types,
# sessions with the default database backend, sites, flatpages, redirects).
MODEL_APPS = (
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.redirects",
)


class DatabaseMissing(Rule):
    """
    ## What it does
    Checks that the production settings set `DATABASES` when an installed app keeps models
    in the database: one of Django's own (`django.contrib.admin`, `auth`, `contenttypes`,
    `sessions`, `sites`, `flatpages`, `redirects`) or a local app whose `models.py` defines a
    concrete model.

    ## Why it matters
    Without `DATABASES` Django falls back to its dummy backend. Settings load and
    collectstatic passes, so the build succeeds, but the release phase's `migrate` and every
    query fail with "ImproperlyConfigured: settings.DATABASES is improperly configured.
    Please supply the ENGINE value. Check settings documentation for more details."
    (django/db/backends/dummy/base.py). This happens when the database is configured only
    in a module production does not load (a `local_settings.py` that is not committed, a
    development settings module).

    Only a settings chain herokulint follows completely is checked: an import it cannot
    find, `exec`, `globals().update(...)`, dynaconf, a django-configurations class or a
    settings module chosen among several by a config var keeps it silent.
    `django_heroku.settings(locals())` sets `DATABASES` itself.

    ## Fix safety
    No automatic fix: add `DATABASES = {"default": dj_database_url.config(conn_max_age=600,
    conn_health_checks=True)}` to the production settings and attach Heroku Postgres.

    ## References
    - Django: `DATABASES` setting; django/db/utils.py `ConnectionHandler.configure_settings`
    - Heroku Dev Center: "Connecting to Heroku Postgres" (Django)
    """

    code = "HK606"
    name = "database-missing"
    severity = "error"
    summary = "production settings never set `DATABASES` while a model-backed app is installed"

    invalid = [
        example(
            settings=WITH_AUTH.replace(DB_LINE, ""),
            expect=(("mysite/settings.py", 10),),
        ),
        example(
            settings=WITH_AUTH.replace(
                DB_LINE, "try:\n    from .local_settings import *\nexcept ImportError:\n    pass\n"
            ),
            expect=(("mysite/settings.py", 10),),
            note="the database is set only in a local_settings.py that is not committed",
        ),
    ]
    valid = [
        example(settings=WITH_AUTH),
        example(
            settings=READY_SETTINGS.replace(DB_LINE, ""),
            note="only staticfiles: no app needs a database",
        ),
        example(
            settings=WITH_AUTH.replace(DB_LINE, "from .secrets import *\n"),
            note="an import that cannot be followed: the database may be set there",
        ),
        example(
            settings=WITH_AUTH.replace(DB_LINE, "globals().update(load_database())\n"),
            note="settings written through globals() are not followed",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        settings = project.settings
        if (
            settings is None
            or "DATABASES" in settings
            or not settings.complete
            or settings.overridable
            or settings.configuration is not None
            or settings.selections
            or project.presumed_production_siblings
        ):
            return
        app = self.model_app(project)
        if app is None:
            return
        near = settings.get("INSTALLED_APPS")
        yield self.finding(
            msg(
                "DATABASES is never set in {relpath} although {app} keeps models in the database: "
                'migrate and every query fail ("settings.DATABASES is improperly configured"); set '
                '`DATABASES = {{"default": dj_database_url.config(conn_max_age=600, '
                "conn_health_checks=True)}}`.",
                relpath=settings.relpath,
                app=app,
            ),
            at_setting(near) if near else Location(settings.relpath or ""),
        )

    @staticmethod
    def model_app(project: ProjectModel) -> Optional[str]:
        """The first installed app that keeps models in the database, or None."""
        for app in installed_apps(project) or []:
            if app.split(".apps.")[0] in MODEL_APPS:
                return app
            package = ModelsWithoutMigrations.local_package(project, app)
            text = project.text(f"{package}/models.py") if package else None
            if text is not None:
                classes = MODEL_CLASS.findall(text.text)
                if classes and len(ABSTRACT.findall(text.text)) < len(classes):
                    return app
        return None
