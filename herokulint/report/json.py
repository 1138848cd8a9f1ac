"""`--output-format json`: the stable, versioned schema of shared/design.md."""

from __future__ import annotations

import json
from typing import Any, TextIO

from .. import __version__
from ..data import python_versions
from ..findings import Fix
from . import Report, display_path

SCHEMA_VERSION = 1


def as_dict(report: Report) -> dict[str, Any]:
    findings = []
    for project in report.projects:
        for finding in project.findings:
            findings.append(
                {
                    "code": finding.code,
                    "name": finding.name,
                    "severity": finding.severity,
                    "message": finding.message,
                    "path": display_path(project, finding),
                    "line": finding.line,
                    "column": finding.column,
                    "end_line": finding.end_line if finding.end_line is not None else finding.line,
                    "end_column": finding.end_column
                    if finding.end_column is not None
                    else finding.column,
                    "fix": fix_dict(finding.fix) if finding.fix else None,
                    "suppressed": finding.suppressed,
                    "suppression_reason": finding.suppression_reason,
                    "django_check": finding.django_check,
                }
            )
    counts = report.counts()
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "herokulint", "version": __version__, "data_as_of": python_versions.AS_OF},
        "projects": [{"root": p.display_root, "settings": p.settings} for p in report.projects],
        "findings": findings,
        "summary": {
            **counts,
            "fixable": sum(1 for f in report.active if f.fix),
            "suppressed": report.suppressed,
        },
    }


def fix_dict(fix: Fix) -> dict[str, Any]:
    """A fix as JSON; `not_applied` only when `--fix` rolled it back."""
    result: dict[str, Any] = {"applicability": fix.applicability, "message": fix.message}
    if fix.not_applied:
        result["not_applied"] = fix.not_applied
    return result


def write(report: Report, out: TextIO) -> None:
    json.dump(as_dict(report), out, indent=2)
    out.write("\n")
