"""HK208 runtime-dependency-in-dev-group."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..project.declared import Dependency
from ..project.runtime_needs import runtime_needs
from ..rule import Rule
from ._buildpack import at, buildpack_skipped, with_lock
from ._lockfiles import (
    PIPFILE_DEV,
    PIPFILE_DEV_LOCK,
    POETRY_DEV_LOCK,
    POETRY_DEV_PYPROJECT,
    UV_DEV_LOCK,
    UV_DEV_PYPROJECT,
    UV_LOCK,
    UV_PYPROJECT,
)
from .web_server_not_declared import SERVER_DISTRIBUTIONS

# How each manager leaves the other groups out (lib/uv.sh, lib/poetry.sh, lib/pipenv.sh).
INSTALL_COMMANDS = {
    "uv": "`uv sync --locked --no-default-groups`",
    "poetry": "`poetry sync --only main`",
    "pipenv": "`pipenv install --deploy` (without --dev)",
}
MOVE_ADVICE = {
    "uv": "move it to [project].dependencies (`uv add {name}`, then `uv remove --group {group} {name}`)",
    "poetry": "move it to the main dependencies (`poetry add {name}`, then `poetry remove --group {group} {name}`)",
    "pipenv": "move it to [packages] (`pipenv install {name}`) and run `pipenv lock`",
}


class RuntimeDependencyInDevGroup(Rule):
    """
    ## What it does
    Checks that what the app needs at run time (Django, the Procfile's web server, and every
    distribution the settings import or name: see `import-not-declared`) is not declared only
    in a group Heroku leaves out: a Poetry group or `[tool.poetry.dev-dependencies]`, a uv / PEP
    735 `[dependency-groups]` group, a Pipfile's `[dev-packages]`, or an optional extra.

    ## Why it matters
    Heroku installs the main group only: `uv sync --locked --no-default-groups`,
    `poetry sync --only main`, `pipenv install --deploy` ("Unless we're building on Heroku CI,
    we omit the default dependency groups (such as `dev`)"; "Otherwise, only the 'main' Poetry
    dependency group is installed."). Works locally, then `gunicorn: command not found` or
    `ModuleNotFoundError` on the dyno.

    ## Fix safety
    No automatic fix: move the dependency to the main group with the package manager, so the
    lock file follows.

    ## References
    - heroku-buildpack-python `lib/uv.sh`, `lib/poetry.sh`, `lib/pipenv.sh`; fixtures
      `uv_basic`, `poetry_basic`
    """

    code = "HK208"
    name = "runtime-dependency-in-dev-group"
    severity = "error"
    summary = "Django, the web server or a settings import is only in a dev group"

    invalid = [
        with_lock(
            {"pyproject.toml": UV_DEV_PYPROJECT, "uv.lock": UV_DEV_LOCK},
            expect=(("pyproject.toml", 8),),
        ),
        with_lock(
            {"pyproject.toml": POETRY_DEV_PYPROJECT, "poetry.lock": POETRY_DEV_LOCK},
            expect=(("pyproject.toml", 16),),
        ),
        with_lock(
            {"Pipfile": PIPFILE_DEV, "Pipfile.lock": PIPFILE_DEV_LOCK}, expect=(("Pipfile", 9),)
        ),
    ]
    valid = [with_lock({"pyproject.toml": UV_PYPROJECT, "uv.lock": UV_LOCK})]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        deps = project.dependencies
        if not deps.complete or buildpack_skipped(project):
            return
        reported: set[str] = set()
        for why, distributions in self._needed(project):
            if deps.declares(*distributions):
                continue
            elsewhere = [d for name in distributions for d in deps.only_in_other_groups(name)]
            if not elsewhere or elsewhere[0].name in reported:
                continue
            reported.add(elsewhere[0].name)
            same = [d for d in elsewhere if d.name == elsewhere[0].name]
            yield self.finding(self._message(project, same, why), at(elsewhere[0]))

    def _needed(self, project: ProjectModel) -> Iterator[tuple[str, tuple[str, ...]]]:
        web = project.web
        if web is not None and web.server in SERVER_DISTRIBUTIONS:
            yield msg("the web process runs it"), (SERVER_DISTRIBUTIONS[web.server],)
        if project.manage_py is not None:
            yield msg("it is the app's framework"), ("django",)
        for need in runtime_needs(project):
            yield (
                msg(
                    "{relpath}:{line} uses `{module}`",
                    relpath=need.relpath,
                    line=need.line,
                    module=need.module,
                ),
                need.distributions,
            )

    def _message(self, project: ProjectModel, found: list[Dependency], why: str) -> str:
        """`found`: the declarations of one distribution, each in a group Heroku leaves out."""
        dependency = found[0]
        manager = project.dependencies.manager or ""
        places = list(dict.fromkeys(self._where(d.group) for d in found))
        where = places[0] if len(places) == 1 else ", ".join(places[:-1]) + " and " + places[-1]
        install = INSTALL_COMMANDS.get(manager, msg("the build"))
        advice = MOVE_ADVICE.get(manager, msg("move it to the main dependencies")).format(
            name=dependency.name, group=dependency.group.replace("extra:", "")
        )
        if manager == "uv" and dependency.group.startswith("extra:"):
            advice = advice.replace("--group", "--optional")  # extras are not groups to uv
        if len(places) > 1:  # the `remove --group` half of the advice names one group only
            advice = advice.split(" (")[0] if " (" in advice else advice
        return msg(
            "`{name}` is only in {where} of {relpath}, but {why}: Heroku installs the main group "
            "only ({install}), so the app fails on the dyno; {advice}.",
            name=dependency.name,
            where=where,
            relpath=dependency.relpath,
            why=why,
            install=install,
            advice=advice,
        )

    @staticmethod
    def _where(group: str) -> str:
        if group.startswith("extra:"):
            return msg("the optional extra `{group}`", group=group[6:])
        if group == "dev-packages":
            return "[dev-packages]"
        return msg("the `{group}` group", group=group)
