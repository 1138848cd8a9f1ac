"""The tool's own problems, as exceptions the CLI catches once (exit code 2).

A module of its own, below everything else, so the CLI and the configuration can name them
without importing the engine (and, through it, the project model and LibCST).
"""

from __future__ import annotations

from .records import frozen


class UsageError(Exception):
    """A problem with how herokulint was called or configured (exit code 2)."""


class InternalError(Exception):
    """A bug in herokulint itself (exit code 2), with the rule that raised it."""


@frozen
class RuleCrash:
    """A rule that raised instead of returning findings: its code, and the exception. The CLI
    reports it and exits 2 once the other rules have run."""

    code: str
    error: BaseException

    @property
    def summary(self) -> str:
        if isinstance(self.error, RecursionError):
            return "ran out of stack on this project"
        return f"failed: {type(self.error).__name__}: {self.error}"
