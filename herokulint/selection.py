"""Rule selectors (`--select`, `ignore`, per-file-ignores): which rules a selector names, and a
"did you mean" for one that names none. Needs only each rule's code and name."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .i18n import msg


def matches(selector: str, rule: Any) -> bool:
    """A selector is "ALL", a code ("HK401"), a prefix ("HK4"), or a rule name."""
    selector = selector.strip()
    return (
        selector.upper() == "ALL"
        or rule.code.startswith(selector.upper())
        or selector.lower() == rule.name
    )


def did_you_mean(selector: str, rules: Mapping[str, Any]) -> str:
    return suggestion(selector, [*rules, *(rule.name for rule in rules.values())])


def suggestion(word: str, candidates: Iterable[str]) -> str:
    """ " (did you mean 'X'?)" for the closest candidate, or "" when none is close.

    A candidate with exactly the same characters wins first: a swapped pair of digits
    (HK014 for HK401) is the commonest typo in a code.
    """
    import difflib

    candidates = list(candidates)
    same = [c for c in candidates if sorted(c.upper()) == sorted(word.upper()) and c != word]
    close = difflib.get_close_matches(word, same or candidates, n=1, cutoff=0 if same else 0.7)
    return msg(" (did you mean {word!r}?)", word=close[0]) if close else ""
