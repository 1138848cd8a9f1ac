"""Resolving a Django settings module to the values production will see, without importing it.

The resolver walks the module's top-level statements in order (last assignment wins), follows
`from .base import *` chains across files in place, applies mutations (`+=`, `.append`,
`X["k"] = v`, `.update(...)`), ignores optional `try: from .local import * / except ImportError`
imports, and takes the branch of an `if` that holds on a dyno (`if "DYNO" in os.environ:`;
`if DEBUG:` counts as not production). A branch that cannot be decided makes what it assigns
`Unknown`, so no rule reports a hard-coded value that production may never see.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Callable

import libcst as cst

from .pyeval import Evaluator, Scope, dotted, string_literal
from .pysource import ParseFailure, ParseResult, Positions, Span
from .values import Const, Env, Map, Seq, Unknown, Value, truth_on_dyno

# What django-heroku / django-on-heroku's `settings(locals())` assigns (notes django-config §3c).
HEROKU_HELPER_SETS = (
    "ALLOWED_HOSTS",
    "DATABASES",
    "LOGGING",
    "MIDDLEWARE",
    "STATICFILES_STORAGE",
    "STATIC_ROOT",
    "STATIC_URL",
)
HEROKU_HELPERS = {"django_heroku.settings", "django_on_heroku.settings"}
OPTIONAL_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
MUTATING_METHODS = ("append", "insert", "extend", "remove", "update", "pop", "clear", "setdefault")


@dataclass(frozen=True)
class ResolvedSetting:
    name: str
    value: Value
    relpath: str
    span: Span
    node: cst.CSTNode = field(compare=False, repr=False)
    conditional: bool = False

    @property
    def line(self) -> int:
        return self.span.line


@dataclass(frozen=True)
class ImportRecord:
    module: str
    relpath: str
    line: int


@dataclass
class SettingsModel:
    """The production settings: the chain of modules read and every setting's final value."""

    entry: str
    modules: list[tuple[str, str]] = field(default_factory=list)  # (dotted name, relpath)
    values: dict[str, ResolvedSetting] = field(default_factory=dict)
    failures: list[ParseFailure] = field(default_factory=list)
    unresolved: list[ImportRecord] = field(default_factory=list)
    imports: list[ImportRecord] = field(default_factory=list)
    dynamic: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """True when every statement that could set a value was followed."""
        return not (self.failures or self.unresolved or self.dynamic)

    def get(self, name: str) -> ResolvedSetting | None:
        return self.values.get(name)

    def __contains__(self, name: str) -> bool:
        return name in self.values

    @property
    def relpath(self) -> str | None:
        return self.modules[0][1] if self.modules else None


@dataclass
class _Context:
    dotted: str
    relpath: str
    package: str
    positions: Positions
    conditional: bool = False
    optional: bool = False


def is_setting_name(name: str) -> bool:
    return name.isupper() and not name.startswith("_")


def package_of(dotted_name: str, relpath: str) -> str:
    if relpath.endswith("__init__.py"):
        return dotted_name
    return dotted_name.rpartition(".")[0]


def set_path(value: Value | None, keys: list[Value], new: Value) -> Value:
    """`value` with `value[k1][k2]... = new`; Unknown when a level is not a literal dict."""
    if not keys:
        return new
    if isinstance(value, Env) and value.type == "db":
        # `DATABASES["default"]["CONN_MAX_AGE"] = 500` after `dj_database_url.config()`: the
        # dict still comes from the URL, with one option changed.
        return value
    key = keys[0]
    if not isinstance(value, Map) or not isinstance(key, Const):
        return Unknown("item assignment")
    current = value.get(key.value)
    updated = set_path(current, keys[1:], new)
    items = [(k, v) for k, v in value.items if not (isinstance(k, Const) and k.value == key.value)]
    return Map((*items, (key, updated)))


def get_path(value: Value | None, keys: list[Value]) -> Value | None:
    for key in keys:
        if not isinstance(value, Map) or not isinstance(key, Const):
            return None
        value = value.get(key.value)
    return value


