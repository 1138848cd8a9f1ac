"""The default human report: findings grouped by file, with a code frame, styled by rich.

Output that no terminal sees (a pipe, a file, `--color never`) carries no styles, so it is
written as plain text without importing rich (~13 ms of start-up): the same characters rich
would write, which drops the control codes it strips; a tab, which rich expands by display
width, sends the output through rich.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Optional, TextIO

from . import ProjectReport, Report, display_path, summary_line

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}

# What rich's Text strips from what it is given (rich.control.STRIP_CONTROL_CODES).
STRIPPED = dict.fromkeys([7, 8, 11, 12, 13])

# One `console.print`: the (text, style) parts of a line or block, then what ends it.
Parts = list[tuple[str, str]]
Printed = tuple[Parts, str]


def frame(project: ProjectReport, path: str, line: int) -> Optional[Parts]:
    """The offending line with one line of context either side, numbered."""
    from ..files import FileReader, TextFile

    read = FileReader(project.root).read(path)
    if not isinstance(read, TextFile):
        return None
    lines = read.text.splitlines()
    if not 1 <= line <= len(lines):
        return None
    out: Parts = []
    width = len(str(min(line + 1, len(lines))))
    for number in range(max(line - 1, 1), min(line + 1, len(lines)) + 1):
        marker = ">" if number == line else " "
        content = lines[number - 1]
        if len(content) > 160:
            content = content[:157] + "..."
        out.append((f"  {marker} {number:>{width}} | ", "dim"))
        out.append((content + "\n", "bold" if number == line else ""))
    return out


def printed(report: Report, quiet: bool) -> Iterator[Printed]:
    """The report, print by print, with the styles rich gives each part."""
    for project in report.projects:
        current = None
        for finding in project.findings:
            if finding.suppressed:
                continue
            path = display_path(project, finding)
            if path != current and not quiet:
                yield [(path, "bold underline")], "\n"
                current = path
            style = STYLES[finding.severity]
            location = f"{path}:{finding.line}:{finding.column}: "
            yield (
                [
                    (location, "bold"),
                    (f"{finding.code} ", style),
                    (f"[{finding.severity}] {finding.name}", style),
                ],
                "\n",
            )
            yield [("  " + finding.message, "")], "\n"
            if finding.fix is not None and finding.fix.not_applied:
                yield [(f"  Fix {finding.fix.not_applied}.", "italic")], "\n"
            if not quiet:
                code = frame(project, finding.path, finding.line)
                if code is not None:
                    yield code, ""
                yield [], "\n"
    if not quiet or report.active:
        yield [(summary_line(report), "bold")], "\n"


def styled(out: TextIO, color: Optional[bool]) -> bool:
    """False only when rich would write no escape codes: colour is off, or `out` is no terminal
    and no FORCE_COLOR or TTY_COMPATIBLE says otherwise (rich's `Console.is_terminal`)."""
    if color is not None:
        return color
    if "FORCE_COLOR" in os.environ or "TTY_COMPATIBLE" in os.environ:
        return True
    return out.isatty()


def write(
    report: Report, out: TextIO, *, color: Optional[bool] = None, quiet: bool = False
) -> None:
    items = list(printed(report, quiet))
    plain = "".join("".join(text for text, _ in parts) + end for parts, end in items)
    if styled(out, color) or "\t" in plain:
        write_rich(items, out, color)
    else:
        out.write(plain.translate(STRIPPED))
        out.flush()  # as rich does: stdout stays in order with what follows on stderr


def write_rich(items: list[Printed], out: TextIO, color: Optional[bool]) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(
        file=out, force_terminal=color, no_color=color is False, highlight=False, soft_wrap=True
    )
    for parts, end in items:
        text = Text()
        for part, style in parts:
            text.append(part, style=style)
        console.print(text, end=end)
