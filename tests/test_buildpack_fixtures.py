"""herokulint's verdict against the classic buildpack's own fixtures (heroku-buildpack-python
v351 `spec/fixtures`, catalogued in the platform notes §3), rebuilt here from their
descriptions: a fixture the buildpack fails must give the matching error, one it builds must
give no error, and its warnings must be ours too.

Only the buildpack's concerns are compared (HK005, HK108, HK2xx, HK3xx): the mini-projects are
not Django apps, so the settings rules have nothing to say. Fixtures whose outcome depends on
what only a build can see (cached versions, hooks, network) are left out.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pytest
from conftest import FIXTURES, git_commit, write_files

from herokulint.engine import check, select_rules

RULES = [
    rule
    for rule in select_rules()
    if rule.code[:3] in ("HK2", "HK3") or rule.code in ("HK005", "HK108")
]
REQUIREMENTS = {"requirements.txt": "typing-extensions==4.15.0\n"}


@dataclass
class Case:
    files: dict[str, object] = field(default_factory=dict)  # str text, or bytes
    base: Optional[str] = None  # a folder under tests/fixtures to start from
    remove: tuple[str, ...] = ()
    expect: dict[str, str] = field(default_factory=dict)  # code -> severity (no infos)
    target: str = "cedar"


def version_file(text: str, **more: object) -> dict[str, object]:
    return {".python-version": text, **REQUIREMENTS, **more}


CASES: dict[str, Case] = {
    # -- Python version fixtures
    "python_3.10": Case(
        version_file("# Comments are supported\n3.10\n"), expect={"HK304": "warning"}
    ),
    "python_3.11": Case(version_file("3.11\n")),
    "python_3.12": Case(version_file("3.12\n")),
    "python_3.13": Case(version_file("3.13\n")),
    "python_3.14": Case(version_file("3.14\n")),
    "python_version_unspecified": Case(dict(REQUIREMENTS), expect={"HK301": "warning"}),
    "python_version_eol": Case(
        version_file("# Comment\n  # Indented comment\n\n   \n  3.9  \n"), expect={"HK303": "error"}
    ),
    "python_version_non_existent_major": Case(version_file("3.999\n"), expect={"HK309": "error"}),
    "python_version_non_existent_patch": Case(
        version_file("3.12.999\n"), expect={"HK308": "error"}
    ),
    "python_version_outdated": Case(version_file("3.14.0\n"), expect={"HK308": "warning"}),
    "python_version_file_invalid_version": Case(
        version_file(
            "# Comment\r\n\t# Tabbed comment\r\n# 2.7.18\r\n\u200bpython -\u00a0\t 3.12.0\x1b[0m  \r\n"
        ),
        expect={"HK305": "error"},
    ),
    "python_version_file_misspelled": Case(
        version_file("3.14\n", **{".python-version ": "3.14\n"}), expect={"HK306": "error"}
    ),
    "python_version_file_multiple_versions": Case(
        version_file("# Valid comment\n3.12\n  \n  # Indentation\n  2.7  \n"),
        expect={"HK305": "error"},
    ),
    "python_version_file_no_version": Case(version_file(""), expect={"HK305": "error"}),
    "python_version_file_unsupported_encoding": Case(
        version_file(b"\xef\xbb\xbf3.12\r\n"), expect={"HK305": "error"}
    ),
    "runtime_txt_and_python_version_file": Case(
        version_file(
            "# runtime.txt wins over this file\n3.9\n",
            **{"runtime.txt": "# Comment\n# 2.7.18\n  python-3.13  \n"},
        ),
        # The build passes with runtime.txt's 3.13 and its deprecation warning; herokulint also
        # says that .python-version is ignored.
        expect={"HK302": "warning", "HK307": "warning"},
    ),
    "runtime_txt_eol_version": Case(
        {"runtime.txt": "python-2.7.18\n", **REQUIREMENTS},
        expect={"HK302": "warning", "HK303": "error"},
    ),
    "runtime_txt_invalid_version": Case(
        {"runtime.txt": b"# Comment\n  \xe2\x80\x8bpython-3.12.0\x1b  \n\x00\x00", **REQUIREMENTS},
        expect={"HK302": "warning", "HK305": "error"},
    ),
    "pip_oldest_python": Case(
        {"runtime.txt": "python-3.10.0\n", **REQUIREMENTS},
        expect={"HK302": "warning", "HK304": "warning", "HK308": "warning"},
    ),
    # -- package-manager fixtures
    "pyproject_toml_only": Case(
        {".example-dotfile": "", "pyproject.toml": ""},
        expect={"HK201": "error", "HK301": "warning"},
    ),
    "setup_py_only": Case(
        {".python-version": "3.14\n", "setup.py": "# A comment.\n"}, expect={"HK201": "error"}
    ),
    "multiple_package_managers": Case(
        {
            "Pipfile": "",
            "Pipfile.lock": "",
            "poetry.lock": "",
            "pyproject.toml": "",
            "requirements.txt": "",
            "setup.py": "# A comment.\n",
            "uv.lock": "",
        },
        expect={"HK202": "error", "HK301": "warning"},
    ),
    "pip_basic": Case(
        {
            ".python-version": "3.14\n",
            "requirements/prod.txt": "typing-extensions==4.15.0\n",
            "requirements-test.txt": "pytest\n",
            "setup.py": "# A comment.\n",
        },
        expect={},
    ),
    "pip_invalid_requirement": Case(
        version_file("3.14\n", **{"requirements.txt": "an-invalid-requirement!\n"}),
        expect={"HK209": "error"},
    ),
    "pip_legacy_celery": Case(
        version_file("3.14\n", **{"requirements.txt": "celery==5.2.0\n"}), expect={"HK212": "error"}
    ),
    "pip_pysqlite3": Case(
        version_file("3.14\n", **{"requirements.txt": "pysqlite3==0.5.4\n"}),
        expect={"HK212": "error"},
    ),
    "pip_gdal_with_app_json": Case(
        version_file(
            "3.14\n",
            **{
                "requirements.txt": "GDAL\n",
                "app.json": '{"buildpacks": [{"url": "heroku/python"}]}\n',
            },
        ),
        expect={"HK215": "error"},
    ),
    "pipenv_basic": Case(base="pipenv-project", remove=(".python-version",)),
    "pipenv_no_lockfile": Case(
        base="pipenv-project", remove=("Pipfile.lock",), expect={"HK203": "error"}
    ),
    "pipenv_lockfile_invalid_json": Case(
        base="pipenv-project", files={"Pipfile.lock": "INVALID JSON\n"}, expect={"HK210": "error"}
    ),
    "pipenv_lockfile_out_of_sync": Case(base="pipenv-lock-stale", expect={"HK210": "error"}),
    "pipenv_python_full_version": Case(
        base="buildpack/pipenv_python_full_version",
        expect={"HK304": "warning", "HK308": "warning"},
    ),
    "pipenv_python_full_version_invalid": Case(
        base="buildpack/pipenv_python_full_version_invalid", expect={"HK305": "error"}
    ),
    "pipenv_python_version_invalid": Case(
        base="buildpack/pipenv_python_version_invalid", expect={"HK305": "error"}
    ),
    "pipenv_python_version_eol": Case(
        base="buildpack/pipenv_python_version_eol", expect={"HK303": "error"}
    ),
    "pipenv_python_version_unspecified": Case(
        base="buildpack/pipenv_python_version_unspecified", expect={"HK301": "warning"}
    ),
    "pipenv_python_version_and_python_version_file": Case(base="pipenv-project"),
    "pipenv_mismatched_python_version": Case(
        base="buildpack/pipenv_mismatched_python_version",
        files={".python-version": "3.13\n"},
        expect={"HK307": "warning"},  # the buildpack spec is skipped (pypa/pipenv#6514)
    ),
    "poetry_basic": Case(base="poetry-project"),
    "poetry_lockfile_out_of_sync": Case(base="poetry-lock-stale", expect={"HK210": "error"}),
    "poetry_oldest_python": Case(
        base="poetry-project",
        files={".python-version": "3.10.0\n"},
        # requires-python there is >=3.13, so herokulint also reports the conflict.
        expect={"HK304": "warning", "HK308": "warning", "HK307": "warning"},
    ),
    "uv_basic": Case(base="uv-project"),
    "uv_lockfile_out_of_sync": Case(base="uv-lock-stale", expect={"HK210": "error"}),
    "uv_mismatched_python_version": Case(
        base="uv-project", files={".python-version": "3.12\n"}, expect={"HK307": "error"}
    ),
    "uv_no_python_version_file": Case(
        base="uv-project", remove=(".python-version",), expect={"HK301": "error"}
    ),
    "uv_runtime_txt": Case(
        base="uv-project", files={"runtime.txt": "python-3.13\n"}, expect={"HK302": "error"}
    ),
    "uv_oldest_python": Case(
        base="buildpack/uv_oldest_python",
        files={".python-version": "3.10.0\n"},
        expect={"HK304": "warning", "HK308": "warning"},
    ),
    "venv_in_app_source": Case(
        version_file("3.14\n", **{".venv/pyvenv.cfg": "home = /usr/bin\n", ".venv/bin/python": ""}),
        expect={"HK214": "error"},
    ),
    "python_in_app_source": Case(
        version_file("3.14\n", **{".heroku/python/bin/python": ""}), expect={"HK214": "error"}
    ),
    # -- the Cloud Native Buildpack's differences (heroku/buildpacks-python tests)
    "fir_pipenv_basic": Case(base="pipenv-project", target="fir", expect={"HK201": "error"}),
    "fir_runtime_txt_and_python_version_file": Case(
        version_file("3.13\n", **{"runtime.txt": "python-3.13\n"}),
        target="fir",
        expect={"HK302": "error"},
    ),
    "fir_python_version_file_misspelled": Case(
        {"python-version": "3.13\n", **REQUIREMENTS}, target="fir", expect={"HK301": "warning"}
    ),
    "fir_uv_basic": Case(base="uv-project", target="fir"),
}


def build(tmp_path: Path, case: Case) -> Path:
    root = tmp_path / "app"
    if case.base:
        shutil.copytree(FIXTURES / case.base, root, symlinks=True)
    else:
        root.mkdir()
    for relpath in case.remove:
        (root / relpath).unlink()
    for relpath, content in case.files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            write_files(root, {relpath: str(content)})
    return root


@pytest.mark.parametrize("name", sorted(CASES))
def test_verdict_matches_the_buildpack_fixture(tmp_path, name):
    case = CASES[name]
    root = build(tmp_path, case)
    if name == "pip_basic":
        (root / "requirements.txt").symlink_to("requirements/prod.txt")
    git_commit(root)
    _, findings = check(root, RULES, target=case.target)
    found = {f.code: f.severity for f in findings if f.severity != "info"}
    assert found == case.expect


def test_gdal_without_a_provider_in_the_repository_is_an_error(tmp_path):
    """pip_gdal fails on Heroku: with no geo or apt buildpack in app.json, no Aptfile and no
    Docker build, the repository shows nothing that installs GDAL (issue 12 §5). Buildpacks set
    with the CLI leave no trace: the message says to list them in app.json."""
    root = build(tmp_path, Case(version_file("3.14\n", **{"requirements.txt": "GDAL\n"})))
    git_commit(root)
    _, findings = check(root, RULES)
    assert [(f.code, f.severity) for f in findings if f.code == "HK212"] == [("HK212", "error")]
