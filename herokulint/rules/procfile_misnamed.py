"""HK102 procfile-misnamed."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example

# `procfile`, `ProcFile`, `Procfile.txt`, `Procfile.yml`, `Procfile.` ... but not the
# conventional variants `heroku local -f` reads (`Procfile.dev`, `Procfile.windows`).
MISNAMED = re.compile(r"procfile(\.(txt|text|yml|yaml|rtf|md|cfg|conf|ini|json|sh))?\.?", re.I)


class ProcfileMisnamed(Rule):
    """
    ## What it does
    Checks for a Procfile saved under another name at the app root (`procfile`, `ProcFile`,
    `Procfile.txt`, `Procfile.yml`) while no file is named exactly `Procfile`.

    ## Why it matters
    Heroku reads only a file named exactly `Procfile`: "The Procfile is always a simple text
    file that is named Procfile without a file extension. For example, Procfile.txt is not
    valid." Dynos run on Linux, where names are case-sensitive, so a `procfile` that works on
    a Mac or Windows machine is ignored and the app gets no web process. Editors on Windows
    often add `.txt` silently.

    ## Fix safety
    No automatic fix yet: rename the file with `git mv procfile Procfile` (a case-only rename
    needs `git mv` on case-insensitive file systems).

    ## References
    - Heroku Dev Center: "The Procfile"
    """

    code = "HK102"
    name = "procfile-misnamed"
    severity = "error"
    summary = "a Procfile saved as `procfile`, `Procfile.txt`, `ProcFile`..."

    invalid = [
        example(
            {"Procfile.txt": "web: gunicorn mysite.wsgi\n"},
            drop=("Procfile",),
            expect=(("Procfile.txt", 1),),
        ),
        example(
            {"procfile": "web: gunicorn mysite.wsgi\n"},
            drop=("Procfile",),
            expect=(("procfile", 1),),
        ),
    ]
    valid = [
        example(),
        example(
            {"Procfile.windows": "web: python manage.py runserver %PORT%\n"},
            note="`Procfile.windows` is for `heroku local -f`; the real Procfile is there too",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        names = project.root_names
        if "Procfile" in names:
            return
        for name in names:
            if MISNAMED.fullmatch(name) and project.exists(name):
                yield self.finding(
                    f"{name!r} is not read by Heroku, which looks only for a file named exactly "
                    "`Procfile`: the app gets no web process; rename it with "
                    f"`git mv {name} Procfile`.",
                    Location(name),
                )
