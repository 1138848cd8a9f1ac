"""Where the classic buildpack (cedar) and the Cloud Native Buildpack (fir) differ, the rules
follow `--target`."""

from __future__ import annotations

from conftest import git_commit, write_files

from herokulint.engine import check, select_rules
from herokulint.rules import READY_FILES

ALL = select_rules()


def findings(tmp_path, files, drop=(), target="cedar"):
    root = tmp_path / target
    root.mkdir()
    merged = {k: v for k, v in READY_FILES.items() if k not in drop}
    merged.update(files)
    write_files(root, merged)
    git_commit(root)
    _, found = check(root, ALL, target=target)
    return {(f.code, f.severity) for f in found}


def test_runtime_txt_is_a_warning_on_cedar_and_an_error_on_fir(tmp_path):
    files = {"runtime.txt": "python-3.13\n"}
    assert ("HK302", "warning") in findings(tmp_path, files, drop=(".python-version",))
    fir = findings(tmp_path, files, drop=(".python-version",), target="fir")
    assert ("HK302", "error") in fir
    assert ("HK301", "warning") not in fir  # the fix is the same: move it to .python-version


def test_invalid_runtime_txt_is_only_the_deprecation_on_fir(tmp_path):
    files = {"runtime.txt": "3.13\n"}
    assert ("HK305", "error") in findings(tmp_path, files)
    assert ("HK305", "error") not in findings(tmp_path, files, target="fir")


def test_runtime_txt_does_not_win_on_fir(tmp_path):
    files = {"runtime.txt": "python-3.8\n"}  # .python-version says 3.13
    assert ("HK303", "error") in findings(tmp_path, files)
    assert ("HK303", "error") not in findings(tmp_path, files, target="fir")


def test_pipfile_without_lock_is_hk203_on_cedar_and_ignored_on_fir(tmp_path):
    files = {"Pipfile": '[packages]\ndjango = "*"\n'}
    assert ("HK203", "error") in findings(tmp_path, files)
    assert not {code for code, _ in findings(tmp_path, files, target="fir")} & {"HK201", "HK203"}


def test_misspelled_version_file_fails_cedar_and_is_ignored_by_fir(tmp_path):
    files = {".python_version": "3.13\n"}
    cedar = findings(tmp_path, files, drop=(".python-version",))
    fir = findings(tmp_path, files, drop=(".python-version",), target="fir")
    assert ("HK306", "error") in cedar and ("HK301", "warning") not in cedar
    assert ("HK306", "error") not in fir and ("HK301", "warning") in fir


def test_pipenv_run_works_on_cedar_but_not_on_fir(tmp_path):
    files = {"Procfile": "web: pipenv run gunicorn mysite.wsgi\n"}
    assert "HK108" not in {code for code, _ in findings(tmp_path, files)}
    assert ("HK108", "error") in findings(tmp_path, files, target="fir")


def test_patch_table_follows_the_target(tmp_path):
    # The classic buildpack has 3.12.14; the CNB's newest 3.12 is 3.12.13 (data as of 2026-08).
    files = {".python-version": "3.12.14\n"}
    assert ("HK308", "warning") in findings(tmp_path, files)
    assert ("HK308", "error") in findings(tmp_path, files, target="fir")


def test_procfile_keys_only_the_cloud_native_parser_objects_to(tmp_path):
    procfile = "web: gunicorn mysite.wsgi\ncelery_beat: celery -A mysite beat\n-worker: rq worker\n"
    files = {"Procfile": procfile}
    assert not any(code == "HK103" for code, _ in findings(tmp_path, files))
    fir = {found for found in findings(tmp_path, files, target="fir") if found[0] == "HK103"}
    assert fir == {("HK103", "error"), ("HK103", "warning")}


def test_a_line_the_classic_parser_ignores_is_a_warning_on_cedar_and_fatal_on_fir(tmp_path):
    files = {"Procfile": "web: gunicorn mysite.wsgi\n$ git push heroku main\n"}
    assert {f for f in findings(tmp_path, files) if f[0] == "HK103"} == {("HK103", "warning")}
    fir = {f for f in findings(tmp_path, files, target="fir") if f[0] == "HK103"}
    assert fir == {("HK103", "error")}


def test_a_web_line_without_colon_still_runs_on_cedar(tmp_path):
    # The classic regex `([a-zA-Z0-9_-]+):?\s+(.*)` reads `web gunicorn ...` as the web process.
    files = {"Procfile": "web gunicorn mysite.wsgi\n"}
    cedar = findings(tmp_path, files)
    assert ("HK103", "warning") in cedar and "HK104" not in {code for code, _ in cedar}
    fir = findings(tmp_path, files, target="fir")
    assert ("HK103", "error") in fir and ("HK104", "error") in fir
