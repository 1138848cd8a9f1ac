"""`Pipfile` (TOML) and `Pipfile.lock` (JSON) as Pipenv and the classic buildpack read them.

Heroku runs `pipenv install --deploy` (lib/pipenv.sh): it installs the lock's `default` section
(the `[packages]` of the Pipfile and everything they need) and aborts when the lock's
`_meta.hash.sha256` is not the hash of the current Pipfile ("Your Pipfile.lock (…) is out of
date."). The buildpack also reads the Python version from the lock's
`_meta.requires.python_full_version`, else `python_version` (lib/python_version.sh).
"""

from __future__ import annotations

import json
import re
from dataclasses import field
from typing import Any, Optional

from packaging.utils import canonicalize_name

from ..i18n import msg
from ..records import mutable
from .declared import MAIN, Dependency, LockedPackage, ManifestProblem, PythonRequirement
from .files import TextFile
from .structured import Lines, ParseError, encoding_problem, load_json, load_toml

# What Pipenv adds when a Pipfile has no [[source]] (plette's DEFAULT_SOURCE_TOML); it is part
# of the hashed content.
DEFAULT_SOURCE = [{"url": "https://pypi.org/simple", "verify_ssl": True, "name": "pypi"}]
# Pipfile sections that are not package categories (plette PIPFILE_SECTIONS).
NOT_CATEGORIES = frozenset({"source", "requires", "scripts", "pipfile", "pipenv"})
CATEGORY_GROUPS = {"packages": MAIN, "dev-packages": "dev-packages"}


@mutable
class Pipfile:
    relpath: str
    data: dict[str, Any]
    declared: list[Dependency] = field(default_factory=list)
    python: Optional[PythonRequirement] = None
    problems: list[ManifestProblem] = field(default_factory=list)

    def hashes(self) -> set[str]:
        """The lock hashes Pipenv accepts for this Pipfile (older releases hash package names
        as written, newer ones canonicalised); empty when the content cannot be hashed."""
        import hashlib  # OpenSSL's load is a few ms: only a Pipfile.lock needs it

        results = set()
        for canonical in (False, True):
            try:
                content = json.dumps(self._hashed(canonical), sort_keys=True, separators=(",", ":"))
            except (TypeError, ValueError):  # a TOML date or time: Pipenv itself fails on it
                return set()
            results.add(hashlib.sha256(content.encode("utf-8")).hexdigest())
        return results

    def _hashed(self, canonical: bool) -> dict[str, Any]:
        def section(name: str) -> Any:
            value = self.data.get(name, {})
            if canonical and isinstance(value, dict):
                return {canonicalize_name(key): item for key, item in value.items()}
            return value

        hashed: dict[str, Any] = {
            "_meta": {
                "sources": self.data.get("source", DEFAULT_SOURCE),
                "requires": self.data.get("requires", {}),
            },
            "default": section("packages"),
            "develop": section("dev-packages"),
        }
        for category in self.data:
            if category in NOT_CATEGORIES or category in ("packages", "dev-packages"):
                continue
            if category not in ("default", "develop"):
                hashed[category] = section(category)
        return hashed


@mutable
class PipfileLock:
    relpath: str
    lines: Lines
    hash: Optional[str] = None
    hash_line: int = 1
    packages: dict[str, LockedPackage] = field(default_factory=dict)  # the `default` section
    develop: dict[str, LockedPackage] = field(default_factory=dict)
    python_version: Optional[tuple[str, int]] = None  # (raw value, line)
    python_full_version: Optional[tuple[str, int]] = None


