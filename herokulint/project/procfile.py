"""The Procfile: its process types and commands, what is malformed in it, and what server runs.

`parse_procfile` reads the file the way both Heroku parsers would and keeps every problem as a
value. `parse_server_command` reads a command's argv (gunicorn, uvicorn, daphne, hypercorn,
waitress-serve, Django's runserver) into the server, its app target and its options, so rules
can check the target module and the port binding without running anything.

Two parsers read a Procfile (heroku/buildpacks-procfile SPEC.md):
- classic (Cedar): "loosely defined based on a regex
  `^[[:space:]]*([a-zA-Z0-9_-]+):?\\s+(.*)[[:space:]]*`"; lines that do not match are ignored;
- Cloud Native (Fir, src/procfile.rs): keys `[a-z0-9]([a-z0-9-]*[a-z0-9])?` of 1..=63 chars,
  `:` then optional spaces, a non-empty value; upper case and `_` are rewritten with a warning;
  duplicate keys: the last wins; anything else fails the build with "Invalid Procfile format".
"""

from __future__ import annotations

import posixpath
import re
import shlex
from dataclasses import field

from ..records import frozen
from .files import TextFile

# Classic Cedar key characters (SPEC.md regex above).
CLASSIC_KEY = re.compile(r"[A-Za-z0-9_-]+")
# Cloud Native key rule (SPEC.md "Key"); length is checked separately (1..=63).
CNB_KEY = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?")
CNB_KEY_MAX = 63
ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
# The classic regex's `:?` makes the colon optional: `web gunicorn x.wsgi` still reads as web.
CLASSIC_WITHOUT_COLON = re.compile(r"([A-Za-z0-9_-]+)([ \t]+)(\S.*?)[ \t]*")
PYTHON = re.compile(r"python(\d+(\.\d+)?)?")
EXAMPLE = "web: gunicorn myproject.wsgi"


@frozen
class Process:
    name: str
    command: str
    argv: tuple[str, ...] | None  # None when the shell words cannot be split (unclosed quote)
    line: int
    column: int


@frozen
class ProcfileProblem:
    line: int
    column: int
    message: str
    # "all": both parsers fail on the line (or run a broken command); "fir-fatal": the classic
    # parser ignores the line (or reads it anyway) while the Cloud Native parser rejects the
    # whole file; "fir": only the Cloud Native parser rejects it; "fir-warning": the Cloud
    # Native parser renames the key with a warning.
    scope: str = "all"


@frozen
class Procfile:
    relpath: str
    processes: tuple[Process, ...]
    problems: tuple[ProcfileProblem, ...]

    def get(self, name: str) -> Process | None:
        """The process of that type; of duplicates the last, as the Cloud Native parser keeps."""
        found = None
        for process in self.processes:
            if process.name == name:
                found = process
        return found

    @property
    def web(self) -> Process | None:
        return self.get("web")


def split_words(command: str) -> tuple[str, ...] | None:
    try:
        return tuple(shlex.split(command))
    except ValueError:
        return None


def _key_problem(key: str) -> tuple[str, str] | None:
    """Why `key` is not a valid process type, and for which parser (a `ProcfileProblem.scope`),
    or None."""
    if not key:
        return (
            f"The line has no process type before ':'; the classic stack ignores it and the Cloud "
            f"Native parser rejects the Procfile. Write it as `{EXAMPLE}`.",
            "fir-fatal",
        )
    if key != key.rstrip():
        return (
            f"The process type `{key.rstrip()}` is followed by a space before ':'; neither Heroku "
            f"parser accepts that. Write `{key.rstrip()}: <command>`.",
            "all",
        )
    if not CLASSIC_KEY.fullmatch(key):
        return (
            f"The process type `{key}` is not valid: Heroku accepts only letters, digits, '-' "
            f"and '_' (the classic stack ignores the line, the Cloud Native parser rejects the "
            f"Procfile); write it in lower case with '-', for example `web` or `celery-beat`.",
            "fir-fatal",
        )
    fixed = key.lower().replace("_", "-")
    if CNB_KEY.fullmatch(fixed) is None:
        return (
            f"The process type `{key}` must start and end with a letter or digit; the Cloud Native "
            f"Procfile parser rejects it. Rename it (for example `{fixed.strip('-') or 'worker'}`).",
            "fir",
        )
    if len(key) > CNB_KEY_MAX:
        return (
            f"The process type `{key[:20]}…` is {len(key)} characters long; the Cloud Native "
            f"Procfile parser allows at most {CNB_KEY_MAX}. Shorten it.",
            "fir",
        )
    if fixed != key:
        # Soft: buildpacks-procfile rewrites it with "Procfile key `X` has been corrected to `x`.
        # Please update your Procfile." (src/procfile.rs parse_permissive_key_fixed).
        return (
            f"The process type `{key}` has upper-case letters or underscores; the Cloud Native "
            f"Procfile parser renames it to `{fixed}` with a warning. Rename it to `{fixed}`.",
            "fir-warning",
        )
    return None


