"""HK302 runtime-txt-deprecated."""

from __future__ import annotations

from collections.abc import Iterator

from ..data import python_versions
from ..findings import Finding
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example


class RuntimeTxtDeprecated(Rule):
    """
    ## What it does
    Checks for a `runtime.txt` file.

    ## Why it matters
    Heroku deprecated it on 6 February 2025: "Warning: The runtime.txt file is deprecated."
    ("In the future support for runtime.txt will be removed and this warning will be made an
    error."). It is already an error with uv ("The runtime.txt file isn't supported when using
    uv.") and on Heroku's Cloud Native Buildpack. While it exists it silently wins over
    `.python-version`.

    ## Fix safety
    No automatic fix yet: write the version as `3.X` into `.python-version` and delete
    `runtime.txt`.

    ## References
    - Heroku changelog 3141
    - heroku-buildpack-python `lib/python_version.sh`
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
        )
    ]
    valid = [example()]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        if project.files.read("runtime.txt") is None:
            return
        request = project.python_versions.requests.get("runtime.txt")
        suggestion = "{}.{}".format(*python_versions.newest_supported())
        if request and python_versions.status(request.version.major, request.version.minor) in (
            "supported",
            "deprecated",
        ):
            suggestion = f"{request.version.major}.{request.version.minor}"
        uv = project.dependencies.manager == "uv"
        yield self.finding(
            "runtime.txt is deprecated"
            + (" and fails uv builds" if uv else " and wins over .python-version")
            + f"; move the version to .python-version as `{suggestion}` and delete runtime.txt.",
            Location("runtime.txt", request.line if request else 1),
            severity="error" if uv else None,
        )
