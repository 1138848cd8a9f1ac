"""The fixer's machinery: edits on a workspace, diffs, and writes that never lose a byte."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import write_files

from herokulint.fix import (
    CreateFile,
    DeleteFile,
    FixError,
    RenameFile,
    TextEdit,
    Workspace,
    atomic_write,
    replace_text,
)
from herokulint.project.files import FileReader, TextFile

SETTINGS = "# keep me\nDEBUG = True\nSTATIC_URL = 'static/'\n"


def test_replace_text_is_the_smallest_edit() -> None:
    edit = replace_text("s.py", "a = 1\nb = 2\n", "a = 1\nb = 3\n")
    assert edit == TextEdit("s.py", 10, 11, "3")


def test_workspace_edits_in_memory_and_diffs(tmp_path: Path) -> None:
    write_files(tmp_path, {"mysite/settings.py": SETTINGS})
    work = Workspace(tmp_path)
    work.apply((replace_text("mysite/settings.py", SETTINGS, SETTINGS.replace("True", "False")),))
    assert (tmp_path / "mysite/settings.py").read_text() == SETTINGS  # nothing written
    assert work.diff() == (
        "--- a/mysite/settings.py\n+++ b/mysite/settings.py\n@@ -1,3 +1,3 @@\n"
        " # keep me\n-DEBUG = True\n+DEBUG = False\n STATIC_URL = 'static/'\n"
    )
    assert work.write() == ["mysite/settings.py"]
    assert (tmp_path / "mysite/settings.py").read_text() == SETTINGS.replace("True", "False")


def test_overlay_lets_a_reader_see_the_edited_project(tmp_path: Path) -> None:
    write_files(tmp_path, {"requirements.txt": "Django\n"})
    work = Workspace(tmp_path)
    work.apply((CreateFile("Procfile", "web: gunicorn mysite.wsgi\n"),))
    reader = FileReader(tmp_path, work.overlay())
    assert reader.exists("Procfile") and not (tmp_path / "Procfile").exists()
    assert isinstance(reader.read("Procfile"), TextFile)


def test_create_rename_delete_and_their_diffs(tmp_path: Path) -> None:
    write_files(tmp_path, {"runtime.txt": "python-3.13\n", "procfile": "web: x\n"})
    work = Workspace(tmp_path)
    work.apply((CreateFile(".python-version", "3.13\n"), DeleteFile("runtime.txt")))
    work.apply((RenameFile("procfile", "Procfile"),))
    diff = work.diff()
    assert "--- /dev/null\n+++ b/.python-version\n" in diff
    assert "--- a/runtime.txt\n+++ /dev/null\n" in diff
    assert "rename from procfile\nrename to Procfile\n" in diff
    work.write()
    assert sorted(os.listdir(tmp_path)) == [".python-version", "Procfile"]


def test_an_edit_that_breaks_python_is_refused_whole(tmp_path: Path) -> None:
    write_files(tmp_path, {"s.py": SETTINGS, "Procfile": "web: x\n"})
    work = Workspace(tmp_path)
    with pytest.raises(FixError, match="does not parse after"):
        work.apply((TextEdit("Procfile", 0, 0, "# a\n"), TextEdit("s.py", 0, 0, "def (")))
    assert work.changed() == []  # all or nothing


def test_never_edits_a_python_file_that_does_not_parse(tmp_path: Path) -> None:
    write_files(tmp_path, {"s.py": "DEBUG = (\n"})
    with pytest.raises(FixError, match="does not parse before"):
        Workspace(tmp_path).apply((TextEdit("s.py", 0, 0, "# x\n"),))


@pytest.mark.parametrize("path", ["../outside.txt", "/etc/passwd", "uv.lock", "a/poetry.lock"])
def test_refuses_paths_outside_the_root_and_lockfiles(tmp_path: Path, path: str) -> None:
    with pytest.raises(FixError):
        Workspace(tmp_path / "app").apply((CreateFile(path, "x"),))


def test_refuses_to_write_through_a_symlink_that_leaves_the_root(tmp_path: Path) -> None:
    root = tmp_path / "app"
    root.mkdir()
    (tmp_path / "secret.txt").write_text("keep\n")
    (root / "Procfile").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(FixError):
        Workspace(root).apply((TextEdit("Procfile", 0, 0, "x"),))
    assert (tmp_path / "secret.txt").read_text() == "keep\n"


def test_crlf_files_keep_crlf_in_inserted_text(tmp_path: Path) -> None:
    (tmp_path / "s.py").write_bytes(b"A = 1\r\nB = 2\r\n")
    work = Workspace(tmp_path)
    work.apply((TextEdit("s.py", 7, 7, "C = 3\n"),))
    work.write()
    assert (tmp_path / "s.py").read_bytes() == b"A = 1\r\nC = 3\r\nB = 2\r\n"


def test_atomic_write_keeps_mode_bom_and_encoding(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_bytes(b"\xef\xbb\xbfX = 1\n")
    (tmp_path / "a.py").chmod(0o750)
    like = TextFile("a.py", "X = 1\n", bom=True)
    atomic_write(tmp_path, "a.py", "X = 2\n", like)
    assert (tmp_path / "a.py").read_bytes() == b"\xef\xbb\xbfX = 2\n"
    assert stat.S_IMODE((tmp_path / "a.py").stat().st_mode) == 0o750
    assert [p.name for p in tmp_path.iterdir()] == ["a.py"]  # no temporary file left
    utf16 = TextFile("b.txt", "3.13\n", bom=True, encoding="utf-16")
    atomic_write(tmp_path, "b.txt", "3.14\n", utf16)
    assert (tmp_path / "b.txt").read_bytes().decode("utf-16") == "3.14\n"
