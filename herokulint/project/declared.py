"""The shared vocabulary of the package-manager readers: a declared dependency, a locked package,
and a problem found in a manifest or a lock file."""

from __future__ import annotations

from typing import Optional

from ..records import frozen

# The group Heroku installs. Everything else (Poetry groups, uv `dependency-groups`, Pipfile
# `dev-packages`, extras) is left out of a Heroku build: `poetry sync --only main`,
# `uv sync --locked --no-default-groups`, `pipenv install --deploy` (lib/*.sh, notes PM014).
MAIN = "main"


@frozen
class Dependency:
    """One distribution a manifest names, in one group, and where it is written."""

    name: str  # canonical (packaging.utils.canonicalize_name)
    relpath: str
    line: int
    specifier: str = ""  # PEP 440, as written (Poetry's `^1.2` converted); "" for any version
    group: str = MAIN  # MAIN, a group ("dev"), "extra:NAME", or a Pipfile category
    extras: tuple[str, ...] = ()
    marker: Optional[str] = None
    source: Optional[str] = None  # a URL, VCS link or local path instead of an index
    editable: bool = False
    version: Optional[str] = None  # the exact version installed, when a pin or lock says
    via: Optional[str] = None  # for a dependency of a dependency: what brings it in

    @property
    def installed(self) -> bool:
        return self.group == MAIN


@frozen
class LockedPackage:
    """A package in a lock file: its version, line, and what it depends on."""

    name: str
    version: Optional[str]
    line: int
    dependencies: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (name, extras)
    extras: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = ()
    groups: tuple[str, ...] = ()  # Poetry lock 2.1
    optional: bool = False


@frozen
class ManifestProblem:
    """A problem the build would stop on. `kind` is "manifest" (the file listing dependencies,
    rule HK209) or "lock" (the lock file is invalid or out of date, rule HK210)."""

    relpath: str
    line: int
    kind: str
    message: str


@frozen
class PythonRequirement:
    """The Python versions a manifest accepts (`requires-python`, Poetry's `python`, a Pipfile's
    `[requires]`), as a PEP 440 specifier set, or several for Poetry's `||`."""

    specifiers: tuple[str, ...]
    written: str
    relpath: str
    line: int
    key: str  # the manifest key, e.g. "requires-python"

    def allows(self, version: str) -> bool:
        from packaging.specifiers import InvalidSpecifier, SpecifierSet

        try:
            return any(SpecifierSet(spec).contains(version) for spec in self.specifiers)
        except InvalidSpecifier:
            return True
