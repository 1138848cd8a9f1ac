"""Which package manager Heroku will use, and which distributions it installs.

The classic buildpack picks the package manager from the files at the app root
(lib/package_manager.sh; notes heroku-platform §1a PM002/PM004): `Pipfile.lock` (Pipenv),
`requirements.txt` (pip), `poetry.lock` (Poetry), `uv.lock` (uv). The Cloud Native Buildpack
("fir") has no Pipenv support. Each manager's files are read here, and only when they exist:

- pip: `requirements.txt` and its includes (`requirements.py`); `-e .` / `.` installs the
  project's own `[project].dependencies` when pyproject.toml lists them statically.
- Pipenv: `Pipfile` + `Pipfile.lock` (`pipenv.py`); Heroku installs the lock's `default`.
- Poetry / uv: `pyproject.toml` + `poetry.lock` / `uv.lock` (`pyproject.py`, `locks.py`);
  Heroku installs the main group only.

What Heroku installs is the lock's tree when there is a lock; for pip it is the requirements plus
what the best-known packages bring with them (`data/package_requires.py`). When something cannot
be known (an unreadable file, `-e .` of a project whose dependencies are computed), `complete`
is False and the rules that say "not declared" stay silent.
"""

from __future__ import annotations

import posixpath
import shlex
from dataclasses import field, replace
from typing import TYPE_CHECKING, Optional

from ..data import package_requires
from ..i18n import msg
from ..records import mutable
from .declared import MAIN, Dependency, LockedPackage, ManifestProblem, PythonRequirement
from .files import FileReader, ReadError, TextFile
from .requirements import RequirementsSet, canonicalize_name, parse_requirements
from .structured import ParseError

if TYPE_CHECKING:
    from .pipenv import PipfileLock

# In the order the buildpack lists them when several are present.
MANAGER_FILES = (
    ("Pipfile.lock", "pipenv"),
    ("requirements.txt", "pip"),
    ("poetry.lock", "poetry"),
    ("uv.lock", "uv"),
)
# The Cloud Native Buildpack (heroku/buildpacks-python src/package_manager.rs) has no Pipenv.
FIR_MANAGERS = frozenset({"pip", "poetry", "uv"})
MANIFESTS = {
    "pip": "requirements.txt",
    "pipenv": "Pipfile",
    "poetry": "pyproject.toml",
    "uv": "pyproject.toml",
}
LOCKFILES = {"pipenv": "Pipfile.lock", "poetry": "poetry.lock", "uv": "uv.lock"}
TOOL_NAMES = {"pip": "pip", "pipenv": "Pipenv", "poetry": "Poetry", "uv": "uv"}
# The command that adds a distribution to the main group and updates the lock file (pip has
# none: a line goes into requirements.txt).
ADD_COMMANDS = {"pipenv": "pipenv install", "poetry": "poetry add", "uv": "uv add"}


