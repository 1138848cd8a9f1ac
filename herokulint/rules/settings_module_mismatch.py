"""HK004 settings-module-mismatch."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..project.settings_evidence import (
    ENTRY_DEFAULT,
    NAMESPACE_PACKAGE,
    PRODUCTION_CLASS,
    WEB_COMMAND,
)
from ..rule import Location, Rule
from . import MANAGE_PY, WSGI_PY, example

# Evidence of what the web process itself runs (its command, or the WSGI module's default).
WEB_EVIDENCE = (WEB_COMMAND, ENTRY_DEFAULT)
LOCAL_MANAGE_PY = MANAGE_PY.replace('"mysite.settings"', '"mysite.settings.local"')
PRODUCTION_WSGI_PY = WSGI_PY.replace('"mysite.settings"', '"mysite.settings.production"')
SPLIT = {
    "mysite/settings/__init__.py": "",
    "mysite/settings/base.py": 'STATIC_URL = "static/"\n',
    "mysite/settings/local.py": "from .base import *\n\nDEBUG = True\n",
    "mysite/settings/production.py": ('from .base import *\n\nSTATIC_ROOT = "staticfiles"\n'),
}


class SettingsModuleMismatch(Rule):
    """
    ## What it does
    Checks that the build and the web process use the same settings: the module (and, with
    django-configurations, the class) `manage.py` selects, which the build's
    `manage.py collectstatic` runs with, against the one the web process runs with
    (`DJANGO_SETTINGS_MODULE` in the Procfile, `wsgi.py`'s default). A value declared in
    `app.json`'s `env` applies to both and settles it.

    ## Why it matters
    Heroku runs `python manage.py collectstatic --noinput` at build time with only the config
    vars set, so `manage.py`'s default wins there. With the common split (`manage.py` →
    `settings.local`, `wsgi.py` → `settings.production`) the build collects static files with
    development settings: without `STATIC_ROOT` it fails with "You're using the staticfiles
    app without having set the STATIC_ROOT setting to a filesystem path.", and with a
    different `STORAGES` the manifest the web process expects is never written.
    cookiecutter-django's Heroku guide tells you to run `heroku config:set
    DJANGO_SETTINGS_MODULE=config.settings.production` for this reason.

    When only development defaults name the settings (`manage.py` and `wsgi.py` both select
    `settings.local`) and a production module sits beside them (`settings.heroku`,
    `settings.production`, `settings.prod`), herokulint checks the production module: the app
    can only run on Heroku with a config var selecting it. That is said as info, so you can
    check the config var is set (or choose another module with `--settings`).

    ## Fix safety
    No automatic fix: set `DJANGO_SETTINGS_MODULE` as a config var (and declare it in
    `app.json`'s `env` so the repository says so), or make `manage.py`'s default the
    production module and select the local one with a `.env` file.

    ## References
    - heroku-buildpack-python `bin/steps/collectstatic`
    - cookiecutter-django docs: "Deployment on Heroku"
    """

    code = "HK004"
    name = "settings-module-mismatch"
    severity = "warning"
    summary = "`manage.py` (the build) and the web process select different settings"

    invalid = [
        example(
            {"manage.py": LOCAL_MANAGE_PY, "mysite/wsgi.py": PRODUCTION_WSGI_PY, **SPLIT},
            drop=("mysite/settings.py",),
            expect=(("manage.py", 7),),
        ),
        example(
            {
                "manage.py": MANAGE_PY.replace(
                    "    from django",
                    '    os.environ.setdefault("DJANGO_CONFIGURATION", "Dev")\n    from django',
                ),
                "mysite/wsgi.py": WSGI_PY.replace(
                    "\napplication",
                    'os.environ.setdefault("DJANGO_CONFIGURATION", "Production")\n\napplication',
                ),
            },
            expect=(("manage.py", 8),),
        ),
        example(
            {
                "manage.py": LOCAL_MANAGE_PY,
                "mysite/wsgi.py": WSGI_PY.replace('"mysite.settings"', '"mysite.settings.local"'),
                **SPLIT,
            },
            drop=("mysite/settings.py",),
            expect=(("mysite/wsgi.py", 5),),
            note="info: only development defaults, so the production module is checked",
        ),
    ]
    valid = [
        example(),
        example(
            {
                "manage.py": LOCAL_MANAGE_PY,
                "mysite/wsgi.py": PRODUCTION_WSGI_PY,
                "app.json": '{\n  "env": {\n    "DJANGO_SETTINGS_MODULE": {"value": '
                '"mysite.settings.production"}\n  }\n}\n',
                **SPLIT,
            },
            drop=("mysite/settings.py",),
            note="app.json declares the config var, which the build and the dyno both see",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        build = project.build_settings_choice
        run = project.settings_choice
        others = project.presumed_production_siblings
        if run is not None and others:
            listed = ", ".join(repr(module) for module in others[:3])
            yield self.finding(
                msg(
                    "{origin} defaults to the development settings {module!r}, and nothing in the "
                    "repository names the ones Heroku should use (perhaps {listed}): hard-coded values "
                    "in it are reported as info; set DJANGO_SETTINGS_MODULE as a config var (and in "
                    "app.json's env), and pass --settings to check that module.",
                    origin=run.origin,
                    module=run.module,
                    listed=listed,
                ),
                Location(run.origin, run.line),
                severity="info",
            )
            return
        if run is not None and project.settings_promoted:
            default = project.settings_choices[1]
            what = (
                msg("the folder {module!r}, which has no __init__.py", module=default.module)
                if run.evidence == NAMESPACE_PACKAGE
                else msg("the development settings {module!r}", module=default.module)
            )
            yield self.finding(
                msg(
                    "{origin} defaults to {what}, and nothing in the repository names the ones Heroku "
                    "should use; herokulint checked {module!r}: set DJANGO_SETTINGS_MODULE={module} as a "
                    "config var (and in app.json's env), or pass --settings to check another module.",
                    origin=default.origin,
                    what=what,
                    module=run.module,
                ),
                Location(default.origin, default.line),
                severity="info",
            )
            return
        configurations = project.configuration_choices
        if configurations and configurations[0].evidence == PRODUCTION_CLASS:
            yield from self.configuration_mismatch(project)
            return
        if build is None or run is None or build is run or build.origin != project.manage_py:
            return
        if build.module != run.module:
            runs = (
                msg("the web process runs") if run.evidence in WEB_EVIDENCE else msg("Heroku runs")
            )
            yield self.finding(
                msg(
                    "{manage_py} selects {module!r}, which the build's collectstatic uses, but {runs} "
                    "{module2!r} (from {origin}:{line}): static files are collected with other settings; "
                    "set DJANGO_SETTINGS_MODULE as a config var (and in app.json's env).",
                    manage_py=project.manage_py,
                    module=build.module,
                    runs=runs,
                    module2=run.module,
                    origin=run.origin,
                    line=run.line,
                ),
                Location(build.origin, build.line),
            )
            return
        yield from self.configuration_mismatch(project)

    def configuration_mismatch(self, project: ProjectModel) -> Iterator[Finding]:
        choices = project.configuration_choices
        run = choices[0] if choices else None
        if run is not None and run.evidence == PRODUCTION_CLASS and len(choices) > 1:
            default = choices[1]
            yield self.finding(
                msg(
                    "{origin} defaults to the development configuration {module!r}, and nothing in the "
                    "repository names the one Heroku should use; herokulint checked {module2!r}: set "
                    "DJANGO_CONFIGURATION={module2} as a config var (and in app.json's env).",
                    origin=default.origin,
                    module=default.module,
                    module2=run.module,
                ),
                Location(default.origin, default.line),
                severity="info",
            )
            return
        build = next((c for c in choices if c.origin in ("app.json", project.manage_py)), None)
        if run is None or build is None or build.origin != project.manage_py:
            return
        if build.module != run.module:
            yield self.finding(
                msg(
                    "{manage_py} selects the configuration {module!r}, which the build's collectstatic "
                    "uses, but the web process runs {module2!r} (from {origin}); set "
                    "DJANGO_CONFIGURATION as a config var (and in app.json's env).",
                    manage_py=project.manage_py,
                    module=build.module,
                    module2=run.module,
                    origin=run.origin,
                ),
                Location(build.origin, build.line),
            )
