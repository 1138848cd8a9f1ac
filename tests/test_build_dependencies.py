"""Dependencies the build cannot install on Heroku: `pip freeze` lines for another platform
(HK217) and the GDAL library without a provider (HK212), with their fixes."""

from __future__ import annotations

from pathlib import Path

from conftest import git_commit, write_files

from herokulint.cli import main
from herokulint.engine import check, select_rules
from herokulint.rules import READY_FILES, READY_SETTINGS
from herokulint.rules._buildpack import DOCKER_BUILD


def app(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "app"
    root.mkdir(parents=True)
    write_files(root, {**READY_FILES, **files})
    git_commit(root)
    return root


def findings(root: Path, code: str) -> list:
    return [f for f in check(root, select_rules([code]))[1] if f.code == code]


def fix(root: Path, code: str) -> int:
    return main(["check", str(root), "--select", code, "--fix", "--quiet"])


FROZEN_ON_WINDOWS = (
    "# pip freeze > requirements.txt\r\n"
    "asgiref==3.8.1\r\n"
    "Django==5.2.8\r\n"
    "gunicorn==23.0.0\r\n"
    "pywin32==306 \\\r\n"
    "    --hash=sha256:06d3420a5155ba65f0b72f2699b5bacf3109f36acbe8923765c22938a69dfc8d\r\n"
    "pywinpty==2.0.13  # jupyter\r\n"
    "pypiwin32==223; sys_platform == 'win32'\r\n"
)


def test_hk217_windows_lines_get_a_marker_keeping_crlf_hashes_and_comments(tmp_path):
    root = app(tmp_path, {"requirements.txt": FROZEN_ON_WINDOWS})
    assert [(f.line, f.severity) for f in findings(root, "HK217")] == [
        (5, "error"),
        (7, "error"),
    ]
    fix(root, "HK217")
    fixed = (root / "requirements.txt").read_bytes().decode()
    assert fixed == FROZEN_ON_WINDOWS.replace(
        "pywin32==306 \\", 'pywin32==306; sys_platform == "win32" \\'
    ).replace("pywinpty==2.0.13  #", 'pywinpty==2.0.13; sys_platform == "win32"  #')
    assert findings(root, "HK217") == []
    fix(root, "HK217")  # a second run changes nothing
    assert (root / "requirements.txt").read_bytes().decode() == fixed


def test_hk217_pkg_resources_line_is_deleted_from_an_included_file(tmp_path):
    base = "Django==5.2.8\r\npkg-resources==0.0.0\r\ngunicorn==23.0.0\r\n"
    root = app(
        tmp_path,
        {"requirements.txt": "-r requirements/base.txt\n", "requirements/base.txt": base},
    )
    assert [(f.path, f.line) for f in findings(root, "HK217")] == [("requirements/base.txt", 2)]
    fix(root, "HK217")
    assert (root / "requirements/base.txt").read_bytes() == b"Django==5.2.8\r\ngunicorn==23.0.0\r\n"
    assert findings(root, "HK217") == []


def test_hk217_leaves_macos_packages_with_a_marker_and_other_versions_of_pkg_resources(tmp_path):
    root = app(
        tmp_path,
        {
            "requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\n"
            'pyobjc-framework-Cocoa==10.3.1; platform_system == "Darwin"\n'
        },
    )
    assert findings(root, "HK217") == []


GEO_SETTINGS = READY_SETTINGS.replace(
    'INSTALLED_APPS = ["django.contrib.staticfiles"]',
    'INSTALLED_APPS = ["django.contrib.staticfiles", "django.contrib.gis"]',
)


def test_hk212_gdal_without_a_provider_is_an_error_that_says_how_to_add_one(tmp_path):
    root = app(tmp_path, {"requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\nGDAL==3.10.0\n"})
    [finding] = findings(root, "HK212")
    assert (finding.path, finding.line, finding.severity) == ("requirements.txt", 3, "error")
    assert "heroku buildpacks:add --index 1 https://github.com/heroku/heroku-geo-buildpack" in (
        finding.message
    )
    assert "heroku buildpacks:add --index 1 heroku-community/apt" in finding.message
    assert "app.json" in finding.message


def test_hk212_geodjango_is_an_error_unless_the_repository_shows_a_provider(tmp_path):
    geo = {"mysite/settings.py": GEO_SETTINGS}
    assert [(f.path, f.line) for f in findings(app(tmp_path / "a", geo), "HK212")] == [
        ("mysite/settings.py", 10)
    ]
    for name, extra in {
        "aptfile": {"Aptfile": "gdal-bin\n"},
        "geo": {
            "app.json": '{"buildpacks": [{"url": "https://github.com/heroku/heroku-geo-buildpack.git"}, {"url": "heroku/python"}]}\n'
        },
        "docker": DOCKER_BUILD,
    }.items():
        assert findings(app(tmp_path / name, {**geo, **extra}), "HK212") == [], name


def test_hk215_accepts_the_apt_buildpack_as_the_gdal_provider(tmp_path):
    app_json = '{"buildpacks": [{"url": "heroku-community/apt"}, {"url": "heroku/python"}]}\n'
    root = app(tmp_path, {"mysite/settings.py": GEO_SETTINGS, "app.json": app_json})
    assert findings(root, "HK215") == []
    root = app(
        tmp_path / "b",
        {
            "mysite/settings.py": GEO_SETTINGS,
            "app.json": '{"buildpacks": [{"url": "heroku/python"}]}\n',
        },
    )
    assert [f.severity for f in findings(root, "HK215")] == ["error"]


def test_hk205_fork_detection_needs_a_fork_word_beside_the_original_name(tmp_path):
    from herokulint.project import ProjectModel

    root = app(
        tmp_path,
        {
            "requirements.txt": "Django==5.2.8\ndjango-environ-2==1.0\ndjango-mptt-admin==2.7\n"
            "django-registration-reloaded==1.0\n"
        },
    )
    deps = ProjectModel(root).dependencies
    assert deps.fork_of(("django-environ", "environ-config"), "environ").name == "django-environ-2"
    assert deps.fork_of(("django-mptt",), "mptt") is None  # "-admin" is another package
    assert deps.fork_of(("django-registration",), "registration").name == (
        "django-registration-reloaded"
    )
    assert deps.fork_of(("djangorestframework",), "rest_framework") is None
