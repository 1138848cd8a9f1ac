"""Applying fixes: edits on an in-memory workspace, a convergence loop, atomic writes.

A fix is a set of edits (text replacements, file creations, renames, deletions). They are
applied to a `Workspace` that overlays the project on disk, so `--diff` can show the result
without writing anything, and `--fix` writes only once the loop has converged. Nothing is ever
written outside the project root, through a symlink that leaves it, to a lockfile, or to a
Python file that does not parse before or after the edit.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import tempfile
from dataclasses import field, replace
from pathlib import Path
from typing import Callable, Optional

from .edits import (  # noqa: F401 (DeleteFile, replace_text: re-exported for callers)
    CreateFile,
    DeleteFile,
    Edit,
    FixError,
    RenameFile,
    TextEdit,
    replace_text,
)
from .findings import Finding
from .i18n import msg
from .project.files import FileReader, ReadError, TextFile, inside
from .records import mutable

# Lock files are written by their tools; a fix tells the user which command to run instead.
LOCKFILES = frozenset({"uv.lock", "poetry.lock", "Pipfile.lock"})


def touched(edit: Edit) -> tuple[str, ...]:
    if isinstance(edit, RenameFile):
        return (edit.path, edit.to)
    return (edit.path,)


@mutable
class _Entry:
    """A file's state in the workspace: its text (None = absent) and how to write it back."""

    text: Optional[str]
    original: Optional[TextFile]


