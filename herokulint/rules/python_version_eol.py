"""HK303 python-version-eol."""

from __future__ import annotations

from collections.abc import Iterator

from ..data import python_versions
from ..findings import Finding
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example


class PythonVersionEol(Rule):
    """
    ## What it does
    Checks that the Python version the build will use is one Heroku still builds (3.10 or
    newer, as of the data's date).

    ## Why it matters
    An end-of-life version fails the build: "Error: The requested Python version has reached
    end-of-life." ("Please upgrade to at least Python 3.10"). The original Heroku Django guide
    pinned `python-3.8.10` in `runtime.txt`; following it today fails.

    ## Fix safety
    No automatic fix yet: request the newest supported version (`3.14`) in `.python-version`.

    ## References
    - heroku-buildpack-python `lib/python_version.sh` (oldest supported minor: 3.10)
    - https://devguide.python.org/versions/
    """

    code = "HK303"
    name = "python-version-eol"
    severity = "error"
    summary = "the requested Python version is end-of-life on Heroku"

    invalid = [
        example({".python-version": "3.9\n"}, expect=((".python-version", 1),)),
        example(
            {"runtime.txt": "python-3.8.10\n"},
            drop=(".python-version",),
            expect=(("runtime.txt", 1),),
        ),
    ]
    valid = [example(), example({".python-version": "3.10\n"})]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        request = project.python_versions.effective
        if request is None:
            return
        version = request.version
        if python_versions.status(version.major, version.minor) != "eol":
            return
        newest = "{}.{}".format(*python_versions.newest_supported())
        yield self.finding(
            f"Python {version.major}.{version.minor} (from {request.relpath}) has reached "
            "end-of-life and Heroku no longer builds it: the build fails; request a supported "
            f"version such as `{newest}` in .python-version.",
            Location(request.relpath, request.line),
        )
