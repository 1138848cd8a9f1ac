"""app.json and heroku.yml in the project model, and the rules that read them (HK005, HK215,
HK216), including the skipping of buildpack checks for Docker builds."""

from __future__ import annotations

import pytest
from conftest import write_files

from herokulint.data import buildpacks
from herokulint.engine import check, select_rules
from herokulint.project.files import decode
from herokulint.project.platform import Platform, read_app_json, read_heroku_yml
from herokulint.rules import READY_FILES

ALL = select_rules()


def app_json(text: str):
    return read_app_json(decode("app.json", text.encode("utf-8")))


def test_app_json_stack_buildpacks_and_env_with_lines():
    app = app_json(
        '{\n  "name": "x",\n  "stack": "heroku-24",\n  "buildpacks": [\n'
        '    {"url": "heroku-community/geo"},\n    {"url": "heroku/python"}\n  ],\n'
        '  "env": {\n    "DISABLE_COLLECTSTATIC": {"value": "1"},\n'
        '    "SECRET_KEY": {"generator": "secret"},\n    "WEB_CONCURRENCY": "3"\n  }\n}\n'
    )
    assert app.stack == ("heroku-24", 3)
    assert [(b.url, b.line) for b in app.buildpacks or []] == [
        ("heroku-community/geo", 5),
        ("heroku/python", 6),
    ]
    assert {n: (v.value, v.line) for n, v in app.env.items()} == {
        "DISABLE_COLLECTSTATIC": ("1", 9),
        "SECRET_KEY": (None, 10),
        "WEB_CONCURRENCY": ("3", 11),
    }


@pytest.mark.parametrize("text", ["not json", "[]", '{"buildpacks": 3}', "9" * 5000])
def test_unusual_app_json_never_raises(text):
    app = app_json(text)
    assert app.buildpacks is None


@pytest.mark.parametrize(
    ("url", "python", "third_party", "geo"),
    [
        ("heroku/python", True, False, False),
        ("https://github.com/heroku/heroku-buildpack-python.git#v351", True, False, False),
        ("HTTPS://GitHub.com/heroku/heroku-buildpack-python/", True, False, False),
        ("https://github.com/moneymeets/python-poetry-buildpack.git", False, True, False),
        ("https://github.com/someone/heroku-buildpack-uv", False, True, False),
        ("heroku-community/geo", False, False, True),
        ("https://github.com/heroku/heroku-geo-buildpack.git", False, False, True),
        ("heroku/nodejs", False, False, False),
        ("https://github.com/heroku/heroku-buildpack-pgbouncer", False, False, False),
    ],
)
def test_buildpack_references_are_recognised(url, python, third_party, geo):
    assert buildpacks.is_python_buildpack(url) is python
    assert buildpacks.is_third_party_manager_buildpack(url) is third_party
    assert buildpacks.is_geo_buildpack(url) is geo


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("build:\n  docker:\n    web: Dockerfile\n", 2),
        ("# comment\nsetup:\n  addons: []\nbuild:\n\n  docker:\n    web: Dockerfile\n", 6),
        ("build:\n  config:\n    X: 1\nrun:\n  docker: oops\n", None),
        ("run:\n  web: gunicorn x.wsgi\n", None),
    ],
)
def test_heroku_yml_docker_build_is_found(text, line):
    platform = Platform()
    read_heroku_yml(platform, "heroku.yml", text)
    assert platform.docker_line == line


def make(tmp_path, files, drop=()):
    root = tmp_path / "app"
    root.mkdir()
    merged = {k: v for k, v in READY_FILES.items() if k not in drop}
    merged.update(files)
    write_files(root, merged)
    return root


def test_docker_build_reports_once_and_skips_buildpack_rules(tmp_path):
    root = make(
        tmp_path,
        {"heroku.yml": "build:\n  docker:\n    web: Dockerfile\n", "runtime.txt": "python-3.8\n"},
        drop=("requirements.txt", ".python-version"),
    )
    _, found = check(root, ALL)
    codes = {f.code for f in found}
    assert "HK005" in codes
    assert not codes & {"HK201", "HK301", "HK302", "HK303"}


def test_heroku_yml_without_a_docker_build_changes_nothing(tmp_path):
    root = make(
        tmp_path, {"heroku.yml": "run:\n  web: gunicorn mysite.wsgi\n"}, drop=("requirements.txt",)
    )
    _, found = check(root, ALL)
    codes = {f.code for f in found}
    assert "HK201" in codes and "HK005" not in codes


def test_container_stack_is_accepted(tmp_path):
    root = make(tmp_path, {"app.json": '{"stack": "container"}'})
    _, found = check(root, ALL)
    assert "HK216" not in {f.code for f in found}


def test_stack_is_not_checked_on_fir(tmp_path):
    root = make(tmp_path, {"app.json": '{"stack": "heroku-18"}'})
    _, cedar = check(root, ALL)
    _, fir = check(root, ALL, target="fir")
    assert "HK216" in {f.code for f in cedar} and "HK216" not in {f.code for f in fir}


def test_buildpacks_without_python_are_reported(tmp_path):
    root = make(tmp_path, {"app.json": '{"buildpacks": [{"url": "heroku/nodejs"}]}'})
    _, found = check(root, ALL)
    message = next(f.message for f in found if f.code == "HK215")
    assert message.startswith("app.json lists buildpacks but not")


def test_geodjango_needs_the_geo_buildpack(tmp_path):
    settings = READY_FILES["mysite/settings.py"].replace(
        '["django.contrib.staticfiles"]', '["django.contrib.staticfiles", "django.contrib.gis"]'
    )
    root = make(
        tmp_path,
        {"mysite/settings.py": settings, "app.json": '{"buildpacks": [{"url": "heroku/python"}]}'},
    )
    _, found = check(root, ALL)
    assert any(f.code == "HK215" and "GeoDjango" in f.message for f in found)
