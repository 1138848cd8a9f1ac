"""What a rule reports: severities, findings (possibly suppressed) and their fixes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from typing import TYPE_CHECKING, Optional

from .records import frozen

if TYPE_CHECKING:
    from .edits import Edit

SEVERITIES = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    """info < warning < error; "never" ranks above everything (nothing fails)."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


@frozen
class Fix:
    """A fix's promise: `safe` keeps meaning, `unsafe` changes behaviour or guesses intent."""

    applicability: str
    message: str
    # Builds the edits (see herokulint.fix) only when a fix is applied or shown, so checking
    # never pays for rendering code it will not write.
    build: Optional[Callable[[], tuple[Edit, ...]]] = field(default=None, compare=False)
    # Set by `--fix` when the fix was rolled back: "not applied: it would cause HK310".
    not_applied: Optional[str] = None

    def edits(self) -> tuple[Edit, ...]:
        return self.build() if self.build is not None else ()


@frozen
class Finding:
    code: str
    name: str
    severity: str
    message: str
    path: str  # relative to the project root, "/" separators
    line: int = 1
    column: int = 1
    end_line: Optional[int] = None
    end_column: Optional[int] = None
    fix: Optional[Fix] = None
    # Set by the engine when an inline comment silenced the finding: it is still reported in
    # JSON and SARIF (auditable), never in text, and never counts towards the exit code.
    suppressed: bool = False
    suppression_reason: Optional[str] = None
    # The `manage.py check --deploy` id this finding corresponds to ("security.W004"), if any.
    django_check: Optional[str] = None
    # What the text report folded into this finding (report.folding): other findings about the
    # same problem, one line each. Not part of the finding's identity or of the machine formats.
    notes: tuple[str, ...] = field(default=(), compare=False)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


def split_outside_code(text: str, separator: str, *, last: bool = False) -> Optional[int]:
    """The index of the first (or last) `separator` that is outside backticks and quotes."""
    found = None
    code = quote = False
    for index, char in enumerate(text):
        if char == "`" and not quote:
            code = not code
        elif char == '"' and not code:
            quote = not quote
        elif not code and not quote and text.startswith(separator, index):
            found = index
            if not last:
                return found
    return found


def message_parts(message: str) -> tuple[str, str, str]:
    """(headline, why, help) of a message written as "what: why; do", any of the last two ""."""
    text = message.strip()
    colon = split_outside_code(text, ": ")
    if colon is None:
        semi = split_outside_code(text, "; ")
        if semi is None:
            return text, "", ""
        return text[:semi], "", text[semi + 2 :]
    head, rest = text[:colon], text[colon + 2 :]
    semi = split_outside_code(rest, "; ", last=True)
    if semi is None:
        return head, rest, ""
    return head, rest[:semi], rest[semi + 2 :]
