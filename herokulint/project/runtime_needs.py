"""What the running app imports from third-party distributions, and where the code says so.

Collected from what production loads on every boot (and the build's collectstatic): the
settings chain's unconditional imports, the WSGI module's imports, and the dotted paths Django
imports from settings (`INSTALLED_APPS`, `MIDDLEWARE`, `STORAGES` and the older
`STATICFILES_STORAGE` / `DEFAULT_FILE_STORAGE`, database `ENGINE`s, cache `BACKEND`s). Each is
mapped to the distributions that provide it (`data/import_names.py`). Standard-library modules,
the project's own packages and names the map does not know are left out: nothing is guessed.

Imports indented under a block (`try: import x / except ImportError`, `if DEBUG:`) are left
out too: they may never run in production.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from ..data.import_names import needs_for
from ..data.stdlib import is_stdlib
from .structured import Lines
from .values import Const, Map, Seq, Value

if TYPE_CHECKING:
    from . import ProjectModel

# Settings whose values are dotted paths Django imports, and how to find them in the value.
LIST_SETTINGS = ("INSTALLED_APPS", "MIDDLEWARE")
PATH_SETTINGS = ("STATICFILES_STORAGE", "DEFAULT_FILE_STORAGE")
NESTED_SETTINGS = (("STORAGES", "BACKEND"), ("DATABASES", "ENGINE"), ("CACHES", "BACKEND"))


@dataclass(frozen=True)
class Need:
    """`module` (as the code names it) needs one of `distributions` installed."""

    module: str
    what: str  # the distribution to add, or a description such as "a PostgreSQL driver"
    distributions: tuple[str, ...]
    relpath: str
    line: int
    source: str  # "import" or the setting's name


def runtime_needs(project: ProjectModel) -> list[Need]:
    found: dict[tuple[str, str, int], Need] = {}
    for module, relpath, line, source in _named_modules(project):
        if is_stdlib(module) or _is_local(project, module):
            continue
        for thing, what, distributions in needs_for(module):
            need = Need(thing, what, distributions, relpath, line, source)
            found.setdefault((what, relpath, line), need)
    return list(found.values())


def _named_modules(project: ProjectModel) -> Iterator[tuple[str, str, int, str]]:
    settings = project.settings
    lines: dict[str, Lines] = {}  # each file's line index, built once
    if settings is not None:
        for record in settings.imports:
            if _unconditional(project, record.relpath, record.line, lines):
                yield record.module, record.relpath, record.line, "import"
        yield from _setting_paths(project, lines)
    wsgi = project.wsgi
    if wsgi is not None and wsgi.relpath and wsgi.relpath.endswith(".py"):
        yield from _module_imports(project, wsgi.relpath)


def _unconditional(project: ProjectModel, relpath: str, line: int, lines: dict[str, Lines]) -> bool:
    """True when the import statement on `line` starts at column 1 (module level)."""
    index = _lines(project, relpath, lines)
    return index is not None and index.line(line).startswith(
        ("import ", "from ", "import\t", "from\t")
    )


def _lines(project: ProjectModel, relpath: str, lines: dict[str, Lines]) -> Optional[Lines]:
    if relpath not in lines:
        text = project.text(relpath)
        if text is None:
            return None
        lines[relpath] = Lines(text.text)
    return lines[relpath]


def _module_imports(project: ProjectModel, relpath: str) -> Iterator[tuple[str, str, int, str]]:
    import libcst as cst

    from .pysource import ParsedModule, Positions

    parsed = project.python(relpath)
    if not isinstance(parsed, ParsedModule):
        return
    positions = Positions(parsed.module, parsed.text)
    line = 1 + positions.header_lines()
    for statement in parsed.module.body:
        span, next_line = positions.span(statement, line, 0)
        line = next_line
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            for module in _imported(small):
                yield module, relpath, span.line, "import"


def _imported(small: object) -> list[str]:
    import libcst as cst

    from .pyeval import dotted

    if isinstance(small, cst.Import):
        return [name for alias in small.names if (name := dotted(alias.name))]
    if isinstance(small, cst.ImportFrom) and not small.relative and small.module is not None:
        name = dotted(small.module)
        return [name] if name else []
    return []


def _setting_paths(
    project: ProjectModel, lines: dict[str, Lines]
) -> Iterator[tuple[str, str, int, str]]:
    settings = project.settings
    assert settings is not None
    for name in LIST_SETTINGS:
        setting = settings.get(name)
        if setting is not None and isinstance(setting.value, Seq):
            for item in setting.value.items:
                if isinstance(item, Const) and isinstance(item.value, str):
                    line = _item_line(project, item.value, setting.relpath, setting.line, lines)
                    yield item.value, *line, name
    for name in PATH_SETTINGS:
        setting = settings.get(name)
        path = _string(setting.value) if setting is not None else None
        if setting is not None and path is not None:
            yield path, setting.relpath, setting.line, name
    for name, key in NESTED_SETTINGS:
        setting = settings.get(name)
        if setting is None or not isinstance(setting.value, Map):
            continue
        for _, entry in setting.value.items:
            path = _string(entry.get(key) if isinstance(entry, Map) else None)
            if path is not None:
                line = _item_line(project, path, setting.relpath, setting.line, lines)
                yield path, *line, name


def _string(value: Optional[Value]) -> Optional[str]:
    if isinstance(value, Const) and isinstance(value.value, str):
        return value.value
    return None


def _item_line(
    project: ProjectModel, value: str, relpath: str, line: int, lines: dict[str, Lines]
) -> tuple[str, int]:
    """Where the string `value` is written: after the setting in its file, else anywhere in the
    settings chain, else the setting's own line."""
    settings = project.settings
    files = (
        [relpath] + [path for _, path in settings.modules if path != relpath]
        if settings
        else [relpath]
    )
    for index, path in enumerate(files):
        text = _lines(project, path, lines)
        if text is None:
            continue
        found = text.string(value, line if index == 0 else 1)
        if found is not None:
            return path, found
    return relpath, line


def _is_local(project: ProjectModel, module: str) -> bool:
    """The project's own package or module (importable from a search root, or from `src/`)."""
    top = module.split(".", 1)[0]
    if project.locate_module(top) is not None:
        return True
    for root in [*project.search_roots, "src"]:
        folder = f"{root}/{top}" if root else top
        if os.path.isdir(project.root / folder) or project.exists(f"{folder}.py"):
            return True
    return False
