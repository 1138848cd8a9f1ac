"""Hostile input: whatever a repository holds, herokulint gives findings or one clear error line,
never a traceback, a crash or a hang.

Two halves. Property-based tests (hypothesis) feed every parser generated input, from plausible
to absurd, and assert that no exception escapes. A catalogue of hostile projects (binary and
UTF-16 files, BOMs, CRLF, NUL bytes, a 20,000-line settings module, expressions nested 1,000
deep, symlink loops, symlinks out of the project, unreadable files, directories where files
belong, an empty repository, a project of empty files...) is generated here, never committed,
and run through the real command line: `check`, `inspect`, `--fix --unsafe-fixes` and `--diff`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Callable, Optional

import pytest
from conftest import FIXTURES, GIT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from herokulint.cli import main
from herokulint.engine import check, select_rules
from herokulint.project import ProjectModel
from herokulint.project.dependencies import read_dependencies
from herokulint.project.files import FileReader, ReadError, TextFile, decode
from herokulint.project.locks import (
    poetry_freshness,
    read_poetry_lock,
    read_uv_lock,
    uv_freshness,
)
from herokulint.project.pipenv import read_pipfile, read_pipfile_lock
from herokulint.project.procfile import parse_procfile, parse_server_command, split_words
from herokulint.project.pyproject import PyProject, read_pyproject
from herokulint.project.pysource import ParsedModule, parse, too_long_chain
from herokulint.project.python_version import parse_version_file, read_python_versions
from herokulint.project.requirements import parse_requirements
from herokulint.project.structured import ParseError
from herokulint.rules import READY_FILES

ALL = select_rules()

# Bounded so the whole file stays around half a minute; CI replays the same examples. For a
# longer hunt: HEROKULINT_FUZZ_EXAMPLES=5000 python -m pytest tests/test_hostile.py
EXAMPLES = int(os.environ.get("HEROKULINT_FUZZ_EXAMPLES", "100"))
BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=list(HealthCheck),
)
FEWER = settings(BOUNDED, max_examples=max(EXAMPLES * 2 // 5, 1))

# -- building blocks -------------------------------------------------------------------------

# Characters that break naive parsers: quotes, escapes, separators, controls, wide digits,
# right-to-left marks, a BOM in the middle, line and paragraph separators, NUL.
NASTY = [
    "",
    " ",
    "\t",
    "\\",
    "'",
    '"',
    "#",
    ":",
    "=",
    ";",
    "$",
    "${",
    "}",
    "\x00",
    "\x0b",
    "\x0c",
    "\x1b[31m",
    "\r",
    "\u2028",
    "\u200f",
    "\ufeff",
    "\uff13.\uff11\uff13",  # full-width digits
    "é",
    "💥",
    "\\\n",
]
nasty_text = st.one_of(st.sampled_from(NASTY), st.text(max_size=12))


def joined(parts: st.SearchStrategy[str], *, max_size: int = 12) -> st.SearchStrategy[str]:
    return st.lists(parts, max_size=max_size).map(" ".join)


def lines_of(line: st.SearchStrategy[str], *, max_size: int = 12) -> st.SearchStrategy[str]:
    return st.tuples(
        st.lists(line, max_size=max_size), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans()
    ).map(lambda t: t[1].join(t[0]) + (t[1] if t[2] else ""))


def text_file(relpath: str, text: str) -> TextFile:
    return TextFile(relpath, text, crlf="\r\n" in text)


# -- files and decoding ----------------------------------------------------------------------

BOMS = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]


@BOUNDED
@given(st.sampled_from(BOMS), st.binary(max_size=200))
def test_decode_never_raises(bom: bytes, data: bytes) -> None:
    result = decode("Procfile", bom + data)
    assert isinstance(result, (TextFile, ReadError))
    if isinstance(result, ReadError):
        assert result.reason and "\n" not in result.reason


# -- Procfile --------------------------------------------------------------------------------

PROCFILE_WORDS = [
    "gunicorn",
    "mysite.wsgi",
    "mysite.wsgi:application",
    "mysite.asgi:application",
    "--bind",
    "-b",
    "0.0.0.0:$PORT",
    ":$PORT",
    "[::]:$PORT",
    "${PORT:-5000}",
    "--workers",
    "-w",
    "3",
    "--chdir",
    "src",
    "--pythonpath",
    "a,b",
    "--config",
    "gunicorn.conf.py",
    "-c",
    "-k",
    "uvicorn.workers.UvicornWorker",
    "--worker-class=gthread",
    "--env",
    "-e",
    "DJANGO_SETTINGS_MODULE=mysite.settings",
    "python",
    "manage.py",
    "runserver",
    "migrate",
    "--noinput",
    "uvicorn",
    "daphne",
    "hypercorn",
    "waitress-serve",
    "--port=$PORT",
    "--listen=*:$PORT",
    "newrelic-admin",
    "run-program",
    "ddtrace-run",
    "bin/start-nginx",
    "exec",
    "env",
    "FOO=bar",
    "bash",
    "sh",
    "-c",
    "'gunicorn mysite.wsgi'",
    '"gunicorn mysite.wsgi"',
    "&&",
    "||",
    ";",
    "|",
    "&",
    ">",
    "2>&1",
    "$(echo",
    ")",
    "`id`",
    "poetry",
    "pipenv",
    "uv",
    "run",
    "--",
    "-",
    "--log-file",
]
PROCESS_NAMES = ["web", "worker", "release", "Web", "web ", " web", "we b", "clock", "web-1", "😀"]
procfile_command = joined(st.one_of(st.sampled_from(PROCFILE_WORDS), nasty_text))
procfile_line = st.one_of(
    st.tuples(
        st.one_of(st.sampled_from(PROCESS_NAMES), st.text(max_size=8)),
        st.sampled_from([":", ": ", ":\t", " : ", "::"]),
        procfile_command,
    ).map("".join),
    st.sampled_from(["", "# comment", "   ", "web:", ":", "web"]),
    st.text(max_size=40),
)


@BOUNDED
@given(lines_of(procfile_line))
def test_procfile_parser(text: str) -> None:
    procfile = parse_procfile(text_file("Procfile", text))
    for process in procfile.processes:
        if process.argv is not None:
            parse_server_command(process.argv)


@BOUNDED
@given(procfile_command)
def test_server_command_parser(command: str) -> None:
    argv = split_words(command)
    if argv is not None:
        parse_server_command(argv)


# -- requirements ----------------------------------------------------------------------------

PACKAGE = st.sampled_from(
    ["Django", "django", "gunicorn", "psycopg[binary]", "psycopg2-binary", "dj_database_url", "x"]
)
SPECIFIER = st.sampled_from(
    ["", "==5.2.8", ">=4,<5", "~=3.2", "===1", "==5.*", "!=", "==", "<", "@ file:///x", "(>=1)"]
)
MARKER = st.sampled_from(["", '; python_version < "3.10"', "; sys_platform == 'win32'", ";", "; ("])
REQUIREMENT_LINES = [
    "-r other.txt",
    "-r requirements.txt",
    "--requirement=other.txt",
    "-r ../outside.txt",
    "-r /etc/passwd",
    "-r https://example.com/r.txt",
    "-r ${REQS}",
    "-c constraints.txt",
    "-e .",
    "-e ./pkg",
    "-e git+https://github.com/x/y.git#egg=y",
    "git+https://github.com/x/y.git@main#egg=y",
    "y @ git+https://github.com/x/y.git",
    "./pkg",
    "../pkg",
    "file:///tmp/pkg",
    "pkg-1.0-py3-none-any.whl",
    "https://example.com/pkg-1.0.tar.gz",
    "--index-url https://example.com/simple",
    "--extra-index-url=https://example.com/simple",
    "-i",
    "-f ./wheels",
    "--only-binary :all:",
    "--no-binary=:none:",
    "--hash=sha256:abc",
    "--pre",
    "--unknown-option",
    "-Z",
    "django==5.2 --hash=sha256:0",
    "django \\",
    "    ==5.2",
    "\\",
    "# comment",
    "django==5.2 # comment",
    "django==5.2#not-a-comment",
    "django[",
    "[extras]",
    "=",
    "-",
    "--",
]
requirement_line = st.one_of(
    st.tuples(PACKAGE, SPECIFIER, MARKER).map("".join),
    st.sampled_from(REQUIREMENT_LINES),
    nasty_text,
)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder the property tests rewrite for each example (hypothesis reuses it)."""
    return tmp_path_factory.mktemp("hostile")


