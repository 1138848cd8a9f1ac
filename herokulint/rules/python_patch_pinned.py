"""HK308 python-patch-pinned."""

from __future__ import annotations

from collections.abc import Iterator

from ..data import python_versions
from ..findings import Finding
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example
from ._buildpack import buildpack_skipped


class PythonPatchPinned(Rule):
    """
    ## What it does
    Checks that the Python version the build uses is requested as a major version (`3.13`),
    not an exact patch (`3.13.2`). A patch newer than any Heroku has (as of the data's date,
    per build system: the classic and Cloud Native buildpacks are released separately) is an
    error.

    ## Why it matters
    A patch pin stops the app from getting security releases: "We strongly recommend that you
    don't specify the Python patch version number, since it will pin your app to an exact
    Python version and so stop your app from receiving security updates each time it builds."
    An older patch also warns on every build ("Warning: A Python patch update is available!"),
    and one Heroku does not have fails it ("Error: The requested Python version isn't
    available.").

    ## Fix safety
    No automatic fix yet; a future safe fix rewrites `3.13.2` as `3.13` in `.python-version`
    (the buildpack then installs the newest 3.13).

    ## References
    - heroku-buildpack-python `lib/python_version.sh`, `lib/python.sh`; fixtures
      `python_version_outdated`, `python_version_non_existent_patch`,
      `pipenv_python_full_version`
    """

    code = "HK308"
    name = "python-patch-pinned"
    severity = "warning"
    summary = "the Python version pins an exact patch release"

    invalid = [
        example({".python-version": "3.13.0\n"}, expect=((".python-version", 1),)),
        example({".python-version": "3.12.999\n"}, expect=((".python-version", 1),)),
    ]
    valid = [example(), example({".python-version": "# Python\n3.12\n"})]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        request = project.python_versions.effective
        if request is None or buildpack_skipped(project):
            return
        version = request.version
        patch = version.patch
        if patch is None:
            return
        if python_versions.status(version.major, version.minor) not in ("supported", "deprecated"):
            return
        latest = python_versions.latest_patch(version.major, version.minor, project.target)
        if latest is None:
            return
        major = f"{version.major}.{version.minor}"
        newest = f"{major}.{latest}"
        if request.relpath == "Pipfile.lock":
            advice = f'ask for `python_version = "{major}"` in the Pipfile (not python_full_version) and run `pipenv lock`'
        else:
            advice = f"write `{major}` in {request.relpath} to always get the newest {major}"
        if patch > latest:
            yield self.finding(
                f"Python {version} (from {request.relpath}) is not a release Heroku has (the "
                f"newest {major} is {newest} as of {python_versions.AS_OF}): the build fails with "
                f'"The requested Python version isn\'t available."; {advice}.',
                Location(request.relpath, request.line),
                severity="error",
            )
            return
        state = (
            f"a patch update, {newest}, is available"
            if patch < latest
            else "future security releases will not be installed"
        )
        yield self.finding(
            f"{request.relpath} pins the exact patch Python {version}: {state}; {advice}.",
            Location(request.relpath, request.line),
        )
