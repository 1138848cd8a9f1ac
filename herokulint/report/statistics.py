"""`--statistics`: how many findings of each rule, most frequent first, as ruff prints them.

    7  HK211  info     [ ]      requirements-unpinned
    1  HK401  error    [unsafe] debug-hardcoded

The mark says whether `--fix` (`[*]`) or `--fix --unsafe-fixes` (`[unsafe]`) fixes some of
them. Suppressed findings are not counted; info findings are, so the table is the whole run.
"""

from __future__ import annotations

from typing import TextIO

from ..findings import Finding, severity_rank
from ..i18n import tr
from . import Report

MARKS = {"safe": "[*]", "unsafe": "[unsafe]"}


def rows(report: Report) -> list[tuple[int, str, str, str, str]]:
    """(count, code, severity, mark, name), by count, then severity, then code."""
    by_code: dict[str, list[Finding]] = {}
    for finding in report.active:
        by_code.setdefault(finding.code, []).append(finding)
    result = []
    for code, findings in by_code.items():
        severity = max((f.severity for f in findings), key=severity_rank)
        fixes = {f.fix.applicability for f in findings if f.fix is not None}
        mark = MARKS["safe"] if "safe" in fixes else MARKS.get(next(iter(fixes), ""), "[ ]")
        result.append((len(findings), code, severity, mark, findings[0].name))
    result.sort(key=lambda row: (-row[0], -severity_rank(row[2]), row[1]))
    return result


def write(report: Report, out: TextIO) -> None:
    table = rows(report)
    if not table:
        out.write(tr(report.lang, "No findings.") + "\n")
        return
    count_width = max(len(str(row[0])) for row in table)
    mark_width = max(len(row[3]) for row in table)
    for count, code, severity, mark, name in table:
        out.write(f"{count:>{count_width}}  {code}  {severity:<7}  {mark:<{mark_width}} {name}\n")
