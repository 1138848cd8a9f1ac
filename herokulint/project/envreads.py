"""Environment reads as facts of the project: which variables production reads, where, how.

The settings resolver meets every read while it evaluates the production settings chain (only
the branches a dyno takes: a read under `if DEBUG:` never runs there). Each becomes an
`EnvRead`: the variable, the file and line, the reader (`os.environ[...]`, django-environ's
`env.bool()`, decouple's `config()`, django-configurations' `values.*`, a pydantic-settings
field, `dj_database_url.config()`), whether a missing variable stops the app and with which
exception, the default, the conversion, and the settings it feeds. `variables()` groups them
per variable with who provides it on Heroku and whether it is a secret.

`truth_of(read, text)` answers "is this flag on when the variable holds `text`?" under the
parse the code uses, for the `env` command's "value that turns it off" and HK803. It is the
small local version of the boolean evaluator issue 12 §3 asks for; the two should become one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field, replace
from typing import Any, Optional, Union

import libcst as cst

from ..data.config_vars import addon_for, provided_by
from ..i18n import msg
from ..records import frozen
from .values import Const, Env, Map, Seq, Unknown, Value

# How a missing variable stops the app, by reader (shared notes config-vars §3).
FAILURES = {
    "os.environ": "KeyError",
    "environ": "ImproperlyConfigured",
    "decouple": "UndefinedValueError",
    "configurations": "ValueError",
    "pydantic": "ValidationError",
}
DUMMY_DATABASE = msg("dummy database")

# Settings whose value a variable decides and that are DEBUG-like flags: on means unsafe.
DEBUG_SETTINGS = frozenset({"DEBUG", "TEMPLATE_DEBUG", "DEBUG_PROPAGATE_EXCEPTIONS"})
SECRET_SETTINGS = frozenset({"SECRET_KEY", "SECRET_KEY_FALLBACKS"})
_SECRET_NAME = re.compile(r"(SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|CREDENTIAL|_DSN$|_KEY$|^KEY$)")
_PUBLIC_NAME = re.compile(r"(PUBLIC|PUBLISHABLE|_KEY_ID$|_SITE_KEY$)")
# Secrets the app chooses itself, so a fresh random value is right (not an API key).
_GENERATED = re.compile(r"^(DJANGO_)?(SECRET_KEY|SIGNING_KEY|JWT_SECRET(_KEY)?)$")

# Strings the libraries' boolean parsers accept (shared notes config-vars §4).
_ENVIRON_TRUE = ("true", "on", "ok", "y", "yes", "1")
_DECOUPLE = ({"y", "yes", "t", "true", "on", "1"}, {"n", "no", "f", "false", "off", "0", ""})
_CONFIGURATIONS = ({"yes", "y", "true", "1"}, {"no", "n", "false", "0", ""})
_PYDANTIC = ({"1", "t", "y", "on", "yes", "true"}, {"0", "f", "n", "no", "off", "false"})
_STRTOBOOL = ({"y", "yes", "t", "true", "on", "1"}, {"n", "no", "f", "false", "off", "0"})
_STRING_METHODS = ("lower", "upper", "strip", "lstrip", "rstrip", "casefold", "title")
BOOL_NAMES = ("strtobool", "str2bool", "str_to_bool", "to_bool")


class ParseError_(Exception):
    """The value would make the settings raise (a bad boolean, a non-integer)."""


# What a parse gives: a value, "error" (the settings raise), or None (cannot tell).
Parsed = Union[Any, None]
ERROR = "error"


@frozen
class EnvRead:
    """One read of one environment variable by the code production runs."""

    name: str
    path: str
    line: int
    reader: str  # how it is read, as the code spells it: `os.environ[...]`, `env.bool()`
    required: bool  # a missing variable stops the settings (or leaves no database)
    fails_with: Optional[str]  # KeyError, ImproperlyConfigured, ..., "dummy database"
    default: Optional[str]  # the default as source text, None when there is none
    cast: str  # str, bool, int, float, list, url, json, converted
    feeds: tuple[str, ...] = ()
    presence: bool = False  # only tests whether the variable is set (`"X" in os.environ`)
    conditional: bool = False  # in a branch production may or may not take
    env: Optional[Env] = field(default=None, compare=False, repr=False)
    # The whole expression the read sits in (`os.environ.get("X", "") == "1"`), to evaluate it.
    expression: Optional[cst.BaseExpression] = field(default=None, compare=False, repr=False)


@frozen
class EnvVariable:
    """Every read of one variable, and what the platform says about it."""

    name: str
    reads: tuple[EnvRead, ...]
    required: bool
    fails_with: Optional[str]
    default: Optional[str]
    cast: str
    feeds: tuple[str, ...]
    secret: bool
    provided_by: Optional[str]
    generated: bool  # a secret the app chooses itself: a fresh random value is right

    @property
    def debug_flag(self) -> bool:
        return bool(DEBUG_SETTINGS & set(self.feeds)) or (
            "DEBUG" in self.name and self.cast in ("bool", "str")
        )

    @property
    def addon(self) -> Optional[str]:
        return addon_for(self.name)

    @property
    def presence_only(self) -> bool:
        return all(read.presence for read in self.reads)


def is_secret(name: str, feeds: Iterable[str], cast: str) -> bool:
    """SECRET_KEY, `*_PASSWORD`, `*_TOKEN`, `*_SECRET`, `*_KEY`, DSNs and database URLs
    (they hold credentials), and whatever feeds Django's SECRET_KEY."""
    upper = name.upper()
    if SECRET_SETTINGS & set(feeds) or cast == "url":
        return True
    if _PUBLIC_NAME.search(upper):
        return False
    if _SECRET_NAME.search(upper):
        return True
    return upper.endswith("_URL") and addon_for(upper) is not None


