"""The default human report, laid out as rustc and ruff lay out diagnostics.

    error[HK403] secret-key-hardcoded: SECRET_KEY is written in the code
      --> mysite/settings.py:25:1
       |
    24 | # SECURITY WARNING: keep the secret key used in production secret!
    25 | SECRET_KEY = 'django-insecure-…'
       |
       = why: anyone with the code can forge sessions
       = help: set it as a config var and read `os.environ["DJANGO_SECRET_KEY"]` [unsafe fix]

Errors come first, then warnings, then info (hidden unless `--show-info`), by path and line
within each, and the run ends with a verdict in words. A rule's message is one sentence in the
house style, "what is wrong: why it matters; what to do", so the headline, the why and the help
are cut from it at the first `: ` and the last `; ` outside code and quotes; the machine formats
keep the message whole. Prose wraps to the terminal's width (80 when there is none) with a
hanging indent and never inside a word; code lines are cut, never wrapped.

Output that no terminal sees (a pipe, a file, `--color never`) carries no styles, so it is
written as plain text without importing rich (~13 ms of start-up): the same characters rich
would write, which drops the control codes it strips; a tab, which rich expands by display
width, sends the output through rich.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from typing import Optional, TextIO

from ..findings import Finding, message_parts, severity_rank
from ..i18n import msg, ntr, tr, translate
from . import ProjectReport, Report, display_path, summary_line, terminal_columns

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}

# What rich's Text strips from what it is given (rich.control.STRIP_CONTROL_CODES).
STRIPPED = dict.fromkeys([7, 8, 11, 12, 13])

# One `console.print`: the (text, style) parts of a line or block, then what ends it.
Parts = list[tuple[str, str]]
Printed = tuple[Parts, str]

# How a help line says that `--fix` applies it (ruff's mark), or `--fix --unsafe-fixes`.
FIX_MARKS = {"safe": msg("help [*]"), "unsafe": msg("help [unsafe]")}


def width() -> int:
    return max(terminal_columns(), 40)


def without_location(headline: str, relpath: str, lang: str = "en") -> str:
    """Drops the finding's own file from its headline: the location line names it already."""
    inside = [tr(lang, " in {path}", path=relpath), tr(lang, " in {path}", path=f"`{relpath}`")]
    for form in inside:
        if headline.endswith(form):
            headline = headline[: -len(form)] + tr(lang, " in this file")
    for form in (tr(lang, " (from {path})", path=relpath), *inside):
        headline = headline.replace(form, "")
    return headline


