"""Tests for the Python version file parser and the supported-versions data.

File contents mirror the classic buildpack's spec fixtures (heroku-buildpack-python
spec/fixtures/python_version_* and runtime_txt_*), rebuilt here as strings.
"""

from __future__ import annotations

import random

import pytest

from herokulint.data import python_versions as pv
from herokulint.project.files import TextFile, decode
from herokulint.project.python_version import (
    PythonVersion,
    VersionFileProblem,
    VersionRequest,
    parse_pipfile_lock_version,
    parse_version_file,
)


def parse(
    text: str, relpath: str = ".python-version", *, bom: bool = False, crlf: bool = False
) -> tuple[VersionRequest | None, tuple[VersionFileProblem, ...]]:
    return parse_version_file(TextFile(relpath=relpath, text=text, bom=bom, crlf=crlf))


def kinds(problems: tuple[VersionFileProblem, ...]) -> list[str]:
    return [problem.kind for problem in problems]


# --- valid files -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.13\n", PythonVersion(3, 13, None)),
        ("3.13", PythonVersion(3, 13, None)),
        ("3.12.4\n", PythonVersion(3, 12, 4)),
        ("3.0\n", PythonVersion(3, 0, None)),
        ("3.10.0\n", PythonVersion(3, 10, 0)),
        ("2.7\n", PythonVersion(2, 7, None)),
        ("3.999\n", PythonVersion(3, 999, None)),
        ("3.12.999\n", PythonVersion(3, 12, 999)),
        ("\t 3.14 \t\r\n", PythonVersion(3, 14, None)),
        ("\u20033.14\u3000\n", PythonVersion(3, 14, None)),
    ],
)
def test_valid_python_version(text: str, expected: PythonVersion) -> None:
    request, problems = parse(text)
    assert problems == ()
    assert request is not None
    assert request.version == expected
    assert request.relpath == ".python-version"
    assert request.line == 1


def test_python_version_eol_fixture_comments_and_indentation() -> None:
    text = (
        "# Comments are supported.\n"
        "    # Even when indented\n"
        "#\n"
        "# So are empty lines, and leading/trailing whitespace.\n"
        "\n"
        "    \n"
        "  3.9  \n"
        "  \n"
    )
    request, problems = parse(text)
    assert problems == ()
    assert request == VersionRequest(PythonVersion(3, 9, None), ".python-version", 7, "3.9")


def test_python_version_crlf_and_tabs() -> None:
    text = "# c\r\n\t\t# tabbed comment\r\n\t\t\r\n\r\n# 2.7.18\r\n  3.11.2  \r\n  \r\n"
    request, problems = parse(text, crlf=True)
    assert problems == ()
    assert request == VersionRequest(PythonVersion(3, 11, 2), ".python-version", 6, "3.11.2")


def test_str_of_python_version() -> None:
    assert str(PythonVersion(3, 13, None)) == "3.13"
    assert str(PythonVersion(3, 13, 2)) == "3.13.2"


# --- invalid .python-version -----------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "3",
        "3.",
        "3.09",
        "03.12",
        "3.12.01",
        "python-3.12",
        "python-3.12.0",
        "Python 3.12",
        '"3.12"',
        "'3.12'",
        "3.12.*",
        "3.12.x",
        "3.*",
        ">=3.12",
        "^3.12",
        "~=3.12",
        "==3.12",
        "3.12.0rc1",
        "3.13.0b2",
        "3.12.0.1",
        "3,12",
        "v3.12",
        "pypy3.10",
        "3.12 # comment",
        "3.12#comment",
        "\u00a03.12",
        "3.12\u00a0",
        "\u200b3.12",
        "3.\u0661\u0662",
        "3.12\x00",
    ],
)
def test_invalid_python_version_lines(line: str) -> None:
    request, problems = parse(f"# header\n{line}\n")
    assert request is None
    assert len(problems) == 1
    problem = problems[0]
    assert problem.kind == "invalid"
    assert problem.relpath == ".python-version"
    assert problem.line == 2
    assert problem.message.startswith('.python-version must contain a version like "3.14"')


def test_inline_comment_message_says_own_line() -> None:
    _, problems = parse("3.12 # pinned for prod\n")
    assert kinds(problems) == ["invalid"]
    assert "comments must be on their own line" in problems[0].message


def test_python_prefix_message() -> None:
    _, problems = parse("python-3.12\n")
    assert "don't include a 'python-' prefix" in problems[0].message


