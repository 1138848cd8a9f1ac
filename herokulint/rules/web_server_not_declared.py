"""HK204 web-server-not-declared."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example

# The distribution that installs each server command.
SERVER_DISTRIBUTIONS = {
    "gunicorn": "gunicorn",
    "uvicorn": "uvicorn",
    "daphne": "daphne",
    "hypercorn": "hypercorn",
    "waitress-serve": "waitress",
}


class WebServerNotDeclared(Rule):
    """
    ## What it does
    Checks that the server the Procfile's web process runs (gunicorn, uvicorn, daphne,
    hypercorn, waitress) is among the dependencies Heroku installs.

    ## Why it matters
    Heroku installs only what the manifest lists. The dyno then fails with
    `bash: gunicorn: command not found` and crashes in a loop: the guide's "gunicorn
    installed" step, forgotten.

    ## Fix safety
    No automatic fix yet: add `gunicorn` to `requirements.txt`.

    ## References
    - Heroku's Django guide: "gunicorn installed"
    - Heroku Dev Center: "Python Dependencies via pip"
    """

    code = "HK204"
    name = "web-server-not-declared"
    severity = "error"
    summary = "the web process's server is not a declared dependency"

    invalid = [
        example(
            {"requirements.txt": "Django==5.2.8\ndj-database-url==3.0.1\n"},
            expect=(("requirements.txt", 1),),
        )
    ]
    valid = [
        example(),
        example(
            {
                "requirements.txt": "-r requirements/base.txt\n",
                "requirements/base.txt": "Django==5.2.8\ngunicorn==23.0.0\n",
            }
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        web = project.web
        deps = project.dependencies
        if web is None or not deps.complete:
            return
        distribution = SERVER_DISTRIBUTIONS.get(web.server)
        if distribution is None or deps.declares(distribution):
            return
        manifest = deps.manifest or "requirements.txt"
        yield self.finding(
            f"The web process runs {web.server}, but {manifest} does not declare it: the dyno "
            f"fails with '{web.server}: command not found'; add `{distribution}` to {manifest}.",
            Location(manifest),
        )
