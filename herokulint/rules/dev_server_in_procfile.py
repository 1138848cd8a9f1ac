"""HK105 dev-server-in-procfile."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from typing import Optional

from ..edits import Edit, FixError, TextEdit
from ..findings import Finding, Fix
from ..i18n import msg
from ..project import ProjectModel
from ..project.procfile import ASSIGNMENT, SEPARATORS, WRAPPERS, parse_server_command
from ..rule import Location, Rule
from ..textedits import line_bounds, shell_words
from . import example
from ._fixes import gunicorn_command


class DevServerInProcfile(Rule):
    """
    ## What it does
    Checks that the web process does not run Django's development server
    (`manage.py runserver`): the Procfile's, heroku.yml's `run: web:`, or, for a heroku.yml
    Docker build without one, the Dockerfile's `CMD` (with its `ENTRYPOINT`).

    ## Why it matters
    Django: "DO NOT USE THIS SERVER IN A PRODUCTION SETTING." It serves one request at a time,
    is not security-audited, and by default binds `127.0.0.1:8000`, not `$PORT`, so the dyno
    fails to boot ("R10 - Boot timeout errors occur when a web process took longer than 60
    seconds to bind to its assigned $PORT."). The buildpack recommends Gunicorn.

    ## Fix safety
    Unsafe: `--unsafe-fixes` replaces the runserver command by `gunicorn <module>` for the
    project's WSGI module (`WSGI_APPLICATION`, else the `wsgi.py` beside the settings), keeping
    any `NAME=value` assignments and wrappers (`newrelic-admin run-program`) in front of it and
    a trailing comment; runserver's `--settings` becomes gunicorn's
    `--env DJANGO_SETTINGS_MODULE=…` and `--pythonpath` is kept. Gunicorn binds `$PORT` by
    itself. It is offered only for a single command (no `&&`, `;` or `sh -c`) and when the
    module exists. It is unsafe because the server changes: the app now loads through its WSGI
    module (whose `DJANGO_SETTINGS_MODULE` default applies) and `gunicorn` must be declared
    (`web-server-not-declared` adds it).

    ## References
    - heroku-buildpack-python README ("The recommended webserver is Gunicorn.")
    - Heroku Help: R10 boot timeout
    """

    code = "HK105"
    name = "dev-server-in-procfile"
    severity = "error"
    summary = "the web process runs `manage.py runserver`"
    fix_applicability = "unsafe"

    invalid = [
        example(
            {"Procfile": "web: python manage.py runserver 0.0.0.0:$PORT\n"},
            expect=(("Procfile", 1),),
            fixed={"Procfile": "web: gunicorn mysite.wsgi\n"},
        ),
        example(
            {
                "Procfile": "# the site\nweb: DEBUG_TOOLBAR=0 python manage.py runserver "
                "0.0.0.0:$PORT --settings=mysite.settings --noreload  # for now\n"
                "worker: python manage.py qcluster\n"
            },
            expect=(("Procfile", 2),),
            fixed={
                "Procfile": "# the site\nweb: DEBUG_TOOLBAR=0 gunicorn --env "
                "DJANGO_SETTINGS_MODULE=mysite.settings mysite.wsgi  # for now\n"
                "worker: python manage.py qcluster\n"
            },
        ),
        example(
            {
                "Procfile": "web: python manage.py migrate && python manage.py runserver 0.0.0.0:$PORT\n"
            },
            expect=(("Procfile", 1),),
            note="two commands: no automatic fix",
        ),
        example(
            {
                "heroku.yml": "build:\n  docker:\n    web: Dockerfile\n",
                "Dockerfile": "FROM python:3.13-slim\nCOPY . /app\nWORKDIR /app\n"
                "CMD python manage.py runserver 0.0.0.0:$PORT\n",
            },
            drop=("Procfile",),
            expect=(("Dockerfile", 4),),
            note="a Docker build without `run:` serves with the Dockerfile's CMD",
        ),
    ]
    valid = [
        example(),
        example(
            {
                "heroku.yml": "build:\n  docker:\n    web: Dockerfile\n",
                "Dockerfile": "FROM python:3.13-slim\nCOPY . /app\nWORKDIR /app\n"
                'CMD ["gunicorn", "mysite.wsgi"]\n',
            },
            drop=("Procfile",),
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        web = project.web
        process = project.web_process
        if web is None or process is None or web.server != "runserver":
            return
        module = project.wsgi.module if project.wsgi else "mysite.wsgi"
        instead = {"Procfile": "web: ", "Dockerfile CMD": "CMD "}.get(process.source, "")
        yield self.finding(
            msg(
                "The web process ({relpath}) runs Django's development server, which is not for "
                "production and serves one request at a time; use `{instead}gunicorn {module}`.",
                relpath=process.relpath,
                instead=instead,
                module=module,
            ),
            Location(process.relpath, process.line, process.column),
            fix=self.fix(project, process.line, process.column)
            if process.source == "Procfile"
            else None,
        )

    @staticmethod
    def fix(project: ProjectModel, line: int, column: int) -> Optional[Fix]:
        """Replace the runserver invocation (after assignments and wrappers) by gunicorn."""
        gunicorn = gunicorn_command(project)
        file = project.text("Procfile")
        if gunicorn is None or file is None:
            return None
        text = file.text
        start, end = line_bounds(text, line)
        offset = start + column - 1
        parsed = shell_words(text[offset:end])
        if parsed is None:
            return None
        words = parsed[0]
        values = tuple(word.value for word in words)
        if any(value in SEPARATORS for value in values):
            return None  # more than one command: the user knows which part to keep
        first = 0
        while first < len(values):
            if ASSIGNMENT.match(values[first]):
                first += 1
                continue
            wrapper = next((p for p in WRAPPERS if values[first : first + len(p)] == p), None)
            if wrapper is None:
                break
            first += WRAPPERS[wrapper]
        command = parse_server_command(values[first:])
        if first >= len(values) or command.server != "runserver" or command.proxy:
            return None  # behind bin/start-nginx gunicorn must bind nginx's socket: not automatic
        options = []
        if "--settings" in command.options:
            options += ["--env", f"DJANGO_SETTINGS_MODULE={command.options['--settings']}"]
        if "--pythonpath" in command.options:
            options += ["--pythonpath", command.options["--pythonpath"]]
        program, _, target = gunicorn.partition(" ")
        new = " ".join([program, *(shlex.quote(option) for option in options), target])
        span = (offset + words[first].start, offset + words[-1].end)

        def build() -> tuple[Edit, ...]:
            current = project.text("Procfile")
            if current is None or current.text != text:
                raise FixError(msg("the Procfile changed"))
            return (TextEdit("Procfile", span[0], span[1], new),)

        return Fix("unsafe", msg("Run `{new}` instead of runserver", new=new), build)
