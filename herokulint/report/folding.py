"""One problem, one finding, in the report people read (the text output).

Several rules can fire about one thing. A `runtime.txt` with `python-3.8.10` is deprecated
(HK302), end-of-life (HK303) and patch-pinned (HK308) at once. Three findings would give three
recommendations, and one of them (write `python-3.8` in runtime.txt) edits a file another
says to delete. The text output shows one finding per problem instead:

- The Python-version findings on one file become one. The most severe is the headline. When
  the file is runtime.txt (HK302), its help and fix are used, because moving the version to
  `.python-version` settles the others. The rest become notes.
- Repeated findings of a rule listed in COLLAPSED on one file (HK211: one per unpinned
  requirement) become the first one, with the others as notes.
- With no Django project found (HK001: no manage.py), the findings about the project as a
  whole (a missing Procfile, manifest or version file) are notes of HK001: the folder is
  probably not the one deployed, and its help says so.

The machine formats (json, sarif, github, concise) keep every finding, and the exit code
counts them all. The text summary counts what is shown.
"""

from __future__ import annotations

from dataclasses import replace

from ..findings import Finding, message_parts, severity_rank
from ..i18n import tr
from . import ProjectReport, Report

# The Python-version rules whose findings on one file are one problem; the first is the one
# whose recommendation settles them all when it is among them.
VERSION_FILE = ("HK302", "HK303", "HK304", "HK305", "HK308", "HK309", "HK310")
UMBRELLA = "HK302"
# Rules that fire once per line of one file (one finding per unpinned requirement).
COLLAPSED = frozenset({"HK211"})
# No manage.py: the other findings about missing files follow from it.
NO_PROJECT = "HK001"


def folded(report: Report) -> Report:
    """The report with each problem's findings folded into one (see the module docstring)."""
    return Report([fold_project(project, report.lang) for project in report.projects], report.lang)


def fold_project(project: ProjectReport, lang: str = "en") -> ProjectReport:
    active = [finding for finding in project.findings if not finding.suppressed]
    groups: dict[tuple[str, str], list[Finding]] = {}
    no_project = any(finding.code == NO_PROJECT for finding in active)
    for finding in active:
        key = group_key(finding)
        if no_project and (
            finding.code == NO_PROJECT or not (project.root / finding.path).is_file()
        ):
            key = (NO_PROJECT, "")
        if key is not None:
            groups.setdefault(key, []).append(finding)
    merged: dict[int, Finding] = {}
    dropped: set[int] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        shown = merge(members, lang)
        merged[id(members[0])] = shown
        dropped.update(id(member) for member in members[1:])
    findings = [
        merged.get(id(finding), finding)
        for finding in project.findings
        if id(finding) not in dropped
    ]
    return replace(project, findings=findings)


def group_key(finding: Finding) -> tuple[str, str] | None:
    if finding.code in VERSION_FILE:
        return ("python-version", finding.path)
    if finding.code in COLLAPSED:
        return (finding.code, finding.path)
    return None


def merge(members: list[Finding], lang: str = "en") -> Finding:
    """One finding for the group, placed first in the report's order of `members`."""
    members = sorted(
        members,
        key=lambda f: (f.code != NO_PROJECT, -severity_rank(f.severity), f.line, f.code),
    )
    lead = members[0]
    umbrella = next((f for f in members if f.code == UMBRELLA), None)
    message, fix = lead.message, lead.fix
    if umbrella is not None and umbrella is not lead:
        head, why, _ = message_parts(lead.message)
        umbrella_help = message_parts(umbrella.message)[2]
        if umbrella_help:
            message = f"{head}: {why}; {umbrella_help}" if why else f"{head}; {umbrella_help}"
            fix = umbrella.fix or lead.fix
    notes = tuple(note(lead, other, lang) for other in members[1:])
    return replace(lead, message=message, fix=fix, notes=lead.notes + notes)


def note(lead: Finding, other: Finding, lang: str = "en") -> str:
    head = message_parts(other.message)[0]
    where = tr(lang, "line {line}: ", line=other.line) if other.line != lead.line else ""
    if other.code == lead.code:
        return tr(lang, "also {where}{head}", where=where, head=head)
    return tr(
        lang,
        "also {code} {name}: {where}{head}",
        code=other.code,
        name=other.name,
        where=where,
        head=head,
    )
