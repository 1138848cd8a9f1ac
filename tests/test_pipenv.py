"""Tests for herokulint.project.pipenv: the Pipfile and Pipfile.lock as Pipenv and the buildpack
read them."""

from __future__ import annotations

import json

from conftest import FIXTURES

from herokulint.project.declared import MAIN
from herokulint.project.files import decode
from herokulint.project.pipenv import Pipfile, PipfileLock, read_pipfile, read_pipfile_lock
from herokulint.project.structured import ParseError


def pipfile(text: str) -> Pipfile | ParseError:
    return read_pipfile(decode("Pipfile", text.encode("utf-8")))


def lock(text: str) -> PipfileLock | ParseError:
    return read_pipfile_lock(decode("Pipfile.lock", text.encode("utf-8")))


def fixture(name: str) -> str:
    return (FIXTURES / "pipenv-project" / name).read_text(encoding="utf-8")


def test_packages_are_main_and_dev_packages_are_not():
    result = pipfile(fixture("Pipfile"))
    assert isinstance(result, Pipfile)
    main = [(d.name, d.line) for d in result.declared if d.group == MAIN]
    dev = [(d.name, d.group) for d in result.declared if d.group != MAIN]
    assert main == [
        ("django", 9),
        ("dj-database-url", 10),
        ("gunicorn", 11),
        ("psycopg", 12),
        ("whitenoise", 13),
    ]
    assert dev == [("django-debug-toolbar", "dev-packages"), ("pytest-django", "dev-packages")]


def test_pipfile_requires_python_version_is_read_with_its_line():
    result = pipfile(fixture("Pipfile"))
    assert isinstance(result, Pipfile)
    assert result.python is not None
    assert (result.python.written, result.python.line) == ("3.13", 20)
    assert result.python.allows("3.13.15") and not result.python.allows("3.12.14")


def test_pipfile_hash_is_the_one_pipenv_wrote_into_the_generated_lock():
    result = pipfile(fixture("Pipfile"))
    stored = json.loads(fixture("Pipfile.lock"))["_meta"]["hash"]["sha256"]
    assert isinstance(result, Pipfile)
    assert stored in result.hashes()


def test_pipfile_hash_accepts_names_as_written_and_canonical():
    result = pipfile('[packages]\nDjango_Filter = "*"\n')
    assert isinstance(result, Pipfile)
    assert len(result.hashes()) == 2  # older Pipenv hashes names as written, newer canonical


def test_inline_tables_give_extras_markers_paths_and_vcs():
    text = """\
[packages]
psycopg = {version = ">=3.2", extras = ["binary"]}
mylib = {path = "./libs/mylib", editable = true}
tool = {git = "https://github.com/example/tool.git", ref = "v1"}
winonly = {version = "*", markers = "sys_platform == 'win32'"}
exact = "==1.2.3"

[docs]
sphinx = "*"
"""
    result = pipfile(text)
    assert isinstance(result, Pipfile)
    by_name = {d.name: d for d in result.declared}
    assert by_name["psycopg"].extras == ("binary",)
    assert by_name["psycopg"].specifier == ">=3.2"
    assert by_name["mylib"].editable and by_name["mylib"].source == "./libs/mylib"
    assert by_name["tool"].source == "https://github.com/example/tool.git"
    assert by_name["winonly"].marker == "sys_platform == 'win32'"
    assert by_name["winonly"].specifier == ""
    assert by_name["exact"].version == "1.2.3"
    assert by_name["sphinx"].group == "docs"


def test_invalid_pipfile_toml_is_an_error_with_its_line():
    result = pipfile('[packages]\ndjango = "*"\ngunicorn = \n')
    assert isinstance(result, ParseError)
    assert result.line == 3
    assert "not valid TOML" in result.message


def test_utf16_pipfile_is_reported_not_decoded_silently():
    result = read_pipfile(decode("Pipfile", '[packages]\ndjango = "*"\n'.encode("utf-16")))
    assert isinstance(result, ParseError)
    assert "UTF-16" in result.message


def test_lock_default_section_is_what_heroku_installs():
    result = lock(fixture("Pipfile.lock"))
    assert isinstance(result, PipfileLock)
    assert {"django", "gunicorn", "psycopg-binary", "asgiref"} <= set(result.packages)
    assert "django-debug-toolbar" in result.develop
    assert "django-debug-toolbar" not in result.packages
    assert result.packages["gunicorn"].version == "27.0.1"
    assert result.python_version == ("3.13", 8)
    assert result.hash_line == 4


def test_lock_line_of_each_package_points_at_its_key():
    text = fixture("Pipfile.lock")
    result = lock(text)
    assert isinstance(result, PipfileLock)
    line = result.packages["whitenoise"].line
    assert text.splitlines()[line - 1].strip() == '"whitenoise": {'


def test_invalid_json_lock_is_an_error_like_the_buildpack_fixture():
    result = lock("INVALID JSON")
    assert isinstance(result, ParseError)
    assert result.line == 1 and "not valid JSON" in result.message


def test_lock_that_is_a_json_list_is_an_error():
    result = lock("[1, 2, 3]")
    assert isinstance(result, ParseError)
    assert "JSON array" in result.message


def test_lock_with_a_huge_number_is_an_error_not_a_crash():
    result = lock('{"_meta": {"pipfile-spec": ' + "9" * 5000 + "}}")
    assert isinstance(result, ParseError)


def test_lock_with_absurd_nesting_is_an_error_not_a_crash():
    result = lock("[" * 100_000)
    assert isinstance(result, ParseError)


def test_lock_whose_default_is_not_an_object_is_an_error():
    result = lock('{"_meta": {}, "default": ["django"]}')
    assert isinstance(result, ParseError)
    assert '"default"' in result.message


def test_lock_python_versions_keep_the_raw_value():
    result = lock(
        '{"_meta": {"requires": {"python_version": "3.12", "python_full_version": "3.9.*"}},'
        ' "default": {}, "develop": {}}'
    )
    assert isinstance(result, PipfileLock)
    assert result.python_version == ("3.12", 1)
    assert result.python_full_version == ("3.9.*", 1)


def test_lock_python_version_as_a_number_is_read_as_jq_prints_it():
    result = lock('{"_meta": {"requires": {"python_version": 3.12}}, "default": {}}')
    assert isinstance(result, PipfileLock)
    assert result.python_version is not None and result.python_version[0] == "3.12"


def test_fixture_lock_was_generated_by_pipenv():
    assert "pipenv 2026.10.3" in fixture("Pipfile")
    assert json.loads(fixture("Pipfile.lock"))["_meta"]["pipfile-spec"] == 6
