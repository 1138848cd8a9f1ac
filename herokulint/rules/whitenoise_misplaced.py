"""HK504 whitenoise-misplaced."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

import libcst as cst

from .. import codemods
from ..edits import Edit
from ..findings import Finding, Fix
from ..i18n import msg
from ..project import ProjectModel
from ..project.pyeval import dotted
from ..project.settings import HEROKU_HELPERS, ResolvedSetting
from ..rule import Rule
from . import READY_SETTINGS, at_setting, example, middleware, strings

WHITENOISE = "whitenoise.middleware.WhiteNoiseMiddleware"
SECURITY = "django.middleware.security.SecurityMiddleware"
SESSION = "django.contrib.sessions.middleware.SessionMiddleware"
CORS = "corsheaders.middleware.CorsMiddleware"
# Middleware that belongs above WhiteNoise, between it and SecurityMiddleware: django-cors-headers'
# README, "CorsMiddleware should be placed as high as possible, especially before any
# middleware that can generate responses such as ... Whitenoise's WhiteNoiseMiddleware".
ABOVE_WHITENOISE = frozenset({CORS})


def wanted_index(stack: list[str]) -> int:
    """Where WhiteNoise belongs in `stack` without it: after SecurityMiddleware (first without
    it) and after the middleware that must stay above it (CorsMiddleware) right below it."""
    index = stack.index(SECURITY) + 1 if SECURITY in stack else 0
    while index < len(stack) and stack[index] in ABOVE_WHITENOISE:
        index += 1
    return index


def inserted_by_helper(setting: ResolvedSetting) -> Optional[str]:
    """`django_heroku.settings` when that call (or django-on-heroku's) set MIDDLEWARE."""
    node = setting.node
    if isinstance(node, cst.Expr) and isinstance(node.value, cst.Call):
        name = dotted(node.value.func)
        if name in HEROKU_HELPERS:
            return name
    return None


def with_middleware(*names: str) -> str:
    listed = ", ".join(f'"{name}"' for name in names)
    return READY_SETTINGS + f"MIDDLEWARE = [{listed}]\n"


# django_heroku-era settings: WhiteNoise first, one entry per line, with comments.
LINES_BEFORE = f"""\
MIDDLEWARE = (
    # Serve static files
    "{WHITENOISE}",  # must come early
    "{SECURITY}",
    "{SESSION}",
)
"""
LINES_AFTER = f"""\
MIDDLEWARE = (
    "{SECURITY}",
    # Serve static files
    "{WHITENOISE}",  # must come early
    "{SESSION}",
)
"""


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
    Safe: `--fix` moves the WhiteNoise entry of a literal `MIDDLEWARE` list or tuple directly
    after `SecurityMiddleware` (first without it), with the comments on and above its line;
    the other entries keep their order and layout; a `CorsMiddleware` right after
    `SecurityMiddleware` stays above WhiteNoise, as django-cors-headers requires (and
    `Security, Cors, WhiteNoise` is reported by nothing). This is the order WhiteNoise documents:
    its responses then get SecurityMiddleware's redirect and headers, and skip the
    middleware that does not concern static files. A `MIDDLEWARE` built in other ways
    (`+=`, `.insert()`, `django_heroku.settings()`, a condition) gets no fix.

    ## References
    - WhiteNoise: "Using WhiteNoise with Django", step 2
    - django-cors-headers README, "Setup" (CorsMiddleware above WhiteNoiseMiddleware)
    - heroku/django-heroku `core.py` (inserts it at index 0)
    """

    code = "HK504"
    name = "whitenoise-misplaced"
    severity = "warning"
    summary = "WhiteNoise middleware not directly after `SecurityMiddleware`"
    fix_applicability = "safe"

    invalid = [
        example(
            settings=with_middleware(WHITENOISE, SECURITY, SESSION),
            expect=(("mysite/settings.py", 14),),
            fixed={"mysite/settings.py": with_middleware(SECURITY, WHITENOISE, SESSION)},
        ),
        example(
            settings=with_middleware(SECURITY, SESSION, WHITENOISE),
            expect=(("mysite/settings.py", 14),),
            fixed={"mysite/settings.py": with_middleware(SECURITY, WHITENOISE, SESSION)},
        ),
        example(
            settings=READY_SETTINGS + LINES_BEFORE,
            expect=(("mysite/settings.py", 14),),
            fixed={"mysite/settings.py": READY_SETTINGS + LINES_AFTER},
        ),
        example(
            settings=with_middleware(SESSION, WHITENOISE),
            expect=(("mysite/settings.py", 14),),
            fixed={"mysite/settings.py": with_middleware(WHITENOISE, SESSION)},
        ),
        example(
            settings=with_middleware(WHITENOISE, SECURITY, CORS, SESSION),
            expect=(("mysite/settings.py", 14),),
            note="CorsMiddleware stays above WhiteNoise",
            fixed={"mysite/settings.py": with_middleware(SECURITY, CORS, WHITENOISE, SESSION)},
        ),
        example(
            {"requirements.txt": "Django==4.2.16\ngunicorn==23.0.0\ndjango-heroku==0.3.1\n"},
            settings=with_middleware(SECURITY, SESSION)
            + "\nimport django_heroku\n\ndjango_heroku.settings(locals())\n",
            expect=(("mysite/settings.py", 18),),
            note="django_heroku.settings() inserts WhiteNoise first: the message says so (no fix)",
        ),
    ]
    valid = [
        example(
            settings=with_middleware(SECURITY, CORS, WHITENOISE, SESSION),
            note="django-cors-headers wants CorsMiddleware above WhiteNoise",
        ),
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
        # Directly after SecurityMiddleware, or after CorsMiddleware there (both documented).
        if index in (wanted, wanted_index([name for name in stack if name != WHITENOISE])):
            return
        where = msg("after SecurityMiddleware") if SECURITY in stack else "first"
        problem = (
            msg(
                "before SecurityMiddleware, so static responses skip its HTTPS redirect and headers"
            )
            if SECURITY in stack and index < wanted
            else msg(
                "behind {rsplit}, which every static request then goes through",
                rsplit=stack[index - 1].rsplit(".", 1)[-1],
            )
        )
        helper = inserted_by_helper(setting)
        if helper is not None:
            # The helper inserts it first on every start: moving a line cannot help.
            yield self.finding(
                msg(
                    "`{helper}()` in {relpath} puts WhiteNoiseMiddleware first, {problem}: the package "
                    "is unmaintained and does this on every start; pass `staticfiles=False` to it and "
                    "set STATIC_ROOT, the WhiteNoise storage and WhiteNoiseMiddleware (directly {where}) "
                    "yourself.",
                    helper=helper,
                    relpath=setting.relpath,
                    problem=problem,
                    where=where,
                ),
                at_setting(setting),
            )
            return
        yield self.finding(
            msg(
                "WhiteNoiseMiddleware in {relpath} is {problem}; put it directly {where}.",
                relpath=setting.relpath,
                problem=problem,
                where=where,
            ),
            at_setting(setting),
            fix=self.fix(project, setting),
        )

    @staticmethod
    def fix(project: ProjectModel, setting: ResolvedSetting) -> Optional[Fix]:
        """Move the WhiteNoise entry, with its comments, directly after SecurityMiddleware."""
        sequence = codemods.literal_sequence(project, setting)
        stack = strings(setting.value)
        if (
            sequence is None
            or stack is None
            or stack.count(WHITENOISE) != 1
            or not codemods.layout_supported(sequence)
        ):
            return None
        order = [index for index, name in enumerate(stack) if name != WHITENOISE]
        order.insert(wanted_index([stack[index] for index in order]), stack.index(WHITENOISE))

        def build() -> tuple[Edit, ...]:
            module = codemods.parsed(project, setting.relpath)
            moved = codemods.rearrange(sequence, order)
            new = codemods.rewrite(module, setting.node, sequence, moved)
            return (codemods.edit(project, setting.relpath, new),)

        where = msg("after SecurityMiddleware") if SECURITY in stack else "first"
        return Fix("safe", msg("Move WhiteNoiseMiddleware {where}", where=where), build)
