"""HK109 migrate-in-web-process."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Rule
from . import example, runs_manage_command, web_location


class MigrateInWebProcess(Rule):
    """
    ## What it does
    Checks that the web process does not run `manage.py migrate` before starting the server
    (`web: python manage.py migrate && gunicorn mysite.wsgi`), in the Procfile or, for a
    heroku.yml Docker build, in `run: web:` or the Dockerfile's `CMD`.

    ## Why it matters
    Every web dyno runs its command at every start: each restart, scale-up and daily cycling
    migrates again, several dynos race on the same migrations, and the time counts against
    the 60 seconds a dyno has to bind its port ("R10 - Boot timeout errors occur when a web
    process took longer than 60 seconds to bind to its assigned $PORT."). Heroku's release
    phase runs once per deploy, before the new code serves traffic, and a failing migration
    stops the release: "If a release phase task fails, the new release is not deployed".

    ## Fix safety
    No automatic fix yet: move it to its own line, `release: python manage.py migrate
    --noinput`, and keep `web:` for the server alone.

    ## References
    - Heroku Dev Center: "Release Phase"
    - Heroku Help: "R10 - Boot timeout"
    """

    code = "HK109"
    name = "migrate-in-web-process"
    severity = "warning"
    summary = "`migrate` chained into the web process"

    invalid = [
        example(
            {"Procfile": "web: python manage.py migrate && gunicorn mysite.wsgi\n"},
            expect=(("Procfile", 1),),
        ),
        example(
            {
                "Procfile": "web: sh -c 'python manage.py migrate --noinput && gunicorn mysite.wsgi'\n"
            },
            expect=(("Procfile", 1),),
        ),
        example(
            {
                "heroku.yml": "build:\n  docker:\n    web: Dockerfile\n",
                "Dockerfile": "FROM python:3.13-slim\nCOPY . /app\nWORKDIR /app\nCMD "
                '["sh", "-c", "python manage.py migrate --noinput && gunicorn mysite.wsgi"]\n',
            },
            drop=("Procfile",),
            expect=(("Dockerfile", 4),),
            note="a Docker build's web process is the Dockerfile's CMD",
        ),
    ]
    valid = [
        example(
            {"Procfile": "release: python manage.py migrate --noinput\nweb: gunicorn mysite.wsgi\n"}
        ),
        example(
            {
                "heroku.yml": "build:\n  docker:\n    web: Dockerfile\nrelease:\n  image: web\n"
                "  command:\n    - python manage.py migrate --noinput\n",
                "Dockerfile": "FROM python:3.13-slim\nCOPY . /app\nWORKDIR /app\n"
                'CMD ["gunicorn", "mysite.wsgi"]\n',
            },
            drop=("Procfile",),
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        process = project.web_process
        at = web_location(project)
        if process is None or at is None or not runs_manage_command(process.argv, "migrate"):
            return
        where = (
            msg("heroku.yml's `release: command:`")
            if project.platform.container_build
            else msg("`release: python manage.py migrate --noinput`")
        )
        yield self.finding(
            msg(
                "The web process runs `migrate` at every dyno start: dynos race on it and it eats "
                "into the 60-second boot limit; move it to {where}.",
                where=where,
            ),
            at,
        )