def is_generated(name: str, feeds: Iterable[str]) -> bool:
    return bool(SECRET_SETTINGS & set(feeds)) or bool(_GENERATED.match(name.upper()))


def variables(reads: Sequence[EnvRead]) -> list[EnvVariable]:
    """The reads grouped per variable, in order of first read."""
    grouped: dict[str, list[EnvRead]] = {}
    for read in reads:
        grouped.setdefault(read.name, []).append(read)
    result = []
    for name, group in grouped.items():
        real = [read for read in group if not read.presence] or group
        required = [read for read in real if read.required and not read.conditional]
        feeds = tuple(dict.fromkeys(setting for read in group for setting in read.feeds))
        default = next((read.default for read in real if read.default is not None), None)
        cast = next((read.cast for read in real if read.cast != "str"), real[0].cast)
        result.append(
            EnvVariable(
                name=name,
                reads=tuple(group),
                required=bool(required),
                fails_with=required[0].fails_with if required else None,
                default=None if required else default,
                cast=cast,
                feeds=feeds,
                secret=is_secret(name, feeds, cast),
                provided_by=provided_by(name),
                generated=is_generated(name, feeds),
            )
        )
    return result


# -- building reads from the resolver's evaluation ------------------------------------------------
def reader_text(env: Env) -> str:
    """The read as the code spells it."""
    call = env.call
    if env.reader == "os.environ":
        return '"X" in os.environ' if isinstance(call, cst.Comparison) else "os.environ[...]"
    if env.reader in ("os.environ.get", "os.getenv", "os.environ.setdefault"):
        return f"{env.reader}()"
    if env.reader == "environ":
        method = (
            call.func.attr.value
            if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)
            else None
        )
        return f"env.{method}()" if method else "env()"
    if env.reader == "decouple":
        return "config()"
    if env.reader == "configurations":
        kind = call.func if isinstance(call, cst.Call) else None
        name = (
            kind.attr.value
            if isinstance(kind, cst.Attribute)
            else (kind.value if isinstance(kind, cst.Name) else "Value")
        )
        return f"values.{name}"
    if env.reader == "pydantic":
        return "pydantic-settings field"
    if env.reader == "dj_database_url.config":
        return "dj_database_url.config()"
    return env.reader if env.reader.endswith("()") else f"{env.reader}()"