@mutable
class Dependencies:
    """The dependencies Heroku installs at build time (the main group only), and the rest."""

    present: list[tuple[str, str]] = field(default_factory=list)  # (file, manager) at the root
    ignored: list[tuple[str, str]] = field(default_factory=list)  # present, unread by this target
    requirements: Optional[RequirementsSet] = None  # pip
    declared: list[Dependency] = field(default_factory=list)  # the manager's, every group
    installed: dict[str, Dependency] = field(default_factory=dict)  # name -> where it comes from
    locked: dict[str, LockedPackage] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)  # manifests and lock files read
    problems: list[ManifestProblem] = field(default_factory=list)
    python: Optional[PythonRequirement] = None  # requires-python / Pipfile [requires]
    pipfile_lock: Optional[PipfileLock] = None
    parsed: bool = False
    partial: bool = False
    main_anchor: tuple[str, int] = ("requirements.txt", 1)

    @property
    def manager(self) -> Optional[str]:
        return self.present[0][1] if len(self.present) == 1 else None

    @property
    def manifest(self) -> Optional[str]:
        """The file that lists the dependencies: requirements.txt, Pipfile or pyproject.toml."""
        return MANIFESTS.get(self.manager or "")

    @property
    def lockfile(self) -> Optional[str]:
        return LOCKFILES.get(self.manager or "")

    def add_command(self, distribution: str) -> Optional[str]:
        """The shell command that adds `distribution` to the main dependencies (None for pip)."""
        command = ADD_COMMANDS.get(self.manager or "")
        return f"{command} {shlex.quote(distribution)}" if command else None

    @property
    def tool(self) -> str:
        return TOOL_NAMES.get(self.manager or "", "the package manager")

    @property
    def known(self) -> bool:
        """True when `declares` can answer: one manager whose files were read."""
        return self.parsed

    @property
    def complete(self) -> bool:
        """True when a missing name really is missing: every entry was read and named.

        A local path (`-e .`) whose dependencies are not listed statically, a URL without
        `#egg=`, or an unreadable include installs distributions this reader cannot name, so
        "not declared" could be a false alarm.
        """
        return self.parsed and not self.partial

    @property
    def main(self) -> list[Dependency]:
        return [dependency for dependency in self.declared if dependency.group == MAIN]

    def find(self, name: str) -> Optional[Dependency]:
        """Where `name` is declared in the main group, or what installs it; None if nothing."""
        wanted = canonicalize_name(name)
        for dependency in self.declared:
            if dependency.name == wanted and dependency.group == MAIN:
                return self.installed.get(wanted, dependency)
        return self.installed.get(wanted)

    def declares(self, *names: str) -> bool:
        """True when any of `names` (distribution names, any spelling) is installed."""
        return any(self.find(name) is not None for name in names)

    def fork_of(self, distributions: tuple[str, ...], module: str) -> Optional[Dependency]:
        """An installed main dependency that is a fork of one of `distributions`, or of the
        import `module`: its name holds the original's (or the import name's) words plus a
        fork's (`django-foo-community`, `foo-ng`, `django-foo-reloaded`, `django-environ-2`).
        A fork keeps the import name, so the module is installed after all."""
        originals = [canonicalize_name(d).split("-") for d in distributions]
        originals.append(canonicalize_name(module.split(".", 1)[0]).split("-"))
        for dependency in self.main:
            words = dependency.name.split("-")
            for original in originals:
                rest = _after(words, original)
                if rest is not None and rest and all(_fork_word(word) for word in rest):
                    return self.installed.get(dependency.name, dependency)
        return None

    def only_in_other_groups(self, name: str) -> list[Dependency]:
        """The declarations of `name` in groups Heroku does not install, when it is not
        installed otherwise (a dev group, an extra, Pipfile [dev-packages])."""
        wanted = canonicalize_name(name)
        if self.find(wanted) is not None:
            return []
        return [d for d in self.declared if d.name == wanted and d.group != MAIN]


# Words a fork adds to the original distribution's name when it is published again under a new
# one, keeping the import name (django-registration-redux for django-registration's
# `registration`; `-community`, `-ng`, `-reloaded`, `-fork` and a number are the other usual
# shapes, issue 12 §5).
FORK_WORDS = frozenset(
    {
        "community",
        "ng",
        "reloaded",
        "fork",
        "forked",
        "redux",
        "maintained",
        "continued",
        "revived",
        "reborn",
        "next",
        "plus",
        "patched",
        "fixed",
    }
)


def _fork_word(word: str) -> bool:
    return word in FORK_WORDS or word.isdigit()


def _after(words: list[str], original: list[str]) -> Optional[list[str]]:
    """The words around `original` when `words` holds it as a run, else None."""
    size = len(original)
    for start in range(len(words) - size + 1):
        if words[start : start + size] == original:
            return words[:start] + words[start + size :]
    return None


def read_dependencies(files: FileReader, target: str = "cedar") -> Dependencies:
    deps = Dependencies()
    for name, kind in MANAGER_FILES:
        if files.exists(name):
            if target == "fir" and kind not in FIR_MANAGERS:
                deps.ignored.append((name, kind))
            else:
                deps.present.append((name, kind))
    _read_manager(files, deps)
    return deps


def read_each_manager(files: FileReader, deps: Dependencies) -> dict[str, Dependencies]:
    """Each package manager at the root, read as if its file were the only one: with several,
    the build stops (HK202) and the user keeps one, so each is what the app may install.
    With one manager, that is `deps` itself."""
    if len(deps.present) < 2:
        return {deps.manager: deps} if deps.manager else {}
    each: dict[str, Dependencies] = {}
    for name, kind in deps.present:
        one = Dependencies(present=[(name, kind)])
        _read_manager(files, one)
        each[kind] = one
    return each


def _read_manager(files: FileReader, deps: Dependencies) -> None:
    manager = deps.manager
    if manager == "pip":
        _read_pip(files, deps)
    elif manager == "pipenv":
        _read_pipenv(files, deps)
    elif manager in ("poetry", "uv"):
        _read_pyproject_manager(files, deps, manager)


def _text(files: FileReader, relpath: str, deps: Dependencies, kind: str) -> Optional[TextFile]:
    read = files.read(relpath)
    if isinstance(read, ReadError):
        deps.files.append(relpath)
        message = msg(
            "{relpath} {reason}; {tool} cannot read it.",
            relpath=relpath,
            reason=read.reason,
            tool=deps.tool,
        )
        deps.problems.append(ManifestProblem(relpath, 1, kind, message))
        return None
    if read is not None:
        deps.files.append(relpath)
    return read


