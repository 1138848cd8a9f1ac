"""What a rule reports: severities, findings and (later) their fixes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

SEVERITIES = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    """info < warning < error; "never" ranks above everything (nothing fails)."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


@dataclass(frozen=True)
class Fix:
    """A fix's promise: `safe` keeps meaning, `unsafe` changes behaviour or guesses intent."""

    applicability: str
    message: str


@dataclass(frozen=True)
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

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)
