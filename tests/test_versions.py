"""Tests for herokulint.project.versions: one answer to "which Django, dj-database-url and
Python does this app run?", from every package manager at the root."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, write_files

from herokulint.engine import check, select_rules
from herokulint.project import ProjectModel
from herokulint.project.versions import lowest_allowed
from herokulint.rules import READY_FILES, READY_SETTINGS
from herokulint.rules._lockfiles import UV_LOCK, UV_PYPROJECT


def model(tmp_path: Path, files: dict[str, str], base: str = "") -> ProjectModel:
    root = tmp_path / "app"
    if base:
        shutil.copytree(FIXTURES / base, root)
    else:
        root.mkdir(parents=True)
    write_files(root, files)
    return ProjectModel(root)


@pytest.mark.parametrize(
    ("specifier", "lowest"),
    [
        (">=4.2,<5", (4, 2, 0)),
        (">=4.2.9", (4, 2, 9)),
        ("~=4.2.0", (4, 2, 0)),
        ("==4.2.*", (4, 2, 0)),
        (">4.1", (4, 1, 1)),
        ("<5", None),
        ("", None),
    ],
)
def test_lowest_allowed_release_of_a_range(specifier, lowest):
    assert lowest_allowed(specifier) == lowest


def test_a_pin_is_exact(tmp_path):
    project = model(tmp_path, {"requirements.txt": "Django==4.2.16\ndj-database-url==2.1.0\n"})
    django = project.versions.django
    assert django.status == "exact" and django.version == "4.2.16"
    assert django.series == (4, 2) and django.newest == (4, 2)
    assert django.at_least("4.2") is True and django.at_least("5.1") is False
    assert django.sources[0].relpath == "requirements.txt" and django.sources[0].line == 1
    assert project.versions.dj_database_url.version == "2.1.0"


def test_a_range_gives_its_lowest_and_the_newest_series_pip_installs(tmp_path):
    project = model(tmp_path, {"requirements.txt": "Django>=3.2\n"})
    django = project.versions.django
    assert django.status == "range" and django.series == (3, 2)
    assert django.newest is not None and django.newest >= (6, 0)
    assert django.at_least("4.2") is None  # 3.2 and 6.x both allowed
    assert django.allows("3.2.25") is True and django.allows("3.1") is False


@pytest.mark.parametrize("fixture", ["uv-project", "poetry-project", "pipenv-project"])
def test_a_lock_file_gives_the_exact_version(tmp_path, fixture):
    django = model(tmp_path, {}, base=fixture).versions.django
    assert django.status == "exact" and django.version == "5.2.19"


def test_a_poetry_range_without_its_lock_beside_requirements_is_the_lowest_allowed(tmp_path):
    project = model(
        tmp_path,
        {
            "requirements.txt": "Django>=4.2,<5\n",
            "uv.lock": "version = 1\n",
            "pyproject.toml": '[project]\nname = "mysite"\nversion = "1"\n'
            'dependencies = ["django>=4.2.5,<5"]\n',
        },
    )
    django = project.versions.django
    assert django.status == "range" and django.lowest == (4, 2, 0) and django.series == (4, 2)
    assert [s.manager for s in django.sources] == ["pip", "uv"]


def test_manifests_that_disagree_give_an_unknown_version(tmp_path):
    project = model(
        tmp_path, {"requirements.txt": "Django==4.2.16\ngunicorn==23.0.0\n"}, base="pipenv-project"
    )
    django = project.versions.django
    assert django.status == "unknown" and django.series is None
    assert "disagree" in django.reason
    assert django.at_least("4.2") is None


def test_an_undeclared_distribution_is_unknown(tmp_path):
    project = model(tmp_path, {"requirements.txt": "gunicorn==23.0.0\n"})
    assert project.versions.django.status == "unknown"
    assert project.versions.django.reason == "not declared"


def test_python_from_the_version_file_or_the_default(tmp_path):
    pinned = model(tmp_path / "a", {"requirements.txt": "Django\n", ".python-version": "3.12\n"})
    assert pinned.versions.python.status == "exact"
    assert pinned.versions.python.series == (3, 12)
    default = model(tmp_path / "b", {"requirements.txt": "Django\n"})
    assert default.versions.python.reason == "default"
    assert default.versions.python.series == (3, 14)


def test_python_from_pipfile_lock_beside_another_manager_is_unknown_unless_a_file_decides(
    tmp_path,
):
    # Pipenv's build would use Pipfile.lock's 3.13, pip's the default: they differ.
    both = model(tmp_path / "a", {"requirements.txt": "Django\n"}, base="pipenv-project")
    (both.root / ".python-version").unlink()
    both = ProjectModel(both.root)
    assert both.versions.python.status == "unknown"
    decided = model(
        tmp_path / "b",
        {"requirements.txt": "Django\n", ".python-version": "3.12\n"},
        base="pipenv-project",
    )
    assert decided.versions.python.series == (3, 12)


# -- advice that depends on the Django version ------------------------------------------------

OLD_STORAGE = 'STATICFILES_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"\n'


def findings_of(tmp_path: Path, files: dict[str, str], code: str) -> list:

    root = tmp_path / "app"
    root.mkdir(parents=True)
    write_files(root, {**READY_FILES, **files})
    _, found = check(root, select_rules([code]))
    return [f for f in found if f.code == code]


def test_hk505_with_django_unknown_is_a_note_without_a_fix(tmp_path):

    found = findings_of(
        tmp_path,
        {
            "requirements.txt": "gunicorn==23.0.0\n",
            "mysite/settings.py": READY_SETTINGS + OLD_STORAGE,
        },
        "HK505",
    )
    assert [(f.severity, f.line, f.fix) for f in found] == [("info", 14, None)]
    assert "if the app runs Django 4.2 or later" in found[0].message


def test_hk505_when_two_managers_disagree_on_django_is_a_note(tmp_path):

    found = findings_of(
        tmp_path,
        {
            "requirements.txt": "Django==4.2.16\ngunicorn==23.0.0\n",
            "pyproject.toml": '[project]\nname = "mysite"\nversion = "1"\n'
            'dependencies = ["django>=5.2", "gunicorn"]\n',
            "uv.lock": "version = 1\n",
            "mysite/settings.py": READY_SETTINGS + OLD_STORAGE,
        },
        "HK505",
    )
    assert [(f.severity, f.fix) for f in found] == [("info", None)]
    assert "the manifests disagree" in found[0].message


def test_hk505_range_that_allows_django_before_4_2_asks_to_raise_it_and_offers_no_fix(tmp_path):

    found = findings_of(
        tmp_path,
        {
            "requirements.txt": "Django>=3.2\ngunicorn==23.0.0\n",
            "mysite/settings.py": READY_SETTINGS + OLD_STORAGE,
        },
        "HK505",
    )
    assert [(f.severity, f.line, f.fix) for f in found] == [("warning", 14, None)]
    assert "require Django>=4.2 and use `STORAGES" in found[0].message


def test_hk505_django_before_4_2_is_never_told_to_use_storages(tmp_path):

    for requirement in ("Django==4.1.13", "Django>=3.2,<4.2", "Django~=4.1.0"):
        files = {"mysite/settings.py": READY_SETTINGS + OLD_STORAGE}
        files["requirements.txt"] = f"{requirement}\ngunicorn==23.0.0\n"
        assert findings_of(tmp_path / requirement, files, "HK505") == []


def test_hk406_csrf_scheme_with_django_unknown_is_a_note(tmp_path):

    found = findings_of(
        tmp_path,
        {
            "requirements.txt": "gunicorn==23.0.0\n",
            "mysite/settings.py": READY_SETTINGS
            + 'CSRF_TRUSTED_ORIGINS = ["myapp.herokuapp.com"]\n',
        },
        "HK406",
    )
    assert [f.severity for f in found] == ["info"]


def test_hk213_django_eol_is_reported_when_two_managers_pin_the_same_release(tmp_path):
    both = {
        "requirements.txt": "Django==3.2.25\ngunicorn==23.0.0\n",
        "pyproject.toml": '[project]\nname = "mysite"\nversion = "1"\n'
        'dependencies = ["django==3.2.25", "gunicorn"]\n',
        "uv.lock": "version = 1\n",
    }
    found = findings_of(tmp_path / "a", both, "HK213")
    assert [(f.path, f.line) for f in found] == [("requirements.txt", 1)]
    disagree = {**both, "requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\n"}
    assert findings_of(tmp_path / "b", disagree, "HK213") == []


def test_hk301_beside_uv_lock_says_that_keeping_uv_makes_it_an_error(tmp_path):

    root = tmp_path / "app"
    root.mkdir()

    files = {k: v for k, v in READY_FILES.items() if k != ".python-version"}
    write_files(root, {**files, "pyproject.toml": UV_PYPROJECT, "uv.lock": UV_LOCK})

    found = [f for f in check(root, select_rules(["HK301"]))[1] if f.code == "HK301"]
    assert [f.severity for f in found] == ["warning"]
    assert "With uv.lock kept" in found[0].message


def test_inspect_shows_the_resolved_versions(tmp_path, capsys):
    import json

    from herokulint.cli import main

    root = tmp_path / "app"
    root.mkdir()
    write_files(root, {**READY_FILES, "requirements.txt": "Django>=4.2,<5\ngunicorn==23.0.0\n"})
    assert main(["inspect", str(root), "--json"]) == 0
    versions = json.loads(capsys.readouterr().out)["versions"]
    assert versions["django"]["status"] == "range"
    assert versions["django"]["lowest"] == "4.2.0"
    assert versions["django"]["sources"] == ["requirements.txt:1"]
    assert versions["dj-database-url"]["reason"] == "not declared"
    assert versions["python"]["version"] == "3.13.15"
