"""The rules: one module per rule, each registering itself by being imported.

This package's own namespace holds the small helpers rules share: locating a setting, and
building the mini-projects that serve as every rule's examples, tests and docs.
"""

from __future__ import annotations

from typing import Optional

from ..edits import Edit
from ..findings import Fix
from ..i18n import msg
from ..project import ProjectModel
from ..project.settings import ResolvedSetting
from ..project.values import Const, Seq, Value, contains_env
from ..rule import Example, Location

MANAGE_PY = """\
#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
"""

WSGI_PY = """\
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")

application = get_wsgi_application()
"""

# The smallest settings module this catalogue considers deployable; examples change one thing.
READY_SETTINGS = """\
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"
ALLOWED_HOSTS = [".herokuapp.com"]
INSTALLED_APPS = ["django.contrib.staticfiles"]
DATABASES = {"default": dj_database_url.config(conn_max_age=600)}
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
"""

# A project storage class deriving from django-storages' S3 backend, as its docs suggest.
S3_STATIC_STORAGE = {
    "mysite/storage_backends.py": "from storages.backends.s3 import S3Storage\n\n\n"
    'class StaticStorage(S3Storage):\n    location = "static"\n',
}
S3_STORAGES = 'STORAGES = {"staticfiles": {"BACKEND": "mysite.storage_backends.StaticStorage"}}\n'

READY_FILES = {
    ".python-version": "3.13\n",
    "Procfile": "web: gunicorn mysite.wsgi\n",
    "requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\ndj-database-url==3.0.1\npsycopg[binary]==3.2.12\n",
    "manage.py": MANAGE_PY,
    "mysite/__init__.py": "",
    "mysite/settings.py": READY_SETTINGS,
    "mysite/wsgi.py": WSGI_PY,
}


def example(
    files: Optional[dict[str, str]] = None,
    *,
    settings: Optional[str] = None,
    drop: tuple[str, ...] = (),
    expect: tuple[tuple[str, int], ...] = (),
    git: object = "all",
    git_after: tuple[tuple[str, ...], ...] = (),
    note: str = "",
    fixed: Optional[dict[str, Optional[str]]] = None,
) -> Example:
    """A deployable mini-project with `files` (and `settings`) replacing its defaults.

    Only the files given here are shown in the rule's docs; the rest is the unchanged
    background of `READY_FILES`.
    """
    given = dict(files or {})
    if settings is not None:
        given["mysite/settings.py"] = settings
    merged = {path: text for path, text in READY_FILES.items() if path not in drop}
    merged.update(given)
    return Example(
        merged,
        expect=expect,
        git=git,
        git_after=git_after,
        note=note,
        show=tuple(given),
        without=drop,
        fixed=fixed,
    )


def at_setting(setting: ResolvedSetting) -> Location:
    span = setting.span
    return Location(setting.relpath, span.line, span.column, span.end_line, span.end_column)


def anchor(project: ProjectModel) -> Location:
    return Location(project.anchor())


def strings(value: Value) -> Optional[list[str]]:
    """The string items of a literal list/tuple, or None when it is not fully known."""
    if not isinstance(value, Seq):
        return None
    items = []
    for item in value.items:
        if not isinstance(item, Const) or not isinstance(item.value, str):
            return None
        items.append(item.value)
    return items


def installed_apps(project: ProjectModel) -> Optional[list[str]]:
    """INSTALLED_APPS when fully known, else None (rules about apps then stay silent)."""
    settings = project.settings
    if settings is None:
        return None
    setting = settings.get("INSTALLED_APPS")
    if setting is None:
        return [] if settings.complete else None
    return strings(setting.value)


STATICFILES_APP = (
    "django.contrib.staticfiles",
    "django.contrib.staticfiles.apps.StaticFilesConfig",
)


def staticfiles_installed(project: ProjectModel) -> Optional[bool]:
    apps = installed_apps(project)
    if apps is None:
        return None
    return any(app in STATICFILES_APP for app in apps)


