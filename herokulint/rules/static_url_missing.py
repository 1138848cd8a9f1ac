"""HK502 static-url-missing."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..project import ProjectModel
from ..project.values import Const
from ..rule import Location, Rule
from . import READY_SETTINGS, at_setting, example, staticfiles_installed


class StaticUrlMissing(Rule):
    """
    ## What it does
    Checks that `STATIC_URL` is set when `django.contrib.staticfiles` is installed.

    ## Why it matters
    The build's collectstatic stops with "ImproperlyConfigured: You're using the staticfiles
    app without having set the required STATIC_URL setting." (the buildpack's own
    `django_staticfiles_misconfigured` test expects exactly this), and the push is rejected.

    ## Fix safety
    No automatic fix yet: add `STATIC_URL = "static/"`.

    ## References
    - Django: `django/contrib/staticfiles/utils.py` `check_settings`
    - heroku-buildpack-python `spec/hatchet/django_spec.rb`
    """

    code = "HK502"
    name = "static-url-missing"
    severity = "error"
    summary = "`STATIC_URL` unset while `django.contrib.staticfiles` is installed"

    invalid = [
        example(
            settings=READY_SETTINGS.replace('STATIC_URL = "static/"\n', ""),
            expect=(("mysite/settings.py", 10),),
        )
    ]
    valid = [example(settings=READY_SETTINGS)]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        settings = project.settings
        if settings is None or staticfiles_installed(project) is not True:
            return
        setting = settings.get("STATIC_URL")
        message = (
            f"STATIC_URL is not set in {settings.relpath}: the build's collectstatic fails and "
            'Heroku rejects the push; add `STATIC_URL = "static/"`.'
        )
        if setting is not None:
            if isinstance(setting.value, Const) and setting.value.value in (None, ""):
                yield self.finding(message, at_setting(setting))
            return
        if settings.complete:
            near = settings.get("INSTALLED_APPS")
            yield self.finding(
                message, at_setting(near) if near else Location(settings.relpath or "")
            )
