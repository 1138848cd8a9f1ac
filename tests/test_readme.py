"""The README documents every configuration key and command-line flag, and its snippets (the
configuration example, the pre-commit YAML, the GitHub Actions workflow) work as written."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from herokulint.catalogue import load_rules
from herokulint.cli import build_parser, main
from herokulint.config import KEYS, Validator, toml_loads
from herokulint.gitrepo import GitRepo

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def fenced(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def section(title: str) -> str:
    return README.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def subcommand_flags(name: str) -> set[str]:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    sub = commands.choices[name]  # type: ignore[attr-defined]
    return {flag for action in sub._actions for flag in action.option_strings} - {"-h", "--help"}


@pytest.mark.parametrize("command", ["check", "rule", "inspect", "env", "steps"])
def test_every_flag_is_documented(command: str) -> None:
    usage = section("Usage")
    for flag in subcommand_flags(command):
        assert flag in usage, f"{command} {flag} is not in the README's Usage section"


def test_every_configuration_key_is_documented_with_an_example() -> None:
    (example,) = [block for block in fenced("toml") if "[tool.herokulint]" in block]
    table = toml_loads(example)["tool"]["herokulint"]
    assert set(table) == set(KEYS)
    configuration = section("Configuration")
    for key in KEYS:
        assert any(
            form in configuration for form in (f"`{key}`", f"{key} =", f"[tool.herokulint.{key}]")
        ), key


def test_the_configuration_example_is_valid() -> None:
    (example,) = [block for block in fenced("toml") if "[tool.herokulint]" in block]
    table = toml_loads(example)["tool"]["herokulint"]
    options = Validator(Path("pyproject.toml"), load_rules()).validate(table)
    assert options.fail_on == "warning" and options.app_dir == "backend"


def test_the_pre_commit_snippet_names_the_hooks_that_exist() -> None:
    yaml = pytest.importorskip("yaml")
    (snippet,) = [block for block in fenced("yaml") if "repos:" in block]
    config = yaml.safe_load(snippet)
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in config["repos"][0]["hooks"]} <= {h["id"] for h in hooks}
    assert "herokulint-fix" in snippet


def test_the_github_workflow_uses_the_action_as_it_is(fixture_copy, monkeypatch, capsys) -> None:
    yaml = pytest.importorskip("yaml")
    (workflow,) = [block for block in fenced("yaml") if "upload-sarif" in block]
    steps = yaml.safe_load(workflow)["jobs"]["herokulint"]["steps"]
    action = next(step for step in steps if step.get("uses", "").startswith("herokulint/"))
    upload = next(step for step in steps if "upload-sarif" in step.get("uses", ""))
    assert upload["if"] == "always()"
    inputs = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))["inputs"]
    assert set(action["with"]) <= set(inputs)
    assert action["with"]["sarif-file"] == upload["with"]["sarif_file"]
    # The same run without the action, as the README gives it: errors fail the job.
    monkeypatch.chdir(fixture_copy("startproject"))
    command = (
        "herokulint . --output-format sarif --output-file herokulint.sarif --output-format github"
    )
    assert command in " ".join(README.split())
    assert main(shlex.split(command)[1:]) == 1
    assert capsys.readouterr().out.startswith("::error file=")
    sarif = json.loads(Path("herokulint.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]


def test_the_sample_output_is_what_herokulint_prints(monkeypatch, capsys) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "$ herokulint tests/fixtures/guide-as-written\n"
    sample = readme.split("```console\n" + command, 1)[1].split("```", 1)[0]
    monkeypatch.chdir(ROOT)
    # As on the main branch (HK706 reports a checkout of any other branch; info, counted).
    monkeypatch.setattr(GitRepo, "current_branch", lambda self: "main")
    assert main(["tests/fixtures/guide-as-written"]) == 1
    captured = capsys.readouterr()
    assert captured.out + captured.err == sample