def _is_fatal_key_problem(key: str) -> bool:
    """Keys the classic regex cannot match at all: the line is ignored, so no process exists."""
    return not key or key != key.rstrip() or CLASSIC_KEY.fullmatch(key) is None


def parse_procfile(file: TextFile, target: str = "cedar") -> Procfile:
    """The processes the `target` parser ("cedar" classic, "fir" Cloud Native) reads, and
    every problem of the file for either parser."""
    problems: list[ProcfileProblem] = []
    processes: list[Process] = []
    first_line: dict[str, int] = {}
    if file.encoding != "utf-8":
        problems.append(
            ProcfileProblem(
                1,
                1,
                f"The Procfile is saved as {file.encoding.upper()}; Heroku reads it as UTF-8 and "
                f"finds no process types. Save it as UTF-8.",
            )
        )
    elif file.bom:
        first = file.text.split("\n", 1)[0].partition(":")[0].strip()
        key = first if CLASSIC_KEY.fullmatch(first) else "web"
        # Neither parser skips U+FEFF: the classic key regex stops matching and the Cloud Native
        # parser fails ("Invalid Procfile format"), even when line 1 is a comment.
        problems.append(
            ProcfileProblem(
                1,
                1,
                "The Procfile starts with a UTF-8 byte-order mark, so its first process type reads "
                f'as "\\ufeff{key}" instead of "{key}". Save the file as UTF-8 without a BOM.',
            )
        )
    line_problems = 0
    # Split on "\n" only: str.splitlines() would also break on \x0c, \u2028 and friends, which
    # neither Heroku parser treats as line ends; "\r\n" is a line end for both (SPEC.md "Value").
    for number, raw in enumerate(file.text.split("\n"), start=1):
        line = raw[:-1] if raw.endswith("\r") else raw
        stripped = line.lstrip(" \t")
        indent = len(line) - len(stripped)
        if not stripped.strip() or stripped.startswith("#"):
            continue
        key, colon, rest = stripped.partition(":")
        if not colon:
            classic = CLASSIC_WITHOUT_COLON.fullmatch(line.strip(" \t"))
            if classic and target != "fir":
                name, space, command = classic.groups()
                command = command.strip()
                column = indent + len(name) + len(space) + 1
                processes.append(Process(name, command, split_words(command), number, column))
                read = f"reads it as `{name}: {command}`"
            else:
                line_problems += 1
                read = "ignores the line"
            problems.append(
                ProcfileProblem(
                    number,
                    indent + 1,
                    f"Line {number} is not `type: command`: there is no ':' after the process "
                    f"type. The classic stack {read}; the Cloud Native parser rejects the "
                    f"Procfile. Write it as `{EXAMPLE}`.",
                    "fir-fatal",
                )
            )
            continue
        found = _key_problem(key)
        if found is not None:
            problems.append(ProcfileProblem(number, indent + 1, *found))
            if _is_fatal_key_problem(key):
                line_problems += 1
                continue
        command = rest.strip()
        if not command:
            line_problems += 1
            problems.append(
                ProcfileProblem(
                    number,
                    indent + len(key) + 2,
                    f"The process type `{key}` has no command after ':'; add the command it "
                    f"should run (for example `{EXAMPLE}`).",
                )
            )
            continue
        column = indent + len(key) + 2 + (len(rest) - len(rest.lstrip()))
        if rest[:1] not in (" ", "\t"):
            # The classic regex needs `:?\s+` after the key, so `web:gunicorn` matches nothing
            # there and the line is silently ignored; the Cloud Native parser accepts it.
            problems.append(
                ProcfileProblem(
                    number,
                    column,
                    f"There is no space after `{key}:`; the classic Heroku stack ignores such a "
                    f"line. Write `{key}: {command}`.",
                )
            )
        if key in first_line:
            problems.append(
                ProcfileProblem(
                    number,
                    indent + 1,
                    f"The process type `{key}` is defined again (first on line "
                    f"{first_line[key]}); Heroku keeps only the last definition. Remove one.",
                )
            )
        else:
            first_line[key] = number
        processes.append(Process(key, command, split_words(command), number, column))
    if not processes and line_problems == 0:
        problems.append(
            ProcfileProblem(
                1,
                1,
                f"The Procfile defines no processes; add one, for example `{EXAMPLE}`.",
            )
        )
    return Procfile(file.relpath, tuple(processes), tuple(problems))


