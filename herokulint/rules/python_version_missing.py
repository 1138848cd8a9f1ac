"""HK301 python-version-missing."""

from __future__ import annotations

from collections.abc import Iterator

from ..data import python_versions
from ..edits import Edit
from ..findings import Finding, Fix
from ..i18n import concat, msg
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example
from ._buildpack import buildpack_skipped, with_lock
from ._fixes import (
    app_in_subfolder,
    newest_minor,
    no_python_for_django,
    request_version,
    subfolder_advice,
)
from ._lockfiles import PIPFILE, PIPFILE_LOCK, UV_LOCK, UV_PYPROJECT


class PythonVersionMissing(Rule):
    """
    ## What it does
    Checks that the app says which Python it needs: a `.python-version` file (or the
    deprecated `runtime.txt`; on the classic buildpack, the Python version in `Pipfile.lock`
    also counts, even beside another package manager's file). `requires-python` in pyproject.toml does not: Heroku never
    reads it to choose a version.

    ## Why it matters
    Without one, Heroku builds with its current default and warns: "Warning: No Python version
    was specified." ("In the future we will require the use of a .python-version file and this
    warning will be made an error."). The default moves with each buildpack release, so a
    deploy can switch Python under you. With uv it is already an error: "Error: No Python
    version was specified." ("When using the package manager uv on Heroku, you must specify
    your app's Python version with a .python-version file.").

    ## Fix safety
    Unsafe: `--unsafe-fixes` creates `.python-version` requesting the newest version Heroku
    supports that the app's declared Django release and `requires-python` allow (`3.14` as of
    the data's date; `3.12` for Django 4.2). It is unsafe because that may not be the version
    you develop and test with: if it is not, write yours instead.

    ## References
    - heroku-buildpack-python `lib/python_version.sh`; fixtures `python_version_unspecified`,
      `uv_no_python_version_file`, `pipenv_python_version_unspecified`
    """

    code = "HK301"
    name = "python-version-missing"
    severity = "warning"
    summary = "no `.python-version` (or `runtime.txt`, or Pipfile.lock version)"
    fix_applicability = "unsafe"

    invalid = [
        example(
            drop=(".python-version",),
            expect=(("manage.py", 1),),
            fixed={".python-version": "3.14\n"},
        ),
        example(
            {"requirements.txt": "Django==4.2.16\ngunicorn==23.0.0\n"},
            drop=(".python-version",),
            expect=(("manage.py", 1),),
            fixed={".python-version": "3.12\n"},
            note="Django 4.2 supports Python up to 3.12",
        ),
        with_lock(
            {"pyproject.toml": UV_PYPROJECT, "uv.lock": UV_LOCK},
            drop=("requirements.txt", ".python-version"),
            expect=(("manage.py", 1),),
            note="an error with uv",
        ),
    ]
    valid = [
        example(),
        example({"runtime.txt": "python-3.13\n"}, drop=(".python-version",)),
        with_lock(
            {"Pipfile": PIPFILE, "Pipfile.lock": PIPFILE_LOCK},
            drop=("requirements.txt", ".python-version"),
            note="Pipfile.lock records python_version 3.13",
        ),
        with_lock(
            {"Pipfile": PIPFILE, "Pipfile.lock": PIPFILE_LOCK},
            drop=(".python-version",),
            note="beside requirements.txt (HK202): Pipfile.lock still requests 3.13",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        versions = project.python_versions
        if versions.declared or buildpack_skipped(project):
            return
        if project.target == "fir" and project.exists("runtime.txt"):
            return  # HK302: runtime.txt is an error on fir; move it to .python-version
        if project.target == "cedar" and versions.misspelled:
            return  # HK306: the misspelled file fails the build first
        major, minor = python_versions.DEFAULT_MINOR
        uv = project.dependencies.manager == "uv"
        wanted = newest_minor(project)
        advice = (
            msg("create .python-version containing `{wanted}`", wanted=wanted)
            if wanted is not None
            else no_python_for_django(project)
        )
        message = msg(
            "No .python-version: Heroku builds with its default (Python {major}.{minor} as of "
            "{AS_OF}), which can change on any deploy; {advice}.",
            major=major,
            minor=minor,
            AS_OF=python_versions.AS_OF,
            advice=advice,
        )
        if uv:
            message = concat(
                message, msg(' uv builds fail without it ("No Python version was specified.").')
            )
        elif "uv" in project.dependencies_by_manager:
            message = concat(
                message,
                msg(
                    " With uv.lock kept (one package manager only, HK202), the build fails without it "
                    '("No Python version was specified.").'
                ),
            )
        elif project.target == "fir" and versions.misspelled:
            message = concat(
                message,
                msg(
                    " ({misspelled!r} is not read: the name must be .python-version.)",
                    misspelled=versions.misspelled[0],
                ),
            )
        subfolder = app_in_subfolder(project)
        if subfolder is not None:
            message = concat(message, subfolder_advice(subfolder))
        yield self.finding(
            message,
            Location(project.anchor()),
            severity="error" if uv else None,
            fix=self.fix(project, wanted) if wanted is not None and subfolder is None else None,
        )

    @staticmethod
    def fix(project: ProjectModel, minor: str) -> Fix:
        def build() -> tuple[Edit, ...]:
            return request_version(project, minor)

        return Fix(
            "unsafe", msg("Create .python-version requesting Python {minor}", minor=minor), build
        )
