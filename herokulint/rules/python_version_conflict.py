"""HK307 python-version-conflict."""

from __future__ import annotations

from collections.abc import Iterator

from ..data import python_versions
from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..project.declared import PythonRequirement
from ..project.python_version import VersionRequest
from ..rule import Location, Rule
from . import example
from ._buildpack import buildpack_skipped, with_lock
from ._lockfiles import UV_LOCK, UV_PYPROJECT


def same(a: VersionRequest, b: VersionRequest) -> bool:
    """The same version, at the precision both give (`3.13` matches `3.13.2`)."""
    first, second = a.version, b.version
    if (first.major, first.minor) != (second.major, second.minor):
        return False
    return first.patch is None or second.patch is None or first.patch == second.patch


class PythonVersionConflict(Rule):
    """
    ## What it does
    Checks that the places naming a Python version agree with the one Heroku will use:
    - `runtime.txt` and `.python-version` (the classic buildpack takes `runtime.txt`);
    - for Pipenv, `.python-version` (or `runtime.txt`) and the version in `Pipfile.lock`;
    - for uv and Poetry, the version built and pyproject.toml's `requires-python` (Poetry's
      `python` constraint), also when another package manager's file is beside theirs. Heroku never reads `requires-python`: without a version file a
      Poetry app gets the default (3.14), whatever `requires-python` says.

    A request like `3.13` is compared as the patch Heroku installs (3.13.15 as of the data's
    date). Only a conflict that uv turns into a build failure is an error.

    ## Why it matters
    uv stops the build: "error: The Python request from `.python-version` resolved to Python
    3.13.15, which is incompatible with the project's Python requirement: `==3.12.*`". The
    other conflicts build one version while the project declares another: the file you edit
    is not the one used.

    ## Fix safety
    No automatic fix: decide which version you want, and make the files agree.

    ## References
    - heroku-buildpack-python `lib/python_version.sh`; fixtures `uv_mismatched_python_version`,
      `runtime_txt_and_python_version_file`, `pipenv_mismatched_python_version`,
      `poetry_mismatched_python_version`
    """

    code = "HK307"
    name = "python-version-conflict"
    severity = "warning"
    summary = "version files, `requires-python` and Pipfile.lock disagree"

    invalid = [
        example({"runtime.txt": "python-3.12\n"}, expect=((".python-version", 1),)),
        with_lock(
            {"pyproject.toml": UV_PYPROJECT, "uv.lock": UV_LOCK, ".python-version": "3.12\n"},
            expect=((".python-version", 1),),
            note="requires-python is `>=3.13`; an error with uv",
        ),
        with_lock(
            {"pyproject.toml": UV_PYPROJECT, "uv.lock": UV_LOCK, ".python-version": "3.12\n"},
            drop=(),
            expect=((".python-version", 1),),
            note="beside requirements.txt (HK202): uv's build, once it is the only one, stops",
        ),
    ]
    valid = [
        example(),
        example({"runtime.txt": "python-3.13\n"}),
        with_lock({"pyproject.toml": UV_PYPROJECT, "uv.lock": UV_LOCK}),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        if buildpack_skipped(project):
            return
        versions = project.python_versions
        manager = project.dependencies.manager
        severity = "error" if manager == "uv" else None
        runtime = versions.requests.get("runtime.txt")
        dotfile = versions.requests.get(".python-version")
        if project.target == "cedar" and runtime and dotfile and not same(runtime, dotfile):
            yield self.finding(
                msg(
                    ".python-version asks for Python {version}, but runtime.txt ({raw}) wins on Heroku's "
                    "classic buildpack: {version2} is built; delete runtime.txt and keep the version you "
                    "want in .python-version.",
                    version=dotfile.version,
                    raw=runtime.raw,
                    version2=runtime.version,
                ),
                Location(dotfile.relpath, dotfile.line),
                severity=severity,
            )
        effective = versions.effective
        locked = versions.requests.get("Pipfile.lock")
        if locked and effective and effective is not locked and not same(effective, locked):
            declared = project.dependencies.python
            where = (
                Location(declared.relpath, declared.line)
                if declared
                else Location(locked.relpath, locked.line)
            )
            yield self.finding(
                msg(
                    "Pipfile.lock records Python {raw}, but {relpath} asks for {version}, which Heroku "
                    "uses: Pipenv may refuse the environment, and the Pipfile misleads; set the same "
                    "version in both and run `pipenv lock`.",
                    raw=locked.raw,
                    relpath=effective.relpath,
                    version=effective.version,
                ),
                where,
            )
        yield from self._requires_python(project, severity)

    def _requires_python(self, project: ProjectModel, severity: object) -> Iterator[Finding]:
        versions = project.python_versions
        for manager, requirement in versions.requirements.items():
            if manager in ("uv", "poetry"):
                yield from self._requirement(project, manager, requirement)

    def _requirement(
        self,
        project: ProjectModel,
        manager: str,
        requirement: PythonRequirement,
    ) -> Iterator[Finding]:
        """The version `manager`'s build uses against its manifest's Python requirement (with
        several managers' files at the root, each one's build once the others are gone)."""
        versions = project.python_versions
        effective = versions.effective_for(manager)
        if effective is not None:
            full = versions.full_version(effective)
            if full is None or requirement.allows(full):
                return
            consequence = (
                msg(
                    'uv stops the build ("… which is incompatible with the project\'s Python requirement")'
                )
                if manager == "uv"
                else msg("Poetry installs for a Python the project does not support")
            )
            yield self.finding(
                msg(
                    "{relpath} asks for Python {version} (Heroku installs {full}), but pyproject.toml's "
                    "{key} is `{written}`: {consequence}; make them agree.",
                    relpath=effective.relpath,
                    version=effective.version,
                    full=full,
                    key=requirement.key,
                    written=requirement.written,
                    consequence=consequence,
                ),
                Location(effective.relpath, effective.line),
                severity="error" if manager == "uv" else None,
            )
        elif manager == "poetry" and not versions.declared:
            major, minor = python_versions.DEFAULT_MINOR
            patch = python_versions.latest_patch(major, minor, project.target)
            default = f"{major}.{minor}.{patch}"
            if not requirement.allows(default):
                yield self.finding(
                    msg(
                        "Heroku ignores {key} (`{written}`) and, with no .python-version, builds with its "
                        "default Python {default}, which it excludes; add a .python-version with a version "
                        "it allows.",
                        key=requirement.key,
                        written=requirement.written,
                        default=default,
                    ),
                    Location(requirement.relpath, requirement.line),
                )
