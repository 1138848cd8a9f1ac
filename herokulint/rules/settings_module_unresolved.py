"""HK002 settings-module-unresolved."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..project import ProjectModel
from ..rule import Location, Rule
from . import MANAGE_PY, WSGI_PY, example
from ._buildpack import buildpack_skipped


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
    No automatic fix: correct the dotted name (`mysite.settings`, not `mysite/settings.py` or
    `my-site.settings`).

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
    ]
    valid = [
        example(),
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
            "importing the settings fails with ModuleNotFoundError"
            if buildpack_skipped(project)
            else "the build's collectstatic fails with ModuleNotFoundError"
        )
        for choice in project.settings_choices:
            roots = project.settings_roots(choice)
            if choice.origin in seen or project.locate_module(choice.module, roots) is not None:
                continue
            if "{" in choice.module:
                continue  # `{{ project_name }}.settings`: a project template, not yet rendered
            seen.add(choice.origin)
            where = ", ".join(root or "." for root in roots)
            via = f" (built from ${choice.env_var}, default used)" if choice.env_var else ""
            path = (
                choice.origin
                if choice.origin not in ("--settings", "config", "config vars")
                else project.manage_py
            )
            yield self.finding(
                f"DJANGO_SETTINGS_MODULE {choice.module!r}{via} set in {choice.origin} matches no "
                f"file under {where}: {fails}; name an existing module, e.g. 'mysite.settings'.",
                Location(path, choice.line),
            )
        if not project.settings_choices:
            yield self.finding(
                f"{project.manage_py} does not set DJANGO_SETTINGS_MODULE, so herokulint cannot "
                'find the settings; add `os.environ.setdefault("DJANGO_SETTINGS_MODULE", '
                '"mysite.settings")` or pass --settings.',
                Location(project.manage_py),
            )
