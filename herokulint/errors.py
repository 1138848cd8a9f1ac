"""The tool's own problems, as exceptions the CLI catches once (exit code 2).

A module of its own, below everything else, so the CLI and the configuration can name them
without importing the engine (and, through it, the project model and LibCST).
"""

from __future__ import annotations


class UsageError(Exception):
    """A problem with how herokulint was called or configured (exit code 2)."""


class InternalError(Exception):
    """A bug in herokulint itself (exit code 2), with the rule that raised it."""
