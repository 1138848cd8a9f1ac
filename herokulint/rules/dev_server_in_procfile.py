"""HK105 dev-server-in-procfile."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example


class DevServerInProcfile(Rule):
    """
    ## What it does
    Checks that the web process does not run Django's development server
    (`manage.py runserver`).

    ## Why it matters
    Django: "DO NOT USE THIS SERVER IN A PRODUCTION SETTING." It serves one request at a time,
    is not security-audited, and by default binds `127.0.0.1:8000`, not `$PORT`, so the dyno
    fails to boot ("R10 - Boot timeout errors occur when a web process took longer than 60
    seconds to bind to its assigned $PORT."). The buildpack recommends Gunicorn.

    ## Fix safety
    No automatic fix yet: `web: gunicorn mysite.wsgi`, with `gunicorn` in your requirements.

    ## References
    - heroku-buildpack-python README ("The recommended webserver is Gunicorn.")
    - Heroku Help: R10 boot timeout
    """

    code = "HK105"
    name = "dev-server-in-procfile"
    severity = "error"
    summary = "the web process runs `manage.py runserver`"

    invalid = [
        example(
            {"Procfile": "web: python manage.py runserver 0.0.0.0:$PORT\n"},
            expect=(("Procfile", 1),),
        )
    ]
    valid = [example()]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        web = project.web
        process = project.procfile.web if project.procfile else None
        if web is None or process is None or web.server != "runserver":
            return
        module = project.wsgi.module if project.wsgi else "mysite.wsgi"
        yield self.finding(
            "The web process runs Django's development server, which is not for production and "
            f"serves one request at a time; use `web: gunicorn {module}`.",
            Location("Procfile", process.line, process.column),
        )
