"""Evaluating settings expressions to abstract values, without running anything.

`Scope` holds what a settings module has bound so far (settings, helper names, import aliases);
`evaluate` turns a LibCST expression into a `Value`. It recognises the ways Django projects read
the environment (catalogued in shared notes django-config §2-3): `os.environ`/`os.getenv`,
django-environ's `Env`, python-decouple's `config`, dj-database-url, and the conversions that make
a string a real boolean, number or list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Callable

import libcst as cst

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

# Calls that turn an environment string into a real boolean or number (notes §2a "helpers").
BOOL_CONVERTERS = {"distutils.util.strtobool", "strtobool", "str2bool", "str_to_bool", "to_bool"}
PARSERS = {"json.loads", "ast.literal_eval"}
STRING_METHODS = {"lower", "upper", "strip", "lstrip", "rstrip", "casefold", "replace", "title"}
# pathlib methods that return a Path again (Django's `Path(__file__).resolve().parent.parent`).
PATH_METHODS = {"resolve", "absolute", "expanduser", "joinpath", "with_name", "with_suffix"}
RANDOM_SECRETS = {
    "secrets.token_urlsafe",
    "secrets.token_hex",
    "secrets.token_bytes",
    "django.core.management.utils.get_random_secret_key",
    "get_random_secret_key",
}
# django-environ's typed readers (environ.Env methods) and what they return.
ENVIRON_METHODS = {
    "str": "str",
    "bool": "bool",
    "int": "int",
    "float": "float",
    "list": "list",
    "tuple": "list",
    "dict": "converted",
    "json": "converted",
    "url": "converted",
    "path": "converted",
    "db": "db",
    "db_url": "db",
    "cache": "converted",
    "cache_url": "converted",
    "email": "converted",
    "email_url": "converted",
    "search_url": "converted",
    "parse_value": "converted",
}
CAST_TYPES = {"bool": "bool", "int": "int", "float": "float", "list": "list", "tuple": "list"}


class Scope:
    """Names bound at module level while a settings chain is evaluated."""

    def __init__(self) -> None:
        self.values: dict[str, Value] = {}
        self.aliases: dict[str, str] = {}

    def bind(self, name: str, value: Value) -> None:
        self.aliases.pop(name, None)
        self.values[name] = value

    def lookup(self, name: str) -> Value | None:
        return self.values.get(name)


def string_literal(node: cst.BaseExpression) -> str | None:
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def dotted(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr.value}" if base else None
    return None


def is_path(value: Value) -> bool:
    return isinstance(value, Unknown) and value.hint == "Path"


class Evaluator:
    """Evaluates expressions in a scope. `on_dynamic` is told about exec/globals() tricks."""

    def __init__(self, scope: Scope, on_dynamic: Callable[[str], None] = lambda why: None):
        self.scope = scope
        self.on_dynamic = on_dynamic

    # -- names -------------------------------------------------------------------------------
    def qualified(self, node: cst.BaseExpression) -> str | None:
        """`os.environ.get` for `environ.get` after `from os import environ`, etc."""
        name = dotted(node)
        if name is None:
            return None
        head, _, rest = name.partition(".")
        if head in self.scope.aliases:
            base = self.scope.aliases[head]
            return f"{base}.{rest}" if rest else base
        if head in self.scope.values:
            return None
        return name

    # -- expressions -------------------------------------------------------------------------
    def evaluate(self, node: cst.BaseExpression) -> Value:
        try:
            return self._evaluate(node)
        except RecursionError:
            return Unknown("expression too deeply nested")

    def _evaluate(self, node: cst.BaseExpression) -> Value:
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
            value = node.evaluated_value
            return Const(value) if value is not None else Unknown("formatted string")
        if isinstance(node, cst.Integer):
            return Const(node.evaluated_value)
        if isinstance(node, cst.Float):
            return Const(node.evaluated_value)
        if isinstance(node, cst.Name):
            return self._name(node.value)
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
            return self._sequence(node)
        if isinstance(node, cst.Dict):
            return self._dict(node)
        if isinstance(node, cst.Call):
            return self._call(node)
        if isinstance(node, cst.Subscript):
            return self._subscript(node)
        if isinstance(node, cst.Comparison):
            return self._comparison(node)
        if isinstance(node, cst.BooleanOperation):
            return self._boolean(node)
        if isinstance(node, cst.UnaryOperation):
            return self._unary(node)
        if isinstance(node, cst.BinaryOperation):
            return self._binary(node)
        if isinstance(node, (cst.ListComp, cst.GeneratorExp, cst.SetComp)):
            return self._comprehension(node)
        if isinstance(node, cst.FormattedString):
            return self._fstring(node)
        if isinstance(node, cst.IfExp):
            return self._ifexp(node)
        if isinstance(node, cst.Attribute):
            return self._attribute(node)
        return Unknown(type(node).__name__)

    def _name(self, name: str) -> Value:
        if name in ("True", "False", "None"):
            return Const({"True": True, "False": False, "None": None}[name])
        value = self.scope.lookup(name)
        if value is not None:
            return value
        return Unknown(f"name {name}")

    def _sequence(self, node: cst.List | cst.Tuple | cst.Set) -> Value:
        kind = {cst.List: "list", cst.Tuple: "tuple", cst.Set: "set"}[type(node)]
        items: list[Value] = []
        for element in node.elements:
            if isinstance(element, cst.StarredElement):
                spread = self.evaluate(element.value)
                if not isinstance(spread, Seq):
                    return Unknown("unpacked sequence")
                items.extend(spread.items)
            else:
                items.append(self.evaluate(element.value))
        return Seq(kind, tuple(items))

    def _dict(self, node: cst.Dict) -> Value:
        items: list[tuple[Value, Value]] = []
        for element in node.elements:
            if isinstance(element, cst.StarredDictElement):
                spread = self.evaluate(element.value)
                if isinstance(spread, Env) and spread.type == "db":
                    # `{**dj_database_url.parse(url), "ENGINE": ...}`: the URL's database with
                    # some keys overridden is still the database from the environment.
                    return spread
                if not isinstance(spread, Map):
                    return Unknown("unpacked mapping")
                items.extend(spread.items)
            elif isinstance(element, cst.DictElement):
                items.append((self.evaluate(element.key), self.evaluate(element.value)))
        return Map(tuple(items))

    def _fstring(self, node: cst.FormattedString) -> Value:
        parts: list[str] = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                parts.append(part.value)
                continue
            if (
                not isinstance(part, cst.FormattedStringExpression)
                or part.format_spec
                or part.conversion
            ):
                return Unknown("formatted string", hint="str")
            value = self.evaluate(part.expression)
            if not isinstance(value, Const):
                return Unknown("formatted string", hint="str")
            parts.append(str(value.value))
        return Const("".join(parts))

    def _attribute(self, node: cst.Attribute) -> Value:
        # `.parent` of a Path is a Path: BASE_DIR must stay one for `BASE_DIR / "static"`.
        if node.attr.value == "parent" and is_path(self.evaluate(node.value)):
            return Unknown("path", hint="Path")
        return Unknown(f"attribute {dotted(node) or ''}".strip())

    def _ifexp(self, node: cst.IfExp) -> Value:
        truth = truth_on_dyno(self.evaluate(node.test))
        if truth is True:
            return self.evaluate(node.body)
        if truth is False:
            return self.evaluate(node.orelse)
        return Unknown("conditional expression")

    def _subscript(self, node: cst.Subscript) -> Value:
        base_name = self.qualified(node.value)
        key = None
        if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            key = node.slice[0].slice.value
        if base_name == "os.environ" and key is not None:
            var = string_literal(key)
            return Env(var, "str", "os.environ", required=True, call=node)
        base = self.evaluate(node.value)
        if key is not None and isinstance(base, Map):
            key_value = self.evaluate(key)
            if isinstance(key_value, Const):
                found = base.get(key_value.value)
                if found is not None:
                    return found
        return Unknown("subscript")

    def _comparison(self, node: cst.Comparison) -> Value:
        if len(node.comparisons) == 1:
            target = node.comparisons[0]
            if self.qualified(target.comparator) == "os.environ" and isinstance(
                target.operator, (cst.In, cst.NotIn)
            ):
                var = string_literal(node.left)
                present = None
                if var in PRESENT_ON_DYNO:
                    present = True
                elif var in ABSENT_ON_DYNO:
                    present = False
                negate = isinstance(target.operator, cst.NotIn)
                prod = None if present is None else (present != negate)
                return Env(var, "bool", "os.environ", prod=prod, call=node)
        operands = [self.evaluate(node.left)] + [
            self.evaluate(c.comparator) for c in node.comparisons
        ]
        envs = [value for value in operands if isinstance(value, Env)]
        if envs:
            first = envs[0]
            prod = None
            is_none_test = isinstance(node.comparisons[0].operator, (cst.Is, cst.IsNot))
            if is_none_test and first.var in PRESENT_ON_DYNO and len(operands) == 2:
                prod = isinstance(node.comparisons[0].operator, cst.IsNot)
            # A read that raises when the variable is missing (`os.environ["X"]`,
            # `.get("X").lower()`) still raises before the comparison can run.
            return Env(
                first.var,
                "bool",
                first.reader,
                default=first.default,
                required=first.required,
                crashes_when_unset=first.crashes_when_unset,
                prod=prod,
                call=node,
            )
        if all(isinstance(value, Const) for value in operands) and len(operands) == 2:
            return self._const_compare(node, operands)
        return Unknown("comparison")

    def _const_compare(self, node: cst.Comparison, operands: list[Value]) -> Value:
        left = operands[0].value  # type: ignore[union-attr]
        right = operands[1].value  # type: ignore[union-attr]
        operator = node.comparisons[0].operator
        try:
            if isinstance(operator, cst.Equal):
                return Const(left == right)
            if isinstance(operator, cst.NotEqual):
                return Const(left != right)
            if isinstance(operator, cst.In):
                return Const(left in right)
            if isinstance(operator, cst.NotIn):
                return Const(left not in right)
        except TypeError:
            pass
        return Unknown("comparison")

    def _boolean(self, node: cst.BooleanOperation) -> Value:
        left = self.evaluate(node.left)
        right = self.evaluate(node.right)
        is_or = isinstance(node.operator, cst.Or)
        if isinstance(left, Const):
            if bool(left.value) == is_or:
                return left
            return right
        if is_or and isinstance(left, Env) and left.type == "str":
            return replace(left, default=right, required=False, crashes_when_unset=False)
        truths = (truth_on_dyno(left), truth_on_dyno(right))
        if is_or:
            prod = True if True in truths else (False if truths == (False, False) else None)
        else:
            prod = False if False in truths else (True if truths == (True, True) else None)
        if isinstance(left, Env) or isinstance(right, Env):
            env = left if isinstance(left, Env) else right
            assert isinstance(env, Env)
            return Env(env.var, "bool", env.reader, prod=prod, call=node)
        return Unknown("boolean expression") if prod is None else Const(prod)

    def _unary(self, node: cst.UnaryOperation) -> Value:
        value = self.evaluate(node.expression)
        if isinstance(node.operator, cst.Not):
            if isinstance(value, Const):
                return Const(not value.value)
            if isinstance(value, Env):
                prod = truth_on_dyno(value)
                return Env(value.var, "bool", value.reader, prod=None if prod is None else not prod)
            return Unknown("negation")
        if (
            isinstance(node.operator, cst.Minus)
            and isinstance(value, Const)
            and isinstance(value.value, (int, float))
            and not isinstance(value.value, bool)
        ):
            return Const(-value.value)
        return Unknown("unary operation")

    def _binary(self, node: cst.BinaryOperation) -> Value:
        left = self.evaluate(node.left)
        right = self.evaluate(node.right)
        if isinstance(node.operator, cst.Divide) and (
            getattr(left, "hint", "") == "Path" or getattr(right, "hint", "") == "Path"
        ):
            return Unknown("path", hint="Path")
        if isinstance(node.operator, cst.Add):
            if isinstance(left, Const) and isinstance(right, Const):
                try:
                    return Const(left.value + right.value)
                except TypeError:
                    return Unknown("sum")
            if isinstance(left, Seq) and isinstance(right, Seq):
                return Seq(left.kind, left.items + right.items)
        return Unknown("operation")

    def _comprehension(self, node: cst.ListComp | cst.GeneratorExp | cst.SetComp) -> Value:
        source = self.evaluate(node.for_in.iter)
        if isinstance(source, Env):
            return replace(source, type="list" if source.type in ("list", "str") else source.type)
        return Unknown("comprehension")

    # -- calls -------------------------------------------------------------------------------
    def _call(self, node: cst.Call) -> Value:
        func = node.func
        name = self.qualified(func)
        if name is not None:
            known = self._known_call(name, node)
            if known is not None:
                return known
        if isinstance(func, cst.Name):
            reader = self.scope.lookup(func.value)
            if isinstance(reader, Reader):
                return self._reader_call(reader, None, node)
        if isinstance(func, cst.Attribute):
            base = self.evaluate(func.value)
            if isinstance(base, Reader):
                return self._reader_call(base, func.attr.value, node)
            return self._method(base, func.attr.value, node)
        return Unknown(f"call to {name}" if name else "call")

    def _known_call(self, name: str, node: cst.Call) -> Value | None:
        args = node.args
        if name in ("os.environ.get", "os.getenv", "os.environ.setdefault"):
            return self._env_get(name, node)
        if name == "dj_database_url.config":
            var = self._arg(args, 0, "env")
            var_name = string_literal(var) if var is not None else "DATABASE_URL"
            default = self._arg(args, 1, "default")
            return Env(
                var_name,
                "db",
                name,
                default=self.evaluate(default) if default is not None else None,
                call=node,
            )
        if name == "dj_database_url.parse":
            return self._db_parse(name, node)
        if name in ("environ.Env", "environ.FileAwareEnv"):
            return Reader("environ", self._environ_schema(node))
        if name in ("decouple.AutoConfig", "decouple.Config"):
            return Reader("decouple")
        if name == "decouple.config":
            return self._reader_call(Reader("decouple"), None, node)
        if name in ("int", "float"):
            return self._convert(node, name)
        if name == "bool":
            return self._to_bool(node)
        if name == "str" and args:
            inner = self.evaluate(args[0].value)
            return inner if isinstance(inner, (Env, Const)) else Unknown("str()")
        if name in BOOL_CONVERTERS or name.rsplit(".", 1)[-1] in BOOL_CONVERTERS:
            return self._convert(node, "bool")
        if name in PARSERS:
            return self._convert(node, "converted")
        if name in ("pathlib.Path", "Path", "pathlib.PurePath"):
            return Unknown("path", hint="Path")
        if name.startswith("os.path."):
            return Unknown("path", hint="str-path")
        if name in RANDOM_SECRETS:
            return Unknown("random value", hint="random")
        if name in ("exec", "eval", "globals", "locals", "vars", "setattr"):
            self.on_dynamic(name)
            return Unknown(f"{name}()")
        return None

    def _arg(self, args: Sequence[cst.Arg], index: int, keyword: str) -> cst.BaseExpression | None:
        positional = [arg for arg in args if arg.keyword is None and not arg.star]
        for arg in args:
            if arg.keyword is not None and arg.keyword.value == keyword:
                return arg.value
        if index < len(positional):
            return positional[index].value
        return None

    def _env_get(self, name: str, node: cst.Call) -> Value:
        var_node = self._arg(node.args, 0, "key")
        var = string_literal(var_node) if var_node is not None else None
        default_node = self._arg(node.args, 1, "default")
        default = self.evaluate(default_node) if default_node is not None else None
        if default == Const(None):
            default = None  # `.get("X", None)` is no default at all: None when X is unset
        return Env(var, "str", name, default=default, call=node)

    def _db_parse(self, name: str, node: cst.Call) -> Value:
        url_node = self._arg(node.args, 0, "url")
        inner = self.evaluate(url_node) if url_node is not None else Unknown("no url")
        if isinstance(inner, Env):
            return Env(
                inner.var,
                "db",
                name,
                default=inner.default,
                required=inner.required,
                crashes_when_unset=inner.default is None and not inner.required,
                call=node,
            )
        return Unknown("database from a fixed URL", hint="db-literal")

    def _environ_schema(self, node: cst.Call) -> tuple[tuple[str, str, Value | None], ...]:
        schema = []
        for arg in node.args:
            if arg.keyword is None:
                continue
            spec = self.evaluate(arg.value)
            cast, default = None, None
            if isinstance(spec, Seq) and spec.items:
                cast = self._cast_name(spec.items[0])
                default = spec.items[1] if len(spec.items) > 1 else None
            else:
                cast = self._cast_name(spec)
            schema.append((arg.keyword.value, cast or "converted", default))
        return tuple(schema)

    def _cast_name(self, value: Value) -> str | None:
        if isinstance(value, Unknown) and value.why.startswith("name "):
            return CAST_TYPES.get(value.why[5:], "converted")
        return None

    def _reader_call(self, reader: Reader, method: str | None, node: cst.Call) -> Value:
        args = node.args
        var_node = self._arg(args, 0, "var" if reader.kind == "environ" else "option")
        var = string_literal(var_node) if var_node is not None else None
        # decouple: config(option, default, cast); environ: env(var, cast, default) but
        # env.bool(var, default) and the other typed methods.
        default_index = 2 if reader.kind == "environ" and method is None else 1
        default_node = self._arg(args, default_index, "default")
        default = self.evaluate(default_node) if default_node is not None else None
        kind = "str"
        if reader.kind == "decouple":
            cast = self._arg(args, 2, "cast")
            kind = self._decouple_cast(cast) if cast is not None else "str"
        elif method is not None:
            if method not in ENVIRON_METHODS:
                return Unknown(f"env.{method}()")
            kind = ENVIRON_METHODS[method]
        else:
            kind, default = self._environ_smart_cast(reader, var, node, default)
        if kind == "db" and var is None and var_node is None:
            var = "DATABASE_URL"
        required = default is None and not (
            reader.kind == "environ"
            and any(name == var and d is not None for name, _, d in reader.schema)
        )
        if reader.kind == "environ":
            for name, _, schema_default in reader.schema:
                if name == var and default is None:
                    default = schema_default
        return Env(var, kind, f"{reader.kind}", default=default, required=required, call=node)

    def _environ_smart_cast(
        self, reader: Reader, var: str | None, node: cst.Call, default: Value | None
    ) -> tuple[str, Value | None]:
        """django-environ: `env("X")` casts by the Env(...) schema, else by `cast=`, else by
        the default's type ("smart cast"); with none of these the value stays a string."""
        for name, cast, schema_default in reader.schema:
            if name == var:
                return cast, default if default is not None else schema_default
        cast_node = self._arg(node.args, 1, "cast")
        if cast_node is not None:
            return self._cast_name(self.evaluate(cast_node)) or "converted", default
        if isinstance(default, Const) and isinstance(default.value, bool):
            return "bool", default
        if isinstance(default, Const) and isinstance(default.value, int):
            return "int", default
        if isinstance(default, Seq):
            return "list", default
        return "str", default

    def _decouple_cast(self, cast: cst.BaseExpression) -> str:
        name = self.qualified(cast.func) if isinstance(cast, cst.Call) else self.qualified(cast)
        if name is None:
            return "converted"
        if name in ("bool",) or name.rsplit(".", 1)[-1] in BOOL_CONVERTERS:
            return "bool"
        if name in ("int", "float"):
            return name
        if name in ("decouple.Csv", "decouple.Choices") or name.endswith("Csv"):
            return "list"
        if name == "dj_database_url.parse":
            return "db"
        return "converted"

    def _convert(self, node: cst.Call, kind: str) -> Value:
        if not node.args:
            return Unknown("conversion of nothing")
        inner = self.evaluate(node.args[0].value)
        if isinstance(inner, Env):
            crashes = inner.default is None and not inner.required and inner.type == "str"
            return replace(inner, type=kind, crashes_when_unset=crashes or inner.crashes_when_unset)
        if isinstance(inner, Const) and kind in ("int", "float"):
            try:
                return Const(int(inner.value) if kind == "int" else float(inner.value))
            except (TypeError, ValueError):
                return Unknown("conversion")
        return Unknown("conversion")

    def _to_bool(self, node: cst.Call) -> Value:
        if not node.args:
            return Const(False)
        inner = self.evaluate(node.args[0].value)
        if isinstance(inner, Env):
            # bool("False") is True: only a value already converted stays a real boolean.
            kind = "bool-of-str" if inner.type == "str" else "bool"
            return replace(inner, type=kind)
        if isinstance(inner, Const):
            return Const(bool(inner.value))
        return Unknown("bool()")

    def _method(self, base: Value, method: str, node: cst.Call) -> Value:
        if is_path(base) and method in PATH_METHODS:
            return Unknown("path", hint="Path")
        if isinstance(base, Env) and base.type == "str":
            if method in STRING_METHODS:
                crashes = base.default is None and not base.required
                return replace(base, crashes_when_unset=crashes or base.crashes_when_unset)
            if method in ("split", "rsplit", "splitlines"):
                crashes = base.default is None and not base.required
                return replace(base, type="list", crashes_when_unset=crashes, call=node)
            if method in ("startswith", "endswith", "isdigit", "isnumeric"):
                return replace(base, type="bool")
        if isinstance(base, Const) and isinstance(base.value, str):
            if method in ("split", "rsplit"):
                sep = string_literal(node.args[0].value) if node.args else None
                parts = base.value.split(sep) if method == "split" else base.value.rsplit(sep)
                return Seq("list", tuple(Const(part) for part in parts))
            if method in STRING_METHODS and not node.args:
                return Const(getattr(base.value, method)())
        return Unknown(f".{method}()")
