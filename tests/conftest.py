"""Shared test helpers: building mini-projects on disk and committing them to git."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Optional

import pytest

FIXTURES = Path(__file__).parent / "fixtures"

GIT = [
    "git",
    "-c",
    "user.name=herokulint tests",
    "-c",
    "user.email=tests@example.com",
    "-c",
    "init.defaultBranch=main",
]


def write_files(root: Path, files: dict[str, str]) -> None:
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))


def git_commit(root: Path, paths: Optional[Iterable[str]] = None) -> None:
    """`git init` in root and commit `paths` (all files when None)."""
    subprocess.run([*GIT, "init", "-q"], cwd=root, check=True)
    subprocess.run(
        [*GIT, "add", "-A", *([] if paths is None else ["--", *paths])], cwd=root, check=True
    )
    subprocess.run([*GIT, "commit", "-q", "-m", "fixture", "--allow-empty"], cwd=root, check=True)


def copy_fixture(name: str, target: Path, *, git: bool = True) -> Path:
    """A copy of tests/fixtures/NAME under target, committed to a fresh repository."""
    root = target / name
    # A cache left by running herokulint on the fixture by hand is not part of it.
    ignored = shutil.ignore_patterns(".herokulint_cache")
    shutil.copytree(FIXTURES / name, root, symlinks=True, ignore=ignored)
    if git:
        git_commit(root)
    return root


@pytest.fixture
def fixture_copy(tmp_path: Path):
    def make(name: str, *, git: bool = True) -> Path:
        return copy_fixture(name, tmp_path, git=git)

    return make


@pytest.fixture(autouse=True)
def cache_outside_the_projects(tmp_path_factory, monkeypatch):
    """herokulint's cache goes to a folder of the test session, never into a fixture or a
    project copy (tests/test_cache.py removes this to test the default folder)."""
    monkeypatch.setenv("HEROKULINT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


def deploy_checklist_codes() -> frozenset[str]:
    """The rules that only restate Django's `check --deploy` (HK408 on): tests about layouts,
    package managers and fixes judge the rest; tests/test_django_checklist.py judges these."""
    from herokulint.catalogue import load_rules

    return frozenset(
        code
        for code, rule in load_rules().items()
        if rule.django_checks() and code not in ("HK401", "HK403", "HK404")
    )


@pytest.fixture(autouse=True)
def english_locale(monkeypatch):
    """The tests expect English unless they ask for another language: a developer's Spanish
    locale would otherwise choose the output's language (herokulint.i18n.detect)."""
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
