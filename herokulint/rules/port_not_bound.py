"""HK107 port-not-bound."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Optional

import libcst as cst

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..project.procfile import ServerCommand
from ..project.pysource import ParsedModule
from ..rule import Rule
from . import example, web_location

# Hosts that accept connections from Heroku's router (all interfaces).
ALL_INTERFACES = {"", "0.0.0.0", "::", "[::]", "*"}
# Defaults when the command names no address (each server's own documentation).
DEFAULT_HOST = {"uvicorn": "127.0.0.1", "daphne": "127.0.0.1", "hypercorn": "127.0.0.1"}
# heroku/heroku-buildpack-nginx config/nginx.conf.erb: `upstream app_server { server
# unix:/tmp/nginx.socket fail_timeout=0; }`, and readme.md: "Your webserver listens to the
# socket at `/tmp/nginx.socket`." An app's own config/nginx.conf.erb replaces it.
NGINX_SOCKET = "unix:/tmp/nginx.socket"
NGINX_CONFIG = "config/nginx.conf.erb"
OWN_NGINX_CONFIG = "config/nginx.conf"  # read only beside a committed wrapper script
_UPSTREAM_SERVER = re.compile(r"^\s*server\s+([^\s;]+)", re.M)
_UPSTREAM = re.compile(r"\bupstream\s+[\w.-]+\s*\{([^}]*)\}")


def mentions_port(text: str) -> bool:
    return "$PORT" in text or "${PORT" in text


# A shell default (`${PORT:-5000}`, `${PORT-8000}`): the shell expands it to $PORT on a dyno,
# where PORT is always set; the colon inside it is not a host:port separator.
_PORT_WITH_DEFAULT = re.compile(r"\$\{PORT:?[-=?+][^}]*\}")


def address_problem(address: str) -> Optional[str]:
    """What is wrong with `host:port` as a dyno's listening address, or None."""
    address = _PORT_WITH_DEFAULT.sub("$PORT", address)
    if address.startswith(("unix:", "fd://")):
        return msg("listens on {address!r}, not on a TCP port", address=address)
    host, sep, port = address.rpartition(":")
    if not sep and not mentions_port(address):
        return msg("listens on {address!r}, not on $PORT", address=address)
    if host not in ALL_INTERFACES and not mentions_port(host):
        return msg("listens on {host} only, which Heroku's router cannot reach", host=host)
    if not mentions_port(port):
        return msg("listens on the fixed port {port!r}, not on $PORT", port=port or address)
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

    Behind heroku-buildpack-nginx (`web: bin/start-nginx gunicorn ...`, also
    `bin/start-nginx-debug`), nginx binds `$PORT` and forwards to `unix:/tmp/nginx.socket` (or
    the upstream of your own `config/nginx.conf.erb`): then the app server must listen on that
    socket, and binding `$PORT` itself (gunicorn does, by default) is reported. An app that
    commits its own `bin/start-nginx` runs its own setup: only the upstreams of its
    `config/nginx.conf.erb` or `config/nginx.conf` are compared, and without them nothing is.

    ## Fix safety
    No automatic fix yet: drop gunicorn's `--bind`, or pass `--host 0.0.0.0 --port $PORT`
    (uvicorn), `-b 0.0.0.0 -p $PORT` (daphne), `--bind 0.0.0.0:$PORT` (hypercorn),
    `--port=$PORT` (waitress).

    ## References
    - Heroku Help: "R10 - Boot timeout"; Dev Center: "Runtime principles" (port binding)
    - gunicorn `bind` setting (default `0.0.0.0:$PORT` when `PORT` is set)
    - heroku/heroku-buildpack-nginx: `bin/start-nginx`, `config/nginx.conf.erb`, readme
      ("Your webserver listens to the socket at `/tmp/nginx.socket`.")
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
            {"Procfile": "web: bin/start-nginx gunicorn mysite.wsgi\n"},
            expect=(("Procfile", 1),),
            note="behind heroku-buildpack-nginx gunicorn still binds $PORT by default",
        ),
        example(
            {"Procfile": "web: bin/start-nginx gunicorn mysite.wsgi --bind 127.0.0.1:8000\n"},
            expect=(("Procfile", 1),),
        ),
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
            {"Procfile": "web: gunicorn mysite.wsgi --bind 0.0.0.0:${PORT:-5000}\n"},
            note="a shell default: on a dyno PORT is set, so it binds $PORT",
        ),
        example(
            {
                "Procfile": "web: gunicorn --config gunicorn.conf.py mysite.wsgi\n",
                "gunicorn.conf.py": 'import os\n\nbind = ["[::]:{}".format(os.environ.get("PORT", '
                "5006))]\n",
            },
            note="Heroku's getting-started app binds IPv6 and IPv4 on $PORT",
        ),
        example(
            {
                "Procfile": "web: bin/start-nginx gunicorn -c config/gunicorn.conf.py mysite.wsgi\n",
                "config/gunicorn.conf.py": 'bind = "unix:/tmp/nginx.socket"\n\n\n'
                "def when_ready(server):\n"
                '    open("/tmp/app-initialized", "w").close()\n',
            },
            note="heroku-buildpack-nginx: nginx binds $PORT, gunicorn its socket",
        ),
        example(
            {
                "Procfile": "web: bin/start-nginx uvicorn mysite.asgi:application "
                "--uds /tmp/nginx.socket\n"
            }
        ),
        example(
            {
                "Procfile": "web: bin/start-nginx gunicorn mysite.wsgi --bind 127.0.0.1:8000\n",
                "config/nginx.conf.erb": "http {\n  upstream app_server {\n"
                "    server 127.0.0.1:8000 fail_timeout=0;\n  }\n}\n",
            },
            note="the app's own nginx config forwards to a TCP port",
        ),
        example(
            {
                "Procfile": "web: bin/start-nginx gunicorn -c gunicorn.conf mysite.wsgi\n",
                "bin/start-nginx": "#!/usr/bin/env bash\nnginx -p . -c /code/config/nginx.conf\n",
                "gunicorn.conf": "bind = 'unix:/var/run/app/nginx.sock'\n",
                "config/nginx.conf": "http {\n  upstream app_server {\n"
                "    server unix:/var/run/app/nginx.sock fail_timeout=0;\n  }\n}\n",
            },
            note="the app's own start script and nginx config (python/pythondotorg)",
        ),
        example(
            {
                "Procfile": "web: bin/start-nginx gunicorn mysite.wsgi\n",
                "bin/start-nginx": "#!/usr/bin/env bash\nexec nginx -c /etc/nginx/site.conf\n",
            },
            note="its own start script and no nginx config herokulint can read: not judged",
        ),
        example({"Procfile": "web: bin/start-nginx-solo\n"}, note="nginx alone"),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        web = project.web
        at = web_location(project)
        if web is None or at is None:
            return
        if web.proxy:
            problem = self.proxy_problem(project, web)
            if problem:
                yield self.finding(problem, at)
            return
        problem = self.problem(project, web)
        if problem:
            yield self.finding(
                msg(
                    "The web process ({server}) {problem}: Heroku's router cannot reach it and the dyno "
                    "fails with R10 (boot timeout); {FIXES}.",
                    server=web.server,
                    problem=problem,
                    FIXES=FIXES[web.server],
                ),
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
                    else (
                        msg("listens on the endpoint {endpoint!r}, not on $PORT", endpoint=endpoint)
                    )
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

    def proxy_problem(self, project: ProjectModel, web: ServerCommand) -> Optional[str]:
        """Behind bin/start-nginx: the app server must listen where nginx forwards to."""
        upstreams = nginx_upstreams(project, web.proxy or "bin/start-nginx")
        addresses = listen_addresses(project, web)
        if not upstreams or addresses is None or web.server not in PROXY_FIXES:
            return None
        if any(same_address(address, upstream) for address in addresses for upstream in upstreams):
            return None
        wrapper = web.proxy or "bin/start-nginx"
        socket = upstreams[0]
        start = msg(
            "The web process starts {server} behind heroku-buildpack-nginx ({wrapper}), whose "
            "nginx binds $PORT itself and forwards requests to {socket}",
            server=web.server,
            wrapper=wrapper,
            socket=socket,
        )
        fix = PROXY_FIXES[web.server].format(socket=socket.removeprefix("unix:"))
        if any(mentions_port(address) for address in addresses):
            return msg(
                "{start}; {server} binds $PORT too, so nginx cannot start ('Address already in use') "
                "and the buildpack stops the dyno; make {server} listen on {socket} ({fix}).",
                start=start,
                server=web.server,
                socket=socket,
                fix=fix,
            )
        listed = ", ".join(addresses)
        return msg(
            "{start}; {server} listens on {listed}, so nginx gets no answer (502) and nothing "
            "reaches the app; make {server} listen on {socket} ({fix}).",
            start=start,
            server=web.server,
            listed=listed,
            socket=socket,
            fix=fix,
        )

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
                return msg("listens on a local-only address (bind in {relpath})", relpath=relpath)
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


def nginx_upstreams(project: ProjectModel, wrapper: str) -> list[str]:
    """Where nginx forwards to: the buildpack's socket, or the `upstream` servers of the app's
    own config/nginx.conf.erb (empty when that file names none herokulint can read).

    An app that commits its own wrapper script (python/pythondotorg's `bin/start-nginx` runs
    nginx with `-c /code/config/nginx.conf`) is not the buildpack's setup: then only the
    upstreams of the app's own nginx configs count, and none known means nothing to judge."""
    own_wrapper = project.exists(wrapper.removeprefix("./"))
    configs = (NGINX_CONFIG, OWN_NGINX_CONFIG) if own_wrapper else (NGINX_CONFIG,)
    texts = [config.text for path in configs if (config := project.text(path)) is not None]
    if not texts:
        return [] if own_wrapper else [NGINX_SOCKET]
    found: list[str] = []
    for text in texts:
        for block in _UPSTREAM.findall(text):
            found += [address for address in _UPSTREAM_SERVER.findall(block) if "<%" not in address]
    return found


def listen_addresses(project: ProjectModel, web: ServerCommand) -> Optional[list[str]]:
    """The addresses the server listens on (`unix:/path` or `host:port`), or None when the
    command does not say so plainly (a config file it does not read, a file descriptor)."""
    options = web.options
    if web.server == "gunicorn":
        if "--bind" in options:
            return [options["--bind"]]
        if gunicorn_args_elsewhere(project, web):
            return None
        relpath = options.get("--config", "gunicorn.conf.py").removeprefix("python:")
        if project.exists(relpath):
            return config_binds(project, relpath)
        # gunicorn's default while PORT is set; a named config it cannot find is not followed.
        return None if "--config" in options else ["0.0.0.0:$PORT"]
    if web.server == "uvicorn":
        if "--fd" in options:
            return None
        if "--uds" in options:
            return ["unix:" + options["--uds"]]
        return [f"{options.get('--host', '127.0.0.1')}:{options.get('--port', '8000')}"]
    if web.server == "daphne":
        if "--fd" in options:
            return None
        if "--unix-socket" in options:
            return ["unix:" + options["--unix-socket"]]
        if "--endpoint" in options:
            return [options["--endpoint"]]
        return [f"{options.get('--bind', '127.0.0.1')}:{options.get('--port', '8000')}"]
    if web.server == "hypercorn":
        return None if "--config" in options else [options.get("--bind", "127.0.0.1:8000")]
    if web.server == "waitress-serve":
        if "--unix-socket" in options:
            return ["unix:" + options["--unix-socket"]]
        if "--listen" in options:
            return [options["--listen"]]
        return [f"{options.get('--host', '0.0.0.0')}:{options.get('--port', '8080')}"]
    return None


def gunicorn_args_elsewhere(project: ProjectModel, web: ServerCommand) -> bool:
    """True when GUNICORN_CMD_ARGS (gunicorn's options from the environment) may be set: by the
    command, app.json, or the .profile the dyno sources."""
    app = project.platform.app_json
    profile = project.text(".profile")
    return (
        "GUNICORN_CMD_ARGS" in web.env
        or (app is not None and "GUNICORN_CMD_ARGS" in app.env)
        or (profile is not None and "GUNICORN_CMD_ARGS" in profile.text)
    )


def config_binds(project: ProjectModel, relpath: str) -> Optional[list[str]]:
    """The literal `bind` of a gunicorn config file; its default when it sets none; None when
    it is built from something herokulint does not evaluate."""
    parsed = project.python(relpath)
    if not isinstance(parsed, ParsedModule):
        return None
    value = None
    for statement in parsed.module.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Assign) and any(
                    isinstance(t.target, cst.Name) and t.target.value == "bind"
                    for t in small.targets
                ):
                    value = small.value
    if value is None:
        return None if "bind" in parsed.module.code else ["0.0.0.0:$PORT"]
    return literal_strings(value)


def same_address(address: str, upstream: str) -> bool:
    """True when a server listening on `address` receives what nginx sends to `upstream`."""
    if address.startswith("unix:") or upstream.startswith("unix:"):
        return address == upstream
    host, _, port = address.rpartition(":")
    up_host, _, up_port = upstream.rpartition(":")
    local = ALL_INTERFACES | {"127.0.0.1", "localhost", up_host}
    return port == up_port and host in local


PROXY_FIXES = {
    "gunicorn": "`--bind unix:{socket}`",
    "uvicorn": "`--uds {socket}`",
    "daphne": "`-u {socket}`",
    "hypercorn": "`--bind unix:{socket}`",
    "waitress-serve": "`--unix-socket={socket}`",
}

FIXES = {
    "gunicorn": "remove --bind (gunicorn binds 0.0.0.0:$PORT by itself) or use `--bind 0.0.0.0:$PORT`",
    "uvicorn": "add `--host 0.0.0.0 --port $PORT`",
    "daphne": "add `-b 0.0.0.0 -p $PORT`",
    "hypercorn": "add `--bind 0.0.0.0:$PORT`",
    "waitress-serve": "add `--port=$PORT`",
}
