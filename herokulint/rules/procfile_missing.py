"""HK101 procfile-missing."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..project import ProjectModel
from ..rule import Rule
from . import anchor, example


class ProcfileMissing(Rule):
    """
    ## What it does
    Checks that a file named exactly `Procfile` exists at the app root.

    ## Why it matters
    The Python buildpack defines no default process: without a Procfile the app has no `web`
    process, so it builds and then serves nothing. Heroku: "The Procfile must live in your
    app's root directory. It does not function if placed anywhere else."

    ## Fix safety
    No automatic fix yet: create `Procfile` with `web: gunicorn mysite.wsgi` (your project's
    WSGI module).

    ## References
    - Heroku Dev Center: "The Procfile"
    - heroku-buildpack-python `bin/release` (no default process types)
    """

    code = "HK101"
    name = "procfile-missing"
    severity = "error"
    summary = "no `Procfile` at the app root"

    invalid = [example(drop=("Procfile",), expect=(("manage.py", 1),))]
    valid = [example()]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        if project.procfile_read is not None:
            return
        module = f"{project.wsgi.module}" if project.wsgi else "mysite.wsgi"
        yield self.finding(
            f"No Procfile at the app root: Heroku starts no web process; create one containing "
            f"`web: gunicorn {module}`.",
            anchor(project),
        )
