"""HK106 wsgi-target-missing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

import libcst as cst

from ..findings import Finding
from ..project import ProjectModel
from ..project.pysource import ParsedModule
from ..project.settings import assigned_names
from ..rule import Location, Rule
from . import example

SERVERS = ("gunicorn", "uvicorn", "daphne", "hypercorn", "waitress-serve")


class WsgiTargetMissing(Rule):
    """
    ## What it does
    Checks that the module the Procfile's web server loads (`gunicorn mysite.wsgi`,
    `uvicorn mysite.asgi:application`) exists relative to the app root (or gunicorn's
    `--chdir`/`--pythonpath`) and defines the callable (`application` by default), and that
    gunicorn is given a module at all.

    ## Why it matters
    The dyno runs the command from the app root with `PYTHONPATH=/app`. A module that is not
    there fails every boot with `ModuleNotFoundError`; gunicorn without an application module
    exits at once. The app crashes in a loop (H10).

    ## Fix safety
    No automatic fix: point the command at the real module, e.g. `gunicorn mysite.wsgi` for
    `mysite/wsgi.py`, or add `--chdir backend` when the project lives in a subfolder.

    ## References
    - heroku-buildpack-python `bin/compile` (`PYTHONPATH` defaults to `/app`)
    - gunicorn: `--chdir`, `--pythonpath`, `wsgi_app`
    """

    code = "HK106"
    name = "wsgi-target-missing"
    severity = "error"
    summary = "the module (and callable) the web server loads does not exist"

    invalid = [
        example({"Procfile": "web: gunicorn myproject.wsgi\n"}, expect=(("Procfile", 1),)),
        example({"Procfile": "web: gunicorn mysite.wsgi:app\n"}, expect=(("Procfile", 1),)),
        example({"Procfile": "web: gunicorn --workers 3\n"}, expect=(("Procfile", 1),)),
    ]
    valid = [
        example(),
        example({"Procfile": "web: gunicorn mysite.wsgi:application --log-file -\n"}),
        example(
            {
                "Procfile": "web: gunicorn --chdir backend mysite.wsgi\n",
                "backend/manage.py": "",
                "backend/mysite/__init__.py": "",
                "backend/mysite/wsgi.py": "application = object()\n",
            }
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        web = project.web
        process = project.procfile.web if project.procfile else None
        if web is None or process is None or web.server not in SERVERS:
            return
        at = Location("Procfile", process.line, process.column)
        target = web.target or self.config_target(project, web.options.get("--config"))
        if not target:
            yield self.finding(
                f"`{web.server}` in the web process is given no application module: it exits at "
                "once; name it, e.g. `gunicorn mysite.wsgi`.",
                at,
            )
            return
        module, _, attr = target.partition(":")
        relpath = project.locate_module(module)
        if relpath is None:
            roots = ", ".join(root or "." for root in project.search_roots)
            yield self.finding(
                f"The web process loads {module!r}, but no such module exists under {roots}: every "
                "dyno crashes on boot with ModuleNotFoundError; point it at your WSGI module.",
                at,
            )
            return
        attr = attr or "application"
        if not self.defines(project, relpath, attr):
            yield self.finding(
                f"The web process loads {module}:{attr}, but {relpath} defines no {attr!r}: the "
                "server fails to boot; use the name the module assigns (Django's is "
                "`application`).",
                at,
            )

    @staticmethod
    def config_target(project: ProjectModel, config: Optional[str]) -> Optional[str]:
        """`wsgi_app = "..."` in the gunicorn config file (gunicorn reads ./gunicorn.conf.py)."""
        relpath = config.removeprefix("python:") if config else "gunicorn.conf.py"
        parsed = project.python(relpath) if project.exists(relpath) else None
        if not isinstance(parsed, ParsedModule):
            return None
        for statement in parsed.module.body:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if (
                        isinstance(small, cst.Assign)
                        and any(
                            isinstance(t.target, cst.Name) and t.target.value == "wsgi_app"
                            for t in small.targets
                        )
                        and isinstance(small.value, cst.SimpleString)
                    ):
                        value = small.value.evaluated_value
                        return value if isinstance(value, str) else None
        return None

    @staticmethod
    def defines(project: ProjectModel, relpath: str, attr: str) -> bool:
        parsed = project.python(relpath)
        if not isinstance(parsed, ParsedModule):
            return True  # unreadable: HK003 reports it; do not guess here
        names: set[str] = set()
        for statement in parsed.module.body:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if isinstance(small, (cst.Import, cst.ImportFrom)):
                        if isinstance(small, cst.ImportFrom) and isinstance(
                            small.names, cst.ImportStar
                        ):
                            return True
                        for alias in (
                            small.names if not isinstance(small.names, cst.ImportStar) else ()
                        ):
                            bound = alias.asname.name if alias.asname else alias.name
                            if isinstance(bound, cst.Name):
                                names.add(bound.value)
            names |= assigned_names(statement)
        return attr in names