def env_prefix(argv: tuple[str, ...]) -> tuple[dict[str, str], tuple[str, ...]]:
    """Leading `NAME=value` shell assignments, and the words after them."""
    env: dict[str, str] = {}
    index = 0
    while index < len(argv) and ASSIGNMENT.match(argv[index]):
        name, _, value = argv[index].partition("=")
        env[name] = value
        index += 1
    return env, argv[index:]


@frozen
class ServerCommand:
    server: str  # gunicorn | uvicorn | daphne | waitress-serve | hypercorn | runserver | other
    target: str | None
    options: dict[str, str] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    # The heroku-buildpack-nginx script the server runs behind (`bin/start-nginx`), else None:
    # then nginx binds $PORT and forwards to the server's socket.
    proxy: str | None = None


@frozen
class _Grammar:
    """A server's command line: short → long names, and the options that take no value."""

    short: dict[str, str]
    flags: frozenset[str]


# gunicorn/config.py `cli` lists; boolean settings use action="store_true".
GUNICORN = _Grammar(
    short={
        "-b": "--bind",
        "-c": "--config",
        "-e": "--env",
        "-w": "--workers",
        "-k": "--worker-class",
        "-t": "--timeout",
        "-D": "--daemon",
        "-p": "--pid",
        "-u": "--user",
        "-g": "--group",
        "-m": "--umask",
        "-n": "--name",
        "-R": "--enable-stdio-inheritance",
        "-v": "--version",
    },
    flags=frozenset(
        {
            "--reload",
            "--preload",
            "--daemon",
            "--check-config",
            "--print-config",
            "--spew",
            "--capture-output",
            "--enable-stdio-inheritance",
            "--no-sendfile",
            "--reuse-port",
            "--strip-header-spaces",
            "--suppress-ragged-eofs",
            "--proxy-protocol",
            "--disable-redirect-access-to-syslog",
            "--no-control-socket",
            "--log-syslog",
            "--initgroups",
            "--do-handshake-on-connect",
            "--permit-unconventional-http-method",
            "--permit-unconventional-http-version",
            "--casefold-http-method",
            "--version",
            "--help",
        }
    ),
)
# uvicorn/main.py click options declared `is_flag=True` (or as --x/--no-x pairs).
UVICORN = _Grammar(
    short={"-h": "--help"},
    flags=frozenset(
        {
            "--reload",
            "--factory",
            "--proxy-headers",
            "--no-proxy-headers",
            "--access-log",
            "--no-access-log",
            "--use-colors",
            "--no-use-colors",
            "--server-header",
            "--no-server-header",
            "--date-header",
            "--no-date-header",
            "--version",
            "--help",
        }
    ),
)
# daphne/cli.py argparse definitions.
DAPHNE = _Grammar(
    short={
        "-b": "--bind",
        "-p": "--port",
        "-u": "--unix-socket",
        "-e": "--endpoint",
        "-v": "--verbosity",
        "-t": "--http-timeout",
        "-s": "--server-name",
    },
    flags=frozenset({"--proxy-headers", "--no-server-name", "--help"}),
)
# hypercorn/__main__.py argparse definitions.
HYPERCORN = _Grammar(
    short={
        "-b": "--bind",
        "-c": "--config",
        "-w": "--workers",
        "-k": "--worker-class",
        "-m": "--umask",
        "-p": "--pid",
        "-g": "--group",
        "-u": "--user",
    },
    flags=frozenset({"--reload", "--debug", "--help"}),
)
# waitress/adjustments.py: boolean settings and their --no- forms take no value.
WAITRESS = _Grammar(
    short={},
    flags=frozenset(
        {
            "--call",
            "--help",
            "--ipv4",
            "--no-ipv4",
            "--ipv6",
            "--no-ipv6",
            "--expose-tracebacks",
            "--no-expose-tracebacks",
            "--log-untrusted-proxy-headers",
            "--no-log-untrusted-proxy-headers",
            "--clear-untrusted-proxy-headers",
            "--no-clear-untrusted-proxy-headers",
        }
    ),
)
# django/core/management/commands/runserver.py plus BaseCommand's common options.
RUNSERVER = _Grammar(
    short={"-6": "--ipv6", "-v": "--verbosity"},
    flags=frozenset(
        {
            "--ipv6",
            "--noreload",
            "--nothreading",
            "--nostatic",
            "--insecure",
            "--skip-checks",
            "--traceback",
            "--no-color",
            "--force-color",
            "--help",
        }
    ),
)
GRAMMARS = {
    "gunicorn": GUNICORN,
    "uvicorn": UVICORN,
    "daphne": DAPHNE,
    "hypercorn": HYPERCORN,
    "waitress-serve": WAITRESS,
    "runserver": RUNSERVER,
}
PYTHON_MODULES = {
    "gunicorn": "gunicorn",
    "uvicorn": "uvicorn",
    "daphne": "daphne",
    "hypercorn": "hypercorn",
}
# Words that run the rest of the line as a command: `exec`, APM launchers, the pgbouncer
# buildpack's wrappers, and package-manager runners (HK108 reports those separately).
WRAPPERS: dict[tuple[str, ...], int] = {
    ("exec",): 1,
    ("env",): 1,
    ("ddtrace-run",): 1,
    ("opentelemetry-instrument",): 1,
    ("newrelic-admin", "run-program"): 2,
    ("bin/start-pgbouncer",): 1,
    ("bin/start-pgbouncer-stunnel",): 1,
    ("poetry", "run"): 2,
    ("uv", "run"): 2,
    ("pipenv", "run"): 2,
    ("pdm", "run"): 2,
}
SEPARATORS = frozenset({"&&", "||", ";", "|"})
# heroku/heroku-buildpack-nginx bin/start-nginx (and -debug): "this command takes another
# command as an argument. You must pass your app server's startup command to `start-nginx`"
# (readme.md); it runs it (`COMMAND=${@:$n}; $COMMAND`, after an optional `-f` that skips the
# wait for /tmp/app-initialized), then nginx on $PORT, which forwards to unix:/tmp/nginx.socket
# (config/nginx.conf.erb). bin/start-nginx-solo runs nginx alone and ignores its arguments.
NGINX_WRAPPERS = frozenset({"start-nginx", "start-nginx-debug"})
NGINX_SOLO = "start-nginx-solo"


