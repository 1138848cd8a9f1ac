"""The command line a beginner meets first (issue 16 §5): `--help` is check's, with the exit
codes; a mistyped flag gets "did you mean"; `--statistics` and `--show-fixes`."""

from __future__ import annotations

import pytest

from herokulint.cli import main


def test_help_shows_the_check_options_the_other_commands_and_the_exit_codes(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: herokulint [check] [PATH ...] [options]")
    for flag in ("--fix", "--unsafe-fixes", "--select", "--statistics", "--show-fixes"):
        assert flag in out
    assert "herokulint steps [PATH]" in out and "herokulint rule CODE" in out
    assert "exit codes:\n  0  nothing at or above --fail-on" in out
    assert "  2  usage, configuration or internal error" in out


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        ([".", "--fixx"], "--fixx: did you mean --fix?"),
        ([".", "--output-formt", "json"], "--output-formt: did you mean --output-format?"),
        (["env", ".", "--output-fomat=json"], "--output-fomat: did you mean --output-format?"),
    ],
)
def test_a_mistyped_flag_gets_did_you_mean(argv: list[str], hint: str, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert hint in capsys.readouterr().err


def test_a_flag_nothing_is_close_to_gets_no_hint(capsys) -> None:
    with pytest.raises(SystemExit):
        main([".", "--zzzzzzzz"])
    err = capsys.readouterr().err
    assert "unrecognized arguments: --zzzzzzzz" in err and "did you mean" not in err


def test_statistics_count_findings_per_rule_and_mark_the_fixable(fixture_copy, capsys) -> None:
    root = fixture_copy("getting-started")
    assert main([str(root), "--statistics", "--no-cache"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["5", "HK211", "info", "[", "]", "requirements-unpinned"]
    csrf = next(line for line in lines if " HK419 " in line)
    assert csrf.split() == ["1", "HK419", "warning", "[*]", "csrf-cookie-insecure"]
    startproject = fixture_copy("startproject")
    assert main([str(startproject), "--statistics", "--no-cache"]) == 1  # exit code as a check
    debug = next(line for line in capsys.readouterr().out.splitlines() if " HK401 " in line)
    assert debug.split() == ["1", "HK401", "error", "[unsafe]", "debug-hardcoded"]


def test_show_fixes_lists_what_was_fixed_and_what_is_still_available(
    fixture_copy, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    root = fixture_copy("guide-as-written")
    main([str(root), "--show-fixes", "--no-cache", "--color", "never"])
    out = capsys.readouterr().out
    available = out.split("Fixes available (", 1)[1].split("\n\n", 1)[0]
    assert "[*] HK417 " in available and "[unsafe] HK401 " in available
    assert "[*] HK110 " in available  # an info finding's fix is listed though info is hidden
    main([str(root), "--fix", "--show-fixes", "--color", "never"])
    out = capsys.readouterr().out
    fixed = out.split("Fixed (", 1)[1].split("\n\n", 1)[0]
    assert "HK417 mysite/settings.py:45: Set SESSION_COOKIE_SECURE = True" in fixed
    assert "[*] HK417" not in out.split("Fixes available (", 1)[1]  # it is fixed now
