"""Evaluating settings expressions to abstract values, without running anything.

`Scope` holds what a settings module has bound so far (settings, helper names, import aliases);
`evaluate` turns a LibCST expression into a `Value`. It recognises the ways Django projects read
the environment (catalogued in shared notes django-config §2-3): `os.environ`/`os.getenv`,
django-environ's `Env`, python-decouple's `config`, dj-database-url, django-configurations'
`values.*`, pydantic-settings fields, and the conversions that make a string a real boolean,
number or list, including small helpers the settings define themselves. Paths built from
`__file__` keep the folder they name, so rules can check it exists.
"""

from __future__ import annotations

import posixpath
import string
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
# django-configurations' `values.*` classes and what they turn the variable into (their env
# variable is DJANGO_<NAME> unless `environ_name`/`environ_prefix` say otherwise).
CONFIGURATIONS_VALUES = {
    "Value": "str",
    "BooleanValue": "bool",
    "IntegerValue": "int",
    "PositiveIntegerValue": "int",
    "FloatValue": "float",
    "DecimalValue": "converted",
    "ListValue": "list",
    "TupleValue": "list",
    "SetValue": "list",
    "BackendsValue": "list",
    "SingleNestedListValue": "list",
    "SingleNestedTupleValue": "list",
    "DictValue": "converted",
    "EmailValue": "str",
    "URLValue": "str",
    "IPValue": "str",
    "RegexValue": "str",
    "PathValue": "str",
    "SecretValue": "str",
    "EmailURLValue": "converted",
    "CacheURLValue": "converted",
    "SearchURLValue": "converted",
    "DatabaseURLValue": "db",
}
# Their URL values read a fixed variable with no prefix (values.py `DictBackendMixin`).
CONFIGURATIONS_URL_VARS = {
    "DatabaseURLValue": "DATABASE_URL",
    "CacheURLValue": "CACHE_URL",
    "SearchURLValue": "SEARCH_URL",
    "EmailURLValue": "EMAIL_URL",
}
# What the web dyno and the build run are never the test runner: `"test" in sys.argv` is false.
TEST_COMMANDS = {"test", "pytest", "testserver"}
# pydantic annotations and the environment-value type they parse to.
PYDANTIC_TYPES = {
    "bool": "bool",
    "StrictBool": "bool",
    "str": "str",
    "SecretStr": "str",
    "int": "int",
    "PositiveInt": "int",
    "float": "float",
    "list": "list",
    "List": "list",
    "tuple": "list",
    "Tuple": "list",
    "set": "list",
    "Set": "list",
    "Sequence": "list",
}


class Scope:
    """Names bound at module level while a settings chain is evaluated."""

    def __init__(self) -> None:
        self.values: dict[str, Value] = {}
        self.aliases: dict[str, str] = {}
        # Module-level `def`s, by name: small helpers (`env_bool(...)`) are read through.
        self.functions: dict[str, cst.FunctionDef] = {}
        # The expression each name was last assigned, when it was one plain assignment: lets
        # envtruth follow `_debug = os.getenv("DEBUG", "")` into `DEBUG = _debug == "1"`.
        self.sources: dict[str, cst.BaseExpression] = {}

    def bind(self, name: str, value: Value) -> None:
        self.aliases.pop(name, None)
        self.functions.pop(name, None)
        self.sources.pop(name, None)
        self.values[name] = value

    def copy(self) -> Scope:
        scope = Scope()
        scope.values = dict(self.values)
        scope.aliases = dict(self.aliases)
        scope.functions = dict(self.functions)
        scope.sources = dict(self.sources)
        return scope

    def lookup(self, name: str) -> Value | None:
        return self.values.get(name)


# `evaluated_value` runs `ast.literal_eval` (a compile) on every call; settings repeat the
# same literals ("", "1", True-ish words, dict keys), so values are kept by their source text,
# which alone decides them. Bounded in count and in the length of what is kept.
_LITERALS: dict[str, object] = {}
_MAX_LITERALS = 50_000


