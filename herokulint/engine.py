"""Running the selected rules over one project and collecting their findings."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Optional

from .findings import Finding
from .project import ProjectModel
from .rule import Rule, load_rules


class UsageError(Exception):
    """A problem with how herokulint was called or configured (exit code 2)."""


class InternalError(Exception):
    """A bug in herokulint itself (exit code 2), with the rule that raised it."""


def matches(selector: str, rule: type[Rule]) -> bool:
    """A selector is "ALL", a code ("HK401"), a prefix ("HK4"), or a rule name."""
    selector = selector.strip()
    return (
        selector.upper() == "ALL"
        or rule.code.startswith(selector.upper())
        or selector.lower() == rule.name
    )


def select_rules(
    select: Optional[Iterable[str]] = None,
    ignore: Iterable[str] = (),
    extend_select: Iterable[str] = (),
) -> list[type[Rule]]:
    rules = load_rules()
    chosen_selectors = list(select) if select else ["ALL"]
    chosen_selectors += list(extend_select)
    for selector in [*chosen_selectors, *ignore]:
        if not any(matches(selector, rule) for rule in rules.values()):
            raise UsageError(f"unknown rule selector {selector!r}{did_you_mean(selector, rules)}")
    return [
        rule
        for rule in rules.values()
        if any(matches(s, rule) for s in chosen_selectors)
        and not any(matches(s, rule) for s in ignore)
    ]


def did_you_mean(selector: str, rules: dict[str, type[Rule]]) -> str:
    import difflib

    names = [*rules, *(rule.name for rule in rules.values())]
    close = difflib.get_close_matches(selector, names, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def check(
    root: Path,
    rules: list[type[Rule]],
    *,
    settings: Optional[str] = None,
    target: str = "cedar",
) -> tuple[ProjectModel, list[Finding]]:
    project = ProjectModel(root, settings=settings, target=target)
    findings: list[Finding] = []
    for rule in rules:
        try:
            findings.extend(rule().check(project))
        except RecursionError as exc:
            raise InternalError(f"{rule.code} ran out of stack on this project") from exc
        except Exception as exc:
            raise InternalError(f"{rule.code} failed: {type(exc).__name__}: {exc}") from exc
    return project, sorted(set(findings), key=Finding.sort_key)
