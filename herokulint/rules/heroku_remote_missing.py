"""HK705 heroku-remote-missing."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Rule
from . import anchor, example

HEROKU_REMOTE = ("remote", "add", "heroku", "https://git.heroku.com/myapp.git")


class HerokuRemoteMissing(Rule):
    """
    ## What it does
    Checks that the repository has a git remote pointing at a Heroku app: a URL on
    `git.heroku.com` (`https://git.heroku.com/APP.git`, which `heroku create` adds as the
    `heroku` remote) or the older SSH form `git@heroku.com:APP.git`, under any remote name.
    Silent outside a git repository (HK703 reports that) and when git is not installed.

    ## Why it matters
    The deployment guides end with `git push heroku main`. Without the remote, git answers
    "fatal: 'heroku' does not appear to be a git repository" and nothing is deployed. This is
    information, not an error: an app deployed from GitHub integration or a CI pipeline needs
    no such remote.

    ## Fix safety
    No automatic fix (herokulint never runs the Heroku CLI): run `heroku create` for a new
    app, or `heroku git:remote -a APP` for an existing one.

    ## References
    - Heroku Dev Center: "Deploying with Git" (creating a Heroku remote)
    """

    code = "HK705"
    name = "heroku-remote-missing"
    severity = "info"
    summary = "no git remote points at a Heroku app (`git.heroku.com`)"

    invalid = [
        example(expect=(("manage.py", 1),), note="a repository without a Heroku remote"),
        example(
            git_after=(("remote", "add", "origin", "https://github.com/me/mysite.git"),),
            expect=(("manage.py", 1),),
            note="only a GitHub remote",
        ),
    ]
    valid = [
        example(git_after=(HEROKU_REMOTE,)),
        example(git_after=(("remote", "add", "production", "git@heroku.com:myapp.git"),)),
        example(git="none", note="no repository: HK703 reports that instead"),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        git = project.git
        remotes = git.heroku_remotes() if git is not None else None
        if remotes is None or remotes:
            return
        yield self.finding(
            msg(
                "No git remote points at a Heroku app: `git push heroku main` fails with \"'heroku' "
                'does not appear to be a git repository"; run `heroku create` (or `heroku git:remote '
                "-a APP` for an existing app)."
            ),
            anchor(project),
        )
