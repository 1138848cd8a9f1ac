"""HK507 staticfiles-app-missing."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Rule
from . import READY_SETTINGS, at_setting, example, staticfiles_installed
from ._buildpack import buildpack_skipped, collectstatic_runs


class StaticfilesAppMissing(Rule):
    """
    ## What it does
    Checks that `django.contrib.staticfiles` is in `INSTALLED_APPS`.

    ## Why it matters
    The classic Python buildpack runs `manage.py collectstatic` on every Django build; without
    the staticfiles app the command does not exist: "Unknown command: 'collectstatic'" then
    "Error: Unable to generate Django static files." (the buildpack's
    `django_staticfiles_app_not_enabled` test). The Cloud Native Buildpack skips the step
    instead.

    ## Fix safety
    No automatic fix: add `"django.contrib.staticfiles"` to `INSTALLED_APPS`, or set the
    `DISABLE_COLLECTSTATIC=1` config var if the app really serves no static files.

    ## References
    - heroku-buildpack-python `bin/steps/collectstatic`, `spec/hatchet/django_spec.rb`
    """

    code = "HK507"
    name = "staticfiles-app-missing"
    severity = "error"
    summary = "`django.contrib.staticfiles` is not in `INSTALLED_APPS`"

    invalid = [
        example(
            settings=READY_SETTINGS.replace(
                '["django.contrib.staticfiles"]', '["django.contrib.admin"]'
            ),
            expect=(("mysite/settings.py", 10),),
        )
    ]
    valid = [
        example(settings=READY_SETTINGS),
        example(
            settings=READY_SETTINGS.replace(
                '["django.contrib.staticfiles"]',
                '["django.contrib.staticfiles.apps.StaticFilesConfig"]',
            )
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        settings = project.settings
        if (
            settings is None
            or project.manage_py is None
            or staticfiles_installed(project) is not False
            or not collectstatic_runs(project)
        ):
            return
        setting = settings.get("INSTALLED_APPS")
        if setting is None:
            return
        dockerfile = project.dockerfile if buildpack_skipped(project) else None
        where = (
            msg("the collectstatic in {relpath}", relpath=dockerfile.relpath)
            if dockerfile
            else msg("the build's collectstatic")
        )
        instead = msg("remove it") if dockerfile else msg("set DISABLE_COLLECTSTATIC=1")
        yield self.finding(
            msg(
                "INSTALLED_APPS in {relpath} lacks django.contrib.staticfiles: {where} fails with "
                "\"Unknown command: 'collectstatic'\"; add the app (or {instead} if the app serves no "
                "static files).",
                relpath=setting.relpath,
                where=where,
                instead=instead,
            ),
            at_setting(setting),
        )