def literal_value(node: cst.SimpleString | cst.Integer | cst.Float) -> object:
    """`node.evaluated_value`, computed once per distinct source text."""
    key = node.value
    try:
        return _LITERALS[key]
    except KeyError:
        pass
    value: object = node.evaluated_value
    if len(key) <= 200 and len(_LITERALS) < _MAX_LITERALS:
        _LITERALS[key] = value
    return value


def string_literal(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.SimpleString):
        value = literal_value(node)
        return value if isinstance(value, str) else None
    if isinstance(node, cst.ConcatenatedString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def keyword_arg(args: Sequence[cst.Arg], keyword: str) -> cst.BaseExpression | None:
    """The value passed as `keyword=...`, or None."""
    for arg in args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg.value
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


def path_of(value: Value) -> str | None:
    """The app-relative path a path value names ("" is the app root), or None."""
    if isinstance(value, Unknown) and value.hint in ("Path", "str-path"):
        return value.path
    return None


def join_path(base: str | None, *parts: str) -> str | None:
    """`base / part / ...` relative to the app root; None when it leaves the app or is absolute."""
    if base is None or any(part.startswith("/") for part in parts):
        return None
    joined = posixpath.normpath(posixpath.join(base or ".", *parts))
    if joined == "..":
        return None
    if joined.startswith("../"):
        return None
    return "" if joined == "." else joined


def parent_path(path: str | None) -> str | None:
    if path is None or path == "":
        return None  # the parent of the app root is outside the app
    return posixpath.dirname(path)


def path_value(path: str | None, hint: str = "Path") -> Unknown:
    return Unknown("path", hint=hint, path=path)


class Evaluator:
    """Evaluates expressions in a scope. `on_dynamic` is told about exec/globals() tricks."""

    def __init__(self, scope: Scope, on_dynamic: Callable[[str], None] = lambda why: None):
        self.scope = scope
        self.on_dynamic = on_dynamic
        self.current_file: str | None = None  # the module being read, for `__file__`
        self._in_test = False  # evaluating an `if` test: DEBUG counts as off (production)
        self._depth = 0  # helper functions read through, to stop recursion
        # Every environment read evaluated, in order: the settings resolver turns them into
        # the project's config-var facts (project/envreads.py).
        self.reads: list[Env] = []

    def _read(self, env: Env) -> Env:
        self.reads.append(env)
        return env

    def test_value(self, node: cst.BaseExpression) -> Value:
        """The value of a condition as production sees it: `DEBUG` is off there."""
        saved, self._in_test = self._in_test, True
        try:
            return self.evaluate(node)
        finally:
            self._in_test = saved

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
        if isinstance(node, (cst.SimpleString, cst.Integer, cst.Float)):
            return Const(literal_value(node))
        if isinstance(node, cst.ConcatenatedString):
            value = node.evaluated_value
            return Const(value) if value is not None else Unknown("formatted string")
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
        if name == "__file__" and name not in self.scope.values:
            return path_value(self.current_file, "str-path")
        value = self.scope.lookup(name)
        if name == "DEBUG":
            # Production runs with DEBUG off (HK401/HK402 see to it), so code guarded by a
            # DEBUG read from the environment is development-only (rules.md, "if DEBUG:").
            if isinstance(value, Env) and value.prod is None:
                return replace(value, prod=False)
            if self._in_test and (value is None or isinstance(value, Unknown)):
                return Const(False)
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
        parts: list[str | Env] = []
        unknown = False
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                parts.append(part.value)
                continue
            value = (
                self.evaluate(part.expression)
                if isinstance(part, cst.FormattedStringExpression)
                and not part.format_spec
                and not part.conversion
                else None
            )
            if isinstance(value, Const):
                parts.append(str(value.value))
            elif isinstance(value, Env) and value.type == "str" and not unknown:
                parts.append(value)
            else:
                unknown = True
                break
        return self._string_of(parts, unknown)

    @staticmethod
    def _string_of(parts: list[str | Env], unknown: bool) -> Value:
        if not unknown:
            if all(isinstance(part, str) for part in parts):
                return Const("".join(part for part in parts if isinstance(part, str)))
            built = template(parts)
            if built is not None:
                return built
        prefix = ""
        for part in parts:
            if not isinstance(part, str):
                break
            prefix += part
        return Unknown("formatted string", hint="str", prefix=prefix)

    def _attribute(self, node: cst.Attribute) -> Value:
        base = self.evaluate(node.value)
        # `.parent` of a Path is a Path: BASE_DIR must stay one for `BASE_DIR / "static"`.
        if node.attr.value == "parent" and is_path(base):
            return path_value(parent_path(path_of(base)))
        if isinstance(base, Reader) and base.kind == "pydantic":
            return self._pydantic_field(base, node.attr.value, node)
        return Unknown(f"attribute {dotted(node) or ''}".strip())

    def _pydantic_field(self, reader: Reader, attr: str, node: cst.CSTNode) -> Value:
        names = dict(reader.names)
        for name, kind, default in reader.schema:
            if name == attr:
                return self._read(
                    Env(
                        names.get(name, name.upper()),
                        kind,
                        "pydantic",
                        default=default,
                        required=default is None,
                        call=node,
                    )
                )
        return Unknown(f"attribute {attr}")

    def _ifexp(self, node: cst.IfExp) -> Value:
        truth = truth_on_dyno(self.test_value(node.test))
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
            return self._read(Env(var, "str", "os.environ", required=True, call=node))
        if (
            key is not None
            and isinstance(node.value, cst.Attribute)
            and node.value.attr.value == "parents"
        ):
            # `Path(__file__).resolve().parents[1]`: the folder two levels up.
            owner = self.evaluate(node.value.value)
            level = self.evaluate(key)
            if is_path(owner) and isinstance(level, Const) and isinstance(level.value, int):
                path = path_of(owner)
                for _ in range(level.value + 1):
                    path = parent_path(path)
                return path_value(path)
        base = self.evaluate(node.value)
        if key is not None and isinstance(base, Map):
            key_value = self.evaluate(key)
            if isinstance(key_value, Const):
                found = base.get(key_value.value)
                if found is not None:
                    return found
        return Unknown("subscript")

    def _comparison(self, node: cst.Comparison) -> Value:
        argv = self._test_command_check(node)
        if argv is not None:
            return argv
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
                return self._read(Env(var, "bool", "os.environ", prod=prod, call=node))
        operands = [self.evaluate(node.left)] + [
            self.evaluate(c.comparator) for c in node.comparisons
        ]
        envs = [value for value in operands if isinstance(value, Env)]
        if envs:
            first = envs[0]
            prod = None
            operator = node.comparisons[0].operator
            is_none_test = isinstance(operator, (cst.Is, cst.IsNot))
            if is_none_test and first.var in PRESENT_ON_DYNO and len(operands) == 2:
                prod = isinstance(operator, cst.IsNot)
            elif len(operands) == 2 and first.prod is not None:
                # `DEBUG is False`, `DEBUG == True` with DEBUG known off in production.
                other = operands[1] if operands[0] is first else operands[0]
                if isinstance(other, Const) and isinstance(other.value, bool):
                    if isinstance(operator, (cst.Equal, cst.Is)):
                        prod = first.prod == other.value
                    elif isinstance(operator, (cst.NotEqual, cst.IsNot)):
                        prod = first.prod != other.value
            elif len(operands) == 2 and operands[0] is first:
                prod = production_default_test(first, operator, operands[1])
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

    def _test_command_check(self, node: cst.Comparison) -> Value | None:
        """`"test" in sys.argv`, `sys.argv[1] == "test"`: false for a build or a web dyno."""
        if len(node.comparisons) != 1:
            return None
        operator = node.comparisons[0].operator
        left, right = node.left, node.comparisons[0].comparator
        word = string_literal(left)
        if (
            isinstance(operator, (cst.In, cst.NotIn))
            and word in TEST_COMMANDS
            and self.qualified(right) in ("sys.argv", "sys.modules")
        ):
            return Const(isinstance(operator, cst.NotIn))
        if isinstance(operator, (cst.Equal, cst.NotEqual)):
            for one, other in ((left, right), (right, left)):
                if (
                    isinstance(one, cst.Subscript)
                    and self.qualified(one.value) == "sys.argv"
                    and string_literal(other) in TEST_COMMANDS
                ):
                    return Const(isinstance(operator, cst.NotEqual))
        return None

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
        if isinstance(node.operator, cst.Divide) and (is_path(left) or is_path(right)):
            if is_path(left) and isinstance(right, Const) and isinstance(right.value, str):
                return path_value(join_path(path_of(left), right.value))
            return path_value(None)
        if isinstance(node.operator, cst.Add):
            if isinstance(left, Const) and isinstance(right, Const):
                try:
                    return Const(left.value + right.value)
                except TypeError:
                    return Unknown("sum")
            if isinstance(left, Seq) and isinstance(right, Seq):
                return Seq(left.kind, left.items + right.items)
            parts = [_template_part(left), _template_part(right)]
            if None not in parts and any(isinstance(part, Env) for part in parts):
                # `"config.settings." + os.environ.get("ENV", "production")`
                built = template([part for part in parts if part is not None])
                if built is not None:
                    return built
            if isinstance(left, Const) and isinstance(left.value, str):
                # `"sqlite:///" + str(BASE_DIR / "db.sqlite3")`
                return Unknown("sum", hint="str", prefix=left.value)
            if isinstance(left, Unknown) and left.hint == "str":
                return Unknown("sum", hint="str", prefix=left.prefix)
        return Unknown("operation")

    def _comprehension(self, node: cst.ListComp | cst.GeneratorExp | cst.SetComp) -> Value:
        source = self.evaluate(node.for_in.iter)
        if isinstance(source, Env):
            return replace(source, type="list" if source.type in ("list", "str") else source.type)
        return Unknown("comprehension")

    # -- calls -------------------------------------------------------------------------------
    def _call(self, node: cst.Call) -> Value:
        func = node.func
        if isinstance(func, cst.Name) and func.value in self.scope.functions:
            return self._helper_call(self.scope.functions[func.value], node)
        name = self.qualified(func)
        if name is not None:
            known = self._known_call(name, node)
            if known is not None:
                return known
        if isinstance(func, cst.Name):
            reader = self.scope.lookup(func.value)
            if isinstance(reader, Reader):
                if reader.kind == "pydantic":
                    # `Settings()`: an instance whose fields read the environment, every one
                    # of them when it is created (a missing required field raises there).
                    for attr, _, _ in reader.schema:
                        self._pydantic_field(reader, attr, node)
                    return reader
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
            var = self.argument(args, 0, "env")
            var_name = string_literal(var) if var is not None else "DATABASE_URL"
            default = self.argument(args, 1, "default")
            return self._read(
                Env(
                    var_name,
                    "db",
                    name,
                    default=self.evaluate(default) if default is not None else None,
                    call=node,
                )
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
        if name in ("str", "os.fspath") and args:
            inner = self.evaluate(args[0].value)
            if isinstance(inner, Unknown) and inner.hint in ("Path", "str-path"):
                return path_value(inner.path, "str-path")
            return inner if isinstance(inner, (Env, Const)) else Unknown("str()")
        if name in BOOL_CONVERTERS or name.rsplit(".", 1)[-1] in BOOL_CONVERTERS:
            return self._convert(node, "bool")
        if name in PARSERS:
            return self._convert(node, "converted")
        if name in ("pathlib.Path", "Path", "pathlib.PurePath"):
            return self._path_call(node)
        if name.startswith("os.path."):
            return self._os_path(name[len("os.path.") :], node)
        if name.startswith("configurations.values."):
            return self._configurations_value(name.rsplit(".", 1)[-1], node)
        if name == "split_settings.tools.optional" and args:
            inner = self.evaluate(args[0].value)
            return Unknown("optional include", hint="optional", prefix=_text(inner))
        if name in RANDOM_SECRETS:
            return Unknown("random value", hint="random")
        if name in ("exec", "eval", "globals", "locals", "vars", "setattr"):
            self.on_dynamic(name)
            return Unknown(f"{name}()")
        return None

    def _path_call(self, node: cst.Call, base: Value | None = None) -> Value:
        """`Path(a, "b")`, or `base.joinpath("b")` when `base` is given."""
        args = list(node.args)
        if base is None:
            if not args:
                return path_value(None)
            base = self.evaluate(args.pop(0).value)
        path = path_of(base)
        for arg in args:
            part = self.evaluate(arg.value)
            if not (isinstance(part, Const) and isinstance(part.value, str)):
                return path_value(None)
            path = join_path(path, part.value)
        return path_value(path)

    def _os_path(self, function: str, node: cst.Call) -> Value:
        args = [self.evaluate(arg.value) for arg in node.args]
        if not args:
            return path_value(None, "str-path")
        path = path_of(args[0])
        if function == "dirname":
            return path_value(parent_path(path), "str-path")
        if function in ("abspath", "realpath", "normpath", "expanduser"):
            return path_value(path, "str-path")
        if function == "join":
            for part in args[1:]:
                if not (isinstance(part, Const) and isinstance(part.value, str)):
                    return path_value(None, "str-path")
                path = join_path(path, part.value)
            return path_value(path, "str-path")
        if function in ("exists", "isfile", "isdir"):
            return Unknown(f"os.path.{function}()")
        return path_value(None, "str-path")

    def _configurations_value(self, kind: str, node: cst.Call) -> Value:
        """django-configurations: `values.BooleanValue(False)` reads DJANGO_<NAME> (the name
        of the attribute it is assigned to, filled in by the resolver) with that default."""
        if kind not in CONFIGURATIONS_VALUES:
            return Unknown(f"values.{kind}()")
        default_node = self.argument(node.args, 0, "default")
        default = self.evaluate(default_node) if default_node is not None else None
        if default == Const(None):
            default = None
        environ = keyword_arg(node.args, "environ")
        if environ is not None and self.evaluate(environ) == Const(False):
            return default if default is not None else Const(None)
        var = None
        name_node = keyword_arg(node.args, "environ_name")
        if name_node is not None:
            var = string_literal(name_node)
        if kind in CONFIGURATIONS_URL_VARS:
            var = var or CONFIGURATIONS_URL_VARS[kind]
            prefix = keyword_arg(node.args, "environ_prefix")
            prefix_value = string_literal(prefix) if prefix is not None else None
            if prefix_value:
                var = f"{prefix_value.rstrip('_')}_{var}"
        elif name_node is not None and var is not None:
            prefix = keyword_arg(node.args, "environ_prefix")
            prefix_value = string_literal(prefix) if prefix is not None else "DJANGO"
            if prefix_value:
                var = f"{prefix_value.rstrip('_')}_{var}"
        required = kind == "SecretValue"
        required_node = keyword_arg(node.args, "environ_required")
        if required_node is not None and self.evaluate(required_node) == Const(True):
            required = True
        env = self._read(
            Env(
                var,
                CONFIGURATIONS_VALUES[kind],
                "configurations",
                default=default,
                required=required,
                call=node,
            )
        )
        if kind == "DatabaseURLValue":
            alias = keyword_arg(node.args, "alias")
            key = string_literal(alias) if alias is not None else "default"
            return Map(((Const(key or "default"), env),))
        return env

    def _helper_call(self, func: cst.FunctionDef, node: cst.Call) -> Value:
        """A call to a function the settings define: read through small helpers
        (`def env_bool(name): return os.environ.get(name, "") == "1"`)."""
        if self._depth >= 4:
            return Unknown(f"call to {func.name.value}")
        self._depth += 1
        try:
            inlined = self._inline(func, node)
            if inlined is not None:
                return inlined
            if returns_bool(func):
                return self._bool_helper(func, node)
            return Unknown(f"call to {func.name.value}")
        finally:
            self._depth -= 1

    def _bind_params(self, func: cst.FunctionDef, node: cst.Call) -> Scope | None:
        scope = self.scope.copy()
        params = list(func.params.posonly_params) + list(func.params.params)
        positional = [arg for arg in node.args if arg.keyword is None and not arg.star]
        if any(arg.star for arg in node.args) or len(positional) > len(params):
            return None
        keywords = {arg.keyword.value: arg.value for arg in node.args if arg.keyword is not None}
        for index, param in enumerate([*params, *func.params.kwonly_params]):
            name = param.name.value
            given: cst.BaseExpression | None = None
            if index < len(positional) and index < len(params):
                given = positional[index].value
            elif name in keywords:
                given = keywords[name]
            if given is not None:
                scope.bind(name, self.evaluate(given))
            elif param.default is not None:
                scope.bind(name, self.evaluate(param.default))
            else:
                scope.bind(name, Unknown(f"parameter {name}"))
        return scope

    def _inline(self, func: cst.FunctionDef, node: cst.Call) -> Value | None:
        """The value of a helper made only of simple assignments and one final `return`."""
        if not isinstance(func.body, cst.IndentedBlock) or isinstance(
            func.params.star_arg, cst.Param
        ):
            return None
        scope = self._bind_params(func, node)
        if scope is None:
            return None
        inner = Evaluator(scope, self.on_dynamic)
        inner.current_file = self.current_file
        inner.reads = self.reads
        inner._depth = self._depth
        statements = list(func.body.body)
        for index, statement in enumerate(statements):
            if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
                return None
            small = statement.body[0]
            if isinstance(small, cst.Expr) and index == 0:
                continue  # the docstring
            if isinstance(small, cst.Return):
                if index != len(statements) - 1 or small.value is None:
                    return None
                return inner.evaluate(small.value)
            if (
                isinstance(small, cst.Assign)
                and len(small.targets) == 1
                and isinstance(small.targets[0].target, cst.Name)
            ):
                scope.bind(small.targets[0].target.value, inner.evaluate(small.value))
                continue
            return None
        return None

    def _bool_helper(self, func: cst.FunctionDef, node: cst.Call) -> Value:
        """A helper whose every `return` is a comparison or a boolean: it converts."""
        if not node.args:
            return Unknown(f"call to {func.name.value}")
        first = self.evaluate(node.args[0].value)
        if isinstance(first, Env):
            crashes = first.default is None and not first.required and first.type == "str"
            return replace(first, type="bool", crashes_when_unset=crashes, call=node)
        if isinstance(first, Const) and isinstance(first.value, str) and reads_environ(func):
            default_node = self.argument(node.args, 1, "default")
            default = self.evaluate(default_node) if default_node is not None else None
            if default is None:
                params = list(func.params.params)
                if len(params) > 1 and params[1].default is not None:
                    default = self.evaluate(params[1].default)
            return self._read(
                Env(first.value, "bool", f"{func.name.value}()", default=default, call=node)
            )
        return Unknown(f"call to {func.name.value}")

    def argument(
        self, args: Sequence[cst.Arg], index: int, keyword: str
    ) -> cst.BaseExpression | None:
        positional = [arg for arg in args if arg.keyword is None and not arg.star]
        for arg in args:
            if arg.keyword is not None and arg.keyword.value == keyword:
                return arg.value
        if index < len(positional):
            return positional[index].value
        return None

    def _env_get(self, name: str, node: cst.Call) -> Value:
        var_node = self.argument(node.args, 0, "key")
        var = self._var_name(var_node)
        default_node = self.argument(node.args, 1, "default")
        default = self.evaluate(default_node) if default_node is not None else None
        if default == Const(None):
            default = None  # `.get("X", None)` is no default at all: None when X is unset
        return self._read(Env(var, "str", name, default=default, call=node))

    def _var_name(self, node: cst.BaseExpression | None) -> str | None:
        if node is None:
            return None
        literal = string_literal(node)
        if literal is not None:
            return literal
        value = self.evaluate(node)  # a helper's parameter, or a name bound to the string
        return value.value if isinstance(value, Const) and isinstance(value.value, str) else None

    def _db_parse(self, name: str, node: cst.Call) -> Value:
        url_node = self.argument(node.args, 0, "url")
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
        var_node = self.argument(args, 0, "var" if reader.kind == "environ" else "option")
        var = self._var_name(var_node)
        # decouple: config(option, default, cast); environ: env(var, cast, default) but
        # env.bool(var, default) and the other typed methods.
        default_index = 2 if reader.kind == "environ" and method is None else 1
        default_node = self.argument(args, default_index, "default")
        default = self.evaluate(default_node) if default_node is not None else None
        kind = "str"
        if reader.kind == "decouple":
            cast = self.argument(args, 2, "cast")
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
        return self._read(
            Env(var, kind, f"{reader.kind}", default=default, required=required, call=node)
        )

    def _environ_smart_cast(
        self, reader: Reader, var: str | None, node: cst.Call, default: Value | None
    ) -> tuple[str, Value | None]:
        """django-environ: `env("X")` casts by the Env(...) schema, else by `cast=`, else by
        the default's type ("smart cast"); with none of these the value stays a string."""
        for name, cast, schema_default in reader.schema:
            if name == var:
                return cast, default if default is not None else schema_default
        cast_node = self.argument(node.args, 1, "cast")
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
            if method == "joinpath":
                return self._path_call(node, base)
            if method in ("resolve", "absolute", "expanduser"):
                return path_value(path_of(base))
            return path_value(None)
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
            if method == "format":
                return self._format(base.value, node)
            if method in ("split", "rsplit"):
                sep = string_literal(node.args[0].value) if node.args else None
                parts = base.value.split(sep) if method == "split" else base.value.rsplit(sep)
                return Seq("list", tuple(Const(part) for part in parts))
            if method in STRING_METHODS and not node.args:
                return Const(getattr(base.value, method)())
        return Unknown(f".{method}()")

    def _format(self, text: str, node: cst.Call) -> Value:
        """`"environments/{0}.py".format(ENV)`: positional `{}`/`{N}` fields only."""
        if any(arg.keyword is not None or arg.star for arg in node.args):
            return Unknown("str.format()", hint="str", prefix=text.split("{", 1)[0])
        args = [self.evaluate(arg.value) for arg in node.args]
        parts: list[str | Env] = []
        unknown = False
        automatic = 0
        try:
            for literal, field_name, spec, conversion in string.Formatter().parse(text):
                parts.append(literal)
                if field_name is None:
                    continue
                if spec or conversion or (field_name and not field_name.isdigit()):
                    unknown = True
                    break
                index = int(field_name) if field_name else automatic
                automatic += 1
                value = args[index]
                if isinstance(value, Const):
                    parts.append(str(value.value))
                elif isinstance(value, Env) and value.type == "str":
                    parts.append(value)
                else:
                    unknown = True
                    break
        except (ValueError, IndexError):
            return Unknown("str.format()")
        return self._string_of(parts, unknown)


# Values that name a production environment, and ones that name a developer's machine.
PRODUCTION_NAMES = frozenset({"production", "prod", "heroku", "live", "deploy", "deployment"})
DEVELOPMENT_NAMES = frozenset(
    {"local", "dev", "develop", "development", "test", "testing", "tests", "ci", "debug"}
)


def names_production(text: str) -> bool:
    return text.lower() in PRODUCTION_NAMES


def names_development(text: str) -> bool:
    return text.lower() in DEVELOPMENT_NAMES


def production_default_test(env: Env, operator: cst.BaseCompOp, other: Value) -> bool | None:
    """`os.environ.get("DJANGO_ENV", "production") == "production"`: a variable whose default
    names production is taken at its default (a dyno without it runs that branch, and one that
    sets it presumably sets production). Any other default leaves the test undecided."""
    default = env.default
    if env.type != "str" or not (
        isinstance(default, Const)
        and isinstance(default.value, str)
        and names_production(default.value)
    ):
        return None
    if isinstance(other, Const) and isinstance(other.value, str):
        if isinstance(operator, cst.Equal):
            return default.value == other.value
        if isinstance(operator, cst.NotEqual):
            return default.value != other.value
    if isinstance(other, Seq) and isinstance(operator, (cst.In, cst.NotIn)):
        items = [item.value for item in other.items if isinstance(item, Const)]
        if len(items) == len(other.items):
            return (default.value in items) != isinstance(operator, cst.NotIn)
    return None


def _text(value: Value) -> str:
    """A string value's text for a file pattern: literal, or an env template with `*`."""
    if isinstance(value, Const) and isinstance(value.value, str):
        return value.value
    if isinstance(value, Env) and value.pattern:
        return value.pattern
    return ""


def _template_part(value: Value) -> str | Env | None:
    if isinstance(value, Const) and isinstance(value.value, str):
        return value.value
    if isinstance(value, Env) and value.type == "str" and value.pattern is None:
        return value
    return None


def template(parts: list[str | Env]) -> Env | None:
    """A string built around one environment read (`f"settings.{ENV}"`, `"{}.py".format(ENV)`):
    an Env whose default is the string with the variable's default, and whose `pattern` has
    `*` where the variable goes. None when that does not describe it."""
    envs = [part for part in parts if isinstance(part, Env)]
    if len(envs) != 1:
        return None
    env = envs[0]
    default = env.default
    filled = None
    if isinstance(default, Const) and isinstance(default.value, str):
        filled = Const("".join(part if isinstance(part, str) else default.value for part in parts))
    pattern = "".join(part if isinstance(part, str) else "*" for part in parts)
    return Env(env.var, "str", "template", default=filled, pattern=pattern, call=env.call)


def _returns(func: cst.FunctionDef) -> list[cst.Return]:
    found: list[cst.Return] = []

    class Finder(cst.CSTVisitor):
        def visit_Return(self, node: cst.Return) -> None:
            found.append(node)

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return node is func  # not into nested functions

        def visit_Lambda(self, node: cst.Lambda) -> bool:
            return False

    func.visit(Finder())
    return found


def _is_boolean(node: cst.BaseExpression) -> bool | None:
    """True for an expression that is a real boolean; None for a name passed through."""
    if isinstance(node, cst.Comparison):
        return True
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Not):
        return True
    if isinstance(node, cst.Name):
        # A name handed back (`if isinstance(value, bool): return value`) passes a value
        # through rather than converting it.
        return True if node.value in ("True", "False") else None
    if isinstance(node, cst.BooleanOperation):
        sides = (_is_boolean(node.left), _is_boolean(node.right))
        return False if False in sides else (True if True in sides else None)
    if isinstance(node, cst.Call):
        name = dotted(node.func) or ""
        return name == "bool" or name.rsplit(".", 1)[-1] in BOOL_CONVERTERS
    return False


def returns_bool(func: cst.FunctionDef) -> bool:
    """Every `return` of `func` gives a real boolean (or hands back a name, the usual
    `if isinstance(value, bool): return value`), and at least one compares."""
    kinds = []
    for node in _returns(func):
        if node.value is None:
            return False
        kinds.append(_is_boolean(node.value))
    return bool(kinds) and False not in kinds and True in kinds


def reads_environ(func: cst.FunctionDef) -> bool:
    """The function reads the environment itself (`os.environ.get(name)`, `os.getenv`)."""
    code = cst.Module(body=[func]).code
    return "environ" in code or "getenv" in code
