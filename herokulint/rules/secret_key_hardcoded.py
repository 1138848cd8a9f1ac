"""HK403 secret-key-hardcoded."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..project import ProjectModel
from ..project.values import Const, Env
from ..rule import Rule
from . import READY_SETTINGS, at_setting, example, hardcoded_severity

SECRET_LINE = 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]'


def with_secret(expression: str) -> str:
    return READY_SETTINGS.replace(SECRET_LINE, f"SECRET_KEY = {expression}")


class SecretKeyHardcoded(Rule):
    """
    ## What it does
    Checks that the production settings do not contain the `SECRET_KEY` itself: neither as a
    literal nor as the fallback of an environment read.

    ## Why it matters
    Anyone who can read the repository can forge sessions, password-reset links and signed
    cookies. A key left by `startproject` starts with `django-insecure-`, which Django's deploy
    check flags (security.W009). A literal fallback (`os.environ.get("SECRET_KEY", "dev")`) is
    what production uses the day the config var is missing.

    ## Fix safety
    No automatic fix yet: move the value to a config var (`heroku config:set
    DJANGO_SECRET_KEY=...`) and read it with `os.environ["DJANGO_SECRET_KEY"]`.

    ## References
    - Django: security.W009
    - Heroku's getting-started app reads `DJANGO_SECRET_KEY` with a random fallback
    """

    code = "HK403"
    name = "secret-key-hardcoded"
    severity = "error"
    summary = "a literal `SECRET_KEY`, or a literal fallback for it"

    invalid = [
        example(
            settings=with_secret('"django-insecure-8k#x2l@!9v^0c(7p3q+e$w5r1t6y4u8i0o2p"'),
            expect=(("mysite/settings.py", 7),),
        ),
        example(
            settings=with_secret('os.environ.get("DJANGO_SECRET_KEY", "dev-secret")'),
            expect=(("mysite/settings.py", 7),),
        ),
    ]
    valid = [
        example(settings=READY_SETTINGS),
        example(
            settings="import secrets\n"
            + with_secret('os.environ.get("DJANGO_SECRET_KEY", default=secrets.token_urlsafe(50))')
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        settings = project.settings
        setting = settings.get("SECRET_KEY") if settings else None
        if setting is None:
            return
        value = setting.value
        if isinstance(value, Const) and isinstance(value.value, str) and value.value:
            yield self.finding(
                f"SECRET_KEY is written in {setting.relpath}: anyone with the code can forge "
                'sessions; set it as a config var and read `os.environ["DJANGO_SECRET_KEY"]`.',
                at_setting(setting),
                severity=hardcoded_severity(project, self.severity),
            )
        elif (
            isinstance(value, Env)
            and isinstance(value.default, Const)
            and isinstance(value.default.value, str)
            and value.default.value
        ):
            helper = (
                f" ({value.reader}() replaces it only when that config var is set)"
                if value.reader.endswith(".settings")
                else ""
            )
            yield self.finding(
                f"SECRET_KEY in {setting.relpath} falls back to a fixed string when "
                f"{value.var or 'its variable'} is unset{helper}; drop the fallback so a missing "
                "config var fails loudly instead.",
                at_setting(setting),
                severity=hardcoded_severity(project, self.severity),
            )
