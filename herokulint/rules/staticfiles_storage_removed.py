"""HK505 staticfiles-storage-removed."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..project import ProjectModel
from ..rule import Rule
from . import READY_SETTINGS, at_setting, django_series, example

OLD = 'STATICFILES_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"\n'
NEW = (
    'STORAGES = {"staticfiles": {"BACKEND": '
    '"whitenoise.storage.CompressedManifestStaticFilesStorage"}}\n'
)


def with_django(version: str) -> dict[str, str]:
    return {"requirements.txt": f"Django=={version}\ngunicorn==23.0.0\ndj-database-url==3.0.1\n"}


class StaticfilesStorageRemoved(Rule):
    """
    ## What it does
    Checks for `STATICFILES_STORAGE`, which Django 4.2 replaced with `STORAGES["staticfiles"]`
    and Django 5.1 removed. The Django version is the one your requirements install (the
    newest they allow); when it cannot be read, the finding stays a warning.

    ## Why it matters
    On Django 5.1 and later the setting is silently ignored: collectstatic and the site use
    plain `StaticFilesStorage`, so WhiteNoise's compression and hashed file names (and the
    caching they allow) are lost without a word. On Django 4.2 and 5.0, defining it together
    with `STORAGES` stops every command: "STATICFILES_STORAGE/STORAGES are mutually
    exclusive." (reported as an error then). The unmaintained `django_heroku.settings()`
    still sets it.

    ## Fix safety
    No automatic fix yet: replace it with `STORAGES = {"default": {"BACKEND":
    "django.core.files.storage.FileSystemStorage"}, "staticfiles": {"BACKEND": <the old
    value>}}`.

    ## References
    - Django 4.2 release notes ("Custom file storages"), 5.1 release notes (removals)
    - Django: `django/conf/__init__.py` (4.2)
    """

    code = "HK505"
    name = "staticfiles-storage-removed"
    severity = "warning"
    summary = "`STATICFILES_STORAGE` (ignored since Django 5.1; an error beside `STORAGES` on 4.2)"

    invalid = [
        example(settings=READY_SETTINGS + OLD, expect=(("mysite/settings.py", 14),)),
        example(
            with_django("4.2.27"),
            settings=READY_SETTINGS + NEW + OLD,
            expect=(("mysite/settings.py", 15),),
            note="Django 4.2 refuses both settings at once (reported as an error)",
        ),
    ]
    valid = [
        example(settings=READY_SETTINGS + NEW),
        example(
            with_django("4.1.13"),
            settings=READY_SETTINGS + OLD,
            note="before Django 4.2 it was the only way",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        settings = project.settings
        setting = settings.get("STATICFILES_STORAGE") if settings else None
        if settings is None or setting is None:
            return
        series = django_series(project)
        if series is not None and series < (4, 2):
            return
        both = "STORAGES" in settings
        where = f"STATICFILES_STORAGE in {setting.relpath}"
        if both and series is not None and series < (5, 1):
            yield self.finding(
                f"{where} and STORAGES are both set: Django {series[0]}.{series[1]} refuses to "
                'start ("STATICFILES_STORAGE/STORAGES are mutually exclusive."); move it into '
                'STORAGES["staticfiles"].',
                at_setting(setting),
                severity="error",
            )
        elif series is None or series >= (5, 1):
            version = f"Django {series[0]}.{series[1]}" if series else "Django 5.1 and later"
            yield self.finding(
                f"{where} is ignored by {version}: static files lose their compression and "
                'hashed names; use STORAGES = {"staticfiles": {"BACKEND": ...}} instead.',
                at_setting(setting),
            )
