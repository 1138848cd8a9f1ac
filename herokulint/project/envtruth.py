"""For which values of its environment variable is a settings expression true?

`spelling_truth(expr, evaluator)` runs a settings expression that reads one environment
variable (`os.environ.get("DEBUG", "True") == "True"`, `env.bool("DEBUG", default=True)`,
`str2bool(os.getenv("DEBUG"))` with the settings' own helper) once for each way production can
leave that variable: unset, `""`, `"False"`, `"false"`, `"0"`, `"no"` (or any spellings the caller
asks about), with Python's semantics and those of the library that reads it. Nothing of the
project is imported or run: the expression's LibCST tree is interpreted here, over literal
values only, and whatever is not understood makes that spelling's outcome unknown.

A boolean setting is safe only when it is false for every production spelling (HK402), and an
`if DEBUG:` branch is production code when DEBUG can be on there. The same answer tells which
values turn a flag off (`SpellingTruth.turns_off`).

Library semantics (shared notes config-vars §4, read from the wheels' source):
- django-environ `Env.bool` / a `bool` cast: `int(v) != 0`, else `v.lower().strip()` in
  `true on ok y yes 1`; an unset variable gives the default as written, not parsed.
- python-decouple `config(..., cast=bool)`: `y yes t true on 1` / `n no f false off 0 ""`
  (lower-cased), anything else raises; the default is cast too.
- `distutils.util.strtobool`: `y yes t true on 1` / `n no f false off 0`, anything else raises.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable, Sequence
from typing import Any, Optional, Union

import libcst as cst

from ..i18n import joined, msg
from ..records import frozen
from .pyeval import Evaluator, dotted, string_literal
from .values import ABSENT_ON_DYNO, PRESENT_ON_DYNO, Const, Env, Reader

# The ways production can leave a flag that is meant to be off: not set at all (None), set
# empty, or set to one of the spellings people use for "off".
PRODUCTION_SPELLINGS: tuple[Optional[str], ...] = (None, "", "False", "false", "0", "no")
RAISES = "raises"  # the expression raises for this spelling (the settings fail to load)
Outcome = Union[bool, str, None]  # True, False, RAISES, or None (cannot be known)

ENVIRON_TRUE = ("true", "on", "ok", "y", "yes", "1")
DECOUPLE_BOOLEANS = {
    **dict.fromkeys(("y", "yes", "t", "true", "on", "1"), True),
    **dict.fromkeys(("n", "no", "f", "false", "off", "0", ""), False),
}
STRTOBOOL = {k: v for k, v in DECOUPLE_BOOLEANS.items() if k}
STR_METHODS = {
    "lower",
    "upper",
    "strip",
    "lstrip",
    "rstrip",
    "casefold",
    "title",
    "capitalize",
    "startswith",
    "endswith",
    "isdigit",
    "isnumeric",
    "split",
}
BUILTINS: dict[str, Callable[..., Any]] = {
    "bool": bool,
    "int": int,
    "float": float,
    "str": str,
    "len": len,
}
MAX_DEPTH = 6  # names and helpers read through, to stop recursion


@frozen
class SpellingTruth:
    """An expression's outcome for each spelling of the variable it reads."""

    var: str
    outcomes: tuple[tuple[Optional[str], Outcome], ...]

    def outcome(self, spelling: Optional[str]) -> Outcome:
        return dict(self.outcomes).get(spelling)

    @property
    def true_for(self) -> tuple[Optional[str], ...]:
        """The spellings for which the expression is certainly true."""
        return tuple(spelling for spelling, outcome in self.outcomes if outcome is True)

    @property
    def always_true(self) -> bool:
        return bool(self.outcomes) and all(outcome is True for _, outcome in self.outcomes)

    @property
    def turns_off(self) -> tuple[str, ...]:
        """The values that, set as the variable, make the expression false."""
        return tuple(
            spelling
            for spelling, outcome in self.outcomes
            if spelling is not None and outcome is False
        )


