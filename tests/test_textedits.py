"""The text edits fixes make in Procfiles, requirements, version files and TOML manifests: the
smallest change, in the file's own style, and nothing else."""

from __future__ import annotations

import shlex

import pytest

from herokulint.fix import FixError, TextEdit
from herokulint.textedits import (
    _checked,
    append_line,
    line_bounds,
    newline_of,
    replace_in_line,
    shell_words,
    toml_array_append,
    toml_loads,
    toml_table_add,
)


def applied(text: str, edit: TextEdit) -> str:
    return text[: edit.start] + edit.text + text[edit.end :]


# -- lines -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "newline"),
    [("", "\n"), ("a\nb\r\n", "\n"), ("a\r\nb\n", "\r\n"), ("no newline", "\n"), ("\n", "\n")],
)
def test_newline_of_follows_the_first_line(text: str, newline: str) -> None:
    assert newline_of(text) == newline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "gunicorn\n"),
        ("Django==5.2.8\n", "Django==5.2.8\ngunicorn\n"),
        ("Django==5.2.8", "Django==5.2.8\ngunicorn\n"),
        ("Django==5.2.8\r\n", "Django==5.2.8\r\ngunicorn\r\n"),
        ("Django==5.2.8\r\nwhitenoise", "Django==5.2.8\r\nwhitenoise\r\ngunicorn\r\n"),
        ("# deps\n\n", "# deps\n\ngunicorn\n"),
    ],
)
def test_append_line_keeps_the_newline_style_and_ends_with_one(text: str, expected: str) -> None:
    edit = append_line("requirements.txt", text, "gunicorn")
    assert edit.start == edit.end == len(text)  # nothing before the end is touched
    assert applied(text, edit) == expected


def test_line_bounds_exclude_the_line_ending() -> None:
    text = "a\r\nbb\nccc"
    assert [text[slice(*line_bounds(text, n))] for n in (1, 2, 3)] == ["a", "bb", "ccc"]
    with pytest.raises(FixError):
        line_bounds(text, 5)


def test_replace_in_line_touches_only_that_line() -> None:
    text = "# 3.9 was the old one\n  3.9  \n"
    edit = replace_in_line(".python-version", text, 2, "3.9", "3.14")
    assert applied(text, edit) == "# 3.9 was the old one\n  3.14  \n"
    with pytest.raises(FixError, match="not on line 1"):
        replace_in_line(".python-version", "3.13\n", 1, "3.12", "3.13")


# -- TOML arrays -----------------------------------------------------------------------------

HEAD = '[project]\nname = "mysite"\n'


@pytest.mark.parametrize(
    ("array", "expected"),
    [
        ("[]", '["gunicorn"]'),
        ("[ ]", '["gunicorn"]'),
        ('["django"]', '["django", "gunicorn"]'),
        ("['django']", "['django', 'gunicorn']"),
        ('["django",]', '["django", "gunicorn",]'),
        ('["a", {name = "x"}]  # inline', '["a", {name = "x"}, "gunicorn"]  # inline'),
        (
            '[\n    "django>=5.2",\n    "whitenoise",  # static files\n]',
            '[\n    "django>=5.2",\n    "whitenoise",  # static files\n    "gunicorn",\n]',
        ),
        ('[\n  "django"  # no comma\n]', '[\n  "django",  # no comma\n  "gunicorn"\n]'),
        ('[\n\t"django",\n]', '[\n\t"django",\n\t"gunicorn",\n]'),
        ("[\n    # nothing yet\n]", '[\n    # nothing yet\n    "gunicorn",\n]'),
        ('[\n    "django", "x"]', '[\n    "django", "x", "gunicorn"]'),
        ('["django",\n    "x",\n]', '["django",\n    "x",\n    "gunicorn",\n]'),
        ('[\n    """multi\nline""",\n]', '[\n    """multi\nline""",\n    "gunicorn",\n]'),
        ('["a\\"],b"]', '["a\\"],b", "gunicorn"]'),
        ("['C:\\\\']", "['C:\\\\', 'gunicorn']"),
    ],
)
def test_toml_array_append_matches_the_array_style(array: str, expected: str) -> None:
    text = f"{HEAD}dependencies = {array}\n\n[tool.x]\ny = 1\n"
    assert toml_array_append(text, ("project",), "dependencies", "gunicorn") == (
        f"{HEAD}dependencies = {expected}\n\n[tool.x]\ny = 1\n"
    )


def test_toml_array_append_keeps_crlf() -> None:
    text = '[project]\r\ndependencies = [\r\n    "django",\r\n]\r\n'
    assert toml_array_append(text, ("project",), "dependencies", "psycopg[binary]") == (
        '[project]\r\ndependencies = [\r\n    "django",\r\n    "psycopg[binary]",\r\n]\r\n'
    )


