"""The default human report: findings grouped by file, with a code frame, rendered by rich."""

from __future__ import annotations

from typing import Optional, TextIO

from rich.console import Console
from rich.text import Text

from . import ProjectReport, Report, display_path, summary_line

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def frame(project: ProjectReport, path: str, line: int) -> Optional[Text]:
    """The offending line with one line of context either side, numbered."""
    from ..project.files import FileReader, TextFile

    read = FileReader(project.root).read(path)
    if not isinstance(read, TextFile):
        return None
    lines = read.text.splitlines()
    if not 1 <= line <= len(lines):
        return None
    out = Text()
    width = len(str(min(line + 1, len(lines))))
    for number in range(max(line - 1, 1), min(line + 1, len(lines)) + 1):
        marker = ">" if number == line else " "
        content = lines[number - 1]
        if len(content) > 160:
            content = content[:157] + "..."
        out.append(f"  {marker} {number:>{width}} | ", style="dim")
        out.append(content + "\n", style="bold" if number == line else "")
    return out


def write(
    report: Report, out: TextIO, *, color: Optional[bool] = None, quiet: bool = False
) -> None:
    console = Console(
        file=out, force_terminal=color, no_color=color is False, highlight=False, soft_wrap=True
    )
    for project in report.projects:
        current = None
        for finding in project.findings:
            if finding.suppressed:
                continue
            path = display_path(project, finding)
            if path != current and not quiet:
                console.print(Text(path, style="bold underline"))
                current = path
            head = Text()
            head.append(f"{path}:{finding.line}:{finding.column}: ", style="bold")
            head.append(f"{finding.code} ", style=STYLES[finding.severity])
            head.append(f"[{finding.severity}] {finding.name}", style=STYLES[finding.severity])
            console.print(head)
            console.print(Text("  " + finding.message))
            if not quiet:
                code = frame(project, finding.path, finding.line)
                if code is not None:
                    console.print(code, end="")
                console.print()
    if not quiet or report.active:
        console.print(Text(summary_line(report), style="bold"))
