"""What a fix is made of: the edits a rule's fix builds, and the error that refuses one.

Rules import these while checking, so this module stays small; applying edits, the fix loop
and writing files live in `herokulint.fix`, imported only by `--fix` and `--diff`.
"""

from __future__ import annotations

from typing import Union

from .records import frozen


@frozen
class TextEdit:
    """Replace text[start:end] of `path` (offsets into the decoded text) with `text`."""

    path: str
    start: int
    end: int
    text: str


@frozen
class CreateFile:
    """Create `path` holding `text`; refused when the file exists."""

    path: str
    text: str


@frozen
class RenameFile:
    """Rename `path` to `to`; refused when `to` exists."""

    path: str
    to: str


@frozen
class DeleteFile:
    """Remove `path`."""

    path: str


Edit = Union[TextEdit, CreateFile, RenameFile, DeleteFile]


class FixError(Exception):
    """An edit that cannot be applied safely; the fix is skipped and the reason reported."""


def replace_text(path: str, old: str, new: str) -> TextEdit:
    """The smallest single edit turning `old` into `new` (common prefix and suffix kept)."""
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    return TextEdit(path, prefix, len(old) - suffix, new[prefix : len(new) - suffix])
