"""Reading the requested Python version from `.python-version`, `runtime.txt` and Pipfile.lock.

The grammar and line rules are those of the classic buildpack (heroku-buildpack-python
lib/python_version.sh): a version is `X.Y` or `X.Y.Z` with no leading zeros, `runtime.txt`
additionally needs a `python-` prefix, each line is trimmed, and blank or `#` lines are ignored.
Every irregularity is returned as a `VersionFileProblem`; parsing never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from herokulint.data.python_versions import DEFAULT_MINOR
from herokulint.project.files import TextFile

# No leading zeros: the buildpack's integer pattern is `0` or a non-zero digit followed by digits,
# so `3.09` fails there (lib/python_version.sh). `[0-9]` rather than `\d` keeps out other scripts.
_INT = r"(0|[1-9][0-9]*)"
_VERSION = rf"{_INT}\.{_INT}(?:\.{_INT})?"
_PYTHON_VERSION_LINE = re.compile(_VERSION)
_RUNTIME_TXT_LINE = re.compile(rf"python-{_VERSION}")

# The buildpack trims lines with sed's `[[:space:]]` under the C.UTF-8 locale
# (lib/python_version.sh, read_trimmed_version_lines). glibc's space class there is narrower than
# `str.isspace()`: it leaves out the no-break spaces (U+00A0, U+2007, U+202F), NEL (U+0085) and
# the ASCII separators U+001C-U+001F, so a line padded with an NBSP is rejected by the build.
_SPACE = "\t\n\v\f\r \u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a" + (
    "\u2028\u2029\u205f\u3000"
)

_MAX_LENGTH = 100
_DEFAULT = f"{DEFAULT_MINOR[0]}.{DEFAULT_MINOR[1]}"


@dataclass(frozen=True)
class PythonVersion:
    major: int
    minor: int
    patch: int | None

    def __str__(self) -> str:
        base = f"{self.major}.{self.minor}"
        return base if self.patch is None else f"{base}.{self.patch}"


@dataclass(frozen=True)
class VersionRequest:
    """The one version a file asks for, and where it is written."""

    version: PythonVersion
    relpath: str
    line: int
    raw: str


@dataclass(frozen=True)
class VersionFileProblem:
    """Why a version file would fail the build; `kind` is encoding, empty, multiple or invalid."""

    relpath: str
    line: int
    kind: str
    message: str


def _parse(text: str, runtime_txt: bool) -> PythonVersion | None:
    pattern = _RUNTIME_TXT_LINE if runtime_txt else _PYTHON_VERSION_LINE
    match = pattern.fullmatch(text)
    # Absurdly long numbers are refused up front: newer Pythons raise on converting them.
    if match is None or len(text) > _MAX_LENGTH:
        return None
    patch = None if match.group(3) is None else int(match.group(3))
    return PythonVersion(int(match.group(1)), int(match.group(2)), patch)


def parse_pipfile_lock_version(value: str) -> PythonVersion | None:
    """The version in a Pipfile.lock `python_version`/`python_full_version` value, else None.

    None means the build rejects the value; the buildpack matches the raw string, untrimmed
    (lib/python_version.sh).
    """
    if not isinstance(value, str):
        return None
    return _parse(value, runtime_txt=False)


def _visible(line: str) -> str:
    """The line with invisible and control characters spelled out, so the user can find them."""
    return "".join(char if _plain(char) else f"\\u{ord(char):04x}" for char in line)


def _plain(char: str) -> bool:
    return char == "\t" or (char.isascii() and char.isprintable())


def _invalid_message(relpath: str, line: str, runtime_txt: bool) -> str:
    example = f"python-{_DEFAULT}" if runtime_txt else _DEFAULT
    if "#" in line:
        advice = "comments must be on their own line starting with '#'"
    elif not all(_plain(char) for char in line):
        advice = "remove the invisible or non-ASCII characters"
    elif line.startswith(("'", '"')):
        advice = "don't include quotes"
    elif runtime_txt and not line.startswith("python-"):
        advice = "runtime.txt needs the 'python-' prefix"
    elif not runtime_txt and line.lower().startswith("python"):
        advice = "don't include a 'python-' prefix"
    else:
        advice = "wildcards, ranges, pre-releases and a bare major version aren't accepted"
    return (
        f'{relpath} must contain a version like "{example}" but has "{_visible(line)}"; {advice}.'
    )


def _encoding_problem(file: TextFile) -> VersionFileProblem | None:
    if file.encoding != "utf-8":
        saved_as = file.encoding.upper()
    elif file.bom:
        saved_as = "UTF-8 with a byte-order mark (BOM)"
    else:
        return None
    return VersionFileProblem(
        file.relpath,
        1,
        "encoding",
        f"{file.relpath} is saved as {saved_as}, which the build cannot read; "
        "save it as UTF-8 without a BOM.",
    )


def _basename(relpath: str) -> str:
    return relpath.replace("\\", "/").rsplit("/", 1)[-1]


def parse_version_file(
    file: TextFile,
) -> tuple[VersionRequest | None, tuple[VersionFileProblem, ...]]:
    """The version a `.python-version` or `runtime.txt` file requests, and what is wrong with it.

    The request is returned whenever exactly one well-formed version line exists, even when the
    file also has an encoding problem, so later checks still know the intended version.
    """
    relpath = file.relpath
    runtime_txt = _basename(relpath) == "runtime.txt"
    problems: list[VersionFileProblem] = []
    encoding = _encoding_problem(file)
    if encoding is not None:
        problems.append(encoding)

    # Lines are split on LF only (a CR is trimmed as whitespace), as sed reads them.
    entries: list[tuple[int, str]] = []
    for number, raw_line in enumerate(file.text.split("\n"), start=1):
        line = raw_line.strip(_SPACE)
        if line and not line.startswith("#"):
            entries.append((number, line))

    example = f"python-{_DEFAULT}" if runtime_txt else _DEFAULT
    versions: list[tuple[int, str, PythonVersion]] = []
    # The buildpack checks every line's format before counting them, so one malformed line among
    # several is reported as invalid rather than as "multiple" (lib/python_version.sh).
    for number, line in entries:
        version = _parse(line, runtime_txt)
        if version is None:
            message = _invalid_message(relpath, line, runtime_txt)
            problems.append(VersionFileProblem(relpath, number, "invalid", message))
            return None, tuple(problems)
        versions.append((number, line, version))

    if not versions:
        message = (
            f'{relpath} has no version line; add one such as "{example}" '
            "on a line that doesn't start with '#'."
        )
        problems.append(VersionFileProblem(relpath, 1, "empty", message))
        return None, tuple(problems)
    if len(versions) > 1:
        listed = ", ".join(f'"{line}" (line {number})' for number, line, _ in versions)
        message = (
            f"{relpath} names more than one version ({listed}); keep exactly one, "
            f"such as \"{example}\", and start any other lines with '#'."
        )
        problems.append(VersionFileProblem(relpath, versions[1][0], "multiple", message))
        return None, tuple(problems)

    number, line, version = versions[0]
    return VersionRequest(version, relpath, number, line), tuple(problems)