def test_invalid_version_fixture_zero_width_nbsp_esc() -> None:
    text = (
        "# Comments are supported.\r\n"
        "    # Even when indented\r\n"
        "\t\t# So are tabs\r\n"
        "# 2.7.18\r\n"
        "\r\n"
        "  \u200bpython -\t\u00a0 3.12.0\x1b[0m  \r\n"
        "  \r\n"
    )
    request, problems = parse(text, crlf=True)
    assert request is None
    assert kinds(problems) == ["invalid"]
    assert problems[0].line == 6
    message = problems[0].message
    assert "\\u200b" in message
    assert "\\u00a0" in message
    assert "\\u001b" in message
    assert "invisible or non-ASCII characters" in message


def test_multiple_versions_fixture() -> None:
    text = "# Valid comment\n3.12\n  \n  # Indentation should be stripped\n  2.7  \n"
    request, problems = parse(text)
    assert request is None
    assert kinds(problems) == ["multiple"]
    assert problems[0].line == 5
    assert '"3.12" (line 2)' in problems[0].message
    assert '"2.7" (line 5)' in problems[0].message


def test_invalid_line_among_several_is_invalid_not_multiple() -> None:
    request, problems = parse("3.12\n3.13 # newer\n")
    assert request is None
    assert kinds(problems) == ["invalid"]
    assert problems[0].line == 2


@pytest.mark.parametrize("text", ["", "\n", "   \n\t\n", "# 3.12\n", "  # 3.12\r\n\r\n"])
def test_no_version(text: str) -> None:
    request, problems = parse(text)
    assert request is None
    assert problems == (
        VersionFileProblem(
            ".python-version",
            1,
            "empty",
            '.python-version has no version line; add one such as "3.14" on a line that '
            "doesn't start with '#'.",
        ),
    )


# --- encoding ----------------------------------------------------------------------------------


def test_bom_and_crlf_fixture_still_yields_version() -> None:
    data = b"\xef\xbb\xbf# This file is saved with the encoding: UTF-8 with BOM\r\n3.12\r\n"
    file = decode(".python-version", data)
    assert isinstance(file, TextFile)
    request, problems = parse_version_file(file)
    assert kinds(problems) == ["encoding"]
    assert problems[0].line == 1
    assert "byte-order mark" in problems[0].message
    assert request == VersionRequest(PythonVersion(3, 12, None), ".python-version", 2, "3.12")


def test_utf16_is_encoding_problem() -> None:
    file = decode(".python-version", "3.13\r\n".encode("utf-16"))
    assert isinstance(file, TextFile)
    request, problems = parse_version_file(file)
    assert kinds(problems) == ["encoding"]
    assert "UTF-16" in problems[0].message
    assert request is not None
    assert request.version == PythonVersion(3, 13, None)


def test_encoding_and_invalid_reported_together() -> None:
    request, problems = parse("3.12.*\n", bom=True)
    assert request is None
    assert kinds(problems) == ["encoding", "invalid"]


# --- runtime.txt ---------------------------------------------------------------------------------


def test_runtime_txt_with_comments_and_whitespace() -> None:
    text = (
        "# Comments are supported\n"
        "    # Even when indented\n"
        "\n"
        "# This version should be ignored, since it's commented out\n"
        "# 2.7.18\n"
        " \n"
        "  python-3.13  \n"
        "  "
    )
    request, problems = parse(text, relpath="runtime.txt")
    assert problems == ()
    assert request == VersionRequest(PythonVersion(3, 13, None), "runtime.txt", 7, "python-3.13")


def test_runtime_txt_python2() -> None:
    request, problems = parse("python-2.7.18\n", relpath="runtime.txt")
    assert problems == ()
    assert request is not None
    assert request.version == PythonVersion(2, 7, 18)


def test_runtime_txt_in_subdirectory_uses_runtime_grammar() -> None:
    request, _ = parse("python-3.12\n", relpath="app/runtime.txt")
    assert request is not None
    assert request.version == PythonVersion(3, 12, None)


@pytest.mark.parametrize(
    "line",
    [
        "3.12",
        "python3.12",
        "python 3.12",
        "Python-3.12",
        "python-3.12.x",
        "pypy3.10-7.3",
        "python-3",
    ],
)
def test_runtime_txt_invalid(line: str) -> None:
    request, problems = parse(f"{line}\n", relpath="runtime.txt")
    assert request is None
    assert kinds(problems) == ["invalid"]
    assert problems[0].message.startswith('runtime.txt must contain a version like "python-3.14"')


def test_runtime_txt_missing_prefix_message() -> None:
    _, problems = parse("3.12\n", relpath="runtime.txt")
    assert "'python-' prefix" in problems[0].message


