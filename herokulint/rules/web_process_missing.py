"""HK104 web-process-missing."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example


class WebProcessMissing(Rule):
    """
    ## What it does
    Checks that the Procfile declares a `web` process.

    ## Why it matters
    Heroku: "A Heroku app's web process type is special: it's the only process type that can
    receive external HTTP traffic from Heroku's routers." Without it, `heroku ps:scale web=1`
    fails and the app answers nothing.

    ## Fix safety
    No automatic fix: add `web: gunicorn mysite.wsgi`.

    ## References
    - Heroku Dev Center: "The Procfile"
    """

    code = "HK104"
    name = "web-process-missing"
    severity = "error"
    summary = "the Procfile has no `web` process"

    invalid = [
        example({"Procfile": "worker: python manage.py qcluster\n"}, expect=(("Procfile", 1),))
    ]
    valid = [example()]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        procfile = project.procfile
        if procfile is None or procfile.web is not None:
            return
        names = ", ".join(process.name for process in procfile.processes) or "none"
        yield self.finding(
            msg(
                "The Procfile declares no web process (found: {names}): Heroku routes HTTP only to "
                "`web`; add `web: gunicorn mysite.wsgi`.",
                names=names,
            ),
            Location("Procfile"),
        )