def describe(spelling: Optional[str]) -> str:
    """`unset`, or the value in double quotes, for messages."""
    return msg("unset") if spelling is None else f'"{spelling}"'


def describe_all(spellings: Sequence[Optional[str]]) -> str:
    """`unset, "" or "False"`."""
    words = [describe(spelling) for spelling in spellings]
    if len(words) == 1:
        return words[0]
    return msg("{items} or {last}", items=joined(words[:-1], ", "), last=words[-1])


def spelling_truth(
    expr: cst.BaseExpression,
    evaluator: Evaluator,
    var: str,
    spellings: Sequence[Optional[str]] = PRODUCTION_SPELLINGS,
    sources: Optional[dict[str, cst.BaseExpression]] = None,
) -> Optional[SpellingTruth]:
    """The truth of `expr` for each spelling of `var`, or None when no spelling is decided.

    `evaluator` resolves the settings' names and imports as they stand where `expr` is
    written; `sources` maps names bound earlier to the expressions they were assigned (so
    `_debug = os.getenv("DEBUG", "")` then `DEBUG = _debug.lower() == "true"` is followed).
    """
    outcomes: list[tuple[Optional[str], Outcome]] = []
    for spelling in spellings:
        run = _Run(evaluator, var, spelling, sources or {})
        outcome: Outcome
        try:
            outcome = bool(run.value(expr))
        except _Raised:
            outcome = RAISES
        except _Undecided:
            outcome = None
        except Exception:  # an operation on literals that Python refuses: the settings raise
            outcome = RAISES
        outcomes.append((spelling, outcome))
    if all(outcome is None for _, outcome in outcomes):
        return None
    return SpellingTruth(var, tuple(outcomes))


class _Undecided(Exception):
    """The expression depends on something this reader does not follow."""


class _Raised(Exception):
    """The expression raises for this spelling."""


_UNSET = object()


