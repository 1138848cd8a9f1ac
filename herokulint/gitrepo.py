"""What git knows about the project's files, through the `git` command.

Heroku builds what `git push` sends: a file that is untracked or ignored is not deployed. When
there is no repository or no `git` executable, `GitRepo.find` returns None or statuses are
empty, and the git rules stay silent.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from .files import Recorder

# A recorded git question's arguments, joined (no argument holds this control character).
SEPARATOR = "\x1f"

GIT_TIMEOUT = 10  # seconds; a hung git must not hang a pre-commit hook


def find_work_tree(root: Path) -> Optional[Path]:
    """The nearest folder at or above `root` holding a `.git` entry (dir or worktree file)."""
    current = root.resolve()
    for folder in (current, *current.parents):
        if os.path.exists(folder / ".git"):
            return folder
    return None


class GitRepo:
    """Questions to git about one root. With a `recorder`, each git command and its output is
    noted as a "git" question (the cache's inputs, like the files read)."""

    def __init__(self, root: Path, top: Path, recorder: Optional[Recorder] = None) -> None:
        self.root = root
        self.top = top
        self._status: dict[str, str] = {}
        self.recorder = recorder

    @classmethod
    def find(cls, root: Path, recorder: Optional[Recorder] = None) -> Optional[GitRepo]:
        top = find_work_tree(root)
        if recorder is not None:
            recorder.note("git_top", "", str(top) if top is not None else None)
        return cls(root, top, recorder) if top is not None else None

    def _git(self, *args: str) -> Optional[list[str]]:
        output = self._run(*args)
        if self.recorder is not None:
            self.recorder.note("git", SEPARATOR.join(args), output)
        return output

    def _run(self, *args: str) -> Optional[list[str]]:
        try:  # no `git` on the PATH raises FileNotFoundError, an OSError
            done = subprocess.run(
                ["git", "-C", str(self.root), *args],
                capture_output=True,
                timeout=GIT_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        if done.returncode != 0:
            return None
        return [item for item in done.stdout.decode("utf-8", "replace").split("\0") if item]

    def would_ignore(self, relpath: str) -> bool:
        """True when a file at `relpath` (existing or not) would be ignored by .gitignore and
        so never pushed: a fix must not move a setting into such a file."""
        return self._git("check-ignore", "-q", "--", relpath) is not None

    def status(self, relpaths: list[str]) -> dict[str, str]:
        """Each path's status: "tracked", "ignored" or "untracked"; {} when git cannot tell."""
        wanted = [path for path in dict.fromkeys(relpaths) if path not in self._status]
        if wanted:
            tracked = self._git("ls-files", "-z", "--", *wanted)
            if tracked is None:
                return {}
            # Only untracked paths need a second git process (~4 ms) to tell ignored ones apart.
            rest = [path for path in wanted if path not in tracked]
            options = ("--others", "--ignored", "--exclude-standard")
            ignored = self._git("ls-files", "-z", *options, "--", *rest) if rest else []
            if ignored is None:
                return {}
            for path in wanted:
                if path in tracked:
                    self._status[path] = "tracked"
                elif path in ignored:
                    self._status[path] = "ignored"
                else:
                    self._status[path] = "untracked"
        return {path: self._status[path] for path in relpaths if path in self._status}


def answer(root: Path, question: str, argument: str) -> object:
    """Asks a recorded git question again (the cache checks its inputs this way)."""
    top = find_work_tree(root)
    if question == "git_top":
        return str(top) if top is not None else None
    if top is None:
        return object()  # the repository is gone: matches no recorded answer
    return GitRepo(root, top)._run(*argument.split(SEPARATOR))
