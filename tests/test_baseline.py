"""`--write-baseline` / `--baseline`: only new findings fail, whatever the line numbers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from herokulint.cli import main

SECRET = "django-insecure-t3wyq#=0-$lw#j*7*4s92ase9z*1dzv26h&97sv+z6ue!1^ox*"


@pytest.fixture
def guide(fixture_copy, monkeypatch) -> Path:
    root = fixture_copy("guide-as-written")
    monkeypatch.chdir(root)
    assert main([".", "--write-baseline", "baseline.json"]) == 0
    return root


def settings(root: Path) -> Path:
    return root / "mysite" / "settings.py"


def codes_with_baseline(capsys) -> tuple[int, list[str], str]:
    capsys.readouterr()
    status = main([".", "--baseline", "baseline.json", "--output-format", "json"])
    captured = capsys.readouterr()
    findings = json.loads(captured.out)["findings"]
    return status, sorted(f["code"] for f in findings if not f["suppressed"]), captured.err


def test_a_baselined_project_passes_and_says_how_much_is_hidden(guide, capsys) -> None:
    capsys.readouterr()
    assert main(["."]) == 1  # without the baseline the errors are still there
    status, codes, err = codes_with_baseline(capsys)
    assert (status, codes) == (0, [])
    assert re.search(r"\d+ findings hidden by the baseline baseline.json", err)
    assert "stale" not in err


def test_moved_code_stays_baselined(guide, capsys) -> None:
    path = settings(guide)
    text = path.read_text(encoding="utf-8")
    moved = text.replace("DEBUG = True\n", "").replace(
        "ALLOWED_HOSTS", "# moved below, and re-spaced\nDEBUG  =  True\n\n\nALLOWED_HOSTS"
    )
    path.write_text("# a new comment at the top\n\n" + moved, encoding="utf-8")
    status, codes, err = codes_with_baseline(capsys)
    assert (status, codes) == (0, [])
    assert "stale" not in err


def test_a_new_occurrence_is_reported_and_the_old_entry_is_stale(guide, capsys) -> None:
    path = settings(guide)
    text = path.read_text(encoding="utf-8")
    # The hard-coded DEBUG now comes from a different line: a new finding, and the old entry no
    # longer matches anything.
    path.write_text(text.replace("DEBUG = True\n", "DEBUG = 1 == 1\n"), encoding="utf-8")
    status, codes, err = codes_with_baseline(capsys)
    assert status == 1
    assert codes == ["HK401"]
    assert "1 baseline entry is stale (fixed or changed): HK401 mysite/settings.py" in err


def test_a_fixed_problem_leaves_a_stale_entry(guide, capsys) -> None:
    path = settings(guide)
    text = path.read_text(encoding="utf-8")
    fixed = text.replace(f"SECRET_KEY = '{SECRET}'", 'SECRET_KEY = os.environ["SECRET_KEY"]')
    path.write_text("import os\n" + fixed, encoding="utf-8")
    status, codes, err = codes_with_baseline(capsys)
    assert (status, codes) == (0, [])
    assert "stale (fixed or changed): HK403 mysite/settings.py" in err
    assert "--write-baseline baseline.json" in err


def test_the_baseline_holds_no_line_text(guide) -> None:
    document = json.loads((guide / "baseline.json").read_text(encoding="utf-8"))
    assert document["version"] == 1
    assert {row["code"] for row in document["findings"]} >= {"HK401", "HK403", "HK303"}
    assert all(
        set(row) == {"code", "path", "fingerprint", "message"} for row in document["findings"]
    )
    assert SECRET not in (guide / "baseline.json").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "does not exist (create it with --write-baseline"),
        ("not json", "is not a herokulint baseline"),
        ('{"version": 7, "findings": []}', "is not a version 1 herokulint baseline"),
    ],
)
def test_a_bad_baseline_is_a_usage_error(fixture_copy, monkeypatch, capsys, content, expected):
    monkeypatch.chdir(fixture_copy("guide-as-written"))
    if content is not None:
        Path("baseline.json").write_text(content, encoding="utf-8")
    assert main([".", "--baseline", "baseline.json"]) == 2
    assert expected in capsys.readouterr().err


def test_write_baseline_refuses_fix_flags(fixture_copy, monkeypatch, capsys) -> None:
    monkeypatch.chdir(fixture_copy("guide-as-written"))
    assert main([".", "--write-baseline", "b.json", "--fix"]) == 2
    assert "--write-baseline records findings" in capsys.readouterr().err
    assert not Path("b.json").exists()
