"""Resolving a Django settings module to the values production will see, without importing it.

The resolver walks the module's top-level statements in order (last assignment wins), follows
`from .base import *` chains across files in place, applies mutations (`+=`, `.append`,
`X["k"] = v`, `.update(...)`), ignores optional `try: from .local import * / except ImportError`
imports, and takes the branch of an `if` that holds on a dyno (`if "DYNO" in os.environ:`;
`if DEBUG:` counts as not production). A branch that cannot be decided makes what it assigns
`Unknown`, so no rule reports a hard-coded value that production may never see.

It also models the layouts of shared notes django-config §3c-§4: django-split-settings'
`include()`/`optional()`, `django_heroku.settings(locals())` (what the helper assigns, in file
order), django-configurations classes (the class `DJANGO_CONFIGURATION` names, over its MRO),
pydantic-settings objects, modules chosen by an environment variable (`f".{ENV}"`,
`import_module(...)` then `globals().update(...)`), and dynaconf (every value overridable).
"""

from __future__ import annotations

import contextlib
import dataclasses
import posixpath
from collections.abc import Sequence
from dataclasses import field, replace
from typing import Callable, Optional

import libcst as cst

from ..records import frozen, mutable
from .envreads import EnvRead, envs_in, make_read, matching, with_feeds
from .envtruth import SpellingTruth, spelling_truth
from .pyeval import (
    PYDANTIC_TYPES,
    Evaluator,
    Scope,
    dotted,
    join_path,
    keyword_arg,
    names_development,
    path_of,
    path_value,
    string_literal,
)
from .pysource import ParseFailure, ParseResult, Positions, Span
from .values import (
    ABSENT_ON_DYNO,
    PRESENT_ON_DYNO,
    Const,
    Env,
    Map,
    Reader,
    Seq,
    Unknown,
    Value,
    truth_on_dyno,
)

HEROKU_HELPERS = {"django_heroku.settings", "django_on_heroku.settings"}
SPLIT_INCLUDE = "split_settings.tools.include"
CONFIGURATION_BASES = {"configurations.Configuration", "configurations.base.Configuration"}
PYDANTIC_BASES = {
    "pydantic_settings.BaseSettings",
    "pydantic_settings.main.BaseSettings",
    "pydantic.BaseSettings",
}
WHITENOISE_MIDDLEWARE = "whitenoise.middleware.WhiteNoiseMiddleware"
SECURITY_MIDDLEWARE = "django.middleware.security.SecurityMiddleware"
OPTIONAL_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
FLAG_TYPES = ("bool", "bool-of-str", "str", "int", "float")
MUTATING_METHODS = ("append", "insert", "extend", "remove", "update", "pop", "clear", "setdefault")


def catches_import_error(handler: cst.ExceptHandler) -> bool:
    """A bare `except:`, or one naming ImportError, ModuleNotFoundError or a base of them."""
    if handler.type is None:
        return True
    names = [dotted(handler.type)]
    if isinstance(handler.type, cst.Tuple):
        names = [dotted(element.value) for element in handler.type.elements]
    return any(name in OPTIONAL_IMPORT_ERRORS for name in names if name)


@frozen
class ResolvedSetting:
    name: str
    value: Value
    relpath: str
    span: Span
    node: cst.CSTNode = field(compare=False, repr=False)
    conditional: bool = False
    # For a flag read from the environment: its truth for each way production can leave the
    # variable (unset, "", "False", ...), when the expression can be run (envtruth).
    truth: Optional[SpellingTruth] = field(default=None, compare=False, repr=False)
    # The assignment this one overrides (`DEBUG = config("DEBUG")` above `DEBUG = True`), so a
    # fix can drop the override instead of adding a second reader.
    previous: Optional[ResolvedSetting] = field(default=None, compare=False, repr=False)

    @property
    def line(self) -> int:
        return self.span.line


@frozen
class ImportRecord:
    module: str
    relpath: str
    line: int


@frozen
class Selection:
    """A module or file chosen by an environment variable (`f"settings.{DJANGO_ENV}"`).

    `chosen` is what the resolver read: the default when it names production or nothing in
    particular, otherwise every candidate (`candidates`), keeping only what they agree on.
    """

    var: Optional[str]
    default: Optional[str]
    chosen: tuple[str, ...]
    candidates: tuple[str, ...]
    relpath: str
    line: int


@frozen
class ConstantTest:
    """An `if` test with a string literal as an operand of `and`/`or` (notes §2c B10)."""

    literal: str
    relpath: str
    line: int
    code: str


@mutable
class SettingsModel:
    """The production settings: the chain of modules read and every setting's final value."""

    entry: str
    modules: list[tuple[str, str]] = field(default_factory=list)  # (dotted name, relpath)
    values: dict[str, ResolvedSetting] = field(default_factory=dict)
    failures: list[ParseFailure] = field(default_factory=list)
    unresolved: list[ImportRecord] = field(default_factory=list)
    imports: list[ImportRecord] = field(default_factory=list)
    dynamic: list[str] = field(default_factory=list)
    selections: list[Selection] = field(default_factory=list)
    optional: list[ImportRecord] = field(default_factory=list)  # skipped local overrides
    configuration: Optional[str] = None  # the django-configurations class applied
    # dynaconf (or similar) lets the environment override any setting: hard-coded values are
    # then only defaults, and rules report them as info.
    overridable: bool = False
    constant_tests: list[ConstantTest] = field(default_factory=list)
    # Names assigned at least once outside any `if` (or in every branch of one).
    unconditional: set[str] = field(default_factory=set)
    # Settings assigned inside an `if DEBUG:` branch (or the `else` of `if not DEBUG:`) that
    # production may take, because DEBUG is on there for some spellings of its variable: the
    # value the branch assigns is then what production uses (HK403 reads SECRET_KEY here).
    debug_branch: dict[str, ResolvedSetting] = field(default_factory=dict)
    # Every environment read the chain makes on a dyno, in order (project/envreads.py).
    env_reads: list[EnvRead] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """True when every statement that could set a value was followed."""
        return not (self.failures or self.unresolved or self.dynamic)

    def only_conditional(self, name: str) -> bool:
        """True when `name` is set only inside `if` branches that not every run takes."""
        setting = self.values.get(name)
        return setting is not None and setting.conditional and name not in self.unconditional

    def get(self, name: str) -> ResolvedSetting | None:
        return self.values.get(name)

    def __contains__(self, name: str) -> bool:
        return name in self.values

    @property
    def relpath(self) -> str | None:
        return self.modules[0][1] if self.modules else None


