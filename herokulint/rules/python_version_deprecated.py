"""HK304 python-version-deprecated."""

from __future__ import annotations

from collections.abc import Iterator

from ..data import python_versions
from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example
from ._buildpack import buildpack_skipped
from ._django import python_support
from ._fixes import newest_minor, python_version_fix


class PythonVersionDeprecated(Rule):
    """
    ## What it does
    Checks that the Python version the build will use is not one Heroku has announced it will
    stop building (3.10, to be removed on 2027-01-06, as of the data's date).

    ## Why it matters
    The build still works but warns: "Warning: Support for Python 3.10 is deprecated!"
    ("Python 3.10 will reach its upstream end-of-life in October 2026, at which point it will
    no longer receive security updates" … "support for Python 3.10 will be removed from this
    buildpack on 6th January 2027."). After that date the same app no longer builds.

    ## Fix safety
    Unsafe: `--unsafe-fixes` requests the newest version Heroku supports (`3.14` as of the
    data's date; the newest that `requires-python` and the declared Django release allow:
    `3.12` for Django 4.2) in `.python-version`: the version line is replaced (comments kept), or the file is created;
    a `runtime.txt` is deleted, its request moved there. It is unsafe because your code and
    dependencies may need changes to run on the new version. A version that comes from
    Pipfile.lock is not fixed: change `[requires]` in the Pipfile and run `pipenv lock`.

    ## References
    - heroku-buildpack-python `lib/python_version.sh` (deprecated in v321, 2025-11-21);
      fixtures `python_3.10`, `pip_oldest_python`
    """

    code = "HK304"
    name = "python-version-deprecated"
    severity = "warning"
    summary = "the requested Python version is deprecated on Heroku (3.10)"
    fix_applicability = "unsafe"

    invalid = [
        example(
            {".python-version": "3.10\n"},
            expect=((".python-version", 1),),
            fixed={".python-version": "3.14\n"},
        ),
        example(
            {"runtime.txt": "python-3.10.19\n"},
            drop=(".python-version",),
            expect=(("runtime.txt", 1),),
            fixed={"runtime.txt": None, ".python-version": "3.14\n"},
        ),
    ]
    valid = [example(), example({".python-version": "3.11\n"})]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        request = project.python_versions.effective
        if request is None or buildpack_skipped(project):
            return
        version = request.version
        if python_versions.status(version.major, version.minor) != "deprecated":
            return
        removal = python_versions.removal_date(version.major, version.minor)
        newest = newest_minor(project)
        current = f"{version.major}.{version.minor}"
        if newest is None or newest == current:
            found = python_support(project)
            advice = (
                msg(
                    "Django {version} supports no newer Python: upgrade Django, then Python",
                    version=found[0].version or f"{found[1][0]}.{found[1][1]}",
                )
                if found is not None
                else msg("upgrade Django, then Python")
            )
        else:
            advice = msg("upgrade, e.g. to `{newest}`", newest=newest)
        yield self.finding(
            msg(
                "Python {current} (from {relpath}) is deprecated on Heroku and will no longer build "
                "after {removal}; {advice}.",
                current=current,
                relpath=request.relpath,
                removal=removal,
                advice=advice,
            ),
            Location(request.relpath, request.line),
            fix=python_version_fix(project, request, newest),
        )
