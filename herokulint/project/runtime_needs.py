"""What the running app imports from third-party distributions, and where the code says so.

Collected from what production loads on every boot (and the build's collectstatic): the
settings chain's unconditional imports, the WSGI module's imports, and the dotted paths Django
imports from settings (`INSTALLED_APPS`, `MIDDLEWARE`, `STORAGES` and the older
`STATICFILES_STORAGE` / `DEFAULT_FILE_STORAGE`, database `ENGINE`s, cache `BACKEND`s). Each is
mapped to the distributions that provide it (`data/import_names.py`). Standard-library modules,
the project's own packages and names the map does not know are left out: nothing is guessed.

Imports indented under a block (`try: import x / except ImportError`, `if DEBUG:`) are left
out too: they may never run in production. So are the settings entries such a `try` adds after
importing the same package (`try: import debug_toolbar; INSTALLED_APPS += ["debug_toolbar"]
except ImportError: ...`): when the package is missing, the import fails before the entry is
added, and the handler catches it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Optional

from ..data.import_names import needs_for
from ..data.stdlib import is_stdlib
from ..records import frozen
from .storages import REMOTE_STORAGE_PREFIXES, remote_storage
from .structured import Lines
from .values import Const, Map, Seq, Value

if TYPE_CHECKING:
    import libcst as cst

    from . import ProjectModel
    from .pysource import Positions

# Settings whose values are dotted paths Django imports, and how to find them in the value.
LIST_SETTINGS = ("INSTALLED_APPS", "MIDDLEWARE")
PATH_SETTINGS = ("STATICFILES_STORAGE", "DEFAULT_FILE_STORAGE")
NESTED_SETTINGS = (("STORAGES", "BACKEND"), ("DATABASES", "ENGINE"), ("CACHES", "BACKEND"))


@frozen
class Need:
    """`module` (as the code names it) needs one of `distributions` installed."""

    module: str
    what: str  # the distribution to add, or a description such as "a PostgreSQL driver"
    distributions: tuple[str, ...]
    relpath: str
    line: int
    source: str  # "import" or the setting's name


@frozen
class _ImportGuard:
    """A module-level `try` whose handlers catch a failed import: the lines that run only
    after its body's imports (the body, its `else:`) and those imports, each with its line."""

    lines: tuple[tuple[int, int], ...]  # (first, last)
    imports: tuple[tuple[str, int], ...]

    def covers(self, module: str, line: int) -> bool:
        """True when `line` runs only after an import of `module`'s top-level package."""
        top = module.split(".", 1)[0]
        return any(first <= line <= last for first, last in self.lines) and any(
            name.split(".", 1)[0] == top and at < line for name, at in self.imports
        )


def runtime_needs(project: ProjectModel) -> list[Need]:
    found: dict[tuple[str, str, int], Need] = {}
    guards: dict[str, list[_ImportGuard]] = {}  # each file's guards, found once
    for module, relpath, line, source in _named_modules(project):
        if is_stdlib(module) or _is_local(project, module):
            continue
        if any(guard.covers(module, line) for guard in _guards(project, relpath, guards)):
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


def _guards(
    project: ProjectModel, relpath: str, guards: dict[str, list[_ImportGuard]]
) -> list[_ImportGuard]:
    if relpath not in guards:
        guards[relpath] = list(_import_guards(project, relpath))
    return guards[relpath]


def _import_guards(project: ProjectModel, relpath: str) -> Iterator[_ImportGuard]:
    import libcst as cst

    from .pysource import ParsedModule, Positions
    from .settings import catches_import_error

    parsed = project.python(relpath)
    if not isinstance(parsed, ParsedModule) or (parsed.text and "try" not in parsed.text):
        return
    positions = Positions(parsed.module, parsed.text)
    line = 1 + positions.header_lines()
    for statement in parsed.module.body:
        span, line = positions.span(statement, line, 0)
        if (
            isinstance(statement, cst.Try)
            and isinstance(statement.body, cst.IndentedBlock)
            and any(catches_import_error(handler) for handler in statement.handlers)
        ):
            header = positions.header_end(span.line, [statement.whitespace_before_colon])
            imports = _block_imports(positions, statement.body, header + 1)
            yield _ImportGuard(_guarded_lines(positions, statement, header), tuple(imports))


def _guarded_lines(positions: Positions, node: cst.Try, header: int) -> tuple[tuple[int, int], ...]:
    """The lines of the body of the `try` whose header ends on `header`, and of its `else:`
    (which runs only when the body raised nothing); not the handlers'."""
    after = header + positions.code(node.body).count("\n")  # the line after the body
    lines = [(header + 1, after - 1)]
    for handler in node.handlers:
        parts: list[cst.CSTNode | None] = [
            handler.whitespace_after_except,
            handler.type,
            handler.name,
            handler.whitespace_before_colon,
        ]
        start = positions.header_end(after + len(handler.leading_lines), parts)
        after = start + positions.code(handler.body).count("\n")
    if node.orelse is not None:
        start = positions.header_end(
            after + len(node.orelse.leading_lines), [node.orelse.whitespace_before_colon]
        )
        end = start + positions.code(node.orelse.body).count("\n") - 1
        lines.append((start + 1, end) if end > start else (start, start))  # `else: x = 1`
    return tuple(lines)


def _block_imports(
    positions: Positions, block: cst.IndentedBlock, line: int
) -> list[tuple[str, int]]:
    """The modules the simple statements of `block` (starting on `line`) import."""
    import libcst as cst

    found: list[tuple[str, int]] = []
    for statement in block.body:
        span, line = positions.span(statement, line, 0)
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                found += [(module, span.line) for module in _imported(small)]
    return found


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
            yield from _storage_base(project, path, setting.relpath, setting.line, name)
    for name, key in NESTED_SETTINGS:
        setting = settings.get(name)
        if setting is None or not isinstance(setting.value, Map):
            continue
        for _, entry in setting.value.items:
            path = _string(entry.get(key) if isinstance(entry, Map) else None)
            if path is not None:
                line = _item_line(project, path, setting.relpath, setting.line, lines)
                yield path, *line, name
                if name == "STORAGES":
                    yield from _storage_base(project, path, *line, name)


def _storage_base(
    project: ProjectModel, path: str, relpath: str, line: int, name: str
) -> Iterator[tuple[str, str, int, str]]:
    """A project's storage class deriving from a django-storages backend needs what that
    backend needs (`class StaticStorage(S3Storage)` needs boto3)."""
    if path.startswith(REMOTE_STORAGE_PREFIXES) or not _is_local(project, path):
        return
    base = remote_storage(project, path)
    if base is not None:
        yield base, relpath, line, name


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
        if project.is_dir(folder) or project.exists(f"{folder}.py"):
            return True
    return False
