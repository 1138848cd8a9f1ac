"""HK302 runtime-txt-deprecated."""

from __future__ import annotations

from collections.abc import Iterator

from ..data import python_versions
from ..findings import Finding
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example
from ._buildpack import buildpack_skipped, with_lock
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
    No automatic fix yet; a future safe fix writes the version as `3.X` into `.python-version`
    and deletes `runtime.txt`.

    ## References
    - Heroku changelog 3141
    - heroku-buildpack-python `lib/python_version.sh`; fixture `uv_runtime_txt`
    - heroku/buildpacks-python `src/errors.rs`
    """

    code = "HK302"
    name = "runtime-txt-deprecated"
    severity = "warning"
    summary = "a `runtime.txt` file is present"

    invalid = [
        example(
            {"runtime.txt": "python-3.13\n"},
            drop=(".python-version",),
            expect=(("runtime.txt", 1),),
        ),
        with_lock(
            {"pyproject.toml": UV_PYPROJECT, "uv.lock": UV_LOCK, "runtime.txt": "python-3.13\n"},
            expect=(("runtime.txt", 1),),
            note="an error with uv",
        ),
    ]
    valid = [example()]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        if project.files.read("runtime.txt") is None or buildpack_skipped(project):
            return
        request = project.python_versions.requests.get("runtime.txt")
        suggestion = "{}.{}".format(*python_versions.newest_supported())
        if request and python_versions.status(request.version.major, request.version.minor) in (
            "supported",
            "deprecated",
        ):
            suggestion = f"{request.version.major}.{request.version.minor}"
        uv = project.dependencies.manager == "uv"
        fir = project.target == "fir"
        if fir:
            effect = " and is an error on Heroku's Cloud Native Buildpack (fir)"
        elif uv:
            effect = " and fails uv builds"
        else:
            effect = " and wins over .python-version"
        yield self.finding(
            f"runtime.txt is deprecated{effect}; move the version to .python-version as "
            f"`{suggestion}` and delete runtime.txt.",
            Location("runtime.txt", request.line if request else 1),
            severity="error" if uv or fir else None,
        )
