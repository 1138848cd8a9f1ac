"""`pyproject.toml` as uv, Poetry and pip read it: the dependencies of each group, and the
Python versions the project accepts.

- PEP 621 `[project]`: `dependencies` (installed), `optional-dependencies` (extras: not installed
  on Heroku), `requires-python`.
- PEP 735 `[dependency-groups]` and uv's legacy `[tool.uv] dev-dependencies`: never installed on
  Heroku (`uv sync --no-default-groups`, `poetry sync --only main`).
- Poetry: `[tool.poetry.dependencies]` (main, `python` being the Python range),
  `[tool.poetry.group.<name>.dependencies]` and the legacy `[tool.poetry.dev-dependencies]`.
  Poetry's `^`/`~`/`||` constraints are converted to PEP 440 specifiers.
"""

from __future__ import annotations

import re
from dataclasses import field
from typing import Any, Optional

from packaging.requirements import InvalidRequirement
from packaging.requirements import Requirement as Pep508
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

from ..records import mutable
from .declared import MAIN, Dependency, ManifestProblem, PythonRequirement
from .files import TextFile
from .structured import Lines, ParseError, encoding_problem, load_toml

_TOKEN = re.compile(r"\s*(\^|~=|~|===|==|!=|<=|>=|<|>|=)?\s*([0-9A-Za-z.*+!_-]+)\s*,?")


@mutable
class PyProject:
    relpath: str
    data: dict[str, Any]
    lines: Lines
    name: Optional[str] = None
    python: Optional[PythonRequirement] = None
    declared: list[Dependency] = field(default_factory=list)
    problems: list[ManifestProblem] = field(default_factory=list)
    # (group, name, specifier, extras) per `[project]` / `[dependency-groups]` entry, as uv
    # records them in uv.lock's metadata; used to tell whether the lock is current.
    pep508: list[tuple[str, str, str, tuple[str, ...], int]] = field(default_factory=list)
    has_include_group: bool = False

    @property
    def project(self) -> dict[str, Any]:
        value = self.data.get("project")
        return value if isinstance(value, dict) else {}

    @property
    def poetry(self) -> dict[str, Any]:
        tool = self.data.get("tool")
        value = tool.get("poetry") if isinstance(tool, dict) else None
        return value if isinstance(value, dict) else {}

    @property
    def uv(self) -> dict[str, Any]:
        tool = self.data.get("tool")
        value = tool.get("uv") if isinstance(tool, dict) else None
        return value if isinstance(value, dict) else {}

    @property
    def static_dependencies(self) -> bool:
        """True when `[project].dependencies` is the whole list (not filled in by the backend)."""
        dynamic = self.project.get("dynamic")
        return "project" in self.data and not (
            isinstance(dynamic, list) and "dependencies" in dynamic
        )


def poetry_specifiers(constraint: str) -> Optional[tuple[str, ...]]:
    """Poetry's constraint syntax as PEP 440 specifier sets (one per `||` alternative).

    `^1.2` -> `>=1.2,<2`, `~1.2` -> `>=1.2,<1.3`, `1.2.*` -> `==1.2.*`, `*` -> `` (any), a bare
    version -> `==version`. None when the constraint is not understood.
    """
    alternatives = []
    for part in re.split(r"\|\|?", constraint):
        part = part.strip()
        if part in ("", "*"):
            alternatives.append("")
            continue
        clauses: list[str] = []
        position = 0
        while position < len(part):
            match = _TOKEN.match(part, position)
            if match is None or match.end() == position:
                return None
            position = match.end()
            clause = _poetry_clause(match.group(1) or "", match.group(2))
            if clause is None:
                return None
            clauses.extend(clause)
        alternatives.append(",".join(clauses))
    try:
        for alternative in alternatives:
            SpecifierSet(alternative)
    except InvalidSpecifier:
        return None
    return tuple(alternatives) if alternatives else None


def _poetry_clause(operator: str, version: str) -> Optional[list[str]]:
    if version == "*":
        return []
    if operator in ("^", "~"):
        numbers = version.split(".")
        if not all(number.isdigit() for number in numbers) or len(numbers) > 3:
            return None
        values = [int(number) for number in numbers]
        if operator == "~":
            upper_index = 0 if len(values) == 1 else 1
        else:
            nonzero = [index for index, value in enumerate(values) if value != 0]
            upper_index = nonzero[0] if nonzero else len(values) - 1
        upper = [*values[:upper_index], values[upper_index] + 1]
        return [f">={version}", "<" + ".".join(str(value) for value in upper)]
    if operator in ("", "=", "=="):
        return [f"=={version}"]
    return [f"{operator}{version}"]


def _requirement(text: str) -> Optional[Pep508]:
    try:
        return Pep508(text)
    except (InvalidRequirement, ValueError):
        return None


