"""Careful text edits for the files fixes touch that are not Python: line-based files
(Procfile, requirements, version files), TOML manifests (pyproject.toml, Pipfile) and shell
command lines.

Every function here works on the text alone and returns either a `TextEdit` or the new text;
nothing is parsed and written back through a library, so every byte outside the edit is kept.
A TOML edit is checked afterwards by reading both texts with `tomllib` (read-only): the new
document must hold exactly the old data plus the one change, or the edit is refused.
"""

from __future__ import annotations

import copy
import re
import sys
from typing import Any, Callable, Optional

from .edits import FixError, TextEdit
from .records import frozen

# -- lines -----------------------------------------------------------------------------------


def newline_of(text: str) -> str:
    """The file's line ending: CRLF when its first line ends so, else LF."""
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def line_bounds(text: str, number: int) -> tuple[int, int]:
    """(start, end) offsets of line `number` (1-based), the end before its "\\r\\n" or "\\n"."""
    start = 0
    for _ in range(number - 1):
        found = text.find("\n", start)
        if found == -1:
            raise FixError(f"line {number} is past the end of the file")
        start = found + 1
    end = text.find("\n", start)
    end = len(text) if end == -1 else end
    if end > start and text[end - 1] == "\r":
        end -= 1
    return start, end


def append_line(path: str, text: str, line: str) -> TextEdit:
    """Add `line` as the file's last line, in the file's newline style, ending with a newline
    (a last line without one gets it first)."""
    newline = newline_of(text)
    prefix = newline if text and not text.endswith("\n") else ""
    return TextEdit(path, len(text), len(text), f"{prefix}{line}{newline}")


def replace_in_line(path: str, text: str, number: int, old: str, new: str) -> TextEdit:
    """Replace the first `old` on line `number` by `new` (the rest of the line is kept)."""
    start, end = line_bounds(text, number)
    found = text.find(old, start, end)
    if found == -1:
        raise FixError(f"{path}: {old!r} is not on line {number}")
    return TextEdit(path, found, found + len(old), new)


# -- TOML ------------------------------------------------------------------------------------

_HEADER = re.compile(r"[ \t]*\[\[?[ \t]*([^\[\]\n]+?)[ \t]*\]\]?[ \t]*(?:#[^\n]*)?\r?$")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def toml_loads(text: str) -> dict[str, Any]:
    import importlib

    toml = importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")
    try:
        data: dict[str, Any] = toml.loads(text)
    except (toml.TOMLDecodeError, ValueError, RecursionError, TypeError) as exc:
        raise FixError(f"not valid TOML ({exc})") from exc
    return data


def toml_key(name: str) -> str:
    return name if _BARE_KEY.fullmatch(name) else '"' + name.replace('"', '\\"') + '"'


def _key_parts(key: str) -> tuple[str, ...]:
    parts, current, quote = [], "", ""
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


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line without its line ending) for every line."""
    result, offset = [], 0
    for raw in text.split("\n"):
        result.append((offset, raw[:-1] if raw.endswith("\r") else raw))
        offset += len(raw) + 1
    return result


def _in_multiline_string(text: str) -> list[bool]:
    """For each line: True when it starts inside a multi-line string (a header look-alike
    there is not a header)."""
    inside: list[bool] = []
    state = ""
    for _, line in _lines(text):
        inside.append(bool(state))
        index = 0
        while index < len(line):
            if state:
                if line.startswith(state, index) and (state == "'''" or line[index - 1] != "\\"):
                    index += 3
                    state = ""
                    continue
                index += 1
                continue
            char = line[index]
            if char == "#":
                break
            if line.startswith(('"""', "'''"), index):
                state = line[index : index + 3]
                index += 3
                continue
            if char in "\"'":
                index = _skip_simple_string(line, index)
                continue
            index += 1
    return inside


def _skip_simple_string(line: str, index: int) -> int:
    quote = line[index]
    index += 1
    while index < len(line):
        if quote == '"' and line[index] == "\\":
            index += 2
            continue
        if line[index] == quote:
            return index + 1
        index += 1
    return index


def table_span(text: str, path: tuple[str, ...]) -> Optional[tuple[int, int]]:
    """(header line, last line) of the `[path]` table, 1-based; None when it has no header."""
    lines = _lines(text)
    skip = _in_multiline_string(text)
    headers = [
        (number, _key_parts(match.group(1)))
        for number, ((_, line), inside) in enumerate(zip(lines, skip), start=1)
        if not inside and (match := _HEADER.fullmatch(line))
    ]
    for index, (number, parts) in enumerate(headers):
        if parts == path:
            end = headers[index + 1][0] - 1 if index + 1 < len(headers) else len(lines)
            return number, end
    return None