def _parse_error(error: ParseError, kind: str, deps: Dependencies) -> None:
    fix = {
        "pipenv": msg("run `pipenv lock` to regenerate it"),
        "poetry": msg("run `poetry lock` to regenerate it"),
        "uv": msg("run `uv lock` to regenerate it"),
    }
    advice = fix.get(deps.manager or "", "") if kind == "lock" else msg("fix the file")
    message = msg(
        "{relpath} {message}: {tool} stops the build; {advice}.",
        relpath=error.relpath,
        message=error.message,
        tool=deps.tool,
        advice=advice,
    )
    deps.problems.append(ManifestProblem(error.relpath, error.line, kind, message))


# -- pip -------------------------------------------------------------------------------------


def _read_pip(files: FileReader, deps: Dependencies) -> None:
    requirements = parse_requirements(files, "requirements.txt")
    deps.requirements = requirements
    deps.files.extend(requirements.files)
    deps.partial = requirements.partial
    for requirement in requirements.requirements:
        if requirement.name:
            version = requirement.specifier[2:] if _exact(requirement.specifier) else None
            deps.declared.append(
                Dependency(
                    requirement.name,
                    requirement.relpath,
                    requirement.line,
                    specifier=requirement.specifier,
                    extras=requirement.extras,
                    marker=requirement.marker,
                    source=requirement.url,
                    editable=requirement.editable,
                    version=version,
                )
            )
            continue
        # An unnamed local project (`-e .`): its [project].dependencies, when listed statically.
        from .pyproject import PyProject, read_pyproject

        folder = posixpath.normpath(requirement.url or ".") if requirement.url else "."
        pyproject_path = "pyproject.toml" if folder == "." else f"{folder}/pyproject.toml"
        file = files.read(pyproject_path) if "://" not in (requirement.url or "") else None
        project = read_pyproject(file, "pip") if isinstance(file, TextFile) else None
        if not isinstance(project, PyProject) or not project.static_dependencies:
            deps.partial = True
            continue
        deps.files.append(pyproject_path)
        wanted = {f"extra:{extra}" for extra in requirement.extras}
        for dependency in project.declared:
            if dependency.group == MAIN or dependency.group in wanted:
                deps.declared.append(replace(dependency, group=MAIN))
    roots = [(d.name, d.extras) for d in deps.main]
    direct = {d.name: d for d in reversed(deps.main)}
    for name, via in package_requires.closure(roots).items():
        if name in direct:
            deps.installed[name] = direct[name]
        else:
            source = direct[via]
            deps.installed[name] = Dependency(name, source.relpath, source.line, via=via)
    deps.parsed = True


def _exact(specifier: str) -> bool:
    return specifier.startswith("==") and "," not in specifier and "*" not in specifier


# -- Pipenv ----------------------------------------------------------------------------------


def _read_pipenv(files: FileReader, deps: Dependencies) -> None:
    from .pipenv import Pipfile, read_pipfile, read_pipfile_lock

    pipfile: Optional[Pipfile] = None
    text = _text(files, "Pipfile", deps, "manifest")
    if text is not None:
        read = read_pipfile(text)
        if isinstance(read, ParseError):
            _parse_error(read, "manifest", deps)
        else:
            pipfile = read
            deps.declared.extend(read.declared)
            deps.problems.extend(read.problems)
            deps.python = read.python
            deps.main_anchor = ("Pipfile", _pipfile_packages_line(text))
    lock_text = _text(files, "Pipfile.lock", deps, "lock")
    if lock_text is None:
        return
    lock = read_pipfile_lock(lock_text)
    if isinstance(lock, ParseError):
        _parse_error(lock, "lock", deps)
        return
    deps.pipfile_lock = lock
    deps.locked = {**lock.develop, **lock.packages}
    if pipfile is None and text is None and not files.exists("Pipfile"):
        deps.problems.append(
            ManifestProblem(
                "Pipfile.lock",
                1,
                "lock",
                msg(
                    "Pipfile.lock has no Pipfile beside it: `pipenv install --deploy` finds the lock out "
                    "of date and aborts the build; commit the Pipfile it was generated from."
                ),
            )
        )
    for name, package in lock.packages.items():
        deps.installed[name] = _with_version(deps, name, package, "Pipfile.lock")
    if pipfile is not None:
        deps.problems.extend(_pipenv_freshness(pipfile, lock))
        deps.parsed = True
    elif not files.exists("Pipfile"):
        deps.declared.extend(deps.installed.values())
        deps.parsed = True


def _pipfile_packages_line(text: TextFile) -> int:
    from .structured import Lines

    return Lines(text.text).table("packages") or 1