class _Reader:
    def __init__(self, project: PyProject) -> None:
        self.p = project
        self.lines = project.lines

    def problem(self, line: int, message: str) -> None:
        self.p.problems.append(ManifestProblem(self.p.relpath, line, "manifest", message))

    def pep508_list(self, values: Any, group: str, table: tuple[str, ...], key: str) -> None:
        """A list of PEP 508 strings (`[project].dependencies`, a dependency group, an extra)."""
        start = self.lines.key(table, key) or self.lines.table(*table, key) or 1
        end = self.lines.table_end(start) if start else None
        where = ".".join((*table, key))
        if not isinstance(values, list):
            self.problem(start, f"{self.p.relpath}: `{where}` must be a list of requirements.")
            return
        for value in values:
            if isinstance(value, dict) and "include-group" in value:
                self.p.has_include_group = True
                continue
            if not isinstance(value, str):
                self.problem(
                    start, f"{self.p.relpath}: `{where}` holds {value!r}, not a requirement string."
                )
                continue
            line = self.lines.string(value, start, end) or start
            parsed = _requirement(value)
            if parsed is None:
                self.problem(
                    line,
                    f"{self.p.relpath}: `{value}` in `{where}` is not a valid requirement "
                    "(PEP 508), so the install fails.",
                )
                continue
            name = canonicalize_name(parsed.name)
            extras = tuple(sorted(parsed.extras))
            self.p.pep508.append((group, name, str(parsed.specifier), extras, line))
            self.p.declared.append(
                Dependency(
                    name,
                    self.p.relpath,
                    line,
                    specifier=str(parsed.specifier),
                    group=group,
                    extras=extras,
                    marker=str(parsed.marker) if parsed.marker else None,
                    source=parsed.url,
                    version=_pinned(str(parsed.specifier)),
                )
            )

    def poetry_table(self, values: Any, group: str, table: tuple[str, ...]) -> None:
        """`[tool.poetry.dependencies]`-style tables: name -> constraint or options."""
        header = self.lines.table(*table) or 1
        if not isinstance(values, dict):
            self.problem(header, f"{self.p.relpath}: `[{'.'.join(table)}]` must be a table.")
            return
        for key, value in values.items():
            if canonicalize_name(key) == "python":
                continue
            line = self.lines.key(table, key) or header
            entries = value if isinstance(value, list) else [value]
            for entry in entries:
                self.poetry_entry(key, entry, group, line)

    def poetry_entry(self, key: str, entry: Any, group: str, line: int) -> None:
        options = entry if isinstance(entry, dict) else {"version": entry}
        constraint = options.get("version", "")
        specifier = ""
        if isinstance(constraint, str):
            converted = poetry_specifiers(constraint)
            if converted is not None and len(converted) == 1:
                specifier = converted[0]
        source = next(
            (str(options[k]) for k in ("git", "path", "url", "file") if k in options), None
        )
        extras = options.get("extras", [])
        in_group = group
        if group == MAIN and options.get("optional") is True:
            in_group = "extra:optional"
        self.p.declared.append(
            Dependency(
                canonicalize_name(key),
                self.p.relpath,
                line,
                specifier=specifier,
                group=in_group,
                extras=tuple(sorted(str(e) for e in extras)) if isinstance(extras, list) else (),
                source=source,
                editable=options.get("develop") is True,
                version=_pinned(specifier),
            )
        )

    def python_requirement(self, manager: str) -> None:
        written = self.p.project.get("requires-python")
        if isinstance(written, str):
            line = self.lines.key(("project",), "requires-python") or 1
            self.p.python = PythonRequirement(
                (written,), written, self.p.relpath, line, "requires-python"
            )
            return
        if manager != "poetry":
            return
        dependencies = self.p.poetry.get("dependencies")
        written = dependencies.get("python") if isinstance(dependencies, dict) else None
        if isinstance(written, str):
            specs = poetry_specifiers(written)
            if specs is not None:
                line = self.lines.key(("tool", "poetry", "dependencies"), "python") or 1
                self.p.python = PythonRequirement(
                    specs, written, self.p.relpath, line, "tool.poetry.dependencies.python"
                )


def _pinned(specifier: str) -> Optional[str]:
    if specifier.startswith("==") and "," not in specifier and "*" not in specifier:
        return specifier.lstrip("=")
    return None


def read_pyproject(file: TextFile, manager: str) -> PyProject | ParseError:
    """The dependencies `manager` ("uv", "poetry" or "pip") reads from a pyproject.toml."""
    readers = {"uv": "uv", "poetry": "Poetry", "pip": "pip"}.get(manager, manager)
    problem = encoding_problem(file, readers)
    if problem is not None:
        return ParseError(file.relpath, 1, problem)
    data = load_toml(file)
    if isinstance(data, ParseError):
        return data
    project = PyProject(file.relpath, data, Lines(file.text))
    name = project.project.get("name")
    project.name = canonicalize_name(name) if isinstance(name, str) else None
    reader = _Reader(project)
    reader.python_requirement(manager)
    if "dependencies" in project.project:
        reader.pep508_list(project.project["dependencies"], MAIN, ("project",), "dependencies")
    optional = project.project.get("optional-dependencies")
    if isinstance(optional, dict):
        for extra, values in optional.items():
            table = ("project", "optional-dependencies")
            reader.pep508_list(values, f"extra:{extra}", table, str(extra))
    groups = data.get("dependency-groups")
    if isinstance(groups, dict):
        for group, values in groups.items():
            reader.pep508_list(values, str(group), ("dependency-groups",), str(group))
    if manager == "uv" and "dev-dependencies" in project.uv:
        reader.pep508_list(
            project.uv["dev-dependencies"], "dev", ("tool", "uv"), "dev-dependencies"
        )
    if manager in ("poetry", "pip"):
        _read_poetry_tables(project, reader, manager)
    return project


def _read_poetry_tables(project: PyProject, reader: _Reader, manager: str) -> None:
    poetry = project.poetry
    if "dependencies" in poetry:
        reader.poetry_table(poetry["dependencies"], MAIN, ("tool", "poetry", "dependencies"))
    if manager == "pip":
        return
    if "dev-dependencies" in poetry:
        reader.poetry_table(
            poetry["dev-dependencies"], "dev", ("tool", "poetry", "dev-dependencies")
        )
    groups = poetry.get("group")
    if isinstance(groups, dict):
        for group, options in groups.items():
            if isinstance(options, dict) and "dependencies" in options:
                table = ("tool", "poetry", "group", str(group), "dependencies")
                reader.poetry_table(options["dependencies"], str(group), table)