@mutable
class _Context:
    dotted: str
    relpath: str
    package: str
    positions: Positions
    conditional: bool = False
    optional: bool = False
    in_class: bool = False
    debug_branch: bool = False  # inside a branch only a production with DEBUG on takes
    # What `__file__` names: `relpath`, except in a split-settings component, which runs in
    # the including module's globals and so sees that module's `__file__`.
    file: str = ""


@mutable
class _ClassInfo:
    """A class a settings module defines, kept to apply it if it is the configuration."""

    name: str
    node: cst.ClassDef
    ctx: _Context
    header: int  # the line of the `class ...:` header's end
    indent: int
    scope: Scope  # the module's names, for its bases and body
    resolver: SettingsResolver


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
        key = keys[0]
        if isinstance(key, Const) and isinstance(key.value, str):
            return replace(value, keys=value.keys | {key.value})
        return value
    key = keys[0]
    if not isinstance(value, Map) or not isinstance(key, Const):
        return Unknown("item assignment")
    current = value.get(key.value)
    updated = set_path(current, keys[1:], new)
    items = [(k, v) for k, v in value.items if not (isinstance(k, Const) and k.value == key.value)]
    return Map((*items, (key, updated)))


def dotted_of(relpath: str) -> str:
    """`server/settings/components/common.py` -> `server.settings.components.common`."""
    base = relpath[: -len(".py")] if relpath.endswith(".py") else relpath
    if base.endswith("/__init__"):
        base = base[: -len("/__init__")]
    return base.replace("/", ".")


def is_dev_name(name: str) -> bool:
    """A module or file name that names a developer's setup (`local`, `dev.py`)."""
    last = name.rsplit("/", 1)[-1].rsplit(".py", 1)[0].rsplit(".", 1)[-1]
    return names_development(last)


def get_path(value: Value | None, keys: list[Value]) -> Value | None:
    for key in keys:
        if not isinstance(value, Map) or not isinstance(key, Const):
            return None
        value = value.get(key.value)
    return value


