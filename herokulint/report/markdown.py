"""`--output-format markdown`: a summary for a pull-request comment or a GitHub job summary.

A heading with the verdict, the counts by severity, then one table per severity (errors first)
whose codes link to their rule pages. Markdown is rendered by its reader, so every value that
comes from the project (paths, messages) is escaped: a `|` would end a table cell, and `<`,
`*` or `_` in a message would turn into markup. Info findings are counted and listed last,
in a collapsed block, so the errors stay on the first screen.
"""

from __future__ import annotations

import re
from typing import TextIO

from ..findings import Finding
from . import Report, display_path, rule_url

HEADINGS = {"error": "Errors", "warning": "Warnings", "info": "Info"}

# Characters that Markdown (GitHub's flavour) treats as markup or a table cell's end.
SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def escape(text: str) -> str:
    one_line = " ".join(text.split())
    return SPECIAL.sub(r"\\\1", one_line)


def verdict(report: Report) -> str:
    counts = report.counts()
    if counts["error"]:
        return "will not work on Heroku as it is"
    if counts["warning"]:
        return "works on Heroku, with problems to fix"
    return "ready for Heroku"


def row(path: str, finding: Finding) -> str:
    code = f"[{finding.code}]({rule_url(finding.code)})"
    where = escape(f"{path}:{finding.line}")
    return f"| {code} | {escape(finding.name)} | {where} | {escape(finding.message)} |\n"


def table(items: list[tuple[str, Finding]]) -> str:
    lines = ["| code | rule | where | message |\n", "|---|---|---|---|\n"]
    lines += [row(path, finding) for path, finding in items]
    return "".join(lines)


def write(report: Report, out: TextIO) -> None:
    counts = report.counts()
    out.write(f"## herokulint: {verdict(report)}\n\n")
    out.write(
        f"| errors | warnings | info |\n|---:|---:|---:|\n"
        f"| {counts['error']} | {counts['warning']} | {counts['info']} |\n"
    )
    items = [
        (display_path(project, finding), finding)
        for project in report.projects
        for finding in project.findings
        if not finding.suppressed
    ]
    for severity in ("error", "warning", "info"):
        chosen = [item for item in items if item[1].severity == severity]
        if not chosen:
            continue
        if severity == "info":
            out.write(f"\n<details><summary>{HEADINGS[severity]} ({len(chosen)})</summary>\n\n")
            out.write(table(chosen))
            out.write("\n</details>\n")
        else:
            out.write(f"\n### {HEADINGS[severity]}\n\n")
            out.write(table(chosen))
    if report.suppressed:
        out.write(f"\n{report.suppressed} suppressed in the code.\n")
