"""Tests for herokulint.project.dependencies: which manager Heroku picks, what it installs, and
where each distribution is declared, for pip, Pipenv, Poetry and uv, on cedar and fir."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, copy_fixture, write_files

from herokulint.engine import check, select_rules
from herokulint.project import ProjectModel
from herokulint.project.dependencies import Dependencies, read_dependencies
from herokulint.project.files import FileReader


def deps_of(root: Path, target: str = "cedar") -> Dependencies:
    return read_dependencies(FileReader(root), target)


def make(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "app"
    root.mkdir(parents=True)
    write_files(root, files)
    return root


@pytest.mark.parametrize(
    ("fixture", "manager", "sources"),
    [
        ("heroku-ready", "pip", ["requirements.txt"]),
        ("uv-project", "uv", ["pyproject.toml", "uv.lock"]),
        ("poetry-project", "poetry", ["pyproject.toml", "poetry.lock"]),
        ("pipenv-project", "pipenv", ["Pipfile", "Pipfile.lock"]),
    ],
)
def test_each_manager_is_read_completely(fixture, manager, sources):
    deps = deps_of(FIXTURES / fixture)
    assert deps.manager == manager
    assert deps.complete and deps.problems == []
    assert deps.files == sources
    assert deps.declares("Django", "gunicorn", "dj_database_url", "whitenoise")
    assert deps.declares("psycopg")


@pytest.mark.parametrize("fixture", ["uv-project", "poetry-project", "pipenv-project"])
def test_dev_only_distributions_are_not_installed_but_are_found_in_their_group(fixture):
    deps = deps_of(FIXTURES / fixture)
    assert not deps.declares("django-debug-toolbar")
    others = deps.only_in_other_groups("django-debug-toolbar")
    assert len(others) == 1 and others[0].group in ("dev", "dev-packages")
    assert deps.only_in_other_groups("django") == []


@pytest.mark.parametrize("fixture", ["uv-project", "poetry-project", "pipenv-project"])
def test_transitive_dependencies_come_from_the_lock_with_versions(fixture):
    deps = deps_of(FIXTURES / fixture)
    asgiref = deps.find("asgiref")
    assert asgiref is not None and asgiref.version
    assert asgiref.relpath in ("uv.lock", "poetry.lock", "Pipfile.lock")
    django = deps.find("django")
    assert django is not None and django.relpath in ("pyproject.toml", "Pipfile")
    assert django.version and django.version.startswith("5.2")


def test_main_anchor_is_where_a_dependency_would_be_added():
    assert deps_of(FIXTURES / "uv-project").main_anchor == ("pyproject.toml", 6)
    assert deps_of(FIXTURES / "pipenv-project").main_anchor == ("Pipfile", 8)
    assert deps_of(FIXTURES / "heroku-ready").main_anchor == ("requirements.txt", 1)


def test_fir_does_not_read_pipfile_lock(tmp_path):
    root = copy_fixture("pipenv-project", tmp_path, git=False)
    deps = deps_of(root, "fir")
    assert deps.present == [] and deps.ignored == [("Pipfile.lock", "pipenv")]
    assert not deps.known


def test_fir_with_requirements_beside_a_pipfile_lock_uses_pip(tmp_path):
    root = copy_fixture("pipenv-project", tmp_path, git=False)
    (root / "requirements.txt").write_text("Django==5.2.8\ngunicorn==23.0.0\n")
    assert deps_of(root, "fir").manager == "pip"
    assert deps_of(root, "cedar").manager is None  # two managers: HK202


def test_pip_closure_knows_what_popular_packages_bring(tmp_path):
    root = make(tmp_path, {"requirements.txt": "django-heroku==0.3.1\ngunicorn==23.0.0\n"})
    deps = deps_of(root)
    whitenoise = deps.find("whitenoise")
    assert whitenoise is not None and whitenoise.via == "django-heroku"
    assert (whitenoise.relpath, whitenoise.line) == ("requirements.txt", 1)
    assert deps.declares("django", "psycopg2", "dj-database-url")


def test_pip_extras_bring_their_packages(tmp_path):
    root = make(tmp_path, {"requirements.txt": "django-storages[s3]==1.14\n"})
    assert deps_of(root).declares("boto3")
    root2 = make(tmp_path / "b", {"requirements.txt": "django-storages==1.14\n"})
    assert not deps_of(root2).declares("boto3")


def test_pip_editable_project_with_static_dependencies_is_complete(tmp_path):
    root = make(
        tmp_path,
        {
            "requirements.txt": "-e .[prod]\n",
            "pyproject.toml": '[project]\nname = "mysite"\nversion = "1"\ndependencies = ["Django>=5.2"]\n\n'
            '[project.optional-dependencies]\nprod = ["gunicorn"]\ndev = ["pytest"]\n',
        },
    )
    deps = deps_of(root)
    assert deps.complete
    assert deps.declares("django", "gunicorn") and not deps.declares("pytest")
    assert "pyproject.toml" in deps.files
    django = deps.find("django")
    assert django is not None and (django.relpath, django.line) == ("pyproject.toml", 4)


@pytest.mark.parametrize(
    "files",
    [
        {"requirements.txt": "-e .\n", "setup.py": "from setuptools import setup\nsetup()\n"},
        {
            "requirements.txt": "-e .\n",
            "pyproject.toml": '[project]\nname = "x"\ndynamic = ["dependencies"]\n',
        },
        {"requirements.txt": "https://example.com/pkg.tar.gz\n"},
        {"requirements.txt": "-r https://example.com/requirements.txt\n"},
    ],
)
def test_pip_dependencies_that_live_elsewhere_make_the_set_incomplete(tmp_path, files):
    deps = deps_of(make(tmp_path, files))
    assert deps.known and not deps.complete


def test_pipfile_lock_without_pipfile_is_a_lock_problem(tmp_path):
    root = copy_fixture("pipenv-project", tmp_path, git=False)
    (root / "Pipfile").unlink()
    deps = deps_of(root)
    assert [p.kind for p in deps.problems] == ["lock"]
    assert deps.declares("django")


def test_uv_lock_without_pyproject_is_a_manifest_problem(tmp_path):
    root = copy_fixture("uv-project", tmp_path, git=False)
    (root / "pyproject.toml").unlink()
    deps = deps_of(root)
    assert [(p.relpath, p.kind) for p in deps.problems] == [("uv.lock", "manifest")]
    assert not deps.known


def test_stale_pipfile_lock_names_the_missing_package():
    deps = deps_of(FIXTURES / "pipenv-lock-stale")
    assert [(p.relpath, p.line, p.kind) for p in deps.problems] == [("Pipfile", 15, "lock")]


def test_pipfile_changed_in_another_way_points_at_the_lock_hash(tmp_path):
    root = copy_fixture("pipenv-project", tmp_path, git=False)
    pipfile = root / "Pipfile"
    pipfile.write_text(
        pipfile.read_text().replace('whitenoise = ">=6.11"', 'whitenoise = ">=6.12"')
    )
    deps = deps_of(root)
    assert [(p.relpath, p.line) for p in deps.problems] == [("Pipfile.lock", 4)]


HOSTILE = {
    "invalid-pyproject": {"uv.lock": "version = 1\n", "pyproject.toml": "[project\nname = 'x'\n"},
    "invalid-uv-lock": {"uv.lock": "version = \n", "pyproject.toml": '[project]\nname = "x"\n'},
    "json-list-pipfile-lock": {"Pipfile": '[packages]\ndjango = "*"\n', "Pipfile.lock": "[]"},
    "invalid-json-pipfile-lock": {"Pipfile": "[packages]\n", "Pipfile.lock": "INVALID JSON"},
    "huge-number-poetry-lock": {
        "poetry.lock": "[metadata]\nx = " + "1" * 5000 + "\n",
        "pyproject.toml": '[tool.poetry]\nname = "x"\n',
    },
    "nul-bytes-uv-lock": {
        "uv.lock": "version = 1\x00\n",
        "pyproject.toml": '[project]\nname = "x"\n',
    },
    "pipfile-not-a-table": {"Pipfile": 'packages = "django"\n', "Pipfile.lock": '{"default": {}}'},
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_manifests_give_findings_not_tracebacks(tmp_path, name):
    root = make(tmp_path, HOSTILE[name])
    deps = deps_of(root)
    assert deps.problems, name
    _, findings = check(root, select_rules())
    assert {f.code for f in findings} & {"HK209", "HK210"}


def test_utf16_pipfile_gives_a_finding(tmp_path):
    root = tmp_path / "app"
    root.mkdir()
    (root / "Pipfile").write_bytes('[packages]\ndjango = "*"\n'.encode("utf-16"))
    (root / "Pipfile.lock").write_text('{"_meta": {}, "default": {}, "develop": {}}')
    _, findings = check(root, select_rules())
    assert any(f.code == "HK209" and "UTF-16" in f.message for f in findings)


def test_crlf_manifests_are_read(tmp_path):
    root = copy_fixture("uv-project", tmp_path, git=False)
    for name in ("pyproject.toml", "uv.lock"):
        path = root / name
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    deps = deps_of(root)
    assert deps.complete and deps.problems == []


def test_toml_is_not_imported_for_a_pip_project(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from herokulint.engine import check, select_rules;"
        f"check(Path({str(FIXTURES / 'heroku-ready')!r}), select_rules());"
        "print('tomllib' in sys.modules or 'tomli' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_python_versions_read_the_pipfile_lock_for_pipenv_only(tmp_path):
    root = copy_fixture("pipenv-project", tmp_path, git=False)
    (root / ".python-version").unlink()
    versions = ProjectModel(root).python_versions
    assert versions.effective is not None and versions.effective.relpath == "Pipfile.lock"
    assert ProjectModel(root, target="fir").python_versions.effective is None


def test_uv_workspace_root_is_not_judged_from_its_own_pyproject():
    deps = deps_of(FIXTURES / "uv-workspace")
    assert deps.manager == "uv" and deps.known and not deps.complete
    assert deps.problems == []