def read_pipfile(file: TextFile) -> Pipfile | ParseError:
    problem = encoding_problem(file, "Pipenv")
    if problem is not None:
        return ParseError(file.relpath, 1, problem)
    data = load_toml(file)
    if isinstance(data, ParseError):
        return data
    pipfile = Pipfile(file.relpath, data)
    lines = Lines(file.text)
    for category, values in data.items():
        if category in NOT_CATEGORIES:
            continue
        header = lines.table(category) or 1
        if not isinstance(values, dict):
            pipfile.problems.append(
                ManifestProblem(
                    file.relpath,
                    header,
                    "manifest",
                    msg(
                        "{relpath}: [{category}] must be a table of packages.",
                        relpath=file.relpath,
                        category=category,
                    ),
                )
            )
            continue
        group = CATEGORY_GROUPS.get(category, category)
        for key, value in values.items():
            line = lines.key((category,), key) or header
            pipfile.declared.append(_dependency(key, value, group, file.relpath, line))
    requires = data.get("requires")
    if isinstance(requires, dict):
        for key in ("python_full_version", "python_version"):
            value = requires.get(key)
            if isinstance(value, str):
                spec = f"=={value}" if key == "python_full_version" else f"=={value}.*"
                line = lines.key(("requires",), key) or 1
                pipfile.python = PythonRequirement((spec,), value, file.relpath, line, key)
                break
    return pipfile


def _dependency(key: str, value: Any, group: str, relpath: str, line: int) -> Dependency:
    options = value if isinstance(value, dict) else {"version": value}
    version = options.get("version", "*")
    specifier = version if isinstance(version, str) and version != "*" else ""
    source = next((str(options[k]) for k in ("git", "path", "file") if k in options), None)
    extras = options.get("extras", [])
    return Dependency(
        canonicalize_name(key),
        relpath,
        line,
        specifier=specifier,
        group=group,
        extras=tuple(sorted(str(e) for e in extras)) if isinstance(extras, list) else (),
        marker=options.get("markers") if isinstance(options.get("markers"), str) else None,
        source=source,
        editable=options.get("editable") is True,
        version=specifier[2:] if specifier.startswith("==") and "*" not in specifier else None,
    )


def read_pipfile_lock(file: TextFile) -> PipfileLock | ParseError:
    problem = encoding_problem(file, msg("Pipenv and the buildpack"))
    if problem is not None:
        return ParseError(file.relpath, 1, problem)
    data = load_json(file)
    if isinstance(data, ParseError):
        return data
    if not isinstance(data, dict):
        kind = type(data).__name__.replace("dict", "object").replace("list", "array")
        return ParseError(
            file.relpath, 1, msg("holds a JSON {kind}, not the object Pipenv writes", kind=kind)
        )
    lines = Lines(file.text)
    lock = PipfileLock(file.relpath, lines)
    meta = data.get("_meta")
    if isinstance(meta, dict):
        digest = meta.get("hash")
        if isinstance(digest, dict) and isinstance(digest.get("sha256"), str):
            lock.hash = digest["sha256"]
            lock.hash_line = lines.json_key("sha256") or 1
        requires = meta.get("requires")
        if isinstance(requires, dict):
            requires_line = lines.json_key("requires") or 1
            for key in ("python_version", "python_full_version"):
                if key in requires:
                    raw = requires[key]
                    text = raw if isinstance(raw, str) else json.dumps(raw)
                    setattr(lock, key, (text, lines.json_key(key, requires_line) or requires_line))
    written = _package_lines(file.text)
    for section, target in (("default", lock.packages), ("develop", lock.develop)):
        values = data.get(section, {})
        if not isinstance(values, dict):
            return ParseError(
                file.relpath,
                lines.json_key(section) or 1,
                msg('has a "{section}" section that is not an object', section=section),
            )
        start = lines.json_key(section) or 1
        for key, entry in values.items():
            name = canonicalize_name(str(key))
            version = entry.get("version") if isinstance(entry, dict) else None
            version = version[2:] if isinstance(version, str) and version.startswith("==") else None
            line = written.get((section, str(key))) or lines.json_key(str(key), start) or start
            target[name] = LockedPackage(name, version, line)
    return lock


_SECTION = re.compile(r'^ {4}"([^"]+)"\s*:')
_PACKAGE = re.compile(r'^ {8}"([^"]+)"\s*:')


def _package_lines(text: str) -> dict[tuple[str, str], int]:
    """(section, package) -> line, in one pass over the layout Pipenv writes (4-space JSON)."""
    found: dict[tuple[str, str], int] = {}
    section = ""
    for number, line in enumerate(text.split("\n"), start=1):
        match = _SECTION.match(line)
        if match:
            section = match.group(1)
            continue
        match = _PACKAGE.match(line)
        if match:
            found.setdefault((section, match.group(1)), number)
    return found
