"""HK306 python-version-file-misspelled."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example
from ._buildpack import buildpack_skipped


class PythonVersionFileMisspelled(Rule):
    """
    ## What it does
    Checks the app root for the misspellings of `.python-version` the classic buildpack
    refuses: `python-version`, `.python_version`, `.python-version.txt`, `.Python-version`,
    `".python-version "` with a trailing space, and the others of its list.

    ## Why it matters
    The buildpack checks these before reading the version (unless a `runtime.txt` exists) and
    stops, even when a correct `.python-version` is there too: "Error: Your .python-version
    file is spelled incorrectly." ("You must rename your file to the correct name.").

    ## Fix safety
    No automatic fix yet; a future safe fix renames the file to `.python-version` (or deletes
    it when a correct one exists).

    ## References
    - heroku-buildpack-python `lib/python_version.sh`
      (`MISSPELLED_PYTHON_VERSION_FILE_NAMES`); fixture `python_version_file_misspelled`
    """

    code = "HK306"
    name = "python-version-file-misspelled"
    severity = "error"
    summary = "a misspelled `.python-version` file the buildpack rejects"

    invalid = [
        example(
            {"python-version": "3.13\n"}, drop=(".python-version",), expect=(("python-version", 1),)
        ),
        example(
            {".python-version ": "3.13\n"},
            expect=((".python-version ", 1),),
            note="a trailing space in the name, next to the right file",
        ),
    ]
    valid = [example()]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        if project.target == "fir" or buildpack_skipped(project):
            return
        if project.files.read("runtime.txt") is not None:
            return  # the buildpack only looks for misspellings without a runtime.txt
        correct = project.exists(".python-version")
        for name in project.python_versions.misspelled:
            action = (
                "delete it (.python-version exists)" if correct else "rename it to .python-version"
            )
            yield self.finding(
                f'{name!r} is a misspelling of .python-version: the build stops with "Your '
                f'.python-version file is spelled incorrectly."; {action}.',
                Location(name),
            )
