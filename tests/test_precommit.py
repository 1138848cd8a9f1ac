"""The pre-commit hooks, run for real: `pre-commit try-repo` installs them from a committed
copy of this checkout (into a fresh hook environment, from PyPI) and runs them on a project."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, GIT, copy_fixture

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / ".pre-commit-hooks.yaml"

pytest.importorskip(
    "pre_commit", reason="pre-commit is not installed: pip install -e '.[test]' provides it"
)


def test_the_hook_manifest_is_what_pre_commit_expects() -> None:
    from pre_commit.clientlib import load_manifest

    hooks = {hook["id"]: hook for hook in load_manifest(str(HOOKS))}
    assert set(hooks) == {"herokulint", "herokulint-fix"}
    assert hooks["herokulint"]["entry"] == "herokulint check"
    assert hooks["herokulint-fix"]["entry"] == "herokulint check --fix"
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["pass_filenames"] is False
        assert hook["require_serial"] is True
        assert hook["files"] == hooks["herokulint"]["files"]


@pytest.mark.parametrize(
    ("path", "runs"),
    [
        ("Procfile", True),
        ("app.json", True),
        ("manage.py", True),
        ("backend/manage.py", True),
        (".python-version", True),
        ("runtime.txt", True),
        ("pyproject.toml", True),
        ("herokulint.toml", True),
        ("uv.lock", True),
        ("poetry.lock", True),
        ("Pipfile", True),
        ("Pipfile.lock", True),
        ("requirements.txt", True),
        ("requirements-dev.in", True),
        ("requirements/production.txt", True),
        ("requirments.txt", True),
        ("mysite/settings.py", True),
        ("config/settings/production.py", True),
        ("mysite/wsgi.py", True),
        ("mysite/asgi.py", True),
        ("gunicorn.conf.py", True),
        ("polls/models.py", True),
        ("polls/migrations/__init__.py", True),
        (".gitignore", True),
        ("README.md", False),
        ("polls/views.py", False),
        ("mysite/urls.py", False),
        ("static/app.js", False),
        ("Procfile.bak", False),
    ],
)
def test_the_hooks_run_when_a_file_herokulint_reads_changes(path: str, runs: bool) -> None:
    from pre_commit.clientlib import load_manifest

    pattern = load_manifest(str(HOOKS))[0]["files"]
    assert bool(re.search(pattern, path)) is runs


def snapshot_of_this_checkout(target: Path) -> Path:
    """This working tree's package, committed to a new repository: try-repo installs HEAD."""
    repo = target / "herokulint-repo"
    repo.mkdir()
    shutil.copytree(
        ROOT / "herokulint", repo / "herokulint", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, repo / name)
    commit(repo)
    return repo


def commit(repo: Path) -> None:
    if not (repo / ".git").exists():
        subprocess.run([*GIT, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", "snapshot"], cwd=repo, check=True)


def try_repo(repo: Path, project: Path, home: Path) -> subprocess.CompletedProcess[str]:
    # A test run from inside a git hook inherits GIT_DIR and friends: they would point
    # pre-commit at the wrong repository.
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env["PRE_COMMIT_HOME"] = str(home)
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(repo), "--all-files"]
    return subprocess.run(
        [*command, "--color", "never"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_hooks_fail_on_a_broken_project_and_pass_once_it_is_fixed(tmp_path: Path) -> None:
    repo = snapshot_of_this_checkout(tmp_path)
    project = copy_fixture("startproject", tmp_path)

    done = try_repo(repo, project, tmp_path / "pre-commit-home")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert re.search(r"herokulint\.+Failed", output), output
    assert re.search(r"herokulint \(fix\)\.+Failed", output), output
    assert "error[HK401] debug-hardcoded" in output and "--> mysite/settings.py:26:1" in output
    # The fix hook applies the safe fixes (STATIC_ROOT, ...) and says it changed files; the
    # unsafe ones (the Procfile, DEBUG from the environment) are left for --unsafe-fixes.
    assert re.search(
        r"herokulint \(fix\)\.+Failed\n- hook id: herokulint-fix\n(- exit code: 1\n)?"
        r"- files were modified by this hook",
        output,
    ), output
    assert "STATIC_ROOT = BASE_DIR / " in (project / "mysite/settings.py").read_text()
    assert not (project / "Procfile").exists()

    # The fix: the project becomes what tests/fixtures/hardened is (heroku-ready plus the
    # HTTPS settings of Django's deploy checklist, which the fix hook would otherwise add).
    for child in project.iterdir():
        if child.name != ".git":
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    shutil.copytree(FIXTURES / "hardened", project, dirs_exist_ok=True)
    commit(project)

    done = try_repo(repo, project, tmp_path / "pre-commit-home")
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert re.search(r"herokulint\.+Passed", output), output
    assert re.search(r"herokulint \(fix\)\.+Passed", output), output
