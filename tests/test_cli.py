"""The command line: formats, selection, thresholds and exit codes (0 / 1 / 2)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from herokulint.cli import main


@pytest.fixture
def startproject(fixture_copy) -> Path:
    return fixture_copy("startproject")


def test_missing_path_is_a_usage_error_with_one_clear_line(tmp_path: Path, capsys) -> None:
    assert main([str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        f"herokulint: error: path {str(tmp_path / 'nope')!r} does not exist"
    ]


def test_file_instead_of_folder_is_a_usage_error(tmp_path: Path, capsys) -> None:
    (tmp_path / "settings.py").write_text("DEBUG = True\n")
    assert main([str(tmp_path / "settings.py")]) == 2
    assert "is not a directory" in capsys.readouterr().err


def test_unknown_selector_suggests_the_closest_code(startproject: Path, capsys) -> None:
    assert main([str(startproject), "--select", "HK401X"]) == 2
    assert "did you mean 'HK401'" in capsys.readouterr().err


def test_select_by_prefix_and_name_and_ignore(startproject: Path, capsys) -> None:
    main(
        [
            str(startproject),
            "--output-format",
            "concise",
            "--select",
            "HK40,static-root-missing",
            "--ignore",
            "HK403",
        ]
    )
    codes = re.findall(r": (HK\d{3}) ", capsys.readouterr().out)
    assert sorted(set(codes)) == ["HK401", "HK404", "HK501"]


def test_extend_select_adds_to_the_selection(startproject: Path, capsys) -> None:
    main(
        [
            str(startproject),
            "--output-format",
            "concise",
            "--select",
            "HK401",
            "--extend-select",
            "HK101",
        ]
    )
    assert sorted(set(re.findall(r": (HK\d{3}) ", capsys.readouterr().out))) == ["HK101", "HK401"]


def test_fail_on_threshold_decides_the_exit_code(startproject: Path) -> None:
    assert main([str(startproject), "--select", "HK301", "-q"]) == 0  # a warning
    assert main([str(startproject), "--select", "HK301", "--fail-on", "warning", "-q"]) == 1
    assert main([str(startproject), "--fail-on", "never", "-q"]) == 0


def test_concise_format(startproject: Path, capsys) -> None:
    main([str(startproject), "--output-format", "concise", "--select", "HK401"])
    out = capsys.readouterr().out
    assert out == (
        f"{startproject}/mysite/settings.py:26:1: HK401 [error] DEBUG is hard-coded to True in "
        "mysite/settings.py: production would show debug pages to everyone; read it from the "
        'environment, e.g. `DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"`.\n'
    )


def test_json_format_follows_the_schema(startproject: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(startproject.parent)
    assert main(["startproject", "--output-format", "json"]) == 1
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["version"] == 1
    assert data["tool"]["name"] == "herokulint" and data["tool"]["data_as_of"] == "2026-08-18"
    assert data["projects"] == [{"root": "startproject", "settings": ["mysite.settings"]}]
    debug = next(f for f in data["findings"] if f["code"] == "HK401")
    assert debug == {
        "code": "HK401",
        "name": "debug-hardcoded",
        "severity": "error",
        "message": debug["message"],
        "path": "startproject/mysite/settings.py",
        "line": 26,
        "column": 1,
        "end_line": 26,
        "end_column": 13,
        "fix": {"applicability": "unsafe", "message": debug["fix"]["message"]},
        "suppressed": False,
        "suppression_reason": None,
        "django_check": "security.W018",
    }
    severities = [f["severity"] for f in data["findings"]]
    counts = {severity: severities.count(severity) for severity in ("error", "warning", "info")}
    fixable = sum(1 for f in data["findings"] if f["fix"])
    assert data["summary"] == {**counts, "fixable": fixable, "suppressed": 0}
    assert fixable >= 5  # HK401, HK403, HK501, HK503, HK601 at least
    assert counts["error"] >= 7 and counts["warning"] >= 1
    errors, warnings = counts["error"], counts["warning"]
    plural = "" if warnings == 1 else "s"
    summary = f"{errors} errors, {warnings} warning{plural}, {counts['info']} info"
    assert summary in captured.err  # the summary goes to stderr


def test_text_format_shows_each_finding_with_a_code_frame(startproject: Path, capsys) -> None:
    main([str(startproject), "--color", "never", "--select", "HK401,HK404"])
    out = capsys.readouterr().out
    assert "error[HK401] debug-hardcoded: DEBUG is hard-coded to True in this file\n" in out
    assert f"  --> {startproject}/mysite/settings.py:26:1\n" in out
    assert "\n26 | DEBUG = True\n" in out
    assert "   = why: production would show debug pages to everyone\n" in out
    assert "   = help [unsafe]: read it from the environment" in out
    assert "2 errors, 0 warnings, 0 info\n" in out
    assert out.rstrip().endswith("Run `herokulint rule CODE` to learn more about a finding.")
    assert "Not ready for Heroku: fix HK401, HK404 first.\n" in out


def test_several_apps_in_one_run(fixture_copy, capsys) -> None:
    ready, broken = fixture_copy("heroku-ready"), fixture_copy("startproject")
    assert main([str(ready), str(broken), "--output-format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [p["root"] for p in data["projects"]] == [str(ready), str(broken)]


def test_several_apps_exit_code_comes_from_all(fixture_copy) -> None:
    ready, broken = fixture_copy("heroku-ready"), fixture_copy("startproject")
    assert main([str(ready), "-q"]) == 0
    assert main([str(broken), str(ready), "-q"]) == 1


def test_rule_command_explains_a_rule(capsys) -> None:
    assert main(["rule", "HK401", "--markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# HK401 debug-hardcoded")
    assert "## Why it matters" in out and "## Example" in out and "DEBUG = True" in out


def test_rule_command_accepts_names_and_lists_all(capsys) -> None:
    assert main(["rule", "debug-hardcoded", "--markdown"]) == 0
    capsys.readouterr()
    assert main(["rule", "--all", "--markdown"]) == 0
    assert "| [HK601](HK601.md) | database-not-from-env | error |" in capsys.readouterr().out


def test_unknown_rule_is_a_usage_error(capsys) -> None:
    assert main(["rule", "HK999"]) == 2
    assert "unknown rule 'HK999'" in capsys.readouterr().err


def test_inspect_text(fixture_copy, capsys) -> None:
    assert main(["inspect", str(fixture_copy("heroku-ready"))]) == 0
    out = capsys.readouterr().out
    assert "settings module  mysite.settings  from mysite/wsgi.py:" in out
    assert "python           3.13 from .python-version:1" in out
    assert "process          web: gunicorn mysite.wsgi --log-file -" in out


def test_inspect_says_when_the_settings_name_comes_from_the_environment(
    tmp_path: Path, capsys
) -> None:
    (tmp_path / "config/settings").mkdir(parents=True)
    (tmp_path / "config/__init__.py").write_text("")
    (tmp_path / "config/settings/__init__.py").write_text("")
    (tmp_path / "config/settings/local.py").write_text("DEBUG = True\n")
    (tmp_path / "manage.py").write_text(
        "import os\nos.environ.setdefault(\n    'DJANGO_SETTINGS_MODULE',\n"
        "    f\"config.settings.{os.environ.get('DJANGO_ENV', 'local')}\",\n)\n"
    )
    assert main(["inspect", str(tmp_path)]) == 0
    assert (
        "config.settings.local  from manage.py:2 (built from $DJANGO_ENV; its default is used)"
        in capsys.readouterr().out
    )


def test_console_script_and_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "herokulint", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert re.fullmatch(r"herokulint \d+\.\d+\.\d+ \(Heroku data as of 2026-08-18\)\n", done.stdout)