def default_text(value: Optional[Value]) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, Const):
        return "" if value.value is None else str(value.value)
    if isinstance(value, Seq):
        items = [default_text(item) for item in value.items]
        return ",".join(item for item in items if item is not None)
    if isinstance(value, Env):
        return f"${value.var}" if value.var else "<another variable>"
    if isinstance(value, Unknown) and value.hint == "random":
        return "<random>"
    if isinstance(value, Unknown) and value.hint == "str" and value.prefix:
        return f"{value.prefix}…"
    if isinstance(value, Unknown) and value.hint in ("Path", "str-path"):
        return f"<path {value.path}>" if value.path is not None else "<path>"
    return "<computed>"


CASTS = {"db": "url", "bool-of-str": "bool()", "converted": "converted"}


def failure(raw: Env, final: Env) -> tuple[bool, Optional[str]]:
    """Whether a missing variable stops the app, and how."""
    if isinstance(raw.call, cst.Comparison) and raw.reader == "os.environ":
        return False, None
    database_url = raw.reader in ("dj_database_url.config", "configurations")
    if final.type == "db" and raw.default is None and not raw.required and database_url:
        return True, DUMMY_DATABASE
    if raw.required:
        return True, FAILURES.get(raw.reader, "an exception")
    if final.crashes_when_unset or raw.crashes_when_unset:
        return True, "TypeError" if final.type in ("int", "float") else "AttributeError"
    return False, None


def make_read(
    raw: Env,
    final: Optional[Env],
    path: str,
    line: int,
    feeds: tuple[str, ...],
    conditional: bool,
    expression: Optional[cst.BaseExpression],
) -> Optional[EnvRead]:
    used = final if final is not None else raw
    name = raw.var or used.var
    if not name:
        return None
    required, fails = failure(raw, used)
    presence = isinstance(raw.call, cst.Comparison) and raw.reader == "os.environ"
    default = raw.default if raw.default is not None else used.default
    return EnvRead(
        name=name,
        path=path,
        line=line,
        reader=reader_text(raw),
        required=required,
        fails_with=fails,
        default=None if required else default_text(default),
        cast="bool" if presence else CASTS.get(used.type, used.type),
        feeds=feeds,
        presence=presence,
        conditional=conditional,
        env=used,
        expression=expression,
    )


def envs_in(value: Optional[Value]) -> list[Env]:
    if isinstance(value, Env):
        return [value]
    if isinstance(value, Seq):
        return [env for item in value.items for env in envs_in(item)]
    if isinstance(value, Map):
        return [env for key, item in value.items for env in envs_in(key) + envs_in(item)]
    return []


def matching(raw: Env, finals: list[Env]) -> Optional[Env]:
    for env in finals:
        if env.call is raw.call or (raw.var is not None and env.var == raw.var):
            return env
    return None


# -- "is the flag on for this value?" ---------------------------------------------------------------
def _library_bool(reader: str, text: str) -> Parsed:
    if reader == "environ":
        try:
            return int(text) != 0
        except ValueError:
            return text.lower().strip() in _ENVIRON_TRUE
    table = {
        "decouple": _DECOUPLE,
        "configurations": _CONFIGURATIONS,
        "pydantic": _PYDANTIC,
    }.get(reader)
    if table is None:
        return None
    word = text.lower() if reader == "decouple" else text.strip().lower()
    if word in table[0]:
        return True
    if word in table[1]:
        return False
    return ERROR


LIBRARIES = ("environ", "decouple", "configurations", "pydantic")