class Workspace:
    """The project as it would be after the applied edits, read through a FileReader."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.reader = FileReader(root)
        self.entries: dict[str, _Entry] = {}
        self.renames: dict[str, str] = {}  # new path -> original path

    # -- reading -----------------------------------------------------------------------------
    def overlay(self) -> dict[str, Optional[TextFile]]:
        """The files as edited (None for a file that is gone), for a FileReader overlay."""
        result: dict[str, Optional[TextFile]] = {}
        for path, entry in self.entries.items():
            if entry.text is None:
                result[path] = None
            else:
                like = entry.original
                result[path] = TextFile(
                    path,
                    entry.text,
                    bom=like.bom if like else False,
                    encoding=like.encoding if like else "utf-8",
                    crlf="\r\n" in entry.text,
                )
        return result

    def _entry(self, path: str) -> _Entry:
        if path not in self.entries:
            read = self.reader.read(path)
            if isinstance(read, ReadError):
                raise FixError(f"{path} {read.reason}")
            self.entries[path] = _Entry(read.text if read else None, read)
        return self.entries[path]

    def text(self, path: str) -> Optional[str]:
        return self._entry(path).text

    # -- editing -----------------------------------------------------------------------------
    def check_path(self, path: str) -> None:
        parts = path.split("/")
        if path.startswith("/") or ".." in parts or not path:
            raise FixError(f"{path}: outside the project")
        if parts[-1] in LOCKFILES:
            raise FixError(f"{path}: lock files are only written by their tools")
        full = self.root / path
        if os.path.islink(full) and not inside(self.root, full):
            raise FixError(f"{path}: a symlink that leaves the project")
        if not inside(self.root, full.parent if not full.exists() else full):
            raise FixError(f"{path}: outside the project")

    def apply(self, edits: tuple[Edit, ...]) -> None:
        """Apply one fix's edits, all or nothing."""
        saved = {path: _Entry(e.text, e.original) for path, e in self.entries.items()}
        saved_renames = dict(self.renames)
        try:
            for edit in edits:
                for path in touched(edit):
                    self.check_path(path)
                self._apply(edit)
        except FixError:
            self.entries, self.renames = saved, saved_renames
            raise

    def _apply(self, edit: Edit) -> None:
        if isinstance(edit, TextEdit):
            entry = self._entry(edit.path)
            if entry.text is None:
                raise FixError(f"{edit.path}: does not exist")
            if not 0 <= edit.start <= edit.end <= len(entry.text):
                raise FixError(f"{edit.path}: edit outside the file")
            replacement = edit.text
            if entry.original is not None and entry.original.crlf:
                replacement = re.sub(r"(?<!\r)\n", "\r\n", replacement)
            new = entry.text[: edit.start] + replacement + entry.text[edit.end :]
            self._check_python(edit.path, entry.text, new)
            entry.text = new
        elif isinstance(edit, CreateFile):
            entry = self._entry(edit.path)
            if entry.text is not None:
                raise FixError(f"{edit.path}: already exists")
            entry.text = edit.text
        elif isinstance(edit, RenameFile):
            source, target = self._entry(edit.path), self._entry(edit.to)
            if source.text is None or target.text is not None:
                raise FixError(f"cannot rename {edit.path} to {edit.to}")
            target.text, target.original = source.text, source.original
            source.text = None
            self.renames[edit.to] = self.renames.pop(edit.path, edit.path)
        else:
            entry = self._entry(edit.path)
            entry.text = None

    @staticmethod
    def _check_python(path: str, old: str, new: str) -> None:
        if not path.endswith(".py"):
            return
        from .project.pysource import ParseFailure, parse

        # Through the project's parser: its guards keep LibCST off what would crash it, and
        # the text before the fix (and after, for the next round) is parsed once.
        for label, text in (("before", old), ("after", new)):
            failure = parse(TextFile(path, text))
            if isinstance(failure, ParseFailure):
                raise FixError(f"{path}: does not parse {label} the fix ({failure.message})")

    # -- results -----------------------------------------------------------------------------
    def changed(self) -> list[str]:
        return sorted(
            path
            for path, entry in self.entries.items()
            if entry.text != (entry.original.text if entry.original else None)
            or path in self.renames
        )

    def diff(self) -> str:
        chunks: list[str] = []
        for path in self.changed():
            entry = self.entries[path]
            source = self.renames.get(path)
            if source is not None and source != path:
                old_entry = self.entries[source]
                old_text = old_entry.original.text if old_entry.original else ""
                header = f"rename from {source}\nrename to {path}\n"
                chunks.append(header + _unified(old_text, entry.text or "", source, path))
                continue
            if path in self.renames.values() and entry.text is None:
                continue  # shown as the rename's source
            old = entry.original.text if entry.original else None
            chunks.append(_unified(old, entry.text, path, path))
        return "".join(chunks)

    def write(self) -> list[str]:
        """Write every change to disk atomically; returns the paths written or removed."""
        written = []
        for path in self.changed():
            entry = self.entries[path]
            if entry.text is None:
                if os.path.lexists(self.root / path):
                    os.unlink(self.root / path)
            else:
                atomic_write(self.root, path, entry.text, entry.original)
            written.append(path)
        return written


def _unified(old: Optional[str], new: Optional[str], old_path: str, new_path: str) -> str:
    lines = difflib.unified_diff(
        (old or "").splitlines(keepends=True),
        (new or "").splitlines(keepends=True),
        fromfile="/dev/null" if old is None else f"a/{old_path}",
        tofile="/dev/null" if new is None else f"b/{new_path}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def encode(text: str, like: Optional[TextFile]) -> bytes:
    """Bytes in the file's own encoding, with its byte-order mark if it had one."""
    if like is not None and like.encoding == "utf-16":
        return text.encode("utf-16")
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if like is not None and like.bom else data


def atomic_write(root: Path, relpath: str, text: str, like: Optional[TextFile]) -> None:
    """Write via a temporary file in the same folder and a rename: readers never see half a
    file, and a crash leaves the original intact. The file's mode is kept."""
    path = root / relpath
    if os.path.islink(path):
        path = path.resolve()
    if not inside(root, path if path.exists() else path.parent):
        raise FixError(f"{relpath}: outside the project")
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(os.stat(path).st_mode) if path.exists() else _default_mode()
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".herokulint")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(encode(text, like))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@mutable
class FixRun:
    """The outcome of the fix loop: what was applied, what was refused, what remains."""

    workspace: Workspace
    applied: list[Finding]
    refused: list[tuple[Finding, str]]
    findings: list[Finding]  # the findings of the fixed project
    converged: bool
    # Fixes undone because the fixed project had a new warning or error they caused:
    # (the finding whose fix it was, the codes it would cause).
    rolled_back: list[tuple[Finding, tuple[str, ...]]] = field(default_factory=list)
    # New findings the fixes are expected to leave, by code (see EXPECTED_AFTER_FIX).
    expected: list[Finding] = field(default_factory=list)


