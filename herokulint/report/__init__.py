"""Reporters: one module per output format. Each takes a Report and writes it to a stream.

Suppressed findings stay in the report: the machine formats (json, sarif) list them, marked,
so suppressions can be audited; the formats for people and annotations leave them out. They
never count towards the summary's severities or the exit code.
"""

from __future__ import annotations

import os
import sys
from dataclasses import field, replace
from pathlib import Path

from ..findings import SEVERITIES, Finding, severity_rank
from ..i18n import ntr, tr, translate
from ..records import mutable

# Where the rule catalogue lives: SARIF's helpUri and the docs link to rules/CODE.md there.
REPOSITORY = "https://github.com/herokulint/herokulint"


def terminal_columns(fallback: int = 80) -> int:
    """The terminal's width as `shutil.get_terminal_size` finds it ($COLUMNS, then stdout's
    terminal, else `fallback`), without importing shutil: with bz2 and lzma, that import is a
    few percent of a warm run."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or fallback


def rule_url(code: str) -> str:
    return f"{REPOSITORY}/blob/main/rules/{code}.md"


@mutable
class ProjectReport:
    root: Path
    display_root: str  # the path as given on the command line
    settings: list[str] = field(default_factory=list)  # the settings module chain
    findings: list[Finding] = field(default_factory=list)
    rules: tuple[str, ...] = ()  # the codes of the rules that ran (SARIF lists them)
    fail_on: str = "error"  # from this project's configuration
    show_info: bool = True  # info findings in the text and concise outputs (`show-info`)
    # One short line for the text report's header: the settings checked and the evidence that
    # decided (inspect.settings_summary); empty when no settings were found.
    settings_line: str = ""
    # After --fix: the "Before you push" block (env.before_push), printed by the text report.
    before_push: tuple[str, ...] = ()
    fixed: tuple[str, ...] = ()  # after --fix: "CODE path:line: what" per fix applied

    @property
    def failing(self) -> list[Finding]:
        threshold = severity_rank(self.fail_on)
        return [
            f for f in self.findings if not f.suppressed and severity_rank(f.severity) >= threshold
        ]


@mutable
class Report:
    projects: list[ProjectReport]
    lang: str = "en"  # the language of the text reporters write (herokulint.i18n)

    @property
    def findings(self) -> list[Finding]:
        return [finding for project in self.projects for finding in project.findings]

    @property
    def active(self) -> list[Finding]:
        """The findings that were not suppressed."""
        return [finding for finding in self.findings if not finding.suppressed]

    @property
    def suppressed(self) -> int:
        return sum(1 for finding in self.findings if finding.suppressed)

    @property
    def failed(self) -> bool:
        return any(project.failing for project in self.projects)

    def counts(self) -> dict[str, int]:
        counts = {severity: 0 for severity in reversed(SEVERITIES)}
        for finding in self.active:
            counts[finding.severity] += 1
        return counts


def display_path(project: ProjectReport, finding: Finding) -> str:
    """A finding's path relative to the path given on the command line, "/"-separated."""
    if project.display_root in ("", "."):
        return finding.path
    return f"{project.display_root.rstrip('/')}/{finding.path}"


def hidden_info(report: Report) -> int:
    """Info findings the text and concise outputs leave out (`show-info` off)."""
    return sum(
        1
        for project in report.projects
        for finding in project.findings
        if not finding.suppressed and finding.severity == "info" and not project.show_info
    )


def summary_line(report: Report, *, people: bool = True) -> str:
    """ "3 errors, 1 warning, 2 info"; for the outputs people read (text, concise), how many
    info findings they hide and how to show them."""
    counts, lang = report.counts(), report.lang
    parts = [
        ntr(lang, "{count} error", "{count} errors", counts["error"]),
        ntr(lang, "{count} warning", "{count} warnings", counts["warning"]),
        tr(lang, "{count} info", count=counts["info"]),
    ]
    if report.suppressed:
        parts.append(tr(lang, "{count} suppressed", count=report.suppressed))
    line = ", ".join(parts)
    hidden = hidden_info(report) if people else 0
    if hidden:
        line += tr(lang, " ({count} hidden: show them with --show-info)", count=hidden)
    return line


def localized(report: Report) -> Report:
    """The report with its findings' messages (and fix messages) in the report's language."""
    if report.lang == "en":
        return report
    return Report(
        [
            replace(
                project,
                findings=[localized_finding(f, report.lang) for f in project.findings],
                settings_line=translate(project.settings_line, report.lang),
            )
            for project in report.projects
        ],
        report.lang,
    )


def localized_finding(finding: Finding, lang: str) -> Finding:
    fix = finding.fix
    if fix is not None:
        fix = replace(
            fix,
            message=translate(fix.message, lang),
            not_applied=translate(fix.not_applied, lang) if fix.not_applied else None,
        )
    return replace(
        finding,
        message=translate(finding.message, lang),
        notes=tuple(translate(note, lang) for note in finding.notes),
        fix=fix,
    )
