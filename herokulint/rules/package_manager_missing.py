"""HK201 package-manager-missing."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example

# Names that pass Heroku's Python detection but are not requirements.txt (bin/detect lists
# them so it can fail with a helpful error later; notes heroku-platform PM001/PM002).
MISSPELLED_REQUIREMENTS = (
    "Requirements.txt",
    "requirement.txt",
    "requirements.text",
    "requirements.txt.txt",
    "requirements",
    "requirments.txt",
    "requeriments.txt",
)


class PackageManagerMissing(Rule):
    """
    ## What it does
    Checks that the app root holds one of the files that tell Heroku how to install
    dependencies: `requirements.txt` (pip), `Pipfile.lock` (Pipenv), `poetry.lock` (Poetry) or
    `uv.lock` (uv), spelled exactly so.

    ## Why it matters
    Without one the build stops: "Error: Couldn't find any supported Python package manager
    files." A misspelled `Requirements.txt`, a `pyproject.toml` without its lock file, or a
    lone `setup.py` ("Error: Implicit setup.py file support has been sunset.") all end the same
    way.

    ## Fix safety
    No automatic fix yet; rename the misspelled file, or generate the lock file (`uv lock`,
    `poetry lock`, `pip freeze > requirements.txt`).

    ## References
    - heroku-buildpack-python `lib/package_manager.sh`, `bin/detect`
    - buildpack fixtures `pyproject_toml_only`, `setup_py_only`
    """

    code = "HK201"
    name = "package-manager-missing"
    severity = "error"
    summary = "no `requirements.txt`, `Pipfile.lock`, `poetry.lock` or `uv.lock` at the root"

    invalid = [
        example(drop=("requirements.txt",), expect=(("manage.py", 1),)),
        example(
            {"Requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\n"},
            drop=("requirements.txt",),
            expect=(("Requirements.txt", 1),),
        ),
    ]
    valid = [example()]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        if project.dependencies.present:
            return
        for name in MISSPELLED_REQUIREMENTS:
            if project.exists(name):
                yield self.finding(
                    f"{name} is not a name Heroku reads, so the build finds no dependencies; "
                    "rename it to requirements.txt.",
                    Location(name),
                )
                return
        if project.exists("pyproject.toml"):
            advice = "pyproject.toml alone is not enough: commit its lock file (`uv lock` or `poetry lock`)"
        elif project.exists("setup.py"):
            advice = "a setup.py alone is no longer installed: add a requirements.txt containing `--editable .`"
        elif project.exists("Pipfile"):
            return  # HK203 (Pipfile without Pipfile.lock) says what to do
        else:
            advice = "add a requirements.txt listing Django, gunicorn and your other dependencies"
        yield self.finding(
            "No requirements.txt, Pipfile.lock, poetry.lock or uv.lock at the app root: the "
            f'build fails with "Couldn\'t find any supported Python package manager files"; {advice}.',
            Location(project.anchor()),
        )
