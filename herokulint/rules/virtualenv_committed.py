"""HK214 virtualenv-committed."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example
from ._buildpack import buildpack_skipped

VENV_MARKERS = (".venv/pyvenv.cfg", "venv/pyvenv.cfg")
HEROKU_PYTHON = ".heroku/python"
PYVENV_CFG = "home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.13.5\n"


class VirtualenvCommitted(Rule):
    """
    ## What it does
    Checks that no virtual environment (`.venv/pyvenv.cfg`, `venv/pyvenv.cfg`) and nothing
    under `.heroku/python/` is committed to git. A local, git-ignored `.venv` is fine: only
    what git tracks reaches Heroku (without a repository this rule is silent).

    ## Why it matters
    The build stops: "Error: Existing '.venv/' directory found." ("Including a virtual
    environment directory in your app source isn't supported since the files within it are
    specific to a single machine") and "Error: Existing '.heroku/python/' directory found."
    (the buildpack installs Python there).

    ## Fix safety
    No automatic fix: `git rm -r --cached .venv` and add `.venv/` to `.gitignore`.

    ## References
    - heroku-buildpack-python `lib/checks.sh` (an error since v324, 2025-12-09); fixtures
      `venv_in_app_source`, `python_in_app_source`
    """

    code = "HK214"
    name = "virtualenv-committed"
    severity = "error"
    summary = "a virtualenv or `.heroku/python` is committed"

    invalid = [example({".venv/pyvenv.cfg": PYVENV_CFG}, expect=((".venv/pyvenv.cfg", 1),))]
    valid = [
        example(),
        example(
            {".venv/pyvenv.cfg": PYVENV_CFG, ".gitignore": ".venv/\n"},
            note="a git-ignored local virtualenv",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        git = project.git
        if git is None or buildpack_skipped(project):
            return
        candidates = [path for path in VENV_MARKERS if project.exists(path)]
        candidates += self._heroku_python_files(project)
        if not candidates:
            return
        for path, status in git.status(candidates).items():
            if status != "tracked":
                continue
            folder = path.split("/pyvenv.cfg")[0] if path.endswith("pyvenv.cfg") else HEROKU_PYTHON
            yield self.finding(
                msg(
                    '{folder}/ is committed ({path} is tracked by git): the build stops with "Existing '
                    "'{folder}/' directory found.\"; run `git rm -r --cached {folder}` and add "
                    "`{folder}/` to .gitignore.",
                    folder=folder,
                    path=path,
                ),
                Location(path),
            )
            if folder == HEROKU_PYTHON:
                return

    @staticmethod
    def _heroku_python_files(project: ProjectModel, limit: int = 20) -> list[str]:
        return project.files.files_below(HEROKU_PYTHON, limit)
