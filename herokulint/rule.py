"""The rule API: a rule is a small class that registers itself by being defined.

A rule carries its code, name, severity and docs (the class docstring, with the sections
*What it does*, *Why it matters*, *Example*, *Use instead*, *Fix safety*, *References*), its
examples as data (`valid` / `invalid` mini-projects, which are both its tests and its docs),
and `check(project)`, which yields findings by asking the ProjectModel questions.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar, Optional

from .findings import Finding, Fix
from .records import frozen

if TYPE_CHECKING:
    from .project import ProjectModel

REGISTRY: dict[str, type[Rule]] = {}


@frozen
class Example:
    """A mini-project: `files` maps relpaths to text; `expect` lists (path, line) findings.

    `git` says how the harness prepares a repository: "none" (no repository), "all" (every
    file committed), or a tuple of the paths to commit; `git_after` lists git commands the
    harness runs after that commit (`("remote", "add", "heroku", URL)`), shown in the docs.
    """

    files: dict[str, str]
    expect: tuple[tuple[str, int], ...] = ()
    git: object = "all"
    git_after: tuple[tuple[str, ...], ...] = ()
    note: str = ""
    show: tuple[str, ...] = ()  # the files the docs display (default: all)
    without: tuple[str, ...] = ()  # files the docs say are absent
    # For a fixable rule: the files after `--fix --unsafe-fixes` (None = the file is gone).
    fixed: Optional[dict[str, Optional[str]]] = None


@frozen
class Location:
    path: str
    line: int = 1
    column: int = 1
    end_line: Optional[int] = None
    end_column: Optional[int] = None


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[str]
    summary: ClassVar[str]  # one line: what is checked
    fix_applicability: ClassVar[Optional[str]] = None  # "safe" | "unsafe" | "mixed" | None
    # The Django system check its findings correspond to ("security.W004"), carried by every
    # finding unless `finding(django_check=...)` names another (or "" for none); a rule whose
    # findings may carry other ids lists them in `other_django_checks`, for its page.
    django_check: ClassVar[Optional[str]] = None
    other_django_checks: ClassVar[tuple[str, ...]] = ()
    valid: ClassVar[list[Example]] = []
    invalid: ClassVar[list[Example]] = []

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "code" in cls.__dict__:
            if cls.code in REGISTRY:
                raise RuntimeError(f"rule code {cls.code} is defined twice")
            REGISTRY[cls.code] = cls

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        raise NotImplementedError

    def finding(
        self,
        message: str,
        at: Location,
        *,
        severity: Optional[str] = None,
        fix: Optional[Fix] = None,
        django_check: Optional[str] = None,
    ) -> Finding:
        check = self.django_check if django_check is None else django_check
        return Finding(
            code=self.code,
            name=self.name,
            severity=severity or self.severity,
            message=message,
            path=at.path,
            line=max(at.line, 1),
            column=max(at.column, 1),
            end_line=at.end_line,
            end_column=at.end_column,
            fix=fix,
            django_check=check or None,
        )

    @classmethod
    def django_checks(cls) -> tuple[str, ...]:
        """Every Django check id this rule's findings may carry."""
        first = (cls.django_check,) if cls.django_check else ()
        return tuple(sorted({*first, *cls.other_django_checks}))

    @classmethod
    def docs(cls) -> str:
        from inspect import cleandoc

        return cleandoc(cls.__doc__ or "")
