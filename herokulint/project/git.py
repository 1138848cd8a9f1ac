"""What git knows about the project's files: `herokulint.gitrepo`, outside this package, so the
cache can re-ask git without importing the project model (and LibCST)."""

from ..gitrepo import GIT_TIMEOUT, GitRepo, find_work_tree

__all__ = ["GIT_TIMEOUT", "GitRepo", "find_work_tree"]