MAX_ROUNDS = 50  # one fix per file per round; each round re-checks the edited project
MAX_ROLLBACKS = 8  # each rollback re-runs the loop without the fixes that made things worse

# Findings a fix leaves on purpose, which the user settles with one command: a file the fix
# created is not committed yet (HK702), a dependency it added is unpinned (HK211: which
# version to pin is the user's call), and HSTS turned on (HK411) without subdomains or
# preload (HK412, HK413: only the domain's owner can promise those). They do not undo the fix.
EXPECTED_AFTER_FIX = {
    "HK702": msg("commit the files the fixes created"),
    "HK211": msg("pin the dependencies the fixes added"),
    "HK412": msg("decide whether HSTS covers your subdomains (only the domain's owner can)"),
    "HK413": msg("decide whether to preload HSTS (only the domain's owner can)"),
}
PROBLEMS = ("warning", "error")


def wanted(finding: Finding, unsafe: bool) -> bool:
    fix = finding.fix
    if fix is None or fix.build is None or finding.suppressed:
        return False
    return fix.applicability == "safe" or (unsafe and fix.applicability == "unsafe")


@mutable
class _Round:
    """One round of the loop: the fixes applied (with the paths they touched), and the
    findings of the project after them."""

    fixes: list[tuple[Finding, set[str]]]
    after: list[Finding] = field(default_factory=list)


def run_fixes(
    root: Path,
    check: Callable[[dict[str, Optional[TextFile]]], list[Finding]],
    *,
    unsafe: bool = False,
) -> FixRun:
    """Apply fixes until none applies, then make sure the result is no worse than before.

    The fixed project is checked against the original: a warning or error whose code it has
    more of than before (outside EXPECTED_AFTER_FIX) was caused by a fix, so the fix that
    introduced it is rolled back (the loop runs again without it) and reported with the codes
    it would cause.
    """
    banned: dict[tuple[str, str], tuple[Finding, tuple[str, ...]]] = {}
    for _ in range(MAX_ROLLBACKS):
        run, rounds, baseline = _loop(root, check, unsafe, set(banned))
        if not run.converged:
            break
        culprits = _culprits(baseline, rounds, run.workspace.renames)
        if not culprits:
            break
        for finding, codes in culprits:
            banned[(finding.code, finding.path)] = (finding, codes)
    else:
        run, rounds, baseline = _loop(root, check, unsafe, set(banned))
    run.rolled_back = list(banned.values())
    run.findings = [_mark_rolled_back(finding, banned) for finding in run.findings]
    run.expected = [
        finding
        for code in EXPECTED_AFTER_FIX
        for finding in _new(baseline, run.findings, code, run.workspace.renames)
    ]
    return run


def _mark_rolled_back(
    finding: Finding, banned: dict[tuple[str, str], tuple[Finding, tuple[str, ...]]]
) -> Finding:
    """The finding with its fix marked "not applied" when it was rolled back."""
    entry = banned.get((finding.code, finding.path))
    if entry is None or finding.fix is None:
        return finding
    fix = replace(finding.fix, not_applied=would_cause(entry[1]))
    return replace(finding, fix=fix)


def would_cause(codes: tuple[str, ...]) -> str:
    return msg("not applied: it would cause {codes}", codes=", ".join(codes))


