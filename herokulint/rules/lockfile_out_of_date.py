"""HK210 lockfile-out-of-date."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..project import ProjectModel
from ..rule import Location, Rule
from ._buildpack import buildpack_skipped, with_lock
from ._lockfiles import PIPFILE, PIPFILE_LOCK, UV_EMPTY_LOCK, UV_LOCK, UV_PY312_LOCK, UV_PYPROJECT


class LockfileOutOfDate(Rule):
    """
    ## What it does
    Checks that the lock file Heroku installs from is readable and matches its manifest:
    - `uv.lock`: valid TOML; the `requires-python`, dependencies and dependency groups uv
      recorded for the project are those of pyproject.toml (a dependency added, removed or
      given another version range since `uv lock`); a project entry without
      `[package.metadata]` was locked with no dependencies at all;
    - `poetry.lock`: valid TOML; its `content-hash` is the hash Poetry computes from
      pyproject.toml (reproduced exactly, including Poetry 2.3's change for dependency
      groups); the dependency or `requires-python` that changed is named when it can be;
    - `Pipfile.lock`: valid JSON (an object); its `_meta.hash.sha256` is Pipenv's hash of the
      Pipfile; a `[packages]` entry missing from the lock is named.

    ## Why it matters
    Heroku installs with the lock and refuses a stale one: "error: The lockfile at `uv.lock`
    needs to be updated, but `--locked` was provided." (uv), "pyproject.toml changed
    significantly since poetry.lock was last generated. Run `poetry lock` to fix the lock
    file." (Poetry), "Your Pipfile.lock (…) is out of date." (Pipenv), each followed by
    "Error: Unable to install dependencies using …". An unreadable Pipfile.lock fails earlier:
    "Error: Can't parse Pipfile.lock."

    ## Fix safety
    No automatic fix: herokulint never writes lock files. Run `uv lock`, `poetry lock` or
    `pipenv lock` and commit the result.

    ## References
    - heroku-buildpack-python `lib/uv.sh`, `lib/poetry.sh`, `lib/pipenv.sh`,
      `lib/python_version.sh`; fixtures `uv_lockfile_out_of_sync`,
      `poetry_lockfile_out_of_sync`, `pipenv_lockfile_out_of_sync`,
      `pipenv_lockfile_invalid_json`
    - poetry `packages/locker.py` (`_get_content_hash`); pipenv `utils/pipfile.py`
      (`calculate_hash`)
    """

    code = "HK210"
    name = "lockfile-out-of-date"
    severity = "error"
    summary = "`uv.lock`, `poetry.lock` or `Pipfile.lock` is invalid or does not match its manifest"

    invalid = [
        with_lock(
            {
                "pyproject.toml": UV_PYPROJECT.replace(
                    '["gunicorn>=23.0"]', '["gunicorn>=23.0", "whitenoise>=6.11"]'
                ),
                "uv.lock": UV_LOCK,
            },
            expect=(("pyproject.toml", 5),),
            note="whitenoise added to pyproject.toml after `uv lock`",
        ),
        with_lock(
            {"pyproject.toml": UV_PYPROJECT, "uv.lock": UV_EMPTY_LOCK},
            expect=(("pyproject.toml", 5),),
            note="uv.lock generated before the project had dependencies (no [package.metadata])",
        ),
        with_lock(
            {"pyproject.toml": UV_PYPROJECT, "uv.lock": UV_PY312_LOCK},
            expect=(("pyproject.toml", 4),),
            note="uv.lock generated when requires-python was `>=3.12`",
        ),
        with_lock(
            {"Pipfile": PIPFILE, "Pipfile.lock": "INVALID JSON"},
            expect=(("Pipfile.lock", 1),),
            note="Pipfile.lock contains `INVALID JSON`, as in the buildpack's own fixture",
        ),
        with_lock(
            {
                "Pipfile": PIPFILE.replace('gunicorn = "*"', 'gunicorn = "*"\nwhitenoise = "*"'),
                "Pipfile.lock": PIPFILE_LOCK,
            },
            expect=(("Pipfile", 8),),
            note="whitenoise added to the Pipfile after `pipenv lock`",
        ),
    ]
    valid = [
        with_lock({"pyproject.toml": UV_PYPROJECT, "uv.lock": UV_LOCK}),
        with_lock(
            {
                "pyproject.toml": UV_PYPROJECT.replace('["gunicorn>=23.0"]', "[]"),
                "uv.lock": UV_EMPTY_LOCK,
            },
            note="no dependencies, none locked",
        ),
        with_lock({"Pipfile": PIPFILE, "Pipfile.lock": PIPFILE_LOCK}),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        if buildpack_skipped(project):
            return
        for problem in project.dependencies.problems:
            if problem.kind == "lock":
                yield self.finding(problem.message, Location(problem.relpath, problem.line))
