"""HK303 python-version-eol."""

from __future__ import annotations

from collections.abc import Iterator

from ..data import python_versions
from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example
from ._buildpack import buildpack_skipped, with_lock
from ._fixes import newest_minor, no_python_for_django, python_version_fix
from ._lockfiles import PIPFILE_PY38, PIPFILE_PY38_LOCK


class PythonVersionEol(Rule):
    """
    ## What it does
    Checks that the Python version the build will use is one Heroku still builds (3.10 or
    newer, as of the data's date): from `runtime.txt`, `.python-version`, or for Pipenv apps
    `Pipfile.lock` (`python_full_version`, else `python_version`), whichever the buildpack
    reads first. A `Pipfile.lock` beside another package manager's file counts too: that
    build stops first (`multiple-package-managers`), and keeping the lock keeps its version.

    ## Why it matters
    An end-of-life version fails the build: "Error: The requested Python version has reached
    end-of-life." ("Please upgrade to at least Python 3.10"). The original Heroku Django guide
    pinned `python-3.8.10` in `runtime.txt`; following it today fails.

    ## Fix safety
    Unsafe: `--unsafe-fixes` requests the newest version Heroku supports (`3.14` as of the
    data's date; the newest that `requires-python` and the declared Django release allow:
    `3.12` for Django 4.2) in `.python-version`: the version line is replaced (comments kept), or the file is created;
    a `runtime.txt` is deleted, its request moved there. It is unsafe because your code and
    dependencies may need changes to run on the new version. A version that comes from
    Pipfile.lock is not fixed: change `[requires]` in the Pipfile and run `pipenv lock`.

    ## References
    - heroku-buildpack-python `lib/python_version.sh` (oldest supported minor: 3.10); fixtures
      `python_version_eol`, `runtime_txt_eol_version`, `pipenv_python_version_eol`
    - https://devguide.python.org/versions/
    """

    code = "HK303"
    name = "python-version-eol"
    severity = "error"
    summary = "the requested Python version is end-of-life on Heroku"
    fix_applicability = "unsafe"

    invalid = [
        example(
            {".python-version": "# the app's Python\n3.9\n"},
            expect=((".python-version", 2),),
            fixed={".python-version": "# the app's Python\n3.14\n"},
        ),
        example(
            {"runtime.txt": "python-3.8.10\n"},
            drop=(".python-version",),
            expect=(("runtime.txt", 1),),
            fixed={"runtime.txt": None, ".python-version": "3.14\n"},
        ),
        with_lock(
            {"Pipfile": PIPFILE_PY38, "Pipfile.lock": PIPFILE_PY38_LOCK},
            drop=("requirements.txt", ".python-version"),
            expect=(("Pipfile.lock", 8),),
        ),
        with_lock(
            {"Pipfile": PIPFILE_PY38, "Pipfile.lock": PIPFILE_PY38_LOCK},
            drop=(".python-version",),
            expect=(("Pipfile.lock", 8),),
            note="beside requirements.txt (HK202): keeping the lock, as HK202 suggests, keeps 3.8",
        ),
    ]
    valid = [example(), example({".python-version": "3.10\n"})]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        request = project.python_versions.effective
        if request is None or buildpack_skipped(project):
            return
        version = request.version
        if python_versions.status(version.major, version.minor) != "eol":
            return
        newest = newest_minor(project)
        if newest is None:
            advice = no_python_for_django(project)
        elif request.relpath == "Pipfile.lock":
            advice = msg(
                'request a supported version: python_version = "{newest}" under [requires] in the '
                "Pipfile, then `pipenv lock`",
                newest=newest,
            )
        else:
            advice = msg(
                "request a supported version: `{newest}` in .python-version", newest=newest
            )
        source = request.relpath
        if source == "Pipfile.lock" and len(project.dependencies.present) > 1:
            source = msg(
                "Pipfile.lock, which Pipenv's build reads once the other package manager files are "
                "gone"
            )
        yield self.finding(
            msg(
                "Python {major}.{minor} (from {source}) has reached end-of-life and Heroku no longer "
                'builds it: the build fails with "The requested Python version has reached '
                'end-of-life."; {advice}.',
                major=version.major,
                minor=version.minor,
                source=source,
                advice=advice,
            ),
            Location(request.relpath, request.line),
            fix=python_version_fix(project, request, newest),
        )
