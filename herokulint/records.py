"""Records: herokulint's dataclasses, made cheaper to create.

On Python 3.11, `@dataclass(frozen=True)` compiles six methods for each class (`__init__`,
`__repr__`, `__eq__`, `__hash__`, `__setattr__`, `__delattr__`) and, for a class without a
docstring, computes one from its signature: about 0.8 ms a class, and a check creates ~85 of
them, 67 ms of a 0.39 s cold run (measured 2026-12-05, see `dataclasses._process_class`). `@frozen` and `@mutable` are `@dataclass(frozen=True)` and `@dataclass`
with `__repr__`, `__eq__` and `__hash__` shared instead of compiled per class. The shared ones
read the fields exactly as the generated ones do (same text, same equality, same hash, fields
with `repr=False` or `compare=False` left out the same way), so `dataclasses.fields`, `replace`
and `field()` work unchanged, and a method a class writes itself is kept, as dataclass keeps it.
A class without a docstring gets its name as one.
"""

from __future__ import annotations

import dataclasses
import reprlib
from typing import Any, Callable, TypeVar, dataclass_transform

T = TypeVar("T")


def _names(cls: type, attribute: str, keep: Callable[[dataclasses.Field[Any]], bool]) -> Any:
    """The names of `cls`'s fields that `keep` selects, computed once per class."""
    names = cls.__dict__.get(attribute)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(cls) if keep(f))
        setattr(cls, attribute, names)
    return names


def _shown(cls: type) -> tuple[str, ...]:
    return _names(cls, "_record_shown", lambda f: f.repr)


def _compared(cls: type) -> tuple[str, ...]:
    return _names(cls, "_record_compared", lambda f: f.compare)


def _hashed(cls: type) -> tuple[str, ...]:
    keep: Callable[[dataclasses.Field[Any]], bool] = lambda f: bool(  # noqa: E731
        f.compare if f.hash is None else f.hash
    )
    return _names(cls, "_record_hashed", keep)


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _shown(self.__class__))
    return f"{self.__class__.__qualname__}({shown})"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        names = _compared(self.__class__)
        return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(tuple(getattr(self, name) for name in _hashed(self.__class__)))


def _documented(cls: type[T]) -> type[T]:
    """dataclass writes a missing docstring from `inspect.signature(cls)` (a third of its time
    on Python 3.11); the class's name does as well for herokulint's own classes."""
    if cls.__doc__ is None:
        cls.__doc__ = cls.__qualname__
    return cls


def _shared_methods(cls: type[T], frozen: bool) -> type[T]:
    own = cls.__dict__
    # As dataclass decides: a __hash__ the class wrote counts, the None that Python sets for a
    # class that writes only __eq__ does not.
    explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    if "__repr__" not in own:
        cls.__repr__ = _repr  # type: ignore[method-assign]
    if "__eq__" not in own:
        cls.__eq__ = _eq  # type: ignore[method-assign]
    if not explicit_hash:
        cls.__hash__ = _hash if frozen else None  # type: ignore[assignment]
    return cls


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def frozen(cls: type[T]) -> type[T]:
    """`@dataclass(frozen=True)`, with the shared `__repr__`, `__eq__` and `__hash__`."""
    made = dataclasses.dataclass(frozen=True, eq=False, repr=False)(_documented(cls))
    return _shared_methods(made, True)


@dataclass_transform(field_specifiers=(dataclasses.field,))
def mutable(cls: type[T]) -> type[T]:
    """`@dataclass`, with the shared `__repr__` and `__eq__` (and unhashable, as dataclass)."""
    return _shared_methods(dataclasses.dataclass(eq=False, repr=False)(_documented(cls)), False)
