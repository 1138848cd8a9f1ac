"""HK306 python-version-file-misspelled."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from ..edits import DeleteFile, Edit, FixError
from ..findings import Finding, Fix
from ..i18n import msg
from ..project import ProjectModel
from ..project.files import TextFile
from ..project.python_version import parse_version_file
from ..rule import Location, Rule
from . import example
from ._buildpack import buildpack_skipped
from ._fixes import rename, same_file


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
    Safe: `--fix` renames the file to `.python-version`, its content unchanged, so the build
    reads the version you wrote; not when the content is not a valid `.python-version` (such
    as runtime.txt's `python-3.13.1`), nor when .gitignore ignores `.python-version`. When `.python-version` exists too, the misspelled file is
    deleted, but only when it asks for the same version (the build never read it); when the
    two disagree, which one you meant is your call. A case-only rename (`.Python-version`) on
    a case-insensitive file system is refused: use `git mv`.

    ## References
    - heroku-buildpack-python `lib/python_version.sh`
      (`MISSPELLED_PYTHON_VERSION_FILE_NAMES`); fixture `python_version_file_misspelled`
    """

    code = "HK306"
    name = "python-version-file-misspelled"
    severity = "error"
    summary = "a misspelled `.python-version` file the buildpack rejects"
    fix_applicability = "safe"

    invalid = [
        example(
            {"python-version": "3.13\n"},
            drop=(".python-version",),
            expect=(("python-version", 1),),
            fixed={"python-version": None, ".python-version": "3.13\n"},
        ),
        example(
            {".python-version ": "# same\n3.13\n"},
            expect=((".python-version ", 1),),
            note="a trailing space in the name, next to the right file",
            fixed={".python-version ": None, ".python-version": "3.13\n"},
        ),
        example(
            {".python_version": "3.12\n"},
            expect=((".python_version", 1),),
            note="it asks for another version than .python-version (3.13): no automatic fix",
        ),
        example(
            {"python-version": "python-3.13.1\n"},
            drop=(".python-version",),
            expect=(("python-version", 1),),
            note="runtime.txt's form, not valid in .python-version: no automatic fix",
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
                msg("delete it (.python-version exists)")
                if correct
                else msg("rename it to .python-version")
            )
            yield self.finding(
                msg(
                    '{name!r} is a misspelling of .python-version: the build stops with "Your '
                    '.python-version file is spelled incorrectly."; {action}.',
                    name=name,
                    action=action,
                ),
                Location(name),
                fix=self.fix(project, name, correct),
            )

    @staticmethod
    def fix(project: ProjectModel, name: str, correct: bool) -> Optional[Fix]:
        if not correct:
            if not _valid_as_python_version(project, name):
                return None  # e.g. `python-3.13.1`: runtime.txt's form, which HK305 would reject

            def build_rename() -> tuple[Edit, ...]:
                git = project.git
                if git is not None and git.would_ignore(".python-version"):
                    raise FixError(
                        msg(
                            ".python-version is ignored by .gitignore, so Heroku would never see it: remove it "
                            "from .gitignore first"
                        )
                    )
                return rename(project, name, ".python-version")

            return Fix("safe", msg("Rename {name!r} to .python-version", name=name), build_rename)
        if not _same_request(project, name):
            return None

        def build_delete() -> tuple[Edit, ...]:
            if same_file(project, name, ".python-version"):
                raise FixError(
                    msg(
                        "{name!r} and .python-version are the same file on this case-insensitive file "
                        "system: run `git mv {name!r} .python-version`",
                        name=name,
                    )
                )
            return (DeleteFile(name),)

        return Fix(
            "safe",
            msg("Delete {name!r} (.python-version asks for the same version)", name=name),
            build_delete,
        )


def _valid_as_python_version(project: ProjectModel, name: str) -> bool:
    """True when the misspelled file's content is what .python-version accepts."""
    file = project.text(name)
    if file is None:
        return False
    request, problems = parse_version_file(TextFile(".python-version", file.text))
    return request is not None and not problems


def _same_request(project: ProjectModel, name: str) -> bool:
    """True when the misspelled file asks for the version .python-version asks for."""
    file = project.text(name)
    current = project.python_versions.requests.get(".python-version")
    if file is None or current is None:
        return False
    request, _ = parse_version_file(TextFile(".python-version", file.text))
    return request is not None and request.version == current.version