class SettingsResolver:
    """Resolves one settings module. `locate` maps a dotted name to a relpath (or None)."""

    def __init__(
        self,
        locate: Callable[[str], str | None],
        load: Callable[[str], ParseResult],
    ) -> None:
        self.locate = locate
        self.load = load
        self.scope = Scope()
        self.evaluator = Evaluator(self.scope, self._dynamic)
        self._active: list[str] = []
        self.model = SettingsModel(entry="")

    def resolve(self, module: str) -> SettingsModel:
        self.model = SettingsModel(entry=module)
        relpath = self.locate(module)
        if relpath is not None:
            self._exec_module(module, relpath)
        return self.model

    # -- modules -----------------------------------------------------------------------------
    def _exec_module(self, module: str, relpath: str) -> None:
        if relpath in self._active:
            return
        parsed = self.load(relpath)
        self.model.modules.append((module, relpath))
        if isinstance(parsed, ParseFailure):
            self.model.failures.append(parsed)
            return
        self._active.append(relpath)
        tree = parsed.module
        positions = Positions(tree)
        ctx = _Context(module, relpath, package_of(module, relpath), positions)
        try:
            self._exec_block(tree.body, 1 + len(tree.header), 0, ctx)
        except RecursionError:
            self.model.dynamic.append(f"{relpath}: too deeply nested to follow")
        finally:
            self._active.pop()

    def _dynamic(self, why: str) -> None:
        self.model.dynamic.append(why)

    # -- blocks ------------------------------------------------------------------------------
    def _exec_block(
        self, stmts: Sequence[cst.BaseStatement], line: int, indent: int, ctx: _Context
    ) -> None:
        for stmt in stmts:
            span, next_line = ctx.positions.span(stmt, line, indent)
            self._exec_statement(stmt, span, indent, ctx)
            line = next_line

    def _exec_body(
        self, block: cst.BaseSuite, header_line: int, indent: int, ctx: _Context
    ) -> None:
        if isinstance(block, cst.IndentedBlock):
            width = len(
                block.indent if block.indent is not None else ctx.positions.module.default_indent
            )
            self._exec_block(block.body, header_line + 1, indent + width, ctx)
        elif isinstance(block, cst.SimpleStatementSuite):
            span = Span(header_line, indent + 1, header_line, indent + 1)
            for small in block.body:
                self._exec_small(small, span, ctx)

    def _after(self, block: cst.BaseSuite, header_line: int, ctx: _Context) -> int:
        return header_line + ctx.positions.code(block).count("\n")

    def _exec_statement(self, stmt: cst.CSTNode, span: Span, indent: int, ctx: _Context) -> None:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                self._exec_small(small, span, ctx)
        elif isinstance(stmt, cst.If):
            self._exec_if(stmt, span.line, indent, ctx)
        elif isinstance(stmt, cst.Try):
            self._exec_try(stmt, span.line, indent, ctx)
        else:
            self._forget_assigned(stmt, span, ctx)

    def _exec_if(self, node: cst.If, line: int, indent: int, ctx: _Context) -> None:
        header = ctx.positions.header_end(
            line, [node.whitespace_before_test, node.test, node.whitespace_after_test]
        )
        truth = self._condition(node.test)
        else_start = self._after(node.body, header, ctx)
        inner = _Context(**{**ctx.__dict__, "conditional": True})
        if truth is True:
            self._exec_body(node.body, header, indent, inner)
        elif truth is False:
            self._exec_else(node.orelse, else_start, indent, inner)
        else:
            self._fork(
                lambda: self._exec_body(node.body, header, indent, inner),
                lambda: self._exec_else(node.orelse, else_start, indent, inner),
            )

    def _exec_else(
        self, orelse: cst.If | cst.Else | None, start: int, indent: int, ctx: _Context
    ) -> None:
        if orelse is None:
            return
        line = start + len(orelse.leading_lines)
        if isinstance(orelse, cst.If):
            self._exec_if(orelse, line, indent, ctx)
        else:
            header = ctx.positions.header_end(line, [orelse.whitespace_before_colon])
            self._exec_body(orelse.body, header, indent, ctx)

    def _condition(self, test: cst.BaseExpression) -> bool | None:
        # `if DEBUG:` guards development-only code (rules.md: "if DEBUG: blocks do not" count).
        negated = False
        while isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
            negated = not negated
            test = test.expression
        if isinstance(test, cst.Name) and test.value == "DEBUG":
            debug = self.scope.lookup("DEBUG")
            truth: bool | None = debug.value if isinstance(debug, Const) else False
            truth = bool(truth)
        else:
            truth = truth_on_dyno(self.evaluator.evaluate(test))
        if truth is None:
            return None
        return truth != negated

    def _exec_try(self, node: cst.Try, line: int, indent: int, ctx: _Context) -> None:
        optional = any(self._catches_import_error(handler) for handler in node.handlers)
        inner = _Context(**{**ctx.__dict__, "optional": ctx.optional or optional})
        positions = ctx.positions
        header = positions.header_end(line, [node.whitespace_before_colon])
        self._exec_body(node.body, header, indent, inner)
        after = self._after(node.body, header, ctx)
        for handler in node.handlers:
            header = positions.header_end(
                after + len(handler.leading_lines),
                [
                    handler.whitespace_after_except,
                    handler.type,
                    handler.name,
                    handler.whitespace_before_colon,
                ],
            )
            after = self._after(handler.body, header, ctx)
        for tail in (node.orelse, node.finalbody):
            if tail is not None:
                header = positions.header_end(
                    after + len(tail.leading_lines), [tail.whitespace_before_colon]
                )
                self._exec_body(tail.body, header, indent, ctx)
                after = self._after(tail.body, header, ctx)

    def _catches_import_error(self, handler: cst.ExceptHandler) -> bool:
        if handler.type is None:
            return True
        names = [dotted(handler.type)]
        if isinstance(handler.type, cst.Tuple):
            names = [dotted(element.value) for element in handler.type.elements]
        return any(name in OPTIONAL_IMPORT_ERRORS for name in names if name)

    def _fork(self, first: Callable[[], None], second: Callable[[], None]) -> None:
        """Run both branches of an undecidable `if` and keep only what they agree on."""
        saved = (dict(self.scope.values), dict(self.scope.aliases), dict(self.model.values))
        first()
        a_scope, a_values = self.scope.values, self.model.values
        self.scope.values, self.scope.aliases, self.model.values = (
            dict(saved[0]),
            dict(saved[1]),
            dict(saved[2]),
        )
        second()
        for name in set(a_scope) | set(self.scope.values):
            if a_scope.get(name) != self.scope.values.get(name):
                self.scope.values[name] = Unknown("depends on a condition")
        for name in set(a_values) | set(self.model.values):
            left, right = a_values.get(name), self.model.values.get(name)
            if left is not None and right is not None and left.value == right.value:
                continue
            chosen = left or right
            assert chosen is not None
            self.model.values[name] = ResolvedSetting(
                name,
                Unknown("depends on a condition"),
                chosen.relpath,
                chosen.span,
                chosen.node,
                conditional=True,
            )

    def _forget_assigned(self, stmt: cst.CSTNode, span: Span, ctx: _Context) -> None:
        """Loops, `with`, functions, classes: what they bind cannot be followed statically."""
        for name in assigned_names(stmt):
            self._bind(name, Unknown("assigned in a block"), span, stmt, ctx)

    # -- simple statements ------------------------------------------------------------------
    def _exec_small(self, small: cst.BaseSmallStatement, span: Span, ctx: _Context) -> None:
        if isinstance(small, cst.Assign):
            if isinstance(small.value, cst.Call):
                self._dynaconf(small.value, ctx)  # `settings = dynaconf.DjangoDynaconf(...)`
            value = self.evaluator.evaluate(small.value)
            for target in small.targets:
                self._assign(target.target, value, span, small, ctx)
        elif isinstance(small, cst.AnnAssign) and small.value is not None:
            self._assign(small.target, self.evaluator.evaluate(small.value), span, small, ctx)
        elif isinstance(small, cst.AugAssign):
            self._aug_assign(small, span, ctx)
        elif isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
            self._exec_call(small.value, span, small, ctx)
        elif isinstance(small, cst.Import):
            self._import(small, span, ctx)
        elif isinstance(small, cst.ImportFrom):
            self._import_from(small, span, ctx)
        elif isinstance(small, cst.Del):
            for name in assigned_names(small):
                self.scope.values.pop(name, None)
                self.model.values.pop(name, None)

    def _bind(self, name: str, value: Value, span: Span, node: cst.CSTNode, ctx: _Context) -> None:
        self.scope.bind(name, value)
        if is_setting_name(name):
            self.model.values[name] = ResolvedSetting(
                name, value, ctx.relpath, span, node, conditional=ctx.conditional
            )

    def _assign(
        self, target: cst.BaseExpression, value: Value, span: Span, node: cst.CSTNode, ctx: _Context
    ) -> None:
        if isinstance(target, cst.Name):
            self._bind(target.value, value, span, node, ctx)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._assign(element.value, Unknown("unpacked"), span, node, ctx)
        elif isinstance(target, cst.StarredElement):
            self._assign(target.value, Unknown("unpacked"), span, node, ctx)
        elif isinstance(target, cst.Subscript):
            base, keys = self._subscript_path(target)
            if base is not None:
                current = self.scope.lookup(base)
                self._bind(base, set_path(current, keys, value), span, node, ctx)

    def _subscript_path(self, node: cst.BaseExpression) -> tuple[str | None, list[Value]]:
        keys: list[Value] = []
        while isinstance(node, cst.Subscript):
            if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
                return None, []
            keys.insert(0, self.evaluator.evaluate(node.slice[0].slice.value))
            node = node.value
        if isinstance(node, cst.Name) and node.value in self.scope.values:
            return node.value, keys
        return None, []

    def _aug_assign(self, node: cst.AugAssign, span: Span, ctx: _Context) -> None:
        if isinstance(node.target, cst.Subscript):
            # `LOGGING["handlers"] |= {...}` changes the item; what it becomes is not followed.
            self._assign(node.target, Unknown("augmented assignment"), span, node, ctx)
            return
        if not isinstance(node.target, cst.Name):
            return
        name = node.target.value
        current = self.scope.lookup(name)
        added = self.evaluator.evaluate(node.value)
        new: Value = Unknown("augmented assignment")
        if isinstance(node.operator, cst.AddAssign):
            if isinstance(current, Seq) and isinstance(added, Seq):
                new = Seq(current.kind, current.items + added.items)
            elif isinstance(current, Const) and isinstance(added, Const):
                with contextlib.suppress(TypeError):  # "a" + 1: the assignment raises
                    new = Const(current.value + added.value)
        self._bind(name, new, span, node, ctx)

    def _exec_call(self, call: cst.Call, span: Span, node: cst.CSTNode, ctx: _Context) -> None:
        name = self.evaluator.qualified(call.func)
        if name in HEROKU_HELPERS:
            for setting in HEROKU_HELPER_SETS:
                self._bind(setting, Unknown(f"set by {name}()"), span, node, ctx)
            return
        if self._dynaconf(call, ctx):
            return
        if name in ("exec", "execfile") or (name or "").startswith(("globals", "locals", "vars")):
            self._dynamic(f"{ctx.relpath}:{span.line}: {name}")
            return
        func = call.func
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Call):
            inner = self.evaluator.qualified(func.value.func)
            if inner in ("globals", "locals", "vars"):
                self._dynamic(f"{ctx.relpath}:{span.line}: {inner}().{func.attr.value}")
                return
        if isinstance(func, cst.Attribute):
            self._mutate(func, call, span, node, ctx)
        else:
            self.evaluator.evaluate(call)  # still notices exec-like calls

    def _dynaconf(self, call: cst.Call, ctx: _Context) -> bool:
        """Notes `dynaconf.DjangoDynaconf(__name__)`, which lets the environment override any
        setting; True when `call` is it."""
        name = self.evaluator.qualified(call.func)
        if name and name.endswith("DjangoDynaconf"):
            self._dynamic(f"{ctx.relpath}: {name}() may override any setting")
            return True
        return False

    def _mutate(
        self, func: cst.Attribute, call: cst.Call, span: Span, node: cst.CSTNode, ctx: _Context
    ) -> None:
        base, keys = self._subscript_path(func.value)
        if base is None:
            return
        method = func.attr.value
        root = self.scope.lookup(base)
        current = get_path(root, keys)
        args = [self.evaluator.evaluate(arg.value) for arg in call.args]
        new = mutated(current, method, args)
        if new is None:
            return
        self._bind(base, set_path(root, keys, new), span, node, ctx)

    # -- imports -----------------------------------------------------------------------------
    def _import(self, node: cst.Import, span: Span, ctx: _Context) -> None:
        for alias in node.names:
            full = dotted(alias.name) or ""
            self.model.imports.append(ImportRecord(full, ctx.relpath, span.line))
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self.scope.aliases[alias.asname.name.value] = full
                self.scope.values.pop(alias.asname.name.value, None)
            else:
                head = full.split(".")[0]
                self.scope.aliases[head] = head
                self.scope.values.pop(head, None)

    def _import_from(self, node: cst.ImportFrom, span: Span, ctx: _Context) -> None:
        module = self._absolute(node, ctx)
        if module is None:
            return
        if isinstance(node.names, cst.ImportStar):
            self._star_import(module, span, ctx)
            return
        if not node.relative:
            self.model.imports.append(ImportRecord(module, ctx.relpath, span.line))
        for alias in node.names:
            name = dotted(alias.name) or ""
            local = name
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            self.scope.aliases[local] = f"{module}.{name}"
            self.scope.values.pop(local, None)

    def _absolute(self, node: cst.ImportFrom, ctx: _Context) -> str | None:
        name = dotted(node.module) if node.module is not None else ""
        if not node.relative:
            return name
        package = ctx.package.split(".") if ctx.package else []
        up = len(node.relative) - 1
        if up > len(package):
            return None
        base = package[: len(package) - up]
        return ".".join([*base, name] if name else base)

    def _star_import(self, module: str, span: Span, ctx: _Context) -> None:
        relpath = self.locate(module)
        if relpath is None:
            if not ctx.optional:
                self.model.unresolved.append(ImportRecord(module, ctx.relpath, span.line))
            return
        if ctx.optional:
            # `try: from .local import * except ImportError:` is a developer's override that
            # production does not have (it is normally git-ignored).
            return
        self._exec_module(module, relpath)


