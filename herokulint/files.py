"""Reading project files safely: every byte problem becomes a value, never an exception.

Rules never open files; the project model reads each file once through `FileReader`, which
decodes text the way the platform does (UTF-8; a BOM or UTF-16 is remembered so rules can
report it), refuses binaries, huge files and symlinks that leave the project, and caches
the result.

Every question the model asks of the file system goes through the reader (a file's contents,
whether a path exists or is a folder, a folder's names, a glob, the buildpack's manage.py
search), so a `Recorder` can note each question with a digest of its answer: a run's inputs,
which the cache (`herokulint.cache`) asks again to know whether a stored result still holds.
This module imports no LibCST and nothing of the project model, so that check stays cheap.
"""

from __future__ import annotations

import glob as globbing
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Optional, TypeVar, Union

from .records import frozen

try:  # CPython's built-in BLAKE2: `hashlib` would load OpenSSL too (a few ms every run)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover (other interpreters)
    from hashlib import blake2b

T = TypeVar("T")

# The cache's own folder at the app root: never part of what a run reads.
CACHE_DIR_NAME = ".herokulint_cache"

# The questions a Recorder notes (FileReader methods of the same names).
QUESTIONS = frozenset(
    {"read", "exists", "is_dir", "has_files", "files_below", "names", "glob", "manage_py"}
)

# Folders no Heroku app keeps its own manage.py in; skipping them keeps the walk cheap.
SKIP_DIRS = {".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache"}
MAX_DEPTH = 3  # the buildpack's -maxdepth 3: ./manage.py, a/manage.py, a/b/manage.py

# A settings file of 20,000 lines is ~1 MB; anything far above that is not a config file.
MAX_BYTES = 8 * 1024 * 1024


@frozen
class TextFile:
    """A decoded text file. `text` has the BOM removed and line endings as in the file."""

    relpath: str
    text: str
    bom: bool = False
    encoding: str = "utf-8"
    crlf: bool = False

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()


@frozen
class ReadError:
    """A file that exists but cannot be used as text; `reason` completes "<relpath> ..."."""

    relpath: str
    reason: str


ReadResult = Union[TextFile, ReadError, None]


def decode(relpath: str, data: bytes) -> TextFile | ReadError:
    """Decode bytes as the buildpack would read them; a NUL byte marks a binary file."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return ReadError(
                relpath, "starts with a UTF-16 byte-order mark but is not valid UTF-16"
            )
        return TextFile(relpath, text, bom=True, encoding="utf-16", crlf="\r\n" in text)
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]
    if b"\x00" in data:
        return ReadError(relpath, "is a binary file (it contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return ReadError(
            relpath, f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        )
    return TextFile(relpath, text, bom=bom, crlf="\r\n" in text)


def inside(root: Path, path: Path) -> bool:
    """True when `path`, with every symlink resolved, stays under `root`."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: symlink loop on old Pythons
        return False
    return True


