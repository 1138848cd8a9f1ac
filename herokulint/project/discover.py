"""Finding the Django project the way Heroku does: manage.py, the settings module, modules.

manage.py: the classic buildpack runs `find . -maxdepth 3 -type f -name manage.py`, sorts by
depth and takes the first (bin/steps/collectstatic; notes heroku-platform §1c): the shallowest
regular file, ties broken by path, symlinks not found.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import libcst as cst

from .pyeval import Evaluator, Scope, dotted
from .values import Const, Env

# Folders no Heroku app keeps its own manage.py in; skipping them keeps the walk cheap.
SKIP_DIRS = {".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache"}
MAX_DEPTH = 3  # the buildpack's -maxdepth 3: ./manage.py, a/manage.py, a/b/manage.py


def find_manage_py(root: Path) -> Optional[str]:
    """The buildpack's manage.py (relpath, "/"-separated), or None."""
    level = [""]
    for _depth in range(MAX_DEPTH):
        hits: list[str] = []
        below: list[str] = []
        for rel in level:
            try:
                entries = list(os.scandir(root / rel if rel else root))
            except OSError:
                continue
            for entry in entries:
                path = f"{rel}/{entry.name}" if rel else entry.name
                try:
                    if entry.is_symlink():
                        continue
                    if entry.name == "manage.py" and entry.is_file():
                        hits.append(path)
                    elif entry.is_dir() and entry.name not in SKIP_DIRS:
                        below.append(path)
                except OSError:
                    continue
        if hits:
            return sorted(hits)[0]
        level = sorted(below)
    return None


@dataclass(frozen=True)
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
    found: list[cst.BaseExpression] = []

    class Finder(cst.CSTVisitor):
        def visit_Call(self, call: cst.Call) -> None:
            name = dotted(call.func) or ""
            if name.endswith("environ.setdefault") and len(call.args) >= 2:
                key = call.args[0].value
                if isinstance(key, cst.SimpleString) and key.evaluated_value == var:
                    found.append(call.args[1].value)

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
                        found.append(assign.value)

    try:
        module.visit(Finder())
    except RecursionError:
        return None
    if not found:
        return None
    line = next(
        (number for number, content in enumerate(text.splitlines(), 1) if var in content),
        1,
    )
    name, env_var, pattern = _module_name(found[0])
    if name is None:
        return None
    return SettingsChoice(name, relpath, line, env_var, pattern)


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
    """Relative file paths a dotted module name may live at, in import order."""
    if not module or not all(part.isidentifier() for part in module.split(".")):
        return []
    base = module.replace(".", "/")
    return [f"{base}.py", f"{base}/__init__.py"]
