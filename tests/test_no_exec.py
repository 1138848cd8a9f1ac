"""herokulint reads project files; it never imports or runs them, not even to fix them.

Every Python file of the no-exec fixture writes an EXECUTED_* marker and exits with 97 when
run or imported. Each command runs in a subprocess so an import would show in the exit code;
`--fix` and `--diff` run on a fresh copy, so what they write stays there.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def markers(root: Path) -> list[Path]:
    return sorted(root.rglob("EXECUTED_*"))


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["check", "--output-format", "json"],
        ["inspect"],
        ["inspect", "--json"],
        ["check", "--fix"],
        ["check", "--fix", "--unsafe-fixes"],
        ["check", "--diff"],
        ["check", "--diff", "--unsafe-fixes"],
    ],
)
def test_commands_never_execute_project_code(fixture_copy, args: list[str]) -> None:
    root = fixture_copy("no-exec")
    done = subprocess.run(
        [sys.executable, "-m", "herokulint.cli", *args, str(root)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode in (0, 1), done.stderr
    assert done.returncode != 97
    assert markers(root) == []


def test_fixing_twice_never_executes_project_code(fixture_copy) -> None:
    """The fixer checks its own edits (parsing, never importing) and a second run finds the
    project as the first left it: still nothing runs."""
    root = fixture_copy("no-exec")
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-m", "herokulint.cli", "--fix", "--unsafe-fixes", str(root)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode in (0, 1), done.stderr
        assert markers(root) == []
    # The traps are still in place: the fixer may edit the modules but not defuse them.
    for module in ("mysite/settings.py", "mysite/wsgi.py", "manage.py"):
        assert "sys.exit(97)" in (root / module).read_text(encoding="utf-8"), module


def test_no_exec_fixture_is_really_trapped(fixture_copy) -> None:
    """The trap works: running the settings module does write its marker."""
    root = fixture_copy("no-exec", git=False)
    done = subprocess.run([sys.executable, str(root / "mysite" / "settings.py")], timeout=60)
    assert done.returncode == 97
    assert [path.name for path in markers(root)] == ["EXECUTED_settings"]


def test_findings_come_from_reading_the_trapped_settings(fixture_copy) -> None:
    root = fixture_copy("no-exec")
    done = subprocess.run(
        [sys.executable, "-m", "herokulint.cli", "--output-format", "concise", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "mysite/settings.py:29:1: HK401" in done.stdout
    assert markers(root) == []
