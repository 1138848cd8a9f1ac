"""The text report people read (issue 16): one problem, one finding; the machine formats keep
every finding."""

from __future__ import annotations

import json

import pytest

from herokulint.cli import main


@pytest.fixture(autouse=True)
def columns(monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


def text_of(args: list[str], capsys) -> str:
    main([*args, "--color", "never", "--no-cache"])
    return capsys.readouterr().out


def json_codes(args: list[str], capsys) -> list[str]:
    main([*args, "--output-format", "json", "--no-cache"])
    return [finding["code"] for finding in json.loads(capsys.readouterr().out)["findings"]]


def blocks(out: str, code: str) -> list[str]:
    """The finding blocks of `code` in a text report."""
    return [block for block in out.split("\n\n") if block and f"[{code}] " in block.splitlines()[0]]


def test_an_eol_runtime_txt_is_one_finding_with_one_recommendation(fixture_copy, capsys) -> None:
    root = fixture_copy("guide-as-written")  # runtime.txt: python-3.8.10
    assert {"HK302", "HK303"} <= set(json_codes([str(root)], capsys))
    out = text_of([str(root)], capsys)
    assert blocks(out, "HK302") == []
    [block] = blocks(out, "HK303")
    assert "move the version to .python-version as `3.12` and delete" in block
    assert "note: also HK302 runtime-txt-deprecated: runtime.txt is deprecated" in block
    # The summary counts what is shown: the folded HK302 warning is not counted.
    main([str(root), "--output-format", "json", "--no-cache"])
    summary = json.loads(capsys.readouterr().out)["summary"]
    shown = f"{summary['error']} errors, {summary['warning'] - 1} warnings"
    assert f"\n{shown}, {summary['info']} info" in out


def test_a_patch_pinned_runtime_txt_is_never_told_to_be_edited_and_deleted(
    fixture_copy, capsys
) -> None:
    root = fixture_copy("guide-as-written")
    (root / "runtime.txt").write_text("python-3.12.3\n", encoding="utf-8")
    assert sorted(json_codes([str(root), "--select", "HK3"], capsys)) == ["HK302", "HK308"]
    out = text_of([str(root), "--select", "HK3"], capsys)
    [block] = blocks(out, "HK302")
    assert "help [*]: move the version to .python-version as `3.12` and delete" in block
    assert "note: also HK308 python-patch-pinned" in block
    assert "write `python-3.12` in runtime.txt" not in out
    assert "0 errors, 1 warning, 0 info" in out


def test_unpinned_requirements_are_one_finding_per_manifest(fixture_copy, capsys) -> None:
    root = fixture_copy("getting-started")
    codes = json_codes([str(root), "--select", "HK211"], capsys)
    assert codes.count("HK211") == 5  # the machine formats keep one per requirement
    out = text_of([str(root), "--select", "HK211", "--show-info"], capsys)
    [block] = blocks(out, "HK211")
    assert "`django>=6.0,<6.1` is not pinned" in block.splitlines()[0]
    notes = [line for line in block.splitlines() if "note: also line" in line]
    assert [note.split("also ")[1].split(":")[0] for note in notes] == [
        "line 2",
        "line 3",
        "line 4",
        "line 7",
    ]
    assert "0 errors, 0 warnings, 1 info" in out


def test_a_python_version_file_with_one_finding_is_not_touched(fixture_copy, capsys) -> None:
    root = fixture_copy("guide-as-written")
    (root / "runtime.txt").unlink()
    (root / ".python-version").write_text("3.12.3\n", encoding="utf-8")
    out = text_of([str(root), "--select", "HK3"], capsys)
    [block] = blocks(out, "HK308")
    assert "note:" not in block


def test_fixes_that_move_values_to_config_vars_end_with_before_you_push(
    fixture_copy, capsys
) -> None:
    root = fixture_copy("startproject")
    original = (root / "mysite" / "settings.py").read_text(encoding="utf-8")
    secret_line = next(line for line in original.splitlines() if line.startswith("SECRET_KEY"))
    out = text_of([str(root), "--fix", "--unsafe-fixes"], capsys)
    block = out.split("\nBefore you push: ", 1)[1]
    lines = block.splitlines()
    assert "  heroku addons:create heroku-postgresql:essential-0  # sets DATABASE_URL" in lines
    assert "  heroku config:set \\" in lines
    heroku_secret = next(line for line in lines if line.startswith("    DJANGO_SECRET_KEY="))
    local_secret = next(line for line in lines if line.startswith("  export DJANGO_SECRET_KEY="))
    assert len(heroku_secret.split("=", 1)[1]) == 64
    assert heroku_secret.split("=", 1)[1] != local_secret.split("=", 1)[1]  # one per place
    assert "  export DATABASE_URL=sqlite:///db.sqlite3" in lines
    assert "  export DJANGO_DEBUG=1" in lines  # the value that turns the flag on, locally
    assert "(DJANGO_DEBUG: unset means off in production; leave it unset.)" in block
    assert secret_line.split("=", 1)[1].strip(" '\"") not in out  # the old key is not echoed
    assert not out.rstrip().endswith("to learn more about a finding.")  # the block ends it


def test_no_before_you_push_when_no_fix_moved_a_value(fixture_copy, capsys) -> None:
    root = fixture_copy("guide-as-written")
    out = text_of([str(root), "--fix"], capsys)  # safe fixes only: nothing moves to config vars
    assert "Before you push" not in out
    ready = fixture_copy("heroku-ready")
    assert "Before you push" not in text_of([str(ready), "--fix", "--unsafe-fixes"], capsys)


def test_a_folder_without_a_project_is_one_finding(tmp_path, capsys) -> None:
    main([str(tmp_path), "--output-format", "json", "--no-cache"])
    codes = {f["code"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert {"HK001", "HK101", "HK201"} <= codes  # the machine formats keep them all
    out = text_of([str(tmp_path)], capsys)
    assert [line.split("]")[0] for line in out.splitlines() if line.startswith("error[")] == [
        "error[HK001"
    ]
    assert "note: also HK101 procfile-missing: No Procfile at the app root" in out
    assert "1 error, 0 warnings, 0 info" in out


def test_the_fix_deletes_runtime_txt_and_never_edits_it_first(fixture_copy, capsys) -> None:
    root = fixture_copy("guide-as-written")
    (root / "runtime.txt").write_text("python-3.12.3\n", encoding="utf-8")
    main([str(root), "--select", "HK3", "--diff"])
    diff = capsys.readouterr().out
    assert "+python-3.12\n" not in diff  # HK308's edit of a file HK302 deletes
    assert "-python-3.12.3\n" in diff and "+3.12\n" in diff
    main([str(root), "--select", "HK3", "--fix"])
    assert not (root / "runtime.txt").exists()
    assert (root / ".python-version").read_text(encoding="utf-8") == "3.12\n"


def test_terminal_columns_reads_columns_then_falls_back(monkeypatch) -> None:
    from herokulint.report import terminal_columns

    monkeypatch.setenv("COLUMNS", "123")
    assert terminal_columns() == 123
    monkeypatch.setenv("COLUMNS", "wide")  # not a number: as if unset
    monkeypatch.setattr("sys.__stdout__", None)  # no terminal either
    assert terminal_columns(77) == 77
