"""HK501 static-root-missing."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..project import ProjectModel
from ..project.values import Const
from ..rule import Location, Rule
from . import READY_SETTINGS, at_setting, example, staticfiles_installed


class StaticRootMissing(Rule):
    """
    ## What it does
    Checks that `STATIC_ROOT` is set when `django.contrib.staticfiles` is installed.

    ## Why it matters
    Heroku runs `python manage.py collectstatic --noinput` during every build, and it fails
    without `STATIC_ROOT`: "ImproperlyConfigured: You're using the staticfiles app without
    having set the STATIC_ROOT setting to a filesystem path." then "Error: Unable to generate
    Django static files." The push is rejected.

    The setting is looked for wherever the production settings put it: a base module pulled
    in by star import or django-split-settings' `include()`, the django-configurations class
    the app runs, or `django_heroku.settings(locals())`, which sets it. When some of the
    settings cannot be followed (a missing import, `exec`, dynaconf, an unselected
    configuration class), a missing `STATIC_ROOT` is not reported.

    ## Fix safety
    No automatic fix yet: add `STATIC_ROOT = BASE_DIR / "staticfiles"` next to `STATIC_URL`.

    ## References
    - heroku-buildpack-python `bin/steps/collectstatic`
    - Django: `django/contrib/staticfiles/storage.py`
    """

    code = "HK501"
    name = "static-root-missing"
    severity = "error"
    summary = "`STATIC_ROOT` unset while `django.contrib.staticfiles` is installed"

    invalid = [
        example(
            settings=READY_SETTINGS.replace('STATIC_ROOT = BASE_DIR / "staticfiles"\n', ""),
            expect=(("mysite/settings.py", 12),),
        ),
        example(
            settings=READY_SETTINGS.replace('BASE_DIR / "staticfiles"', "None"),
            expect=(("mysite/settings.py", 13),),
        ),
    ]
    valid = [
        example(settings=READY_SETTINGS),
        example(
            settings=READY_SETTINGS.replace('STATIC_ROOT = BASE_DIR / "staticfiles"\n', "").replace(
                '["django.contrib.staticfiles"]', '["django.contrib.admin"]'
            ),
            note="without the staticfiles app there is nothing to collect",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        settings = project.settings
        if settings is None or staticfiles_installed(project) is not True:
            return
        setting = settings.get("STATIC_ROOT")
        if setting is not None:
            if isinstance(setting.value, Const) and setting.value.value in (None, ""):
                yield self.finding(self.message(setting.relpath), at_setting(setting))
            return
        if not settings.complete:
            return
        near = settings.get("STATIC_URL") or settings.get("INSTALLED_APPS")
        where = at_setting(near) if near else Location(settings.relpath or "")
        yield self.finding(self.message(where.path), where)

    @staticmethod
    def message(path: str) -> str:
        return (
            f"STATIC_ROOT is not set in {path}: the build's collectstatic fails and Heroku "
            'rejects the push; add `STATIC_ROOT = BASE_DIR / "staticfiles"`.'
        )
