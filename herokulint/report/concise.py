"""`--output-format concise`: one `path:line:col: CODE message` line per finding."""

from __future__ import annotations

from typing import TextIO

from . import Report, display_path


def write(report: Report, out: TextIO) -> None:
    for project in report.projects:
        for finding in project.findings:
            if finding.suppressed:
                continue
            path = display_path(project, finding)
            out.write(f"{path}:{finding.line}:{finding.column}: {finding.code} {finding.message}\n")
