"""A rule that crashes costs its own findings, not the run: the other rules report, the crash
is named with its rule code and a request to file a bug, and the exit code is 2."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import git_commit, write_files

from herokulint import rule as rule_module
from herokulint.catalogue import load_rules
from herokulint.cli import main
from herokulint.engine import InternalError, check, select_rules
from herokulint.rules import READY_FILES


@pytest.fixture
def broken_rule(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A rule registered for this test only, whose check raises."""
    monkeypatch.setattr(rule_module, "REGISTRY", dict(load_rules()))

    class Broken(rule_module.Rule):
        code = "HK998"
        name = "broken-on-purpose"
        severity = "error"
        summary = "raises, to test crash isolation"

        def check(self, project):  # type: ignore[no-untyped-def]
            yield from ()
            raise ZeroDivisionError("secret detail in the traceback")

    yield Broken.code


def project(tmp_path: Path) -> Path:
    files = {**READY_FILES, "Procfile": "web: python manage.py runserver 0.0.0.0:$PORT\n"}
    write_files(tmp_path, files)
    git_commit(tmp_path)
    return tmp_path


def test_other_rules_report_and_the_run_exits_2(tmp_path, broken_rule, capsys) -> None:
    root = project(tmp_path)
    code = main([str(root), "--output-format", "json"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "HK105" in {f["code"] for f in json.loads(out)["findings"]}  # the others ran
    assert f"rule {broken_rule} failed: ZeroDivisionError" in err
    assert "Please file a bug" in err
    assert "Traceback" not in err


def test_the_traceback_only_with_herokulint_debug(
    tmp_path, broken_rule, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("HEROKULINT_DEBUG", "1")
    assert main([str(project(tmp_path)), "--output-format", "concise"]) == 2
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "ZeroDivisionError" in err


def test_a_crash_is_reported_once_across_fix_rounds(tmp_path, broken_rule, capsys) -> None:
    assert main([str(project(tmp_path)), "--diff", "--unsafe-fixes"]) == 2
    assert capsys.readouterr().err.count(f"rule {broken_rule} failed") == 1


def test_without_a_crash_list_the_engine_still_raises(tmp_path, broken_rule) -> None:
    with pytest.raises(InternalError, match="HK998 failed"):
        check(project(tmp_path), select_rules())


def test_with_a_crash_list_the_engine_records_it(tmp_path, broken_rule) -> None:
    crashes: list = []
    _, findings = check(project(tmp_path), select_rules(), crashes=crashes)
    assert [crash.code for crash in crashes] == [broken_rule]
    assert "HK105" in {finding.code for finding in findings}