def wrapped(text: str, indent: str, first: str = "") -> list[str]:
    """`first` + text, wrapped at the terminal's width with `indent` before every later line."""
    lines = textwrap.wrap(
        text,
        width=width(),
        initial_indent=first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return lines or [first.rstrip()]


def frame(project: ProjectReport, path: str, line: int, gutter: int) -> Optional[Parts]:
    """The offending line with one line of context either side, numbered; None for a finding
    about the project as a whole (its file does not exist) or a line outside the file."""
    from ..files import FileReader, TextFile

    read = FileReader(project.root).read(path)
    if not isinstance(read, TextFile):
        return None
    lines = read.text.splitlines()
    if not 1 <= line <= len(lines):
        return None
    room = max(width() - gutter - 3, 20)
    out: Parts = [(" " * gutter + " |\n", "dim")]
    for number in range(max(line - 1, 1), min(line + 1, len(lines)) + 1):
        content = lines[number - 1].rstrip()
        if len(content) > room:
            content = content[: room - 1] + "…"
        out.append((f"{number:>{gutter}} |" + (" " if content else ""), "dim"))
        out.append((content + "\n", "bold" if number == line else ""))
    out.append((" " * gutter + " |\n", "dim"))
    return out


def ordered(report: Report, *, everything: bool = False) -> list[tuple[ProjectReport, Finding]]:
    """Errors, then warnings, then info; by path and line within each; info only when shown
    (or `everything`)."""
    items = [
        (project, finding)
        for project in report.projects
        for finding in project.findings
        if not finding.suppressed
        and (finding.severity != "info" or project.show_info or everything)
    ]
    items.sort(
        key=lambda item: (-severity_rank(item[1].severity), display_path(*item), item[1].line)
    )
    return items


def printed_finding(
    project: ProjectReport, finding: Finding, quiet: bool, lang: str = "en"
) -> Iterator[Printed]:
    style = STYLES[finding.severity]
    path = display_path(project, finding)
    head, why, help_ = message_parts(finding.message)
    head = without_location(head, finding.path, lang)
    title = f"{finding.severity}[{finding.code}] {finding.name}: "
    lines = wrapped(head, "    ", first=title)
    yield [(title, style), (lines[0][len(title) :] + "\n", "bold")], ""
    for more in lines[1:]:
        yield [(more + "\n", "bold")], ""
    exists = os.path.isfile(project.root / finding.path)
    where = (
        f"{path}:{finding.line}:{finding.column}"
        if exists
        else tr(lang, "{root}/ (the project)", root=project.display_root.rstrip("/") or ".")
    )
    gutter = len(str(finding.line + 1))
    yield [(" " * gutter + "--> ", "dim"), (where + "\n", "")], ""
    if quiet:
        return
    code = frame(project, finding.path, finding.line, gutter) if exists else None
    if code is not None:
        yield code, ""
    pad = " " * gutter + " = "
    if why:
        label = tr(lang, "why")
        for line in wrapped(why, " " * (len(pad) + len(label) + 2), first=f"{pad}{label}: "):
            yield [(line + "\n", "")], ""
    fix = finding.fix
    if help_ or fix:
        text = help_ or (fix.message if fix else "")
        label = translate(FIX_MARKS[fix.applicability], lang) if fix else tr(lang, "help")
        for line in wrapped(text, " " * (len(pad) + len(label) + 2), first=f"{pad}{label}: "):
            yield [(line + "\n", "")], ""
    note_label = tr(lang, "note")
    indent = " " * (len(pad) + len(note_label) + 2)
    for note in finding.notes:
        for line in wrapped(note, indent, first=f"{pad}{note_label}: "):
            yield [(line + "\n", "")], ""
    if fix is not None and fix.not_applied:
        not_applied = tr(lang, "fix {reason}", reason=fix.not_applied)
        for line in wrapped(not_applied, indent, first=f"{pad}{note_label}: "):
            yield [(line + "\n", "italic")], ""
    yield [], "\n"


def verdict(report: Report) -> tuple[str, str]:
    """The run's verdict in words, and its style."""
    active, lang = report.active, report.lang
    errors = sorted({f.code for f in active if f.severity == "error"})
    warnings = [f for f in active if f.severity == "warning"]
    if errors:
        codes = ", ".join(errors)
        return tr(lang, "Not ready for Heroku: fix {codes} first.", codes=codes), "bold red"
    if warnings:
        return (
            ntr(
                lang,
                "Builds on Heroku, but {count} problem will bite in production.",
                "Builds on Heroku, but {count} problems will bite in production.",
                len(warnings),
            ),
            "bold yellow",
        )
    return tr(lang, "Ready for Heroku."), "bold green"


def fix_summary(report: Report) -> str:
    active, lang = report.active, report.lang
    safe = sum(1 for f in active if f.fix and f.fix.applicability == "safe")
    unsafe = sum(1 for f in active if f.fix and f.fix.applicability == "unsafe")
    bits = []
    if safe:
        bits.append(
            ntr(
                lang,
                "{count} fix available with `--fix`",
                "{count} fixes available with `--fix`",
                safe,
            )
        )
    if unsafe and safe:
        bits.append(
            ntr(
                lang,
                "{count} more fix with `--fix --unsafe-fixes`",
                "{count} more fixes with `--fix --unsafe-fixes`",
                unsafe,
            )
        )
    elif unsafe:
        bits.append(
            ntr(
                lang,
                "{count} fix with `--fix --unsafe-fixes`",
                "{count} fixes with `--fix --unsafe-fixes`",
                unsafe,
            )
        )
    return "; ".join(bits)


def printed(report: Report, quiet: bool, show_fixes: bool = False) -> Iterator[Printed]:
    """The report, print by print, with the styles rich gives each part."""
    items = ordered(report)
    if not quiet:
        headers = [
            ("" if project.display_root in ("", ".") else f"{project.display_root}: ")
            + project.settings_line
            for project in report.projects
            if project.settings_line
        ]
        for header in headers:
            yield [(header + "\n", "dim")], ""
        if headers and items:
            yield [], "\n"
    for project, finding in items:
        yield from printed_finding(project, finding, quiet, report.lang)
    if show_fixes:
        yield from printed_fixes(report)
    if quiet and not report.active:
        return
    yield [(summary_line(report) + "\n", "bold")], ""
    fixes = fix_summary(report)
    if fixes and not quiet:
        yield [(fixes[0].upper() + fixes[1:] + ".\n", "")], ""
    text, style = verdict(report)
    yield [(text + "\n", style)], ""

    if items and not quiet:
        more = tr(report.lang, "Run `herokulint rule CODE` to learn more about a finding.")
        yield [(more + "\n", "dim")], ""
    for project in report.projects:
        yield from printed_before_push(project.before_push, report.lang)


def printed_fixes(report: Report) -> Iterator[Printed]:
    """`--show-fixes`: the fixes `--fix` applied, then those still available, one a line."""
    lang = report.lang
    fixed = [line for project in report.projects for line in project.fixed]
    available = [
        (project, finding)
        for project, finding in ordered(report, everything=True)
        if finding.fix is not None and finding.fix.build is not None
    ]
    if fixed:
        yield [(tr(lang, "Fixed ({count}):", count=len(fixed)) + "\n", "bold")], ""
        for line in fixed:
            for part in wrapped(translate(line, lang), "      ", first="  "):
                yield [(part + "\n", "")], ""
        yield [], "\n"
    if available:
        heading = tr(lang, "Fixes available ({count}):", count=len(available))
        yield [(heading + "\n", "bold")], ""
        for project, finding in available:
            fix = finding.fix
            assert fix is not None
            mark = translate(FIX_MARKS[fix.applicability], lang).split(" ", 1)[1]
            where = f"{display_path(project, finding)}:{finding.line}"
            for line in wrapped(
                translate(fix.message, lang), "      ", first=f"  {mark} {finding.code} {where}: "
            ):
                yield [(line + "\n", "")], ""
        yield [], "\n"
    if not fixed and not available:
        yield [(tr(lang, "No fixes applied or available.") + "\n", "")], ""
        yield [], "\n"


def printed_before_push(lines: tuple[str, ...], lang: str) -> Iterator[Printed]:
    """The block that ends a `--fix` run which moved values to config vars: prose wrapped,
    commands (indented) whole, so they can be copied."""
    for index, line in enumerate(lines):
        if index == 0:
            yield [], "\n"
        line = translate(line, lang)
        if line.startswith("  "):
            yield [(line + "\n", "")], ""
            continue
        for part in wrapped(line, ""):
            yield [(part + "\n", "bold" if index == 0 else "")], ""


def styled(out: TextIO, color: Optional[bool]) -> bool:
    """False only when rich would write no escape codes: colour is off, or `out` is no terminal
    and no FORCE_COLOR or TTY_COMPATIBLE says otherwise (rich's `Console.is_terminal`)."""
    if color is not None:
        return color
    if "FORCE_COLOR" in os.environ or "TTY_COMPATIBLE" in os.environ:
        return True
    return out.isatty()


def write(
    report: Report,
    out: TextIO,
    *,
    color: Optional[bool] = None,
    quiet: bool = False,
    show_fixes: bool = False,
) -> None:
    from .folding import folded

    items = list(printed(folded(report), quiet, show_fixes))
    plain = "".join("".join(text for text, _ in parts) + end for parts, end in items)
    if styled(out, color) or "\t" in plain:
        write_rich(items, out, color)
    else:
        out.write(plain.translate(STRIPPED))
        out.flush()  # as rich does: stdout stays in order with what follows on stderr


def write_rich(items: list[Printed], out: TextIO, color: Optional[bool]) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(
        file=out, force_terminal=color, no_color=color is False, highlight=False, soft_wrap=True
    )
    for parts_, end in items:
        text = Text()
        for part, style in parts_:
            text.append(part, style=style)
        console.print(text, end=end)
