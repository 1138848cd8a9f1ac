"""`--config-vars FILE`: the app's real config vars, as `heroku config` prints them.

Two forms (shared notes config-vars §5, from heroku/cli src/commands/config/index.ts and
src/lib/config/quote.ts):
- `heroku config --json`: one flat JSON object `{"KEY": "value"}`;
- `heroku config --shell`: `KEY=value` lines, a value single-quoted verbatim when it holds a
  space or a shell character, double-quoted with `\\` escapes when it holds `'` or a newline;
  a `.env` file written by hand may add `export ` and comments.

The values are secrets. `ConfigVars` never shows them: not in its repr, not in an error
message. Rules may test a value (is it an integer? which scheme?) and report the *name*.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from typing import Optional

from .errors import UsageError

_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DOUBLE_ESCAPES = {"n": "\n", '"': '"', "\\": "\\", "$": "$", "`": "`", "!": "!"}


class ConfigVars:
    """Config var names and their values; the values are for tests, never for output."""

    def __init__(self, values: dict[str, str], source: str) -> None:
        self._values = dict(values)
        self.source = source  # the FILE argument ("-" for stdin), for messages

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self._values)

    def __contains__(self, name: object) -> bool:
        return name in self._values

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._values))

    def value(self, name: str) -> Optional[str]:
        """The value itself: only to test it. Never put it in a message."""
        return self._values.get(name)

    def __repr__(self) -> str:
        return f"ConfigVars({sorted(self._values)}, values hidden)"


def load_config_vars(path: str) -> ConfigVars:
    """Reads FILE (`-` = stdin) in either form; a UsageError that shows no value otherwise."""
    if path == "-":
        data = sys.stdin.read()
    else:
        try:
            with open(path, encoding="utf-8-sig") as file:
                data = file.read()
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
            raise UsageError(f"cannot read --config-vars {path!r}: {reason or exc}") from None
    return ConfigVars(parse_config_vars(data, path), path)


def parse_config_vars(data: str, source: str = "-") -> dict[str, str]:
    if data.lstrip().startswith("{"):
        return _parse_json(data, source)
    return _parse_dotenv(data, source)


def _parse_json(data: str, source: str) -> dict[str, str]:
    try:
        loaded = json.loads(data)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"--config-vars {source!r} is not valid JSON (line {exc.lineno}): give the output "
            "of `heroku config --json` or `heroku config --shell`"
        ) from None
    if not isinstance(loaded, dict):
        raise UsageError(f"--config-vars {source!r}: expected a JSON object of config vars")
    values = {}
    for key, value in loaded.items():
        if isinstance(value, (dict, list)):
            raise UsageError(f"--config-vars {source!r}: {key} is not a string")
        values[str(key)] = "" if value is None else str(value)
    return values


def _parse_dotenv(data: str, source: str) -> dict[str, str]:
    values: dict[str, str] = {}
    lines = data.splitlines()
    index = 0
    while index < len(lines):
        number = index + 1
        line = lines[index].strip()
        index += 1
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        key, sep, rest = line.partition("=")
        key = key.strip()
        if not sep or not _KEY.fullmatch(key):
            raise UsageError(
                f"--config-vars {source!r} line {number}: expected KEY=value (the output of "
                "`heroku config --shell`, or JSON from `heroku config --json`)"
            )
        rest = rest.lstrip()
        if rest.startswith(("'", '"')):
            quote = rest[0]
            # A quoted value may span lines (a certificate); read on until its closing quote.
            while not _closed(rest, quote) and index < len(lines):
                rest += "\n" + lines[index]
                index += 1
            value = _unquote(rest, quote, source, number)
        else:
            value = re.split(r"\s+#", rest, maxsplit=1)[0].strip()
        values[key] = value
    return values


def _closed(text: str, quote: str) -> bool:
    position = 1
    while position < len(text):
        char = text[position]
        if quote == '"' and char == "\\":
            position += 2
            continue
        if char == quote:
            return True
        position += 1
    return False


def _unquote(text: str, quote: str, source: str, number: int) -> str:
    out: list[str] = []
    position = 1
    while position < len(text):
        char = text[position]
        if quote == '"' and char == "\\" and position + 1 < len(text):
            following = text[position + 1]
            out.append(_DOUBLE_ESCAPES.get(following, "\\" + following))
            position += 2
            continue
        if char == quote:
            return "".join(out)
        out.append(char)
        position += 1
    raise UsageError(f"--config-vars {source!r} line {number}: a quoted value is not closed")
