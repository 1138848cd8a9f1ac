"""HK203 pipfile-without-lock."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example
from ._buildpack import buildpack_skipped

PIPFILE = """\
[packages]
django = "*"
gunicorn = "*"

[requires]
python_version = "3.13"
"""


class PipfileWithoutLock(Rule):
    """
    ## What it does
    Checks that a `Pipfile` comes with its `Pipfile.lock` (classic buildpack).

    ## Why it matters
    The classic buildpack checks this before anything else, so it fails even when a
    `requirements.txt` is also present: "Error: No 'Pipfile.lock' found!" ("Using Pipenv in
    this way is unsafe and no longer supported."). The Cloud Native Buildpack ignores Pipfiles
    altogether; `package-manager-missing` covers that case.

    ## Fix safety
    No automatic fix: run `pipenv lock` and commit `Pipfile.lock`, or delete the `Pipfile`
    if you use another package manager.

    ## References
    - heroku-buildpack-python `lib/package_manager.sh` (an error since v292, 2025-07-23);
      fixture `pipenv_no_lockfile`
    """

    code = "HK203"
    name = "pipfile-without-lock"
    severity = "error"
    summary = "a `Pipfile` without its `Pipfile.lock`"

    invalid = [
        example({"Pipfile": PIPFILE}, drop=("requirements.txt",), expect=(("Pipfile", 1),)),
        example({"Pipfile": PIPFILE}, expect=(("Pipfile", 1),), note="requirements.txt too"),
    ]
    valid = [example()]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        if project.target == "fir" or buildpack_skipped(project):
            return
        if not project.exists("Pipfile") or project.exists("Pipfile.lock"):
            return
        yield self.finding(
            msg(
                "Pipfile has no Pipfile.lock: the build stops with \"No 'Pipfile.lock' found!\", even "
                "with a requirements.txt; run `pipenv lock` and commit Pipfile.lock, or delete the "
                "Pipfile if you use another package manager."
            ),
            Location("Pipfile"),
        )