def mutated(current: Value | None, method: str, args: list[Value]) -> Value | None:
    """The value after `current.method(*args)`; None for a call that does not mutate."""
    if method not in MUTATING_METHODS:
        return None
    if isinstance(current, Seq):
        if method == "append" and len(args) == 1:
            return Seq(current.kind, (*current.items, args[0]))
        if method == "insert" and len(args) == 2 and isinstance(args[0], Const):
            index = args[0].value if isinstance(args[0].value, int) else len(current.items)
            items = list(current.items)
            items.insert(index, args[1])
            return Seq(current.kind, tuple(items))
        if method == "extend" and len(args) == 1 and isinstance(args[0], Seq):
            return Seq(current.kind, current.items + args[0].items)
        if method == "remove" and len(args) == 1:
            items = list(current.items)
            if args[0] in items:
                items.remove(args[0])
            return Seq(current.kind, tuple(items))
    if isinstance(current, Map) and method == "update" and len(args) == 1:
        if isinstance(args[0], Map):
            merged = current
            for key, value in args[0].items:
                merged = set_path(merged, [key], value)  # type: ignore[assignment]
            return merged
        if isinstance(args[0], Env):
            return args[0]
    if isinstance(current, Env) and current.type == "db" and method in ("update", "setdefault"):
        return current  # options added to the URL's database: it still comes from the URL
    return Unknown(f".{method}()")


