"""`herokulint --fix`, `--unsafe-fixes` and `--diff` from the command line: what they write,
what they print, their exit codes, and what they never touch."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import git_commit, write_files

from herokulint.cli import main
from herokulint.findings import Finding, Fix
from herokulint.fix import Edit, replace_text
from herokulint.project import ProjectModel
from herokulint.rule import REGISTRY, Location, Rule

# What `--fix --unsafe-fixes` leaves in a fresh `startproject`: the new files, which the user
# still has to commit (HK702: Procfile, requirements.txt, .python-version), and the
# requirements the fixes added unpinned (HK211: which version to pin is the user's call), and
# the HSTS flags Django asks for once HSTS is on (HK412, HK413: only the owner of the domain
# can decide them).
STARTPROJECT_LEFT = ["HK211"] * 4 + ["HK412", "HK413"] + ["HK702"] * 3 + ["HK705"]
STARTPROJECT_SHOWN = ["HK412", "HK413"] + ["HK702"] * 3  # text and concise hide info (HK211, HK705)


def snapshot(root: Path) -> dict[str, str]:
    """Every file below root (the git folder too, but not its index, which `git status`
    refreshes) by its SHA-256; symlinks by their target."""
    found = {}
    for folder, _, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            relpath = path.relative_to(root).as_posix()
            if relpath == ".git/index":
                continue
            if path.is_symlink():
                found[relpath] = "-> " + os.readlink(path)
            else:
                found[relpath] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_fix_with_unsafe_fixes_leaves_only_findings_without_a_fix(fixture_copy, capsys) -> None:
    root = fixture_copy("startproject")
    code, out, err = run(
        capsys, str(root), "--fix", "--unsafe-fixes", "--fail-on", "info", "--output-format", "json"
    )
    findings = json.loads(out)["findings"]
    assert sorted(f["code"] for f in findings) == STARTPROJECT_LEFT, err
    assert all(f["fix"] is None for f in findings)
    assert code == 1
    assert (root / "Procfile").read_text() == (
        "web: gunicorn mysite.wsgi\nrelease: python manage.py migrate --noinput\n"
    )
    assert "herokulint: fixed HK101 at manage.py:1: Create Procfile" in err
    assert "not fixed" not in err

    before = snapshot(root)
    code, out, err = run(capsys, str(root), "--fix", "--unsafe-fixes")
    assert code == 1 and "fixed" not in err
    assert snapshot(root) == before  # a second run changes nothing


def test_diff_prints_the_fixes_and_writes_nothing(fixture_copy, capsys) -> None:
    root = fixture_copy("startproject")
    before = snapshot(root)
    code, out, _ = run(capsys, str(root), "--diff", "--unsafe-fixes")
    assert code == 1
    assert "--- /dev/null\n+++ b/Procfile\n" in out
    assert "+web: gunicorn mysite.wsgi\n+release: python manage.py migrate --noinput\n" in out
    assert "--- a/mysite/settings.py\n+++ b/mysite/settings.py\n" in out
    assert snapshot(root) == before
    assert not (root / "Procfile").exists()


def test_diff_with_nothing_to_fix_prints_nothing_and_exits_0(fixture_copy, capsys) -> None:
    root = fixture_copy("hardened")
    before = snapshot(root)
    assert run(capsys, str(root), "--diff", "--unsafe-fixes") == (0, "", "")
    assert snapshot(root) == before


def test_diff_shows_only_safe_fixes_without_unsafe_fixes(fixture_copy, capsys) -> None:
    root = fixture_copy("hardened")
    requirements = (
        "Django==5.2.8\ndj-database-url==3.0.1\nwhitenoise==6.11.0\npsycopg[binary]==3.2.12\n"
    )
    write_files(root, {".python-version": "3.13.1\n", "requirements.txt": requirements})
    git_commit(root)
    code, out, _ = run(capsys, str(root), "--diff")
    assert code == 1
    assert out == "--- a/.python-version\n+++ b/.python-version\n@@ -1 +1 @@\n-3.13.1\n+3.13\n"
    code, out, _ = run(capsys, str(root), "--diff", "--unsafe-fixes")
    assert out.startswith("--- a/.python-version\n")
    assert "+++ b/requirements.txt\n" in out and "+gunicorn\n" in out


@pytest.mark.parametrize(
    ("files", "fail_on", "expected"),
    [
        # HK308 (warning, safe fix): fixed, nothing left at or above warning.
        ({".python-version": "3.13.0\n"}, "warning", 0),
        # HK302 and HK307 (warnings) are not fixed: runtime.txt disagrees with .python-version.
        ({"runtime.txt": "python-3.12\n"}, "warning", 1),
        ({"runtime.txt": "python-3.12\n"}, "error", 0),
        # HK204 (error) has only an unsafe fix: without --unsafe-fixes it stays.
        ({"requirements.txt": "Django==5.2.8\n"}, "error", 1),
    ],
)
def test_fix_exits_0_only_when_nothing_at_or_above_fail_on_remains(
    fixture_copy, capsys, files: dict[str, str], fail_on: str, expected: int
) -> None:
    root = fixture_copy("hardened")
    write_files(root, files)
    git_commit(root)
    code, _, err = run(capsys, str(root), "--fix", "--fail-on", fail_on, "--ignore", "HK604")
    assert code == expected, err


def test_unsafe_fixes_are_announced_but_not_applied_without_the_flag(fixture_copy, capsys) -> None:
    root = fixture_copy("hardened")
    write_files(root, {"requirements.txt": "Django==5.2.8\r\n"})
    git_commit(root)
    code, _, err = run(capsys, str(root), "--fix")
    assert code == 1
    assert "need --unsafe-fixes" in err
    assert (root / "requirements.txt").read_bytes() == b"Django==5.2.8\r\n"
    code, _, err = run(capsys, str(root), "--fix", "--unsafe-fixes", "--select", "HK2")
    assert code == 0, err
    written = (root / "requirements.txt").read_bytes().split(b"\r\n")
    assert written[0] == b"Django==5.2.8" and written[-1] == b""  # CRLF kept, a final newline
    assert sorted(written[1:-1]) == [
        b"dj-database-url",
        b"gunicorn",
        b"psycopg[binary]",
        b"whitenoise",
    ]
    assert (
        "herokulint: fixed HK204 at requirements.txt:1: Add `gunicorn` to requirements.txt" in err
    )


class Flip(Rule):
    """
    ## What it does
    A test rule whose fix undoes itself.

    ## Why it matters
    It never settles.

    ## Fix safety
    Safe, and endless.

    ## References
    - tests/test_fix_cli.py
    """

    code = "HK998"
    name = "test-flip-flop"
    severity = "error"
    summary = "flip.txt flips"
    fix_applicability = "safe"

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        file = project.text("flip.txt")
        text = file.text if file else ""
        flipped = "b\n" if text == "a\n" else "a\n"

        def build() -> tuple[Edit, ...]:
            return (replace_text("flip.txt", text, flipped),)

        yield self.finding("flip.txt flips", Location("flip.txt"), fix=Fix("safe", "flip", build))


@pytest.fixture
def flip_rule() -> Iterator[type[Rule]]:
    REGISTRY[Flip.code] = Flip  # defining the class registered it once; restore it per test
    try:
        yield Flip
    finally:
        REGISTRY.pop(Flip.code, None)


def test_fixes_that_never_settle_exit_2_naming_the_rules(tmp_path, capsys, flip_rule) -> None:
    root = tmp_path / "app"
    root.mkdir()
    write_files(root, {"flip.txt": "a\n"})
    git_commit(root)
    code, out, err = run(capsys, str(root), "--fix", "--select", flip_rule.code)
    assert code == 2
    assert "did not settle" in err and "HK998" in err
    assert (root / "flip.txt").read_text() == "a\n"  # nothing written
    code, out, err = run(capsys, str(root), "--diff", "--select", flip_rule.code)
    assert code == 2 and out == ""


REGISTRY.pop(Flip.code, None)  # only the test above may see it


@pytest.mark.parametrize(
    ("files", "link", "code"),
    [
        # The misnamed Procfile is a symlink to a file outside the project: never renamed.
        ({}, "procfile", "HK102"),
        # runtime.txt asks for Python 3.8; .python-version, where the fix writes, leaves the root.
        ({"runtime.txt": "python-3.8\n"}, ".python-version", "HK303"),
    ],
)
def test_a_fix_never_writes_through_a_symlink_that_leaves_the_root(
    tmp_path, capsys, files: dict[str, str], link: str, code: str
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("web: gunicorn mysite.wsgi\n")
    root = tmp_path / "app"
    root.mkdir()
    write_files(root, {"manage.py": "", "requirements.txt": "Django==5.2.8\n", **files})
    (root / link).symlink_to(outside)
    git_commit(root)
    before = snapshot(tmp_path)
    status, _, err = run(capsys, str(root), "--fix", "--unsafe-fixes", "--select", code)
    assert f"not fixed: {code}" in err
    assert status == 1
    assert snapshot(tmp_path) == before
    assert outside.read_text() == "web: gunicorn mysite.wsgi\n"


def test_suppressed_findings_are_not_fixed(fixture_copy, capsys) -> None:
    root = fixture_copy("heroku-ready")
    procfile = "web: python manage.py runserver 0.0.0.0:$PORT  # herokulint: ignore[HK105] a demo\n"
    write_files(root, {"Procfile": procfile})
    git_commit(root)
    code, out, err = run(
        capsys, str(root), "--fix", "--unsafe-fixes", "--select", "HK105", "--output-format", "json"
    )
    assert code == 0
    assert (root / "Procfile").read_text() == procfile
    (finding,) = json.loads(out)["findings"]
    assert finding["suppressed"] is True and finding["fix"] is not None
    assert "fixed" not in err


@pytest.mark.parametrize(
    "requirements",
    [
        "#\n# This file is autogenerated by pip-compile with Python 3.13\n#\ndjango==5.2.8\n",
        "django==5.2.8 \\\n    --hash=sha256:0123456789abcdef\n",
    ],
    ids=["pip-compile", "hashes"],
)
def test_no_line_is_added_to_generated_or_hash_checked_requirements(
    fixture_copy, capsys, requirements: str
) -> None:
    root = fixture_copy("heroku-ready")
    write_files(root, {"requirements.txt": requirements})
    git_commit(root)
    code, out, err = run(
        capsys,
        str(root),
        "--diff",
        "--unsafe-fixes",
        "--select",
        "HK204",
        "--output-format",
        "json",
    )
    assert (code, out, err) == (0, "", "")
    code, out, _ = run(capsys, str(root), "--select", "HK204", "--output-format", "json")
    (finding,) = json.loads(out)["findings"]
    assert finding["fix"] is None


def readme_runs() -> list[str]:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Fixes\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```console\n\$ herokulint (.*?)\n(.*?)```", section, flags=re.S)


def as_printed(out: str, err: str) -> str:
    """The terminal's view: the fix lines (stderr), the report (stdout), the summary (stderr)."""
    lines = err.splitlines(keepends=True)
    return "".join(lines[:-1]) + out + lines[-1]


def test_the_readme_shows_the_real_runs(fixture_copy, capsys, monkeypatch) -> None:
    (first_args, first), (second_args, second) = readme_runs()
    root = fixture_copy("startproject")
    monkeypatch.chdir(root)
    code, out, err = run(capsys, *first_args.split())
    assert code == 1 and as_printed(out, err) == first
    assert sorted(re.findall(r"^\S+: (HK\d+) ", out, flags=re.M)) == STARTPROJECT_SHOWN
    git_commit(root)
    code, out, err = run(capsys, *second_args.split())
    assert code == 0 and as_printed(out, err) == second


def test_no_version_is_moved_into_a_python_version_file_git_ignores(fixture_copy, capsys) -> None:
    root = fixture_copy("heroku-ready", git=False)
    (root / ".python-version").unlink()
    write_files(root, {"runtime.txt": "python-3.13.1\n", ".gitignore": ".python-version\n"})
    git_commit(root)
    _, _, err = run(capsys, str(root), "--fix", "--unsafe-fixes", "--select", "HK302")
    assert (root / "runtime.txt").read_text() == "python-3.13.1\n"
    assert not (root / ".python-version").exists()
    assert "not fixed" in err and ".gitignore" in err
