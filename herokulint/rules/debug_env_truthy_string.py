"""HK402 debug-env-truthy-string."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..project import ProjectModel
from ..project.values import Const, Env
from ..rule import Rule
from . import READY_SETTINGS, at_setting, example

DEBUG_LINE = 'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"'


def with_debug(expression: str, imports: str = "") -> str:
    return imports + READY_SETTINGS.replace(DEBUG_LINE, f"DEBUG = {expression}")


class DebugEnvTruthyString(Rule):
    """
    ## What it does
    Checks that `DEBUG`, when read from the environment, is converted to a real boolean and
    does not default to `True`.

    ## Why it matters
    Config vars are strings, and every non-empty string is true: with
    `DEBUG = os.environ.get("DEBUG")`, setting `DEBUG=False` on Heroku turns debug **on**.
    The same holds for `bool(os.getenv("DEBUG"))` (`bool("False")` is `True`), django-environ's
    `env("DEBUG")` without a cast, and decouple's `config("DEBUG")` without `cast=bool`.
    A converted value whose default is `True` works, but a forgotten config var leaves
    production in debug mode (reported as a warning). A conversion of a variable read
    without a default (`int(os.environ.get("DEBUG"))`) crashes the settings whenever the
    variable is unset. The same checks apply to django-configurations
    (`values.BooleanValue(True)`, `values.Value(...)` which stays a string), pydantic-settings
    fields (`debug: str`) and helpers the settings define (`def env_bool(name): return
    os.environ.get(name, "") == "1"` converts).

    ## Fix safety
    No automatic fix yet. Compare the string (`== "1"`, `.lower() in ("1", "true")`), or use
    `env.bool("DEBUG", default=False)` / `config("DEBUG", default=False, cast=bool)`.

    ## References
    - python-decouple `config(cast=bool)`; django-environ `Env.bool`
    - Django: security.W018
    """

    code = "HK402"
    name = "debug-env-truthy-string"
    severity = "error"
    summary = "`DEBUG` read from the environment as a raw string, or defaulting to `True`"

    invalid = [
        example(
            settings=with_debug('os.environ.get("DEBUG", True)'),
            expect=(("mysite/settings.py", 8),),
        ),
        example(
            settings=with_debug('bool(os.getenv("DEBUG", 0))'), expect=(("mysite/settings.py", 8),)
        ),
        example(
            settings=with_debug('config("DEBUG")', "from decouple import config\n"),
            expect=(("mysite/settings.py", 9),),
        ),
        example(
            settings=with_debug('env("DEBUG")', "import environ\n\nenv = environ.Env()\n"),
            expect=(("mysite/settings.py", 11),),
        ),
        example(
            settings=with_debug('int(os.environ.get("DEBUG"))'),
            expect=(("mysite/settings.py", 8),),
            note="int(None) raises TypeError when DEBUG is unset",
        ),
    ]
    valid = [
        example(settings=READY_SETTINGS),
        example(settings=with_debug('os.environ.get("DEBUG", "False").lower() in ("1", "true")')),
        example(settings=with_debug('bool(int(os.environ.get("DEBUG", 0)))')),
        example(
            settings=with_debug(
                'config("DEBUG", default=False, cast=bool)', "from decouple import config\n"
            )
        ),
        example(
            settings=with_debug(
                'env("DEBUG")', "import environ\n\nenv = environ.Env(DEBUG=(bool, False))\n"
            )
        ),
        example(settings=with_debug('"DYNO" not in os.environ')),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        settings = project.settings
        setting = settings.get("DEBUG") if settings else None
        if setting is None or not isinstance(setting.value, Env):
            return
        value = setting.value
        where = f"DEBUG in {setting.relpath}"
        if value.type == "str":
            yield self.finding(
                f"{where} is the raw string of {value.var or 'an environment variable'}: any "
                'non-empty value, even "False", turns debug on; compare it, e.g. '
                f'`os.environ.get("{value.var or "DEBUG"}", "") == "1"`.',
                at_setting(setting),
            )
        elif value.type == "bool-of-str":
            yield self.finding(
                f'{where} is bool() of a string, and bool("False") is True; compare the '
                f'string instead, e.g. `os.environ.get("{value.var or "DEBUG"}", "") == "1"`.',
                at_setting(setting),
            )
        elif value.crashes_when_unset:
            yield self.finding(
                f"{where} converts {value.var or 'an environment variable'} read with no "
                "default: when it is unset (as in a fresh build) the settings crash on import "
                f'(TypeError/AttributeError); give it a default, e.g. `os.environ.get("'
                f'{value.var or "DEBUG"}", "0")`.',
                at_setting(setting),
            )
        elif value.type == "bool" and value.default == Const(True):
            yield self.finding(
                f"{where} defaults to True: if the {value.var or 'DEBUG'} config var is "
                "forgotten, production runs in debug mode; make the default False.",
                at_setting(setting),
                severity="warning",
            )
