"""HK107 port-not-bound."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

import libcst as cst

from ..findings import Finding
from ..project import ProjectModel
from ..project.procfile import ServerCommand
from ..project.pysource import ParsedModule
from ..rule import Rule
from . import example, web_location

# Hosts that accept connections from Heroku's router (all interfaces).
ALL_INTERFACES = {"", "0.0.0.0", "::", "[::]", "*"}
# Defaults when the command names no address (each server's own documentation).
DEFAULT_HOST = {"uvicorn": "127.0.0.1", "daphne": "127.0.0.1", "hypercorn": "127.0.0.1"}


def mentions_port(text: str) -> bool:
    return "$PORT" in text or "${PORT" in text


def address_problem(address: str) -> Optional[str]:
    """What is wrong with `host:port` as a dyno's listening address, or None."""
    if address.startswith(("unix:", "fd://")):
        return f"listens on {address!r}, not on a TCP port"
    host, sep, port = address.rpartition(":")
    if not sep and not mentions_port(address):
        return f"listens on {address!r}, not on $PORT"
    if host not in ALL_INTERFACES and not mentions_port(host):
        return f"listens on {host} only, which Heroku's router cannot reach"
    if not mentions_port(port):
        return f"listens on the fixed port {port or address!r}, not on $PORT"
    return None


