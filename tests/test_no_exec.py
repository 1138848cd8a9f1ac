"""herokulint reads project files; it never imports or runs them.

Every Python file of the no-exec fixture writes an EXECUTED_* marker and exits with 97 when
run or imported. Each command runs in a subprocess so an import would show in the exit code.
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
