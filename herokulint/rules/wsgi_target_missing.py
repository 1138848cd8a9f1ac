"""HK106 wsgi-target-missing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Optional

import libcst as cst

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..project.discover import module_candidates
from ..project.procfile import ServerCommand
from ..project.pysource import ParsedModule
from ..project.settings import assigned_names
from ..project.template import has_placeholder
from ..rule import Location, Rule
from . import READY_FILES, WSGI_PY, example

SERVERS = ("gunicorn", "uvicorn", "daphne", "hypercorn", "waitress-serve")
PATH_OPTIONS = ("--chdir", "--pythonpath", "--app-dir")
# A requirements line that installs a local folder (`-e ./backend`, `.`, `file:...`).
LOCAL_REQUIREMENT = re.compile(r"^\s*(-e\b|--editable\b|\.|/|file:)", re.M)

# The startproject layout one folder down, as examples.
ROOT_PROJECT = ("manage.py", "mysite/__init__.py", "mysite/settings.py", "mysite/wsgi.py")
BACKEND = {
    "Procfile": "web: gunicorn mysite.wsgi\n",
    **{f"backend/{relpath}": READY_FILES[relpath] for relpath in ROOT_PROJECT},
}


def locate_in(project: ProjectModel, module: str, roots: list[str]) -> Optional[str]:
    for root in roots:
        for candidate in module_candidates(module):
            relpath = f"{root}/{candidate}" if root else candidate
            if project.exists(relpath):
                return relpath
    return None


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
    exits at once. The app crashes in a loop (H10). A `manage.py` in a subfolder does not
    change this: `gunicorn mysite.wsgi` for `backend/mysite/wsgi.py` needs `--chdir backend`.

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
        example(
            BACKEND,
            drop=ROOT_PROJECT,
            expect=(("Procfile", 1),),
            note="manage.py's folder is not on the web dyno's sys.path",
        ),
        example({"Procfile": "web: gunicorn mysite.wsgi:app\n"}, expect=(("Procfile", 1),)),
        example({"Procfile": "web: gunicorn mysite.wsgi-prod\n"}, expect=(("Procfile", 1),)),
        example({"Procfile": "web: gunicorn --workers 3\n"}, expect=(("Procfile", 1),)),
    ]
    valid = [
        example(),
        example(
            {"Procfile": "web: gunicorn {{ project_name }}.wsgi --log-file -\n"},
            note="an unrendered project template: the placeholder is not a module (HK006)",
        ),
        example({"Procfile": "web: gunicorn mysite.wsgi:application --log-file -\n"}),
        example(
            {"Procfile": "web: gunicorn mysite.wsgi-prod\n", "mysite/wsgi-prod.py": WSGI_PY},
            note="not an identifier, but gunicorn imports it with importlib.import_module",
        ),
        example(
            {
                "Procfile": "web: gunicorn --chdir backend mysite.wsgi\n",
                "backend/manage.py": "",
                "backend/mysite/__init__.py": "",
                "backend/mysite/wsgi.py": "application = object()\n",
            }
        ),
        example(
            {**BACKEND, "Procfile": "web: cd backend && gunicorn mysite.wsgi\n"},
            drop=ROOT_PROJECT,
        ),
        example(
            {**BACKEND, "Procfile": "web: gunicorn --pythonpath backend mysite.wsgi\n"},
            drop=ROOT_PROJECT,
        ),
        example(
            {**BACKEND, "Procfile": "web: PYTHONPATH=backend gunicorn mysite.wsgi\n"},
            drop=ROOT_PROJECT,
        ),
        example(
            {**BACKEND, ".profile": "export PYTHONPATH=/app/backend\n"},
            drop=ROOT_PROJECT,
            note="the dyno sources .profile before the command runs",
        ),
        example(
            {**BACKEND, "backend/setup.py": "from setuptools import setup\n\nsetup()\n"},
            drop=ROOT_PROJECT,
            note="a project that installs itself may put the module on sys.path",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        web = project.web
        process = project.web_process
        if web is None or process is None or web.server not in SERVERS:
            return
        if has_placeholder(process.command):
            return  # `gunicorn {{ project_name }}.wsgi`: an unrendered template (HK006)
        at = Location(process.relpath, process.line, process.column)
        target = web.target or self.config_target(project, web.options.get("--config"))
        if not target:
            yield self.finding(
                msg(
                    "`{server}` in the web process is given no application module: it exits at once; "
                    "name it, e.g. `gunicorn mysite.wsgi`.",
                    server=web.server,
                ),
                at,
            )
            return
        module, _, attr = target.partition(":")
        roots = self.import_roots(project, web)
        relpath = locate_in(project, module, roots)
        if relpath is None:
            relpath = project.locate_module(module)
            if relpath is None:
                listed = ", ".join(root or "." for root in roots)
                yield self.finding(
                    msg(
                        "The web process loads {module!r}, but no such module exists under {listed}: every "
                        "dyno crashes on boot with ModuleNotFoundError; point it at your WSGI module.",
                        module=module,
                        listed=listed,
                    ),
                    at,
                )
                return
            if not self.path_may_differ(project, web, process.command):
                folder = next(r for r in project.search_roots if locate_in(project, module, [r]))
                yield self.finding(
                    msg(
                        "The web process loads {module!r}, which exists only as {relpath}: the dyno starts "
                        "in the app root and cannot import it (ModuleNotFoundError on every boot); add "
                        "`--chdir {folder}` to the command.",
                        module=module,
                        relpath=relpath,
                        folder=folder,
                    ),
                    at,
                )
                return
        attr = attr or "application"
        if not self.defines(project, relpath, attr):
            yield self.finding(
                msg(
                    "The web process loads {module}:{attr}, but {relpath} defines no {attr!r}: the "
                    "server fails to boot; use the name the module assigns (Django's is `application`).",
                    module=module,
                    attr=attr,
                    relpath=relpath,
                ),
                at,
            )

    @staticmethod
    def import_roots(project: ProjectModel, web: ServerCommand) -> list[str]:
        """Where the server imports from: its working folder (the app root, or `cd`/--chdir),
        gunicorn's --pythonpath or uvicorn's --app-dir below it, and the app root itself,
        which the Python buildpack puts on PYTHONPATH. Unlike `project.search_roots`, not
        manage.py's folder: only `python manage.py ...` runs from there."""
        chdir = web.options.get("--chdir", "").strip("/")
        chdir = "" if chdir == "." else chdir
        roots = [chdir]
        for option in PATH_OPTIONS[1:]:
            for extra in web.options.get(option, "").split(","):
                extra = extra.strip().strip("/")
                if extra and extra != ".":
                    roots.append(f"{chdir}/{extra}" if chdir else extra)
        roots.append("")
        return list(dict.fromkeys(roots))

    def path_may_differ(self, project: ProjectModel, web: ServerCommand, command: str) -> bool:
        """True when sys.path may hold more than `import_roots` says, so a module outside them
        may still import: a path option read from a variable, PYTHONPATH or GUNICORN_CMD_ARGS
        set by the command, app.json, or the .profile scripts the dyno sources at start, a
        gunicorn config file that changes the path, or a project that installs itself."""
        if any(c in web.options.get(o, "") for o in PATH_OPTIONS for c in "$~"):
            return True
        app = project.platform.app_json
        scripts = [".profile", *project.glob(".profile.d/*")]
        sources = [
            command,
            *(app.env if app is not None else ()),
            *(t.text for t in map(project.text, scripts) if t is not None),
        ]
        if any(v in source for v in ("PYTHONPATH", "GUNICORN_CMD_ARGS") for source in sources):
            return True
        config = web.options.get("--config", "gunicorn.conf.py").removeprefix("python:")
        text = project.text(config) if project.exists(config) else None
        if text is not None and re.search(r"\b(chdir|pythonpath|sys\.path)\b", text.text):
            return True
        return self.installs_itself(project)

    @staticmethod
    def installs_itself(project: ProjectModel) -> bool:
        for folder in {"", *project.search_roots}:
            prefix = f"{folder}/" if folder else ""
            if project.exists(f"{prefix}setup.py") or project.exists(f"{prefix}setup.cfg"):
                return True
            pyproject = project.text(f"{prefix}pyproject.toml")
            if pyproject is not None and "[build-system]" in pyproject.text:
                return True
        requirements = project.text("requirements.txt")
        return requirements is not None and bool(LOCAL_REQUIREMENT.search(requirements.text))

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