class SettingsResolver:
    """Resolves one settings module.

    `locate` maps a dotted name to a relpath (or None), `load` parses a relpath, and `glob`
    lists the files (relpaths, sorted) an app-relative pattern matches, for split-settings'
    `include()`.
    """

    def __init__(
        self,
        locate: Callable[[str], str | None],
        load: Callable[[str], ParseResult],
        glob: Callable[[str], list[str]] | None = None,
    ) -> None:
        self.locate = locate
        self.load = load
        self.glob = glob or (lambda pattern: [])
        self.scope = Scope()
        self.evaluator = Evaluator(self.scope, self._dynamic)
        self._active: list[str] = []
        self._included: set[str] = set()
        self.model = SettingsModel(entry="")
        self.classes: dict[str, _ClassInfo] = {}  # by name, as the module binds them
        self._module_refs: dict[str, list[str]] = {}  # `m = import_module(...)`: modules
        self._subresolved: dict[str, SettingsResolver] = {}
        self.env_reads: list[EnvRead] = []
        self._env_reads_seen: set[EnvRead] = set()  # env_reads, for a constant-time `in`
        self._undecided = 0  # inside branches of a choice that cannot be decided

    def resolve(
        self,
        module: str,
        *,
        alternatives: Sequence[str] = (),
        configuration: str | None = None,
    ) -> SettingsModel:
        """The settings `module` gives; with `alternatives`, what it and they all agree on
        (the module was chosen by an environment variable whose value is not known)."""
        self.model = SettingsModel(entry=module)
        candidates = [module, *alternatives]
        located = [(name, self.locate(name)) for name in candidates]
        runs = [
            (lambda name=name, relpath=relpath: self._exec_module(name, relpath))
            for name, relpath in located
            if relpath is not None
        ]
        if len(runs) == 1:
            runs[0]()
        elif runs:
            self._fork(*runs)
        if configuration is not None or self._configuration_classes():
            self._apply_configuration(configuration)
        self.model.env_reads = with_feeds(self.env_reads, self.model.values)
        return self.model

    def resolve_file(self, relpath: str) -> SettingsModel:
        """Runs one module's top level (wsgi.py, a gunicorn config file) for its reads."""
        self.model = SettingsModel(entry=relpath)
        self._exec_module(dotted_of(relpath), relpath)
        self.model.env_reads = list(self.env_reads)
        return self.model

    # -- modules -----------------------------------------------------------------------------
    def _exec_module(
        self, module: str, relpath: str, package: str | None = None, file: str | None = None
    ) -> None:
        if relpath in self._active:
            return
        parsed = self.load(relpath)
        self.model.modules.append((module, relpath))
        if isinstance(parsed, ParseFailure):
            self.model.failures.append(parsed)
            return
        self._active.append(relpath)
        tree = parsed.module
        positions = Positions(tree, parsed.text)
        ctx = _Context(
            module,
            relpath,
            package if package is not None else package_of(module, relpath),
            positions,
            file=file if file is not None else relpath,
        )
        saved_file, self.evaluator.current_file = self.evaluator.current_file, ctx.file
        try:
            self._exec_block(tree.body, 1 + len(tree.header), 0, ctx)
        except RecursionError:
            self.model.dynamic.append(f"{relpath}: too deeply nested to follow")
        finally:
            self._active.pop()
            self.evaluator.current_file = saved_file

    def _dynamic(self, why: str) -> None:
        self.model.dynamic.append(why)

    def _use_scope(self, scope: Scope) -> Scope:
        saved = self.scope
        self.scope = scope
        self.evaluator.scope = scope
        return saved

    # -- blocks ------------------------------------------------------------------------------
    def _exec_block(
        self, stmts: Sequence[cst.BaseStatement], line: int, indent: int, ctx: _Context
    ) -> None:
        for stmt in stmts:
            span, next_line = ctx.positions.span(stmt, line, indent)
            self._exec_statement(stmt, span, indent, ctx, next_line)
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

    def _exec_statement(
        self, stmt: cst.CSTNode, span: Span, indent: int, ctx: _Context, next_line: int
    ) -> None:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                self._exec_small(small, span, ctx)
                self._note_reads(small, span, ctx)
        elif isinstance(stmt, cst.If):
            self._exec_if(stmt, span.line, indent, ctx)
        elif isinstance(stmt, cst.Try):
            self._exec_try(stmt, span.line, indent, ctx)
        elif isinstance(stmt, cst.ClassDef) and not ctx.in_class:
            self._forget_assigned(stmt, span, ctx)
            self._define_class(stmt, next_line, indent, ctx)
            self.evaluator.reads.clear()  # a pydantic class: its fields are read on creation
        elif isinstance(stmt, cst.FunctionDef) and not ctx.in_class:
            self._forget_assigned(stmt, span, ctx)
            self.scope.functions[stmt.name.value] = stmt
        else:
            self._forget_assigned(stmt, span, ctx)

    def _exec_if(self, node: cst.If, line: int, indent: int, ctx: _Context) -> None:
        header = ctx.positions.header_end(
            line, [node.whitespace_before_test, node.test, node.whitespace_after_test]
        )
        self._note_constant_test(node.test, line, ctx)
        truth, literal, debug_side = self._condition(node.test)
        self._record_reads(ctx, line, node.test, node.test, ())
        else_start = self._after(node.body, header, ctx)
        # A test decided by a literal (`if not DEBUG:` with `DEBUG = False`) is no condition:
        # every run, the build's included, takes the same branch.
        inner = _Context(**{**ctx.__dict__, "conditional": ctx.conditional or not literal})
        if truth is True:
            self._exec_body(node.body, header, indent, inner)
        elif truth is False:
            self._exec_else(node.orelse, else_start, indent, inner)
        else:
            debug = _Context(**{**inner.__dict__, "debug_branch": True})
            body = debug if debug_side is True else inner
            orelse = debug if debug_side is False else inner
            recorded: dict[str, ResolvedSetting] = {}

            def run(branch: Callable[[], None], records: bool) -> None:
                before = dict(self.model.debug_branch)
                branch()
                if records:
                    recorded.update(
                        (name, setting)
                        for name, setting in self.model.debug_branch.items()
                        if before.get(name) is not setting
                    )

            self._fork(
                lambda: run(
                    lambda: self._exec_body(node.body, header, indent, body), debug_side is True
                ),
                lambda: run(
                    lambda: self._exec_else(node.orelse, else_start, indent, orelse),
                    debug_side is False,
                ),
            )
            # The other branch forgot them (it assigns the same names); the debug branch's
            # values stay what a production with DEBUG on uses.
            self.model.debug_branch.update(recorded)
        if not ctx.conditional:
            self.model.unconditional.update(set.intersection(*branch_names(node)))

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

    def _condition(self, test: cst.BaseExpression) -> tuple[bool | None, bool, bool | None]:
        """Whether production takes the `if`: (truth, decided by a literal, which side runs
        when DEBUG is on: True for the body, False for the `else`, None when not a DEBUG test).
        """
        negated = False
        while isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
            negated = not negated
            test = test.expression
        literal, debug_side = False, None
        truth: bool | None
        if isinstance(test, cst.Name) and test.value in ("True", "False"):
            truth, literal = test.value == "True", True
        elif isinstance(test, cst.Name) and test.value == "DEBUG":
            truth, literal = self._debug_truth()
            if truth is None:
                debug_side = not negated
        else:
            truth = truth_on_dyno(self.evaluator.test_value(test))
        if truth is None:
            return None, False, debug_side
        return truth != negated, literal, None

    def _debug_truth(self) -> tuple[bool | None, bool]:
        """DEBUG's truth in production, and whether a literal decides it. `if DEBUG:` guards
        development-only code (rules.md) when DEBUG is off for every way production leaves
        its variable; a DEBUG on for some of them (HK402) may run the branch in production."""
        debug = self.scope.lookup("DEBUG")
        if isinstance(debug, Const):
            return bool(debug.value), True
        setting = self.model.values.get("DEBUG")
        if isinstance(debug, Env) and setting is not None and setting.value == debug:
            truth = setting.truth
            if truth is not None and truth.always_true:
                return True, False
            if truth is not None and truth.true_for:
                return None, False
            if debug.prod is True:
                return True, False
        return False, False

    def _note_constant_test(self, test: cst.BaseExpression, line: int, ctx: _Context) -> None:
        """`if "DATABASE_URL" and "POSTGIS_URL" in os.environ:` tests only the second part."""
        if not isinstance(test, cst.BooleanOperation):
            return
        for side in (test.left, test.right):
            literal = string_literal(side)
            if literal:
                self.model.constant_tests.append(
                    ConstantTest(literal, ctx.relpath, line, ctx.positions.code(test))
                )

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
        return catches_import_error(handler)

    def _fork(self, *branches: Callable[[], None]) -> None:
        """Run every branch of an undecidable choice and keep only what they agree on."""
        saved_values = dict(self.scope.values)
        saved_aliases = dict(self.scope.aliases)
        saved_functions = dict(self.scope.functions)
        saved_settings = dict(self.model.values)
        results: list[tuple[dict[str, Value], dict[str, ResolvedSetting]]] = []
        self._undecided += 1
        for index, branch in enumerate(branches):
            if index:
                self.scope.values = dict(saved_values)
                self.scope.aliases = dict(saved_aliases)
                self.scope.functions = dict(saved_functions)
                self.model.values = dict(saved_settings)
            branch()
            results.append((self.scope.values, self.model.values))
        self._undecided -= 1
        for name in set().union(*(scope for scope, _ in results)):
            seen = [scope.get(name) for scope, _ in results]
            if any(value != seen[0] for value in seen):
                self.scope.values[name] = Unknown("depends on a condition")
        for name in set().union(*(values for _, values in results)):
            found = [values.get(name) for _, values in results]
            present = [setting for setting in found if setting is not None]
            if len(present) == len(found) and all(
                setting.value == present[0].value for setting in present
            ):
                continue
            chosen = present[-1]
            self.model.values[name] = ResolvedSetting(
                name,
                Unknown("depends on a condition"),
                chosen.relpath,
                chosen.span,
                chosen.node,
                conditional=True,
            )

    # -- environment reads (project/envreads.py) -------------------------------------------
    def _note_reads(self, small: cst.BaseSmallStatement, span: Span, ctx: _Context) -> None:
        if not self.evaluator.reads:
            return
        expression = getattr(small, "value", None)
        names = tuple(sorted(assigned_names(small)))
        line = span.line
        if span.end_line > span.line:
            line = -1  # found per read below
        self._record_reads(ctx, line, small, expression, names, span.line)

    def _record_reads(
        self,
        ctx: _Context,
        line: int,
        node: cst.CSTNode,
        expression: object,
        names: tuple[str, ...],
        start: int = 0,
    ) -> None:
        """Turns the reads just evaluated into EnvRead facts at `line` (or, with line -1, at
        the line of each read inside the multi-line `node` starting at `start`)."""
        raw = list(self.evaluator.reads)
        self.evaluator.reads.clear()
        if not raw:
            return
        finals = [env for name in names for env in envs_in(self.scope.lookup(name))]
        feeds = tuple(name for name in names if is_setting_name(name))
        code = ctx.positions.code(node) if line == -1 else ""
        for env in raw:
            at = line
            if line == -1:
                found = code.find(ctx.positions.code(env.call)) if env.call is not None else -1
                at = start + (code[:found].count("\n") if found > 0 else 0)
            read = make_read(
                env,
                matching(env, finals),
                ctx.relpath,
                at,
                feeds,
                self._undecided > 0,
                expression if isinstance(expression, cst.BaseExpression) else None,
            )
            if read is not None and read not in self._env_reads_seen:
                self._env_reads_seen.add(read)
                self.env_reads.append(read)

    def _forget_assigned(self, stmt: cst.CSTNode, span: Span, ctx: _Context) -> None:
        """Loops, `with`, functions, classes: what they bind cannot be followed statically."""
        for name in assigned_names(stmt):
            self._bind(name, Unknown("assigned in a block"), span, stmt, ctx)

    # -- simple statements ------------------------------------------------------------------
    def _exec_small(self, small: cst.BaseSmallStatement, span: Span, ctx: _Context) -> None:
        if isinstance(small, cst.Assign):
            if isinstance(small.value, cst.Call):
                self._dynaconf(small.value, ctx)  # `settings = dynaconf.DjangoDynaconf(...)`
                if self._module_ref(small, span, ctx):
                    return
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
        if ctx.in_class:
            value = configuration_var(name, value)
        expr = assigned_expression(node, name)
        truth = None
        if is_setting_name(name) and expr is not None and not ctx.in_class:
            truth = self._truth(value, expr)
            if name == "DEBUG" and truth is not None and truth.always_true:
                assert isinstance(value, Env)
                value = replace(value, prod=True)  # on for every production spelling
        self.scope.bind(name, value)
        if expr is not None:
            self.scope.sources[name] = expr
        if is_setting_name(name):
            previous = self.model.values.get(name)
            if previous is not None:
                previous = replace(previous, previous=None)  # one step back is enough
            setting = ResolvedSetting(
                name,
                value,
                ctx.relpath,
                span,
                node,
                conditional=ctx.conditional,
                truth=truth,
                previous=previous,
            )
            self.model.values[name] = setting
            if ctx.debug_branch:
                self.model.debug_branch[name] = setting
            else:
                self.model.debug_branch.pop(name, None)  # assigned again: that value wins
            if not ctx.conditional:
                self.model.unconditional.add(name)

    def _truth(self, value: Value, expr: cst.BaseExpression) -> Optional[SpellingTruth]:
        """A flag's truth for each production spelling of the variable it reads."""
        if not isinstance(value, Env) or not value.var or value.type not in FLAG_TYPES:
            return None
        if value.var in PRESENT_ON_DYNO or value.var in ABSENT_ON_DYNO:
            return None  # set (or not) by the platform: production never chooses its value
        return spelling_truth(expr, self.evaluator, value.var, sources=self.scope.sources)

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
            self._heroku_helper(name or "", call, span, node, ctx)
            return
        if name == SPLIT_INCLUDE:
            self._include(call, span, ctx)
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
                if not self._update_from_module(call, span, ctx):
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
            self.model.overridable = True
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

    # -- django-heroku / django-on-heroku (notes §3c) ---------------------------------------
    def _heroku_helper(
        self, name: str, call: cst.Call, span: Span, node: cst.CSTNode, ctx: _Context
    ) -> None:
        """`django_heroku.settings(locals())`: what the helper assigns, at the call's line."""

        def enabled(keyword: str) -> bool:
            for arg in call.args:
                if arg.keyword is not None and arg.keyword.value == keyword:
                    return self.evaluator.evaluate(arg.value) != Const(False)
            return True

        def bind(setting: str, value: Value) -> None:
            self._bind(setting, value, span, node, ctx)

        if enabled("databases"):
            # On a dyno with Postgres attached, DATABASE_URL is set: default = config(...).
            current = self.scope.lookup("DATABASES")
            if not isinstance(current, Map):
                current = Map(((Const("default"), Const(None)),))
            url = Env(
                "DATABASE_URL",
                "db",
                name,
                call=call,
                keys=frozenset({"CONN_MAX_AGE", "OPTIONS"}),
            )
            bind("DATABASES", set_path(current, [Const("default")], url))
        if enabled("staticfiles"):
            base = self.scope.lookup("BASE_DIR")
            root = join_path(path_of(base), "staticfiles") if base is not None else None
            bind("STATIC_ROOT", path_value(root, "str-path"))
            bind("STATIC_URL", Const("/static/"))
            bind("MIDDLEWARE", self._with_whitenoise(name))
            bind(
                "STATICFILES_STORAGE",
                Const("whitenoise.storage.CompressedManifestStaticFilesStorage"),
            )
        if enabled("allowed_hosts"):
            bind("ALLOWED_HOSTS", Seq("list", (Const("*"),)))
        if enabled("logging"):
            bind("LOGGING", Unknown(f"set by {name}()"))
        if enabled("secret_key"):
            # `if "SECRET_KEY" in os.environ: SECRET_KEY = os.environ["SECRET_KEY"]`
            current = self.scope.lookup("SECRET_KEY")
            secret = Env("SECRET_KEY", "str", name, default=current, call=call)
            previous = self.model.values.get("SECRET_KEY")
            bind("SECRET_KEY", secret)
            if previous is not None:
                # The value to change is still the one written before the call.
                self.model.values["SECRET_KEY"] = replace(previous, value=secret)

    def _with_whitenoise(self, name: str) -> Value:
        """MIDDLEWARE after the helper: WhiteNoise first (django-heroku) or right after
        SecurityMiddleware (django-on-heroku), as a tuple."""
        current = self.scope.lookup("MIDDLEWARE")
        if not isinstance(current, Seq):
            return Unknown(f"set by {name}()")
        items = list(current.items)
        index = 0
        if name.startswith("django_on_heroku"):
            for position, item in enumerate(items):
                if item == Const(SECURITY_MIDDLEWARE):
                    index = position + 1
                    break
        items.insert(index, Const(WHITENOISE_MIDDLEWARE))
        return Seq("tuple", tuple(items))

    # -- django-split-settings --------------------------------------------------------------
    def _include(self, call: cst.Call, span: Span, ctx: _Context) -> None:
        """`include("components/*.py", optional("local.py"), scope=globals())`: each file runs
        in this module's namespace, paths relative to the including file (split_settings.tools).
        """
        base = posixpath.dirname(ctx.relpath)
        for arg in call.args:
            if arg.keyword is not None:
                continue
            value = self.evaluator.evaluate(arg.value)
            items = value.items if arg.star == "*" and isinstance(value, Seq) else (value,)
            if arg.star and not isinstance(value, Seq):
                self._dynamic(f"{ctx.relpath}:{span.line}: include(*...)")
                continue
            for item in items:
                self._include_one(item, base, span, ctx)

    def _include_one(self, item: Value, base: str, span: Span, ctx: _Context) -> None:
        optional = isinstance(item, Unknown) and item.hint == "optional"
        if optional:
            assert isinstance(item, Unknown)
            if item.prefix:
                pattern = join_path(base, item.prefix)
                self.model.optional.append(
                    ImportRecord(pattern or item.prefix, ctx.relpath, span.line)
                )
            return  # a local override: production does not have it (like `try: from .local`)
        if isinstance(item, Env) and item.pattern is not None:
            self._include_selected(item, base, span, ctx)
            return
        if not (isinstance(item, Const) and isinstance(item.value, str)):
            self._dynamic(f"{ctx.relpath}:{span.line}: include() of a computed path")
            return
        pattern = join_path(base, item.value)
        files = self.glob(pattern) if pattern is not None else []
        if not files:
            self.model.unresolved.append(ImportRecord(item.value, ctx.relpath, span.line))
            return
        for relpath in files:
            self._include_file(relpath, ctx)

    def _include_file(self, relpath: str, ctx: _Context) -> None:
        if relpath in self._included:
            return  # split-settings includes each file once
        self._included.add(relpath)
        # split_settings.tools.include() runs the file with `exec(code, scope)`, `scope` being
        # the including module's globals: `__file__` stays that module's, in nested includes
        # too; only `__included_file__` names the component, and it is not followed here.
        # (wemake-services/django-split-settings, split_settings/tools.py at 824b2193 and
        # 0672e610: neither sets `__file__` in the scope.)
        self._exec_module(dotted_of(relpath), relpath, package=ctx.package, file=ctx.file)

    def _include_selected(self, item: Env, base: str, span: Span, ctx: _Context) -> None:
        default = item.default.value if isinstance(item.default, Const) else None
        pattern = join_path(base, item.pattern or "")
        candidates = [
            relpath
            for relpath in (self.glob(pattern) if pattern is not None else [])
            if not relpath.endswith("/__init__.py")
        ]
        chosen_default = join_path(base, default) if isinstance(default, str) else None
        chosen = self._select(item.var, chosen_default, candidates, span, ctx)
        if not chosen:
            self.model.unresolved.append(
                ImportRecord(str(default or item.pattern), ctx.relpath, span.line)
            )
            return
        runs = [(lambda relpath=relpath: self._include_file(relpath, ctx)) for relpath in chosen]
        if len(runs) == 1:
            runs[0]()
        else:
            self._fork(*runs)

    def _select(
        self,
        var: str | None,
        default: str | None,
        candidates: list[str],
        span: Span,
        ctx: _Context,
    ) -> list[str]:
        """Which of `candidates` to read for a name chosen by `var` (notes §4 step 2): its
        default, unless that names a developer setup and others exist; then all of them."""
        if default is not None and default in candidates and not is_dev_name(default):
            chosen = [default]
        elif default is not None and default not in candidates and not candidates:
            chosen = []
        else:
            chosen = list(candidates) or ([default] if default else [])
        self.model.selections.append(
            Selection(var, default, tuple(chosen), tuple(candidates), ctx.relpath, span.line)
        )
        return chosen

    # -- modules chosen at run time ----------------------------------------------------------
    def _module_ref(self, assign: cst.Assign, span: Span, ctx: _Context) -> bool:
        """`module = importlib.import_module(f"config.settings.{ENV}")`: remembered, so a later
        `globals().update(vars(module))` reads it like a star import. True when handled."""
        call = assign.value
        assert isinstance(call, cst.Call)
        if self.evaluator.qualified(call.func) != "importlib.import_module" or not call.args:
            return False
        targets = [t.target for t in assign.targets]
        if len(targets) != 1 or not isinstance(targets[0], cst.Name):
            return False
        name = self.evaluator.evaluate(call.args[0].value)
        package_node = self.evaluator.argument(call.args, 1, "package")
        package = self.evaluator.evaluate(package_node) if package_node is not None else None
        prefix = ""
        if isinstance(package, Const) and isinstance(package.value, str):
            prefix = package.value
        elif package_node is not None and dotted(package_node) == "__package__":
            prefix = ctx.package

        def absolute(module: str) -> str:
            if not module.startswith("."):
                return module
            up = len(module) - len(module.lstrip(".")) - 1
            parts = prefix.split(".") if prefix else []
            parts = parts[: len(parts) - up] if up else parts
            return ".".join([*parts, module.lstrip(".")])

        modules: list[str] = []
        if isinstance(name, Const) and isinstance(name.value, str):
            modules = [absolute(name.value)]
        elif isinstance(name, Env) and name.pattern is not None:
            pattern = absolute(name.pattern)
            default = (
                absolute(name.default.value)
                if isinstance(name.default, Const) and isinstance(name.default.value, str)
                else None
            )
            candidates = self._sibling_modules(pattern)
            modules = self._select(name.var, default, candidates, span, ctx)
        self.scope.bind(targets[0].value, Unknown("module"))
        self._module_refs[targets[0].value] = modules
        return bool(modules)

    def _sibling_modules(self, pattern: str) -> list[str]:
        """Dotted modules matching `config.settings.*` (one `*` for the variable)."""
        head, _, tail = pattern.partition("*")
        if "*" in tail or "." in tail:
            return []
        package = head.rstrip(".")
        base = self.locate(package)
        if base is None or not base.endswith("__init__.py"):
            return []
        folder = base.rsplit("/", 1)[0]
        found = []
        for relpath in self.glob(f"{folder}/*.py"):
            stem = relpath.rsplit("/", 1)[-1][: -len(".py")]
            if stem != "__init__":
                found.append(f"{package}.{stem}")
        return found

    def _update_from_module(self, call: cst.Call, span: Span, ctx: _Context) -> bool:
        """`globals().update(vars(module))` (or `module.__dict__`, or a comprehension over
        `dir(module)`) after `module = import_module(...)`: a star import of that module."""
        names = {
            node.value
            for node in _names_in(call)
            if isinstance(node, cst.Name) and node.value in self._module_refs
        }
        if len(names) != 1:
            return False
        modules = self._module_refs[names.pop()]
        runs = []
        for module in modules:
            relpath = self.locate(module)
            if relpath is None:
                self.model.unresolved.append(ImportRecord(module, ctx.relpath, span.line))
                continue
            runs.append(lambda module=module, relpath=relpath: self._exec_module(module, relpath))
        if len(runs) == 1:
            runs[0]()
        elif runs:
            self._fork(*runs)
        return bool(runs) or bool(modules)

    # -- classes: django-configurations, pydantic-settings ----------------------------------
    def _define_class(self, node: cst.ClassDef, next_line: int, indent: int, ctx: _Context) -> None:
        bases = [self.evaluator.qualified(base.value) for base in node.bases]
        if any(base in PYDANTIC_BASES for base in bases):
            self.scope.bind(node.name.value, self._pydantic_reader(node))
            return
        if not node.bases:
            return
        header = next_line - ctx.positions.code(node.body).count("\n")
        self.classes[node.name.value] = _ClassInfo(
            node.name.value, node, ctx, header, indent, self.scope, self
        )

    def _pydantic_reader(self, node: cst.ClassDef) -> Reader:
        """A pydantic-settings class: each annotated field reads the variable of its name
        (prefixed by `env_prefix`, or its `alias`), parsed as its annotation says."""
        body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
        prefix = self._pydantic_prefix(body)
        fields: list[tuple[str, str, Value | None]] = []
        names: list[tuple[str, str]] = []
        for statement in body:
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                if not isinstance(small, cst.AnnAssign) or not isinstance(small.target, cst.Name):
                    continue
                attr = small.target.value
                default, alias = self._pydantic_default(small.value)
                fields.append((attr, _annotation_type(small.annotation.annotation), default))
                names.append((attr, alias or f"{prefix}{attr}".upper()))
        return Reader("pydantic", tuple(fields), tuple(names))

    def _pydantic_prefix(self, body: Sequence[cst.BaseStatement]) -> str:
        """`model_config = SettingsConfigDict(env_prefix=...)` or `class Config: env_prefix`."""
        for statement in body:
            if isinstance(statement, cst.ClassDef) and statement.name.value == "Config":
                return _class_string(statement, "env_prefix") or ""
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                if (
                    isinstance(small, cst.Assign)
                    and any(dotted(t.target) == "model_config" for t in small.targets)
                    and isinstance(small.value, cst.Call)
                ):
                    found = keyword_arg(small.value.args, "env_prefix")
                    return (string_literal(found) if found is not None else None) or ""
        return ""

    def _pydantic_default(
        self, value: cst.BaseExpression | None
    ) -> tuple[Value | None, str | None]:
        """A field's default (None when required) and its alias, from `= x` or `Field(...)`."""
        if value is None:
            return None, None
        if not (isinstance(value, cst.Call) and (dotted(value.func) or "").endswith("Field")):
            return self.evaluator.evaluate(value), None
        default: Value | None = None
        given = self.evaluator.argument(value.args, 0, "default")
        if given is not None and not isinstance(given, cst.Ellipsis):
            default = self.evaluator.evaluate(given)
        alias = None
        for keyword in ("alias", "validation_alias"):
            alias_node = keyword_arg(value.args, keyword)
            if alias_node is not None:
                alias = string_literal(alias_node) or alias
        return default, alias

    def _configuration_classes(self) -> list[str]:
        return [name for name, info in self.classes.items() if self._is_configuration(info, set())]

    def _is_configuration(self, info: _ClassInfo, seen: set[int]) -> bool:
        if id(info) in seen:
            return False
        seen.add(id(info))
        for base in info.node.bases:
            found = info.resolver._class_for(base.value, info)
            if isinstance(found, str) and found in CONFIGURATION_BASES:
                return True
            if isinstance(found, _ClassInfo) and self._is_configuration(found, seen):
                return True
        return False

    def _class_for(self, node: cst.BaseExpression, info: _ClassInfo) -> _ClassInfo | str | None:
        """The class a base expression names: a class of the project, or an outside name."""
        name = dotted(node)
        if name is None:
            return None
        if name in info.resolver.classes and info.resolver.classes[name] is not info:
            return info.resolver.classes[name]
        head, _, rest = name.partition(".")
        qualified = info.scope.aliases.get(head)
        if qualified is None:
            return name
        full = f"{qualified}.{rest}" if rest else qualified
        module, _, class_name = full.rpartition(".")
        if full in CONFIGURATION_BASES or not module or self.locate(module) is None:
            return full
        resolver = self._subresolver(module)
        return resolver.classes.get(class_name) if resolver is not None else full

    def _subresolver(self, module: str) -> SettingsResolver | None:
        if module not in self._subresolved:
            relpath = self.locate(module)
            if relpath is None or relpath in self._active:
                return None
            resolver = SettingsResolver(self.locate, self.load, self.glob)
            resolver._subresolved = self._subresolved
            resolver.env_reads = self.env_reads  # Python runs the whole module on import
            resolver._env_reads_seen = self._env_reads_seen
            self._subresolved[module] = resolver
            resolver.model = SettingsModel(entry=module)
            resolver._exec_module(module, relpath)
        return self._subresolved[module]

    def _mro(self, info: _ClassInfo) -> list[_ClassInfo | str]:
        """C3 linearisation over project classes; outside classes are leaves."""

        visiting: set[int] = set()

        def linearise(item: _ClassInfo | str, depth: int) -> list[_ClassInfo | str]:
            if isinstance(item, str) or depth > 20 or id(item) in visiting:
                return [item]  # an outside class, or a cycle Python would never accept
            visiting.add(id(item))
            bases: list[_ClassInfo | str] = []
            for base in item.node.bases:
                found = item.resolver._class_for(base.value, item)
                bases.append(found if found is not None else "?")
            sequences = [linearise(base, depth + 1) for base in bases] + [list(bases)]
            visiting.discard(id(item))
            result: list[_ClassInfo | str] = [item]
            while any(sequences):
                for sequence in sequences:
                    if not sequence:
                        continue
                    head = sequence[0]
                    if not any(head in other[1:] for other in sequences):
                        break
                else:
                    return [item, *bases]  # inconsistent: Python would refuse it
                result.append(head)
                sequences = [
                    other[1:] if other and other[0] == head else other for other in sequences
                ]
            return result

        return linearise(info, 0)

    def _apply_configuration(self, name: str | None) -> None:
        """django-configurations: the module gets the upper-case attributes of the class
        `DJANGO_CONFIGURATION` names, inherited ones included (configurations/base.py)."""
        classes = self._configuration_classes()
        if name is None or name not in self.classes:
            if classes:
                why = "not set" if name is None else f"names {name!r}, which is not defined"
                self._dynamic(
                    f"DJANGO_CONFIGURATION {why}: settings come from {', '.join(classes)}"
                )
            return
        info = self.classes[name]
        self.model.configuration = name
        for item in reversed(self._mro(info)):
            if isinstance(item, str):
                if item not in CONFIGURATION_BASES and item not in ("object", "?"):
                    continue
                if item == "?":
                    self._dynamic(f"{info.ctx.relpath}: a base class of {name} was not found")
                continue
            self._exec_class_body(item)

    def _exec_class_body(self, info: _ClassInfo) -> None:
        if not any(relpath == info.ctx.relpath for _, relpath in self.model.modules):
            self.model.modules.append((info.ctx.dotted, info.ctx.relpath))
        class_scope = info.scope.copy()
        saved = self._use_scope(class_scope)
        saved_file, self.evaluator.current_file = self.evaluator.current_file, info.ctx.file
        ctx = _Context(**{**info.ctx.__dict__, "in_class": True})
        try:
            self._exec_body(info.node.body, info.header, info.indent, ctx)
        finally:
            self._use_scope(saved)
            self.evaluator.current_file = saved_file

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
            self.scope.functions.pop(local, None)
            self.classes.pop(local, None)
            self._imported_name(local, module, name, node, span, ctx)

    def _imported_name(
        self, local: str, module: str, name: str, node: cst.ImportFrom, span: Span, ctx: _Context
    ) -> None:
        """`from .base import BASE_DIR` or `from .production import Production` from a module
        of the project: the value (or class) it defines there, read on its own."""
        if self.locate(module) is None:
            return
        resolver = self._subresolver(module)
        if resolver is None:
            return
        found = resolver.scope.values.get(name)
        if name in resolver.classes:
            self.classes[local] = resolver.classes[name]
        elif found is not None and (not isinstance(found, Unknown) or found.hint):
            # A value worth more than the name's alias (a class or function stays an alias,
            # so `Configuration` still reads as configurations.Configuration).
            self._bind(local, found, span, node, ctx)
        elif name in resolver.scope.functions:
            self.scope.functions[local] = resolver.scope.functions[name]

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
            self.model.optional.append(ImportRecord(module, ctx.relpath, span.line))
            return
        self._exec_module(module, relpath)
        for name, info in list(self._subresolved.get(module, self).classes.items()):
            self.classes.setdefault(name, info)