def truth_of(read: EnvRead, text: Optional[str]) -> Parsed:
    """Whether the value the read gives is truthy when the variable holds `text` (None =
    unset): True, False, ERROR (the settings raise), or None (cannot tell)."""
    env = read.env
    if env is None:
        return None
    value: Any = text
    if text is None:
        if read.required:
            return ERROR
        default = env.default
        if default is not None and not isinstance(default, Const):
            return None
        value = default.value if isinstance(default, Const) else None
        if env.reader in LIBRARIES:
            # decouple casts its default; django-environ, django-configurations and pydantic
            # hand it back as written (notes config-vars §3).
            if env.reader == "decouple" and isinstance(value, str) and env.type == "bool":
                return _library_bool(env.reader, value)
            return bool(value)
    elif env.reader in LIBRARIES and env.type == "bool":
        return _library_bool(env.reader, text)
    if read.expression is not None and env.reader not in LIBRARIES:
        try:
            result = _eval(read.expression, read.name, value)
        except ParseError_:
            return ERROR
        return None if result is _UNKNOWN else bool(result)
    if env.type in ("str", "bool-of-str"):
        return bool(value)
    return None


_UNKNOWN = object()


def _eval(node: cst.BaseExpression, var: str, text: Any) -> Any:
    if isinstance(node, cst.SimpleString):
        return node.evaluated_value
    if isinstance(node, (cst.Integer, cst.Float)):
        return node.evaluated_value
    if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
        return {"True": True, "False": False, "None": None}[node.value]
    if isinstance(node, (cst.Tuple, cst.List, cst.Set)):
        items = [_eval(element.value, var, text) for element in node.elements]
        return _UNKNOWN if _UNKNOWN in items else items
    if isinstance(node, cst.Subscript):
        key = node.slice[0].slice if len(node.slice) == 1 else None
        if isinstance(key, cst.Index) and _literal(key.value) == var:
            return text
        return _UNKNOWN
    if isinstance(node, cst.Call):
        return _eval_call(node, var, text)
    if isinstance(node, cst.Comparison) and len(node.comparisons) == 1:
        left = _eval(node.left, var, text)
        right = _eval(node.comparisons[0].comparator, var, text)
        if _UNKNOWN in (left, right):
            return _UNKNOWN
        return _compare(node.comparisons[0].operator, left, right)
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Not):
        inner = _eval(node.expression, var, text)
        return _UNKNOWN if inner is _UNKNOWN else not inner
    if isinstance(node, cst.BooleanOperation):
        left = _eval(node.left, var, text)
        if left is _UNKNOWN:
            return _UNKNOWN
        if isinstance(node.operator, cst.Or):
            return left if left else _eval(node.right, var, text)
        return _eval(node.right, var, text) if left else left
    return _UNKNOWN


def _literal(node: cst.BaseExpression) -> Optional[str]:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _compare(operator: cst.BaseCompOp, left: Any, right: Any) -> Any:
    try:
        if isinstance(operator, cst.Equal):
            return left == right
        if isinstance(operator, cst.NotEqual):
            return left != right
        if isinstance(operator, cst.In):
            return left in right
        if isinstance(operator, cst.NotIn):
            return left not in right
    except TypeError as exc:
        raise ParseError_ from exc
    return _UNKNOWN


