"""HK502 static-url-missing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from .. import codemods
from ..edits import Edit
from ..findings import Finding, Fix
from ..i18n import msg
from ..project import ProjectModel
from ..project.settings import ResolvedSetting
from ..project.values import Const
from ..rule import Location, Rule
from . import READY_SETTINGS, at_setting, example, staticfiles_installed
from ._buildpack import collectstatic_fails, static_severity
from ._django import resolved_versions


class StaticUrlMissing(Rule):
    """
    ## What it does
    Checks that `STATIC_URL` is set when `django.contrib.staticfiles` is installed.

    ## Why it matters
    The build's collectstatic stops with "ImproperlyConfigured: You're using the staticfiles
    app without having set the required STATIC_URL setting." (the buildpack's own
    `django_staticfiles_misconfigured` test expects exactly this), and the push is rejected.

    ## Fix safety
    Safe: `--fix` adds `STATIC_URL = "static/"` (Django's own default since 4.0;
    `"/static/"` for Django before 3.1, which does not prefix a relative one, or an unknown
    Django) next to
    `STATIC_ROOT`, or at the end of the production settings module; an empty value is
    replaced. Nothing else changes.

    ## References
    - Django: `django/contrib/staticfiles/utils.py` `check_settings`
    - heroku-buildpack-python `spec/hatchet/django_spec.rb`
    """

    code = "HK502"
    name = "static-url-missing"
    severity = "error"
    summary = "`STATIC_URL` unset while `django.contrib.staticfiles` is installed"
    fix_applicability = "safe"

    invalid = [
        example(
            settings=READY_SETTINGS.replace('STATIC_URL = "static/"\n', ""),
            expect=(("mysite/settings.py", 10),),
            fixed={
                "mysite/settings.py": READY_SETTINGS.replace('STATIC_URL = "static/"\n', "")
                + 'STATIC_URL = "static/"\n'
            },
        ),
        example(
            settings="# Static files\n" + READY_SETTINGS.replace('"static/"', "None  # TODO"),
            expect=(("mysite/settings.py", 13),),
            fixed={
                "mysite/settings.py": "# Static files\n"
                + READY_SETTINGS.replace('"static/"', '"static/"  # TODO')
            },
        ),
        example(
            {"requirements.txt": "Django==3.0.14\ngunicorn==20.1.0\ndj-database-url==0.5.0\n"},
            settings=READY_SETTINGS.replace('STATIC_URL = "static/"\n', ""),
            expect=(("mysite/settings.py", 10),),
            note="Django 3.0 does not prefix a relative STATIC_URL: the fix writes /static/",
            fixed={
                "mysite/settings.py": READY_SETTINGS.replace('STATIC_URL = "static/"\n', "")
                + 'STATIC_URL = "/static/"\n'
            },
        ),
    ]
    valid = [example(settings=READY_SETTINGS)]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        settings = project.settings
        if settings is None or staticfiles_installed(project) is not True:
            return
        setting = settings.get("STATIC_URL")
        message = msg(
            "STATIC_URL is not set in {relpath}: {collectstatic_fails}; add `STATIC_URL = "
            '"static/"`.',
            relpath=settings.relpath,
            collectstatic_fails=collectstatic_fails(project),
        )
        if setting is not None:
            if isinstance(setting.value, Const) and setting.value.value in (None, ""):
                yield self.finding(
                    message,
                    at_setting(setting),
                    severity=static_severity(project, self.severity),
                    fix=self.fix(project, setting),
                )
            return
        if settings.complete:
            near = settings.get("INSTALLED_APPS")
            yield self.finding(
                message,
                at_setting(near) if near else Location(settings.relpath or ""),
                severity=static_severity(project, self.severity),
                fix=self.fix(project, settings.get("STATIC_ROOT")),
            )

    @staticmethod
    def fix(project: ProjectModel, anchor: Optional[ResolvedSetting]) -> Optional[Fix]:
        """Set STATIC_URL: in place of an empty one, after STATIC_ROOT, or at the end."""
        settings = project.settings
        if settings is None or settings.relpath is None:
            return None
        entry = settings.relpath
        # A relative STATIC_URL is prefixed with the script prefix only from Django 3.1
        # (docs/releases/3.1.txt); before, "static/" makes every page's static URLs relative
        # to that page. "/static/" works on every Django, so an unknown version gets it.
        django = resolved_versions(project).django
        url = '"static/"' if django is not None and django >= (3, 1) else '"/static/"'

        def build() -> tuple[Edit, ...]:
            if anchor is not None and anchor.name == "STATIC_URL":
                module = codemods.parsed(project, anchor.relpath)
                new = codemods.replace_value(module, anchor, url)
                return (codemods.edit(project, anchor.relpath, new),)
            if anchor is not None:
                module = codemods.parsed(project, anchor.relpath)
                new = codemods.insert_after(module, anchor, f"STATIC_URL = {url}")
                return (codemods.edit(project, anchor.relpath, new),)
            module = codemods.parsed(project, entry)
            return (codemods.edit(project, entry, codemods.append(module, f"STATIC_URL = {url}")),)

        return Fix("safe", msg("Set STATIC_URL = {url}", url=url), build)