def configuration_var(name: str, value: Value) -> Value:
    """A django-configurations value reads DJANGO_<NAME> unless told otherwise."""
    if isinstance(value, Env) and value.reader == "configurations" and value.var is None:
        prefix = "DJANGO"
        call = value.call
        if isinstance(call, cst.Call):
            for arg in call.args:
                if arg.keyword is not None and arg.keyword.value == "environ_prefix":
                    literal = string_literal(arg.value)
                    prefix = literal.rstrip("_") if literal else ""
        return replace(value, var=f"{prefix}_{name}" if prefix else name)
    return value


def assigned_expression(node: cst.CSTNode, name: str) -> Optional[cst.BaseExpression]:
    """The expression a plain `name = ...` (or `name: T = ...`) statement assigns to `name`."""
    if isinstance(node, cst.Assign):
        targets = [target.target for target in node.targets]
        if all(isinstance(target, cst.Name) for target in targets) and any(
            isinstance(target, cst.Name) and target.value == name for target in targets
        ):
            return node.value
    if (
        isinstance(node, cst.AnnAssign)
        and isinstance(node.target, cst.Name)
        and node.target.value == name
    ):
        return node.value
    return None


def branch_names(node: cst.If) -> list[set[str]]:
    """The names each branch of an if/elif/else chain assigns (an empty set for no `else`)."""
    branches = [assigned_names(node.body)]
    orelse = node.orelse
    if isinstance(orelse, cst.If):
        branches.extend(branch_names(orelse))
    elif isinstance(orelse, cst.Else):
        branches.append(assigned_names(orelse.body))
    else:
        branches.append(set())
    return branches


