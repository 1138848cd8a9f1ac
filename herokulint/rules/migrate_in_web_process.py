"""HK109 migrate-in-web-process."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..project import ProjectModel
from ..rule import Rule
from . import example, runs_manage_command, web_location


class MigrateInWebProcess(Rule):
    """
    ## What it does
    Checks that the web process does not run `manage.py migrate` before starting the server
    (`web: python manage.py migrate && gunicorn mysite.wsgi`).

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
    ]
    valid = [
        example(
            {"Procfile": "release: python manage.py migrate --noinput\nweb: gunicorn mysite.wsgi\n"}
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        process = project.procfile.web if project.procfile else None
        at = web_location(project)
        if process is None or at is None or not runs_manage_command(process.argv, "migrate"):
            return
        yield self.finding(
            "The web process runs `migrate` at every dyno start: dynos race on it and it eats "
            "into the 60-second boot limit; move it to `release: python manage.py migrate "
            "--noinput`.",
            at,
        )
