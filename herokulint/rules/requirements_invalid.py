"""HK209 requirements-invalid."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example
from ._buildpack import buildpack_skipped


class RequirementsInvalid(Rule):
    """
    ## What it does
    Checks that the files listing the dependencies can be installed as written:
    - `requirements.txt` and every file it includes: each line parses as pip parses it (a
      PEP 508 requirement, a URL or VCS link, a local path, an option); every `-r`/`-c`
      include exists, has no cycle, and stays inside the repository; local paths
      (`-e ../lib`, `file:///home/…`) exist in what Heroku receives;
    - `pyproject.toml` (uv, Poetry, or pip installing the project) and the `Pipfile`: valid
      TOML, saved as UTF-8 without a byte-order mark, with valid requirement strings.

    ## Why it matters
    pip stops at the first bad line ("ERROR: Invalid requirement: …", then "Error: Unable to
    install dependencies using pip."); uv, Poetry and Pipenv refuse a manifest they cannot
    parse. Heroku receives only the repository, so a path outside it does not exist there.

    ## Fix safety
    No automatic fix: the message says what pip (or the tool) would complain about.

    ## References
    - pip `req/req_file.py`, `req/constructors.py`; buildpack fixture `pip_invalid_requirement`
    """

    code = "HK209"
    name = "requirements-invalid"
    severity = "error"
    summary = "a requirements file, pyproject.toml or Pipfile that cannot be installed"

    invalid = [
        example(
            {"requirements.txt": "Django==5.2.8\ngunicorn=23.0.0\n"},
            expect=(("requirements.txt", 2),),
        ),
        example(
            {"requirements.txt": "-r requirements/prod.txt\n"},
            expect=(("requirements.txt", 1),),
            note="requirements/prod.txt does not exist",
        ),
        example(
            {"requirements.txt": "Django==5.2.8\n-e ../shared-lib\n"},
            expect=(("requirements.txt", 2),),
        ),
    ]
    valid = [
        example(),
        example(
            {
                "requirements.txt": "-r requirements/base.txt\n",
                "requirements/base.txt": "Django==5.2.8  # the framework\ngunicorn==23.0.0\n",
            }
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        if buildpack_skipped(project):
            return
        deps = project.dependencies
        if deps.requirements is not None:
            for problem in deps.requirements.problems:
                yield self.finding(problem.message, Location(problem.relpath, problem.line))
        for manifest_problem in deps.problems:
            if manifest_problem.kind == "manifest":
                where = Location(manifest_problem.relpath, manifest_problem.line)
                yield self.finding(manifest_problem.message, where)