def _names_in(node: cst.CSTNode) -> list[cst.Name]:
    found: list[cst.Name] = []

    class Finder(cst.CSTVisitor):
        def visit_Name(self, name: cst.Name) -> None:
            found.append(name)

    node.visit(Finder())
    return found


def _class_string(node: cst.ClassDef, name: str) -> str | None:
    body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
    for statement in body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Assign) and any(
                    dotted(t.target) == name for t in small.targets
                ):
                    return string_literal(small.value)
    return None


def _annotation_type(node: cst.BaseExpression) -> str:
    """`bool` -> "bool", `Optional[List[str]]` -> "list", `str | None` -> "str"."""
    if isinstance(node, cst.BinaryOperation):  # `str | None`
        left = _annotation_type(node.left)
        return left if left != "converted" else _annotation_type(node.right)
    if isinstance(node, cst.Subscript):
        outer = (dotted(node.value) or "").rsplit(".", 1)[-1]
        if outer in ("Optional", "Annotated") and node.slice:
            inner = node.slice[0].slice
            if isinstance(inner, cst.Index):
                return _annotation_type(inner.value)
        return PYDANTIC_TYPES.get(outer, "converted")
    name = (dotted(node) or string_literal(node) or "").rsplit(".", 1)[-1]
    return PYDANTIC_TYPES.get(name, "converted")


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
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, (cst.FunctionDef, cst.ClassDef)):
            names.add(current.name.value)
            continue  # what a def or class binds inside stays inside
        if isinstance(current, (cst.AssignTarget, cst.AnnAssign, cst.AugAssign, cst.For, cst.Del)):
            names.update(_target_names(current.target))
        elif isinstance(current, cst.Call):
            # `MIDDLEWARE.append(m)` in a loop changes MIDDLEWARE as much as an assignment does.
            func = current.func
            if isinstance(func, cst.Attribute) and func.attr.value in MUTATING_METHODS:
                names.update(_base_name(func.value))
        stack.extend(_children(current))
    return names


# The fields of each node type that hold nodes. A CSTVisitor would rebuild every node it
# passes (LibCST's visit is a transform), which made this a fifth of a large module's check.
_NODE_FIELDS: dict[type, tuple[str, ...]] = {}


def _children(node: cst.CSTNode) -> list[cst.CSTNode]:
    kind = type(node)
    names = _NODE_FIELDS.get(kind)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(node))
        _NODE_FIELDS[kind] = names
    found: list[cst.CSTNode] = []
    for name in names:
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            found.append(value)
        elif isinstance(value, (list, tuple)):
            found.extend(item for item in value if isinstance(item, cst.CSTNode))
    return found


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
