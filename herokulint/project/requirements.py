"""pip requirements files: what `pip install -r requirements.txt` would install, and what fails.

`parse_requirements` follows pip's own reader (pip/_internal/req/req_file.py): physical lines
are joined at a trailing backslash, comments (`#` at the start or after whitespace) removed,
each line split into a requirement part and options, `-r`/`-c` includes followed relative to
the including file. Requirements are read like pip's req/constructors.py: URLs and VCS links
(name from `#egg=`), local paths, editables, and PEP 508 strings through `packaging`.
Every problem pip would stop the build on (Heroku: "Error: Unable to install dependencies
using pip.") is returned as a `RequirementsProblem`.
"""

from __future__ import annotations

import posixpath
import re
import shlex
import urllib.parse
from collections.abc import Callable
from dataclasses import field
from typing import TYPE_CHECKING, NoReturn

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from ..records import frozen, mutable
from .files import FileReader, ReadError

if TYPE_CHECKING:
    import optparse

    from packaging.requirements import Requirement as Pep508

# pip req_file.py COMMENT_RE: a `#` at the line start or after whitespace starts a comment.
COMMENT_RE = re.compile(r"(^|\s+)#.*$")
# pip req_file.py SCHEME_RE: includes with these schemes are fetched, not joined as paths.
SCHEME_RE = re.compile(r"^(http|https|file):", re.I)
# pip req_file.py ENV_VAR_RE: only `${NAME}` with upper-case letters, digits and `_` is expanded.
ENV_VAR_RE = re.compile(r"\$\{[A-Z0-9_]+\}")
# pip models/link.py: the `#egg=` fragment names an otherwise unnamed URL requirement.
EGG_RE = re.compile(r"[#&]egg=([^&]*)")
# pip req/constructors.py _strip_extras: `path[extra1,extra2]`.
EXTRAS_RE = re.compile(r"^(.+)(\[[^\]]+\])$")
# The common line, `name[extra,...]==1.2` with release numbers only and no spaces, which
# `simple_requirement` reads without packaging.requirements (its import, with
# packaging.markers and packaging.tags, costs ~8 ms of start-up).
_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
_CLAUSE = r"(?:==|!=|<=|>=|~=|<|>)[0-9]+(?:\.[0-9]+)*(?:\.\*)?"
SIMPLE_RE = re.compile(
    rf"(?P<name>{_NAME})(?:\[(?P<extras>{_NAME}(?:,{_NAME})*)\])?"
    rf"(?P<specifier>{_CLAUSE}(?:,{_CLAUSE})*)?"
)
VCS = ("git", "hg", "svn", "bzr")
# pip vcs/*.py `schemes` for each backend.
VCS_SCHEMES = frozenset(
    {
        "git+http",
        "git+https",
        "git+ssh",
        "git+git",
        "git+file",
        "hg+file",
        "hg+http",
        "hg+https",
        "hg+ssh",
        "hg+static-http",
        "svn+ssh",
        "svn+http",
        "svn+https",
        "svn+svn",
        "svn+file",
        "bzr+http",
        "bzr+https",
        "bzr+ssh",
        "bzr+sftp",
        "bzr+ftp",
        "bzr+lp",
        "bzr+file",
    }
)
# pip vcs/versioncontrol.py is_url: these schemes (and the VCS ones) make a line a URL.
URL_SCHEMES = frozenset({"http", "https", "file", "ftp", "git", "svn"}) | VCS_SCHEMES
# pip utils/filetypes.py ARCHIVE_EXTENSIONS.
ARCHIVES: tuple[str, ...] = (
    ".whl",
    ".zip",
    ".tar.gz",
    ".tgz",
    ".tar",
    ".tar.bz2",
    ".tbz",
    ".tar.xz",
    ".txz",
    ".tlz",
    ".tar.lz",
    ".tar.lzma",
)
# Include chains deeper than this are not real projects; stops recursion before Python's limit.
MAX_DEPTH = 64
# packaging Specifier operators, for pip's "= is not a valid operator" hint.
OPERATORS = ("~=", "==", "!=", "<=", ">=", "<", ">", "===")


