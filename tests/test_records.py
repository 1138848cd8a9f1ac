"""herokulint.records: `@frozen` and `@mutable` behave as `@dataclass(frozen=True)` and
`@dataclass` do (repr, equality, hashing, fields), while compiling fewer methods per class."""

from __future__ import annotations

import dataclasses
from typing import Optional

import pytest

from herokulint.records import frozen, mutable


def pair(decorator, reference):
    """The same class made twice: with the decorator under test and with dataclass."""

    def make(deco):
        @deco
        class Setting:
            name: str
            line: int = 1
            node: object = dataclasses.field(default=None, compare=False, repr=False)
            notes: tuple[str, ...] = dataclasses.field(default=(), compare=False)
            tags: list[str] = dataclasses.field(default_factory=list, hash=False)
            parent: Optional[Setting] = None

        return Setting

    return make(decorator), make(reference)


CASES = [
    (frozen, dataclasses.dataclass(frozen=True)),
    (mutable, dataclasses.dataclass),
]


@pytest.mark.parametrize(("decorator", "reference"), CASES)
def test_repr_and_equality_are_dataclass_s(decorator, reference) -> None:
    ours, theirs = pair(decorator, reference)
    args = dict(name="DEBUG", line=3, node=object(), notes=("n",), tags=["a"])
    a, b = ours(**args), theirs(**args)
    assert repr(a) == repr(b)
    shown = "Setting(name='DEBUG', line=3, notes=('n',), tags=['a'], parent=None)"
    assert repr(a).endswith("." + shown)
    assert a == ours(**{**args, "node": 1, "notes": ()})  # compare=False fields do not count
    assert a != ours(**{**args, "line": 4})
    assert (a == b) is False  # another class: NotImplemented both ways, so not equal
    assert a.__eq__(1) is NotImplemented
    assert [f.name for f in dataclasses.fields(a)] == [f.name for f in dataclasses.fields(b)]
    assert dataclasses.replace(a, line=9).line == 9


def test_frozen_is_hashable_and_immutable_as_dataclass() -> None:
    ours, theirs = pair(frozen, dataclasses.dataclass(frozen=True))
    a, b = ours("X", tags=()), theirs("X", tags=())  # type: ignore[arg-type]
    assert hash(a) == hash(b)  # the same tuple of fields: compare=True, hash not False
    assert hash(a) == hash(ours("X", tags=("other",), notes=("n",)))  # type: ignore[arg-type]
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.line = 2  # type: ignore[misc]
    assert {a, ours("X", tags=())} == {a}  # type: ignore[arg-type]


def test_mutable_is_unhashable_as_dataclass() -> None:
    ours, _ = pair(mutable, dataclasses.dataclass)
    with pytest.raises(TypeError):
        hash(ours("X"))


def test_a_class_s_own_methods_are_kept() -> None:
    @frozen
    class Named:
        name: str

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Named) and other.name.lower() == self.name.lower()

        def __repr__(self) -> str:
            return f"<{self.name}>"

    assert Named("A") == Named("a") and repr(Named("A")) == "<A>"
    assert hash(Named("A")) == hash(("A",))  # as dataclass: its __eq__ alone adds a hash


def test_a_subclass_compares_its_own_fields() -> None:
    @frozen
    class Base:
        a: int

    @frozen
    class Child(Base):
        b: int = 0

    assert Child(1, 2) != Child(1, 3) and Child(1, 2) == Child(1, 2)
    assert repr(Child(1, 2)) == "test_a_subclass_compares_its_own_fields.<locals>.Child(a=1, b=2)"
    assert Base(1) != Child(1)


def test_a_recursive_repr_is_cut_as_dataclass_cuts_it() -> None:
    @mutable
    class Node:
        child: Optional[Node] = None

    node = Node()
    node.child = node
    assert (
        repr(node) == "test_a_recursive_repr_is_cut_as_dataclass_cuts_it.<locals>.Node(child=...)"
    )
