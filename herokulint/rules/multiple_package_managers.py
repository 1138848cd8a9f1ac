"""HK202 multiple-package-managers."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..project.dependencies import TOOL_NAMES
from ..rule import Location, Rule
from . import example
from ._buildpack import buildpack_skipped


class MultiplePackageManagers(Rule):
    """
    ## What it does
    Checks that exactly one package manager file is at the app root: `requirements.txt`,
    `Pipfile.lock`, `poetry.lock` or `uv.lock` (on the Cloud Native Buildpack, `--target fir`,
    a `Pipfile.lock` is not read and does not count).

    ## Why it matters
    Since buildpack v325 (10 December 2025) several of them stop the build: "Error: Multiple
    Python package manager files were found." ("You must decide which package manager you want
    to use with your app, and then delete the file(s) and any config from the others."). The
    usual culprit is a `requirements.txt` exported for another tool, or written by a
    third-party uv or Poetry buildpack, next to `uv.lock` or `poetry.lock`.

    ## Fix safety
    No automatic fix: herokulint cannot know which manager you use. Delete the other files.

    ## References
    - heroku-buildpack-python `lib/package_manager.sh`; fixture `multiple_package_managers`
    - heroku/buildpacks-python `src/package_manager.rs`
    """

    code = "HK202"
    name = "multiple-package-managers"
    severity = "error"
    summary = "more than one package manager file at the root"

    invalid = [
        example(
            {"uv.lock": "", "pyproject.toml": '[project]\nname = "mysite"\nversion = "0.1.0"\n'},
            expect=(("requirements.txt", 1),),
            note="requirements.txt (pip) beside uv.lock (uv)",
        ),
        example({"Pipfile.lock": "", "Pipfile": ""}, expect=(("requirements.txt", 1),)),
    ]
    valid = [example()]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        present = project.dependencies.present
        if len(present) < 2 or buildpack_skipped(project):
            return
        listed = ", ".join(f"{name} ({TOOL_NAMES[manager]})" for name, manager in present)
        names = [name for name, _ in present]
        # A requirements.txt next to a lock file is usually the stray export.
        culprit = "requirements.txt" if "requirements.txt" in names else names[-1]
        yield self.finding(
            msg(
                "Several package manager files are at the app root ({listed}): the build stops with "
                '"Multiple Python package manager files were found."; keep the one you use and '
                "delete the others (here probably {culprit}).",
                listed=listed,
                culprit=culprit,
            ),
            Location(culprit),
        )