def replace_files(root: Path, files: dict[str, bytes]) -> None:
    for path in root.rglob("*"):
        if path.is_file() or path.is_symlink():
            path.unlink()
    for relpath, data in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


@BOUNDED
@given(
    lines_of(requirement_line),
    lines_of(requirement_line, max_size=4),
    st.sampled_from(BOMS[:2]),
)
def test_requirements_parser(scratch: Path, main_text: str, other_text: str, bom: bytes) -> None:
    replace_files(
        scratch,
        {
            "requirements.txt": bom + main_text.encode("utf-8", "surrogatepass"),
            "other.txt": other_text.encode("utf-8", "surrogatepass"),
            "constraints.txt": b"django<6\n",
        },
    )
    parsed = parse_requirements(FileReader(scratch))
    for requirement in parsed.requirements:
        assert requirement.line >= 1
    for problem in parsed.problems:
        assert problem.line >= 1 and problem.message


# -- Python version files --------------------------------------------------------------------

version_line = st.one_of(
    st.sampled_from(
        [
            "3.13",
            "3.13.1",
            "python-3.13.1",
            "python-3.8.10",
            "3",
            "3.x",
            "3.13 ",
            " 3.13",
            "3.13\t",
            "python3.13",
            "pypy3.10",
            "system",
            "#3.12",
            "# comment",
            "",
            "3..13",
            "3.99999999999999999999",
            "3.13rc1",
            "\uff13.\uff11\uff13",  # full-width digits
        ]
    ),
    nasty_text,
)


@BOUNDED
@given(lines_of(version_line, max_size=4), st.sampled_from([".python-version", "runtime.txt"]))
def test_version_file_parser(text: str, name: str) -> None:
    request, problems = parse_version_file(text_file(name, text))
    assert request is not None or problems


@BOUNDED
@given(
    st.sampled_from(BOMS),
    lines_of(version_line, max_size=3),
    st.sampled_from([".python-version", "runtime.txt"]),
)
def test_version_files_as_read_from_disk(scratch: Path, bom: bytes, text: str, name: str) -> None:
    encoding = "utf-16-le" if bom == b"\xff\xfe" else "utf-16-be" if bom == b"\xfe\xff" else "utf-8"
    replace_files(scratch, {name: bom + text.encode(encoding, "surrogatepass")})
    read_python_versions(FileReader(scratch), "cedar")
    read_python_versions(FileReader(scratch), "fir")


# -- TOML manifests and locks; Pipfile.lock (JSON) -------------------------------------------