def test_toml_array_append_skips_look_alikes_in_strings_and_other_tables() -> None:
    text = (
        '[tool.other]\ndependencies = ["not this"]\n\n'
        '[project]\ndescription = """\ndependencies = ["nor this"]\n"""\n'
        'dependencies = ["django"]\n'
    )
    new = toml_array_append(text, ("project",), "dependencies", "gunicorn")
    assert toml_loads(new)["project"]["dependencies"] == ["django", "gunicorn"]
    assert toml_loads(new)["tool"]["other"]["dependencies"] == ["not this"]
    assert new.count("gunicorn") == 1


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('[project]\nname = "x"\n', "no `dependencies"),
        ('[project]\ndependencies = "django"\n', "not an array"),
        ("[tool.poetry]\ndependencies = []\n", "no `dependencies"),
        ('[project]\ndependencies = ["django"\n', "not valid TOML|not closed"),
    ],
)
def test_toml_array_append_refuses_what_it_cannot_edit(text: str, error: str) -> None:
    with pytest.raises(FixError, match=error):
        toml_array_append(text, ("project",), "dependencies", "gunicorn")


def test_a_toml_edit_that_changes_anything_else_is_refused() -> None:
    old = '[project]\ndependencies = ["django"]\n'
    wrong = '[project]\ndependencies = ["django", "gunicorn"]\nname = "x"\n'

    def add(data: dict) -> None:
        data["project"]["dependencies"].append("gunicorn")

    with pytest.raises(FixError, match="more than the one entry"):
        _checked(old, wrong, add)
    assert _checked(old, wrong.replace('name = "x"\n', ""), add)


# -- TOML tables -----------------------------------------------------------------------------

PIPFILE = """\
[[source]]
url = "https://pypi.org/simple"
name = "pypi"

[packages]
django = "*"  # the framework

# tools for development
[dev-packages]
pytest-django = "*"
"""


def test_toml_table_add_puts_the_entry_after_the_last_one_of_the_table() -> None:
    new = toml_table_add(PIPFILE, ("packages",), "gunicorn", '"*"', "*")
    assert new == PIPFILE.replace("# the framework\n", '# the framework\ngunicorn = "*"\n')


def test_toml_table_add_writes_extras_as_an_inline_table() -> None:
    code = '{version = "*", extras = ["binary"]}'
    new = toml_table_add(
        PIPFILE, ("packages",), "psycopg", code, {"version": "*", "extras": ["binary"]}
    )
    assert toml_loads(new)["packages"]["psycopg"] == {"version": "*", "extras": ["binary"]}


def test_toml_table_add_to_the_last_table_without_a_final_newline() -> None:
    text = '[tool.poetry.dependencies]\r\npython = "^3.13"'
    new = toml_table_add(text, ("tool", "poetry", "dependencies"), "gunicorn", '"*"', "*")
    assert new == '[tool.poetry.dependencies]\r\npython = "^3.13"\r\ngunicorn = "*"\r\n'


def test_toml_table_add_creates_a_missing_table_only_when_asked() -> None:
    text = '[requires]\npython_version = "3.13"'
    with pytest.raises(FixError, match=r"no \[packages\] table"):
        toml_table_add(text, ("packages",), "gunicorn", '"*"', "*")
    new = toml_table_add(text, ("packages",), "gunicorn", '"*"', "*", create=True)
    assert new == '[requires]\npython_version = "3.13"\n\n[packages]\ngunicorn = "*"\n'
    assert toml_table_add("", ("packages",), "x", '"*"', "*", create=True) == (
        '[packages]\nx = "*"\n'
    )


def test_toml_table_add_refuses_a_key_that_exists() -> None:
    with pytest.raises(FixError, match="already has"):
        toml_table_add(PIPFILE, ("packages",), "django", '"*"', "*")


def test_toml_table_add_quotes_keys_that_need_it() -> None:
    new = toml_table_add(PIPFILE, ("packages",), "zope.interface", '"*"', "*")
    assert '"zope.interface" = "*"' in new
    assert toml_loads(new)["packages"]["zope.interface"] == "*"


# -- shell words -----------------------------------------------------------------------------

COMMANDS = [
    "gunicorn mysite.wsgi",
    "uv run --frozen gunicorn mysite.wsgi --log-file -",
    "sh -c 'uv run python manage.py migrate && gunicorn x.wsgi'",
    'FOO="a b" gunicorn "my site.wsgi"',
    'echo "a \\" b" \\$PORT c\\ d',
    "echo 'it''s' \"x\"'y'",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_shell_words_read_as_shlex_does_and_know_where_each_word_is(command: str) -> None:
    parsed = shell_words(command)
    assert parsed is not None
    words, comment = parsed
    assert comment is None
    assert [word.value for word in words] == shlex.split(command)
    for word in words:
        written = command[word.start : word.end]
        assert shlex.split(written) == [word.value]


def test_shell_words_stop_at_a_comment_and_reject_broken_quoting() -> None:
    parsed = shell_words("gunicorn x.wsgi  # herokulint: ignore[HK204] 'quoted'")
    assert parsed is not None
    words, comment = parsed
    assert [word.value for word in words] == ["gunicorn", "x.wsgi"]
    assert comment == 17
    assert shell_words("a#b c")[0][0].value == "a#b"  # type: ignore[index]
    assert shell_words("echo 'unclosed") is None
    assert shell_words('echo "unclosed') is None
    assert shell_words("echo trailing\\") is None
