"""Inline suppressions: `# herokulint: ignore[HK401] reason` and `# noqa: HK401` comments.

A suppression sits at the end of the line a finding points at, or of the first line of that
line's statement, in a Python file, a requirements file or the Procfile. Comments are read from
the files' text, never by parsing Python again with LibCST: Python files go through the standard
library's tokenizer (so a `#` inside a string is no comment, and every line knows where its
statement starts); requirements files and the Procfile use their own comment rule, a `#` at the
start of a line or after whitespace, as pip and the shell read them. Only files whose text holds
a directive are tokenized, so a project without suppressions pays one substring test per file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import field, replace
from typing import TYPE_CHECKING, Callable, Optional

from .findings import Finding
from .records import frozen, mutable
from .rule import Rule

if TYPE_CHECKING:
    from .project import ProjectModel

# `herokulint: ignore[...]` (codes or rule names), or flake8's comment with codes; a bare one,
# and the codes of other tools in it, are not ours and are left alone.
DIRECTIVE = re.compile(
    r"#\s*(?:(?i:herokulint)\s*:\s*(?i:ignore)(?:\[(?P<codes>[^\]]*)\])?"
    r"|(?i:noqa)\s*:\s*(?P<noqa>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))"
)
NEXT_DIRECTIVE = re.compile(r"#\s*(?i:noqa|herokulint\s*:)")
COMMENT = re.compile(r"(?:^|(?<=\s))#")  # pip and the shell: `#` at the start or after a space


@frozen
class Suppression:
    """One suppression comment: where it is, the codes (or names) it names, and why."""

    relpath: str
    line: int
    column: int  # 1-based, at the directive's `#`
    end_column: int
    codes: tuple[str, ...]  # as written, codes upper-cased, names lower-cased
    reason: Optional[str]
    text: str  # the directive as written, for messages

    def location(self) -> tuple[str, int, int, int, int]:
        return (self.relpath, self.line, self.column, self.line, self.end_column)


@mutable
class FileSuppressions:
    relpath: str
    by_line: dict[int, list[Suppression]] = field(default_factory=dict)
    statement_start: dict[int, int] = field(default_factory=dict)  # line -> first line

    def at(self, line: int) -> Iterator[Suppression]:
        """The suppressions covering a finding on `line`: that line's, then its statement's."""
        yield from self.by_line.get(line, ())
        start = self.statement_start.get(line, line)
        if start != line:
            yield from self.by_line.get(start, ())

    def all(self) -> Iterator[Suppression]:
        for line in sorted(self.by_line):
            yield from self.by_line[line]


def comment_style(relpath: str) -> Optional[str]:
    """How comments are written in this file, or None when it cannot carry suppressions."""
    name = relpath.rsplit("/", 1)[-1]
    if name.endswith(".py"):
        return "python"
    if name == "Procfile":
        return "procfile"
    # runtime.txt holds exactly one version string: a comment there breaks the build.
    if name.endswith((".txt", ".in")) and name != "runtime.txt":
        return "requirements"
    return None


def normalise(token: str) -> str:
    token = token.strip()
    return token.upper() if re.fullmatch(r"[A-Za-z]+[0-9]+", token) else token.lower()


def parse_directives(relpath: str, line: int, column: int, comment: str) -> list[Suppression]:
    """The suppressions in one comment (which starts at 0-based `column` of `line`)."""
    found = []
    for match in DIRECTIVE.finditer(comment):
        if match.group("noqa") is not None:
            tokens = re.split(r"[\s,]+", match.group("noqa"))
            codes = tuple(t.upper() for t in tokens if t.upper().startswith("HK"))
            if not codes:
                continue
        else:
            written = match.group("codes") or ""
            codes = tuple(normalise(t) for t in re.split(r"[\s,]+", written) if t.strip())
        rest = comment[match.end() :]
        following = NEXT_DIRECTIVE.search(rest)
        reason = (rest[: following.start()] if following else rest).strip(" \t#:-—")
        found.append(
            Suppression(
                relpath,
                line,
                column + match.start() + 1,
                column + match.end() + 1,
                codes,
                reason or None,
                match.group(0),
            )
        )
    return found


def scan(relpath: str, text: str) -> Optional[FileSuppressions]:
    """Every suppression in a file's text, or None when it has none (the common case)."""
    style = comment_style(relpath)
    if style is None:
        return None
    lowered = text.lower()
    if "herokulint" not in lowered and "noqa" not in lowered:
        return None
    result = FileSuppressions(relpath)
    comments = python_comments(text, result) if style == "python" else None
    if comments is None:
        comments = text_comments(text, result, joined=style != "procfile")
    for line, column, comment in comments:
        for suppression in parse_directives(relpath, line, column, comment):
            result.by_line.setdefault(line, []).append(suppression)
    return result if result.by_line else None