def toml_string(value: str) -> str:
    out = []
    for char in value:
        if char in '"\\' or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else toml_string(key)


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        text = repr(value)
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(text, text)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def to_toml(data: dict[str, Any]) -> str:
    """Top-level scalars first, then one [table] per dict (arrays of tables stay inline)."""
    head = [f"{toml_key(k)} = {toml_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    tables = [
        f"\n[{toml_key(k)}]\n"
        + "".join(f"{toml_key(kk)} = {toml_value(vv)}\n" for kk, vv in v.items())
        for k, v in data.items()
        if isinstance(v, dict)
    ]
    return "\n".join(head) + "\n" + "".join(tables)


def parsed_fixture(relpath: str) -> Any:
    text = (FIXTURES / relpath).read_text(encoding="utf-8")
    if relpath.endswith("Pipfile.lock"):
        return json.loads(text)
    from herokulint.project.structured import load_toml

    data = load_toml(TextFile(relpath, text))
    assert not isinstance(data, ParseError)
    return data


KEYS = [
    "name",
    "version",
    "dependencies",
    "requires-python",
    "python_version",
    "python_full_version",
    "packages",
    "dev-packages",
    "default",
    "develop",
    "package",
    "project",
    "tool",
    "poetry",
    "uv",
    "group",
    "dev",
    "markers",
    "extras",
    "optional",
    "source",
    "editable",
    "path",
    "git",
    "hash",
    "_meta",
    "metadata",
    "content-hash",
    "python-versions",
    "optional-dependencies",
    "dependency-groups",
    "dev-dependencies",
    "workspace",
    "members",
]
scalar = st.one_of(
    st.sampled_from(
        ["", "*", "django", "==5.2", ">=3.13", "^6.0", "django (>=5.2)", "3.13", "x[", "../x"]
    ),
    st.text(max_size=10),
    st.integers(),
    st.floats(),
    st.booleans(),
)
tree = st.recursive(
    scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=6)), inner, max_size=4),
    ),
    max_leaves=12,
)


@st.composite
def mutated(draw: Any, base: Any) -> Any:
    """`base` (a parsed manifest) with a few subtrees replaced, dropped or added."""

    def walk(value: Any, depth: int) -> Any:
        if isinstance(value, dict):
            out = {}
            for key, item in value.items():
                action = draw(st.integers(0, 9)) if depth < 6 else 9
                if action == 0:
                    continue  # dropped
                out[key] = draw(tree) if action == 1 else walk(item, depth + 1)
            if draw(st.integers(0, 9)) == 0:
                out[draw(st.sampled_from(KEYS))] = draw(tree)
            return out
        if isinstance(value, list):
            keep = value[: draw(st.integers(0, len(value)))] if value else []
            return [walk(item, depth + 1) for item in keep]
        return draw(tree) if draw(st.integers(0, 19)) == 0 else value

    return walk(base, 0)


@st.composite
def mangled_text(draw: Any, text: str) -> str:
    """`text` with a few lines deleted, duplicated or replaced by garbage."""
    lines = text.split("\n")
    for _ in range(draw(st.integers(0, 4))):
        index = draw(st.integers(0, max(len(lines) - 1, 0)))
        action = draw(st.integers(0, 2))
        if action == 0 and lines:
            del lines[index]
        elif action == 1 and lines:
            lines.insert(index, lines[index])
        else:
            lines.insert(
                index,
                draw(
                    st.one_of(
                        nasty_text,
                        st.sampled_from(["[", "[[package]]", "}", "{", '"', "a = ", "[project]"]),
                    )
                ),
            )
    return "\n".join(lines)


MANIFESTS = {
    "uv": ("uv-project/pyproject.toml", "uv-project/uv.lock"),
    "poetry": ("poetry-project/pyproject.toml", "poetry-project/poetry.lock"),
    "pipenv": ("pipenv-project/Pipfile", "pipenv-project/Pipfile.lock"),
}


def manifest_texts(manager: str) -> st.SearchStrategy[tuple[str, str]]:
    manifest, lock = MANIFESTS[manager]
    serialize_lock = (lambda d: json.dumps(d, indent=4)) if manager == "pipenv" else to_toml
    as_text = {
        "manifest": (FIXTURES / manifest).read_text(encoding="utf-8"),
        "lock": (FIXTURES / lock).read_text(encoding="utf-8"),
    }

    def one(kind: str, relpath: str, serialize: Callable[[Any], str]) -> st.SearchStrategy[str]:
        return st.one_of(
            mutated(parsed_fixture(relpath)).map(serialize),
            mangled_text(as_text[kind]),
        )

    return st.tuples(one("manifest", manifest, to_toml), one("lock", lock, serialize_lock))


def read_manager_files(manager: str, manifest: str, lock: str) -> None:
    """Every reader of one package manager's files, alone and together."""
    if manager == "pipenv":
        read_pipfile(text_file("Pipfile", manifest))
        read_pipfile_lock(text_file("Pipfile.lock", lock))
        return
    project = read_pyproject(text_file("pyproject.toml", manifest), manager)
    read_pyproject(text_file("pyproject.toml", manifest), "pip")
    if manager == "uv":
        parsed = read_uv_lock(text_file("uv.lock", lock), "mysite")
        if isinstance(project, PyProject) and not isinstance(parsed, ParseError):
            uv_freshness(parsed, project)
    else:
        parsed = read_poetry_lock(text_file("poetry.lock", lock))
        if isinstance(project, PyProject) and not isinstance(parsed, ParseError):
            poetry_freshness(parsed, project)