@frozen
class Requirement:
    name: str  # canonical (packaging.utils.canonicalize_name); "" for an unnamed URL or path
    raw: str  # the logical line as written: continuations joined, comment removed
    specifier: str
    extras: tuple[str, ...]
    marker: str | None
    url: str | None
    editable: bool
    relpath: str
    line: int


_Make = Callable[..., Requirement]


@frozen
class RequirementsProblem:
    relpath: str
    line: int
    message: str


@frozen
class RequirementsSet:
    files: tuple[str, ...]
    requirements: tuple[Requirement, ...]
    constraints: tuple[Requirement, ...]
    problems: tuple[RequirementsProblem, ...]
    # True when some content was not read (an include that is missing, remote, outside the
    # project, too deep or unreadable): "not declared" cannot then be concluded.
    partial: bool = False

    def find(self, name: str) -> Requirement | None:
        """The first requirement (not constraint) declaring that distribution."""
        wanted = canonicalize_name(name)
        if not wanted:
            return None
        for requirement in self.requirements:
            if requirement.name == wanted:
                return requirement
        return None


def strip_comment(line: str) -> str:
    """`COMMENT_RE.sub("", line)` for one line, in linear time: the regex retries `\\s+` from
    every position of a long run of spaces (seconds for 50,000 of them)."""
    start = line.find("#")
    while start > 0 and not line[start - 1].isspace():
        start = line.find("#", start + 1)
    return line if start < 0 else line[:start].rstrip()


def logical_lines(text: str) -> list[tuple[int, str]]:
    """pip's preprocess() minus environment expansion: (first line number, line) pairs."""
    joined: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        # pip join_lines: a comment line never continues, and ends a pending continuation.
        is_comment = COMMENT_RE.match(line) is not None
        if not line.endswith("\\") or is_comment:
            if is_comment:
                line = " " + line
            if pending:
                pending.append(line)
                joined.append((start, "".join(pending)))
                pending = []
            else:
                joined.append((number, line))
        else:
            if not pending:
                start = number
            pending.append(line.strip("\\"))
    if pending:
        joined.append((start, "".join(pending)))
    result = []
    for number, line in joined:
        line = strip_comment(line).strip()
        if line:
            result.append((number, line))
    return result


def break_args_options(line: str) -> tuple[str, str]:
    """pip req_file.break_args_options: words before the first `-word` are the requirement."""
    tokens = line.split(" ")
    for index, token in enumerate(tokens):
        if token.startswith("-"):
            return " ".join(tokens[:index]), " ".join(tokens[index:])
    return line, ""


class _OptionError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _build_parser() -> optparse.OptionParser:
    import optparse  # with textwrap and locale ~2 ms of start-up: only lines with options need it

    class Parser(optparse.OptionParser):
        """optparse as pip uses it, raising instead of printing usage and exiting."""

        def error(self, msg: str) -> NoReturn:
            raise _OptionError(msg)

        def exit(self, status: int = 0, msg: str | None = None) -> NoReturn:
            raise _OptionError(msg or "invalid option")

    # pip req_file.py SUPPORTED_OPTIONS + SUPPORTED_OPTIONS_REQ (flags: pip cli/cmdoptions.py).
    parser = Parser(add_help_option=False)
    values = (
        ("index_url", "store", ("-i", "--index-url", "--pypi-url")),
        ("extra_index_urls", "append", ("--extra-index-url",)),
        ("constraints", "append", ("-c", "--constraint")),
        ("requirements", "append", ("-r", "--requirement")),
        ("editables", "append", ("-e", "--editable")),
        ("find_links", "append", ("-f", "--find-links")),
        ("no_binary", "append", ("--no-binary",)),
        ("only_binary", "append", ("--only-binary",)),
        ("trusted_hosts", "append", ("--trusted-host",)),
        ("features_enabled", "append", ("--use-feature",)),
        ("global_options", "append", ("--global-option",)),
        ("hashes", "append", ("--hash",)),
        ("config_settings", "append", ("-C", "--config-settings")),
    )
    for dest, action, names in values:
        parser.add_option(*names, dest=dest, action=action)
    for dest, name in (
        ("no_index", "--no-index"),
        ("prefer_binary", "--prefer-binary"),
        ("require_hashes", "--require-hashes"),
        ("pre", "--pre"),
    ):
        parser.add_option(name, dest=dest, action="store_true", default=False)
    return parser


