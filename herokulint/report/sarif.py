"""`--output-format sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

Every selected rule is in `tool.driver.rules` with its full documentation (`help.markdown`, the
same page as `rules/CODE.md`) and a `helpUri` to that page. Every finding is a result at a real
file and a line >= 1: project-level findings already point at line 1 of the app's nearest real
file. A suppressed finding is a result with an `inSource` suppression carrying its reason. The
document is valid with zero results.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Any, Optional, TextIO
from urllib.parse import quote

from .. import __version__
from ..catalogue import load_rules
from ..findings import Finding
from ..rule import Rule
from . import REPOSITORY, Report, display_path, rule_url

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# SARIF has three levels for problems; herokulint's info is advice, SARIF's note.
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
TAGS = {
    "HK0": "project",
    "HK1": "procfile",
    "HK2": "dependencies",
    "HK3": "python-version",
    "HK4": "security",
    "HK5": "static-files",
    "HK6": "database",
    "HK7": "repository",
    "HK8": "config-vars",
    "HK9": "suppressions",
}


def rule_descriptor(rule: type[Rule]) -> dict[str, Any]:
    from ..docs import rule_markdown

    page = rule_markdown(rule)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": f"{rule.summary[0].upper()}{rule.summary[1:]}"},
        "fullDescription": {"text": rule.docs()},
        "help": {"text": page, "markdown": page},
        "helpUri": rule_url(rule.code),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "tags": ["heroku", "django", TAGS.get(rule.code[:3], "heroku")],
            **({"django_checks": list(rule.django_checks())} if rule.django_checks() else {}),
        },
    }


def artifact_uri(path: str) -> str:
    """A relative path as a relative URI reference (GitHub wants repository-relative ones);
    an absolute path as a file: URI."""
    if PurePosixPath(path).is_absolute():
        return "file://" + quote(path)
    return quote(path)


def region(finding: Finding) -> dict[str, int]:
    result = {"startLine": max(finding.line, 1), "startColumn": max(finding.column, 1)}
    end_line, end_column = finding.end_line, finding.end_column
    if end_line is not None and end_line >= result["startLine"]:
        result["endLine"] = end_line
        if end_column is not None and (
            end_line > result["startLine"] or end_column >= result["startColumn"]
        ):
            result["endColumn"] = end_column
    return result


def result(finding: Finding, path: str, index: int) -> dict[str, Any]:
    item: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(path)},
                    "region": region(finding),
                }
            }
        ],
    }
    if finding.django_check:
        # The `manage.py check --deploy` id, so a SARIF viewer can match Django's own report.
        item["properties"] = {"django_check": finding.django_check}
    if finding.suppressed:
        suppression: dict[str, str] = {"kind": "inSource"}
        if finding.suppression_reason:
            suppression["justification"] = finding.suppression_reason
        item["suppressions"] = [suppression]
    return item


def as_dict(report: Report, rules: Optional[dict[str, type[Rule]]] = None) -> dict[str, Any]:
    registry = rules if rules is not None else load_rules()
    codes = {code for project in report.projects for code in project.rules}
    codes |= {finding.code for finding in report.findings}
    selected = [registry[code] for code in sorted(codes) if code in registry]
    index = {rule.code: position for position, rule in enumerate(selected)}
    results = [
        result(finding, display_path(project, finding), index[finding.code])
        for project in report.projects
        for finding in project.findings
        if finding.code in index
    ]
    driver = {
        "name": "herokulint",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": REPOSITORY,
        "rules": [rule_descriptor(rule) for rule in selected],
    }
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}
        ],
    }


def write(report: Report, out: TextIO) -> None:
    json.dump(as_dict(report), out, indent=2)
    out.write("\n")
