"""The few facts herokulint takes from a Dockerfile: the environment its final image sets
(`ENV`), the command it starts (`CMD` and `ENTRYPOINT`), and whether it runs `collectstatic`
while building.

Read as Docker's parser reads it (Dockerfile reference): instructions are case-insensitive,
a line ending with the escape character (`\\`, or the one a `# escape=` directive names)
continues on the next one, and comment lines inside a continued instruction are dropped. `ENV`
takes `KEY=VALUE` pairs (quoted as in a shell) or the legacy `ENV KEY value`. Each `FROM`
starts a stage that keeps nothing of the previous ones unless it is built `FROM` one of them by
name. A value that uses `$` substitution is not known statically and is left out.

`CMD` and `ENTRYPOINT` come in two forms: a JSON array of words (exec form) or a command line
run by `/bin/sh -c` (shell form); an argument that is not a valid JSON array is the shell form.
Only the last of each counts, a stage built from another inherits both, and "If CMD is defined
from the base image, setting ENTRYPOINT will reset CMD to an empty value" (Dockerfile
reference). A shell-form ENTRYPOINT ignores CMD. A stage built from an outside image (say
`python:3.13`) that sets neither runs that image's command, which herokulint does not know.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import field, replace
from typing import Optional

from ..records import frozen, mutable

_DIRECTIVE = re.compile(r"^#\s*escape\s*=\s*(\S)\s*$", re.IGNORECASE)
_INSTRUCTION = re.compile(r"^\s*([A-Za-z]+)(?:\s+(.*))?$", re.DOTALL)
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


@frozen
class EnvValue:
    value: str
    line: int


@frozen
class DockerCommand:
    """A `CMD` or `ENTRYPOINT`: its words (exec form), or its command line (shell form)."""

    text: str  # the shell-form command line, or the exec form's words joined as a shell would
    words: Optional[tuple[str, ...]]  # the exec form's words; None for the shell form
    line: int


@frozen
class StartCommand:
    """What the image starts: ENTRYPOINT and CMD combined as Docker combines them."""

    argv: Optional[tuple[str, ...]]  # None when the shell words cannot be split
    command: str  # as a shell command line
    line: int  # the CMD's line (the ENTRYPOINT's when there is no CMD)


@frozen
class _Stage:
    env: dict[str, EnvValue]
    cmd: Optional[DockerCommand] = None
    entrypoint: Optional[DockerCommand] = None
    known: bool = False  # False: built from an outside image whose command is not known
    from_line: int = 0  # the stage's FROM line: a CMD above it is inherited


@mutable
class Dockerfile:
    relpath: str
    env: dict[str, EnvValue] = field(default_factory=dict)  # the final stage's ENV
    runs_collectstatic: bool = False  # a RUN of any stage mentions collectstatic
    cmd: Optional[DockerCommand] = None  # the final stage's CMD (also inherited)
    entrypoint: Optional[DockerCommand] = None  # the final stage's ENTRYPOINT
    command_known: bool = False  # False when the final stage runs an outside image's command

    @property
    def start(self) -> Optional[StartCommand]:
        """The command a container of the final image runs, or None when unknown or none."""
        return start_command(self.entrypoint, self.cmd) if self.command_known else None


def read_dockerfile(relpath: str, text: str) -> Dockerfile:
    result = Dockerfile(relpath)
    stages: dict[str, _Stage] = {}
    env: dict[str, EnvValue] = {}
    stage = _Stage(env)
    base: Optional[str] = None
    lines = text.splitlines()
    for (start, end), name, arguments in instructions(text):
        if name == "FROM":
            if base:
                stages[base] = replace(stage, env=env)
            words = arguments.split()
            base = words[-1].lower() if len(words) >= 3 and words[-2].upper() == "AS" else None
            image = next((word for word in words if not word.startswith("--")), "")
            parent = stages.get(image.lower())
            env = dict(parent.env) if parent else {}
            stage = replace(parent or _Stage(env), env=env, from_line=start)
        elif name == "CMD":
            stage = replace(stage, cmd=docker_command(arguments, start), known=True)
        elif name == "ENTRYPOINT":
            entrypoint = docker_command(arguments, start)
            # An ENTRYPOINT resets a CMD inherited from the stage's base, not its own.
            cmd = stage.cmd if stage.cmd is not None and stage.cmd.line > stage.from_line else None
            stage = replace(stage, entrypoint=entrypoint, cmd=cmd, known=True)
        elif name == "ENV":
            for key, value in env_pairs(arguments):
                if value is None:
                    env.pop(key, None)  # no longer known
                else:
                    at = (n for n in range(start, end + 1) if key in lines[n - 1])
                    env[key] = EnvValue(value, next(at, start))
        elif name == "RUN" and "collectstatic" in arguments:
            result.runs_collectstatic = True
    result.env = env
    result.cmd, result.entrypoint, result.command_known = stage.cmd, stage.entrypoint, stage.known
    return result


def docker_command(arguments: str, line: int) -> Optional[DockerCommand]:
    """A CMD/ENTRYPOINT argument: a JSON array of strings (exec form), else a shell command."""
    if not arguments:
        return None
    if arguments.startswith("["):
        try:
            words = json.loads(arguments)
        except ValueError:
            words = None
        if isinstance(words, list) and all(isinstance(word, str) for word in words):
            return DockerCommand(shlex.join(words), tuple(words), line)
    return DockerCommand(arguments, None, line)


def start_command(
    entrypoint: Optional[DockerCommand], cmd: Optional[DockerCommand]
) -> Optional[StartCommand]:
    """ENTRYPOINT and CMD as the container runs them (Dockerfile reference, "Understand how
    CMD and ENTRYPOINT interact")."""
    if entrypoint is not None and entrypoint.words is None:
        return StartCommand(_split(entrypoint.text), entrypoint.text, entrypoint.line)
    parts: list[tuple[str, ...]] = []
    if entrypoint is not None and entrypoint.words is not None:
        parts.append(entrypoint.words)
    if cmd is not None:
        parts.append(cmd.words if cmd.words is not None else ("/bin/sh", "-c", cmd.text))
    if not parts or not any(parts):
        return None
    argv = tuple(word for part in parts for word in part)
    if entrypoint is None and cmd is not None and cmd.words is None:
        return StartCommand(_split(cmd.text), cmd.text, cmd.line)  # plain `CMD gunicorn ...`
    line = cmd.line if cmd is not None else entrypoint.line if entrypoint else 1
    return StartCommand(argv, shlex.join(argv), line)


def _split(text: str) -> Optional[tuple[str, ...]]:
    words = _words(text)
    return tuple(words) if words is not None else None


def instructions(text: str) -> list[tuple[tuple[int, int], str, str]]:
    """((first line, last line), upper-case name, arguments joined over continuations) of each
    instruction."""
    lines = text.splitlines()
    escape = "\\"
    for line in lines:
        directive = _DIRECTIVE.match(line)
        if directive is None:
            break  # parser directives come first, before any other line
        escape = directive.group(1)
    found: list[tuple[tuple[int, int], str, str]] = []
    start = 0
    parts: list[str] = []
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("#") or (not stripped and parts):
            continue  # comments (also inside a continuation) and blank continuation lines
        if not parts:
            start = number
        continued = stripped.endswith(escape)
        parts.append(stripped[:-1] if continued else stripped)
        if not continued:
            _add(found, (start, number), " ".join(parts))
            parts = []
    if parts:
        _add(found, (start, len(lines)), " ".join(parts))
    return found


def _add(found: list[tuple[tuple[int, int], str, str]], lines: tuple[int, int], text: str) -> None:
    match = _INSTRUCTION.match(text)
    if match:
        found.append((lines, match.group(1).upper(), (match.group(2) or "").strip()))


def env_pairs(arguments: str) -> list[tuple[str, Optional[str]]]:
    """The (key, value) pairs an ENV sets; the value is None when it is not a plain literal."""
    first = arguments.split(None, 1)[0] if arguments.strip() else ""
    if "=" not in first:  # legacy `ENV KEY value with spaces`
        key, _, value = arguments.partition(" ")
        if not _KEY.fullmatch(key):
            return []
        words = _words(value)
        return [(key, _literal(words[0]) if words and len(words) == 1 else None)]
    pairs: list[tuple[str, Optional[str]]] = []
    for word in _words(arguments) or []:
        key, equals, value = word.partition("=")
        if not equals or not _KEY.fullmatch(key):
            return []  # not an ENV this reader understands
        pairs.append((key, _literal(value)))
    return pairs


def _words(text: str) -> Optional[list[str]]:
    try:
        return shlex.split(text, posix=True)
    except ValueError:
        return None  # unbalanced quotes


def _literal(value: str) -> Optional[str]:
    """The value, or None when Docker may substitute a variable into it."""
    return value if "$" not in value else None
