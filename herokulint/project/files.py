"""Reading project files safely: every byte problem becomes a value, never an exception.

Rules never open files; the project model reads each file once through `FileReader`, which
decodes text the way the platform does (UTF-8; a BOM or UTF-16 is remembered so rules can
report it), refuses binaries, huge files and symlinks that leave the project, and caches
the result.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

# A settings file of 20,000 lines is ~1 MB; anything far above that is not a config file.
MAX_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


class FileReader:
    """Reads files below one root, each at most once.

    `overlay` replaces files with in-memory versions (None = absent): the fixer checks the
    project as it would be after its edits without writing anything.
    """

    def __init__(
        self, root: Path, overlay: Optional[Mapping[str, Optional[TextFile]]] = None
    ) -> None:
        self.root = root
        self._resolved_root = root.resolve()
        self._cache: dict[str, ReadResult] = dict(overlay or {})
        self._overlay = frozenset(overlay or ())

    def path(self, relpath: str) -> Path:
        return self.root / relpath

    def exists(self, relpath: str) -> bool:
        """A regular file or a symlink to one (inside or not): what the platform would see."""
        if relpath in self._overlay:
            return self._cache[relpath] is not None
        return os.path.isfile(self.root / relpath)

    def read(self, relpath: str) -> ReadResult:
        """The file's text, a ReadError describing why it cannot be used, or None if absent."""
        if relpath not in self._cache:
            self._cache[relpath] = self._read(relpath)
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