def python_comments(text: str, result: FileSuppressions) -> Optional[list[tuple[int, int, str]]]:
    """Comments and statement starts from the tokenizer; None when the file does not tokenize."""
    import io
    import tokenize

    comments = []
    start: Optional[int] = None
    skip = (tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING)
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                comments.append((token.start[0], token.start[1], token.string))
            elif token.type == tokenize.NEWLINE or token.type == tokenize.ENDMARKER:
                if start is not None:
                    for line in range(start + 1, token.start[0] + 1):
                        result.statement_start[line] = start
                start = None
            elif token.type not in skip and start is None:
                start = token.start[0]
    except (tokenize.TokenError, SyntaxError, ValueError):
        result.statement_start.clear()
        return None
    return comments


def text_comments(
    text: str, result: FileSuppressions, *, joined: bool
) -> list[tuple[int, int, str]]:
    """`#` comments line by line; with `joined`, a line ending in `\\` continues (pip)."""
    comments = []
    start: Optional[int] = None
    for number, line in enumerate(text.splitlines(), start=1):
        if joined and start is not None:
            result.statement_start[number] = start
        match = COMMENT.search(line)
        if match:
            comments.append((number, match.start(), line[match.start() :]))
        continued = joined and not match and line.endswith("\\")
        start = (start or number) if continued else None
    return comments


# -- applying suppressions -------------------------------------------------------------------
def files_read(project: ProjectModel) -> list[str]:
    """The files this run read: where a suppression can silence something.

    The project model's reader caches every file it read; those are exactly the files whose
    comments matter. (Asked of its cache because the reader has no public listing yet; without
    one, only the files findings point at are scanned.)
    """
    cache = getattr(project.files, "_cache", None)
    return list(cache) if isinstance(cache, dict) else []


class Suppressions:
    """The suppression comments of one project, and which of their codes silenced something."""

    def __init__(self, files: dict[str, FileSuppressions], resolve: Callable[[str], Optional[str]]):
        self.files = files
        self.resolve = resolve  # a written code or name -> the rule code, None when unknown
        self.used: set[tuple[Suppression, str]] = set()

    @classmethod
    def read(
        cls,
        project: ProjectModel,
        paths: Iterable[str],
        resolve: Callable[[str], Optional[str]],
        *,
        everywhere: bool = False,
    ) -> Suppressions:
        """The suppressions in `paths` (the files findings point at) and, with `everywhere`
        (for the rules about unused or unknown suppressions), in every file the run read."""
        files = {}
        wanted = [*files_read(project), *paths] if everywhere else list(paths)
        for relpath in dict.fromkeys(wanted):
            text = project.text(relpath)
            found = scan(relpath, text.text) if text is not None else None
            if found is not None:
                files[relpath] = found
        return cls(files, resolve)

    def apply(self, finding: Finding) -> Finding:
        """The finding, marked suppressed when a comment at its line names its rule."""
        file = self.files.get(finding.path)
        if file is None:
            return finding
        for suppression in file.at(finding.line):
            if any(self.resolve(token) == finding.code for token in suppression.codes):
                self.used.add((suppression, finding.code))
                return replace(finding, suppressed=True, suppression_reason=suppression.reason)
        return finding

    def all(self) -> Iterator[Suppression]:
        for relpath in sorted(self.files):
            yield from self.files[relpath].all()


@frozen
class SuppressionContext:
    """What the suppression rules see once every other selected rule has run."""

    suppressions: Suppressions
    ran: Callable[[str, str], bool]  # (code, relpath) -> did that rule run on that file
    names: dict[str, str]  # every rule code -> its name, for messages and did-you-mean
    text: Callable[[str], Optional[str]] = lambda relpath: None  # a file's text, for fixes

    def resolve(self, token: str) -> Optional[str]:
        return self.suppressions.resolve(token)

    def is_used(self, suppression: Suppression, code: str) -> bool:
        return (suppression, code) in self.suppressions.used


class SuppressionRule(Rule):
    """A rule about suppression comments: the engine evaluates it after every other rule, since
    only then is it known what each comment silenced."""

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        return iter(())

    def check_suppressions(self, context: SuppressionContext) -> Iterator[Finding]:
        raise NotImplementedError
