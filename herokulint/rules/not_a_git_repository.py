"""HK703 not-a-git-repository."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Rule
from . import anchor, example


class NotAGitRepository(Rule):
    """
    ## What it does
    Checks that the app root is inside a git work tree.

    ## Why it matters
    Heroku's standard deploy is `git push heroku main`: outside a repository there is nothing
    to push, and herokulint cannot check that the files the deploy needs are committed (HK702).

    ## Fix safety
    No automatic fix: `git init`, then commit the project.

    ## References
    - Heroku's Django guide: "a git repository"
    """

    code = "HK703"
    name = "not-a-git-repository"
    severity = "warning"
    summary = "the app root is not inside a git work tree"

    invalid = [example(git="none", expect=(("manage.py", 1),))]
    valid = [example()]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        if project.git is not None:
            return
        yield self.finding(
            msg(
                "The app is not in a git repository: `git push heroku main` has nothing to deploy "
                "and committed files cannot be checked; run `git init` and commit the project."
            ),
            anchor(project),
        )
