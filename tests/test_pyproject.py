"""Tests for herokulint.project.pyproject: pyproject.toml as uv, Poetry and pip read it."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from herokulint.project.declared import MAIN
from herokulint.project.files import decode
from herokulint.project.pyproject import PyProject, poetry_specifiers, read_pyproject
from herokulint.project.structured import ParseError


def pyproject(text: str, manager: str = "uv") -> PyProject | ParseError:
    return read_pyproject(decode("pyproject.toml", text.encode("utf-8")), manager)


def loaded(text: str, manager: str = "uv") -> PyProject:
    result = pyproject(text, manager)
    assert isinstance(result, PyProject), result
    return result


@pytest.mark.parametrize(
    ("constraint", "expected"),
    [
        ("^3.12", (">=3.12,<4",)),
        ("^0.2.3", (">=0.2.3,<0.3",)),
        ("^0.0.3", (">=0.0.3,<0.0.4",)),
        ("~3.12", (">=3.12,<3.13",)),
        ("~1", (">=1,<2",)),
        ("1.2.*", ("==1.2.*",)),
        ("3.12.1", ("==3.12.1",)),
        (">=3.10,<3.13", (">=3.10,<3.13",)),
        (">=3.10 <3.13", (">=3.10,<3.13",)),
        (">= 3.10, < 3.13", (">=3.10,<3.13",)),
        ("^3.8 || ^3.10", (">=3.8,<4", ">=3.10,<4")),
        ("*", ("",)),
        ("~=3.12", ("~=3.12",)),
        ("not a constraint", None),
    ],
)
def test_poetry_constraints_become_pep440_specifiers(constraint, expected):
    assert poetry_specifiers(constraint) == expected


def test_uv_fixture_main_dev_and_requires_python_with_lines():
    text = (FIXTURES / "uv-project" / "pyproject.toml").read_text(encoding="utf-8")
    project = loaded(text)
    assert project.name == "mysite"
    main = [(d.name, d.line, d.specifier) for d in project.declared if d.group == MAIN]
    assert main[0] == ("django", 7, "<6,>=5.2")
    assert [d.name for d in project.declared if d.group == "dev"] == [
        "django-debug-toolbar",
        "pytest-django",
    ]
    psycopg = next(d for d in project.declared if d.name == "psycopg")
    assert psycopg.extras == ("binary",)
    assert project.python is not None and project.python.written == ">=3.13"
    assert project.python.line == 5


def test_optional_dependencies_are_extras_not_main():
    project = loaded(
        '[project]\nname = "x"\nversion = "1"\ndependencies = ["django"]\n\n'
        '[project.optional-dependencies]\ns3 = ["boto3"]\n'
    )
    assert [(d.name, d.group, d.line) for d in project.declared] == [
        ("django", MAIN, 4),
        ("boto3", "extra:s3", 7),
    ]


def test_uv_legacy_dev_dependencies_are_the_dev_group():
    project = loaded(
        '[project]\nname = "x"\nversion = "1"\ndependencies = []\n\n'
        '[tool.uv]\ndev-dependencies = ["gunicorn"]\n'
    )
    assert [(d.name, d.group, d.line) for d in project.declared] == [("gunicorn", "dev", 7)]


def test_dependency_group_include_is_noted_not_misread():
    project = loaded(
        '[project]\nname = "x"\nversion = "1"\n\n[dependency-groups]\n'
        'test = ["pytest"]\ndev = [{include-group = "test"}, "ruff"]\n'
    )
    assert project.has_include_group
    assert [d.name for d in project.declared] == ["pytest", "ruff"]


def test_classic_poetry_tables_and_the_python_constraint():
    text = """\
[tool.poetry]
name = "mysite"
version = "0.1.0"

[tool.poetry.dependencies]
python = "^3.12"
Django = "^5.2"
"dj-database-url" = {version = ">=2", extras = []}
boto3 = {version = "*", optional = true}
mylib = {path = "libs/mylib", develop = true}

[tool.poetry.group.dev.dependencies]
gunicorn = "*"

[tool.poetry.dev-dependencies]
pytest = "^8"
"""
    project = loaded(text, "poetry")
    rows = [(d.name, d.group, d.line, d.specifier) for d in project.declared]
    assert rows == [
        ("django", MAIN, 7, ">=5.2,<6"),
        ("dj-database-url", MAIN, 8, ">=2"),
        ("boto3", "extra:optional", 9, ""),
        ("mylib", MAIN, 10, ""),
        ("pytest", "dev", 16, ">=8,<9"),
        ("gunicorn", "dev", 13, ""),
    ]
    assert project.python is not None
    assert project.python.specifiers == (">=3.12,<4",)
    assert project.python.key == "tool.poetry.dependencies.python"
    mylib = next(d for d in project.declared if d.name == "mylib")
    assert mylib.editable and mylib.source == "libs/mylib"


def test_requires_python_wins_over_poetry_python():
    project = loaded(
        '[project]\nname = "x"\nversion = "1"\nrequires-python = ">=3.13"\n\n'
        '[tool.poetry.dependencies]\npython = "^3.12"\n',
        "poetry",
    )
    assert project.python is not None and project.python.key == "requires-python"


def test_uv_ignores_poetry_tables():
    project = loaded('[tool.poetry.dependencies]\ndjango = "*"\n', "uv")
    assert project.declared == []


def test_invalid_requirement_string_is_a_manifest_problem_at_its_line():
    project = loaded(
        '[project]\nname = "x"\nversion = "1"\ndependencies = [\n    "django",\n    "gunicorn=23",\n]\n'
    )
    assert [(p.line, p.kind) for p in project.problems] == [(6, "manifest")]
    assert "gunicorn=23" in project.problems[0].message


def test_dependencies_that_are_not_a_list_are_a_problem():
    project = loaded('[project]\nname = "x"\ndependencies = "django"\n')
    assert len(project.problems) == 1


def test_invalid_toml_is_an_error_with_its_line():
    result = pyproject('[project]\nname = "x"\ndependencies = ["django"\n')
    assert isinstance(result, ParseError)
    assert result.line >= 3 and "not valid TOML" in result.message


def test_a_byte_order_mark_is_reported():
    result = read_pyproject(decode("pyproject.toml", b'\xef\xbb\xbf[project]\nname = "x"\n'), "uv")
    assert isinstance(result, ParseError)
    assert "byte-order mark" in result.message


def test_huge_integer_is_an_error_not_a_crash():
    result = pyproject("[project]\nversion = " + "9" * 5000 + "\n")
    assert isinstance(result, ParseError)


def test_dynamic_dependencies_are_not_static():
    project = loaded('[project]\nname = "x"\ndynamic = ["dependencies", "version"]\n', "pip")
    assert not project.static_dependencies
    assert loaded('[project]\nname = "x"\ndependencies = []\n', "pip").static_dependencies
    assert not loaded("[tool.black]\nline-length = 100\n", "pip").static_dependencies
