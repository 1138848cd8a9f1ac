"""`--output-format github`: GitHub Actions workflow commands, one annotation per finding.

`::error file=mysite/settings.py,line=26,col=1,title=HK401 debug-hardcoded::message`, with
`::warning` for warnings and `::notice` for info, errors first. Values are escaped as
actions/toolkit does (`%`, CR and LF in the message; also `:` and `,` in properties). GitHub
shows at most 10 error, 10 warning and 10 notice annotations per step and silently drops the
rest, so findings beyond that are printed as plain log lines and a closing `::notice` says how
many were not annotated. Suppressed findings are left out.
"""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from ..findings import SEVERITIES, Finding, severity_rank
from . import Report, display_path

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
PER_STEP = 10  # annotations of each kind GitHub shows for one step


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, path: str) -> str:
    properties = (
        f"file={escape_property(path)},line={finding.line},col={finding.column},"
        f"title={escape_property(f'{finding.code} {finding.name}')}"
    )
    return f"::{COMMANDS[finding.severity]} {properties}::{escape_data(finding.message)}\n"


def plain(finding: Finding, path: str) -> str:
    text = f"{path}:{finding.line}:{finding.column}: {finding.code} [{finding.severity}] "
    return text + finding.message.replace("\r", " ").replace("\n", " ") + "\n"


def write(report: Report, out: TextIO) -> None:
    items = [
        (display_path(project, finding), finding)
        for project in report.projects
        for finding in project.findings
        if not finding.suppressed
    ]
    items.sort(key=lambda item: -severity_rank(item[1].severity))  # stable: file order kept
    totals = Counter(finding.severity for _, finding in items)
    caps = dict.fromkeys(SEVERITIES, PER_STEP)
    if any(totals[severity] > caps[severity] for severity in SEVERITIES):
        caps["info"] = PER_STEP - 1  # the closing notice is a notice too
    shown: Counter[str] = Counter()
    rest = []
    for path, finding in items:
        if shown[finding.severity] < caps[finding.severity]:
            shown[finding.severity] += 1
            out.write(annotation(finding, path))
        else:
            rest.append((path, finding))
    for path, finding in rest:
        out.write(plain(finding, path))
    if rest:
        more = f"{len(rest)} more finding{'' if len(rest) == 1 else 's'}"
        out.write(
            "::notice title=herokulint::"
            + escape_data(
                f"{more} not annotated: GitHub shows at most {PER_STEP} errors, {PER_STEP} "
                f"warnings and {PER_STEP} notices per step; see the log above or the SARIF report."
            )
            + "\n"
        )
