"""HK211 requirements-unpinned."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..project.requirements import Requirement
from ..rule import Location, Rule
from . import example
from ._buildpack import buildpack_skipped


def exact(specifier: str) -> bool:
    """`==1.2.3` or `===1.2.3` alone: one release, not a range or a wildcard."""
    return specifier.startswith("==") and "," not in specifier and "*" not in specifier


class RequirementsUnpinned(Rule):
    """
    ## What it does
    Checks that each requirement pip installs from `requirements.txt` (and its includes) is
    pinned to one version with `==`, directly or through a `-c` constraints file. URLs, VCS
    links and local paths are left alone. Only for pip: uv, Poetry and Pipenv pin everything
    in their lock files.

    ## Why it matters
    Heroku's Dev Center: "All package versions should be explicitly specified." An unpinned
    requirement installs whatever is newest on the day of the build, so two deploys of the
    same commit can run different code, and a release made after your tests can break the
    app.

    ## Fix safety
    No automatic fix: pin what you tested (`pip freeze`, or `uv pip compile` / pip-tools from a
    `requirements.in`).

    ## References
    - Heroku Dev Center: "Python Dependencies via pip"
    """

    code = "HK211"
    name = "requirements-unpinned"
    severity = "info"
    summary = "a pip requirement without an `==` pin"

    invalid = [
        example(
            {
                "requirements.txt": "Django>=5.2\ngunicorn==23.0.0\ndj-database-url==3.0.1\npsycopg[binary]\n"
            },
            expect=(("requirements.txt", 1), ("requirements.txt", 4)),
        )
    ]
    valid = [
        example(),
        example(
            {
                "requirements.txt": "-c constraints.txt\nDjango\ngunicorn==23.0.0\n",
                "constraints.txt": "Django==5.2.8\n",
            }
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        requirements = project.dependencies.requirements
        if requirements is None or buildpack_skipped(project):
            return
        pinned = {c.name for c in requirements.constraints if exact(c.specifier)}
        for requirement in requirements.requirements:
            if self._unpinned(requirement) and requirement.name not in pinned:
                yield self.finding(
                    msg(
                        "`{raw}` is not pinned with ==: each build installs the newest matching release, "
                        "which may not be what you tested; pin it, e.g. `{named}==<version you run>` (see "
                        "`pip freeze`).",
                        raw=requirement.raw,
                        named=self._named(requirement),
                    ),
                    Location(requirement.relpath, requirement.line),
                )

    @staticmethod
    def _named(requirement: Requirement) -> str:
        extras = f"[{','.join(requirement.extras)}]" if requirement.extras else ""
        return f"{requirement.name}{extras}"

    @staticmethod
    def _unpinned(requirement: Requirement) -> bool:
        if not requirement.name or requirement.url or requirement.editable:
            return False
        return not exact(requirement.specifier)
