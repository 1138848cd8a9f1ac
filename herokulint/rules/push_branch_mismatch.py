"""HK706 push-branch-mismatch."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Optional

from ..findings import Finding
from ..gitrepo import DEPLOY_BRANCHES
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Location, Rule
from . import anchor, example

# A guide's push of the master branch: `git push heroku master` (not `master:main`).
PUSH_MASTER = re.compile(r"git push heroku master(?![\w:/-])")
README = re.compile(r"readme(\.[\w.]+)?", re.IGNORECASE)
GUIDE_README = "## Deploy\n\n```\nheroku create\ngit push heroku master\n```\n"


class PushBranchMismatch(Rule):
    """
    ## What it does
    Checks that the branch you would push is one Heroku builds. It reports:
    - a current branch that is neither `main` nor `master` (e.g. `feature`): push it with
      `git push heroku HEAD:main`;
    - a repository on `main` with no `master` branch whose committed README says
      `git push heroku master`, as the older guides do.

    Silent outside a git repository, on a detached HEAD, and when git is not installed.

    ## Why it matters
    Heroku builds only what is pushed to its `main` or `master` branch: `git push heroku
    feature` sends the commits and deploys nothing. And `git push heroku master` from a
    repository whose branch is `main` fails with git's "error: src refspec master does not
    match any", a common first-deploy stop for anyone following an older guide.

    ## Fix safety
    No automatic fix: push with `git push heroku main` (or `git push heroku HEAD:main` from
    another branch), and update the README's command.

    ## References
    - Heroku Dev Center: "Deploying with Git" (deploying from a branch besides main)
    """

    code = "HK706"
    name = "push-branch-mismatch"
    severity = "info"
    summary = "the current branch is not `main`/`master`, or the README pushes a missing `master`"

    invalid = [
        example(
            git_after=(("checkout", "-q", "-b", "feature"),),
            expect=(("manage.py", 1),),
            note="working on a feature branch",
        ),
        example({"README.md": GUIDE_README}, expect=(("README.md", 5),)),
    ]
    valid = [
        example(),
        example({"README.md": GUIDE_README.replace("master", "main")}),
        example(
            {"README.md": GUIDE_README},
            git_after=(("branch", "-m", "master"),),
            note="the branch is master: the README's command works",
        ),
        example(git="none"),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        git = project.git
        branch = git.current_branch() if git is not None else None
        if git is None or branch is None:
            return
        if branch not in DEPLOY_BRANCHES:
            yield self.finding(
                msg(
                    "The current branch is {branch}: Heroku builds only its main or master branch, so "
                    "`git push heroku {branch}` deploys nothing; push with `git push heroku HEAD:main`.",
                    branch=branch,
                ),
                anchor(project),
            )
            return
        branches = git.branches()
        if branch != "main" or branches is None or "master" in branches:
            return
        found = self.readme_push_master(project)
        if found is not None:
            yield self.finding(
                msg(
                    "{path} says `git push heroku master`, but this repository's branch is main and it "
                    'has no master: git fails with "src refspec master does not match any"; write `git '
                    "push heroku main`.",
                    path=found.path,
                ),
                found,
            )

    @staticmethod
    def readme_push_master(project: ProjectModel) -> Optional[Location]:
        git = project.git
        names = [name for name in project.root_names if README.fullmatch(name)]
        if git is None or not names:
            return None
        tracked = [path for path, status in git.status(names).items() if status == "tracked"]
        for path in sorted(tracked):
            text = project.text(path)
            lines = text.text.splitlines() if text is not None else []
            for number, line in enumerate(lines, 1):
                match = PUSH_MASTER.search(line)
                if match:
                    return Location(path, number, match.start() + 1)
        return None
