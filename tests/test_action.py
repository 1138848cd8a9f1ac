"""The GitHub Action (action.yml at the root) and the markdown output its job summary uses.

The action's steps are shell scripts under .github/action/; the run step is executed here as a
runner would, with GitHub's environment variables pointing into a temporary directory.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from herokulint.findings import Finding
from herokulint.report import ProjectReport, Report, markdown, rule_url

ROOT = Path(__file__).parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))

# GitHub's metadata syntax for actions (docs.github.com, "Metadata syntax for GitHub Actions").
TOP_LEVEL = {"name", "author", "description", "inputs", "outputs", "runs", "branding"}
INPUT_KEYS = {"description", "required", "default", "deprecationMessage"}
COMPOSITE_OUTPUT_KEYS = {"description", "value"}
STEP_KEYS = {
    "run",
    "shell",
    "uses",
    "with",
    "name",
    "id",
    "if",
    "env",
    "continue-on-error",
    "working-directory",
}


def test_action_metadata_uses_only_documented_keys() -> None:
    assert set(ACTION) <= TOP_LEVEL
    assert {"name", "description", "runs"} <= set(ACTION)
    assert set(ACTION["inputs"]) == {"path", "args", "version", "sarif-file"}
    for name, spec in ACTION["inputs"].items():
        assert set(spec) <= INPUT_KEYS, name
        assert spec["description"], name
    for name, spec in ACTION["outputs"].items():
        assert set(spec) <= COMPOSITE_OUTPUT_KEYS, name
    assert ACTION["runs"]["using"] == "composite"
    for step in ACTION["runs"]["steps"]:
        assert set(step) <= STEP_KEYS, step
        assert ("run" in step) != ("uses" in step), step
        if "run" in step:
            assert step["shell"] == "bash", step  # composite run steps must name their shell
            assert "${{" not in step["run"], "inputs go through env:, never into the script"


def test_action_scripts_exist_and_parse() -> None:
    for step in ACTION["runs"]["steps"]:
        script = step["run"].split('"$GITHUB_ACTION_PATH/')[1].rstrip('"')
        path = ROOT / script
        assert path.is_file(), script
        subprocess.run(["bash", "-n", str(path)], check=True)


def run_action_step(project: Path, tmp_path: Path, **inputs: str) -> subprocess.CompletedProcess:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    (tmp_path / "output").write_text("", encoding="utf-8")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_ACTIONS": "true",
        "GITHUB_ACTION_PATH": str(ROOT),
        "GITHUB_WORKSPACE": str(project),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "RUNNER_TEMP": str(tmp_path),
        "INPUT_PATH": ".",
        "INPUT_ARGS": "",
        "INPUT_SARIF_FILE": "",
        **inputs,
    }
    return subprocess.run(
        ["bash", str(ROOT / ".github/action/run.sh")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_action_annotates_summarises_and_fails_on_errors(fixture_copy, tmp_path) -> None:
    project = fixture_copy("guide-as-written")
    done = run_action_step(project, tmp_path, INPUT_SARIF_FILE="herokulint.sarif")
    assert done.returncode == 1, done.stderr
    assert "::error file=mysite/settings.py,line=" in done.stdout
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("earlier step\n## herokulint: will not work on Heroku")
    assert f"[HK403]({rule_url('HK403')})" in summary
    sarif = json.loads((project / "herokulint.sarif").read_text(encoding="utf-8"))
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} >= {"HK401", "HK403"}
    assert (tmp_path / "output").read_text(encoding="utf-8") == "exit-code=1\n"


def test_action_passes_args_and_succeeds_when_nothing_fails(fixture_copy, tmp_path) -> None:
    project = fixture_copy("guide-as-written")
    done = run_action_step(project, tmp_path, INPUT_ARGS="--select HK110 --fail-on error")
    assert done.returncode == 0, done.stderr
    assert "::error" not in done.stdout
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "HK403" not in summary
    assert (tmp_path / "output").read_text(encoding="utf-8") == "exit-code=0\n"


def finding(severity: str, message: str, code: str = "HK401") -> Finding:
    return Finding(code, "debug-hardcoded", severity, message, "mysite/settings.py", 3)


def test_markdown_escapes_project_text_and_orders_errors_first(tmp_path) -> None:
    findings = [
        finding("info", "an <b>info</b>", "HK211"),
        finding("error", "a | pipe and *stars* in `code`"),
    ]
    report = Report([ProjectReport(tmp_path, ".", findings=findings)])
    out = io.StringIO()
    markdown.write(report, out)
    text = out.getvalue()
    assert text.index("### Errors") < text.index("<summary>Info (1)</summary>")
    assert "a \\| pipe and \\*stars\\* in \\`code\\`" in text
    assert "an \\<b\\>info\\</b\\>" in text
    assert "| 1 | 0 | 1 |" in text


def test_markdown_says_ready_when_there_is_nothing(tmp_path) -> None:
    out = io.StringIO()
    markdown.write(Report([ProjectReport(tmp_path, ".")]), out)
    assert out.getvalue().startswith("## herokulint: ready for Heroku\n")
    assert "###" not in out.getvalue()
