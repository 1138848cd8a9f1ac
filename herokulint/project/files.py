"""Reading project files: the reader lives in `herokulint.files`, outside this package, so the
cache can check a run's inputs without importing the project model (and LibCST)."""

from ..files import MAX_BYTES, FileReader, ReadError, ReadResult, TextFile, decode, inside

__all__ = ["MAX_BYTES", "FileReader", "ReadError", "ReadResult", "TextFile", "decode", "inside"]