def _eval_call(node: cst.Call, var: str, text: Any) -> Any:
    func = node.func
    name = func.value if isinstance(func, cst.Name) else None
    if isinstance(func, cst.Attribute):
        attr = func.attr.value
        if attr in ("get", "getenv") and node.args and _literal(node.args[0].value) == var:
            return text
        if attr in _STRING_METHODS and not node.args:
            base = _eval(func.value, var, text)
            if base is _UNKNOWN:
                return _UNKNOWN
            if not isinstance(base, str):
                raise ParseError_  # None.lower(): AttributeError
            return getattr(base, attr)()
        name = attr if attr in BOOL_NAMES else None
        if name is None:
            return _UNKNOWN
    if not node.args or name is None:
        return _UNKNOWN
    if name == "getenv" and _literal(node.args[0].value) == var:
        return text
    inner = _eval(node.args[0].value, var, text)
    if inner is _UNKNOWN:
        return _UNKNOWN
    if name == "bool":
        return bool(inner)
    if name in ("int", "float"):
        try:
            return int(inner) if name == "int" else float(inner)
        except (TypeError, ValueError) as exc:
            raise ParseError_ from exc
    if name in BOOL_NAMES:
        word = str(inner).lower()
        if word in _STRTOBOOL[0]:
            return True
        if word in _STRTOBOOL[1]:
            return False
        raise ParseError_
    if name == "str":
        return str(inner)
    return _UNKNOWN


# Values that mean "off" to a person, tried in this order to turn a flag off.
OFF_WORDS = ("False", "0", "false", "no", "off")


# Values that mean "on" to a person, tried in this order to turn a flag on (local debugging).
ON_WORDS = ("1", "True", "true", "yes", "on")


def on_value(variable: EnvVariable) -> Optional[str]:
    """A value that turns the flag on under every parse that reads it, or None."""
    reads = [read for read in variable.reads if not read.presence]
    for word in ON_WORDS:
        if reads and all(truth_of(read, word) is True for read in reads):
            return word
    return None


def off_value(variable: EnvVariable) -> tuple[Optional[str], bool]:
    """(a value that turns the flag off under every parse that reads it, unset is off).
    The value is None when none of the usual words works (or it cannot be told)."""
    reads = [read for read in variable.reads if not read.presence]
    if not reads:
        return None, False
    unset_off = all(truth_of(read, None) is False for read in reads)
    for word in OFF_WORDS:
        if all(truth_of(read, word) is False for read in reads):
            return word, unset_off
    return None, unset_off


def with_feeds(reads: list[EnvRead], values: Mapping[str, Any]) -> list[EnvRead]:
    """The reads with every setting whose final value holds the variable added to `feeds`
    (`_url = os.environ.get("DATABASE_URL")` feeds DATABASES through `parse(_url)`)."""
    fed: dict[str, list[str]] = {}
    for name, setting in values.items():
        for env in envs_in(setting.value):
            if env.var:
                fed.setdefault(env.var, []).append(name)
    result = []
    for read in reads:
        extra = [name for name in fed.get(read.name, ()) if name not in read.feeds]
        result.append(replace(read, feeds=(*read.feeds, *extra)) if extra else read)
    return result


# `$VAR`, `${VAR}`, `${VAR:-default}` in a shell command line.
_SHELL_VAR = re.compile(
    r"\$(?:\{(?P<braced>[A-Za-z_]\w*)(?::?-(?P<default>[^}]*))?\}|(?P<bare>[A-Za-z_]\w*))"
)


def procfile_reads(procfile: Any) -> list[EnvRead]:
    """The variables the Procfile's commands expand (the shell leaves an unset one empty)."""
    reads = []
    for process in procfile.processes:
        for match in _SHELL_VAR.finditer(process.command):
            name = match.group("braced") or match.group("bare")
            reads.append(
                EnvRead(
                    name=name,
                    path=procfile.relpath,
                    line=process.line,
                    reader=f"${name} in the {process.name} process",
                    required=False,
                    fails_with=None,
                    default=match.group("default"),
                    cast="str",
                )
            )
    return reads


def settings_choice_reads(choices: Sequence[Any], var: str, entry: Sequence[str]) -> list[EnvRead]:
    """DJANGO_SETTINGS_MODULE (or DJANGO_CONFIGURATION) as manage.py/wsgi.py default it."""
    return [
        EnvRead(
            name=var,
            path=choice.origin,
            line=choice.line,
            reader="os.environ.setdefault()",
            required=False,
            fails_with=None,
            default=choice.module,
            cast="str",
        )
        for choice in choices
        if choice.origin in entry
    ]