def _pipenv_freshness(pipfile: object, lock: PipfileLock) -> list[ManifestProblem]:
    from .pipenv import Pipfile

    assert isinstance(pipfile, Pipfile)
    stale = msg(
        '`pipenv install --deploy` aborts the build ("Your Pipfile.lock (…) is out of '
        'date."); run `pipenv lock` and commit Pipfile.lock'
    )
    expected = pipfile.hashes()
    if not expected or lock.hash in expected:
        return []
    locked = set(lock.packages) | set(lock.develop)
    missing = [d for d in pipfile.declared if d.name not in locked and not d.source]
    if missing:
        return [
            ManifestProblem(
                d.relpath,
                d.line,
                "lock",
                msg(
                    "`{name}` is in the Pipfile but not in Pipfile.lock: {stale}.",
                    name=d.name,
                    stale=stale,
                ),
            )
            for d in missing
        ]
    what = (
        msg("has no hash of the Pipfile")
        if lock.hash is None
        else msg("was made from a different Pipfile")
    )
    return [
        ManifestProblem(
            lock.relpath,
            lock.hash_line,
            "lock",
            msg("Pipfile.lock {what}: {stale}.", what=what, stale=stale),
        )
    ]


def _with_version(
    deps: Dependencies, name: str, package: LockedPackage, relpath: str
) -> Dependency:
    for dependency in deps.declared:
        if dependency.name == name and dependency.group == MAIN:
            return replace(dependency, version=package.version)
    return Dependency(name, relpath, package.line, version=package.version)


# -- Poetry and uv ---------------------------------------------------------------------------


def _read_pyproject_manager(files: FileReader, deps: Dependencies, manager: str) -> None:
    from .locks import (
        Lock,
        closure,
        poetry_freshness,
        read_poetry_lock,
        read_uv_lock,
        uv_freshness,
    )
    from .pyproject import PyProject, read_pyproject

    lockfile = LOCKFILES[manager]
    project: Optional[PyProject] = None
    text = _text(files, "pyproject.toml", deps, "manifest")
    if text is None and not files.exists("pyproject.toml"):
        deps.problems.append(
            ManifestProblem(
                lockfile,
                1,
                "manifest",
                msg(
                    "{lockfile} has no pyproject.toml beside it: {tool} cannot install anything; commit "
                    "the pyproject.toml the lock was generated from.",
                    lockfile=lockfile,
                    tool=deps.tool,
                ),
            )
        )
    if text is not None:
        read = read_pyproject(text, manager)
        if isinstance(read, ParseError):
            _parse_error(read, "manifest", deps)
        else:
            project = read
            deps.declared.extend(read.declared)
            deps.problems.extend(read.problems)
            deps.python = read.python
            deps.main_anchor = ("pyproject.toml", _main_line(read, manager))
    lock_text = _text(files, lockfile, deps, "lock")
    if lock_text is None:
        return
    lock = (
        read_uv_lock(lock_text, project.name if project else None)
        if manager == "uv"
        else read_poetry_lock(lock_text)
    )
    if isinstance(lock, ParseError):
        _parse_error(lock, "lock", deps)
        return
    assert isinstance(lock, Lock)
    deps.locked = lock.packages
    if project is None:
        return
    if manager == "uv":
        deps.problems.extend(uv_freshness(lock, project))
        # A workspace (or a root without [project]) installs its members' dependencies, which
        # live in other pyproject.toml files: "not declared" cannot be concluded here.
        if "project" not in project.data or "workspace" in project.uv:
            deps.partial = True
        root = lock.root
        roots = (
            list(lock.packages[canonicalize_name(root["name"])].dependencies)
            if isinstance(root, dict) and canonicalize_name(root["name"]) in lock.packages
            else [(d.name, d.extras) for d in deps.main]
        )
        reached = closure(lock, roots)
    else:
        deps.problems.extend(poetry_freshness(lock, project))
        if any(package.groups for package in lock.packages.values()):
            reached = {
                name: name
                for name, package in lock.packages.items()
                if "main" in package.groups and not package.optional
            }
        else:
            reached = closure(lock, [(d.name, d.extras) for d in deps.main])
    for name in reached:
        package = lock.packages.get(name)
        if package is not None:
            deps.installed[name] = _with_version(deps, name, package, lockfile)
    for dependency in deps.main:
        if dependency.source and dependency.name not in deps.installed:
            deps.installed[dependency.name] = dependency  # a path or VCS dependency
    deps.parsed = True


def _main_line(project: object, manager: str) -> int:
    from .pyproject import PyProject

    assert isinstance(project, PyProject)
    lines = project.lines
    if "dependencies" in project.project or manager == "uv":
        return lines.key(("project",), "dependencies") or lines.table("project") or 1
    return lines.table("tool", "poetry", "dependencies") or lines.table("project") or 1
