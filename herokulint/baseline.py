"""A baseline: the findings a project already had, so that only new ones fail CI.

`--write-baseline FILE` records every active finding; `--baseline FILE` then reports only the
findings that are not in it. A finding's fingerprint is its code, its path and the text of the
line it points at with all whitespace removed: never the line number, so code that moves (a
setting further down the file, a re-indented block) stays baselined, while the same problem on
another line is new. Identical fingerprints are counted, so a second `DEBUG = True` in the same
file is new although the first one is baselined. The line's text is stored only as a hash: a
baseline is committed, and the line may hold a value nobody should copy (a hard-coded key).

Entries that match nothing any more are stale (the problem was fixed, or the line changed):
they are listed, so the file can be rewritten and shrinks over time (ruff keeps no baseline;
this follows detekt's and PHPStan's counted baselines).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Optional

from .errors import UsageError
from .findings import Finding
from .records import frozen, mutable

VERSION = 1


@frozen
class Entry:
    code: str
    path: str
    fingerprint: str

    def key(self) -> tuple[str, str, str]:
        return (self.code, self.path, self.fingerprint)


def fingerprint(code: str, path: str, line_text: Optional[str]) -> str:
    squeezed = "".join((line_text or "").split())
    digest = hashlib.sha256(f"{code}\0{path}\0{squeezed}".encode()).hexdigest()
    return digest[:16]


def entry(finding: Finding, path: str, line_text: Optional[str]) -> Entry:
    return Entry(finding.code, path, fingerprint(finding.code, path, line_text))


def write(file: str, entries: Iterable[tuple[Entry, str]]) -> int:
    """Writes the baseline (entries with their messages, for people reading it); returns how many."""
    rows = sorted(
        (
            {"code": e.code, "path": e.path, "fingerprint": e.fingerprint, "message": message}
            for e, message in entries
        ),
        key=lambda row: (row["path"], row["code"], row["fingerprint"]),
    )
    document = {"version": VERSION, "tool": "herokulint", "findings": rows}
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    try:
        Path(file).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write --write-baseline {file!r}: {exc.strerror or exc}") from exc
    return len(rows)


def read(file: str) -> Counter[tuple[str, str, str]]:
    try:
        document: Any = json.loads(Path(file).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(
            f"--baseline {file!r} does not exist (create it with --write-baseline {file})"
        ) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise UsageError(f"--baseline {file!r} is not a herokulint baseline: {exc}") from exc
    rows = document.get("findings") if isinstance(document, dict) else None
    if not isinstance(rows, list) or document.get("version") != VERSION:
        raise UsageError(f"--baseline {file!r} is not a version {VERSION} herokulint baseline")
    counts: Counter[tuple[str, str, str]] = Counter()
    for row in rows:
        if isinstance(row, dict) and all(
            isinstance(row.get(k), str) for k in ("code", "path", "fingerprint")
        ):
            counts[(row["code"], row["path"], row["fingerprint"])] += 1
    return counts


@mutable
class Filter:
    """Drops baselined findings, counting each entry once; what is left over is stale."""

    remaining: Counter[tuple[str, str, str]]
    matched: int = 0

    def is_new(self, key: tuple[str, str, str]) -> bool:
        if self.remaining[key] > 0:
            self.remaining[key] -= 1
            self.matched += 1
            return False
        return True

    def stale(self) -> list[tuple[str, str]]:
        return sorted(
            (code, path) for (code, path, _), n in self.remaining.items() for _ in range(n)
        )
