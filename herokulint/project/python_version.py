"""Reading the requested Python version from `.python-version`, `runtime.txt` and Pipfile.lock.

The grammar and line rules are those of the classic buildpack (heroku-buildpack-python
lib/python_version.sh): a version is `X.Y` or `X.Y.Z` with no leading zeros, `runtime.txt`
additionally needs a `python-` prefix, each line is trimmed, and blank or `#` lines are ignored.
Every irregularity is returned as a `VersionFileProblem`; parsing never raises.

Which file wins also follows the buildpacks. Classic ("cedar"): `runtime.txt`, then
`.python-version`, then (Pipenv apps only) Pipfile.lock's `python_full_version`, then its
`python_version`; `requires-python` is never used. Cloud Native ("fir"): `.python-version` only
(`runtime.txt` is an error there).
"""

from __future__ import annotations

import re
from dataclasses import field
from typing import TYPE_CHECKING, Optional

from herokulint.data import python_versions as data
from herokulint.data.python_versions import DEFAULT_MINOR
from herokulint.project.declared import PythonRequirement
from herokulint.project.files import FileReader, ReadError, TextFile

from ..records import frozen, mutable

if TYPE_CHECKING:
    from herokulint.project.dependencies import Dependencies

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


@frozen
class PythonVersion:
    major: int
    minor: int
    patch: int | None

    def __str__(self) -> str:
        base = f"{self.major}.{self.minor}"
        return base if self.patch is None else f"{base}.{self.patch}"


@frozen
class VersionRequest:
    """The one version a file asks for, and where it is written."""

    version: PythonVersion
    relpath: str
    line: int
    raw: str


@frozen
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


VERSION_FILES = ("runtime.txt", ".python-version")  # the buildpack's precedence order

# Names the classic buildpack refuses ("Your .python-version file is spelled incorrectly"),
# checked before .python-version itself unless runtime.txt exists
# (lib/python_version.sh MISSPELLED_PYTHON_VERSION_FILE_NAMES).
MISSPELLED_VERSION_FILES = (
    " .python-version",
    ". python-version",
    ".python_version.txt",
    ".python_version",
    ".python-version ",
    ",python-version",
    ".python-version.",
    ".python-version.py",
    ".python-version.rtf",
    ".python-version.txt",
    ".python-version.TXT",
    ".Python-version",
    ".python.version",
    ".pythonversion",
    "'.python-version'",
    "python_version.txt",
    "python_version",
    "python-version.",
    "python-version.txt",
    "python-version",
)


@mutable
class PythonVersions:
    """Every place a Python version is requested, what is wrong with each, and which one the
    build uses on the given target."""

    requests: dict[str, VersionRequest] = field(default_factory=dict)  # by file name
    problems: list[VersionFileProblem] = field(default_factory=list)
    unreadable: dict[str, ReadError] = field(default_factory=dict)
    target: str = "cedar"
    misspelled: list[str] = field(default_factory=list)
    requirement: Optional[PythonRequirement] = None  # what the manifest accepts
    manager: Optional[str] = None
    # What each package manager's manifest accepts (requires-python, Poetry's `python`, the
    # Pipfile's [requires]), also when several managers' files are at the root.
    requirements: dict[str, PythonRequirement] = field(default_factory=dict)

    @property
    def order(self) -> tuple[str, ...]:
        if self.target == "fir":
            return (".python-version",)
        return ("runtime.txt", ".python-version", "Pipfile.lock")

    @property
    def effective(self) -> Optional[VersionRequest]:
        """The version the build uses: runtime.txt, then .python-version, then Pipfile.lock.
        With several package managers (a failing build, HK202), Pipfile.lock's version is the
        one the Pipenv build uses once the others are deleted, so it counts too."""
        for name in self.order:
            if name in self.requests:
                return self.requests[name]
        return None

    def effective_for(self, manager: str) -> Optional[VersionRequest]:
        """The version the build uses when `manager` is the app's only package manager."""
        for name in self.order:
            if name == "Pipfile.lock" and manager != "pipenv":
                continue
            if name in self.requests:
                return self.requests[name]
        return None

    @property
    def declared(self) -> bool:
        """True when some file the target reads names a version (even one it cannot parse)."""
        return any(
            name in self.requests
            or name in self.unreadable
            or any(p.relpath == name for p in self.problems)
            for name in self.order
        )

    def full_version(self, request: VersionRequest) -> Optional[str]:
        """`X.Y.Z` the build installs for a request: its own patch, or the newest known."""
        version = request.version
        if version.patch is not None:
            return str(version)
        patch = data.latest_patch(version.major, version.minor, self.target)
        return None if patch is None else f"{version.major}.{version.minor}.{patch}"


def pipfile_lock_request(
    lock_versions: dict[str, tuple[str, int]],
) -> tuple[Optional[VersionRequest], tuple[VersionFileProblem, ...]]:
    """The version a Pipfile.lock requests (`python_full_version` wins over `python_version`)."""
    for key in ("python_full_version", "python_version"):
        if key not in lock_versions:
            continue
        raw, line = lock_versions[key]
        version = parse_pipfile_lock_version(raw)
        if version is None:
            message = (
                f'Pipfile.lock\'s {key} is "{_visible(raw)}", which the build rejects ("Invalid '
                f'Python version in Pipfile.lock"); set `python_version = "{_DEFAULT}"` under '
                "[requires] in the Pipfile and run `pipenv lock`."
            )
            return None, (VersionFileProblem("Pipfile.lock", line, "invalid", message),)
        return VersionRequest(version, "Pipfile.lock", line, raw), ()
    return None, ()


def read_python_versions(
    files: FileReader,
    target: str,
    dependencies: Optional[Dependencies] = None,
    by_manager: Optional[dict[str, Dependencies]] = None,
) -> PythonVersions:
    versions = PythonVersions(target=target)
    for name in VERSION_FILES:
        read = files.read(name)
        if read is None:
            continue
        if isinstance(read, ReadError):
            versions.unreadable[name] = read
            continue
        request, problems = parse_version_file(read)
        if request is not None:
            versions.requests[name] = request
        versions.problems.extend(problems)
    versions.misspelled = [name for name in MISSPELLED_VERSION_FILES if files.exists(name)]
    if dependencies is not None:
        versions.manager = dependencies.manager
        versions.requirement = dependencies.python
        for name, deps in (by_manager or {}).items():
            if deps.python is not None:
                versions.requirements[name] = deps.python
        # Pipfile.lock's version counts whenever Pipenv is one of the managers at the root:
        # alone, or beside others (the build stops there, and keeping the lock keeps it).
        pipenv = (by_manager or {}).get("pipenv")
        if dependencies.manager == "pipenv":
            pipenv = dependencies
        lock = pipenv.pipfile_lock if pipenv is not None else None
        if target == "cedar" and lock is not None:
            found = {
                key: value
                for key, value in (
                    ("python_full_version", lock.python_full_version),
                    ("python_version", lock.python_version),
                )
                if value is not None
            }
            request, problems = pipfile_lock_request(found)
            if request is not None:
                versions.requests["Pipfile.lock"] = request
            versions.problems.extend(problems)
    return versions
