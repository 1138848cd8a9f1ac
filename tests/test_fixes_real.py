"""`--fix --unsafe-fixes` on the shapes real projects have (issue 17): fixes written for the
versions the build installs, nothing fixed in a development stand-in, the project's own
reader kept, fixes rolled back when they would make things worse, release phases only where
a database is, and no deploy files beside an app that lives in a subfolder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import git_commit, write_files

from herokulint.cli import main
from herokulint.rules import READY_FILES, READY_SETTINGS

DB_LINE = 'DATABASES = {"default": dj_database_url.config(conn_max_age=600)}'
SQLITE = 'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}'
AUTH_APPS = '["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.staticfiles"]'


def app(tmp_path: Path, files: dict[str, str], *, drop: tuple[str, ...] = ()) -> Path:
    root = tmp_path / "app"
    root.mkdir()
    merged = {path: text for path, text in READY_FILES.items() if path not in drop}
    merged.update(files)
    write_files(root, merged)
    git_commit(root)
    return root


def fix(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[dict, str]:
    main(["check", str(root), "--fix", *args, "--output-format", "json", "--fail-on", "never"])
    captured = capsys.readouterr()
    return json.loads(captured.out), captured.err


def text(root: Path, relpath: str) -> str:
    return (root / relpath).read_text(encoding="utf-8")


# -- versions ----------------------------------------------------------------------------------


def test_django_3_0_gets_the_keywords_and_driver_it_can_use(tmp_path, capsys) -> None:
    """Unpinned dj-database-url next to Django 3.0 installs 0.5.0 (1.0 needs Django > 3.2):
    no conn_health_checks; Django 3.0 imports psycopg2, and fails with psycopg2 2.9."""
    root = app(
        tmp_path,
        {
            "requirements.txt": "Django==3.0.14\ngunicorn==20.1.0\ndj-database-url\n",
            ".python-version": "3.10\n",  # not a Python Django 3.0 supports: HK310's business
            "mysite/settings.py": READY_SETTINGS.replace(DB_LINE, SQLITE),
        },
    )
    fix(capsys, root, "--unsafe-fixes", "--select", "HK601,HK206")
    assert 'DATABASES = {"default": dj_database_url.config(conn_max_age=600)}' in text(
        root, "mysite/settings.py"
    )
    assert text(root, "requirements.txt").endswith("dj-database-url\npsycopg2-binary<2.9\n")


def test_a_pinned_old_dj_database_url_gets_no_new_keyword(tmp_path, capsys) -> None:
    root = app(
        tmp_path,
        {
            "requirements.txt": "Django==4.2.16\ngunicorn==23.0.0\ndj-database-url==1.1.0\n"
            "psycopg2-binary==2.9.10\n",
            "mysite/settings.py": READY_SETTINGS.replace(DB_LINE, SQLITE),
        },
    )
    fix(capsys, root, "--unsafe-fixes", "--select", "HK601")
    settings = text(root, "mysite/settings.py")
    assert "dj_database_url.config(conn_max_age=600)}" in settings
    assert "conn_health_checks" not in settings  # config() takes it from 1.2.0


def test_a_current_stack_gets_heroku_s_settings(tmp_path, capsys) -> None:
    root = app(tmp_path, {"mysite/settings.py": READY_SETTINGS.replace(DB_LINE, SQLITE)})
    fix(capsys, root, "--unsafe-fixes", "--select", "HK601")
    assert "dj_database_url.config(conn_max_age=600, conn_health_checks=True)" in text(
        root, "mysite/settings.py"
    )


@pytest.mark.parametrize(
    ("django", "python"),
    [("Django==4.0.10", "3.10"), ("Django>=3.2,<4.2", "3.11"), ("Django==5.2.8", "3.14")],
)
def test_a_new_python_version_file_fits_django(tmp_path, capsys, django, python) -> None:
    root = app(
        tmp_path,
        {"requirements.txt": f"{django}\ngunicorn==23.0.0\ndj-database-url==2.2.0\n"},
        drop=(".python-version",),
    )
    fix(capsys, root, "--unsafe-fixes", "--select", "HK301")
    assert text(root, ".python-version") == f"{python}\n"


def test_no_python_version_is_guessed_for_django_2_2(tmp_path, capsys) -> None:
    """Django 2.2 supports Python 3.9 at most, which Heroku no longer builds."""
    root = app(
        tmp_path,
        {"requirements.txt": "Django==2.2.28\ngunicorn==20.1.0\n"},
        drop=(".python-version",),
    )
    report, _ = fix(capsys, root, "--unsafe-fixes", "--select", "HK301")
    assert not (root / ".python-version").exists()
    (finding,) = report["findings"]
    assert finding["fix"] is None and "upgrade Django first" in finding["message"]


def test_no_python_version_is_guessed_when_the_manifests_disagree(tmp_path, capsys) -> None:
    root = app(
        tmp_path,
        {
            "requirements.txt": "Django==3.2.25\ngunicorn==20.1.0\n",
            "Pipfile": '[packages]\ndjango = "==4.0.10"\n',
            "Pipfile.lock": '{"_meta": {}, "default": {"django": {"version": "==4.0.10"}}}\n',
        },
        drop=(".python-version",),
    )
    report, _ = fix(capsys, root, "--unsafe-fixes", "--select", "HK301")
    assert not (root / ".python-version").exists()
    (finding,) = report["findings"]
    assert finding["fix"] is None
    assert (
        "Django's version is not known (Pipfile.lock and requirements.txt disagree)"
        in (finding["message"])
    )


# -- the settings production runs, in the project's idiom ---------------------------------------


def test_a_development_stand_in_is_never_fixed(tmp_path, capsys) -> None:
    """manage.py and wsgi.py default to settings.dev beside an unnamed settings.cabotage:
    DEBUG = True in dev.py is info, and its fix would turn debug off for development."""
    manage = READY_FILES["manage.py"].replace('"mysite.settings"', '"mysite.settings.dev"')
    wsgi = READY_FILES["mysite/wsgi.py"].replace('"mysite.settings"', '"mysite.settings.dev"')
    dev = 'from .base import *\n\nDEBUG = True\nSECRET_KEY = "dev-only"\n'
    root = app(
        tmp_path,
        {
            "manage.py": manage,
            "mysite/wsgi.py": wsgi,
            "mysite/settings/__init__.py": "",
            "mysite/settings/base.py": READY_SETTINGS.replace(
                "parent.parent", "parent.parent.parent"
            ),
            "mysite/settings/dev.py": dev,
            "mysite/settings/cabotage.py": "from .base import *\n",
        },
        drop=("mysite/settings.py",),
    )
    report, _ = fix(capsys, root, "--unsafe-fixes")
    assert text(root, "mysite/settings/dev.py") == dev
    hedged = [f for f in report["findings"] if f["code"] in ("HK401", "HK403")]
    assert hedged and all(f["severity"] == "info" and f["fix"] is None for f in hedged)


def test_an_override_of_the_project_s_own_reader_is_removed(tmp_path, capsys) -> None:
    settings = READY_SETTINGS.replace(
        'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"',
        'DEBUG = os.environ.get("DEBUG", "") == "1"\nALLOWED_HOSTS = ["*"]\nDEBUG = True',
    )
    root = app(tmp_path, {"mysite/settings.py": settings})
    fix(capsys, root, "--unsafe-fixes", "--select", "HK401")
    fixed = text(root, "mysite/settings.py")
    assert "DJANGO_DEBUG" not in fixed and "DEBUG = True" not in fixed
    assert 'DEBUG = os.environ.get("DEBUG", "") == "1"\nALLOWED_HOSTS = ["*"]\n' in fixed


# -- never worse than before ----------------------------------------------------------------------

HASHED = (
    "Django==5.2.8 --hash=sha256:aaaa\ngunicorn==23.0.0 --hash=sha256:bbbb\n"
    "psycopg[binary]==3.2.12 --hash=sha256:cccc\n"
)


def test_a_fix_that_would_cause_an_error_is_rolled_back(tmp_path, capsys) -> None:
    """HK601 would import dj_database_url, which hash-checked requirements cannot gain
    (HK205 offers no line without a hash): the fix is rolled back and says why."""
    settings = READY_SETTINGS.replace("import dj_database_url\n", "").replace(DB_LINE, SQLITE)
    root = app(tmp_path, {"mysite/settings.py": settings, "requirements.txt": HASHED})
    report, err = fix(capsys, root, "--unsafe-fixes", "--select", "HK601,HK205")
    assert text(root, "mysite/settings.py") == settings
    assert "herokulint: HK601 at mysite/settings.py:10: not applied: it would cause HK205" in err
    (finding,) = report["findings"]
    assert finding["fix"]["not_applied"] == "not applied: it would cause HK205"


def test_new_files_to_commit_are_expected_not_rolled_back(tmp_path, capsys) -> None:
    root = app(tmp_path, {}, drop=(".python-version",))
    report, err = fix(capsys, root, "--unsafe-fixes", "--select", "HK301,HK702")
    assert text(root, ".python-version") == "3.14\n"
    assert "HK702 after the fixes is expected: commit the files the fixes created" in err
    assert [f["code"] for f in report["findings"]] == ["HK702"]


# -- release phase ----------------------------------------------------------------------------


def with_auth(files: dict[str, str]) -> dict[str, str]:
    return {
        "mysite/settings.py": READY_SETTINGS.replace('["django.contrib.staticfiles"]', AUTH_APPS),
        **files,
    }


def test_no_release_phase_is_added_safely_without_a_production_database(tmp_path, capsys) -> None:
    root = app(
        tmp_path,
        with_auth(
            {"requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\ndj-database-url==3.0.1\n"}
        ),
    )
    report, _ = fix(capsys, root, "--select", "HK110")
    assert text(root, "Procfile") == READY_FILES["Procfile"]
    (finding,) = report["findings"]
    assert finding["fix"]["applicability"] == "unsafe"


def test_a_release_phase_is_added_safely_with_a_production_database(tmp_path, capsys) -> None:
    root = app(tmp_path, with_auth({}))
    fix(capsys, root, "--select", "HK110")
    assert text(root, "Procfile").endswith("release: python manage.py migrate --noinput\n")


def test_a_build_hook_that_migrates_silences_the_release_phase(tmp_path, capsys) -> None:
    root = app(tmp_path, with_auth({"bin/post_compile": "python manage.py migrate --noinput\n"}))
    report, _ = fix(capsys, root, "--unsafe-fixes", "--select", "HK110")
    assert report["findings"] == [] and text(root, "Procfile") == READY_FILES["Procfile"]


# -- the right root ----------------------------------------------------------------------------


def test_no_deploy_files_beside_an_app_in_a_subfolder(tmp_path, capsys) -> None:
    files = {f"backend/{path}": body for path, body in READY_FILES.items()}
    files["README.md"] = "# A monorepo\n"
    root = tmp_path / "repo"
    root.mkdir()
    write_files(root, files)
    git_commit(root)
    report, _ = fix(capsys, root, "--unsafe-fixes")
    assert not any((root / name).exists() for name in ("Procfile", "requirements.txt"))
    assert not (root / ".python-version").exists()
    assert (root / "backend/requirements.txt").read_text() == READY_FILES["requirements.txt"]
    codes = {f["code"]: f for f in report["findings"]}
    for code in ("HK101", "HK201"):
        if code in codes:
            assert codes[code]["fix"] is None
            assert "`herokulint --app-dir backend`" in codes[code]["message"]
            assert "PROJECT_PATH=backend" in codes[code]["message"]
