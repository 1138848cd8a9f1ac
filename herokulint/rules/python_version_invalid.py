"""HK305 python-version-invalid."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example
from ._buildpack import buildpack_skipped, with_lock
from ._lockfiles import PIPFILE_CARET, PIPFILE_CARET_LOCK


class PythonVersionInvalid(Rule):
    """
    ## What it does
    Checks `.python-version` and `runtime.txt` against the buildpack's grammar: exactly one
    version line (`3.14` or `3.14.7`; `python-3.14` in `runtime.txt`), comments only on lines
    of their own, UTF-8 without a byte-order mark. For Pipenv apps on the classic buildpack,
    the `python_full_version` / `python_version` in `Pipfile.lock` too (`3.12` or `3.12.4`;
    no `^3.12`, no `3.9.*`).

    ## Why it matters
    Each mistake fails the build before anything is installed: "Error: Invalid Python version
    in .python-version.", "Error: No Python version found in .python-version.", "Error:
    Multiple Python versions found in .python-version.", "Error: Unable to read
    .python-version." (a BOM or UTF-16, often from a Windows shell redirect), "Error: Invalid
    Python version in runtime.txt.", "Error: Invalid Python version in Pipfile.lock.".

    ## Fix safety
    No automatic fix: write a single line such as `3.14`.

    ## References
    - heroku-buildpack-python `lib/python_version.sh`; fixtures `python_version_file_*`,
      `runtime_txt_invalid_version`, `pipenv_python_version_invalid`,
      `pipenv_python_full_version_invalid`
    """

    code = "HK305"
    name = "python-version-invalid"
    severity = "error"
    summary = "a Python version file Heroku cannot read"

    invalid = [
        example({".python-version": "3.13 # latest\n"}, expect=((".python-version", 1),)),
        example({".python-version": "# pinned\n3.12\n3.13\n"}, expect=((".python-version", 3),)),
        example({".python-version": "python-3.13\n"}, expect=((".python-version", 1),)),
        example({"runtime.txt": "3.13\n"}, drop=(".python-version",), expect=(("runtime.txt", 1),)),
        with_lock(
            {"Pipfile": PIPFILE_CARET, "Pipfile.lock": PIPFILE_CARET_LOCK},
            drop=("requirements.txt", ".python-version"),
            expect=(("Pipfile.lock", 8),),
        ),
        with_lock(
            {"Pipfile": PIPFILE_CARET, "Pipfile.lock": PIPFILE_CARET_LOCK},
            drop=(".python-version",),
            expect=(("Pipfile.lock", 8),),
            note="beside requirements.txt too (HK202)",
        ),
    ]
    valid = [example(), example({".python-version": "# Heroku reads this\n  3.13  \n"})]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        if buildpack_skipped(project):
            return
        versions = project.python_versions
        # On fir runtime.txt is an error whatever it holds (HK302 says so).
        ignored = ("runtime.txt",) if project.target == "fir" else ()
        for name, error in versions.unreadable.items():
            if name in ignored:
                continue
            yield self.finding(
                msg(
                    "{name} {reason}: Heroku cannot read it; write a single line such as `3.14`.",
                    name=name,
                    reason=error.reason,
                ),
                Location(name),
            )
        for problem in versions.problems:
            if problem.relpath not in ignored:
                yield self.finding(problem.message, Location(problem.relpath, problem.line))