def parse_options(options: str) -> optparse.Values | str:
    """The options part of a line, or pip's complaint about it."""
    try:
        words = shlex.split(options)
    except ValueError:
        return f"Could not split options: {options}"
    try:
        values, _ = _build_parser().parse_args(words)
    except _OptionError as exc:
        return exc.message
    return values


def _is_url(text: str) -> bool:
    """pip vcs/versioncontrol.py is_url."""
    scheme, colon, _ = text.partition(":")
    return bool(colon) and scheme.lower() in URL_SCHEMES


def _looks_like_path(text: str) -> bool:
    """pip req/constructors.py _looks_like_path (POSIX: the build runs on Linux)."""
    return "/" in text or text.startswith(".")


def _is_archive(text: str) -> bool:
    return text.lower().endswith(ARCHIVES)


def canonicalize_name(name: str) -> str:
    """A distribution name in PEP 503's normal form, exactly as packaging.utils gives it
    (`Django` -> `django`, `dj_database.url` -> `dj-database-url`)."""
    value = name.lower().replace("_", "-").replace(".", "-")
    while "--" in value:
        value = value.replace("--", "-")
    return value


def simple_requirement(text: str) -> tuple[str, str, tuple[str, ...]] | None:
    """(name, specifier as written, sorted extras) of a line in `SIMPLE_RE`'s form, what
    packaging's PEP 508 parser reads from it; None for any other line or a specifier that
    packaging refuses (it words the error)."""
    match = SIMPLE_RE.fullmatch(text)
    if match is None:
        return None
    specifier = match["specifier"] or ""
    try:
        SpecifierSet(specifier)
    except InvalidSpecifier:
        return None
    extras = tuple(sorted(set(match["extras"].split(",")))) if match["extras"] else ()
    return match["name"], specifier, extras


def _egg_name(url: str) -> str:
    match = EGG_RE.search(url)
    if match is None:
        return ""
    return canonicalize_name(EXTRAS_RE.sub(r"\1", match.group(1)).strip())


def _wheel(path: str) -> tuple[str, str] | None:
    """Name and `==version` from a wheel file name, as pip pins a direct wheel."""
    filename = posixpath.basename(_split_url(path)[2] if "://" in path else path)
    if not filename.lower().endswith(".whl"):
        return None
    from packaging.utils import parse_wheel_filename  # imports packaging.tags: only for wheels

    try:
        name, version, _, _ = parse_wheel_filename(filename)
    except ValueError:  # InvalidWheelFilename, InvalidVersion
        return None
    return str(name), f"=={version}"


