"""HK401 debug-hardcoded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from .. import codemods
from ..edits import Edit
from ..findings import Finding, Fix
from ..i18n import msg
from ..project import ProjectModel
from ..project.settings import ResolvedSetting
from ..project.values import Const
from ..rule import Rule
from . import (
    READY_SETTINGS,
    at_setting,
    earlier_reader,
    example,
    hardcoded_severity,
    remove_override_fix,
)

# A settings module in single quotes that does not import os.
NO_OS = """\
\"\"\"Settings for mysite.\"\"\"

from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
DEBUG = False
ALLOWED_HOSTS = ['.herokuapp.com']
INSTALLED_APPS = ['django.contrib.staticfiles']
STATIC_URL = 'static/'
STATIC_ROOT = BASE_DIR / 'staticfiles'
"""


# Settings that read DEBUG with python-decouple, as many real projects do.
DECOUPLE_SETTINGS = READY_SETTINGS.replace(
    "import dj_database_url\n", "import dj_database_url\nfrom decouple import config\n"
).replace(
    'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"',
    'DEBUG = config("DEBUG", default=False, cast=bool)',
)


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
    Unsafe: `--fix --unsafe-fixes` replaces the value with
    `os.environ.get("DJANGO_DEBUG", "") == "1"` (the comparison the settings of this catalogue
    use) and adds `import os` when the module does not import it. Debug is then off unless
    the `DJANGO_DEBUG` config var is `1`, on Heroku and on every machine that uses these
    settings: a developer who relied on the literal has to set `DJANGO_DEBUG=1` locally.
    That change of behaviour is why the fix is unsafe. When the module already reads DEBUG
    from the environment above the literal (`DEBUG = config("DEBUG", cast=bool)`, then
    `DEBUG = True`), the fix removes the override instead, keeping the project's own reader
    and variable (a comment at the end of the removed line stays). A `DEBUG = True` that is not a plain
    assignment (several targets, under a condition) is left alone.

    ## References
    - Django: `manage.py check --deploy`, security.W018
    - Heroku's getting-started app: `DEBUG = os.environ.get("ENVIRONMENT") == "development"`
    """

    code = "HK401"
    name = "debug-hardcoded"
    severity = "error"
    summary = "the production settings set `DEBUG = True` as a literal"
    fix_applicability = "unsafe"
    django_check = "security.W018"

    invalid = [
        example(
            settings=READY_SETTINGS.replace(
                'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"', "DEBUG = True"
            ),
            expect=(("mysite/settings.py", 8),),
            fixed={"mysite/settings.py": READY_SETTINGS},
        ),
        example(
            settings=NO_OS.replace("DEBUG = False", "DEBUG = True  # TODO: turn off"),
            expect=(("mysite/settings.py", 8),),
            note="without `import os`, the fix adds it with the standard-library imports",
            fixed={
                "mysite/settings.py": NO_OS.replace(
                    "from pathlib import Path\n", "import os\nfrom pathlib import Path\n"
                ).replace(
                    "DEBUG = False",
                    "DEBUG = os.environ.get('DJANGO_DEBUG', '') == '1'  # TODO: turn off",
                )
            },
        ),
        example(
            settings=DECOUPLE_SETTINGS.replace(
                'ALLOWED_HOSTS = [".herokuapp.com"]\n',
                'ALLOWED_HOSTS = [".herokuapp.com"]\nDEBUG = True  # local testing\n',
            ),
            expect=(("mysite/settings.py", 11),),
            note="the settings already read DEBUG with decouple: the fix removes the override "
            "(its comment stays) and adds no second variable",
            fixed={
                "mysite/settings.py": DECOUPLE_SETTINGS.replace(
                    'ALLOWED_HOSTS = [".herokuapp.com"]\n',
                    'ALLOWED_HOSTS = [".herokuapp.com"]\n# local testing\n',
                )
            },
        ),
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
            msg(
                "DEBUG is hard-coded to True in {relpath}: production would show debug pages to "
                "everyone; read it from the environment, e.g. `DEBUG = "
                'os.environ.get("DJANGO_DEBUG", "") == "1"`.',
                relpath=setting.relpath,
            ),
            at_setting(setting),
            severity=hardcoded_severity(project, self.severity),
            fix=self.fix(project, setting),
        )

    @staticmethod
    def fix(project: ProjectModel, setting: ResolvedSetting) -> Optional[Fix]:
        """Read DEBUG from DJANGO_DEBUG, off unless it is "1"; or, when the module already
        read DEBUG from the environment above, remove the override."""
        earlier = earlier_reader(setting)
        if earlier is not None:
            return remove_override_fix(project, setting, earlier)
        node = codemods.plain_assignment(project, setting, top_level=False)
        if node is None or node.value is None:
            return None
        old = node.value

        def build() -> tuple[Edit, ...]:
            module = codemods.parsed(project, setting.relpath)
            code = codemods.render('os.environ.get("DJANGO_DEBUG", "") == "1"', module)
            return (codemods.set_value(project, setting, old, code, imports=[("import os", "os")]),)

        return Fix(
            "unsafe",
            msg('Read DEBUG from the environment: os.environ.get("DJANGO_DEBUG", "") == "1"'),
            build,
        )
