"""`--output-format concise`: one `path:line:col: CODE [severity] message` line per finding,
errors first; info only with `--show-info` (or `show-info = true`), as in the text output."""

from __future__ import annotations

from typing import TextIO

from . import Report, display_path
from .text import ordered


def write(report: Report, out: TextIO) -> None:
    for project, finding in ordered(report):
        path = display_path(project, finding)
        where = f"{path}:{finding.line}:{finding.column}"
        out.write(f"{where}: {finding.code} [{finding.severity}] {finding.message}\n")
