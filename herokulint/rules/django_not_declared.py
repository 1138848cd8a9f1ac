"""HK207 django-not-declared."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example


class DjangoNotDeclared(Rule):
    """
    ## What it does
    Checks that Django itself is among the dependencies Heroku installs.

    ## Why it matters
    A Django app whose manifest forgets Django builds without running collectstatic (the
    buildpack skips it when Django is not importable) and then crashes on boot with
    `ModuleNotFoundError: No module named 'django'`.

    ## Fix safety
    No automatic fix: add `Django` with the version you develop against.

    ## References
    - heroku-buildpack-python `bin/steps/collectstatic` (skips when Django is not installed)
    """

    code = "HK207"
    name = "django-not-declared"
    severity = "error"
    summary = "Django is not a declared dependency"

    invalid = [
        example(
            {"requirements.txt": "gunicorn==23.0.0\ndj-database-url==3.0.1\n"},
            expect=(("requirements.txt", 1),),
        )
    ]
    valid = [example(), example({"requirements.txt": "django>=5.2,<6\ngunicorn\n"})]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        deps = project.dependencies
        if project.manage_py is None or not deps.complete or deps.declares("django"):
            return
        manifest = deps.manifest or "requirements.txt"
        yield self.finding(
            f"{manifest} does not declare Django: Heroku installs only what it lists and the app "
            f"fails with \"No module named 'django'\"; add `Django` to {manifest}.",
            Location(manifest),
        )
