"""HK201 package-manager-missing."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Fix
from ..fix import Edit
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example
from ._buildpack import buildpack_skipped
from ._fixes import rename

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
CEDAR_FILES = "requirements.txt, Pipfile.lock, poetry.lock or uv.lock"
FIR_FILES = "requirements.txt, poetry.lock or uv.lock"


class PackageManagerMissing(Rule):
    """
    ## What it does
    Checks that the app root holds one of the files that tell Heroku how to install
    dependencies: `requirements.txt` (pip), `Pipfile.lock` (Pipenv, classic buildpack only),
    `poetry.lock` (Poetry) or `uv.lock` (uv), spelled exactly so.

    ## Why it matters
    Without one the build stops: "Error: Couldn't find any supported Python package manager
    files." A misspelled `Requirements.txt`, a `pyproject.toml` without its lock file, or a
    lone `setup.py` ("Error: Implicit setup.py file support has been sunset.") all end the same
    way. Heroku's Cloud Native Buildpack (`--target fir`) has no Pipenv support at all, so
    there a `Pipfile.lock` counts for nothing; nor does a `pdm.lock` anywhere.

    ## Fix safety
    Safe, for a misspelled requirements file only: `--fix` renames `Requirements.txt`,
    `requirement.txt`, `requirments.txt` (…) to `requirements.txt`, its content unchanged, so
    pip installs what you listed. Commit the rename (`git add -A`). Nothing else is fixed
    automatically: generate the lock file (`uv lock`, `poetry lock`) or write a
    requirements.txt (containing `--editable .` for a setup.py-only project).

    ## References
    - heroku-buildpack-python `lib/package_manager.sh`, `bin/detect`; fixtures
      `pyproject_toml_only`, `setup_py_only`
    - heroku/buildpacks-python `src/package_manager.rs` (no Pipenv)
    """

    code = "HK201"
    name = "package-manager-missing"
    severity = "error"
    summary = "no `requirements.txt`, `Pipfile.lock`, `poetry.lock` or `uv.lock` at the root"
    fix_applicability = "safe"

    invalid = [
        example(drop=("requirements.txt",), expect=(("manage.py", 1),)),
        example(
            {"Requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\n"},
            drop=("requirements.txt",),
            expect=(("Requirements.txt", 1),),
            fixed={
                "Requirements.txt": None,
                "requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\n",
            },
        ),
        example(
            {"pyproject.toml": '[project]\nname = "mysite"\nversion = "0.1.0"\n'},
            drop=("requirements.txt",),
            expect=(("manage.py", 1),),
            note="pyproject.toml without uv.lock or poetry.lock",
        ),
        example(
            {"setup.py": "from setuptools import setup\n\nsetup(name='mysite')\n"},
            drop=("requirements.txt",),
            expect=(("manage.py", 1),),
        ),
    ]
    valid = [
        example(),
        example(
            {
                "requirements.txt": "-e .\n",
                "setup.py": "from setuptools import setup\n\nsetup(name='mysite', install_requires=['Django'])\n",
            }
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        deps = project.dependencies
        if deps.present or buildpack_skipped(project):
            return
        fir = project.target == "fir"
        files = FIR_FILES if fir else CEDAR_FILES
        if not fir and project.exists("Pipfile") and not project.exists("Pipfile.lock"):
            return  # HK203 (Pipfile without Pipfile.lock) says what to do
        for name in MISSPELLED_REQUIREMENTS:
            if project.exists(name):
                yield self.finding(
                    f"{name} is not a name Heroku reads, so the build finds no dependencies; "
                    "rename it to requirements.txt.",
                    Location(name),
                    fix=self.fix(project, name),
                )
                return
        for name in ("Pipfile.lock", "Pipfile"):
            if fir and project.exists(name):
                yield self.finding(
                    "Heroku's Cloud Native Buildpack (fir) does not support Pipenv: with only "
                    f"{name}, the build fails with \"Couldn't find any supported Python package "
                    'manager files"; switch to uv or Poetry, or export a requirements.txt '
                    "(`pipenv requirements > requirements.txt`).",
                    Location(name),
                )
                return
        if project.exists("pdm.lock"):
            yield self.finding(
                "Heroku does not support PDM: pdm.lock is not read and the build finds no "
                "dependencies; export them (`pdm export -o requirements.txt`) or switch to uv.",
                Location("pdm.lock"),
            )
            return
        if project.exists("pyproject.toml"):
            advice = "pyproject.toml alone is not enough: commit its lock file (`uv lock` or `poetry lock`)"
        elif project.exists("setup.py"):
            advice = 'a setup.py alone is no longer installed ("Implicit setup.py file support has been sunset"): add a requirements.txt containing `--editable .`'
        else:
            advice = "add a requirements.txt listing Django, gunicorn and your other dependencies"
        yield self.finding(
            f"No {files} at the app root: the build fails with \"Couldn't find any supported "
            f'Python package manager files"; {advice}.',
            Location(project.anchor()),
        )

    @staticmethod
    def fix(project: ProjectModel, name: str) -> Fix:
        def build() -> tuple[Edit, ...]:
            return rename(project, name, "requirements.txt")

        return Fix("safe", f"Rename {name} to requirements.txt", build)
