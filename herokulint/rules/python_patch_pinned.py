"""HK308 python-patch-pinned."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from ..data import python_versions
from ..edits import Edit, FixError
from ..findings import Finding, Fix
from ..i18n import msg
from ..project import ProjectModel, VersionRequest
from ..rule import Location, Rule
from ..textedits import replace_in_line
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
    Safe: `--fix` rewrites `3.13.2` as `3.13` in `.python-version` (`python-3.13.2` as
    `python-3.13` in `runtime.txt`), the rest of the file unchanged: the build then installs
    the newest 3.13, the same release series with its security fixes, as Heroku recommends.
    A version from Pipfile.lock is not fixed: change the Pipfile and run `pipenv lock`.

    ## References
    - heroku-buildpack-python `lib/python_version.sh`, `lib/python.sh`; fixtures
      `python_version_outdated`, `python_version_non_existent_patch`,
      `pipenv_python_full_version`
    """

    code = "HK308"
    name = "python-patch-pinned"
    severity = "warning"
    summary = "the Python version pins an exact patch release"
    fix_applicability = "safe"

    invalid = [
        example(
            {".python-version": "3.13.0\n"},
            expect=((".python-version", 1),),
            fixed={".python-version": "3.13\n"},
        ),
        example(
            {".python-version": "# pinned for the demo\n  3.12.999  \n"},
            expect=((".python-version", 2),),
            fixed={".python-version": "# pinned for the demo\n  3.12  \n"},
        ),
        example(
            {"runtime.txt": "python-3.13.2"},
            drop=(".python-version",),
            expect=(("runtime.txt", 1),),
            fixed={"runtime.txt": "python-3.13"},
        ),
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
            advice = msg(
                'ask for `python_version = "{major}"` in the Pipfile (not python_full_version) and '
                "run `pipenv lock`",
                major=major,
            )
        else:
            written = f"python-{major}" if request.relpath == "runtime.txt" else major
            advice = msg(
                "write `{written}` in {relpath} to always get the newest {major}",
                written=written,
                relpath=request.relpath,
                major=major,
            )
        if patch > latest:
            yield self.finding(
                msg(
                    "Python {version} (from {relpath}) is not a release Heroku has (the newest {major} "
                    'is {newest} as of {AS_OF}): the build fails with "The requested Python version '
                    "isn't available.\"; {advice}.",
                    version=version,
                    relpath=request.relpath,
                    major=major,
                    newest=newest,
                    AS_OF=python_versions.AS_OF,
                    advice=advice,
                ),
                Location(request.relpath, request.line),
                severity="error",
                fix=self.fix(project, request),
            )
            return
        state = (
            msg("a patch update, {newest}, is available", newest=newest)
            if patch < latest
            else msg("future security releases will not be installed")
        )
        yield self.finding(
            msg(
                "{relpath} pins the exact patch Python {version}: {state}; {advice}.",
                relpath=request.relpath,
                version=version,
                state=state,
                advice=advice,
            ),
            Location(request.relpath, request.line),
            fix=self.fix(project, request),
        )

    @staticmethod
    def fix(project: ProjectModel, request: VersionRequest) -> Optional[Fix]:
        if request.relpath not in (".python-version", "runtime.txt"):
            return None  # Pipfile.lock: the Pipfile and `pipenv lock`
        version = request.version
        prefix = "python-" if request.relpath == "runtime.txt" else ""
        new = f"{prefix}{version.major}.{version.minor}"

        def build() -> tuple[Edit, ...]:
            file = project.text(request.relpath)
            if file is None:
                raise FixError(msg("{relpath} cannot be read", relpath=request.relpath))
            return (replace_in_line(request.relpath, file.text, request.line, request.raw, new),)

        return Fix(
            "safe", msg("Request `{new}` instead of `{raw}`", new=new, raw=request.raw), build
        )
