"""HK207 django-not-declared."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Rule
from . import example
from ._buildpack import add_advice, add_location, buildpack_skipped, manifest_name, with_lock
from ._lockfiles import UV_LOCK, UV_PYPROJECT


class DjangoNotDeclared(Rule):
    """
    ## What it does
    Checks that Django itself is among the dependencies Heroku installs, for every package
    manager: directly, or as a dependency of something declared (`wagtail`, `django-heroku`,
    `dj-database-url`, or anything a lock file pins for the main group).

    ## Why it matters
    A Django app whose manifest forgets Django builds without running collectstatic (the
    buildpack skips it when Django is not importable) and then crashes on boot with
    `ModuleNotFoundError: No module named 'django'`. (Django declared only in a dev group is
    reported by `runtime-dependency-in-dev-group`.)

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
            {"requirements.txt": "gunicorn==23.0.0\nwhitenoise==6.11.0\n"},
            expect=(("requirements.txt", 1),),
        ),
        with_lock(
            {"pyproject.toml": UV_PYPROJECT, "uv.lock": UV_LOCK},
            expect=(("pyproject.toml", 5),),
            note="a uv project whose dependencies are only gunicorn",
        ),
    ]
    valid = [
        example(),
        example({"requirements.txt": "django>=5.2,<6\ngunicorn\n"}),
        example(
            {"requirements.txt": "wagtail==7.1\ngunicorn==23.0.0\n"},
            note="wagtail brings Django with it",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        deps = project.dependencies
        if project.manage_py is None or not deps.complete or buildpack_skipped(project):
            return
        if deps.declares("django") or deps.only_in_other_groups("django"):
            return
        manifest = manifest_name(project)
        yield self.finding(
            msg(
                "{manifest} does not declare Django: Heroku installs only what it lists and the app "
                "fails with \"No module named 'django'\"; {add_advice}.",
                manifest=manifest,
                add_advice=add_advice(project, "Django"),
            ),
            add_location(project),
        )
