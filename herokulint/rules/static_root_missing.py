"""HK501 static-root-missing."""

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
from ..project.settings import ResolvedSetting, package_of
from ..project.values import Const, Unknown
from ..rule import Location, Rule
from . import (
    READY_SETTINGS,
    S3_STATIC_STORAGE,
    S3_STORAGES,
    at_setting,
    example,
    staticfiles_installed,
)
from ._buildpack import collectstatic_fails, static_severity
from .static_files_not_served import remote_static_storage

WITHOUT_ROOT = READY_SETTINGS.replace('STATIC_ROOT = BASE_DIR / "staticfiles"\n', "")
# startproject before Django 3.1: BASE_DIR is a string, os.path builds paths.
STRING_BASE = """\
import os

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
INSTALLED_APPS = [
    "django.contrib.staticfiles",
]

# Static files (CSS, JavaScript, Images)
STATIC_URL = "/static/"
"""


class StaticRootMissing(Rule):
    """
    ## What it does
    Checks that `STATIC_ROOT` is set when `django.contrib.staticfiles` is installed.

    ## Why it matters
    Heroku runs `python manage.py collectstatic --noinput` during every build, and it fails
    without `STATIC_ROOT`: "ImproperlyConfigured: You're using the staticfiles app without
    having set the STATIC_ROOT setting to a filesystem path." then "Error: Unable to generate
    Django static files." The push is rejected.

    The setting is looked for wherever the production settings put it: a base module pulled
    in by star import or django-split-settings' `include()`, the django-configurations class
    the app runs, or `django_heroku.settings(locals())`, which sets it. When some of the
    settings cannot be followed (a missing import, `exec`, dynaconf, an unselected
    configuration class), a missing `STATIC_ROOT` is not reported.

    A remote storage backend for static files (`STORAGES["staticfiles"]["BACKEND"]` or
    `STATICFILES_STORAGE` naming a django-storages backend such as
    `storages.backends.s3.S3Storage`, or a project class deriving from one) makes
    collectstatic upload the files and leaves `STATIC_ROOT` unused: nothing is reported
    then, and HK205 checks that the backend's packages (django-storages, and boto3,
    google-cloud-storage or azure-storage-blob) are declared.

    ## Fix safety
    Safe: `--fix` adds `STATIC_ROOT = BASE_DIR / "staticfiles"` on the line after
    `STATIC_URL` (at the end of the settings module when there is no `STATIC_URL`), or puts
    that value in place of an empty one. When `BASE_DIR` is a string (`os.path.dirname(...)`),
    it writes `os.path.join(BASE_DIR, "staticfiles")` instead and adds `import os` if missing.
    `staticfiles` is the folder Heroku's Django guide and WhiteNoise use; collectstatic creates
    it, and nothing else reads the setting. There is no fix when the settings have no
    `BASE_DIR` defined before that place (the fix would have to guess the project's root), or
    when `STATIC_URL`/`STATIC_ROOT` is not a plain module-level assignment.

    ## References
    - heroku-buildpack-python `bin/steps/collectstatic`
    - Django: `django/contrib/staticfiles/storage.py`
    """

    code = "HK501"
    name = "static-root-missing"
    severity = "error"
    summary = "`STATIC_ROOT` unset while `django.contrib.staticfiles` is installed"
    fix_applicability = "safe"

    invalid = [
        example(
            settings=WITHOUT_ROOT,
            expect=(("mysite/settings.py", 12),),
            fixed={"mysite/settings.py": READY_SETTINGS},
        ),
        example(
            settings=READY_SETTINGS.replace('BASE_DIR / "staticfiles"', "None"),
            expect=(("mysite/settings.py", 13),),
            fixed={"mysite/settings.py": READY_SETTINGS},
        ),
        example(
            settings=STRING_BASE,
            expect=(("mysite/settings.py", 10),),
            note="BASE_DIR is a string: os.path.join",
            fixed={
                "mysite/settings.py": STRING_BASE
                + 'STATIC_ROOT = os.path.join(BASE_DIR, "staticfiles")\n'
            },
        ),
        example(
            settings=WITHOUT_ROOT.replace('STATIC_URL = "static/"\n', "")
            .replace("from pathlib import Path\n", "import pathlib\n")
            .replace("Path(__file__)", "pathlib.Path(__file__)"),
            expect=(("mysite/settings.py", 10),),
            note="without STATIC_URL, STATIC_ROOT goes at the end",
            fixed={
                "mysite/settings.py": WITHOUT_ROOT.replace('STATIC_URL = "static/"\n', "")
                .replace("from pathlib import Path\n", "import pathlib\n")
                .replace("Path(__file__)", "pathlib.Path(__file__)")
                + 'STATIC_ROOT = BASE_DIR / "staticfiles"\n'
            },
        ),
    ]
    valid = [
        example(settings=READY_SETTINGS),
        example(
            settings=READY_SETTINGS.replace('STATIC_ROOT = BASE_DIR / "staticfiles"\n', "").replace(
                '["django.contrib.staticfiles"]', '["django.contrib.admin"]'
            ),
            note="without the staticfiles app there is nothing to collect",
        ),
        example(
            settings=WITHOUT_ROOT
            + 'STORAGES = {"staticfiles": {"BACKEND": "storages.backends.s3.S3Storage"}}\n',
            note="django-storages uploads the files to S3: STATIC_ROOT is not used",
        ),
        example(
            S3_STATIC_STORAGE,
            settings=WITHOUT_ROOT + S3_STORAGES,
            note="a project class deriving from a django-storages backend",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        settings = project.settings
        if settings is None or staticfiles_installed(project) is not True:
            return
        if remote_static_storage(project):
            return  # collectstatic uploads to the bucket: STATIC_ROOT is not used
        setting = settings.get("STATIC_ROOT")
        if setting is not None:
            if isinstance(setting.value, Const) and setting.value.value in (None, ""):
                yield self.finding(
                    self.message(project, setting.relpath),
                    at_setting(setting),
                    severity=static_severity(project, self.severity),
                    fix=self.fix(project, setting),
                )
            return
        if not settings.complete:
            return
        url = settings.get("STATIC_URL")
        near = url or settings.get("INSTALLED_APPS")
        where = at_setting(near) if near else Location(settings.relpath or "")
        yield self.finding(
            self.message(project, where.path),
            where,
            severity=static_severity(project, self.severity),
            fix=self.fix(project, url),
        )

    @staticmethod
    def message(project: ProjectModel, path: str) -> str:
        return msg(
            "STATIC_ROOT is not set in {path}: {collectstatic_fails}; add `STATIC_ROOT = "
            'BASE_DIR / "staticfiles"`.',
            path=path,
            collectstatic_fails=collectstatic_fails(project),
        )

    @staticmethod
    def fix(project: ProjectModel, anchor: Optional[ResolvedSetting]) -> Optional[Fix]:
        """STATIC_ROOT in BASE_DIR's style: in place of an empty STATIC_ROOT, after STATIC_URL,
        or at the end of the settings module."""
        settings = project.settings
        if settings is None or settings.relpath is None:
            return None
        if anchor is not None:
            if codemods.plain_assignment(project, anchor) is None:
                return None
            relpath, line = anchor.relpath, anchor.line
        elif settings.configuration is None:
            relpath, line = settings.relpath, None  # the end: everything above has run
        else:
            return None
        kind = base_dir_kind(project, relpath, line)
        if kind is None:
            return None
        code = (
            msg('BASE_DIR / "staticfiles"')
            if kind == "Path"
            else msg('os.path.join(BASE_DIR, "staticfiles")')
        )
        imports = [("import os", "os")] if kind == "str" else []

        def build() -> tuple[Edit, ...]:
            module = codemods.parsed(project, relpath)
            if anchor is not None and anchor.name == "STATIC_ROOT":
                assert isinstance(anchor.node, (cst.Assign, cst.AnnAssign)) and anchor.node.value
                new = codemods.rewrite(
                    module,
                    anchor.node,
                    anchor.node.value,
                    codemods.expression(codemods.render(code, module), module),
                )
            elif anchor is not None:
                new = codemods.insert_after(module, anchor, f"STATIC_ROOT = {code}")
            else:
                new = codemods.append(module, f"STATIC_ROOT = {code}")
            for statement, binds in imports:
                new = codemods.add_import(
                    new, statement, binds, first_party=[relpath.split("/")[0]]
                )
            return (codemods.edit(project, relpath, new),)

        return Fix("safe", msg("Set STATIC_ROOT = {code}", code=code), build)


def base_dir_kind(project: ProjectModel, relpath: str, line: Optional[int]) -> Optional[str]:
    """What BASE_DIR is ("Path" or "str") where `relpath` reaches `line` (None: its end), or
    None when BASE_DIR may not be defined there."""
    settings = project.settings
    base = settings.get("BASE_DIR") if settings is not None else None
    if settings is None or base is None or base.conditional:
        return None
    value = base.value
    if isinstance(value, Unknown) and value.hint in ("Path", "str-path"):
        kind = "Path" if value.hint == "Path" else "str"
    elif isinstance(value, Const) and isinstance(value.value, str):
        kind = "str"
    else:
        return None
    if line is None:
        return kind
    if base.relpath == relpath:
        return kind if base.line < line else None
    return kind if base.relpath in star_imported(project, relpath, line) else None


def star_imported(project: ProjectModel, relpath: str, line: int) -> set[str]:
    """The files `relpath` star-imports at module level before `line` (`from .base import *`)."""
    settings = project.settings
    parsed = codemods.parsed(project, relpath)
    name = next(
        (name for name, path in (settings.modules if settings else []) if path == relpath), None
    )
    if name is None:
        return set()
    package = package_of(name, relpath).split(".")
    found = set()
    current = 1 + len(parsed.header)
    for statement in parsed.body:
        start = current + len(statement.leading_lines)
        if start >= line:
            break
        current += parsed.code_for_node(statement).count("\n")
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if not isinstance(small, cst.ImportFrom) or not isinstance(small.names, cst.ImportStar):
                continue
            up = len(small.relative) - 1 if small.relative else 0
            module = dotted(small.module) if small.module is not None else ""
            if small.relative:
                base = package[: len(package) - up] if up else package
                module = ".".join(part for part in [*base, module or ""] if part)
            located = project.locate_module(module or "")
            if located is not None:
                found.add(located)
    return found
