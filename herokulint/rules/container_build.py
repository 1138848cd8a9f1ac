"""HK005 container-build."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example

HEROKU_YML = """\
build:
  docker:
    web: Dockerfile
run:
  web: gunicorn mysite.wsgi --bind 0.0.0.0:$PORT
"""


class ContainerBuild(Rule):
    """
    ## What it does
    Notes a `heroku.yml` whose `build` section builds a Docker image. Such an app (on the
    `container` stack) is built from its Dockerfile: no buildpack runs, so herokulint skips
    its checks of what the Python buildpack does (package manager files, lock files, the
    Python version files, virtualenvs, `app.json` buildpacks); the Django settings checks
    still apply.

    ## Why it matters
    It explains why those checks are silent, and reminds you that the Dockerfile now owns
    what the buildpack did: installing the dependencies, the Python version, collectstatic.

    ## Fix safety
    Nothing to fix.

    ## References
    - https://devcenter.heroku.com/articles/build-docker-images-heroku-yml
    """

    code = "HK005"
    name = "container-build"
    severity = "info"
    summary = "`heroku.yml` builds a Docker image: buildpack checks are skipped"

    invalid = [example({"heroku.yml": HEROKU_YML}, expect=(("heroku.yml", 2),))]
    valid = [example()]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        platform = project.platform
        if platform.docker_line is None or platform.heroku_yml is None:
            return
        yield self.finding(
            msg(
                "{heroku_yml} builds a Docker image: no buildpack runs, so the checks of package "
                "manager files and Python version files are skipped; the Dockerfile must install the "
                "dependencies and run collectstatic itself.",
                heroku_yml=platform.heroku_yml,
            ),
            Location(platform.heroku_yml, platform.docker_line),
        )
