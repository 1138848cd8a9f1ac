"""The few facts herokulint takes from a Dockerfile: the environment its final image sets
(`ENV`), and whether it runs `collectstatic` while building.

Read as Docker's parser reads it (Dockerfile reference): instructions are case-insensitive,
a line ending with the escape character (`\\`, or the one a `# escape=` directive names)
continues on the next one, and comment lines inside a continued instruction are dropped. `ENV`
takes `KEY=VALUE` pairs (quoted as in a shell) or the legacy `ENV KEY value`. Each `FROM`
starts a stage that keeps nothing of the previous ones unless it is built `FROM` one of them by
name. A value that uses `$` substitution is not known statically and is left out.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from typing import Optional

_DIRECTIVE = re.compile(r"^#\s*escape\s*=\s*(\S)\s*$", re.IGNORECASE)
_INSTRUCTION = re.compile(r"^\s*([A-Za-z]+)(?:\s+(.*))?$", re.DOTALL)
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class EnvValue:
    value: str
    line: int


@dataclass
class Dockerfile:
    relpath: str
    env: dict[str, EnvValue] = field(default_factory=dict)  # the final stage's ENV
    runs_collectstatic: bool = False  # a RUN of any stage mentions collectstatic


def read_dockerfile(relpath: str, text: str) -> Dockerfile:
    result = Dockerfile(relpath)
    stages: dict[str, dict[str, EnvValue]] = {}
    env: dict[str, EnvValue] = {}
    lines = text.splitlines()
    for (start, end), name, arguments in instructions(text):
        if name == "FROM":
            words = arguments.split()
            base = words[-1] if len(words) >= 3 and words[-2].upper() == "AS" else None
            image = next((word for word in words if not word.startswith("--")), "")
            env = dict(stages.get(image.lower(), {}))
            if base:
                stages[base.lower()] = env
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
    return result


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
