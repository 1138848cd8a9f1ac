"""HK301 python-version-missing."""

from __future__ import annotations

from collections.abc import Iterator

from ..data import python_versions
from ..findings import Finding
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example


class PythonVersionMissing(Rule):
    """
    ## What it does
    Checks that the app says which Python it needs, in a `.python-version` file (or the
    deprecated `runtime.txt`).

    ## Why it matters
    Without one, Heroku builds with its current default and warns: "Warning: No Python version
    was specified." ("In the future we will require the use of a .python-version file and this
    warning will be made an error."). The default moves with each buildpack release, so a
    deploy can switch Python under you. With uv it is already an error.

    ## Fix safety
    No automatic fix yet: create `.python-version` containing the major version, e.g. `3.14`.

    ## References
    - heroku-buildpack-python `lib/python_version.sh`; fixture `python_version_unspecified`
    """

    code = "HK301"
    name = "python-version-missing"
    severity = "warning"
    summary = "no `.python-version` (or `runtime.txt`)"

    invalid = [example(drop=(".python-version",), expect=(("manage.py", 1),))]
    valid = [example(), example({"runtime.txt": "python-3.13\n"}, drop=(".python-version",))]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        if project.exists(".python-version") or project.exists("runtime.txt"):
            return
        if project.files.read(".python-version") is not None:
            return  # present but unreadable: HK305 reports it
        major, minor = python_versions.DEFAULT_MINOR
        uv = project.dependencies.manager == "uv"
        yield self.finding(
            f"No .python-version: Heroku builds with its default (Python {major}.{minor} as of "
            f"{python_versions.AS_OF}), which can change on any deploy; create .python-version "
            f"containing `{major}.{minor}`." + (" uv builds fail without it." if uv else ""),
            Location(project.anchor()),
            severity="error" if uv else None,
        )
