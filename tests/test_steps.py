"""`herokulint steps`: the guide's deployment steps worked out for a repository, as text,
markdown and JSON, from the same findings and model facts as `check` and `env`."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import GIT

from herokulint.cli import main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

HEROKU_URL = "https://git.heroku.com/myapp.git"


def git(root: Path, *args: str) -> None:
    subprocess.run([*GIT, *args], cwd=root, check=True, capture_output=True)


def plan(capsys, root: Path, *extra: str) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["steps", str(root), "--output-format", "json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def statuses(data: dict[str, Any]) -> dict[str, str]:
    return {step["id"]: step["status"] for step in data["steps"]}


def step(data: dict[str, Any], step_id: str) -> dict[str, Any]:
    return next(item for item in data["steps"] if item["id"] == step_id)


def check_codes(capsys, root: Path) -> set[str]:
    capsys.readouterr()
    main([str(root), "--output-format", "json", "--no-cache"])
    return {finding["code"] for finding in json.loads(capsys.readouterr().out)["findings"]}


# -- three fixtures, three plans ---------------------------------------------------------------
def test_guide_as_written_plan(fixture_copy, capsys):
    data = plan(capsys, fixture_copy("guide-as-written"))
    assert statuses(data) == {
        "web-server": "done",
        "dependencies": "done",
        "procfile": "done",
        "python-version": "todo",  # runtime.txt asks for Python 3.8
        "database": "done",
        "static-files": "done",
        "settings": "todo",  # DEBUG = True, a literal SECRET_KEY
        "migrations": "todo",  # no release phase
        "git": "done",
        "heroku-remote": "todo",
        "config-vars": "todo",
        "push": "todo",
        "scale": "todo",
        "verify": "todo",
    }
    python = step(data, "python-version")
    assert python["commands"] == ['echo "3.12" > .python-version', "git rm runtime.txt"]
    assert "herokulint --fix --unsafe-fixes" in python["detail"]
    assert step(data, "settings")["commands"] == ["herokulint --fix --unsafe-fixes"]
    assert step(data, "migrations")["commands"] == ["herokulint --fix"]  # HK110's safe fix


def test_heroku_ready_plan(fixture_copy, capsys):
    data = plan(capsys, fixture_copy("heroku-ready"))
    states = statuses(data)
    for step_id in (
        "web-server",
        "dependencies",
        "procfile",
        "python-version",
        "database",
        "static-files",
        "settings",
        "migrations",
        "git",
    ):
        assert states[step_id] == "done", step_id
    assert states["heroku-remote"] == "todo"
    assert "Python 3." in step(data, "python-version")["detail"]
    assert "(checked: HK301," in step(data, "python-version")["detail"]


def test_startproject_plan(fixture_copy, capsys):
    data = plan(capsys, fixture_copy("startproject"))
    states = statuses(data)
    assert "scale" not in states  # no web process: nothing to scale
    for step_id in (
        "web-server",
        "dependencies",
        "procfile",
        "python-version",
        "database",
        "static-files",
        "settings",
    ):
        assert states[step_id] == "todo", step_id
    assert step(data, "web-server")["commands"] == ["echo gunicorn >> requirements.txt"]
    assert step(data, "dependencies")["commands"] == ["pip freeze > requirements.txt"]
    assert "web: gunicorn mysite.wsgi" in step(data, "procfile")["detail"]
    assert "H14" in step(data, "verify")["detail"]
    assert "H10" not in step(data, "verify")["detail"]


def test_the_three_plans_differ(fixture_copy, capsys):
    plans = [
        statuses(plan(capsys, fixture_copy(name)))
        for name in ("guide-as-written", "heroku-ready", "startproject")
    ]
    assert plans[0] != plans[1] != plans[2] != plans[0]


def test_a_docker_build_has_no_procfile_step(fixture_copy, capsys):
    root = fixture_copy("heroku-ready", git=False)
    (root / "heroku.yml").write_text("build:\n  docker:\n    web: Dockerfile\n")
    (root / "Dockerfile").write_text("FROM python:3.13-slim\nCMD gunicorn mysite.wsgi\n")
    states = statuses(plan(capsys, root))
    assert states["procfile"] == states["python-version"] == "n/a"


# -- git and the Heroku remote -----------------------------------------------------------------
def test_heroku_remote_on_main(fixture_copy, capsys):
    root = fixture_copy("heroku-ready")
    git(root, "remote", "add", "heroku", HEROKU_URL)
    data = plan(capsys, root)
    remote = step(data, "heroku-remote")
    assert remote["status"] == "done" and "heroku -> myapp" in remote["detail"]
    assert step(data, "push")["commands"] == ["git push heroku main"]
    codes = check_codes(capsys, root)
    assert "HK705" not in codes and "HK706" not in codes


def test_an_ssh_remote_under_another_name(fixture_copy, capsys):
    root = fixture_copy("heroku-ready")
    git(root, "remote", "add", "production", "git@heroku.com:myapp.git")
    data = plan(capsys, root)
    assert step(data, "heroku-remote")["status"] == "done"
    assert step(data, "push")["commands"] == ["git push production main"]


def test_a_feature_branch_pushes_head_onto_main(fixture_copy, capsys):
    root = fixture_copy("heroku-ready")
    git(root, "remote", "add", "heroku", HEROKU_URL)
    git(root, "checkout", "-q", "-b", "feature")
    data = plan(capsys, root)
    push = step(data, "push")
    assert push["commands"] == ["git push heroku HEAD:main"]
    assert "HK706" in push["detail"]
    assert "HK706" in check_codes(capsys, root)


def test_a_master_branch_pushes_master(fixture_copy, capsys):
    root = fixture_copy("heroku-ready")
    git(root, "branch", "-m", "master")
    assert step(plan(capsys, root), "push")["commands"] == ["git push heroku master"]


def test_no_remote_means_heroku_create(fixture_copy, capsys):
    root = fixture_copy("heroku-ready")
    data = plan(capsys, root)
    remote = step(data, "heroku-remote")
    assert remote["status"] == "todo" and remote["commands"] == ["heroku create"]
    assert "HK705" in check_codes(capsys, root)


def test_no_repository(fixture_copy, capsys, tmp_path):
    root = fixture_copy("heroku-ready", git=False)
    data = plan(capsys, root)
    assert step(data, "git")["status"] == "todo"
    assert step(data, "git")["commands"][0] == "git init -b main"
    assert step(data, "heroku-remote")["commands"] == ["heroku create"]
    assert step(data, "push")["commands"] == ["git push heroku main"]
    assert not check_codes(capsys, root) & {"HK705", "HK706"}


def test_an_uncommitted_procfile_is_a_git_step(fixture_copy, capsys):
    root = fixture_copy("heroku-ready")
    git(root, "rm", "-q", "--cached", "Procfile")
    git_step = step(plan(capsys, root), "git")
    assert git_step["status"] == "todo"
    assert git_step["commands"][0] == "git add Procfile"


# -- package managers --------------------------------------------------------------------------
def without_gunicorn(root: Path, manifest: str) -> None:
    """The project as if gunicorn had never been added: out of the manifest and the lock."""
    path = root / manifest
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not re.match(r'\s*"?gunicorn\b', line)]
    assert kept != lines, f"{manifest} declares no gunicorn to remove"
    path.write_text("".join(kept), encoding="utf-8")
    for lock in ("uv.lock", "poetry.lock"):
        if (root / lock).exists():
            text = (root / lock).read_text(encoding="utf-8")
            blocks = text.split("\n[[package]]\n")
            blocks = [b for b in blocks if not b.startswith('name = "gunicorn"\n')]
            text = "\n[[package]]\n".join(blocks)
            text = re.sub(r'\n\s*\{ name = "gunicorn"[^\n]*', "", text)
            text = re.sub(r"\ngunicorn = [^\n]*", "", text)
            (root / lock).write_text(text, encoding="utf-8")
    if (root / "Pipfile.lock").exists():
        data = json.loads((root / "Pipfile.lock").read_text(encoding="utf-8"))
        data["default"].pop("gunicorn")
        (root / "Pipfile.lock").write_text(json.dumps(data, indent=4), encoding="utf-8")


@pytest.mark.parametrize(
    ("fixture", "manifest", "command"),
    [
        ("uv-project", "pyproject.toml", "uv add gunicorn"),
        ("poetry-project", "pyproject.toml", "poetry add gunicorn"),
        ("pipenv-project", "Pipfile", "pipenv install gunicorn"),
        ("heroku-ready", "requirements.txt", "echo gunicorn >> requirements.txt"),
    ],
)
def test_the_package_manager_adds_gunicorn(fixture_copy, capsys, fixture, manifest, command):
    root = fixture_copy(fixture, git=False)
    without_gunicorn(root, manifest)
    web = step(plan(capsys, root), "web-server")
    assert web["status"] == "todo"
    assert web["commands"] == [command]
    assert "pip freeze" not in json.dumps(web) or fixture == "heroku-ready"
    # The check's finding gives the same command (one table: Dependencies.add_command).
    main([str(root), "--output-format", "json", "--no-cache", "--select", "HK204"])
    [finding] = json.loads(capsys.readouterr().out)["findings"]
    if manifest == "requirements.txt":
        assert "add `gunicorn` to requirements.txt" in finding["message"]
    else:
        assert f"run `{command}` (it updates {manifest} and " in finding["message"]


# -- config vars -------------------------------------------------------------------------------
def test_config_vars_are_the_env_plan(fixture_copy, capsys):
    root = fixture_copy("heroku-ready")
    commands = step(plan(capsys, root), "config-vars")["commands"]
    capsys.readouterr()
    main(["env", str(root), "--output-format", "shell"])
    shell = capsys.readouterr().out
    secret = re.compile(r"=[A-Za-z0-9_-]{64}(?![A-Za-z0-9_-])")
    assert [secret.sub("=SECRET", c) for c in commands if "config:set" in c] == [
        secret.sub("=SECRET", "\n".join(shell[shell.index("heroku config:set") :].splitlines()))
        .split("\n#")[0]
        .rstrip()
    ]
    assert "heroku addons:create heroku-postgresql:essential-0" in commands


# -- formats -----------------------------------------------------------------------------------
def test_json_schema(fixture_copy, capsys):
    data = plan(capsys, fixture_copy("guide-as-written"))
    assert set(data) == {"version", "tool", "projects", "steps"}
    assert data["version"] == 1 and data["tool"]["name"] == "herokulint"
    ids = [item["id"] for item in data["steps"]]
    assert ids[0] == "web-server" and ids[-1] == "verify" and len(ids) == len(set(ids))
    for item in data["steps"]:
        assert set(item) == {"id", "title", "status", "detail", "commands"}
        assert item["status"] in ("done", "todo", "n/a")
        assert isinstance(item["detail"], str) and item["detail"]
        assert all(isinstance(command, str) for command in item["commands"])


def test_markdown(fixture_copy, capsys):
    root = fixture_copy("guide-as-written")
    capsys.readouterr()
    assert main(["steps", str(root), "--output-format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"## Deploying {root} to Heroku\n")
    assert "1. [x] **Declare the web server (gunicorn)** (done)" in out
    assert "4. [ ] **Choose the Python version (.python-version)** (todo)" in out
    assert "   ```sh\n   heroku create\n   ```" in out


@pytest.mark.parametrize("fixture", ["guide-as-written", "startproject", "heroku-ready"])
def test_text_fits_80_columns_without_color(fixture_copy, capsys, fixture):
    root = fixture_copy(fixture)
    capsys.readouterr()
    assert main(["steps", str(root)]) == 0
    out = capsys.readouterr().out
    assert "\x1b[" not in out
    assert re.search(r"^ 1\. \[(done|todo)\] Declare the web server", out, re.M)
    long = [line for line in out.splitlines() if len(line) > 80]
    assert long == []


def test_text_folds_a_generated_secret_so_the_shell_joins_it(fixture_copy, capsys):
    root = fixture_copy("heroku-ready")
    capsys.readouterr()
    main(["steps", str(root)])
    out = capsys.readouterr().out
    start = out.index("$ heroku config:set")
    block = out[start + 2 : out.index("\n\n", start)]
    joined = block.replace("\\\n", "")  # what the shell sees: continuations removed
    assert re.search(r"DJANGO_SECRET_KEY=[A-Za-z0-9_-]{64}(?![A-Za-z0-9_-])", joined)


def test_color_always_styles_the_status(fixture_copy, capsys):
    root = fixture_copy("heroku-ready")
    capsys.readouterr()
    main(["steps", str(root), "--color", "always"])
    assert "\x1b[" in capsys.readouterr().out


def test_output_file_and_exit_codes(fixture_copy, capsys, tmp_path):
    root = fixture_copy("startproject")
    target = tmp_path / "steps.md"
    args = ["--output-format", "markdown", "--output-file", str(target)]
    assert main(["steps", str(root), *args]) == 0
    assert target.read_text().startswith("## Deploying")
    assert main(["steps", str(tmp_path / "missing")]) == 2


def test_steps_never_runs_heroku(fixture_copy, capsys, monkeypatch):
    root = fixture_copy("guide-as-written")
    real = subprocess.run
    ran: list[str] = []

    def spy(args, *rest, **kwargs):  # type: ignore[no-untyped-def]
        ran.append(args[0])
        return real(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "run", spy)
    plan(capsys, root)
    assert set(ran) == {"git"}
