"""Reporters: one module per output format. Each takes a Report and writes it to a stream."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..findings import SEVERITIES, Finding


@dataclass
class ProjectReport:
    root: Path
    display_root: str  # the path as given on the command line
    settings: list[str] = field(default_factory=list)  # the settings module chain
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Report:
    projects: list[ProjectReport]

    @property
    def findings(self) -> list[Finding]:
        return [finding for project in self.projects for finding in project.findings]

    def counts(self) -> dict[str, int]:
        counts = {severity: 0 for severity in reversed(SEVERITIES)}
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts


def display_path(project: ProjectReport, finding: Finding) -> str:
    """A finding's path relative to the path given on the command line, "/"-separated."""
    if project.display_root in ("", "."):
        return finding.path
    return f"{project.display_root.rstrip('/')}/{finding.path}"


def summary_line(report: Report) -> str:
    counts = report.counts()
    parts = [f"{counts[s]} {s}{'' if counts[s] == 1 else 's'}" for s in ("error", "warning")]
    parts.append(f"{counts['info']} info")
    return ", ".join(parts)