def assigned_names(node: cst.CSTNode) -> set[str]:
    """Names a statement may bind (assignments, defs, classes, loop targets), at any depth."""
    names: set[str] = set()

    class Collector(cst.CSTVisitor):
        def visit_Name(self, name: cst.Name) -> None:
            return None

        def visit_AssignTarget(self, target: cst.AssignTarget) -> None:
            names.update(_target_names(target.target))

        def visit_AnnAssign(self, assign: cst.AnnAssign) -> None:
            names.update(_target_names(assign.target))

        def visit_AugAssign(self, assign: cst.AugAssign) -> None:
            names.update(_target_names(assign.target))

        def visit_For(self, loop: cst.For) -> None:
            names.update(_target_names(loop.target))

        def visit_FunctionDef(self, func: cst.FunctionDef) -> bool:
            names.add(func.name.value)
            return False

        def visit_ClassDef(self, klass: cst.ClassDef) -> bool:
            names.add(klass.name.value)
            return False

        def visit_Del(self, delete: cst.Del) -> None:
            names.update(_target_names(delete.target))

        def visit_Call(self, call: cst.Call) -> None:
            # `MIDDLEWARE.append(m)` in a loop changes MIDDLEWARE as much as an assignment does.
            func = call.func
            if isinstance(func, cst.Attribute) and func.attr.value in MUTATING_METHODS:
                names.update(_base_name(func.value))

    node.visit(Collector())
    return names


def _target_names(target: cst.BaseExpression) -> set[str]:
    if isinstance(target, cst.Name):
        return {target.value}
    if isinstance(target, (cst.Tuple, cst.List)):
        found: set[str] = set()
        for element in target.elements:
            found |= _target_names(element.value)
        return found
    if isinstance(target, cst.StarredElement):
        return _target_names(target.value)
    if isinstance(target, cst.Subscript):
        return _base_name(target)
    return set()


def _base_name(node: cst.BaseExpression) -> set[str]:
    """The name `X["a"]["b"]` (or plain `X`) changes: {"X"}, or nothing for `a.b[...]`."""
    while isinstance(node, cst.Subscript):
        node = node.value
    return {node.value} if isinstance(node, cst.Name) else set()


# Unused import guard for type checkers: Env and string_literal are part of this module's API.
__all__ = ["Env", "ResolvedSetting", "SettingsModel", "SettingsResolver", "string_literal"]
