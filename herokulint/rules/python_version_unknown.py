"""HK309 python-version-unknown."""

from __future__ import annotations

from collections.abc import Iterator

from ..data import python_versions
from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example
from ._buildpack import buildpack_skipped


class PythonVersionUnknown(Rule):
    """
    ## What it does
    Checks that the Python version the build will use is one Heroku knows: not newer than the
    newest it builds (3.14 as of the data's date), not 4.x.

    ## Why it matters
    The build fails before installing anything: "Error: The requested Python version isn't
    recognised." ("Check that this Python version has been officially released, and that the
    Python buildpack has added support for it").

    ## Fix safety
    No automatic fix: request a released version (`3.14`). If a new Python has just come out,
    refresh herokulint's data (and Heroku's buildpack may need a release too).

    ## References
    - heroku-buildpack-python `lib/python_version.sh`
      (`NEWEST_SUPPORTED_PYTHON_3_MINOR_VERSION`); fixture `python_version_non_existent_major`
    """

    code = "HK309"
    name = "python-version-unknown"
    severity = "error"
    summary = "the requested Python version is newer than any Heroku builds"

    invalid = [
        example({".python-version": "3.15\n"}, expect=((".python-version", 1),)),
        example({".python-version": "4.0\n"}, expect=((".python-version", 1),)),
    ]
    valid = [example(), example({".python-version": "3.14\n"})]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        request = project.python_versions.effective
        if request is None or buildpack_skipped(project):
            return
        version = request.version
        if python_versions.status(version.major, version.minor) != "unknown":
            return
        newest = "{}.{}".format(*python_versions.newest_supported())
        yield self.finding(
            msg(
                "Python {major}.{minor} (from {relpath}) is not a version Heroku builds (the newest "
                'is {newest} as of {AS_OF}): the build fails with "The requested Python version '
                "isn't recognised.\"; request `{newest}`.",
                major=version.major,
                minor=version.minor,
                relpath=request.relpath,
                newest=newest,
                AS_OF=python_versions.AS_OF,
            ),
            Location(request.relpath, request.line),
        )
