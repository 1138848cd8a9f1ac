"""Bad input gets a finding or one clear error line, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import write_files

from herokulint.cli import main
from herokulint.engine import check, select_rules
from herokulint.rules import READY_FILES

ALL = select_rules()


def project(tmp_path: Path, **overrides: str) -> Path:
    root = tmp_path / "app"
    files = {
        **READY_FILES,
        **{k.replace("__", "/").replace("_DOT_", "."): v for k, v in overrides.items()},
    }
    write_files(root, files)
    return root


def codes_at(root: Path) -> list[tuple[str, str, int]]:
    _, found = check(root, ALL)
    return sorted((f.code, f.path, f.line) for f in found if f.code != "HK703")


def test_settings_syntax_error_gives_hk003_with_its_line(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "mysite/settings.py").write_text("import os\n\nDEBUG = (\n\nSECRET_KEY = 'x'\n")
    found = codes_at(root)
    assert ("HK003", "mysite/settings.py", 3) in found
    assert not any(code in ("HK401", "HK403", "HK501") for code, _, _ in found)


def test_unterminated_string_is_located(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "mysite/wsgi.py").write_text("import os\napplication = 'oops\n")
    assert ("HK003", "mysite/wsgi.py", 2) in codes_at(root)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"web: gunicorn mysite.wsgi\x00\x01\x02", "binary"),
        (b"web: gunicorn caf\xe9.wsgi\n", "not valid UTF-8"),
    ],
)
def test_unreadable_procfile_is_a_finding(tmp_path: Path, content: bytes, reason: str) -> None:
    root = project(tmp_path)
    (root / "Procfile").write_bytes(content)
    _, found = check(root, ALL)
    hk103 = [f for f in found if f.code == "HK103"]
    assert len(hk103) == 1 and reason in hk103[0].message and hk103[0].path == "Procfile"


def test_procfile_that_is_a_directory(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "Procfile").unlink()
    (root / "Procfile").mkdir()
    _, found = check(root, ALL)
    assert [f.message for f in found if f.code == "HK103"] == [
        "Procfile is a directory, not a file: Heroku cannot read its processes; save it as a plain UTF-8 text file."
    ]


def test_non_utf8_settings_is_reported_not_raised(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "mysite/settings.py").write_bytes(b"# caf\xe9\nDEBUG = True\n")
    found = codes_at(root)
    assert ("HK003", "mysite/settings.py", 1) in found


def test_bom_and_crlf_settings_are_read(tmp_path: Path) -> None:
    root = project(tmp_path)
    text = READY_FILES["mysite/settings.py"].replace('== "1"', '== "1"\nDEBUG = True')
    (root / "mysite/settings.py").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert ("HK401", "mysite/settings.py", 9) in codes_at(root)


def test_symlink_out_of_the_project_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("web: gunicorn mysite.wsgi\n")
    root = project(tmp_path)
    (root / "Procfile").unlink()
    (root / "Procfile").symlink_to(outside)
    _, found = check(root, ALL)
    assert any(f.code == "HK103" and "outside the project" in f.message for f in found)


def test_symlink_loop_and_broken_links_do_not_hang(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "loop").symlink_to(root)
    (root / "requirements.txt").unlink()
    (root / "requirements.txt").symlink_to(root / "missing.txt")
    found = codes_at(root)
    assert found  # completes, with findings
    assert all(code.startswith("HK") for code, _, _ in found)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "Procfile").chmod(0)
    _, found = check(root, ALL)
    assert any(f.code == "HK103" and "cannot be read" in f.message for f in found)


def test_huge_procfile_is_refused(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "Procfile").write_bytes(
        b"# " + b"x" * (9 * 1024 * 1024) + b"\nweb: gunicorn mysite.wsgi\n"
    )
    _, found = check(root, ALL)
    assert any(f.code == "HK103" and "too large" in f.message for f in found)


def test_empty_folder_reports_without_crashing(tmp_path: Path, capsys) -> None:
    assert main([str(tmp_path), "--output-format", "concise"]) == 1
    out = capsys.readouterr().out
    assert "HK001" in out and "HK101" in out and "HK201" in out


def test_deeply_nested_expression_does_not_crash(tmp_path: Path) -> None:
    root = project(tmp_path)
    nested = "(" * 150 + "1" + ")" * 150
    (root / "mysite/settings.py").write_text(READY_FILES["mysite/settings.py"] + f"X = {nested}\n")
    assert main([str(root), "-q"]) in (0, 1)