def _key_line(text: str, table: tuple[str, ...], key: str) -> Optional[int]:
    span = table_span(text, table)
    if span is None:
        return None
    lines = _lines(text)
    skip = _in_multiline_string(text)
    pattern = re.compile(
        rf"[ \t]*(?:\"{re.escape(key)}\"|'{re.escape(key)}'|{re.escape(key)})[ \t]*="
    )
    for number in range(span[0] + 1, span[1] + 1):
        if not skip[number - 1] and pattern.match(lines[number - 1][1]):
            return number
    return None


@frozen
class _Item:
    start: int
    end: int
    comma: Optional[int]  # the offset of the comma after it, if any


def _scan_array(text: str, start: int) -> tuple[list[_Item], int, bool]:
    """The top-level items of the TOML array whose `[` is at `start`, the offset of its `]`,
    and whether it holds a comment."""
    assert text[start] == "["
    items: list[_Item] = []
    commented = False
    index = start + 1
    while index < len(text):
        char = text[index]
        if char in " \t\r\n":
            index += 1
        elif char == "#":
            commented = True
            found = text.find("\n", index)
            index = len(text) if found == -1 else found
        elif char == ",":
            if not items or items[-1].comma is not None:
                raise FixError("an array with a stray comma")
            items[-1] = _Item(items[-1].start, items[-1].end, index)
            index += 1
        elif char == "]":
            return items, index, commented
        else:
            end = _skip_value(text, index)
            items.append(_Item(index, end, None))
            index = end
    raise FixError("an array that is not closed")


def _skip_value(text: str, index: int) -> int:
    char = text[index]
    if text.startswith(('"""', "'''"), index):
        quote = text[index : index + 3]
        found = index + 3
        while True:
            found = text.find(quote, found)
            if found == -1:
                raise FixError("a string that is not closed")
            if quote == "'''" or text[found - 1] != "\\":
                break
            found += 1
        end = found + 3
        while end < len(text) and text[end] == quote[0]:
            end += 1  # up to two more quotes belong to the string
        return end
    if char in "\"'":
        end = _skip_simple_string(text, index)
        if text[end - 1] != char or end == index + 1:
            raise FixError("a string that is not closed")
        return end
    if char in "[{":
        closing = {"[": "]", "{": "}"}[char]
        depth, position = 0, index
        while position < len(text):
            current = text[position]
            if current in "\"'":
                position = _skip_value(text, position)
                continue
            if current == "#":
                found = text.find("\n", position)
                position = len(text) if found == -1 else found
                continue
            if current == char:
                depth += 1
            elif current == closing:
                depth -= 1
                if depth == 0:
                    return position + 1
            position += 1
        raise FixError("an inline value that is not closed")
    match = re.compile(r"[^\s,\]#]+").match(text, index)
    assert match is not None
    return match.end()


def _quote(value: str, quote: str) -> str:
    if quote == "'" and "'" not in value and "\n" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _array_edit(text: str, start: int, value: str) -> tuple[int, int, str]:
    """The edit appending the string `value` to the array at `start` (its `[`), in its style:
    the quotes of its items, one item per line with their indentation when it is so written,
    and a trailing comma when the last item has one."""
    items, close, commented = _scan_array(text, start)
    newline = newline_of(text)
    if not items:
        inner = text[start + 1 : close]
        if not commented and "\n" not in inner:
            return start + 1, close, _quote(value, '"')
        line_start = text.rfind("\n", 0, close) + 1
        if text[line_start:close].strip():
            return close, close, _quote(value, '"')
        return line_start, line_start, "    " + _quote(value, '"') + "," + newline
    last = items[-1]
    quote = text[last.start] if text[last.start] in "\"'" else '"'
    quoted = _quote(value, quote)
    after = last.comma if last.comma is not None else last.end
    if "\n" not in text[after:close]:
        # The closing bracket is on the last item's line: add the item on that line.
        if last.comma is not None:
            return last.comma + 1, last.comma + 1, f" {quoted},"
        return last.end, last.end, f", {quoted}"
    line_start = text.rfind("\n", 0, last.start) + 1
    before = text[line_start : last.start]
    indent = before if before.strip() == "" else "    "
    line_end = text.find("\n", after)
    if line_end > 0 and text[line_end - 1] == "\r":
        line_end -= 1
    trailing = "," if last.comma is not None else ""
    rest = text[last.end : line_end]
    comma = "" if last.comma is not None else ","
    return last.end, line_end, f"{comma}{rest}{newline}{indent}{quoted}{trailing}"


