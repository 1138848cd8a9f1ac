"""HK401 debug-hardcoded."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..project import ProjectModel
from ..project.values import Const
from ..rule import Rule
from . import READY_SETTINGS, at_setting, example, hardcoded_severity


class DebugHardcoded(Rule):
    """
    ## What it does
    Checks that the production settings do not set `DEBUG = True` as a literal.

    ## Why it matters
    With `DEBUG` on, every error page shows your settings, environment and source code to
    anyone, and Django keeps every SQL query in memory. Django's own deploy check says:
    "You should not have DEBUG set to True in deployment." (security.W018).

    The production settings are the ones the web process runs, followed through star
    imports, django-split-settings `include()`, django-configurations classes and branches
    that hold on a dyno; a `DEBUG = True` that only a development module or an `if DEBUG:`
    branch sets is not reported. With dynaconf, which lets the environment override any
    setting, the finding is info.

    ## Fix safety
    No automatic fix yet; read `DEBUG` from the environment with a real boolean conversion and
    a default of off.

    ## References
    - Django: `manage.py check --deploy`, security.W018
    - Heroku's getting-started app: `DEBUG = os.environ.get("ENVIRONMENT") == "development"`
    """

    code = "HK401"
    name = "debug-hardcoded"
    severity = "error"
    summary = "the production settings set `DEBUG = True` as a literal"

    invalid = [
        example(
            settings=READY_SETTINGS.replace(
                'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"', "DEBUG = True"
            ),
            expect=(("mysite/settings.py", 8),),
        )
    ]
    valid = [
        example(settings=READY_SETTINGS),
        example(
            settings=READY_SETTINGS.replace(
                'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"', "DEBUG = False"
            )
        ),
        example(
            settings=READY_SETTINGS.replace(
                'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"',
                'DEBUG = True\nif "DYNO" in os.environ:\n    DEBUG = False',
            ),
            note="a later production-only assignment wins",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        settings = project.settings
        setting = settings.get("DEBUG") if settings else None
        if setting is None or setting.value != Const(True):
            return
        yield self.finding(
            f"DEBUG is hard-coded to True in {setting.relpath}: production would show debug "
            "pages to everyone; read it from the environment, e.g. `DEBUG = os.environ.get("
            '"DJANGO_DEBUG", "") == "1"`.',
            at_setting(setting),
            severity=hardcoded_severity(project, self.severity),
        )