def _unwrap(words: tuple[str, ...], env: dict[str, str]) -> tuple[str, ...]:
    """Drop assignments and wrapper commands in front of the real program."""
    while True:
        found, words = env_prefix(words)
        env.update(found)
        for prefix, size in WRAPPERS.items():
            if words[: len(prefix)] == prefix:
                words = words[size:]
                break
        else:
            return words


def _identify(words: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """The server a program line starts, and the arguments after the server's own name."""
    if not words:
        return "other", ()
    program = posixpath.basename(words[0])
    if program in GRAMMARS and program != "runserver":
        return program, words[1:]
    if program in ("manage.py", "django-admin", "django-admin.py"):
        if words[1:2] == ("runserver",):
            return "runserver", words[2:]
        return "other", words[1:]
    if PYTHON.fullmatch(program):
        index = 1
        # Interpreter switches before the script/module: -W and -X take a value.
        while index < len(words) and words[index].startswith("-") and words[index] != "-m":
            index += 2 if words[index] in ("-W", "-X") else 1
        rest = words[index:]
        if rest[:1] == ("-m",) and len(rest) > 1:
            module = rest[1]
            if module in PYTHON_MODULES:
                return PYTHON_MODULES[module], rest[2:]
            if module == "django" and rest[2:3] == ("runserver",):
                return "runserver", rest[3:]
        elif rest and posixpath.basename(rest[0]) == "manage.py" and rest[1:2] == ("runserver",):
            return "runserver", rest[2:]
    return "other", words[1:]


def _options(grammar: _Grammar, args: tuple[str, ...]) -> tuple[dict[str, str], list[str]]:
    """Options (long names → value, the last one wins) and positional arguments."""
    options: dict[str, str] = {}
    positional: list[str] = []
    index = 0
    while index < len(args):
        word = args[index]
        index += 1
        if word == "--":
            positional.extend(args[index:])
            break
        if word.startswith("--"):
            name, equals, value = word.partition("=")
            if not equals and name not in grammar.flags and index < len(args):
                value = args[index]
                index += 1
            options[name] = value
        elif word.startswith("-") and len(word) > 1:
            name = grammar.short.get(word[:2], word[:2])
            if name in grammar.flags:
                options[name] = ""
            elif len(word) > 2:
                options[name] = word[2:]  # `-b0.0.0.0:8000`, `-w4`
            elif index < len(args):
                options[name] = args[index]
                index += 1
            else:
                options[name] = ""
        else:
            positional.append(word)
    return options, positional


def _join_dir(base: str | None, path: str) -> str:
    if base is None or path.startswith("/"):
        return path
    return posixpath.normpath(posixpath.join(base, path))


SHELLS = frozenset({"sh", "bash", "dash"})


def parse_server_command(argv: tuple[str, ...]) -> ServerCommand:
    # `sh -c '…'`: the server is inside the quoted script (each level is strictly shorter).
    if len(argv) > 2 and posixpath.basename(argv[0]) in SHELLS and argv[1] == "-c":
        inner = split_words(argv[2])
        if inner is not None:
            return parse_server_command(inner)
    # Bash drops a word starting with `#` and the rest of the line; shlex.split keeps them.
    for index, word in enumerate(argv):
        if word.startswith("#"):
            argv = argv[:index]
            break
    segments: list[tuple[str, ...]] = []
    current: list[str] = []
    for word in argv:
        if word in SEPARATORS:
            segments.append(tuple(current))
            current = []
        else:
            current.append(word)
    segments.append(tuple(current))

    chdir: str | None = None
    fallback: ServerCommand | None = None
    for segment in segments:
        env: dict[str, str] = {}
        words = _unwrap(segment, env)
        proxy: str | None = None
        if words and posixpath.basename(words[0]) == NGINX_SOLO:
            return ServerCommand("other", None, {}, env, proxy=words[0])
        if words and posixpath.basename(words[0]) in NGINX_WRAPPERS:
            proxy, words = words[0], words[1:]
            words = _unwrap(words[1:] if words[:1] == ("-f",) else words, env)
        if not words:
            continue
        if words[0] == "cd":
            # `cd sub && gunicorn …`: the server starts in `sub`, like gunicorn's --chdir.
            chdir = _join_dir(chdir, words[1]) if len(words) > 1 else None
            continue
        server, args = _identify(words)
        grammar = GRAMMARS.get(server)
        if grammar is None:
            if fallback is None:
                fallback = ServerCommand("other", None, {}, env, proxy)
            continue
        options, positional = _options(grammar, args)
        if chdir is not None:
            options["--chdir"] = _join_dir(chdir, options.get("--chdir", "."))
        target: str | None = None
        if server == "runserver":
            # runserver's only positional argument is `addrport` (default 127.0.0.1:8000).
            if positional:
                options["addrport"] = positional[0]
        elif positional:
            target = positional[0]
        return ServerCommand(server, target, options, env, proxy)
    return fallback if fallback is not None else ServerCommand("other", None, {}, {})
