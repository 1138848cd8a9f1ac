"""Tests for herokulint.project.requirements: reading pip requirements files like pip does."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from packaging.requirements import Requirement as Pep508
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name as packaging_canonicalize_name

from herokulint.project.files import FileReader
from herokulint.project.requirements import (
    Requirement,
    RequirementsProblem,
    RequirementsSet,
    canonicalize_name,
    logical_lines,
    parse_requirements,
    simple_requirement,
)

# heroku/python-getting-started @ f7c8d992 (2026-07-14), requirements.txt verbatim.
GETTING_STARTED = """django>=6.0,<6.1
gunicorn>=26,<27
dj-database-url>=3,<4
whitenoise>=6,<7

# Uncomment to use a Postgres database.
#psycopg[binary]
"""


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for relpath, content in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        # Bytes, so line endings stay as given (write_text's newline= needs Python 3.10).
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def parse(
    root: Path, files: dict[str, str | bytes], relpath: str = "requirements.txt"
) -> RequirementsSet:
    write(root, files)
    return parse_requirements(FileReader(root), relpath)


def req(
    name: str,
    raw: str,
    line: int,
    specifier: str = "",
    extras: tuple[str, ...] = (),
    marker: str | None = None,
    url: str | None = None,
    editable: bool = False,
    relpath: str = "requirements.txt",
) -> Requirement:
    return Requirement(name, raw, specifier, extras, marker, url, editable, relpath, line)


def messages(result: RequirementsSet) -> list[str]:
    return [p.message for p in result.problems]


def test_getting_started(tmp_path: Path) -> None:
    result = parse(tmp_path, {"requirements.txt": GETTING_STARTED})
    assert result.files == ("requirements.txt",)
    assert result.problems == ()
    assert result.constraints == ()
    assert result.requirements == (
        req("django", "django>=6.0,<6.1", 1, ">=6.0,<6.1"),
        req("gunicorn", "gunicorn>=26,<27", 2, ">=26,<27"),
        req("dj-database-url", "dj-database-url>=3,<4", 3, ">=3,<4"),
        req("whitenoise", "whitenoise>=6,<7", 4, ">=6,<7"),
    )
    assert result.find("Django") == result.requirements[0]
    assert result.find("dj_database_url") == result.requirements[2]
    assert result.find("psycopg") is None


def test_missing_top_file_is_empty(tmp_path: Path) -> None:
    assert parse(tmp_path, {}) == RequirementsSet((), (), (), ())


def test_comments_blank_lines_and_inline_comments(tmp_path: Path) -> None:
    text = "# header\n\nDjango==5.2.1  # pinned\n  # indented comment\nrequests#not-a-comment\n"
    result = parse(tmp_path, {"requirements.txt": text})
    assert [(p.relpath, p.line) for p in result.problems] == [("requirements.txt", 5)]
    assert messages(result)[0].startswith("Invalid requirement: 'requests#not-a-comment': ")
    assert result.requirements == (req("django", "Django==5.2.1", 3, "==5.2.1"),)


def test_invalid_requirement_uses_pip_wording(tmp_path: Path) -> None:
    result = parse(tmp_path, {"requirements.txt": "an-invalid-requirement!\n"})
    assert result.requirements == ()
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert (problem.relpath, problem.line) == ("requirements.txt", 1)
    assert problem.message.startswith("Invalid requirement: 'an-invalid-requirement!': Expected")


def test_single_equals_hint(tmp_path: Path) -> None:
    result = parse(tmp_path, {"requirements.txt": "django=4.2\n"})
    assert messages(result)[0].endswith("Hint: = is not a valid operator. Did you mean == ?")


def test_continuations_and_hashes(tmp_path: Path) -> None:
    text = (
        "django==5.2.1 \\\n"
        "    --hash=sha256:aaaa \\\n"
        "    --hash=sha256:bbbb\n"
        "gunicorn==23.0.0 --hash=sha256:cccc\n"
        "whitenoise\\\n"
        ">=6\n"
    )
    result = parse(tmp_path, {"requirements.txt": text})
    assert result.problems == ()
    assert result.requirements == (
        req("django", "django==5.2.1     --hash=sha256:aaaa     --hash=sha256:bbbb", 1, "==5.2.1"),
        req("gunicorn", "gunicorn==23.0.0 --hash=sha256:cccc", 4, "==23.0.0"),
        req("whitenoise", "whitenoise>=6", 5, ">=6"),
    )


def test_continuation_into_comment_line_ends_it() -> None:
    assert logical_lines("django\\\n# comment\nflask\n") == [(1, "django"), (3, "flask")]
    assert logical_lines("a \\\n") == [(1, "a")]


def test_markers_extras_and_specifier_order(tmp_path: Path) -> None:
    text = (
        'psycopg[binary,pool]>=3.1; python_version < "3.11"\n'
        "Django >= 4.2, < 5\n"
        "tomli ; python_version<'3.11'\n"
    )
    result = parse(tmp_path, {"requirements.txt": text})
    assert result.problems == ()
    assert result.requirements == (
        req(
            "psycopg",
            'psycopg[binary,pool]>=3.1; python_version < "3.11"',
            1,
            ">=3.1",
            ("binary", "pool"),
            'python_version < "3.11"',
        ),
        req("django", "Django >= 4.2, < 5", 2, ">=4.2,<5"),
        req("tomli", "tomli ; python_version<'3.11'", 3, "", (), 'python_version < "3.11"'),
    )


def test_direct_reference(tmp_path: Path) -> None:
    text = "mypkg @ https://example.com/mypkg-1.0.tar.gz\n"
    result = parse(tmp_path, {"requirements.txt": text})
    assert result.problems == ()
    assert result.requirements == (
        req("mypkg", text.strip(), 1, url="https://example.com/mypkg-1.0.tar.gz"),
    )


def test_vcs_and_url_lines(tmp_path: Path) -> None:
    text = (
        "git+https://github.com/pypa/wheel.git@0.44.0#egg=extension.dist"
        "&subdirectory=tests/testdata/extension.dist\n"
        "git+https://github.com/x/y.git@v1.0\n"
        "https://example.com/pkgs/Django-5.2.1-py3-none-any.whl\n"
        'git+https://github.com/x/z.git#egg=z_pkg; python_version >= "3.10"\n'
    )
    result = parse(tmp_path, {"requirements.txt": text})
    assert result.problems == ()
    urls = [r.url for r in result.requirements]
    assert [r.name for r in result.requirements] == ["extension-dist", "", "django", "z-pkg"]
    assert urls[1] == "git+https://github.com/x/y.git@v1.0"
    assert result.requirements[2].specifier == "==5.2.1"
    assert result.requirements[3].marker == 'python_version >= "3.10"'
    assert urls[3] == "git+https://github.com/x/z.git#egg=z_pkg"
    assert result.find("django") == result.requirements[2]


def test_editables_like_the_pip_editable_fixture(tmp_path: Path) -> None:
    # heroku-buildpack-python spec/fixtures/pip_editable/requirements.txt (PM027: supported).
    text = (
        "-e ./packages/local_package_pyproject_toml\n"
        "-e ./packages/local_package_setup_py\n"
        "-e git+https://github.com/benoitc/gunicorn@56b5ad87f8d72a674145c273ed8f547513c2b409"
        "#egg=gunicorn\n"
        "--editable=.[dev]\n"
        "-e.\n"
    )
    files: dict[str, str | bytes] = {
        "requirements.txt": text,
        "packages/local_package_pyproject_toml/pyproject.toml": "",
        "packages/local_package_setup_py/setup.py": "",
        "pyproject.toml": "",
    }
    result = parse(tmp_path, files)
    assert result.problems == ()
    first, second, vcs, dev, dot = result.requirements
    assert first == req(
        "",
        "-e ./packages/local_package_pyproject_toml",
        1,
        url="./packages/local_package_pyproject_toml",
        editable=True,
    )
    assert second.url == "./packages/local_package_setup_py" and second.line == 2
    assert vcs.name == "gunicorn" and vcs.editable and vcs.line == 3
    assert vcs.url is not None and vcs.url.startswith("git+https://github.com/benoitc/gunicorn@")
    assert (dev.url, dev.extras, dev.editable) == (".", ("dev",), True)
    assert (dot.url, dot.line) == (".", 5)
    assert result.find("gunicorn") == vcs


def test_editable_problems(tmp_path: Path) -> None:
    text = (
        "-e ../lib\n"
        "-e file:///home/me/lib\n"
        "-e git+https://github.com/x/y.git\n"
        "-e ./missing\n"
        "-e https://example.com/x.zip\n"
        "-e /abs/path\n"
    )
    result = parse(tmp_path, {"requirements.txt": text})
    assert result.requirements[0].url == "../lib"
    assert [p.line for p in result.problems] == [1, 2, 3, 4, 5, 6]
    found = messages(result)
    assert found[0] == (
        "'-e ../lib' points outside the project, which is all Heroku receives. Move the package "
        "into the project or install it from a VCS URL."
    )
    assert found[1].startswith("'file:///home/me/lib' points to an absolute path on this machine")
    assert found[2] == (
        "Could not detect requirement name for 'git+https://github.com/x/y.git', please specify "
        "one with #egg=your_package_name."
    )
    assert found[3] == (
        "'-e ./missing' names './missing', which is not in the project (the path is relative "
        "to the project root, where pip runs)."
    )
    assert found[4].startswith("https://example.com/x.zip is not a valid editable requirement.")
    assert found[5].startswith("'-e /abs/path' points to an absolute path on this machine")


def test_local_paths(tmp_path: Path) -> None:
    text = (
        "./pkg\n"
        "./dist/foo_bar-1.2.0-py3-none-any.whl\n"
        "../outside\n"
        "not-there/\n"
        "./requirements-dev.txt\n"
        "./empty\n"
        "./dist/gone-1.0.tar.gz\n"
        "./pkg[extra]; python_version >= '3.10'\n"
    )
    files: dict[str, str | bytes] = {
        "requirements.txt": text,
        "requirements-dev.txt": "pytest\n",
        "pkg/pyproject.toml": "",
        "empty/README": "",
        "dist/foo_bar-1.2.0-py3-none-any.whl": b"PK\x03\x04\x00",
    }
    result = parse(tmp_path, files)
    names = [(r.name, r.specifier, r.url) for r in result.requirements]
    assert names == [
        ("", "", "./pkg"),
        ("foo-bar", "==1.2.0", "./dist/foo_bar-1.2.0-py3-none-any.whl"),
        ("", "", "../outside"),
        ("", "", "not-there/"),
        ("", "", "./requirements-dev.txt"),
        ("", "", "./empty"),
        ("", "", "./dist/gone-1.0.tar.gz"),
        ("", "", "./pkg"),
    ]
    last = result.requirements[-1]
    assert (last.extras, last.marker) == (("extra",), "python_version >= '3.10'")
    assert [(p.line, p.message) for p in result.problems] == [
        (
            3,
            "'../outside' points outside the project, which is all Heroku receives. Move the "
            "package into the project or install it from a VCS URL.",
        ),
        (
            4,
            "'not-there/' names 'not-there/', which is not in the project (the path is relative "
            "to the project root, where pip runs).",
        ),
        (
            5,
            "'./requirements-dev.txt' names the file './requirements-dev.txt', not a project "
            "folder; pip cannot install it. To include a requirements file write "
            "`-r ./requirements-dev.txt`.",
        ),
        (
            6,
            "Directory './empty' is not installable. Neither 'setup.py' nor 'pyproject.toml' "
            "found. Add one, or remove './empty'.",
        ),
        (
            7,
            "'./dist/gone-1.0.tar.gz' names the file './dist/gone-1.0.tar.gz', which is not in "
            "the project (the path is relative to the project root, where pip runs).",
        ),
    ]


def test_local_paths_are_relative_to_the_root_not_the_file(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "requirements.txt": "-r requirements/base.txt\n",
        "requirements/base.txt": "-e ./libs/core\n",
        "libs/core/setup.py": "",
    }
    result = parse(tmp_path, files)
    assert result.problems == ()
    assert result.requirements == (
        req(
            "",
            "-e ./libs/core",
            1,
            url="./libs/core",
            editable=True,
            relpath="requirements/base.txt",
        ),
    )


def test_file_url_absolute_is_a_problem(tmp_path: Path) -> None:
    result = parse(tmp_path, {"requirements.txt": "mypkg @ file:///home/me/mypkg\n"})
    assert result.requirements[0].name == "mypkg"
    assert result.requirements[0].url == "file:///home/me/mypkg"
    assert len(result.problems) == 1
    assert "absolute path on this machine" in result.problems[0].message


def test_option_lines_are_ignored(tmp_path: Path) -> None:
    text = (
        "--index-url https://pypi.org/simple\n"
        "-i https://pypi.org/simple\n"
        "--extra-index-url=https://example.com/simple\n"
        "--find-links ./wheels\n"
        "-f https://example.com/wheels\n"
        "--no-binary :all:\n"
        "--only-binary=psycopg2\n"
        "--prefer-binary\n"
        "--pre\n"
        "--trusted-host example.com\n"
        "--use-feature truststore\n"
        "--no-index\n"
        "--require-hashes\n"
        "django\n"
    )
    result = parse(tmp_path, {"requirements.txt": text})
    assert result.problems == ()
    assert result.requirements == (req("django", "django", 14),)


def test_unknown_option_is_a_problem(tmp_path: Path) -> None:
    result = parse(tmp_path, {"requirements.txt": "--install-option=--prefix=/x\n"})
    assert result.problems == (
        RequirementsProblem(
            "requirements.txt",
            1,
            "Invalid requirement: '--install-option=--prefix=/x': no such option: "
            "--install-option.",
        ),
    )


def test_includes_follow_relative_to_including_file(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "requirements.txt": "-r requirements/prod.txt\n-c constraints.txt\nwhitenoise\n",
        "requirements/prod.txt": "--requirement=base.txt\ngunicorn\n",
        "requirements/base.txt": "Django>=5.2\ndj-database-url\n",
        "constraints.txt": "django<6\n",
    }
    result = parse(tmp_path, files)
    assert result.problems == ()
    assert result.files == (
        "requirements.txt",
        "requirements/prod.txt",
        "requirements/base.txt",
        "constraints.txt",
    )
    assert [(r.name, r.relpath, r.line) for r in result.requirements] == [
        ("django", "requirements/base.txt", 1),
        ("dj-database-url", "requirements/base.txt", 2),
        ("gunicorn", "requirements/prod.txt", 2),
        ("whitenoise", "requirements.txt", 3),
    ]
    assert result.constraints == (req("django", "django<6", 1, "<6", relpath="constraints.txt"),)
    assert result.find("django") == result.requirements[0]


def test_constraints_do_not_count_as_declared(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "requirements.txt": "--constraint constraints.txt\ngunicorn\n",
        "constraints.txt": "psycopg==3.2.1\n",
    }
    result = parse(tmp_path, files)
    assert result.find("psycopg") is None
    assert [c.name for c in result.constraints] == ["psycopg"]


def test_invalid_constraints(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "requirements.txt": "-c c.txt\n",
        "c.txt": "-e git+https://github.com/x/y#egg=y\nrequests[socks]==2\nhttps://x.org/a.zip\n",
    }
    result = parse(tmp_path, files)
    assert result.constraints == ()
    assert [(p.relpath, p.line, p.message.split(":")[0]) for p in result.problems] == [
        ("c.txt", 1, "Editable requirements are not allowed as constraints"),
        ("c.txt", 2, "Constraints cannot have extras"),
        ("c.txt", 3, "Unnamed requirements are not allowed as constraints"),
    ]


def test_include_cycle_is_a_problem_not_a_loop(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "requirements.txt": "-r base.txt\ndjango\n",
        "base.txt": "-r requirements.txt\ngunicorn\n",
    }
    result = parse(tmp_path, files)
    assert [r.name for r in result.requirements] == ["gunicorn", "django"]
    assert result.problems == (
        RequirementsProblem(
            "base.txt",
            1,
            "`-r requirements.txt` includes a file that is already being read "
            "(requirements.txt → base.txt → requirements.txt); pip cannot install from a cycle "
            "of includes. Remove this line.",
        ),
    )


def test_self_include(tmp_path: Path) -> None:
    result = parse(tmp_path, {"requirements.txt": "-r ./requirements.txt\n"})
    assert len(result.problems) == 1
    assert "(requirements.txt → requirements.txt)" in result.problems[0].message


def test_diamond_include_is_read_once(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "requirements.txt": "-r a.txt\n-r b.txt\n",
        "a.txt": "-r common.txt\n",
        "b.txt": "-r common.txt\n",
        "common.txt": "django\n",
    }
    result = parse(tmp_path, files)
    assert result.problems == ()
    assert result.files == ("requirements.txt", "a.txt", "common.txt", "b.txt")
    assert [r.name for r in result.requirements] == ["django"]


def test_missing_include(tmp_path: Path) -> None:
    result = parse(tmp_path, {"requirements.txt": "django\n-r requirements/base.txt\n"})
    assert result.problems == (
        RequirementsProblem(
            "requirements.txt",
            2,
            "Could not open requirements file: [Errno 2] No such file or directory: "
            "'requirements/base.txt' (from `-r requirements/base.txt`, relative to "
            "requirements.txt's folder). Fix the path or add the file.",
        ),
    )


def test_short_option_with_equals_sign_hint(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"requirements.txt": "-r=base.txt\n", "base.txt": "django\n"}
    result = parse(tmp_path, files)
    assert len(result.problems) == 1
    assert "; `-r=base.txt` passes '=base.txt', write `-r base.txt`)" in result.problems[0].message


def test_include_outside_root_and_absolute(tmp_path: Path) -> None:
    project = tmp_path / "project"
    write(tmp_path, {"shared.txt": "django\n"})
    result = parse(project, {"requirements.txt": "-r ../shared.txt\n-c /etc/constraints.txt\n"})
    assert result.requirements == ()
    assert [(p.line, p.message.split(" points")[0]) for p in result.problems] == [
        (1, "`-r ../shared.txt`"),
        (
            2,
            "`-c /etc/constraints.txt` is an absolute path, which does not exist on Heroku's "
            "build dyno. Use a path relative to requirements.txt.",
        ),
    ]


def test_url_and_env_includes_are_not_followed(tmp_path: Path) -> None:
    text = "-r https://example.com/reqs.txt\n-r ${REQS_FILE}\n"
    result = parse(tmp_path, {"requirements.txt": text})
    assert result == RequirementsSet(("requirements.txt",), (), (), (), partial=True)


def test_environment_variables_kept_as_text(tmp_path: Path) -> None:
    text = (
        "git+https://${GITHUB_TOKEN}@github.com/x/private.git#egg=private\n"
        "django==${DJANGO_VERSION}\n"
        "mypkg @ https://${TOKEN}@example.com/mypkg-1.0.tar.gz\n"
    )
    result = parse(tmp_path, {"requirements.txt": text})
    assert result.problems == ()
    first, second, third = result.requirements
    assert first.url == "git+https://${GITHUB_TOKEN}@github.com/x/private.git#egg=private"
    assert first.name == "private"
    assert (second.name, second.specifier) == ("django", "==${DJANGO_VERSION}")
    assert third.url == "https://${TOKEN}@example.com/mypkg-1.0.tar.gz"


def test_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbfDjango==5.2.1\r\ngunicorn\r\n"
    result = parse(tmp_path, {"requirements.txt": data})
    assert result.problems == ()
    assert [(r.name, r.line) for r in result.requirements] == [("django", 1), ("gunicorn", 2)]


def test_utf16_is_readable(tmp_path: Path) -> None:
    data = "Django==5.2.1\ngunicorn\n".encode("utf-16")
    result = parse(tmp_path, {"requirements.txt": data})
    assert result.problems == ()
    assert [r.name for r in result.requirements] == ["django", "gunicorn"]


def test_unreadable_files_are_problems(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "requirements.txt": b"Django\xff\n",
        "other.txt": b"\x00\x01binary",
    }
    result = parse(tmp_path, files)
    assert result.requirements == ()
    assert result.problems == (
        RequirementsProblem(
            "requirements.txt",
            1,
            "requirements.txt is not valid UTF-8 (byte 0xff at offset 6); pip cannot read it.",
        ),
    )
    other = parse_requirements(FileReader(tmp_path), "other.txt")
    assert other.problems[0].message.startswith("other.txt is a binary file")


def test_included_directory_is_a_problem(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"requirements.txt": "-r reqs\n", "reqs/base.txt": "django\n"}
    result = parse(tmp_path, files)
    assert result.problems == (
        RequirementsProblem("reqs", 1, "reqs is a directory, not a file; pip cannot read it."),
    )


def test_invalid_marker_on_url(tmp_path: Path) -> None:
    result = parse(tmp_path, {"requirements.txt": "https://x.org/a.zip; python_version <\n"})
    assert result.requirements == ()
    assert messages(result)[0].startswith("Invalid marker: 'python_version <': ")


def test_unbalanced_quote_in_options(tmp_path: Path) -> None:
    result = parse(tmp_path, {"requirements.txt": "django --hash='sha256:abc\n"})
    assert messages(result) == [
        'Invalid requirement: "django --hash=\'sha256:abc": Could not split options: '
        "--hash='sha256:abc."
    ]


@pytest.mark.parametrize("name", ["DJANGO", "dj_database_url", "Dj.Database.URL"])
def test_find_normalises(tmp_path: Path, name: str) -> None:
    result = parse(tmp_path, {"requirements.txt": "dj-database-url\nDjango\n"})
    found = result.find(name)
    assert found is not None
    assert found.name in ("django", "dj-database-url")
    assert result.find("") is None


def test_fuzz_never_raises(tmp_path: Path) -> None:
    rng = random.Random(0)
    alphabet = "django=<>~!.,;[]()@#/\\ -erc:=${}AZ_\"'\r\n\t\ufeffgit+https://x.txt"
    reader_root = tmp_path / "fuzz"
    reader_root.mkdir()
    for index in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        relpath = f"r{index}.txt"
        (reader_root / relpath).write_bytes(text.encode("utf-8"))
        result = parse_requirements(FileReader(reader_root), relpath)
        assert result.files[0] == relpath
        for requirement in result.requirements + result.constraints:
            assert requirement.line >= 1 and requirement.raw
        for problem in result.problems:
            assert problem.line >= 1 and problem.message


def test_malformed_urls_do_not_raise(tmp_path: Path) -> None:
    text = "file://[broken/x.whl\nhttps://[::1/pkg.whl\n-e file://[x\n"
    result = parse(tmp_path, {"requirements.txt": text})
    assert [r.url for r in result.requirements] == [
        "file://[broken/x.whl",
        "https://[::1/pkg.whl",
        "file://[x",
    ]
    assert result.problems == ()


def test_deep_include_chain_stops(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"requirements.txt": "-r r0.txt\n"}
    for index in range(100):
        files[f"r{index}.txt"] = f"-r r{index + 1}.txt\npkg{index}\n"
    result = parse(tmp_path, files)
    assert len(result.files) == 64
    assert result.problems == (
        RequirementsProblem(
            "r62.txt",
            1,
            "`-r r63.txt` nests includes more than 64 files deep; flatten the includes.",
        ),
    )
    assert [r.name for r in result.requirements][:2] == ["pkg62", "pkg61"]


def test_partial_when_an_include_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("Django==5.2\n-r missing.txt\n")
    assert parse_requirements(FileReader(tmp_path)).partial is True


def test_partial_for_a_remote_include(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("-r https://example.com/reqs.txt\n")
    assert parse_requirements(FileReader(tmp_path)).partial is True


def test_not_partial_when_every_include_is_read(tmp_path: Path) -> None:
    (tmp_path / "requirements").mkdir()
    (tmp_path / "requirements.txt").write_text("-r requirements/base.txt\n")
    (tmp_path / "requirements/base.txt").write_text("Django==5.2\n")
    assert parse_requirements(FileReader(tmp_path)).partial is False


# -- the common line, read without packaging.requirements ------------------------------------

NAME_PARTS = st.one_of(
    st.from_regex(r"[aZ0]([aZ0._-]{0,4}[aZ0])?", fullmatch=True),
    st.text("aZ09._-", min_size=1, max_size=6),
)
VERSIONS = st.one_of(
    st.from_regex(r"0?[0-9]{1,2}(\.[0-9]{1,2}){0,3}(\.\*)?", fullmatch=True),
    st.text("0123456789.*a+!", max_size=6),
)
OPERATORS = st.sampled_from(["==", "!=", "<=", ">=", "~=", "<", ">", "===", "=", ""])
CLAUSES = st.lists(st.tuples(OPERATORS, VERSIONS).map("".join), max_size=3).map(",".join)
EXTRAS = ["", "", "[binary]", "[a,b_c]", "[b,a]", "[a-]", "[]", " [x]", "["]
LINES = st.tuples(
    NAME_PARTS, st.sampled_from(EXTRAS), CLAUSES, st.sampled_from(["", "", " ", ";os_name>'a'"])
).map("".join)


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_simple_requirement_reads_what_packaging_reads(line: str) -> None:
    simple = simple_requirement(line)
    if simple is None:
        return  # packaging reads it
    name, specifier, extras = simple
    parsed = Pep508(line)
    assert canonicalize_name(name) == packaging_canonicalize_name(parsed.name)
    assert extras == tuple(sorted(parsed.extras))
    assert SpecifierSet(specifier) == parsed.specifier
    assert parsed.marker is None and not parsed.url


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Django==5.2.8", ("Django", "==5.2.8", ())),
        ("psycopg[binary,pool]>=3.2,<4", ("psycopg", ">=3.2,<4", ("binary", "pool"))),
        ("dj_database.url", ("dj_database.url", "", ())),
        ("django==5.2.*", ("django", "==5.2.*", ())),
        ("django~=5", None),  # packaging refuses it and says why
        ("django==5.2rc1", None),
        ("django == 5.2", None),
        ("django==5.2;python_version>'3'", None),
    ],
)
def test_simple_requirement_examples(line: str, expected: object) -> None:
    assert simple_requirement(line) == expected


@given(st.text("aZ09._-İK ", max_size=12))
def test_canonicalize_name_is_packagings(name: str) -> None:
    assert canonicalize_name(name) == packaging_canonicalize_name(name)
