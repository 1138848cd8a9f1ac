"""Every rule's own examples, run as tests: invalid ones report exactly the expected places,
valid ones report nothing. The same examples are the rule's documentation."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Optional

import libcst
import pytest
from conftest import GIT, git_commit, write_files

from herokulint.catalogue import load_rules
from herokulint.configvars import ConfigVars, load_config_vars
from herokulint.engine import check
from herokulint.fix import FixRun, run_fixes
from herokulint.rule import Example, Rule
from herokulint.suppress import DIRECTIVE, SuppressionRule

RULES = load_rules()
CASES = [
    pytest.param(rule, kind, example, id=f"{code}-{kind}-{index}")
    for code, rule in RULES.items()
    for kind in ("invalid", "valid")
    for index, example in enumerate(getattr(rule, kind))
]


def with_others(rule: type[Rule]) -> list[type[Rule]]:
    """The rules an example runs: a suppression rule judges what the other rules reported, so
    they all run with it."""
    return list(RULES.values()) if issubclass(rule, SuppressionRule) else [rule]


def config_vars(root: Path) -> Optional[ConfigVars]:
    """An example's `config-vars.json` stands for `--config-vars` (`heroku config --json`)."""
    path = root / "config-vars.json"
    return load_config_vars(str(path)) if path.exists() else None


def run_example(tmp_path: Path, rule: type[Rule], example: Example) -> list[tuple[str, int]]:
    root = tmp_path / "app"
    root.mkdir()
    write_files(root, example.files)
    if example.git == "all":
        git_commit(root)
    elif isinstance(example.git, tuple):
        git_commit(root, example.git)
    for command in example.git_after:
        subprocess.run([*GIT, *command], cwd=root, check=True, capture_output=True)
    _, findings = check(root, with_others(rule), config_vars=config_vars(root))
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


FIX_CASES = [
    pytest.param(rule, example, id=f"{code}-fix-{index}")
    for code, rule in RULES.items()
    for index, example in enumerate(rule.invalid)
    if example.fixed is not None
]


def fix_example(root: Path, rule: type[Rule]) -> FixRun:
    def run(overlay):  # type: ignore[no-untyped-def]
        findings = check(root, with_others(rule), overlay=overlay, config_vars=config_vars(root))[1]
        return [finding for finding in findings if finding.code == rule.code]

    return run_fixes(root, run, unsafe=True)


@pytest.mark.parametrize(("rule", "example"), FIX_CASES)
def test_rule_fix(tmp_path: Path, rule: type[Rule], example: Example) -> None:
    """The fix gives the expected text, parses, removes the finding, is idempotent, and
    keeps every comment of the files it edits."""
    root = tmp_path / "app"
    root.mkdir()
    write_files(root, example.files)
    git_commit(root)
    outcome = fix_example(root, rule)
    assert outcome.converged and not outcome.refused
    outcome.workspace.write()
    assert example.fixed is not None
    for path, expected in example.fixed.items():
        if expected is None:
            assert not (root / path).exists(), path
            continue
        text = (root / path).read_text(encoding="utf-8")
        assert text == expected, path
        if path.endswith(".py"):
            libcst.parse_module(text)
        before = example.files.get(path, "")
        comments = [line.strip() for line in before.splitlines() if line.strip().startswith("#")]
        if issubclass(rule, SuppressionRule):  # its fix removes suppression comments, only those
            comments = [comment for comment in comments if not DIRECTIVE.search(comment)]
        # A line the fix uncomments (HK110's `# release: ...`) is kept, as code.
        lines = {line.strip() for line in text.splitlines()}
        assert all(comment in text or comment.lstrip("# ") in lines for comment in comments), path
    found = check(root, with_others(rule), config_vars=config_vars(root))[1]
    assert [f for f in found if f.code == rule.code] == []
    again = fix_example(root, rule)
    assert again.applied == [] and again.workspace.changed() == []


def test_fixable_rules_show_their_fix() -> None:
    for code, rule in RULES.items():
        has_example = any(example.fixed is not None for example in rule.invalid)
        assert has_example == (rule.fix_applicability is not None), code