def hardcoded_severity(project: ProjectModel, severity: str) -> str:
    """Info instead of `severity` when a hard-coded value may not be what production sees:
    dynaconf (or the like) lets the environment override every setting, or the checked module
    is a development default beside other modules a config var may select."""
    settings = project.settings
    if settings is not None and settings.overridable:
        return "info"
    # Only a development default names the settings, beside other modules production may
    # select with a config var: its hard-coded values may never reach production.
    return "info" if project.presumed_production_siblings else severity


def earlier_reader(setting: ResolvedSetting) -> Optional[ResolvedSetting]:
    """The assignment a hard-coded value overrides when it read the environment (`DEBUG =
    config("DEBUG", cast=bool)` above `DEBUG = True` in the same module): a fix removes the
    override and keeps the project's own reader, never adding a second variable."""
    previous = setting.previous
    if (
        previous is None
        or previous.relpath != setting.relpath
        or previous.conditional
        or setting.conditional
        or not contains_env(previous.value)
    ):
        return None
    return previous


def remove_override_fix(
    project: ProjectModel, setting: ResolvedSetting, earlier: ResolvedSetting
) -> Optional[Fix]:
    """The unsafe fix removing `setting`'s hard-coded override of `earlier`, an environment
    read: the value then comes from the variable the settings already read (unsafe: a
    machine without that variable no longer gets the hard-coded value)."""
    from .. import codemods

    if codemods.own_line(project, setting) is None:
        return None

    def build() -> tuple[Edit, ...]:
        return (codemods.remove_override(project, setting),)

    return Fix(
        "unsafe",
        msg(
            "Remove the override at line {line}: {name} is read from the environment at line "
            "{line2}",
            line=setting.line,
            name=setting.name,
            line2=earlier.line,
        ),
        build,
    )


def middleware(project: ProjectModel) -> Optional[list[str]]:
    """MIDDLEWARE when fully known (Django's default, empty, when unset), else None."""
    settings = project.settings
    if settings is None:
        return None
    setting = settings.get("MIDDLEWARE")
    if setting is None:
        return [] if settings.complete else None
    return strings(setting.value)


def web_location(project: ProjectModel) -> Optional[Location]:
    """Where the web command is written (the Procfile, heroku.yml's `run: web:` or the
    Dockerfile's CMD), for findings about the web process."""
    process = project.web_process
    if process is None:
        return None
    return Location(process.relpath, process.line, process.column)


def django_series(project: ProjectModel) -> Optional[tuple[int, int]]:
    """The Django series the build installs: the pin or lock's, for a range the newest it
    allows (the newest known one when it has no upper bound); None when unknown (not declared,
    or the package managers' files disagree). `project.versions.django` has the rest."""
    django = project.versions.django
    return django.newest if django.status in ("exact", "range") else None


SHELLS = ("sh", "bash", "dash")


def runs_manage_command(argv: Optional[tuple[str, ...]], command: str) -> bool:
    """True when a process's words run `manage.py <command>` (or `django-admin <command>`,
    `python -m django <command>`), also inside `sh -c "..."` and after `&&`."""
    from ..project.procfile import split_words

    if not argv:
        return False
    words = list(argv)
    for index, word in enumerate(words):
        base = word.rsplit("/", 1)[-1]
        if (
            base in SHELLS
            and index + 2 < len(words)
            and words[index + 1] == "-c"
            and runs_manage_command(split_words(words[index + 2]), command)
        ):
            return True
        runner = base in ("manage.py", "django-admin", "django-admin.py") or (
            word == "django" and index > 0 and words[index - 1] == "-m"
        )
        if runner:
            rest = words[index + 1 :]
            for following in rest:
                if following in ("&&", "||", ";", "|"):
                    break
                if following == command:
                    return True
                if not following.startswith("-"):
                    break
    return False
