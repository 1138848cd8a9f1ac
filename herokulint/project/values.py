"""Abstract values of settings: what a setting holds in production, as far as it can be known.

A setting resolves to one of:
- `Const`: a literal (`True`, `"static/"`, `None`, a number);
- `Seq` / `Map`: a list, tuple or dict literal whose items are values themselves;
- `Env`: read from the environment, with the type the code converts it to and its default;
- `Unknown`: computed in a way a static reader cannot follow (a path, a call, a branch).
Rules report hard-coded values only on `Const`/`Seq`/`Map`, never on `Unknown`.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any, Union

from ..records import frozen

# Environment variables whose presence is known on a running Heroku dyno (the router sets PORT,
# the dyno manager sets DYNO; DATABASE_URL comes with the Postgres add-on) and one whose absence is
# (CI is set only on Heroku CI test runs). Used to decide `if "DYNO" in os.environ:` branches.
PRESENT_ON_DYNO = frozenset({"DYNO", "PORT", "DATABASE_URL"})
ABSENT_ON_DYNO = frozenset({"CI"})


@frozen
class Const:
    value: Any


@frozen
class Seq:
    kind: str  # "list" | "tuple" | "set"
    items: tuple[Value, ...]


@frozen
class Map:
    items: tuple[tuple[Value, Value], ...]

    def get(self, key: str) -> Value | None:
        found = None
        for k, v in self.items:
            if isinstance(k, Const) and k.value == key:
                found = v
        return found


@frozen
class Env:
    """A value read from an environment variable.

    `type` is what the code turns the string into: "str" (left raw), "bool", "int", "float",
    "list", "db" (a database dict from a URL), "converted" (some other parsing), or
    "bool-of-str" (`bool(os.getenv(...))`, true for any non-empty string).
    `default` is None when the code gives no default; `required` when a missing variable raises.
    `prod` is whether the value is known truthy (True) or falsy (False) on a dyno.
    """

    var: str | None
    type: str
    reader: str
    default: Value | None = None
    required: bool = False
    crashes_when_unset: bool = False
    prod: bool | None = None
    call: Any = field(default=None, compare=False, repr=False)  # the libcst.Call, for rules/fixes
    # Keys assigned into the value after it was read (`DATABASES["default"]["CONN_MAX_AGE"] =
    # 500` after `dj_database_url.config()`), so rules can see options added later.
    keys: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    # A string built around the variable (`f"config.settings.{ENV}"`): the string with `*`
    # where the variable's value goes, to find the modules or files it may name.
    pattern: str | None = None


@frozen
class Unknown:
    """A value a static reader cannot know.

    `hint` says what kind of value it is when that much is known: "Path" (a pathlib.Path),
    "str-path" (an `os.path` result), "str" (a formatted string), "random" (a fresh secret).
    `path` is the file or folder a path value names, relative to the app root, when it can
    be followed from `__file__` (`BASE_DIR / "static"`); `prefix` is the literal start of a
    formatted string (`f"sqlite:///{BASE_DIR}"` starts with "sqlite:///").
    """

    why: str = ""
    hint: str = ""
    path: str | None = None
    prefix: str = ""


@frozen
class Reader:
    """An environment-reader object: django-environ's `environ.Env(...)` or decouple's config.

    `schema` holds django-environ's per-variable casts: (name, type, default); for a
    pydantic-settings object, its fields: (attribute, type, default), with `names` giving
    each attribute's environment variable.
    """

    kind: str  # "environ" | "decouple" | "pydantic"
    schema: tuple[tuple[str, str, Value | None], ...] = ()
    names: tuple[tuple[str, str], ...] = ()  # pydantic: attribute -> environment variable


Value = Union[Const, Seq, Map, Env, Unknown, Reader]


def const_value(value: Value) -> Any:
    """The plain Python value of a fully literal value; raises ValueError otherwise."""
    if isinstance(value, Const):
        return value.value
    if isinstance(value, Seq):
        items = [const_value(item) for item in value.items]
        return tuple(items) if value.kind == "tuple" else items
    if isinstance(value, Map):
        return {const_value(k): const_value(v) for k, v in value.items}
    raise ValueError("not a literal")


def is_literal(value: Value) -> bool:
    try:
        const_value(value)
    except (ValueError, TypeError):
        return False
    return True


def contains_env(value: Value) -> bool:
    if isinstance(value, Env):
        return True
    if isinstance(value, Seq):
        return any(contains_env(item) for item in value.items)
    if isinstance(value, Map):
        return any(contains_env(k) or contains_env(v) for k, v in value.items)
    return False


def contains_unknown(value: Value) -> bool:
    if isinstance(value, Unknown):
        return True
    if isinstance(value, Seq):
        return any(contains_unknown(item) for item in value.items)
    if isinstance(value, Map):
        return any(contains_unknown(k) or contains_unknown(v) for k, v in value.items)
    return False


def truth_on_dyno(value: Value) -> bool | None:
    """Whether a condition holds on a running dyno: True, False, or None (cannot be known)."""
    if isinstance(value, Const):
        try:
            return bool(value.value)
        except Exception:  # a literal whose truth raises cannot happen, but never crash
            return None
    if isinstance(value, Env):
        if value.prod is not None:
            return value.prod
        if value.type == "str" and value.var in PRESENT_ON_DYNO:
            return True
        return None
    if isinstance(value, (Seq, Map)):
        return bool(value.items)
    return None
