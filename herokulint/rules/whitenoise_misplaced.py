"""HK504 whitenoise-misplaced."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..project import ProjectModel
from ..rule import Rule
from . import READY_SETTINGS, at_setting, example, middleware

WHITENOISE = "whitenoise.middleware.WhiteNoiseMiddleware"
SECURITY = "django.middleware.security.SecurityMiddleware"
SESSION = "django.contrib.sessions.middleware.SessionMiddleware"


def with_middleware(*names: str) -> str:
    listed = ", ".join(f'"{name}"' for name in names)
    return READY_SETTINGS + f"MIDDLEWARE = [{listed}]\n"


class WhitenoiseMisplaced(Rule):
    """
    ## What it does
    Checks that WhiteNoise's middleware comes directly after Django's `SecurityMiddleware`
    (or first, without it).

    ## Why it matters
    WhiteNoise's documentation: "The WhiteNoise middleware should be placed directly after
    the Django SecurityMiddleware (if you are using it) and before all other middleware".
    Before `SecurityMiddleware`, static responses skip its HTTPS redirect and security
    headers (the unmaintained `django_heroku.settings()` puts it there); after session or
    authentication middleware, every static file request pays for them.

    ## Fix safety
    No automatic fix yet: move the line right below `SecurityMiddleware`.

    ## References
    - WhiteNoise: "Using WhiteNoise with Django", step 2
    - heroku/django-heroku `core.py` (inserts it at index 0)
    """

    code = "HK504"
    name = "whitenoise-misplaced"
    severity = "warning"
    summary = "WhiteNoise middleware not directly after `SecurityMiddleware`"

    invalid = [
        example(
            settings=with_middleware(WHITENOISE, SECURITY, SESSION),
            expect=(("mysite/settings.py", 14),),
        ),
        example(
            settings=with_middleware(SECURITY, SESSION, WHITENOISE),
            expect=(("mysite/settings.py", 14),),
        ),
    ]
    valid = [
        example(settings=with_middleware(SECURITY, WHITENOISE, SESSION)),
        example(settings=with_middleware(WHITENOISE, SESSION)),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        settings = project.settings
        stack = middleware(project)
        setting = settings.get("MIDDLEWARE") if settings else None
        if stack is None or setting is None or WHITENOISE not in stack:
            return
        index = stack.index(WHITENOISE)
        wanted = stack.index(SECURITY) + 1 if SECURITY in stack else 0
        if index == wanted:
            return
        where = "after SecurityMiddleware" if SECURITY in stack else "first"
        problem = (
            "before SecurityMiddleware, so static responses skip its HTTPS redirect and headers"
            if SECURITY in stack and index < wanted
            else f"behind {stack[index - 1].rsplit('.', 1)[-1]}, which every static request "
            "then goes through"
        )
        yield self.finding(
            f"WhiteNoiseMiddleware in {setting.relpath} is {problem}; put it directly {where}.",
            at_setting(setting),
        )
