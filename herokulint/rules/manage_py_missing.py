"""HK001 manage-py-missing."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Rule
from . import MANAGE_PY, anchor, example
from ._buildpack import buildpack_skipped


class ManagePyMissing(Rule):
    """
    ## What it does
    Checks that a `manage.py` exists at the app root or up to two folders below it, where
    Heroku's classic Python buildpack looks for it (the shallowest one wins; symlinks are not
    followed).

    ## Why it matters
    Without it the build prints "Skipping Django collectstatic since no manage.py file found."
    and no static files are collected; herokulint cannot find the Django project either. A
    `manage.py` deeper in the tree usually means herokulint (or Heroku's app root) points at
    the wrong folder.

    ## Fix safety
    No automatic fix: run herokulint on the folder you push to Heroku (the one holding
    `manage.py`, or its parent).

    ## References
    - heroku-buildpack-python `bin/steps/collectstatic` (`find . -maxdepth 3 -type f -name
      manage.py`)
    """

    code = "HK001"
    name = "manage-py-missing"
    severity = "error"
    summary = "no `manage.py` at the app root or up to two folders below"

    invalid = [example(drop=("manage.py",), expect=(("requirements.txt", 1),))]
    valid = [
        example(),
        example(
            {"backend/manage.py": MANAGE_PY},
            drop=("manage.py",),
            note="two levels down is still found, as the buildpack does",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        if project.manage_py is not None:
            return
        skips = "" if buildpack_skipped(project) else msg("Heroku skips collectstatic and ")
        yield self.finding(
            msg(
                "No manage.py at the app root or up to two folders below it: {skips}herokulint "
                "cannot find the Django project; run herokulint on the folder you deploy.",
                skips=skips,
            ),
            anchor(project),
        )
