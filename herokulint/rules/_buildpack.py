"""Helpers shared by the dependency and Python-version rules (HK1xx-HK3xx): whether a buildpack
runs at all, where to point a finding about the dependencies, and examples with a lock file."""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

from ..i18n import msg
from ..project import ProjectModel
from ..project.declared import Dependency
from ..rule import Example, Location
from . import example

MANAGER_LOCKS = ("uv.lock", "poetry.lock", "Pipfile.lock")
# A Docker build with heroku.yml, for examples: the image runs gunicorn, as heroku.yml says.
DOCKER_BUILD = {
    "heroku.yml": "build:\n  docker:\n    web: Dockerfile\nrun:\n  web: gunicorn mysite.wsgi\n",
    "Dockerfile": "FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\n"
    "RUN pip install -r requirements.txt\n",
}


def buildpack_skipped(project: ProjectModel) -> bool:
    """True when heroku.yml builds a Docker image: no buildpack reads these files (HK005)."""
    return project.platform.container_build


def new_import_fixable(project: ProjectModel) -> bool:
    """Whether a fix may make the settings import a third-party package they do not import
    yet. Only with a buildpack: HK205 then reports the package and its fix declares it. In a
    Docker build those rules are skipped and nothing adds the package to the image, which
    would crash with ModuleNotFoundError: such findings get no fix."""
    return not buildpack_skipped(project)


def collectstatic_disabled(project: ProjectModel) -> bool:
    """The app's config vars (`--config-vars`) set DISABLE_COLLECTSTATIC to anything but "0":
    the Python buildpack then skips collectstatic (bin/steps/collectstatic)."""
    config_vars = project.config_vars
    value = config_vars.value("DISABLE_COLLECTSTATIC") if config_vars is not None else None
    return bool(value) and value != "0"


def static_severity(project: ProjectModel, severity: str) -> str:
    """A static-files problem that would fail the build's collectstatic is only info when
    the build skips collectstatic (DISABLE_COLLECTSTATIC)."""
    return (
        "info" if collectstatic_disabled(project) and not buildpack_skipped(project) else severity
    )


def collectstatic_runs(project: ProjectModel) -> bool:
    """True when the build runs `manage.py collectstatic`: the Python buildpack always does
    for a Django app, unless DISABLE_COLLECTSTATIC is set; a Docker build only when its
    Dockerfile does (a `RUN ... collectstatic`)."""
    if not buildpack_skipped(project):
        return not collectstatic_disabled(project)
    return project.dockerfile is not None and project.dockerfile.runs_collectstatic


def collectstatic_fails(project: ProjectModel) -> str:
    """What a failing `manage.py collectstatic` does to the deploy, as a clause."""
    dockerfile = project.dockerfile
    if not buildpack_skipped(project) and collectstatic_disabled(project):
        return msg(
            "DISABLE_COLLECTSTATIC is set, so the build skips collectstatic and does not fail, "
            "but the static files must then come from somewhere (a collectstatic in the release "
            "command, remote storage or a CDN)"
        )
    if not buildpack_skipped(project):
        return msg("the build's collectstatic fails and Heroku rejects the push")
    if dockerfile is not None and dockerfile.runs_collectstatic:
        return msg(
            "the collectstatic in {relpath} fails and Heroku rejects the push",
            relpath=dockerfile.relpath,
        )
    return msg("`manage.py collectstatic` fails, so the image cannot collect its static files")


def add_location(project: ProjectModel) -> Location:
    """Where a missing main dependency goes: requirements.txt, `[packages]`, `dependencies`."""
    relpath, line = project.dependencies.main_anchor
    return Location(relpath, line)


def at(dependency: Dependency) -> Location:
    return Location(dependency.relpath, dependency.line)


def manifest_name(project: ProjectModel) -> str:
    return project.dependencies.manifest or "requirements.txt"


def add_advice(project: ProjectModel, distribution: str) -> str:
    """How to add `distribution` to the main group with this project's package manager."""
    deps = project.dependencies
    command = deps.add_command(distribution)
    if command is None:
        return msg("add `{distribution}` to requirements.txt", distribution=distribution)
    return msg(
        "run `{command}` (it updates {manifest} and {lockfile})",
        command=command,
        manifest=deps.manifest,
        lockfile=deps.lockfile,
    )


def with_lock(
    files: dict[str, str],
    *,
    drop: tuple[str, ...] = ("requirements.txt",),
    expect: tuple[tuple[str, int], ...] = (),
    note: str = "",
    settings: Optional[str] = None,
) -> Example:
    """A mini-project with a manifest and its lock; the docs show the manifest, not the lock."""
    made = example(files, drop=drop, expect=expect, note=note, settings=settings)
    shown = tuple(path for path in made.show if path not in MANAGER_LOCKS)
    locks = [path for path in made.show if path in MANAGER_LOCKS]
    generated = (
        msg("({locks} generated by the tool, not shown)", locks=", ".join(locks)) if locks else ""
    )
    return replace(made, show=shown, note=" ".join(part for part in (note, generated) if part))