class _Run:
    """One concrete run of an expression, with the variable set to one spelling."""

    def __init__(
        self,
        evaluator: Evaluator,
        var: str,
        spelling: Optional[str],
        sources: dict[str, cst.BaseExpression],
        local: Optional[dict[str, Any]] = None,
        depth: int = 0,
    ) -> None:
        self.evaluator = evaluator
        self.var = var
        self.spelling = spelling
        self.sources = sources
        self.local = local or {}
        self.depth = depth

    def nested(self, local: dict[str, Any]) -> _Run:
        if self.depth >= MAX_DEPTH:
            raise _Undecided("too deep")
        return _Run(self.evaluator, self.var, self.spelling, self.sources, local, self.depth + 1)

    # -- expressions -------------------------------------------------------------------------
    def value(self, node: cst.BaseExpression) -> Any:
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
            text = string_literal(node)
            if text is None:
                raise _Undecided("bytes")
            return text
        if isinstance(node, (cst.Integer, cst.Float)):
            return node.evaluated_value
        if isinstance(node, cst.Name):
            return self.name(node.value)
        if isinstance(node, (cst.Tuple, cst.List, cst.Set)):
            if any(isinstance(element, cst.StarredElement) for element in node.elements):
                raise _Undecided("starred")
            items = [self.value(element.value) for element in node.elements]
            return set(items) if isinstance(node, cst.Set) else tuple(items)
        if isinstance(node, cst.Comparison):
            return self.comparison(node)
        if isinstance(node, cst.BooleanOperation):
            left = self.value(node.left)
            if isinstance(node.operator, cst.Or):
                return left if left else self.value(node.right)
            return self.value(node.right) if left else left
        if isinstance(node, cst.UnaryOperation):
            operand = self.value(node.expression)
            if isinstance(node.operator, cst.Not):
                return not operand
            if isinstance(node.operator, cst.Minus):
                return -operand
            raise _Undecided("unary")
        if isinstance(node, cst.IfExp):
            return self.value(node.body) if self.value(node.test) else self.value(node.orelse)
        if isinstance(node, cst.Subscript):
            return self.subscript(node)
        if isinstance(node, cst.Call):
            return self.call(node)
        raise _Undecided(type(node).__name__)

    def name(self, name: str) -> Any:
        if name in self.local:
            return self.local[name]
        if name in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[name]
        bound = self.evaluator.scope.lookup(name)
        if isinstance(bound, Const):
            return bound.value
        if isinstance(bound, Env) and name in self.sources:
            return self.nested({}).value(self.sources[name])
        raise _Undecided(f"name {name}")

    def comparison(self, node: cst.Comparison) -> bool:
        left = node.left
        for target in node.comparisons:
            if not self.compare(left, target.operator, target.comparator):
                return False
            left = target.comparator
        return True

    def compare(
        self,
        left_node: cst.BaseExpression,
        operator: cst.BaseCompOp,
        right_node: cst.BaseExpression,
    ) -> bool:
        if isinstance(operator, (cst.In, cst.NotIn)) and self.is_environ(right_node):
            present = self.present(left_node)
            return present != isinstance(operator, cst.NotIn)
        left, right = self.value(left_node), self.value(right_node)
        if isinstance(operator, cst.Equal):
            return bool(left == right)
        if isinstance(operator, cst.NotEqual):
            return bool(left != right)
        if isinstance(operator, cst.In):
            return left in right
        if isinstance(operator, cst.NotIn):
            return left not in right
        if isinstance(operator, cst.Is):
            return left is right
        if isinstance(operator, cst.IsNot):
            return left is not right
        if isinstance(operator, cst.LessThan):
            return bool(left < right)
        if isinstance(operator, cst.GreaterThan):
            return bool(left > right)
        if isinstance(operator, cst.LessThanEqual):
            return bool(left <= right)
        if isinstance(operator, cst.GreaterThanEqual):
            return bool(left >= right)
        raise _Undecided("operator")

    def is_environ(self, node: cst.BaseExpression) -> bool:
        return self.qualified(node) == "os.environ"

    def present(self, node: cst.BaseExpression) -> bool:
        """`"X" in os.environ`."""
        name = self.value(node)
        if name == self.var:
            return self.spelling is not None
        if name in PRESENT_ON_DYNO:
            return True
        if name in ABSENT_ON_DYNO:
            return False
        raise _Undecided("another variable")

    def subscript(self, node: cst.Subscript) -> Any:
        if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
            raise _Undecided("slice")
        key_node = node.slice[0].slice.value
        if self.is_environ(node.value):
            return self.read(self.value(key_node), _UNSET)
        base = self.value(node.value)
        try:
            return base[self.value(key_node)]
        except (IndexError, KeyError, TypeError) as error:
            raise _Raised(str(error)) from error

    def qualified(self, node: cst.BaseExpression) -> Optional[str]:
        name = dotted(node)
        if name is None or name.split(".", 1)[0] in self.local:
            return None
        return self.evaluator.qualified(node)

    # -- reads -------------------------------------------------------------------------------
    def read(self, name: Any, default: Any) -> Any:
        """The variable's value as `os.environ` gives it; `default` when unset (`_UNSET`:
        `os.environ[...]`, which raises KeyError)."""
        if name != self.var:
            raise _Undecided("another variable")
        if self.spelling is not None:
            return self.spelling
        if default is _UNSET:
            raise _Raised("KeyError")
        return default

    def call(self, node: cst.Call) -> Any:
        func = node.func
        if isinstance(func, cst.Name) and func.value not in self.local:
            helper = self.evaluator.scope.functions.get(func.value)
            if helper is not None:
                return self.helper(helper, node)
        name = self.qualified(func)
        if name in ("os.environ.get", "os.getenv", "os.environ.setdefault"):
            key = self.argument(node, 0, "key")
            default = self.argument(node, 1, "default")
            return self.read(
                self.value(key) if key is not None else None,
                self.value(default) if default is not None else None,
            )
        if name in BUILTINS:
            args = [self.value(arg.value) for arg in node.args if arg.keyword is None]
            if any(arg.star or arg.keyword is not None for arg in node.args):
                raise _Undecided("arguments")
            try:
                return BUILTINS[name](*args)
            except (TypeError, ValueError) as error:
                raise _Raised(str(error)) from error
        if name == "isinstance" and len(node.args) == 2:
            kinds = {"bool": bool, "str": str, "int": int, "float": float}
            kind = dotted(node.args[1].value)
            if kind not in kinds:
                raise _Undecided("isinstance")
            return isinstance(self.value(node.args[0].value), kinds[kind])
        if name in ("distutils.util.strtobool", "strtobool") and len(node.args) == 1:
            return self.table(STRTOBOOL, str(self.value(node.args[0].value)).lower())
        if name in ("json.loads", "ast.literal_eval") and len(node.args) == 1:
            text = self.value(node.args[0].value)
            try:
                return json.loads(text) if name == "json.loads" else ast.literal_eval(text)
            except (TypeError, ValueError, SyntaxError) as error:
                raise _Raised(str(error)) from error
        if name == "decouple.config":
            return self.decouple(node)
        if isinstance(func, cst.Name):
            reader = self.evaluator.scope.lookup(func.value)
            if isinstance(reader, Reader) and reader.kind == "decouple":
                return self.decouple(node)
            if isinstance(reader, Reader) and reader.kind == "environ":
                return self.environ(reader, None, node)
        if isinstance(func, cst.Attribute):
            if isinstance(func.value, cst.Name) and func.value.value not in self.local:
                reader = self.evaluator.scope.lookup(func.value.value)
                if isinstance(reader, Reader) and reader.kind == "environ":
                    return self.environ(reader, func.attr.value, node)
            return self.method(self.value(func.value), func.attr.value, node)
        raise _Undecided(f"call to {name}")

    def argument(self, node: cst.Call, index: int, keyword: str) -> Optional[cst.BaseExpression]:
        if any(arg.star for arg in node.args):
            raise _Undecided("starred arguments")
        return self.evaluator.argument(node.args, index, keyword)

    def method(self, base: Any, method: str, node: cst.Call) -> Any:
        if not isinstance(base, str) or method not in STR_METHODS:
            raise _Undecided(f".{method}()")
        args = [self.value(arg.value) for arg in node.args]
        if any(arg.keyword is not None or arg.star for arg in node.args):
            raise _Undecided("arguments")
        return getattr(base, method)(*args)

    @staticmethod
    def table(table: dict[str, bool], key: str) -> bool:
        if key not in table:
            raise _Raised(f"invalid truth value {key!r}")
        return table[key]

    def decouple(self, node: cst.Call) -> Any:
        """python-decouple: the variable, else the default (else UndefinedValueError), then
        the cast, which applies to the default too."""
        option = self.argument(node, 0, "option")
        default_node = self.argument(node, 1, "default")
        cast_node = self.argument(node, 2, "cast")
        default = self.value(default_node) if default_node is not None else _UNSET
        value = self.read(self.value(option) if option is not None else None, default)
        if cast_node is None:
            return value
        cast = self.qualified(cast_node)
        if cast == "bool":
            return self.table(DECOUPLE_BOOLEANS, str(value).lower())
        if cast in ("int", "float"):
            try:
                return BUILTINS[cast](value)
            except (TypeError, ValueError) as error:
                raise _Raised(str(error)) from error
        raise _Undecided("decouple cast")

    def environ(self, reader: Reader, method: Optional[str], node: cst.Call) -> Any:
        """django-environ: `env.bool("X", default=...)`, `env("X", cast=..., default=...)`
        and the schema of `environ.Env(X=(bool, False))`."""
        var_node = self.argument(node, 0, "var")
        var = self.value(var_node) if var_node is not None else None
        default_node = self.argument(node, 2 if method is None else 1, "default")
        cast: Optional[str] = method
        default: Any = self.value(default_node) if default_node is not None else _UNSET
        for name, kind, schema_default in reader.schema:
            if name == var:
                cast = cast or kind
                if default is _UNSET and isinstance(schema_default, Const):
                    default = schema_default.value
        if cast is None:
            cast_node = self.argument(node, 1, "cast")
            if cast_node is not None:
                cast = self.qualified(cast_node)
            elif default is not _UNSET and default is not None:
                cast = type(default).__name__  # django-environ's "smart cast"
        if var != self.var:
            raise _Undecided("another variable")
        if self.spelling is None:
            if default is _UNSET:
                raise _Raised("ImproperlyConfigured")
            return default  # the default is returned as written, not parsed
        text = self.spelling
        if cast == "bool":
            try:
                return int(text) != 0
            except ValueError:
                return text.lower().strip() in ENVIRON_TRUE
        if cast in ("str", None):
            return text
        if cast in ("int", "float"):
            try:
                return BUILTINS[cast](text)
            except ValueError as error:
                raise _Raised(str(error)) from error
        raise _Undecided("environ cast")

    # -- helpers the settings define ---------------------------------------------------------
    def helper(self, func: cst.FunctionDef, node: cst.Call) -> Any:
        """A small helper (`def env_bool(name, default=False): ...`), run statement by
        statement: assignments, `if`/`elif`/`else` and `return` only."""
        if func.params.star_arg not in (None, cst.MaybeSentinel.DEFAULT) or func.params.star_kwarg:
            raise _Undecided("variadic helper")
        params = [*func.params.posonly_params, *func.params.params, *func.params.kwonly_params]
        positional = [arg for arg in node.args if arg.keyword is None]
        if any(arg.star for arg in node.args) or len(positional) > len(params):
            raise _Undecided("arguments")
        keywords = {arg.keyword.value: arg.value for arg in node.args if arg.keyword is not None}
        local: dict[str, Any] = {}
        for index, param in enumerate(params):
            name = param.name.value
            if index < len(positional):
                local[name] = self.value(positional[index].value)
            elif name in keywords:
                local[name] = self.value(keywords[name])
            elif param.default is not None:
                local[name] = self.nested({}).value(param.default)
            else:
                raise _Raised("missing argument")
        run = self.nested(local)
        if not isinstance(func.body, cst.IndentedBlock):
            raise _Undecided("one-line helper")
        returned, value = run.block(func.body.body)
        return value if returned else None

    def block(self, statements: Sequence[cst.BaseStatement]) -> tuple[bool, Any]:
        for statement in statements:
            if isinstance(statement, cst.If):
                returned, value = self.branch(statement)
                if returned:
                    return True, value
                continue
            if not isinstance(statement, cst.SimpleStatementLine):
                raise _Undecided("statement")
            for small in statement.body:
                if isinstance(small, cst.Return):
                    return True, self.value(small.value) if small.value is not None else None
                if isinstance(small, cst.Assign) and all(
                    isinstance(target.target, cst.Name) for target in small.targets
                ):
                    value = self.value(small.value)
                    for target in small.targets:
                        assert isinstance(target.target, cst.Name)
                        self.local[target.target.value] = value
                elif isinstance(small, cst.Expr) and isinstance(
                    small.value, (cst.SimpleString, cst.ConcatenatedString)
                ):
                    continue  # a docstring
                elif not isinstance(small, cst.Pass):
                    raise _Undecided("statement")
        return False, None

    def branch(self, node: cst.If) -> tuple[bool, Any]:
        if not isinstance(node.body, cst.IndentedBlock):
            raise _Undecided("one-line if")
        if self.value(node.test):
            return self.block(node.body.body)
        orelse = node.orelse
        if isinstance(orelse, cst.If):
            return self.branch(orelse)
        if isinstance(orelse, cst.Else) and isinstance(orelse.body, cst.IndentedBlock):
            return self.block(orelse.body.body)
        if orelse is not None:
            raise _Undecided("one-line else")
        return False, None
