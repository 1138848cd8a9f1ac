"""Reading TOML and JSON files (manifests, lock files, app.json) without ever raising, and finding
the line a key or value is written on.

`tomllib` (`tomli` before 3.11) and `json` give values but no positions, so lines come from a
small search of the text: a table header, a `key =` inside that table, a quoted string after a
line. Each parser is imported only when a file of its kind exists.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from dataclasses import field
from typing import Any, Optional, Union

from ..records import frozen, mutable
from .files import TextFile

_AT_LINE = re.compile(r"at line (\d+)")
_HEADER = re.compile(r"^\s*\[\[?\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")


@frozen
class ParseError:
    """Why a TOML or JSON file could not be read; `message` completes "<relpath> ..."."""

    relpath: str
    line: int
    message: str


def _error_line(message: str) -> int:
    match = _AT_LINE.search(message)
    return int(match.group(1)) if match else 1


def _first_line(text: str) -> str:
    lines = str(text).splitlines()
    return lines[0] if lines else ""


def encoding_problem(file: TextFile, readers: str) -> Optional[str]:
    """A byte-order mark or UTF-16 breaks tools that read the file as plain UTF-8."""
    if file.encoding != "utf-8":
        return f"is saved as {file.encoding.upper()}, but {readers} read it as UTF-8"
    if file.bom:
        return f"starts with a UTF-8 byte-order mark (BOM), which {readers} reject"
    return None


def load_toml(file: TextFile) -> Union[dict[str, Any], ParseError]:
    import importlib

    # tomllib is in the standard library from 3.11; tomli, its origin, is a dependency before.
    toml = importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")
    try:
        data: dict[str, Any] = toml.loads(file.text)
    except toml.TOMLDecodeError as exc:
        message = _first_line(str(exc))
        line = _error_line(message)
        if "end of document" in message:
            line = max(len(file.text.rstrip("\n").split("\n")), 1)
        return ParseError(file.relpath, line, f"is not valid TOML: {message}")
    except (ValueError, RecursionError, TypeError) as exc:  # e.g. an integer too long to convert
        return ParseError(file.relpath, 1, f"cannot be read as TOML: {_first_line(str(exc))}")
    return data


def load_json(file: TextFile) -> Union[Any, ParseError]:
    import json

    try:
        return json.loads(file.text)
    except json.JSONDecodeError as exc:
        return ParseError(file.relpath, exc.lineno, f"is not valid JSON: {exc.msg}")
    except (ValueError, RecursionError) as exc:  # huge integers, absurd nesting
        return ParseError(file.relpath, 1, f"cannot be read as JSON: {_first_line(str(exc))}")


def _key_parts(key: str) -> tuple[str, ...]:
    """`tool.poetry."group".dev` -> ("tool", "poetry", "group", "dev"), quotes removed."""
    parts: list[str] = []
    current = ""
    quote = ""
    for char in key:
        if quote:
            if char == quote:
                quote = ""
            else:
                current += char
        elif char in "\"'":
            quote = char
        elif char == ".":
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return tuple(parts)


@mutable
class Lines:
    """Positions in a text: line numbers of table headers, keys and quoted values."""

    text: str
    _starts: list[int] = field(default_factory=list, repr=False)
    _headers: list[tuple[int, tuple[str, ...]]] = field(default_factory=list, repr=False)
    _indexed: bool = False

    def _index(self) -> None:
        if self._indexed:
            return
        self._indexed = True
        self._starts = [0]
        for number, line in enumerate(self.text.split("\n"), start=1):
            self._starts.append(self._starts[-1] + len(line) + 1)
            if "[" in line:
                match = _HEADER.match(line)
                if match:
                    self._headers.append((number, _key_parts(match.group(1))))

    def line_at(self, offset: int) -> int:
        self._index()
        return bisect_right(self._starts, offset)

    def line(self, number: int) -> str:
        self._index()
        if number < 1 or number >= len(self._starts):
            return ""
        return self.text[self._starts[number - 1] : self._starts[number] - 1]

    def table(self, *path: str) -> Optional[int]:
        """The line of the `[path]` header (the first one for `[[path]]`)."""
        self._index()
        for number, parts in self._headers:
            if parts == path:
                return number
        return None

    def table_end(self, start: int) -> int:
        """The last line of the table whose header is on `start`."""
        self._index()
        for number, _ in self._headers:
            if number > start:
                return number - 1
        return len(self._starts) - 1

    def key(self, table: tuple[str, ...], key: str) -> Optional[int]:
        """The line of `key = ...` in `[table]` (or, for the root table, before any header)."""
        self._index()
        if table:
            start = self.table(*table)
            if start is None:
                return None
            end = self.table_end(start)
        else:
            start, end = 0, (self._headers[0][0] - 1 if self._headers else len(self._starts) - 1)
        pattern = re.compile(
            rf"^\s*(?:\"{re.escape(key)}\"|'{re.escape(key)}'|{re.escape(key)})\s*[=.]"
        )
        for number in range(start + 1, end + 1):
            if pattern.match(self.line(number)):
                return number
        return None

    def string(self, value: str, start: int = 1, end: Optional[int] = None) -> Optional[int]:
        """The first line from `start` to `end` that holds `value` in quotes."""
        self._index()
        offset = self._starts[max(start, 1) - 1] if start <= len(self._starts) else len(self.text)
        limit = self._starts[end] if end is not None and end < len(self._starts) else len(self.text)
        best: Optional[int] = None
        for quoted in (f'"{value}"', f"'{value}'"):
            found = self.text.find(quoted, offset, limit)
            if found != -1 and (best is None or found < best):
                best = found
        return self.line_at(best) if best is not None else None

    def json_key(self, key: str, after: int = 1) -> Optional[int]:
        """The line of `"key":` at or after line `after` (JSON)."""
        self._index()
        start = self._starts[max(after, 1) - 1] if after <= len(self._starts) else len(self.text)
        found = re.compile(rf"\"{re.escape(key)}\"\s*:").search(self.text, start)
        return self.line_at(found.start()) if found else None
