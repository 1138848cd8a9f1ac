"""HK302 runtime-txt-deprecated."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Optional

from ..data import python_versions
from ..edits import DeleteFile, Edit
from ..findings import Finding, Fix
from ..i18n import msg
from ..project import ProjectModel
from ..project.files import ReadError
from ..rule import Location, Rule
from . import example
from ._buildpack import buildpack_skipped, with_lock
from ._fixes import newest_minor, request_version
from ._lockfiles import UV_LOCK, UV_PYPROJECT


class RuntimeTxtDeprecated(Rule):
    """
    ## What it does
    Checks for a `runtime.txt` file.

    ## Why it matters
    Heroku deprecated it on 6 February 2025: "Warning: The runtime.txt file is deprecated."
    ("In the future support for runtime.txt will be removed and this warning will be made an
    error."). It is already an error with uv ("Error: The runtime.txt file isn't supported when
    using uv.") and on Heroku's Cloud Native Buildpack, `--target fir` ("The runtime.txt file
    isn't supported"). On the classic buildpack it silently wins over `.python-version`.

    ## Fix safety
    Safe: `--fix` writes runtime.txt's version as `3.X` into a new `.python-version` and
    deletes runtime.txt; when `.python-version` already asks for the same `3.X`, it only
    deletes runtime.txt. The build then gets the same Python release series, and the newest
    patch of it, which is what Heroku recommends (a pinned patch stops security updates). It is
    offered only for a version Heroku still builds and when `.python-version` is absent or
    agrees: otherwise which version you want is your call (`python-version-eol` and
    `python-version-deprecated` have unsafe fixes).

    ## References
    - Heroku changelog 3141
    - heroku-buildpack-python `lib/python_version.sh`; fixture `uv_runtime_txt`
    - heroku/buildpacks-python `src/errors.rs`
    """

    code = "HK302"
    name = "runtime-txt-deprecated"
    severity = "warning"
    summary = "a `runtime.txt` file is present"
    fix_applicability = "safe"

    invalid = [
        example(
            {"runtime.txt": "python-3.13.2\n"},
            drop=(".python-version",),
            expect=(("runtime.txt", 1),),
            fixed={"runtime.txt": None, ".python-version": "3.13\n"},
        ),
        replace(
            with_lock(
                {
                    "pyproject.toml": UV_PYPROJECT,
                    "uv.lock": UV_LOCK,
                    "runtime.txt": "python-3.13\n",
                },
                expect=(("runtime.txt", 1),),
                note="an error with uv; .python-version already asks for 3.13",
            ),
            fixed={"runtime.txt": None, ".python-version": "3.13\n"},
        ),
        example(
            {"runtime.txt": "python-3.12\n"},
            expect=(("runtime.txt", 1),),
            note=".python-version asks for another version (3.13): no automatic fix",
        ),
    ]
    valid = [example()]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        if project.files.read("runtime.txt") is None or buildpack_skipped(project):
            return
        request = project.python_versions.requests.get("runtime.txt")
        # Where runtime.txt's own version cannot build: what HK303/HK309 would request instead.
        newest = newest_minor(project)
        suggestion = f"`{newest}`" if newest else msg("a version Heroku builds")
        if request and python_versions.status(request.version.major, request.version.minor) in (
            "supported",
            "deprecated",
        ):
            suggestion = f"`{request.version.major}.{request.version.minor}`"
        uv = project.dependencies.manager == "uv"
        fir = project.target == "fir"
        if fir:
            effect = msg(" and is an error on Heroku's Cloud Native Buildpack (fir)")
        elif uv:
            effect = msg(" and fails uv builds")
        else:
            effect = msg(" and wins over .python-version")
        yield self.finding(
            msg(
                "runtime.txt is deprecated{effect}; move the version to .python-version as "
                "{suggestion} and delete runtime.txt.",
                effect=effect,
                suggestion=suggestion,
            ),
            Location("runtime.txt", request.line if request else 1),
            severity="error" if uv or fir else None,
            fix=self.fix(project),
        )

    @staticmethod
    def fix(project: ProjectModel) -> Optional[Fix]:
        """Move a version Heroku builds to .python-version, when that file is absent or agrees."""
        versions = project.python_versions
        request = versions.requests.get("runtime.txt")
        if request is None:
            return None
        version = request.version
        if python_versions.status(version.major, version.minor) not in ("supported", "deprecated"):
            return None
        minor = f"{version.major}.{version.minor}"
        existing = project.files.read(".python-version")
        if isinstance(existing, ReadError):
            return None
        if existing is not None:
            current = versions.requests.get(".python-version")
            if current is None or (current.version.major, current.version.minor) != (
                version.major,
                version.minor,
            ):
                return None

        def build() -> tuple[Edit, ...]:
            if existing is not None:
                # .python-version already asks for this series: only runtime.txt goes.
                return (DeleteFile("runtime.txt"),)
            return request_version(project, minor)

        message = (
            msg("Delete runtime.txt")
            if existing
            else msg("Move the version to .python-version as `{minor}`", minor=minor)
        )
        return Fix("safe", msg("{message} (runtime.txt is deprecated)", message=message), build)
