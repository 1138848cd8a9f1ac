"""HK204 web-server-not-declared."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..project import ProjectModel
from ..rule import Rule
from . import example
from ._buildpack import add_advice, add_location, buildpack_skipped, manifest_name, with_lock
from ._lockfiles import PIPFILE, PIPFILE_LOCK, UV_LOCK, UV_PYPROJECT

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
    hypercorn, waitress) is among the dependencies Heroku installs: requirements.txt (and what
    it includes), the Pipfile's `[packages]` as locked, or the main dependencies of
    pyproject.toml as locked by `uv.lock` / `poetry.lock`.

    ## Why it matters
    Heroku installs only what the manifest lists. The dyno then fails with
    `bash: gunicorn: command not found` and crashes in a loop: the guide's "gunicorn
    installed" step, forgotten. (A server declared only in a dev group is reported by
    `runtime-dependency-in-dev-group` instead.)

    ## Fix safety
    No automatic fix yet; a future unsafe fix adds `gunicorn` to the main dependencies.
    With uv, Poetry or Pipenv, add it with the tool so the lock file follows.

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
        ),
    ]
    valid = [
        example(),
        example(
            {
                "requirements.txt": "-r requirements/base.txt\n",
                "requirements/base.txt": "Django==5.2.8\ngunicorn==23.0.0\n",
            }
        ),
        with_lock({"pyproject.toml": UV_PYPROJECT, "uv.lock": UV_LOCK}),
        with_lock({"Pipfile": PIPFILE, "Pipfile.lock": PIPFILE_LOCK}),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        web = project.web
        deps = project.dependencies
        if web is None or not deps.complete or buildpack_skipped(project):
            return
        distribution = SERVER_DISTRIBUTIONS.get(web.server)
        if distribution is None or deps.declares(distribution):
            return
        if deps.only_in_other_groups(distribution):
            return  # HK208 says it is in a group Heroku does not install
        manifest = manifest_name(project)
        yield self.finding(
            f"The web process runs {web.server}, but {manifest} does not declare it: the dyno "
            f"fails with '{web.server}: command not found'; "
            f"{add_advice(project, distribution)}.",
            add_location(project),
        )
