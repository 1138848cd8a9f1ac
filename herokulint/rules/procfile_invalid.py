"""HK103 procfile-invalid."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..project.files import ReadError
from ..rule import Location, Rule
from . import example


class ProcfileInvalid(Rule):
    """
    ## What it does
    Checks that every line of the Procfile is `type: command` (or a `#` comment), with a
    valid process type, a non-empty command, no duplicate types, and that the file is plain
    UTF-8 text without a byte-order mark.

    A line the classic stack (cedar) ignores, or reads anyway because its regex makes the
    colon optional (`web gunicorn mysite.wsgi`), is a warning there: the build works. With
    `--target fir` it is an error, because the Cloud Native parser rejects the whole file.

    ## Why it matters
    A line Heroku cannot parse defines no process: a BOM turns `web` into `\\ufeffweb`, a
    missing colon or an empty command is dropped, and a duplicated type silently keeps only one
    command. The Cloud Native Procfile parser (`--target fir`) rejects the file outright
    ("Invalid Procfile format"); it also rejects keys that do not start and end with a letter
    or digit or are longer than 63 characters, and renames keys with upper case or `_` with a
    warning (reported as a warning), all of which the classic buildpack accepts.

    ## Fix safety
    No automatic fix.

    ## References
    - heroku/buildpacks-procfile `SPEC.md`
    - Heroku Dev Center: "The Procfile"
    """

    code = "HK103"
    name = "procfile-invalid"
    severity = "error"
    summary = "a Procfile line that is not `type: command`, or a Procfile that is not text"

    invalid = [
        example(
            {"Procfile": "web: gunicorn mysite.wsgi\n$ git push heroku main\n"},
            expect=(("Procfile", 2),),
            note="a warning on cedar, which ignores the line; an error with `--target fir`",
        ),
        example({"Procfile": "web : gunicorn mysite.wsgi\n"}, expect=(("Procfile", 1),)),
        example(
            {"Procfile": "web: gunicorn mysite.wsgi\nweb: gunicorn other.wsgi\n"},
            expect=(("Procfile", 2),),
        ),
        example({"Procfile": "\ufeffweb: gunicorn mysite.wsgi\n"}, expect=(("Procfile", 1),)),
    ]
    valid = [
        example(),
        example(
            {
                "Procfile": "# processes\nweb: gunicorn mysite.wsgi\n#release: python manage.py migrate\n"
            }
        ),
        example({"Procfile": "web: gunicorn mysite.wsgi\r\nworker: python manage.py qcluster\r\n"}),
        example(
            {"Procfile": "web: gunicorn mysite.wsgi\ncelery_beat: celery -A mysite beat\n"},
            note="the classic buildpack accepts `_` (with `--target fir`: a warning)",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        read = project.procfile_read
        if isinstance(read, ReadError):
            yield self.finding(
                msg(
                    "Procfile {reason}: Heroku cannot read its processes; save it as a plain UTF-8 text "
                    "file.",
                    reason=read.reason,
                ),
                Location("Procfile")
                if read.reason != "is a directory, not a file"
                else Location(project.anchor()),
            )
            return
        procfile = project.procfile
        if procfile is None:
            return
        fir = project.target == "fir"
        for problem in procfile.problems:
            if problem.scope in ("fir", "fir-warning") and not fir:
                continue  # the classic buildpack (cedar) accepts the key as written
            # A line the classic parser ignores (or reads anyway) breaks nothing on cedar: a
            # warning there; the Cloud Native parser fails the build ("Invalid Procfile format").
            warn = problem.scope == "fir-warning" or (problem.scope == "fir-fatal" and not fir)
            yield self.finding(
                problem.message,
                Location("Procfile", problem.line, problem.column),
                severity="warning" if warn else None,
            )