def digest(answer: object) -> str:
    """A short fingerprint of a question's answer (its repr: dataclasses, lists, bools, str)."""
    return blake2b(repr(answer).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class Recorder:
    """The questions a run asked of the file system and git, each with its answer's digest,
    in the order first asked."""

    def __init__(self) -> None:
        self.answers: dict[tuple[str, str], str] = {}

    def note(self, question: str, argument: str, answer: object) -> None:
        self.answers.setdefault((question, argument), digest(answer))

    def ask(self, question: str, argument: str, compute: Callable[[], T]) -> T:
        answer = compute()
        self.note(question, argument, answer)
        return answer


class FileReader:
    """Reads files below one root, each at most once.

    `overlay` replaces files with in-memory versions (None = absent): the fixer checks the
    project as it would be after its edits without writing anything. `recorder`, when given,
    notes every question asked (the cache's inputs).
    """

    def __init__(
        self,
        root: Path,
        overlay: Optional[Mapping[str, Optional[TextFile]]] = None,
        recorder: Optional[Recorder] = None,
    ) -> None:
        self.root = root
        self._resolved_root = root.resolve()
        self._cache: dict[str, ReadResult] = dict(overlay or {})
        self._overlay = frozenset(overlay or ())
        self.recorder = recorder

    def path(self, relpath: str) -> Path:
        return self.root / relpath

    def _asked(self, question: str, argument: str, compute: Callable[[], T]) -> T:
        if self.recorder is None:
            return compute()
        return self.recorder.ask(question, argument, compute)

    def answer(self, question: str, argument: str) -> Any:
        """Asks a recorded question again (the cache checks its inputs this way)."""
        if question not in QUESTIONS:
            raise KeyError(question)
        return self.manage_py() if question == "manage_py" else getattr(self, question)(argument)

    def exists(self, relpath: str) -> bool:
        """A regular file or a symlink to one (inside or not): what the platform would see."""
        if relpath in self._overlay:
            return self._cache[relpath] is not None
        return self._asked("exists", relpath, lambda: os.path.isfile(self.root / relpath))

    def is_dir(self, relpath: str) -> bool:
        if not relpath:
            return True
        return self._asked("is_dir", relpath, lambda: os.path.isdir(self.root / relpath))

    def has_files(self, relpath: str, limit: int = 1000) -> bool:
        """True when the folder holds at least one file (git does not keep empty folders)."""

        def walk() -> bool:
            for seen, (_folder, _dirs, files) in enumerate(os.walk(self.root / relpath)):
                if files or seen > limit:
                    return True  # files, or a tree too big to walk: assume it is not empty
            return False

        return self._asked("has_files", relpath, walk)

    def files_below(self, relpath: str, limit: int = 20) -> list[str]:
        """Up to `limit` files (relpaths) in a folder and its subfolders, in walk order; [] when
        it is no folder. (A recorded question: replayed with the default limit, so another
        limit only makes the cache miss, never hit wrongly.)"""

        def walk() -> list[str]:
            found: list[str] = []
            folder = self.root / relpath
            if not os.path.isdir(folder):
                return found
            for current, dirs, files in os.walk(folder):
                dirs.sort()
                for name in sorted(files):
                    relative = os.path.relpath(os.path.join(current, name), self.root)
                    found.append(relative.replace(os.sep, "/"))
                    if len(found) >= limit:
                        return found
            return found

        return self._asked("files_below", relpath, walk)

    def names(self, relpath: str = "") -> list[str]:
        """The names in a folder (sorted, spelled as the file system does), [] when unreadable;
        the cache's own folder is left out."""

        def listing() -> list[str]:
            try:
                names = os.listdir(self.root / relpath if relpath else self.root)
            except OSError:
                return []
            return sorted(name for name in names if name != CACHE_DIR_NAME)

        return self._asked("names", relpath, listing)

    def glob(self, pattern: str) -> list[str]:
        """The files (relpaths, sorted) an app-relative glob pattern matches."""

        def matches() -> list[str]:
            root = str(self.root)
            found = []
            for path in globbing.glob(os.path.join(root, pattern)):
                if os.path.isfile(path):
                    found.append(os.path.relpath(path, root).replace(os.sep, "/"))
            return sorted(found)

        return self._asked("glob", pattern, matches)

    def manage_py(self) -> Optional[str]:
        """The buildpack's manage.py (see `find_manage_py`)."""
        return self._asked("manage_py", "", lambda: find_manage_py(self.root))

    def read(self, relpath: str) -> ReadResult:
        """The file's text, a ReadError describing why it cannot be used, or None if absent."""
        if relpath not in self._cache:
            self._cache[relpath] = self._read(relpath)
            if self.recorder is not None and relpath not in self._overlay:
                self.recorder.note("read", relpath, self._cache[relpath])
        return self._cache[relpath]

    def _read(self, relpath: str) -> ReadResult:
        path = self.root / relpath
        try:
            if not os.path.lexists(path):
                return None
            if os.path.isdir(path):
                return ReadError(relpath, "is a directory, not a file")
            if not os.path.exists(path):
                return ReadError(relpath, "is a broken symlink")
            if os.path.islink(path) and not inside(self._resolved_root, path):
                return ReadError(relpath, "is a symlink pointing outside the project")
            if not os.path.isfile(path):
                return ReadError(relpath, "is not a regular file")
            size = os.path.getsize(path)
            if size > MAX_BYTES:
                return ReadError(relpath, f"is too large to be a config file ({size:,} bytes)")
            with open(path, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            return ReadError(relpath, f"cannot be read ({exc.strerror or exc})")
        return decode(relpath, data)


def find_manage_py(root: Path) -> Optional[str]:
    """The buildpack's manage.py (relpath, "/"-separated), or None.

    The classic buildpack runs `find . -maxdepth 3 -type f -name manage.py`, sorts by depth and
    takes the first (bin/steps/collectstatic; notes heroku-platform §1c): the shallowest regular
    file, ties broken by path, symlinks not found.
    """
    level = [""]
    for _depth in range(MAX_DEPTH):
        hits: list[str] = []
        below: list[str] = []
        for rel in level:
            try:
                entries = list(os.scandir(root / rel if rel else root))
            except OSError:
                continue
            for entry in entries:
                path = f"{rel}/{entry.name}" if rel else entry.name
                try:
                    if entry.is_symlink():
                        continue
                    if entry.name == "manage.py" and entry.is_file():
                        hits.append(path)
                    elif entry.is_dir() and entry.name not in SKIP_DIRS:
                        below.append(path)
                except OSError:
                    continue
        if hits:
            return sorted(hits)[0]
        level = sorted(below)
    return None