class PortNotBound(Rule):
    """
    ## What it does
    Checks that the web server listens on all interfaces on the port Heroku gives it
    (`$PORT`): gunicorn with `--bind 127.0.0.1:...` or a fixed port, and uvicorn, daphne,
    hypercorn or waitress started without `$PORT` (they default to port 8000 or 8080, and
    most to 127.0.0.1). A `bind` in `gunicorn.conf.py` is read too.

    ## Why it matters
    The router sends requests to the dyno's `$PORT`; a server listening elsewhere never
    receives them, and Heroku kills the dyno: "R10 - Boot timeout errors occur when a web
    process took longer than 60 seconds to bind to its assigned $PORT." gunicorn alone needs
    no option: with `PORT` set it binds `0.0.0.0:$PORT` by itself.

    ## Fix safety
    No automatic fix yet: drop gunicorn's `--bind`, or pass `--host 0.0.0.0 --port $PORT`
    (uvicorn), `-b 0.0.0.0 -p $PORT` (daphne), `--bind 0.0.0.0:$PORT` (hypercorn),
    `--port=$PORT` (waitress).

    ## References
    - Heroku Help: "R10 - Boot timeout"; Dev Center: "Runtime principles" (port binding)
    - gunicorn `bind` setting (default `0.0.0.0:$PORT` when `PORT` is set)
    """

    code = "HK107"
    name = "port-not-bound"
    severity = "error"
    summary = "the web server does not listen on `0.0.0.0:$PORT`"

    invalid = [
        example(
            {"Procfile": "web: gunicorn mysite.wsgi --bind 127.0.0.1:8000\n"},
            expect=(("Procfile", 1),),
        ),
        example({"Procfile": "web: uvicorn mysite.asgi:application\n"}, expect=(("Procfile", 1),)),
        example(
            {
                "Procfile": "web: gunicorn --config gunicorn.conf.py mysite.wsgi\n",
                "gunicorn.conf.py": 'bind = "127.0.0.1:8000"\nworkers = 2\n',
            },
            expect=(("Procfile", 1),),
        ),
    ]
    valid = [
        example(),
        example({"Procfile": "web: gunicorn mysite.wsgi --bind 0.0.0.0:$PORT\n"}),
        example({"Procfile": "web: uvicorn mysite.asgi:application --host 0.0.0.0 --port $PORT\n"}),
        example({"Procfile": "web: daphne -b 0.0.0.0 -p $PORT mysite.asgi:application\n"}),
        example(
            {
                "Procfile": "web: gunicorn --config gunicorn.conf.py mysite.wsgi\n",
                "gunicorn.conf.py": 'import os\n\nbind = ["[::]:{}".format(os.environ.get("PORT", '
                "5006))]\n",
            },
            note="Heroku's getting-started app binds IPv6 and IPv4 on $PORT",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        web = project.web
        at = web_location(project)
        if web is None or at is None:
            return
        problem = self.problem(project, web)
        if problem:
            yield self.finding(
                f"The web process ({web.server}) {problem}: Heroku's router cannot reach it and "
                f"the dyno fails with R10 (boot timeout); {FIXES[web.server]}.",
                at,
            )

    def problem(self, project: ProjectModel, web: ServerCommand) -> Optional[str]:
        options = web.options
        if web.server == "gunicorn":
            if "--bind" in options:
                return address_problem(options["--bind"])
            return self.config_bind_problem(project, options.get("--config"))
        if web.server == "uvicorn":
            if "--uds" in options or "--fd" in options:
                return None
            host = options.get("--host", web.env.get("UVICORN_HOST", "127.0.0.1"))
            port = options.get("--port", web.env.get("UVICORN_PORT", "8000"))
            return address_problem(f"{host}:{port}")
        if web.server == "daphne":
            if "--endpoint" in options or "--unix-socket" in options or "--fd" in options:
                endpoint = options.get("--endpoint", "")
                return (
                    None
                    if not endpoint or mentions_port(endpoint)
                    else (f"listens on the endpoint {endpoint!r}, not on $PORT")
                )
            host = options.get("--bind", "127.0.0.1")
            return address_problem(f"{host}:{options.get('--port', '8000')}")
        if web.server == "hypercorn":
            if "--config" in options:
                return None
            return address_problem(options.get("--bind", "127.0.0.1:8000"))
        if web.server == "waitress-serve":
            if "--unix-socket" in options:
                return address_problem("unix:" + options["--unix-socket"])
            if "--listen" in options:
                return address_problem(options["--listen"].replace("*:", "0.0.0.0:"))
            return address_problem(
                f"{options.get('--host', '0.0.0.0')}:{options.get('--port', '8080')}"
            )
        return None

    @staticmethod
    def config_bind_problem(project: ProjectModel, config: Optional[str]) -> Optional[str]:
        """`bind = ...` in the gunicorn config file (gunicorn reads ./gunicorn.conf.py)."""
        relpath = config.removeprefix("python:") if config else "gunicorn.conf.py"
        if not project.exists(relpath):
            return None
        parsed = project.python(relpath)
        if not isinstance(parsed, ParsedModule):
            return None
        value = None
        for statement in parsed.module.body:
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                if isinstance(small, cst.Assign) and any(
                    isinstance(t.target, cst.Name) and t.target.value == "bind"
                    for t in small.targets
                ):
                    value = small.value
        if value is None:
            return None
        literals = literal_strings(value)
        if literals is None:
            # Built from the PORT variable (`"[::]:{}".format(os.environ["PORT"])`): only a
            # local-only host can still be told; anything else is not followed.
            code = parsed.module.code_for_node(value)
            if "PORT" in code and any(host in code for host in ("127.0.0.1", "localhost")):
                return f"listens on a local-only address (bind in {relpath})"
            return None
        for address in literals:
            problem = address_problem(address)
            if problem:
                return problem + f" (bind in {relpath})"
        return None


def literal_strings(node: cst.BaseExpression) -> Optional[list[str]]:
    """The strings of a string literal or a list/tuple of them; None for anything else."""
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return [value] if isinstance(value, str) else None
    if isinstance(node, (cst.List, cst.Tuple)):
        found: list[str] = []
        for element in node.elements:
            inner = literal_strings(element.value)
            if inner is None:
                return None
            found.extend(inner)
        return found
    return None


FIXES = {
    "gunicorn": "remove --bind (gunicorn binds 0.0.0.0:$PORT by itself) or use `--bind 0.0.0.0:$PORT`",
    "uvicorn": "add `--host 0.0.0.0 --port $PORT`",
    "daphne": "add `-b 0.0.0.0 -p $PORT`",
    "hypercorn": "add `--bind 0.0.0.0:$PORT`",
    "waitress-serve": "add `--port=$PORT`",
}
