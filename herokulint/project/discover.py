"""Finding the Django project the way Heroku does: manage.py, the settings module, modules.

manage.py: the classic buildpack runs `find . -maxdepth 3 -type f -name manage.py`, sorts by
depth and takes the first (bin/steps/collectstatic; notes heroku-platform §1c): the shallowest
regular file, ties broken by path, symlinks not found.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Optional

import libcst as cst

from ..files import find_manage_py as find_manage_py  # re-exported: discovery's first step
from ..records import frozen
from .pyeval import Evaluator, Scope, dotted, join_path, path_of
from .pysource import per_module
from .values import Const, Env


@frozen
class SettingsChoice:
    """Where DJANGO_SETTINGS_MODULE comes from: the module, the file/line and any env variable."""

    module: str
    # "--settings", "config", "Procfile", "app.json", "heroku.yml", the Dockerfile's relpath,
    # or manage.py/wsgi.py's relpath
    origin: str
    line: int = 1
    env_var: Optional[str] = None  # set when the name is built from an environment variable
    # For a name built around a variable (`f"config.settings.{ENV}"`): the name with `*` where
    # the variable's value goes, to find the other modules it may select.
    pattern: Optional[str] = None
    # What kind of evidence this is (a label of project/settings_evidence.py): a default that
    # manage.py or wsgi.py sets unless told otherwise.
    evidence: str = "entry-default"


SETTINGS_VAR = "DJANGO_SETTINGS_MODULE"
CONFIGURATION_VAR = "DJANGO_CONFIGURATION"  # django-configurations' class name


def settings_module_in(module: cst.Module, relpath: str, text: str) -> Optional[SettingsChoice]:
    """The DJANGO_SETTINGS_MODULE default a manage.py / wsgi.py / asgi.py sets, if any."""
    return env_default_in(module, relpath, text, SETTINGS_VAR)


def configuration_in(module: cst.Module, relpath: str, text: str) -> Optional[SettingsChoice]:
    """The DJANGO_CONFIGURATION default (a class name) a manage.py / wsgi.py sets, if any."""
    return env_default_in(module, relpath, text, CONFIGURATION_VAR)


def env_default_in(
    module: cst.Module, relpath: str, text: str, var: str
) -> Optional[SettingsChoice]:
    """The value `os.environ.setdefault(var, ...)` or `os.environ[var] = ...` gives `var`."""
    if var not in text and "\\" not in text:
        return None  # no string can spell `var` (an escape could): skip walking the tree
    found: list[tuple[cst.CSTNode, cst.BaseExpression]] = []  # (the setting code, the value)
    # Code under `if sys.argv[1] == "test":` runs for `manage.py test` only, never on Heroku.
    test_only: set[int] = set()

    class Marker(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            test_only.add(id(node))
            return True

    class Finder(cst.CSTVisitor):
        def visit_If(self, node: cst.If) -> None:
            if _tests_for_the_test_command(node.test):
                node.body.visit(Marker())

        def visit_Call(self, call: cst.Call) -> None:
            name = dotted(call.func) or ""
            if name.endswith("environ.setdefault") and len(call.args) >= 2:
                key = call.args[0].value
                if isinstance(key, cst.SimpleString) and key.evaluated_value == var:
                    found.append((call, call.args[1].value))

        def visit_Assign(self, assign: cst.Assign) -> None:
            for target in assign.targets:
                node = target.target
                if isinstance(node, cst.Subscript) and (dotted(node.value) or "").endswith(
                    "environ"
                ):
                    index = node.slice[0].slice if node.slice else None
                    if (
                        isinstance(index, cst.Index)
                        and isinstance(index.value, cst.SimpleString)
                        and index.value.evaluated_value == var
                    ):
                        found.append((assign, assign.value))

    try:
        module.visit(Finder())
    except RecursionError:
        return None
    found = [item for item in found if id(item[0]) not in test_only] or found
    if not found:
        return None
    node, value = found[0]
    name, env_var, pattern = _module_name(value)
    if name is None:
        return None
    return SettingsChoice(name, relpath, _line_of(module, node), env_var, pattern)


def called_helper_modules(module: cst.Module) -> list[str]:
    """The modules a manage.py / wsgi.py imports a function from and calls (`from environment
    import get_env` ... `get_env()`): such a helper may set DJANGO_SETTINGS_MODULE for it
    (PatrickCmd/flight-booking-application). Absolute imports only, in source order."""
    imported: dict[str, str] = {}  # the local name -> the module it comes from
    called: set[str] = set()

    class Finder(cst.CSTVisitor):
        def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
            if node.relative or node.module is None or isinstance(node.names, cst.ImportStar):
                return
            source = dotted(node.module)
            if source is None or source.split(".")[0] in ("django", "os", "sys"):
                return
            for alias in node.names:
                local = alias.asname.name if alias.asname else alias.name
                if isinstance(local, cst.Name):
                    imported.setdefault(local.value, source)

        def visit_Call(self, call: cst.Call) -> None:
            if isinstance(call.func, cst.Name):
                called.add(call.func.value)

    try:
        module.visit(Finder())
    except RecursionError:
        return []
    return list(dict.fromkeys(source for name, source in imported.items() if name in called))


def _tests_for_the_test_command(test: cst.BaseExpression) -> bool:
    """`sys.argv[1] == "test"`, `"test" in sys.argv`: a branch for `manage.py test`."""
    mentions_argv = False
    mentions_test = False

    class Finder(cst.CSTVisitor):
        def visit_Attribute(self, node: cst.Attribute) -> None:
            nonlocal mentions_argv
            mentions_argv = mentions_argv or node.attr.value == "argv"

        def visit_SimpleString(self, node: cst.SimpleString) -> None:
            nonlocal mentions_test
            mentions_test = mentions_test or node.evaluated_value in ("test", "pytest")

    test.visit(Finder())
    return mentions_argv and mentions_test


def _line_of(module: cst.Module, node: cst.CSTNode) -> int:
    """The line `node` starts on. A comment or another call naming the variable may come
    first, so the text's first mention is not it. Entry files are small: positions for the
    whole module are affordable here."""
    from libcst.metadata import MetadataWrapper, PositionProvider

    def positions() -> Any:
        return MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)

    return per_module(_POSITIONS, module, positions)[node].start.line


# An entry file's positions, computed once: the settings choice asks about each variable.
_POSITIONS: dict[int, tuple[cst.Module, Any]] = {}


def _module_name(
    expr: cst.BaseExpression,
) -> tuple[Optional[str], Optional[str], Optional[str]]:
    """A literal name, or the default of a name built from the environment (and its variable
    and pattern)."""
    value = Evaluator(_os_scope()).evaluate(expr)
    if isinstance(value, Const) and isinstance(value.value, str):
        return value.value, None, None
    if (
        isinstance(value, Env)
        and isinstance(value.default, Const)
        and isinstance(value.default.value, str)
    ):
        return value.default.value, value.var, value.pattern
    return None, None, None


def _os_scope() -> Scope:
    scope = Scope()
    scope.aliases["os"] = "os"
    return scope


def module_candidates(module: str) -> list[str]:
    """Relative file paths a dotted module name may live at, in import order.

    Not only identifiers: gunicorn (`util.import_app`) and Django (`Settings.__init__`) load
    the name with `importlib.import_module`, whose path finder looks up each part as a file
    or folder name, so `proj.wsgi-prod` imports `proj/wsgi-prod.py`. An empty part (a
    relative or malformed name) or a path separator never resolves."""
    parts = module.split(".")
    if not module or not all(_importable_part(part) for part in parts):
        return []
    base = module.replace(".", "/")
    return [f"{base}.py", f"{base}/__init__.py"]


def _importable_part(part: str) -> bool:
    return bool(part) and part == part.strip() and not any(c in part for c in "/\\\0")


def sys_path_additions(
    module: cst.Module, relpath: str, cwd: str = ""
) -> tuple[list[str], list[str]]:
    """The app folders a manage.py / wsgi.py at `relpath` puts on sys.path before Django
    imports the settings: (inserted first, appended). Read from `sys.path.insert(0, ...)` and
    `sys.path.append(...)` calls at module level, under `if __name__ == "__main__":` and in a
    `def main():`, whose argument is a literal or a path built from `__file__`
    (`os.path.join(BASE_DIR, "src")`, `BASE_DIR / "src"`). A relative literal is relative to
    the process's working directory, `cwd`: the app root for the build's `python
    manage.py collectstatic` and the release phase (notes heroku-platform §1c)."""
    evaluator = Evaluator(Scope())
    evaluator.current_file = relpath
    first: list[str] = []
    last: list[str] = []
    for call in _startup_calls(module.body, evaluator):
        name = evaluator.qualified(call.func)
        if name not in ("sys.path.append", "sys.path.insert") or not call.args:
            continue
        folder = _folder(evaluator, call.args[-1].value, cwd)
        if folder is None:
            continue
        front = name == "sys.path.insert" and _is_zero(call.args[0].value)
        (first if front else last).append(folder)
    return first, last


def _startup_calls(body: Sequence[cst.BaseStatement], evaluator: Evaluator) -> Iterator[cst.Call]:
    """The calls statements of `body` make, in order, binding imports and names on the way;
    into `if __name__ == "__main__":` and `def main():` (which that block calls)."""
    for statement in body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
                    yield small.value
                else:
                    _bind(small, evaluator)
        else:
            yield from _startup_calls(_startup_block(statement), evaluator)


def _startup_block(statement: cst.BaseStatement) -> Sequence[cst.BaseStatement]:
    """The body of `if __name__ == "__main__":` or `def main():`, else nothing."""
    if (isinstance(statement, cst.If) and _is_main_test(statement.test)) or (
        isinstance(statement, cst.FunctionDef) and statement.name.value == "main"
    ):
        return statement.body.body if isinstance(statement.body, cst.IndentedBlock) else ()
    return ()


def _bind(small: cst.BaseSmallStatement, evaluator: Evaluator) -> None:
    """Import aliases (`import os`, `from pathlib import Path`) and `NAME = value`."""
    scope = evaluator.scope
    if isinstance(small, cst.Import):
        for alias in small.names:
            full = dotted(alias.name) or ""
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                scope.aliases[alias.asname.name.value] = full
            else:
                scope.aliases[full.split(".")[0]] = full.split(".")[0]
    elif isinstance(small, cst.ImportFrom) and not small.relative and small.module is not None:
        module = dotted(small.module)
        if module and not isinstance(small.names, cst.ImportStar):
            for alias in small.names:
                name = dotted(alias.name) or ""
                local = name
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    local = alias.asname.name.value
                scope.aliases[local] = f"{module}.{name}"
    elif isinstance(small, cst.Assign):
        value = evaluator.evaluate(small.value)
        for target in small.targets:
            if isinstance(target.target, cst.Name):
                scope.bind(target.target.value, value)


def _folder(evaluator: Evaluator, node: cst.BaseExpression, cwd: str) -> Optional[str]:
    """The app-relative folder an argument names: a literal (relative to `cwd`), or a path
    built from `__file__`, possibly through `str(...)`."""
    value = evaluator.evaluate(node)
    if isinstance(value, Const) and isinstance(value.value, str):
        return join_path(cwd, value.value) if value.value else None
    return path_of(value)


def _is_zero(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Integer) and node.value == "0"


def _is_main_test(test: cst.BaseExpression) -> bool:
    """`__name__ == "__main__"` (either way round)."""
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return False
    target = test.comparisons[0]
    sides = {dotted(test.left), dotted(target.comparator)}
    literals = [
        node.evaluated_value
        for node in (test.left, target.comparator)
        if isinstance(node, cst.SimpleString)
    ]
    return (
        isinstance(target.operator, cst.Equal) and "__name__" in sides and literals == ["__main__"]
    )