@pytest.mark.parametrize("manager", sorted(MANIFESTS))
@BOUNDED
@given(data=st.data())
def test_manifest_and_lock_readers(manager: str, data: Any) -> None:
    manifest, lock = data.draw(manifest_texts(manager))
    read_manager_files(manager, manifest, lock)


@pytest.mark.parametrize("manager", sorted(MANIFESTS))
@FEWER
@given(data=st.data())
def test_dependencies_as_read_from_disk(scratch: Path, manager: str, data: Any) -> None:
    manifest, lock = data.draw(manifest_texts(manager))
    names = {"uv": ("pyproject.toml", "uv.lock"), "poetry": ("pyproject.toml", "poetry.lock")}
    names["pipenv"] = ("Pipfile", "Pipfile.lock")
    extra = data.draw(st.sampled_from([{}, {"requirements.txt": b"django\n"}]))
    replace_files(
        scratch,
        {
            names[manager][0]: manifest.encode("utf-8", "surrogatepass"),
            names[manager][1]: lock.encode("utf-8", "surrogatepass"),
            **extra,
        },
    )
    for target in ("cedar", "fir"):
        reader = FileReader(scratch)
        dependencies = read_dependencies(reader, target)
        read_python_versions(reader, target, dependencies)


# -- settings modules ------------------------------------------------------------------------

SETTING_NAMES = [
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "STATIC_ROOT",
    "STATIC_URL",
    "STATICFILES_DIRS",
    "STORAGES",
    "STATICFILES_STORAGE",
    "MIDDLEWARE",
    "INSTALLED_APPS",
    "DATABASES",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "CSRF_TRUSTED_ORIGINS",
    "WSGI_APPLICATION",
    "BASE_DIR",
    "ENV",
    "env",
    "os",
    "x",
]
name = st.sampled_from(SETTING_NAMES)
atom = st.one_of(
    st.sampled_from(
        [
            "None",
            "True",
            "False",
            "0",
            "1",
            "-1",
            "1e309",
            "10**10",
            "''",
            "'x'",
            "'1'",
            "'*'",
            "'.herokuapp.com'",
            "'whitenoise.middleware.WhiteNoiseMiddleware'",
            "'django.middleware.security.SecurityMiddleware'",
            "b'x'",
            "r'\\d'",
            "f'{BASE_DIR}/static'",
            "f'{x!r:>{10}}'",
            "'''multi\nline'''",
            "...",
            "__file__",
            "os.environ['X']",
            "os.environ.get('DJANGO_DEBUG', '') == '1'",
            "os.environ.get('X', 'default')",
            "os.getenv('DEBUG', True)",
            "env('X')",
            "env.bool('DEBUG', default=True)",
            "env.list('ALLOWED_HOSTS')",
            "env.db()",
            "config('DEBUG', default=False, cast=bool)",
            "BASE_DIR / 'staticfiles'",
            "Path(__file__).resolve().parent.parent",
            "os.path.join(BASE_DIR, 'static')",
            "dj_database_url.config(conn_max_age=600)",
            "dj_database_url.parse(os.environ['DATABASE_URL'])",
            "'DYNO' in os.environ",
            "globals()",
            "locals()",
            "lambda: 1",
            "print",
        ]
    ),
    name,
    st.integers().map(str),
    st.text(max_size=6).map(repr),
)


