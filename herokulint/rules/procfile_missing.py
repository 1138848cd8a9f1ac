"""HK101 procfile-missing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from ..edits import CreateFile, Edit
from ..findings import Finding, Fix
from ..i18n import concat, msg
from ..project import ProjectModel
from ..rule import Rule
from . import MANAGE_PY, READY_SETTINGS, WSGI_PY, anchor, example
from ._fixes import app_in_subfolder, gunicorn_command, subfolder_advice


class ProcfileMissing(Rule):
    """
    ## What it does
    Checks that a file named exactly `Procfile` exists at the app root.

    ## Why it matters
    The Python buildpack defines no default process: without a Procfile the app has no `web`
    process, so it builds and then serves nothing. Heroku: "The Procfile must live in your
    app's root directory. It does not function if placed anywhere else."

    An app built from a Dockerfile with `heroku.yml` needs no Procfile (Heroku does not read
    it): its processes are heroku.yml's `run` commands, or the image's `CMD`.

    ## Fix safety
    Unsafe: `--unsafe-fixes` creates `Procfile` containing `web: gunicorn <module>`, for the
    WSGI module the project names (`WSGI_APPLICATION`) or, when it names none, the `wsgi.py`
    beside the settings that defines `application` (`--chdir` is added when that module sits
    beside a `manage.py` below the app root). It is offered only when that module exists. It
    is unsafe because it chooses the server and how the app starts: check the command, and
    declare `gunicorn` (`web-server-not-declared` adds it).

    ## References
    - Heroku Dev Center: "The Procfile"
    - heroku-buildpack-python `bin/release` (no default process types)
    """

    code = "HK101"
    name = "procfile-missing"
    severity = "error"
    summary = "no `Procfile` at the app root"
    fix_applicability = "unsafe"

    invalid = [
        example(
            drop=("Procfile",),
            expect=(("manage.py", 1),),
            fixed={"Procfile": "web: gunicorn mysite.wsgi\n"},
        ),
        example(
            {
                "mysite/settings.py": READY_SETTINGS + 'WSGI_APPLICATION = "mysite.wsgi.app"\n',
                "mysite/wsgi.py": "from django.core.wsgi import get_wsgi_application\n\n"
                "app = get_wsgi_application()\n",
            },
            drop=("Procfile",),
            expect=(("manage.py", 1),),
            fixed={"Procfile": "web: gunicorn mysite.wsgi:app\n"},
        ),
        example(
            {
                "backend/manage.py": MANAGE_PY,
                "backend/mysite/__init__.py": "",
                "backend/mysite/settings.py": READY_SETTINGS,
                "backend/mysite/wsgi.py": WSGI_PY,
            },
            drop=(
                "Procfile",
                "manage.py",
                "mysite/__init__.py",
                "mysite/settings.py",
                "mysite/wsgi.py",
            ),
            expect=(("requirements.txt", 1),),
            fixed={"Procfile": "web: gunicorn --chdir backend mysite.wsgi\n"},
        ),
        example(
            drop=("Procfile", "mysite/wsgi.py"),
            expect=(("manage.py", 1),),
            note="no WSGI module to point at: no fix",
        ),
    ]
    valid = [
        example(),
        example(
            {"heroku.yml": "build:\n  docker:\n    web: Dockerfile\n"},
            drop=("Procfile",),
            note="a Docker build (heroku.yml) runs the Dockerfile's CMD, or heroku.yml's `run`",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        if project.procfile_read is not None or project.platform.container_build:
            return  # a Docker build runs heroku.yml's `run` commands or the image's CMD
        command = gunicorn_command(project)
        module = project.wsgi.module if project.wsgi else "mysite.wsgi"
        message = msg(
            "No Procfile at the app root: Heroku starts no web process; create one containing "
            "`web: {command}`.",
            command=command or f"gunicorn {module}",
        )
        subfolder = app_in_subfolder(project)
        if subfolder is not None:
            message = concat(message, subfolder_advice(subfolder))
        yield self.finding(
            message, anchor(project), fix=self.fix(command) if subfolder is None else None
        )

    @staticmethod
    def fix(command: Optional[str]) -> Optional[Fix]:
        if command is None:
            return None
        line = f"web: {command}"

        def build() -> tuple[Edit, ...]:
            return (CreateFile("Procfile", line + "\n"),)

        return Fix("unsafe", msg("Create Procfile with `{line}`", line=line), build)
