"""What git knows about the project's files, through the `git` command.

Heroku builds what `git push` sends: a file that is untracked or ignored is not deployed. When
there is no repository or no `git` executable, `GitRepo.find` returns None or statuses are
empty, and the git rules stay silent.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from .files import Recorder

# A recorded git question's arguments, joined (no argument holds this control character).
SEPARATOR = "\x1f"

GIT_TIMEOUT = 10  # seconds; a hung git must not hang a pre-commit hook

# A Heroku app's git URL: `https://git.heroku.com/APP.git` (what `heroku create` adds) or the
# older SSH form `git@heroku.com:APP.git` (also `ssh://git@heroku.com/APP.git`).
HEROKU_URL = re.compile(
    r"(?:https://(?:[^@/]+@)?git\.heroku\.com/|ssh://git@heroku\.com/|git@heroku\.com:)"
    r"([a-z0-9-]+?)(?:\.git)?/?"
)
# Heroku builds only these branches of its remote (Dev Center, "Deploying with Git").
DEPLOY_BRANCHES = ("main", "master")


def heroku_app(url: str) -> Optional[str]:
    """The app a git URL pushes to, or None when the URL is not Heroku's."""
    match = HEROKU_URL.fullmatch(url.strip())
    return match.group(1) if match else None


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

    def _git(self, *args: str, lines: bool = False) -> Optional[list[str]]:
        """git's output items (NUL-separated, from `-z`; with `lines`, newline-separated, for
        commands without `-z`), or None when git fails. Recorded as "git" or "git_lines"."""
        output = self._run(*args, lines=lines)
        if self.recorder is not None:
            question = "git_lines" if lines else "git"
            self.recorder.note(question, SEPARATOR.join(args), output)
        return output

    def _run(self, *args: str, lines: bool = False) -> Optional[list[str]]:
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
        output = done.stdout.decode("utf-8", "replace")
        return [item for item in (output.splitlines() if lines else output.split("\0")) if item]

    def current_branch(self) -> Optional[str]:
        """The checked-out branch ("main"), or None on a detached HEAD or when git fails."""
        found = self._git("symbolic-ref", "--short", "-q", "HEAD", lines=True)
        return found[0] if found else None

    def branches(self) -> Optional[list[str]]:
        """The local branches, or None when git cannot tell."""
        return self._git("for-each-ref", "--format=%(refname:short)", "refs/heads/", lines=True)

    def remotes(self) -> Optional[dict[str, str]]:
        """Each remote's push URL (its fetch URL when it has no other), or None when git
        cannot tell. `git remote -v` prints `NAME<TAB>URL (fetch|push)` lines."""
        found = self._git("remote", "-v", lines=True)
        if found is None:
            return None
        urls: dict[str, str] = {}
        for line in found:
            name, _, rest = line.partition("\t")
            url, _, kind = rest.rpartition(" ")
            if name and url and (kind == "(push)" or name not in urls):
                urls[name] = url
        return urls

    def heroku_remotes(self) -> Optional[dict[str, str]]:
        """The remotes that push to a Heroku app, {name: app}; None when git cannot tell."""
        remotes = self.remotes()
        if remotes is None:
            return None
        found = {name: heroku_app(url) for name, url in remotes.items()}
        return {name: app for name, app in found.items() if app is not None}

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
    return GitRepo(root, top)._run(*argument.split(SEPARATOR), lines=question == "git_lines")