def _split_url(url: str) -> tuple[str, str, str]:
    """Scheme, netloc and unquoted path; urlsplit raises on a malformed `[ipv6]` host."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return "", "", ""
    return parts.scheme.lower(), parts.netloc, urllib.parse.unquote(parts.path)


def _extras(text: str) -> tuple[str, tuple[str, ...]]:
    match = EXTRAS_RE.match(text)
    if match is None:
        return text, ()
    inner = match.group(2)[1:-1]
    return match.group(1), tuple(sorted(e.strip() for e in inner.split(",") if e.strip()))


@mutable
class _Found:
    """What one requirement line turned into: a requirement, or problems (or both)."""

    requirement: Requirement | None = None
    problems: list[str] = field(default_factory=list)


class _Walker:
    def __init__(self, reader: FileReader) -> None:
        self.reader = reader
        self.files: list[str] = []
        self.requirements: list[Requirement] = []
        self.constraints: list[Requirement] = []
        self.problems: list[RequirementsProblem] = []
        self.stack: list[str] = []
        self.done: set[tuple[str, bool]] = set()
        self.partial = False

    def problem(self, relpath: str, line: int, message: str, *, unread: bool = False) -> None:
        self.problems.append(RequirementsProblem(relpath, line, message))
        self.partial = self.partial or unread

    def walk(self, relpath: str, constraint: bool) -> None:
        self.done.add((relpath, constraint))
        result = self.reader.read(relpath)
        if result is None:
            return
        if relpath not in self.files:
            self.files.append(relpath)
        if isinstance(result, ReadError):
            self.problem(relpath, 1, f"{relpath} {result.reason}; pip cannot read it.", unread=True)
            return
        self.stack.append(relpath)
        for number, line in logical_lines(result.text):
            self.line(relpath, number, line, constraint)
        self.stack.pop()

    def line(self, relpath: str, number: int, line: str, constraint: bool) -> None:
        args, option_text = break_args_options(line)
        options = parse_options(option_text) if option_text else None
        if isinstance(options, str):
            self.problem(relpath, number, f"Invalid requirement: {line!r}: {options}.")
            return
        if args:
            found = self.requirement(args, False, line, relpath, number)
        elif options is not None and options.editables:
            found = self.requirement(options.editables[0], True, line, relpath, number)
        else:
            if options is not None and (options.requirements or options.constraints):
                # pip _parse_and_recurse: `-r` wins over `-c`, and a `-r` inside a constraints
                # file still adds requirements.
                nested = not options.requirements
                target = (options.requirements or options.constraints)[0]
                self.include(relpath, number, target, nested)
            return
        for message in found.problems:
            self.problem(relpath, number, message)
        if found.requirement is None:
            return
        if constraint:
            self.constraint(found.requirement)
        else:
            self.requirements.append(found.requirement)

    def constraint(self, requirement: Requirement) -> None:
        # pip resolution/resolvelib/resolver.py raises check_invalid_constraint_type's reason.
        if not requirement.name:
            reason = "Unnamed requirements are not allowed as constraints"
        elif requirement.editable:
            reason = "Editable requirements are not allowed as constraints"
        elif requirement.extras:
            reason = "Constraints cannot have extras"
        else:
            self.constraints.append(requirement)
            return
        self.problem(
            requirement.relpath,
            requirement.line,
            f"{reason}: {requirement.raw!r}. Move it to a requirements file (`-r`).",
        )

    def include(self, relpath: str, number: int, target: str, constraint: bool) -> None:
        flag = "-c" if constraint else "-r"
        if SCHEME_RE.match(target) or ENV_VAR_RE.search(target):
            self.partial = True  # fetched or expanded at install time: nothing to read here
            return
        if target.startswith("/"):
            self.problem(
                relpath,
                number,
                f"`{flag} {target}` is an absolute path, which does not exist on Heroku's build "
                f"dyno. Use a path relative to {relpath}.",
                unread=True,
            )
            return
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(relpath), target))
        if joined == ".." or joined.startswith("../"):
            self.problem(
                relpath,
                number,
                f"`{flag} {target}` points outside the project, which is all Heroku receives. "
                f"Move the file into the project.",
                unread=True,
            )
            return
        if joined in self.stack:
            chain = " → ".join([*self.stack[self.stack.index(joined) :], joined])
            self.problem(
                relpath,
                number,
                f"`{flag} {target}` includes a file that is already being read ({chain}); "
                f"pip cannot install from a cycle of includes. Remove this line.",
                unread=False,
            )
            return
        if (joined, constraint) in self.done:
            return
        if len(self.stack) >= MAX_DEPTH:
            self.problem(
                relpath,
                number,
                f"`{flag} {target}` nests includes more than {MAX_DEPTH} files deep; "
                f"flatten the includes.",
                unread=True,
            )
            return
        if self.reader.read(joined) is None:
            hint = f"; `{flag}={target[1:]}` passes '{target}', write `{flag} {target[1:]}`"
            # pip's own wording (req_file.py get_file_content re-raises the OSError).
            self.problem(
                relpath,
                number,
                f"Could not open requirements file: [Errno 2] No such file or directory: "
                f"{joined!r} (from `{flag} {target}`, relative to {relpath}'s folder"
                f"{hint if target.startswith('=') else ''}). Fix the path or add the file.",
                unread=True,
            )
            return
        self.walk(joined, constraint)

    def requirement(self, text: str, editable: bool, raw: str, relpath: str, number: int) -> _Found:
        def make(
            name: str,
            specifier: str = "",
            extras: tuple[str, ...] = (),
            marker: str | None = None,
            url: str | None = None,
        ) -> Requirement:
            return Requirement(name, raw, specifier, extras, marker, url, editable, relpath, number)

        if editable:
            return self.editable(text, make)
        # pip parse_req_from_line: URLs keep `;` unless followed by a space.
        separator = "; " if _is_url(text) else ";"
        marker: str | None = None
        body = text
        if _is_url(text) or self.is_local(text):
            if separator in text:
                body, marker_text = text.split(separator, 1)
                marker = marker_text.strip() or None
                if marker is not None:
                    from packaging.markers import Marker  # see SIMPLE_RE: a costly import

                    try:
                        Marker(marker)
                    except ValueError as exc:  # InvalidMarker
                        return _Found(None, [f"Invalid marker: {marker!r}: {_first_line(exc)}."])
            body = body.strip()
        if _is_url(body):
            wheel = _wheel(body)
            name, specifier = wheel if wheel else (_egg_name(body), "")
            found = _Found(make(canonicalize_name(name), specifier, (), marker, body))
            found.problems.extend(self.file_url_problems(body))
            return found
        if self.is_local(body):
            path, extras = _extras(body)
            wheel = _wheel(path)
            name, specifier = wheel if wheel else ("", "")
            found = _Found(make(canonicalize_name(name), specifier, extras, marker, path))
            found.problems.extend(self.path_problems(path, text))
            return found
        return self.pep508(text, make)

    def is_local(self, text: str) -> bool:
        """pip _get_url_from_path: a path or archive, unless it is `name @ url` (PEP 508)."""
        text = text.split(";", 1)[0].strip()
        if not (_looks_like_path(text) or _is_archive(text)):
            return False
        before, at, _ = text.partition("@")
        return not (at and not _looks_like_path(before))

    def editable(self, text: str, make: _Make) -> _Found:
        """pip req/constructors.py parse_editable."""
        path, extras = _extras(text)
        if path.lower().startswith("file:"):
            found = _Found(make(_egg_name(path), "", extras, None, path))
            found.problems.extend(self.file_url_problems(path))
            return found
        url = text
        for vcs in VCS:
            if url.lower().startswith(f"{vcs}:"):
                url = f"{vcs}+{url}"
                break
        scheme = url.partition(":")[0].lower()
        if scheme in VCS_SCHEMES:
            name = _egg_name(url)
            if not name:
                return _Found(
                    None,
                    [
                        f"Could not detect requirement name for '{text}', please specify one "
                        f"with #egg=your_package_name."
                    ],
                )
            return _Found(make(name, "", (), None, url))
        if "://" in text or _is_url(text):
            return _Found(
                None,
                [
                    f"{text} is not a valid editable requirement. It should either be a path to "
                    f"a local project or a VCS URL (beginning with git+, hg+, svn+ or bzr+)."
                ],
            )
        found = _Found(make("", "", extras, None, path))
        found.problems.extend(self.path_problems(path, f"-e {text}"))
        return found

    def file_url_problems(self, url: str) -> list[str]:
        scheme, netloc, path = _split_url(url)
        if scheme != "file":
            return []
        if netloc or path.startswith("/"):
            return [
                f"{url!r} points to an absolute path on this machine, which does not exist on "
                f"Heroku's build dyno. Use a path relative to the project root, like `./pkg`."
            ]
        return self.path_problems(path, url)

    def path_problems(self, path: str, written: str) -> list[str]:
        """Why pip could not install the local path `path`; it must stay inside the project."""
        if ENV_VAR_RE.search(path):
            return []
        if path.startswith("/"):
            return [
                f"{written!r} points to an absolute path on this machine, which does not exist "
                f"on Heroku's build dyno. Use a path relative to the project root, like `./pkg`."
            ]
        # pip resolves requirement paths against its working directory, the project root on
        # Heroku (the buildpack runs `pip install -r requirements.txt` there), not the file.
        relative = posixpath.normpath(path)
        if relative == ".." or relative.startswith("../"):
            return [
                f"{written!r} points outside the project, which is all Heroku receives. "
                f"Move the package into the project or install it from a VCS URL."
            ]
        where = "(the path is relative to the project root, where pip runs)"
        if _is_archive(relative):
            if self.reader.exists(relative):
                return []
            return [f"{written!r} names the file {path!r}, which is not in the project {where}."]
        found = self.reader.read(relative) if not self.reader.exists(relative) else None
        if found is None:
            if self.reader.exists(relative):
                # pip _get_url_from_path: only folders and archives install; any other file
                # falls through to "Invalid requirement … It looks like a path."
                return [
                    f"{written!r} names the file {path!r}, not a project folder; pip cannot "
                    f"install it. To include a requirements file write `-r {path}`."
                ]
            return [f"{written!r} names {path!r}, which is not in the project {where}."]
        if not (isinstance(found, ReadError) and found.reason.startswith("is a directory")):
            return [f"{written!r} names {path!r}, which is not a folder {where}."]
        # pip is_installable_dir: a folder needs pyproject.toml or setup.py.
        if any(
            self.reader.exists(posixpath.join(relative, marker))
            for marker in ("pyproject.toml", "setup.py")
        ):
            return []
        return [
            f"Directory {path!r} is not installable. Neither 'setup.py' nor 'pyproject.toml' "
            f"found. Add one, or remove {written!r}."
        ]

    def pep508(self, text: str, make: _Make) -> _Found:
        # `${VAR}` is expanded by pip at install time; parse with digits in its place, which
        # are valid in names, versions and URLs alike, then put the reference back.
        slots: dict[str, str] = {}

        def hold(match: re.Match[str]) -> str:
            slot = f"8314159{len(slots)}8"
            slots[slot] = match.group(0)
            return slot

        held = ENV_VAR_RE.sub(hold, text)

        def back(value: str) -> str:
            for slot, reference in slots.items():
                value = value.replace(slot, reference)
            return value

        simple = simple_requirement(held)
        if simple is not None:
            name, specifier, extras = simple
            return _Found(make(back(canonicalize_name(name)), back(specifier), extras))
        from packaging.requirements import Requirement as Pep508  # see SIMPLE_RE

        try:
            parsed = Pep508(held)
        except ValueError as exc:  # InvalidRequirement, or any other packaging complaint
            message = f"Invalid requirement: {text!r}: {_first_line(exc)}."
            if "/" in text:
                message += " Hint: It looks like a path."
            elif "=" in text and not any(op in text for op in OPERATORS):
                message += " Hint: = is not a valid operator. Did you mean == ?"
            return _Found(None, [message])
        marker = back(str(parsed.marker)) if parsed.marker is not None else None
        url = back(parsed.url) if parsed.url else None
        found = _Found(
            make(
                back(canonicalize_name(parsed.name)),
                back(_written_specifier(held, parsed)),
                tuple(sorted(parsed.extras)),
                marker,
                url,
            )
        )
        if url is not None:
            found.problems.extend(self.file_url_problems(url))
        return found


def _written_specifier(text: str, parsed: Pep508) -> str:
    """The version specifier in the order written (packaging's str() sorts the clauses)."""
    normal = str(parsed.specifier)
    if not normal:
        return ""
    match = re.match(r"\s*[A-Za-z0-9._-]+\s*(\[[^\]]*\])?\s*\(?([^;()]*)\)?", text)
    if match is not None:
        candidate = re.sub(r"\s+", "", match.group(2))
        try:
            if SpecifierSet(candidate) == parsed.specifier:
                return candidate
        except InvalidSpecifier:
            pass
    return normal


def _first_line(exc: Exception) -> str:
    lines = str(exc).splitlines()
    return lines[0] if lines else type(exc).__name__


def parse_requirements(reader: FileReader, relpath: str = "requirements.txt") -> RequirementsSet:
    """Everything pip reads from `relpath` and its includes; an absent file gives an empty set."""
    walker = _Walker(reader)
    walker.walk(posixpath.normpath(relpath), False)
    return RequirementsSet(
        tuple(walker.files),
        tuple(walker.requirements),
        tuple(walker.constraints),
        tuple(walker.problems),
        walker.partial,
    )