def test_runtime_txt_invalid_fixture() -> None:
    text = (
        "# Comments are supported\n"
        "    # Even when indented\n"
        "\n"
        "# 2.7.18\n"
        "  \n"
        "  \u200bpython-3.12.0\x1b  \n"
    )
    request, problems = parse(text, relpath="runtime.txt")
    assert request is None
    assert kinds(problems) == ["invalid"]
    assert problems[0].line == 6


def test_runtime_txt_inline_comment() -> None:
    _, problems = parse("python-3.12  # prod\n", relpath="runtime.txt")
    assert kinds(problems) == ["invalid"]
    assert "own line" in problems[0].message


def test_runtime_txt_empty_and_multiple() -> None:
    assert kinds(parse("# nothing\n", relpath="runtime.txt")[1]) == ["empty"]
    request, problems = parse("python-3.12\npython-3.13\n", relpath="runtime.txt")
    assert request is None
    assert kinds(problems) == ["multiple"]
    assert problems[0].line == 2


# --- Pipfile.lock --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3.12", PythonVersion(3, 12, None)),
        ("3.12.4", PythonVersion(3, 12, 4)),
        ("3.8", PythonVersion(3, 8, None)),
        ("^3.12", None),
        ("3.9.*", None),
        ("3.09", None),
        (" 3.12", None),
        ("3.12\n", None),
        ("", None),
        ("3", None),
    ],
)
def test_pipfile_lock_version(value: str, expected: PythonVersion | None) -> None:
    assert parse_pipfile_lock_version(value) == expected


def test_pipfile_lock_version_non_string_is_none() -> None:
    assert parse_pipfile_lock_version(None) is None  # type: ignore[arg-type]
    assert parse_pipfile_lock_version(3.12) is None  # type: ignore[arg-type]


# --- robustness -----------------------------------------------------------------------------------


def test_random_input_never_raises() -> None:
    rng = random.Random(0)
    alphabet = "0123456789.#-python \t\r\n\u00a0\u200b\ufeff\x00\x1b'\"*^>=~"
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        for relpath in (".python-version", "runtime.txt"):
            request, problems = parse_version_file(TextFile(relpath, text, bom=rng.random() < 0.1))
            assert request is not None or problems
            assert all(
                problem.kind in {"encoding", "empty", "multiple", "invalid"} for problem in problems
            )
        parse_pipfile_lock_version(text)


def test_huge_numbers_do_not_raise() -> None:
    digits = "1" * 5000
    request, problems = parse(f"3.{digits}\n")
    assert request is None
    assert kinds(problems) == ["invalid"]
    assert parse_pipfile_lock_version(f"3.{digits}") is None


# --- supported-version data ----------------------------------------------------------------------


def test_data_stamp() -> None:
    assert pv.AS_OF == "2026-08-18"
    assert "v351" in pv.SOURCE
    assert pv.DEFAULT_MINOR == (3, 14)
    assert pv.newest_supported() == (3, 14)


@pytest.mark.parametrize(
    ("major", "minor", "expected"),
    [
        (2, 7, "eol"),
        (3, 8, "eol"),
        (3, 9, "eol"),
        (3, 10, "deprecated"),
        (3, 11, "supported"),
        (3, 12, "supported"),
        (3, 13, "supported"),
        (3, 14, "supported"),
        (3, 15, "unknown"),
        (3, 999, "unknown"),
        (4, 0, "unknown"),
    ],
)
def test_status(major: int, minor: int, expected: str) -> None:
    assert pv.status(major, minor) == expected


@pytest.mark.parametrize(
    ("minor", "cedar", "fir"),
    [(10, 21, 20), (11, 16, 15), (12, 14, 13), (13, 15, 15), (14, 7, 7)],
)
def test_latest_patch(minor: int, cedar: int, fir: int) -> None:
    assert pv.latest_patch(3, minor) == cedar
    assert pv.latest_patch(3, minor, "cedar") == cedar
    assert pv.latest_patch(3, minor, target="fir") == fir


@pytest.mark.parametrize(("major", "minor"), [(3, 9), (3, 15), (2, 7), (4, 10)])
def test_latest_patch_unsupported_is_none(major: int, minor: int) -> None:
    assert pv.latest_patch(major, minor) is None
    assert pv.latest_patch(major, minor, "fir") is None


def test_latest_patch_unknown_target() -> None:
    with pytest.raises(ValueError, match="unknown target"):
        pv.latest_patch(3, 12, "heroku-24")


def test_removal_date() -> None:
    assert pv.removal_date(3, 10) == "2027-01-06"
    assert pv.removal_date(3, 11) is None
    assert pv.removal_date(3, 9) is None
    assert pv.removal_date(4, 10) is None
