"""Every rule's own examples, run as tests: invalid ones report exactly the expected places,
valid ones report nothing. The same examples are the rule's documentation."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import git_commit, write_files

from herokulint.engine import check
from herokulint.rule import Example, Rule, load_rules
from herokulint.suppress import SuppressionRule

RULES = load_rules()
CASES = [
    pytest.param(rule, kind, example, id=f"{code}-{kind}-{index}")
    for code, rule in RULES.items()
    for kind in ("invalid", "valid")
    for index, example in enumerate(getattr(rule, kind))
]


def run_example(tmp_path: Path, rule: type[Rule], example: Example) -> list[tuple[str, int]]:
    root = tmp_path / "app"
    root.mkdir()
    write_files(root, example.files)
    if example.git == "all":
        git_commit(root)
    elif isinstance(example.git, tuple):
        git_commit(root, example.git)
    # A suppression rule judges what the other rules reported, so they all run with it.
    rules = list(RULES.values()) if issubclass(rule, SuppressionRule) else [rule]
    _, findings = check(root, rules)
    return sorted((finding.path, finding.line) for finding in findings if finding.code == rule.code)


@pytest.mark.parametrize(("rule", "kind", "example"), CASES)
def test_rule_example(tmp_path: Path, rule: type[Rule], kind: str, example: Example) -> None:
    found = run_example(tmp_path, rule, example)
    expected = sorted(example.expect) if kind == "invalid" else []
    assert found == expected


def test_every_rule_has_failing_and_passing_examples() -> None:
    for code, rule in RULES.items():
        assert rule.invalid, f"{code} has no invalid example"
        assert rule.valid, f"{code} has no valid example"
        assert all(example.expect for example in rule.invalid), (
            f"{code}: invalid example expects nothing"
        )


def test_every_rule_documents_the_catalogue_sections() -> None:
    for code, rule in RULES.items():
        docs = rule.docs()
        for section in ("## What it does", "## Why it matters", "## Fix safety", "## References"):
            assert section in docs, f"{code} docstring lacks {section!r}"


def test_codes_and_names_are_unique_and_well_formed() -> None:
    names = [rule.name for rule in RULES.values()]
    assert len(names) == len(set(names))
    for code, rule in RULES.items():
        assert code.startswith("HK") and len(code) == 5 and code[2:].isdigit()
        assert rule.severity in ("error", "warning", "info")
        assert rule.name == rule.name.lower() and " " not in rule.name


def test_catalogue_rules_of_the_engine_issue_are_all_implemented() -> None:
    wanted = "HK001 HK002 HK003 HK101 HK103 HK104 HK105 HK106 HK201 HK204 HK207 HK301 HK302 HK303 HK305 HK401 HK402 HK403 HK404 HK501 HK502 HK507 HK601 HK701 HK702 HK703"
    assert set(wanted.split()) <= set(RULES)
