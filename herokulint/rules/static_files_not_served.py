"""HK503 static-files-not-served."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

import libcst as cst

from .. import codemods
from ..edits import Edit
from ..findings import Finding, Fix
from ..i18n import msg
from ..project import ProjectModel
from ..project.settings import ResolvedSetting
from ..project.storages import remote_storage
from ..project.values import Const, Map
from ..rule import Location, Rule
from . import (
    READY_SETTINGS,
    S3_STATIC_STORAGE,
    S3_STORAGES,
    at_setting,
    example,
    middleware,
    staticfiles_installed,
    strings,
)
from ._buildpack import DOCKER_BUILD, new_import_fixable
from .whitenoise_misplaced import wanted_index

WHITENOISE = "whitenoise.middleware.WhiteNoiseMiddleware"
# Storage backends that keep files in STATIC_ROOT on the dyno (nothing serves them there).
LOCAL_STORAGES = (
    "django.contrib.staticfiles.storage.",
    "whitenoise.storage.",
    "django.core.files.storage.FileSystemStorage",
)
SECURITY_NAME = "django.middleware.security.SecurityMiddleware"
SECURITY = f'"{SECURITY_NAME}"'
WITH_SECURITY = READY_SETTINGS + f"MIDDLEWARE = [{SECURITY}]\n"
WITH_WHITENOISE = READY_SETTINGS + f'MIDDLEWARE = [{SECURITY}, "{WHITENOISE}"]\n'
STARTPROJECT_MIDDLEWARE = f"""\
MIDDLEWARE = [
    {SECURITY},
    "django.contrib.sessions.middleware.SessionMiddleware",  # sessions
    # "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
]
"""


def staticfiles_backend(project: ProjectModel) -> Optional[str]:
    """The staticfiles storage backend's dotted path ("" for Django's default), or None when
    it is not known."""
    settings = project.settings
    if settings is None:
        return None
    storages = settings.get("STORAGES")
    if storages is not None:
        if not isinstance(storages.value, Map):
            return None
        entry = storages.value.get("staticfiles")
        if entry is None:
            return ""
        return literal_string(entry.get("BACKEND") if isinstance(entry, Map) else None)
    old = settings.get("STATICFILES_STORAGE")
    if old is not None:
        return literal_string(old.value)
    return "" if settings.complete else None


def remote_static_storage(project: ProjectModel) -> Optional[str]:
    """The django-storages backend static files go to (named, or a project class deriving
    from one), or None."""
    backend = staticfiles_backend(project)
    return remote_storage(project, backend) if backend else None


def literal_string(value: object) -> Optional[str]:
    if isinstance(value, Const) and isinstance(value.value, str):
        return value.value
    return None


class StaticFilesNotServed(Rule):
    """
    ## What it does
    Checks that something serves the collected static files in production: WhiteNoise's
    middleware, WhiteNoise or dj-static wrapping the WSGI application, or a storage backend
    that puts them elsewhere (django-storages, Cloudinary..., or a project class deriving
    from such a backend).

    ## Why it matters
    With `DEBUG` off Django serves no static files, and Heroku puts no web server in front of
    the app: every CSS, JavaScript and image request returns 404 and the site looks broken.
    Heroku's Cloud Native Buildpack says so itself: "If you are using the WhiteNoise package
    to optimise the serving of static files with Django (recommended), check that your app is
    using the Django config options shown here: https://whitenoise.readthedocs.io/en/stable/
    django.html".

    ## Fix safety
    Unsafe: `--fix --unsafe-fixes` adds `"whitenoise.middleware.WhiteNoiseMiddleware"` to a
    literal `MIDDLEWARE` list directly after `SecurityMiddleware` (first without it), on a
    line of its own when the list has one entry per line. WhiteNoise is then a dependency the
    app imports at start-up: HK205 (import-not-declared) reports it and its own fix declares
    `whitenoise`, so apply both (`--fix --unsafe-fixes` runs until nothing changes), or the
    app crashes on start. The fix is unsafe because it adds that dependency and changes who
    serves `/static/`. A `MIDDLEWARE` built in other ways (`+=`, `.insert()`, another
    module's list, a condition) gets no fix, nor does a Docker build (`heroku.yml`): the
    dependency rules are skipped there, so nothing would add `whitenoise` to the image.

    ## References
    - WhiteNoise: "Using WhiteNoise with Django"
    - heroku/buildpacks-python `src/errors.rs`
    """

    code = "HK503"
    name = "static-files-not-served"
    severity = "warning"
    summary = "nothing serves static files with `DEBUG` off (no WhiteNoise, no remote storage)"
    fix_applicability = "unsafe"

    invalid = [
        example(
            settings=WITH_SECURITY,
            expect=(("mysite/settings.py", 14),),
            fixed={"mysite/settings.py": WITH_WHITENOISE},
        ),
        example(
            settings=READY_SETTINGS + STARTPROJECT_MIDDLEWARE,
            expect=(("mysite/settings.py", 14),),
            fixed={
                "mysite/settings.py": READY_SETTINGS
                + STARTPROJECT_MIDDLEWARE.replace(
                    f"{SECURITY},\n", f'{SECURITY},\n    "{WHITENOISE}",\n'
                )
            },
        ),
        example(
            settings=READY_SETTINGS
            + "MIDDLEWARE = ('django.middleware.common.CommonMiddleware',)\n",
            expect=(("mysite/settings.py", 14),),
            note="without SecurityMiddleware, WhiteNoise goes first",
            fixed={
                "mysite/settings.py": READY_SETTINGS
                + f"MIDDLEWARE = ('{WHITENOISE}', 'django.middleware.common.CommonMiddleware')\n"
            },
        ),
        example(
            DOCKER_BUILD,
            settings=WITH_SECURITY,
            expect=(("mysite/settings.py", 14),),
            note="a Docker build: no fix, nothing would install whitenoise in the image",
        ),
    ]
    valid = [
        example(settings=WITH_WHITENOISE),
        example(
            settings=WITH_SECURITY
            + 'STORAGES = {"staticfiles": {"BACKEND": "storages.backends.s3.S3Storage"}}\n',
            note="static files are uploaded to S3 and served from there",
        ),
        example(
            S3_STATIC_STORAGE,
            settings=WITH_SECURITY + S3_STORAGES,
            note="a project class deriving from django-storages' S3Storage",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        settings = project.settings
        stack = middleware(project)
        if settings is None or stack is None or staticfiles_installed(project) is not True:
            return
        if WHITENOISE in stack or self.wsgi_serves_static(project):
            return
        backend = staticfiles_backend(project)
        if backend is None or (backend and not backend.startswith(LOCAL_STORAGES)):
            return
        web = project.web
        if web is not None and (web.server == "other" or web.proxy):
            return  # e.g. nginx in front (heroku-buildpack-nginx): it may serve them
        near = settings.get("MIDDLEWARE") or settings.get("INSTALLED_APPS")
        yield self.finding(
            msg(
                "Nothing serves the static files with DEBUG off: CSS, JavaScript and images get 404 "
                "on Heroku; add WhiteNoise (`whitenoise.middleware.WhiteNoiseMiddleware` right after "
                "SecurityMiddleware)."
            ),
            at_setting(near) if near else Location(settings.relpath or ""),
            fix=self.fix(project, settings.get("MIDDLEWARE")),
        )

    @staticmethod
    def fix(project: ProjectModel, setting: Optional[ResolvedSetting]) -> Optional[Fix]:
        """WhiteNoise's middleware directly after SecurityMiddleware (first without it)."""
        sequence = codemods.literal_sequence(project, setting) if setting is not None else None
        stack = strings(setting.value) if setting is not None else None
        if (
            setting is None
            or not new_import_fixable(project)
            or sequence is None
            or stack is None
            or not codemods.layout_supported(sequence)
        ):
            return None
        position = wanted_index(stack)  # after SecurityMiddleware (and a CorsMiddleware there)

        def build() -> tuple[Edit, ...]:
            module = codemods.parsed(project, setting.relpath)
            added = cst.Element(codemods.string_like(sequence.elements, WHITENOISE, module))
            order = [*range(position), added, *range(position, len(stack))]
            new = codemods.rewrite(
                module, setting.node, sequence, codemods.rearrange(sequence, order)
            )
            return (codemods.edit(project, setting.relpath, new),)

        where = f"after {stack[position - 1].rsplit('.', 1)[-1]}" if position else "first"
        return Fix(
            "unsafe", msg("Add WhiteNoiseMiddleware to MIDDLEWARE, {where}", where=where), build
        )

    @staticmethod
    def wsgi_serves_static(project: ProjectModel) -> bool:
        wsgi = project.wsgi
        text = project.text(wsgi.relpath) if wsgi is not None and wsgi.relpath else None
        return text is not None and any(name in text.text for name in ("WhiteNoise", "Cling"))
