"""HK102 procfile-misnamed."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..edits import Edit
from ..findings import Finding, Fix
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example
from ._fixes import rename, same_file

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
    Safe: `--fix` renames the file to `Procfile`, its content unchanged: Heroku then reads
    the commands you wrote. Commit the rename (`git add -A`). On a case-insensitive file system
    (macOS, Windows) `procfile` and `Procfile` are one file and the fix is refused: run
    `git mv procfile Procfile`.

    ## References
    - Heroku Dev Center: "The Procfile"
    """

    code = "HK102"
    name = "procfile-misnamed"
    severity = "error"
    summary = "a Procfile saved as `procfile`, `Procfile.txt`, `ProcFile`..."
    fix_applicability = "safe"

    invalid = [
        example(
            {"Procfile.txt": "web: gunicorn mysite.wsgi\n"},
            drop=("Procfile",),
            expect=(("Procfile.txt", 1),),
            fixed={"Procfile.txt": None, "Procfile": "web: gunicorn mysite.wsgi\n"},
        ),
        example(
            {"procfile": "web: gunicorn mysite.wsgi\n"},
            drop=("Procfile",),
            expect=(("procfile", 1),),
            fixed={"Procfile": "web: gunicorn mysite.wsgi\n"},
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
        if project.platform.container_build:
            return  # a Docker build (heroku.yml) reads no Procfile, whatever its name
        if "Procfile" in names or self.written_by_a_fix(project, names):
            return
        for name in names:
            if MISNAMED.fullmatch(name) and project.exists(name):
                yield self.finding(
                    msg(
                        "{name!r} is not read by Heroku, which looks only for a file named exactly "
                        "`Procfile`: the app gets no web process; rename it with `git mv {name} Procfile`.",
                        name=name,
                    ),
                    Location(name),
                    fix=self.fix(project, name),
                )

    @staticmethod
    def written_by_a_fix(project: ProjectModel, names: list[str]) -> bool:
        """True when `Procfile` exists only in the fixer's edits (the listing of the folder is
        the disk's), not because a `procfile` on a case-insensitive file system answers."""
        return project.exists("Procfile") and not any(
            name.lower() == "procfile" and same_file(project, name, "Procfile") for name in names
        )

    @staticmethod
    def fix(project: ProjectModel, name: str) -> Fix:
        def build() -> tuple[Edit, ...]:
            return rename(project, name, "Procfile")

        return Fix("safe", msg("Rename {name} to Procfile", name=name), build)
