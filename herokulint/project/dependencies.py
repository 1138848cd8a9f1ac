"""Which package manager Heroku will use, and which distributions it installs.

The classic buildpack picks the package manager from the files at the app root
(lib/package_manager.sh; notes heroku-platform §1a PM002/PM004): `Pipfile.lock` (Pipenv),
`requirements.txt` (pip), `poetry.lock` (Poetry), `uv.lock` (uv). This module reads pip's
requirements; other managers report themselves as present but not yet readable, so the rules
that ask "is X declared?" stay silent for them instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from packaging.utils import canonicalize_name

from .files import FileReader
from .requirements import Requirement, RequirementsSet, parse_requirements

# In the order the buildpack lists them when several are present.
MANAGER_FILES = (
    ("Pipfile.lock", "pipenv"),
    ("requirements.txt", "pip"),
    ("poetry.lock", "poetry"),
    ("uv.lock", "uv"),
)


@dataclass
class Dependencies:
    """The dependencies Heroku installs at build time (the main group only)."""

    present: list[tuple[str, str]] = field(default_factory=list)  # (file, manager) at the root
    requirements: Optional[RequirementsSet] = None

    @property
    def manager(self) -> Optional[str]:
        return self.present[0][1] if len(self.present) == 1 else None

    @property
    def manifest(self) -> Optional[str]:
        return self.present[0][0] if len(self.present) == 1 else None

    @property
    def known(self) -> bool:
        """True when `declares` can answer: one manager whose files were read."""
        return self.requirements is not None

    @property
    def complete(self) -> bool:
        """True when a missing name really is missing: every entry was read and named.

        A local path (`-e .`) or a URL without `#egg=` installs distributions this reader
        cannot name, so "not declared" could be a false alarm.
        """
        if self.requirements is None:
            return False
        if any(not requirement.name for requirement in self.requirements.requirements):
            return False
        return not self.requirements.partial

    def find(self, name: str) -> Optional[Requirement]:
        if self.requirements is None:
            return None
        return self.requirements.find(canonicalize_name(name))

    def declares(self, *names: str) -> bool:
        """True when any of `names` (distribution names, any spelling) is installed."""
        return any(self.find(name) is not None for name in names)


def read_dependencies(files: FileReader) -> Dependencies:
    present = [(name, manager) for name, manager in MANAGER_FILES if files.exists(name)]
    deps = Dependencies(present=present)
    if deps.manager == "pip":
        deps.requirements = parse_requirements(files, "requirements.txt")
    return deps
