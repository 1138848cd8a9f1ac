"""HK002 settings-module-unresolved."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..project.choosing import namespace_folder
from ..project.template import has_placeholder
from ..rule import Location, Rule
from . import MANAGE_PY, WSGI_PY, example
from ._buildpack import buildpack_skipped


def _inside(project: ProjectModel, folder: str, package: str) -> str:
    """A module of the namespace folder to name instead: the checked one when promoted."""
    choice = project.settings_choice
    if choice is not None and choice.module.startswith(f"{package}."):
        return choice.module
    stems = [path.rsplit("/", 1)[-1][:-3] for path in project.glob(f"{folder}/*.py")]
    return f"{package}.{stems[0]}" if stems else f"{package}.settings"


class SettingsModuleUnresolved(Rule):
    """
    ## What it does
    Checks that every `DJANGO_SETTINGS_MODULE` the project names (the default set in
    `manage.py` and in the WSGI/ASGI module the Procfile runs, a `DJANGO_SETTINGS_MODULE=` in
    the Procfile, or `--settings`) is a module that exists, relative to `manage.py`'s folder
    or the app root, or (for the default a file sets) to a folder that file puts on
    `sys.path` first (`sys.path.append("src")` in `manage.py`: the build's collectstatic sees
    it, a gunicorn started without `--chdir src` does not).

    ## Why it matters
    The build's collectstatic imports the settings through `manage.py`; a name that does not
    resolve fails with `ModuleNotFoundError` and "Error: Unable to generate Django static
    files." (the buildpack's `django_invalid_settings_module` test). At run time the web
    process crashes on boot the same way.

    ## Fix safety
    No automatic fix: correct the dotted name (`mysite.settings`, not `mysite/settings.py`). A
    part that is not a Python identifier is fine when the file exists (`mysite.settings-prod`
    for `mysite/settings-prod.py`): Django imports the name with `importlib.import_module`.

    ## References
    - heroku-buildpack-python `spec/fixtures/django_invalid_settings_module`
    """

    code = "HK002"
    name = "settings-module-unresolved"
    severity = "error"
    summary = "`DJANGO_SETTINGS_MODULE` does not resolve to a file"

    invalid = [
        example(
            {"manage.py": MANAGE_PY.replace('"mysite.settings"', '"nonexistent-module.settings"')},
            expect=(("manage.py", 7),),
        ),
        example(
            {
                "mysite/wsgi.py": WSGI_PY.replace(
                    '"mysite.settings"', '"mysite.settings.production"'
                )
            },
            expect=(("mysite/wsgi.py", 5),),
        ),
        example(
            {"manage.py": MANAGE_PY.replace('"mysite.settings"', '"mysite.settings-prod"')},
            expect=(("manage.py", 7),),
        ),
    ]
    invalid += [
        example(
            {
                "manage.py": MANAGE_PY,
                "mysite/settings/base.py": 'STATIC_URL = "static/"\n',
                "mysite/settings/dev.py": "from .base import *\n\nDEBUG = True\n",
            },
            drop=("mysite/settings.py",),
            expect=(("manage.py", 7), ("mysite/wsgi.py", 5)),
            note="a settings folder without `__init__.py`: an empty namespace package",
        ),
    ]
    valid = [
        example(),
        example(
            {
                "manage.py": MANAGE_PY.replace('"mysite.settings"', '"mysite.settings-prod"'),
                "mysite/settings-prod.py": "from .settings import *  # noqa: F403\n",
            },
            note="importlib imports a name that is not an identifier when the file exists",
        ),
        example(
            {"manage.py": MANAGE_PY.replace('"mysite.settings"', '"{{ project_name }}.settings"')},
            note="a project template (`django-admin startproject --template`), not yet rendered",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        if project.manage_py is None:
            return
        seen: set[str] = set()
        fails = (
            msg("importing the settings fails with ModuleNotFoundError")
            if buildpack_skipped(project)
            else msg("the build's collectstatic fails with ModuleNotFoundError")
        )
        for choice in project.settings_choices:
            roots = project.settings_roots(choice)
            if choice.origin in seen or project.locate_module(choice.module, roots) is not None:
                continue
            if has_placeholder(choice.module):
                continue  # `{{ project_name }}.settings`: a project template (HK006)
            seen.add(choice.origin)
            path = (
                choice.origin
                if choice.origin not in ("--settings", "config", "config vars")
                else project.manage_py
            )
            # With a production module promoted, Heroku runs with a config var selecting it:
            # the default only fails where nothing sets one.
            severity = "warning" if project.settings_promoted else None
            folder = namespace_folder(project, choice.module, roots)
            if folder is not None:
                yield self.finding(
                    msg(
                        "DJANGO_SETTINGS_MODULE {module!r} set in {origin} names the folder {folder}, which "
                        "has no __init__.py: Python 3 imports it as an empty namespace package (no "
                        "ModuleNotFoundError), so Django runs without the project's settings: the build's "
                        'collectstatic is an unknown command and the app fails with "The SECRET_KEY setting '
                        'must not be empty."; name a module inside it, e.g. {inside!r}.',
                        module=choice.module,
                        origin=choice.origin,
                        folder=folder,
                        inside=_inside(project, folder, choice.module),
                    ),
                    Location(path, choice.line),
                    severity=severity,
                )
                continue
            where = ", ".join(root or "." for root in roots)
            via = (
                msg(" (built from ${env_var}, default used)", env_var=choice.env_var)
                if choice.env_var
                else ""
            )
            yield self.finding(
                msg(
                    "DJANGO_SETTINGS_MODULE {module!r}{via} set in {origin} matches no file under "
                    "{where}: {fails}; name an existing module, e.g. 'mysite.settings'.",
                    module=choice.module,
                    via=via,
                    origin=choice.origin,
                    where=where,
                    fails=fails,
                ),
                Location(path, choice.line),
                severity=severity,
            )
        if not project.settings_choices:
            yield self.finding(
                msg(
                    "{manage_py} does not set DJANGO_SETTINGS_MODULE, so herokulint cannot find the "
                    'settings; add `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")` '
                    "or pass --settings.",
                    manage_py=project.manage_py,
                ),
                Location(project.manage_py),
            )