def _checked(old: str, new: str, change: Callable[[dict[str, Any]], None]) -> str:
    """`new`, once reading it gives exactly the data of `old` with `change` applied."""
    expected = copy.deepcopy(toml_loads(old))
    change(expected)
    if toml_loads(new) != expected:
        raise FixError("the edit would change more than the one entry")
    return new


def _table(data: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    for part in path:
        data = data.setdefault(part, {})
        if not isinstance(data, dict):
            raise FixError(f"[{'.'.join(path)}] is not a table")
    return data


def toml_array_append(text: str, table: tuple[str, ...], key: str, value: str) -> str:
    """`text` with the string `value` appended to the array `key` of `[table]`."""
    number = _key_line(text, table, key)
    if number is None:
        raise FixError(f"no `{key} = [...]` under [{'.'.join(table)}]")
    line_start, line_end = line_bounds(text, number)
    equals = text.index("=", line_start, line_end)
    bracket = equals + 1
    while bracket < len(text) and text[bracket] in " \t":
        bracket += 1
    if bracket >= len(text) or text[bracket] != "[":
        raise FixError(f"[{'.'.join(table)}] {key} is not an array")
    start, end, insert = _array_edit(text, bracket, value)
    new = text[:start] + insert + text[end:]

    def change(data: dict[str, Any]) -> None:
        array = _table(data, table).get(key)
        if not isinstance(array, list):
            raise FixError(f"[{'.'.join(table)}] {key} is not an array")
        array.append(value)

    return _checked(text, new, change)


def toml_table_add(
    text: str, table: tuple[str, ...], key: str, code: str, value: Any, *, create: bool = False
) -> str:
    """`text` with the line `key = code` (whose TOML value is `value`) added as the last entry of
    `[table]`; with `create`, a missing table is added at the end of the file."""
    newline = newline_of(text)
    line = f"{toml_key(key)} = {code}"
    span = table_span(text, table)
    if span is None:
        if not create:
            raise FixError(f"no [{'.'.join(table)}] table")
        body = text if not text or text.endswith("\n") else text + newline
        separator = newline if body.strip() else ""
        name = ".".join(toml_key(part) for part in table)
        new = f"{body}{separator}[{name}]{newline}{line}{newline}"
    else:
        header, last = span
        lines = _lines(text)
        while last > header and (
            not lines[last - 1][1].strip() or lines[last - 1][1].lstrip().startswith("#")
        ):
            last -= 1
        offset, content = lines[last - 1]
        position = offset + len(content)
        if position < len(text) and text[position] == "\r":
            position += 1
        if position >= len(text):
            new = text + newline + line + newline
        else:
            position += 1  # after the "\n"
            new = text[:position] + line + newline + text[position:]

    def change(data: dict[str, Any]) -> None:
        target = _table(data, table)
        if key in target:
            raise FixError(f"[{'.'.join(table)}] already has `{key}`")
        target[key] = value

    return _checked(text, new, change)


# -- shell words -----------------------------------------------------------------------------


@frozen
class Word:
    """One shell word of a command line: its value (quotes removed) and where it is written."""

    value: str
    start: int
    end: int


def shell_words(command: str) -> Optional[tuple[list[Word], Optional[int]]]:
    """The words of `command` as `shlex.split` reads them, with their offsets, and the offset of
    an unquoted `#` starting a word (the shell's comment), or None when the quoting is broken.
    Words after the comment are not returned."""
    words: list[Word] = []
    index = 0
    length = len(command)
    while index < length:
        if command[index] in " \t\r\n":
            index += 1
            continue
        if command[index] == "#":
            return words, index
        start = index
        value = []
        while index < length and command[index] not in " \t\r\n":
            char = command[index]
            if char == "\\":
                if index + 1 >= length:
                    return None
                value.append(command[index + 1])
                index += 2
            elif char == "'":
                end = command.find("'", index + 1)
                if end == -1:
                    return None
                value.append(command[index + 1 : end])
                index = end + 1
            elif char == '"':
                index += 1
                while index < length and command[index] != '"':
                    if (
                        command[index] == "\\"
                        and index + 1 < length
                        and command[index + 1] in '\\"'
                    ):
                        index += 1
                    value.append(command[index])
                    index += 1
                if index >= length:
                    return None
                index += 1
            else:
                value.append(char)
                index += 1
        words.append(Word("".join(value), start, index))
    return words, None
