"""HK702 file-not-committed."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Location, Rule
from . import READY_FILES, example


def deploy_files(project: ProjectModel) -> list[str]:
    """The files a build or a dyno reads, as far as the model knows them."""
    files = ["Procfile", "runtime.txt", ".python-version", "requirements.txt"]
    platform = project.platform
    if platform.container_build and platform.heroku_yml:
        # A Docker build reads heroku.yml and its Dockerfile, and no Procfile.
        files = [platform.heroku_yml, platform.dockerfile or "Dockerfile", *files[1:]]
    files += project.dependencies.files  # requirements and includes, manifests, lock files
    if project.manage_py:
        files.append(project.manage_py)
    if project.settings is not None:
        files += [relpath for _, relpath in project.settings.modules]
    if project.wsgi is not None and project.wsgi.relpath:
        files.append(project.wsgi.relpath)
    return [path for path in dict.fromkeys(files) if project.exists(path)]


class FileNotCommitted(Rule):
    """
    ## What it does
    Checks that the files the deploy needs (Procfile, dependency manifests, Python version
    file, `manage.py`, the settings chain, the WSGI module) are committed to git and not
    ignored.

    ## Why it matters
    `git push heroku main` sends commits, not your working folder: an untracked or
    `.gitignore`d Procfile or settings module does not exist on Heroku, whatever your machine
    shows.

    ## Fix safety
    No automatic fix: `git add` the file (and remove it from `.gitignore`), then commit.

    ## References
    - Heroku Dev Center: "Deploying with Git"
    """

    code = "HK702"
    name = "file-not-committed"
    severity = "error"
    summary = "a file the deploy needs is untracked or ignored by git"

    invalid = [
        example(
            git=tuple(path for path in READY_FILES if path != "Procfile"),
            expect=(("Procfile", 1),),
            note="Procfile written but never committed",
        ),
        example(
            {".gitignore": "*.txt\n"},
            git=(*(path for path in READY_FILES if path != "requirements.txt"), ".gitignore"),
            expect=(("requirements.txt", 1),),
        ),
    ]
    valid = [example(), example(git="none", note="no repository: HK703 reports that instead")]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        if project.git is None:
            return
        for path, status in project.git.status(deploy_files(project)).items():
            if status == "tracked":
                continue
            how = msg("ignored by .gitignore") if status == "ignored" else msg("not committed")
            add = (
                msg("remove it from .gitignore (or `git add -f {path}`) and commit", path=path)
                if status == "ignored"
                else msg("`git add {path}` and commit", path=path)
            )
            yield self.finding(
                msg(
                    "{path} is {how}: `git push heroku` does not send it, so Heroku builds without it; "
                    "{add}.",
                    path=path,
                    how=how,
                    add=add,
                ),
                Location(path),
            )
