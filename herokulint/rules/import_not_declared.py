"""HK205 import-not-declared."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Optional

from ..data.import_names import POSTGRES_DRIVERS
from ..findings import Finding, Fix
from ..i18n import msg
from ..project import ProjectModel
from ..project.runtime_needs import Need, runtime_needs
from ..rule import Location, Rule
from . import READY_FILES, READY_SETTINGS, S3_STATIC_STORAGE, S3_STORAGES, example
from ._buildpack import add_advice, buildpack_skipped, manifest_name, with_lock
from ._fixes import add_dependency_fix

# What the fix adds when the need is "a driver" rather than one distribution.
DRIVERS = {POSTGRES_DRIVERS: "psycopg[binary]"}

UV_PYPROJECT = """\
[project]
name = "mysite"
version = "0.1.0"
requires-python = ">=3.13"
dependencies = [
    'django>=5.2,<6',
    'gunicorn>=23.0',  # the web server
]
"""
UV_LOCK = """\
version = 1
revision = 5
requires-python = ">=3.13"

[[package]]
name = "mysite"
version = "0.1.0"
source = { virtual = "." }
"""


class ImportNotDeclared(Rule):
    """
    ## What it does
    Checks that every third-party module the production settings and the WSGI module import,
    and every dotted path Django imports from the settings (`INSTALLED_APPS`, `MIDDLEWARE`,
    `STORAGES` backends, database `ENGINE`s, cache `BACKEND`s), comes from a distribution
    Heroku installs. Import names are mapped to distributions with herokulint's table
    (`dj_database_url` → `dj-database-url`, `environ` → `django-environ`, `decouple` →
    `python-decouple`, `rest_framework` → `djangorestframework`, …); a storage backend that
    needs an SDK (`storages.backends.s3` → boto3) and a database engine that needs a driver
    are checked too.

    Standard-library modules, the project's own packages, imports under `try:`/`if` blocks and
    names the table does not know are never reported; nor is a module that a declared fork
    provides: a distribution named like the original (or like the import) plus a fork's
    word (`-community`, `-ng`, `-reloaded`, `-fork`, `-redux`, a number, …).

    ## Why it matters
    The build runs `manage.py collectstatic`, which imports the settings: a missing
    distribution stops the build ("Error: Unable to generate Django static files.", after
    `ModuleNotFoundError: No module named 'dj_database_url'`), or, if collectstatic is
    disabled, every dyno crashes on boot.

    ## Fix safety
    Unsafe: `--unsafe-fixes` adds the distribution the message names (`dj-database-url`; the
    table's first when several install the module, `django-environ` for `environ`;
    `psycopg[binary]` for a PostgreSQL engine), unpinned, where Heroku installs from: the end
    of requirements.txt (or of the file in its `-r` chain that lists Django), the `[project]`
    `dependencies` of pyproject.toml in its own style for uv and Poetry (or Poetry's
    `[tool.poetry.dependencies]`), the Pipfile's `[packages]` for Pipenv. Lock files are never
    edited: run `uv lock`, `poetry lock` or `pipenv lock` afterwards, as the fix says. "A MySQL
    driver" or "an Oracle driver" is not chosen for you: no fix. It is unsafe because the
    version is not chosen either: pin the one you test with.

    ## References
    - heroku-buildpack-python `bin/steps/collectstatic`
    - herokulint `data/import_names.py` (the import-name table, with its date and sources)
    """

    code = "HK205"
    name = "import-not-declared"
    severity = "error"
    summary = "a third-party module the settings use is not a declared dependency"
    fix_applicability = "unsafe"

    invalid = [
        example(
            {"requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\npsycopg[binary]==3.2.12\n"},
            expect=(("mysite/settings.py", 4),),
            fixed={
                "requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\npsycopg[binary]==3.2.12\n"
                "dj-database-url\n"
            },
        ),
        example(
            settings=READY_SETTINGS.replace(
                'INSTALLED_APPS = ["django.contrib.staticfiles"]',
                'INSTALLED_APPS = [\n    "django.contrib.staticfiles",\n    "rest_framework",\n]',
            ),
            expect=(("mysite/settings.py", 12),),
            fixed={"requirements.txt": READY_FILES["requirements.txt"] + "djangorestframework\n"},
        ),
        replace(
            with_lock(
                {"pyproject.toml": UV_PYPROJECT, "uv.lock": UV_LOCK},
                settings=READY_SETTINGS.replace(
                    '{"default": dj_database_url.config(conn_max_age=600)}',
                    '{"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "site"}}',
                ).replace("import dj_database_url\n", "import whitenoise\n"),
                expect=(("mysite/settings.py", 4), ("mysite/settings.py", 11)),
                note="uv; the lock is regenerated with `uv lock` after the fix",
            ),
            fixed={
                "pyproject.toml": UV_PYPROJECT.replace(
                    "  # the web server\n",
                    "  # the web server\n    'whitenoise',\n    'psycopg[binary]',\n",
                ),
                "uv.lock": UV_LOCK,
            },
        ),
        example(
            {
                **S3_STATIC_STORAGE,
                "requirements.txt": READY_FILES["requirements.txt"] + "django-storages==1.14.6\n",
            },
            settings=READY_SETTINGS + S3_STORAGES,
            expect=(("mysite/settings.py", 14),),
            note="the project's storage class derives from S3Storage, which needs boto3",
            fixed={
                "requirements.txt": READY_FILES["requirements.txt"]
                + "django-storages==1.14.6\nboto3\n"
            },
        ),
    ]
    valid = [
        example(),
        example(
            settings=READY_SETTINGS.replace(
                "import dj_database_url\n",
                "import dj_database_url\n\ntry:\n    import debug_toolbar\nexcept ImportError:\n    debug_toolbar = None\n",
            ),
            note="an optional import is not required",
        ),
        example(
            {"requirements.txt": READY_FILES["requirements.txt"] + "django-mptt-ng==0.17.1\n"},
            settings=READY_SETTINGS.replace(
                'INSTALLED_APPS = ["django.contrib.staticfiles"]',
                'INSTALLED_APPS = ["django.contrib.staticfiles", "mptt"]',
            ),
            note="a fork of django-mptt installs `mptt` under another name",
        ),
        example(
            {"requirements.txt": READY_FILES["requirements.txt"] + "python-jose-community==3.4\n"},
            settings=READY_SETTINGS + "from jose import jwt\n",
            note="the fork's name holds the import name too",
        ),
        example(
            {
                **S3_STATIC_STORAGE,
                "requirements.txt": READY_FILES["requirements.txt"]
                + "django-storages==1.14.6\nboto3==1.40.0\n",
            },
            settings=READY_SETTINGS + S3_STORAGES,
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        deps = project.dependencies
        if not deps.complete or buildpack_skipped(project):
            return
        reported: set[str] = set()
        for need in runtime_needs(project):
            if need.what in reported or deps.declares(*need.distributions):
                continue
            if any(deps.only_in_other_groups(d) for d in need.distributions):
                continue  # HK208: declared, but in a group Heroku does not install
            if deps.fork_of(need.distributions, need.module) is not None:
                continue  # a fork installs the same module under the original's name
            reported.add(need.what)
            yield self.finding(
                self._message(project, need),
                Location(need.relpath, need.line),
                fix=self.fix(project, need),
            )

    @staticmethod
    def fix(project: ProjectModel, need: Need) -> Optional[Fix]:
        """Add the one distribution the need names (a known driver for a database engine)."""
        if need.distributions in DRIVERS:
            return add_dependency_fix(project, DRIVERS[need.distributions])
        if need.what in need.distributions:
            return add_dependency_fix(project, need.what)
        return None

    def _message(self, project: ProjectModel, need: Need) -> str:
        manifest = manifest_name(project)
        if need.source == "import":
            what = msg("{relpath} imports `{module}`", relpath=need.relpath, module=need.module)
        else:
            what = msg("{source} names `{module}`", source=need.source, module=need.module)
        if len(need.distributions) > 1 and need.what not in need.distributions:
            wanted = f"{need.what} ({' or '.join(need.distributions)})"
            add: str = msg("add one of them to {manifest}", manifest=manifest)
        else:
            wanted = f"`{need.what}`"
            add = add_advice(project, need.what)
        top = need.module.split(".", 1)[0]
        return msg(
            "{what}, which needs {wanted}, but {manifest} does not declare it: the build's "
            "collectstatic and every dyno fail with \"No module named '{top}'\"; {add}.",
            what=what,
            wanted=wanted,
            manifest=manifest,
            top=top,
            add=add,
        )