def _loop(
    root: Path,
    check: Callable[[dict[str, Optional[TextFile]]], list[Finding]],
    unsafe: bool,
    banned: set[tuple[str, str]],
) -> tuple[FixRun, list[_Round], list[Finding]]:
    """Apply fixes until none applies, re-checking the edited project after every round.

    Each round applies at most one fix per file, so every fix is computed against the text it
    edits. A fix that cannot be applied safely is refused once and not retried.
    """
    work = Workspace(root)
    applied: list[Finding] = []
    refused: list[tuple[Finding, str]] = []
    refused_keys: set[tuple[str, str, int]] = set()
    rounds: list[_Round] = []
    baseline: list[Finding] = []
    for number in range(MAX_ROUNDS):
        findings = check(work.overlay())
        if number == 0:
            baseline = findings
        else:
            rounds[-1].after = findings
        this = _Round([])
        for finding in findings:
            key = (finding.code, finding.path, finding.line)
            if not wanted(finding, unsafe) or key in refused_keys:
                continue
            if (finding.code, finding.path) in banned:
                continue
            assert finding.fix is not None
            try:
                edits = finding.fix.edits()
            except FixError as exc:
                refused.append((finding, reason(exc)))
                refused_keys.add(key)
                continue
            except RecursionError:  # LibCST renders and visits nodes recursively
                refused.append((finding, msg("the code is too deeply nested to edit")))
                refused_keys.add(key)
                continue
            paths = {path for edit in edits for path in touched(edit)}
            used = {path for _, touched_paths in this.fixes for path in touched_paths}
            if not edits or paths & used:
                continue
            try:
                work.apply(edits)
            except FixError as exc:
                refused.append((finding, reason(exc)))
                refused_keys.add(key)
                continue
            this.fixes.append((finding, paths))
            applied.append(finding)
        if not this.fixes:
            return FixRun(work, applied, refused, findings, converged=True), rounds, baseline
        rounds.append(this)
    final = check(work.overlay())
    return FixRun(work, applied, refused, final, converged=False), rounds, baseline


def _counts(findings: list[Finding], code: str) -> int:
    return sum(
        1 for f in findings if f.code == code and f.severity in PROBLEMS and not f.suppressed
    )


def _new(
    baseline: list[Finding], findings: list[Finding], code: str, renames: dict[str, str]
) -> list[Finding]:
    """The findings of `code` (warnings and errors) that `findings` has and the baseline did
    not: all of them when the code has more findings than before, else none. A finding on a
    renamed file is matched under its old name."""
    if _counts(findings, code) <= _counts(baseline, code):
        return []
    before = {(f.path, f.message) for f in baseline if f.code == code}
    return [
        f
        for f in findings
        if f.code == code
        and f.severity in PROBLEMS
        and not f.suppressed
        and (renames.get(f.path, f.path), f.message) not in before
    ]


def _culprits(
    baseline: list[Finding], rounds: list[_Round], renames: dict[str, str]
) -> list[tuple[Finding, tuple[str, ...]]]:
    """The fixes that caused a warning or error the original project did not have: for each
    new code, the fixes of the first round after which it appeared, narrowed to those that
    touched the file it appeared in when any did."""
    if not rounds:
        return []
    final = rounds[-1].after
    new_codes = sorted(
        {f.code for f in final if f.code not in EXPECTED_AFTER_FIX and f.severity in PROBLEMS}
    )
    blamed: dict[tuple[str, str], tuple[Finding, list[str]]] = {}
    for code in new_codes:
        if not _new(baseline, final, code, renames):
            continue
        for this in rounds:
            appeared = _new(baseline, this.after, code, renames)
            if not appeared:
                continue
            where = {f.path for f in appeared}
            near = [fix for fix in this.fixes if fix[1] & where] or this.fixes
            for finding, _ in near:
                entry = blamed.setdefault((finding.code, finding.path), (finding, []))
                entry[1].append(code)
            break
    return [(finding, tuple(codes)) for finding, codes in blamed.values()]


def reason(error: FixError) -> str:
    """The error's message, kept a Message (translated when reported) when it is one."""
    first = error.args[0] if error.args else None
    return first if isinstance(first, str) else str(error)
