"""HK704 env-file-committed."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example

# `.env`, `.env.production`, `.env.local`; not the templates meant to be committed.
ENV_FILE = re.compile(r"\.env(\.[\w-]+)?")
TEMPLATES = {"example", "sample", "template", "dist", "defaults", "tpl"}
# A variable whose name says it is a secret, or a URL with a password in it.
SECRET_NAME = re.compile(
    r"(SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|CREDENTIAL|API_?KEY|ACCESS_KEY|_KEY$|_DSN$)", re.I
)
URL_WITH_PASSWORD = re.compile(r"://[^/\s:@]+:[^/\s@]+@")


def secret_lines(text: str) -> list[int]:
    """Lines of a .env file that set a secret-looking variable to a non-empty value."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or "=" not in stripped:
            continue
        name, _, value = stripped.removeprefix("export ").partition("=")
        value = value.strip().strip("'\"")
        if value and (SECRET_NAME.search(name.strip()) or URL_WITH_PASSWORD.search(value)):
            found.append(number)
    return found


class EnvFileCommitted(Rule):
    """
    ## What it does
    Checks that no `.env` file (`.env`, `.env.production`...) at the app root or beside
    `manage.py` is tracked by git. A file that sets secret-looking variables (`SECRET_KEY`,
    `*_PASSWORD`, `*_TOKEN`, a URL with a password) is a warning; one that sets only harmless
    values is info, the way Heroku's own getting-started app commits `ENVIRONMENT=development`
    for `heroku local`.

    ## Why it matters
    `.env` is read by `heroku local`, django-environ and python-decouple on a developer's
    machine; Heroku ignores it ("It has no effect on apps running on Heroku", as the
    getting-started `.env` says), and production values belong in config vars. Committed, it
    publishes whatever secrets it holds to everyone with the repository, forever (git keeps
    history).

    ## Fix safety
    No automatic fix: `git rm --cached .env`, add `.env` to `.gitignore`, commit a
    `.env.example` without values, and rotate any secret that was committed.

    ## References
    - Heroku Dev Center: "Heroku Local", "Configuration and Config Vars"
    """

    code = "HK704"
    name = "env-file-committed"
    severity = "warning"
    summary = "a `.env` file is tracked by git"

    invalid = [
        example(
            {".env": "DJANGO_SECRET_KEY=k9#2x!v8@q7w5e3r1t6y4u\nDJANGO_DEBUG=1\n"},
            expect=((".env", 1),),
        ),
        example(
            {".env": "ENVIRONMENT=development\n"},
            expect=((".env", 1),),
            note="reported as info: it holds no secret",
        ),
    ]
    valid = [
        example(
            {".env": "DJANGO_SECRET_KEY=local\n", ".gitignore": ".env\n"},
            git=(".gitignore", "manage.py", "Procfile"),
        ),
        example({".env.example": "DJANGO_SECRET_KEY=\nDJANGO_DEBUG=1\n"}),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        git = project.git
        if git is None:
            return
        candidates = [name for name in project.root_names if self.is_env_file(name)]
        if project.manage_py and "/" in project.manage_py:
            folder = project.manage_py.rsplit("/", 1)[0]
            candidates += [f"{folder}/{name}" for name in (".env", ".env.production")]
        candidates = [path for path in candidates if project.exists(path)]
        if not candidates:
            return
        for path, status in git.status(candidates).items():
            if status != "tracked":
                continue
            text = project.text(path)
            secrets = secret_lines(text.text) if text is not None else []
            if secrets:
                yield self.finding(
                    msg(
                        "{path} is committed and sets secret-looking values: everyone with the repository "
                        "can read them; `git rm --cached {path}`, ignore it, and rotate the secrets.",
                        path=path,
                    ),
                    Location(path, secrets[0]),
                )
            else:
                yield self.finding(
                    msg(
                        "{path} is committed: Heroku ignores it (use config vars), and a secret added to it "
                        "later is published; consider ignoring it and committing a .env.example instead.",
                        path=path,
                    ),
                    Location(path),
                    severity="info",
                )

    @staticmethod
    def is_env_file(name: str) -> bool:
        match = ENV_FILE.fullmatch(name)
        return match is not None and (match.group(1) or ".")[1:].lower() not in TEMPLATES
