"""HK508 static-settings-env-dependent."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Rule
from . import READY_SETTINGS, at_setting, example
from ._buildpack import buildpack_skipped, collectstatic_runs
from .static_files_not_served import remote_static_storage

ROOT_LINE = 'STATIC_ROOT = BASE_DIR / "staticfiles"\n'
STATIC_SETTINGS = ("STATIC_ROOT", "STATIC_URL", "STORAGES", "STATICFILES_STORAGE")


class StaticSettingsEnvDependent(Rule):
    """
    ## What it does
    Checks that `STATIC_ROOT`, `STATIC_URL`, `STORAGES` and `STATICFILES_STORAGE` are not set
    only inside a branch on the environment (`if "DYNO" in os.environ:`, `if not DEBUG:`,
    `if os.environ.get("ENV") == "production":`) with no value outside it. A branch on a
    literal (`if not DEBUG:` after `DEBUG = False`) is taken by every run and is not reported.

    ## Why it matters
    collectstatic runs during the build, whose environment is not a dyno's: it sees the
    config vars but nothing else you set at run time, review apps get only `app.json`'s `env`
    at build time, and `DYNO` was missing from builds until buildpack v103 (issue
    heroku-buildpack-python#280, where the manifest storage differed between build and dyno).
    When the build takes the other branch, collectstatic fails ("You're using the staticfiles
    app without having set the STATIC_ROOT setting to a filesystem path.") or writes files
    the running app cannot find. Heroku's getting-started app sets them unconditionally.
    A Docker build (`heroku.yml`) is checked only when its Dockerfile runs collectstatic,
    which then sees the Dockerfile's environment and no config vars at all.

    ## Fix safety
    No automatic fix: move the assignments out of the condition (they are harmless on a
    developer's machine).

    ## References
    - heroku-buildpack-python CHANGELOG v103; issues #280, #333
    - heroku/python-getting-started `gettingstarted/settings.py`
    """

    code = "HK508"
    name = "static-settings-env-dependent"
    severity = "warning"
    summary = "static settings set only inside an environment condition"

    invalid = [
        example(
            settings=READY_SETTINGS.replace(
                ROOT_LINE, 'if "DYNO" in os.environ:\n    ' + ROOT_LINE
            ),
            expect=(("mysite/settings.py", 14),),
        ),
        example(
            settings=READY_SETTINGS.replace(ROOT_LINE, "if not DEBUG:\n    " + ROOT_LINE),
            expect=(("mysite/settings.py", 14),),
            note="DEBUG comes from the environment: the build may see it on",
        ),
    ]
    valid = [
        example(settings=READY_SETTINGS),
        example(
            settings=READY_SETTINGS.replace(
                ROOT_LINE,
                'if "DYNO" in os.environ:\n    '
                + ROOT_LINE
                + 'else:\n    STATIC_ROOT = BASE_DIR / "static-local"\n',
            ),
            note="every branch sets it",
        ),
        example(
            settings=READY_SETTINGS.replace(
                'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"', "DEBUG = False"
            ).replace(ROOT_LINE, "if not DEBUG:\n    " + ROOT_LINE),
            note="DEBUG is the literal False: every run takes the branch",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        settings = project.settings
        if settings is None or not collectstatic_runs(project):
            return  # collected at start-up or in the release phase: with a dyno's environment
        where = (
            msg("the collectstatic in {relpath}", relpath=project.dockerfile.relpath)
            if buildpack_skipped(project) and project.dockerfile
            else msg("the build's collectstatic")
        )
        remote = remote_static_storage(project)
        for name in STATIC_SETTINGS:
            if name == "STATIC_ROOT" and remote:
                continue  # collectstatic uploads to the bucket and does not use it
            setting = settings.get(name)
            if setting is None or not settings.only_conditional(name):
                continue
            yield self.finding(
                msg(
                    "{name} in {relpath} is set only inside a condition on the environment: {where} may "
                    "take the other branch; set it unconditionally.",
                    name=name,
                    relpath=setting.relpath,
                    where=where,
                ),
                at_setting(setting),
            )