def compound(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pair = st.tuples(inner, inner)
    return st.one_of(
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(inner, max_size=3).map(lambda items: "(" + ", ".join(items) + ",)"),
        st.lists(pair, max_size=3).map(
            lambda items: "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
        ),
        st.tuples(
            inner,
            st.sampled_from(
                ["+", "-", "*", "/", "%", "|", "or", "and", "==", "!=", "in", "not in", "is", "<"]
            ),
            inner,
        ).map(" ".join),
        inner.map(lambda e: f"not {e}"),
        inner.map(lambda e: f"({e})"),
        inner.map(lambda e: f"[*{e}]"),
        inner.map(lambda e: f"{{**{e}}}"),
        st.tuples(inner, inner, inner).map(lambda t: f"{t[0]} if {t[1]} else {t[2]}"),
        st.tuples(inner, inner).map(lambda t: f"{t[0]}[{t[1]}]"),
        st.tuples(inner, st.sampled_from(["get", "append", "split", "upper", "copy"])).map(
            lambda t: f"({t[0]}).{t[1]}"
        ),
        st.tuples(inner, inner).map(lambda t: f"f({t[0]}, key={t[1]})"),
        inner.map(lambda e: f"[v for v in {e} if v]"),
        inner.map(lambda e: f"f'{{{e}}}'"),
    )


expression = st.recursive(atom, compound, max_leaves=8)


def indent(block: str) -> str:
    return "\n".join("    " + line if line else line for line in block.split("\n"))


def statements(depth: int) -> st.SearchStrategy[str]:
    simple = st.one_of(
        st.tuples(name, expression).map(lambda t: f"{t[0]} = {t[1]}"),
        st.tuples(name, st.sampled_from(["+=", "-=", "|=", ": list =", ": str ="]), expression).map(
            " ".join
        ),
        st.tuples(name, expression).map(lambda t: f"{t[0]}.append({t[1]})"),
        st.tuples(name, expression).map(lambda t: f"{t[0]}.insert(0, {t[1]})"),
        st.tuples(name, expression).map(lambda t: f"{t[0]}.update({t[1]})"),
        st.tuples(name, expression, expression).map(lambda t: f"{t[0]}[{t[1]}] = {t[2]}"),
        st.tuples(name, name, expression).map(lambda t: f"{t[0]}, {t[1]} = {t[2]}"),
        st.tuples(name, expression).map(lambda t: f"{t[0]} = {t[0]}_2 = {t[1]}"),
        name.map(lambda n: f"del {n}"),
        expression.map(lambda e: f"globals().update({e})"),
        expression.map(lambda e: f"locals()['DEBUG'] = {e}"),
        expression.map(lambda e: f"exec({e})"),
        st.sampled_from(
            [
                "import os",
                "import dj_database_url",
                "from pathlib import Path",
                "from .base import *",
                "from . import base",
                "from .settings import *",
                "from mysite.settings import *",
                "from mysite.base import *",
                "from .missing import *",
                "from .. import x",
                "from ....deep import *",
                "import django_heroku",
                "django_heroku.settings(locals())",
                "from split_settings.tools import include, optional",
                "include('base.py', optional('local.py'), 'settings.py')",
                "include('*.py')",
                "import environ",
                "env = environ.Env()",
                "environ.Env.read_env()",
                "from decouple import config",
                "from importlib import import_module",
                "globals().update(vars(import_module(f'mysite.{ENV}')))",
                "pass",
                "...",
                "global DEBUG",
                "assert DEBUG",
                "raise SystemExit(97)",
            ]
        ),
    )
    if depth == 0:
        return simple
    body = st.lists(statements(depth - 1), min_size=1, max_size=3).map("\n".join).map(indent)
    return st.one_of(
        simple,
        simple,
        st.tuples(expression, body, body).map(lambda t: f"if {t[0]}:\n{t[1]}\nelse:\n{t[2]}"),
        st.tuples(expression, body).map(lambda t: f"if {t[0]}:\n{t[1]}"),
        st.tuples(expression, body, body).map(
            lambda t: f"if 'DYNO' in os.environ:\n{t[1]}\nelif {t[0]}:\n{t[2]}"
        ),
        st.tuples(
            body, st.sampled_from(["ImportError", "Exception", "(ImportError, KeyError)", ""]), body
        ).map(lambda t: f"try:\n{t[0]}\nexcept {t[1]}:\n{t[2]}".replace("except :", "except:")),
        st.tuples(body, body).map(lambda t: f"try:\n{t[0]}\nfinally:\n{t[1]}"),
        st.tuples(
            st.sampled_from(
                ["Base", "Prod(Base)", "Production(Configuration)", "Settings(BaseSettings)"]
            ),
            body,
        ).map(lambda t: f"class {t[0]}:\n{t[1]}"),
        st.tuples(name, body).map(lambda t: f"def {t[0].lower()}():\n{t[1]}"),
        st.tuples(expression, body).map(lambda t: f"for v in {t[0]}:\n{t[1]}"),
        st.tuples(expression, body).map(lambda t: f"while {t[0]}:\n{t[1]}"),
        st.tuples(expression, body).map(lambda t: f"with {t[0]} as f:\n{t[1]}"),
    )


python_module = st.tuples(
    st.lists(st.one_of(statements(2), st.just(""), st.just("# comment")), max_size=10),
    st.sampled_from(["\n", "\r\n"]),
    st.one_of(st.just(""), nasty_text),  # occasionally garbage at the end
).map(lambda t: t[1].join([*t[0], t[2]]))


@BOUNDED
@given(python_module)
def test_python_module_parser(source: str) -> None:
    parsed = parse(text_file("mysite/settings.py", source))
    if isinstance(parsed, ParsedModule):
        # Statement positions rely on the tree rendering back to the source. (LibCST drops a
        # leading BOM and some whitespace after the last statement, where no statement moves.)
        assert parsed.module.code.rstrip() == source.removeprefix("\ufeff").rstrip()


def settings_project(root: Path, settings_source: str, base_source: str, procfile: str) -> None:
    replace_files(
        root,
        {
            **{k: v.encode() for k, v in READY_FILES.items()},
            "Procfile": procfile.encode("utf-8", "surrogatepass"),
            "mysite/settings.py": settings_source.encode("utf-8", "surrogatepass"),
            "mysite/base.py": base_source.encode("utf-8", "surrogatepass"),
        },
    )


@BOUNDED
@given(python_module, python_module)
def test_settings_resolver(scratch: Path, settings_source: str, base_source: str) -> None:
    settings_project(scratch, settings_source, base_source, READY_FILES["Procfile"])
    project = ProjectModel(scratch)
    model = project.settings
    if model is not None:
        for setting in model.values.values():
            assert setting.line >= 1
    project.wsgi  # noqa: B018 - computed on access
    project.settings_choices  # noqa: B018


@FEWER
@given(python_module, python_module, lines_of(procfile_line, max_size=3))
def test_every_rule_on_generated_settings(
    scratch: Path, settings_source: str, base_source: str, procfile: str
) -> None:
    settings_project(scratch, settings_source, base_source, procfile)
    _, findings = check(scratch, ALL)
    assert all(finding.code.startswith("HK") and finding.line >= 1 for finding in findings)


# -- a catalogue of hostile projects, through the real command line --------------------------

READY = {k: v.encode() for k, v in READY_FILES.items()}
SETTINGS = "mysite/settings.py"
TEXT_FILES = [".python-version", "Procfile", "requirements.txt", "manage.py", SETTINGS]


def big_settings(lines: int, last: str = "DEBUG = True") -> str:
    """A settings module of `lines` lines: the ready settings, plausible blocks, `last`."""
    out = READY_FILES[SETTINGS].splitlines()
    block = 0
    while len(out) + 8 < lines:
        out += [
            f"# Feature block {block}",
            f'FEATURE_{block} = os.environ.get("FEATURE_{block}", "") == "1"',
            f"FEATURE_{block}_OPTIONS = {{",
            f'    "name": "feature-{block}",',
            f'    "limit": {block} * 10,',
            '    "tags": ["a", "b", "c"],',
            "}",
            "",
        ]
        block += 1
    out += ["# padding"] * (lines - 1 - len(out))
    return "\n".join([*out, last]) + "\n"


def nested(opening: str, closing: str, depth: int) -> str:
    return READY_FILES[SETTINGS] + f"X = {opening * depth}1{closing * depth}\nDEBUG = True\n"


def with_files(**changes: Optional[bytes]) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        files = {
            **READY,
            **{k.replace("__", "/").replace("_DOT_", "."): v for k, v in changes.items()},
        }
        for relpath, data in files.items():
            if data is None:
                continue
            path = root / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    return build


def everything(transform: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    return with_files(**{key(relpath): transform(READY[relpath]) for relpath in READY})


def key(relpath: str) -> str:
    return relpath.replace("/", "__").replace(".", "_DOT_")


def directories(*names: str) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        with_files()(root)
        for relpath in names:
            path = root / relpath
            if path.is_file():
                path.unlink()
            (path / "inner").mkdir(parents=True)
            (path / "inner" / "file.txt").write_text("x\n")

    return build


def symlink_loops(root: Path) -> None:
    with_files()(root)
    (root / "loop").symlink_to(root)
    (root / "mysite" / "loop").symlink_to("..")
    (root / "a").symlink_to("b")
    (root / "b").symlink_to("a")
    (root / "Procfile").unlink()
    (root / "Procfile").symlink_to("Procfile")
    (root / "requirements.txt").unlink()
    (root / "requirements.txt").symlink_to("a")
    (root / "mysite" / "base.py").symlink_to("base.py")
    (root / SETTINGS).write_text(READY_FILES[SETTINGS] + "from .base import *\n")


def symlinks_outside(root: Path) -> None:
    outside = root.parent / f"{root.name}-outside"
    (outside / "pkg").mkdir(parents=True)
    (outside / "Procfile").write_text("web: gunicorn mysite.wsgi\n")
    (outside / "requirements.txt").write_text("Django==5.2.8\n")
    (outside / "settings.py").write_text("DEBUG = True\n")
    (outside / "pkg" / "__init__.py").write_text("")
    (outside / "pkg" / "settings.py").write_text("DEBUG = True\n")
    with_files()(root)
    for relpath in ("Procfile", "requirements.txt", ".python-version", SETTINGS):
        (root / relpath).unlink()
        (root / relpath).symlink_to(
            outside / Path(relpath).name if relpath != ".python-version" else "/etc/hostname"
        )
    (root / "outsidepkg").symlink_to(outside / "pkg")
    (root / "etc").symlink_to("/etc")
    (root / "mysite" / "base.py").symlink_to("/dev/zero")


def unreadable(root: Path) -> None:
    with_files(pages__models_DOT_py=b"")(root)
    for relpath in ("Procfile", "requirements.txt", SETTINGS, ".python-version"):
        (root / relpath).chmod(0)
    (root / "pages").chmod(0)


def empty_repository(root: Path) -> None:
    with_files()(root)
    subprocess.run([*GIT, "init", "-q"], cwd=root, check=True)


def committed(build: Callable[[Path], None]) -> Callable[[Path], None]:
    def build_and_commit(root: Path) -> None:
        build(root)
        subprocess.run([*GIT, "init", "-q"], cwd=root, check=True)
        subprocess.run([*GIT, "add", "-A"], cwd=root, check=True)
        subprocess.run([*GIT, "commit", "-q", "-m", "hostile"], cwd=root, check=True)

    return build_and_commit


def odd_names(root: Path) -> None:
    with_files()(root)
    for name in (b"caf\xe9.py", b"new\nline.txt", b"-rf", b"--fix", b" Procfile", b"Procfile "):
        with open(os.path.join(os.fsencode(root), name), "wb") as handle:
            handle.write(b"x = 1\n")


def utf16(data: bytes) -> bytes:
    return data.decode().encode("utf-16")  # with its byte-order mark


def utf16_without_bom(data: bytes) -> bytes:
    return data.decode().encode("utf-16-le")


def crlf(data: bytes) -> bytes:
    return data.replace(b"\n", b"\r\n")


def cr_only(data: bytes) -> bytes:
    return data.replace(b"\n", b"\r")


BINARY = bytes(range(256)) * 4
TOML_DEEP = b"[project]\nname = 'x'\ndependencies = " + b"[" * 100_000 + b"]" * 100_000 + b"\n"
JSON_DEEP = b'{"_meta": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n"

CATALOGUE: dict[str, Callable[[Path], None]] = {
    "binary-procfile": with_files(Procfile=BINARY),
    "binary-everything": everything(lambda data: BINARY),
    "nul-bytes": everything(lambda data: data[: len(data) // 2] + b"\x00" + data[len(data) // 2 :]),
    "utf16": everything(utf16),
    "utf16-without-bom": everything(utf16_without_bom),
    "utf8-bom": everything(lambda data: b"\xef\xbb\xbf" + data),
    "invalid-utf8": everything(lambda data: data + b"\xff\xfe\xc3(\n"),
    "crlf": everything(crlf),
    "cr-only": everything(cr_only),
    # Nothing to fix at its end: the fixer re-parses a module it edits several times, which
    # costs ~20 s here (measured by benchmarks/bench.py), too slow for the main suite.
    "settings-20000-lines": with_files(
        mysite__settings_DOT_py=big_settings(20_000, last="X = 1").encode()
    ),
    "parentheses-1000-deep": with_files(mysite__settings_DOT_py=nested("(", ")", 1000).encode()),
    "lists-1000-deep": with_files(mysite__settings_DOT_py=nested("[", "]", 1000).encode()),
    "parentheses-200-deep": with_files(mysite__settings_DOT_py=nested("(", ")", 200).encode()),
    "brackets-100000-deep": with_files(
        mysite__settings_DOT_py=nested("[", "]", 100_000).encode(),
        mysite__wsgi_DOT_py=nested("f(", ")", 100_000).encode(),
        manage_DOT_py=nested("{1: ", "}", 100_000).encode(),
    ),
    "deep-toml-and-json": with_files(
        requirements_DOT_txt=None,
        pyproject_DOT_toml=TOML_DEEP,
        uv_DOT_lock=TOML_DEEP,
        Pipfile=TOML_DEEP,
        Pipfile_DOT_lock=JSON_DEEP,
        app_DOT_json=JSON_DEEP,
    ),
    "self-importing-settings": with_files(
        mysite__settings_DOT_py=(
            READY_FILES[SETTINGS] + "from .settings import *\nfrom mysite.base import *\n"
        ).encode(),
        mysite__base_DOT_py=b"from mysite.settings import *\nfrom .base import *\n",
    ),
    "long-lines": with_files(
        requirements_DOT_txt=b"Django==5.2.8 "
        + b"\\\n " * 50_000
        + b"\n"
        + b"x" * 1_000_000
        + b"\n",
        Procfile=b"web: gunicorn mysite.wsgi " + b"--workers 3 " * 20_000 + b"\n",
    ),
    "symlink-loop": symlink_loops,
    "symlink-outside": symlinks_outside,
    "unreadable-files": unreadable,
    "directories-named-like-files": directories(
        "Procfile", "requirements.txt", "manage.py", ".python-version", "runtime.txt", SETTINGS
    ),
    "empty-repository": empty_repository,
    "every-file-empty": everything(lambda data: b""),
    "every-file-empty-committed": committed(everything(lambda data: b"")),
    "only-binary-committed": committed(everything(lambda data: BINARY)),
    "odd-file-names": odd_names,
}

MODES = {
    "check": lambda root: [str(root)],
    "concise": lambda root: [str(root), "--output-format", "concise", "-q"],
    "json": lambda root: [str(root), "--output-format", "json"],
    "inspect": lambda root: ["inspect", str(root)],
    "fix": lambda root: [str(root), "--fix", "--unsafe-fixes"],
    "diff": lambda root: [str(root), "--diff"],
}
# The 20,000-line module costs seconds per run (LibCST's parse): three modes are enough there.
SLOW = {"settings-20000-lines": ("check", "fix", "diff")}


def cases() -> Iterator[Any]:
    for name in CATALOGUE:
        for mode in SLOW.get(name, MODES):
            marks = []
            if name == "unreadable-files" and os.geteuid() == 0:
                marks.append(pytest.mark.skip(reason="root reads every file"))
            yield pytest.param(name, mode, id=f"{name}-{mode}", marks=marks)


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """(size, mtime) of every regular file below root, symlinks not followed."""
    found = {}
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            try:
                info = os.lstat(path)
            except OSError:
                continue
            found[path] = (info.st_size, info.st_mtime_ns)
    return found


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(args)
    except BaseException:  # a traceback is exactly what this file forbids
        pytest.fail(f"herokulint {' '.join(args)} raised:\n{traceback.format_exc()}")
    out, err = capsys.readouterr()
    return code, out, err


def assert_clean(code: int, out: str, err: str, *, fixing: bool) -> None:
    assert "Traceback" not in out + err
    if code == 2 and fixing:
        # The fixer may refuse with one clear line (e.g. fixes that do not settle).
        lines = [line for line in err.splitlines() if line.startswith("herokulint: ")]
        assert len(lines) >= 1 and lines[-1].startswith("herokulint: "), err
        return
    assert code in (0, 1), f"exit {code}\nstdout:\n{out[-2000:]}\nstderr:\n{err[-2000:]}"


@pytest.mark.parametrize(("name", "mode"), list(cases()))
def test_hostile_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, mode: str
) -> None:
    root = tmp_path / "app"
    root.mkdir()
    CATALOGUE[name](root)
    try:
        before = snapshot(root)
        code, out, err = run_cli(MODES[mode](root), capsys)
        assert_clean(code, out, err, fixing=mode in ("fix", "diff"))
        if mode == "json":
            assert isinstance(json.loads(out), (dict, list))
        if mode != "fix":
            assert snapshot(root) == before, f"{mode} changed the project"
        elif snapshot(root) != before:
            # Whatever the fixer wrote must itself be checkable.
            code, out, err = run_cli([str(root), "-q"], capsys)
            assert_clean(code, out, err, fixing=False)
    finally:
        for path in (root / "pages", *root.rglob("*")):
            if path.exists() and not path.is_symlink():
                path.chmod(0o755)


def test_catalogue_findings_are_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Spot checks: the hostile inputs are reported, not silently skipped."""
    expected = {
        "binary-procfile": "Procfile:1:1: HK103",
        "parentheses-1000-deep": "mysite/settings.py:14:1: HK003",
        "lists-1000-deep": "mysite/settings.py:14:1: HK003",
        "brackets-100000-deep": "mysite/wsgi.py:14:1: HK003",
        "parentheses-200-deep": "mysite/settings.py:15:1: HK401",
        "utf16": "Procfile:1:1: HK103",
    }
    for name, finding in expected.items():
        root = tmp_path / name
        root.mkdir()
        CATALOGUE[name](root)
        code, out, _ = run_cli([str(root), "--output-format", "concise", "-q"], capsys)
        assert code == 1 and finding in out, (name, out)


# -- LibCST's native parser and long chains --------------------------------------------------

CHAINS = {
    # Each crashed the process (SIGSEGV in LibCST's native parser) before pysource guarded
    # chains; the binary operators, attributes and subscripts after a parse of 20 s or more.
    "lambdas": "X = " + "lambda: " * 10_000 + "1",
    "unary-operators": "X = " + "-" * 50_000 + "1",
    "binary-operators": "X = " + "a + " * 8_000 + "a",
    "attributes": "X = a" + ".b" * 8_000,
    "subscripts": "X = a" + "[0]" * 4_000,
    "nested-groups": "X = " + "(a + a + a + a + a + a + a + a + a + " * 150 + "a" + ")" * 150,
    "elif": "if a:\n    pass\n" + "elif a:\n    pass\n" * 10_000,
}


@pytest.mark.parametrize("chain", sorted(CHAINS))
def test_long_chains_do_not_crash_the_process(tmp_path: Path, chain: str) -> None:
    """Run in a child process: a regression crashes the child, not the test run."""
    root = tmp_path / "app"
    with_files(mysite__settings_DOT_py=(READY_FILES[SETTINGS] + CHAINS[chain] + "\n").encode())(
        root
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "herokulint",
            str(root),
            "-q",
            "--show-info",
            "--output-format",
            "concise",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode in (0, 1), (done.returncode, done.stderr[-500:])
    assert "chain longer than 1000 links" in done.stdout, done.stdout[-1000:]
    assert "Traceback" not in done.stdout + done.stderr


def test_chains_below_the_limit_are_checked_and_refused_by_the_fixer(tmp_path: Path) -> None:
    """900 links: LibCST parses it and the settings are read, but rendering the module for a
    fix runs out of Python stack: the fix is refused in one line, never a traceback."""
    root = tmp_path / "app"
    chain = "X = " + "a + " * 900 + "a\nDEBUG = True\n"
    # No DEBUG read above: removing an override is a text edit, which needs no rendering.
    settings = READY_FILES[SETTINGS].replace(
        'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"\n', ""
    )
    with_files(mysite__settings_DOT_py=(settings + chain).encode())(root)
    for args, expected in (([], "HK401"), (["--diff", "--unsafe-fixes"], "too deeply nested")):
        done = subprocess.run(
            [sys.executable, "-m", "herokulint", str(root), "-q", *args],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode in (0, 1), (done.returncode, done.stderr[-500:])
        assert expected in done.stdout + done.stderr
        assert "Traceback" not in done.stdout + done.stderr


ORDINARY = {
    "20,000-line settings": big_settings(20_000),
    "dict of 5,000 computed entries": "X = {\n"
    + "".join(f'    "key-{i}": {i} * 60 + BASE.offset(i)[0],\n' for i in range(5_000))
    + "}\n",
    "400-part concatenation": "X = (\n" + '    "part" +\n' * 400 + '    "end"\n)\n',
    "400 adjacent strings": "X = (\n" + '    "part "\n' * 400 + ")\n",
    "list of 5,000 lambdas": "X = [\n" + "    lambda a, b=1: a.b(b) + 1,\n" * 5_000 + "]\n",
    "comparison of 2,000": "X = " + "a < " * 2_000 + "a\n",
    "900-branch elif": "if a:\n    X = 0\n" + "elif a:\n    X = 1\n" * 900,
    "5,000 separate elifs": "if a:\n    X = 0\nelif b:\n    X = 1\n" * 5_000,
}


@pytest.mark.parametrize("name", sorted(ORDINARY))
def test_ordinary_long_code_is_not_a_long_chain(name: str) -> None:
    assert too_long_chain(ORDINARY[name]) is None


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("X = 1\n" + "Y = " + "a." * 1_001 + "b\n", 2),
        ('"""A docstring\n\nof three lines."""\nY = ' + "f()" * 1_001 + "\n", 4),
        ("X = " + "lambda a, b=(1, 2), *c: " * 1_001 + "1\n", 1),
        ("X = [\n    1,\n    " + "not " * 1_001 + "a,\n]\n", 3),
        ("if a:\n    pass\n" + "elif a:\n    pass\n" * 1_001, 2003),
    ],
)
def test_long_chains_are_found_where_they_are(text: str, line: int) -> None:
    assert too_long_chain(text) == line


def test_named_pipes_do_not_block(tmp_path: Path) -> None:
    """A FIFO where a file belongs would block a reader forever: it is reported instead."""
    root = tmp_path / "app"
    with_files()(root)
    for relpath in ("Procfile", "requirements.txt", ".python-version", SETTINGS):
        (root / relpath).unlink()
        os.mkfifo(root / relpath)
    for args in ([str(root), "-q"], [str(root), "--fix", "--unsafe-fixes"], ["inspect", str(root)]):
        done = subprocess.run(
            [sys.executable, "-m", "herokulint", *args], capture_output=True, text=True, timeout=60
        )
        assert done.returncode in (0, 1), done.stderr[-2000:]
        assert "Traceback" not in done.stdout + done.stderr
