"""What the running app imports (herokulint.project.runtime_needs), the import-name table it maps
through, and HK205/HK206/HK208 built on them."""

from __future__ import annotations

import datetime

import pytest
from conftest import write_files

from herokulint.data import django_versions, import_names, package_requires, stdlib
from herokulint.engine import check, select_rules
from herokulint.project import ProjectModel
from herokulint.project.runtime_needs import runtime_needs
from herokulint.rules import READY_FILES, READY_SETTINGS

ALL = select_rules()


def make(tmp_path, settings=None, **files):
    root = tmp_path / "app"
    root.mkdir(parents=True)
    merged = dict(READY_FILES)
    if settings is not None:
        merged["mysite/settings.py"] = settings
    merged.update({k.replace("__", "/").replace("_DOT_", "."): v for k, v in files.items()})
    write_files(root, merged)
    return root


def codes(root, code):
    _, found = check(root, ALL)
    return [(f.path, f.line) for f in found if f.code == code]


def test_the_table_covers_the_packages_django_projects_use_most():
    distributions = {d for values in import_names.IMPORT_NAMES.values() for d in values}
    assert len(distributions) >= 150
    expected = {
        "dj_database_url": "dj-database-url",
        "environ": "django-environ",
        "decouple": "python-decouple",
        "corsheaders": "django-cors-headers",
        "rest_framework": "djangorestframework",
        "storages": "django-storages",
        "whitenoise": "whitenoise",
        "debug_toolbar": "django-debug-toolbar",
        "psycopg2": "psycopg2",
        "PIL": "pillow",
        "sentry_sdk": "sentry-sdk",
    }
    for module, distribution in expected.items():
        assert distribution in (import_names.distributions_for(module) or ()), module
    assert import_names.distributions_for("psycopg2") == ("psycopg2", "psycopg2-binary")
    assert import_names.AS_OF and import_names.SOURCE


def test_table_names_are_canonical_distribution_names():
    from packaging.utils import canonicalize_name

    for values in import_names.IMPORT_NAMES.values():
        for name in values:
            assert name == canonicalize_name(name), name
    for key, values in package_requires.REQUIRES.items():
        assert key.split("[")[0] == canonicalize_name(key.split("[")[0])
        assert all(v == canonicalize_name(v) for v in values)


@pytest.mark.parametrize(
    ("path", "needs"),
    [
        ("whitenoise.middleware.WhiteNoiseMiddleware", [("whitenoise", "whitenoise")]),
        (
            "storages.backends.s3.S3Storage",
            [("storages", "django-storages"), ("storages.backends.s3.S3Storage", "boto3")],
        ),
        (
            "django.db.backends.postgresql",
            [("django.db.backends.postgresql", "a PostgreSQL driver")],
        ),
        ("django.contrib.admin", []),
        (
            "django_redis.cache.RedisCache",
            [("django_redis", "django-redis"), ("django_redis.cache.RedisCache", "redis")],
        ),
        ("pages.apps.PagesConfig", []),
    ],
)
def test_dotted_paths_map_to_what_they_need(path, needs):
    assert [(thing, what) for thing, what, _ in import_names.needs_for(path)] == needs


def test_stdlib_is_known_on_every_supported_python():
    for module in ("os", "pathlib", "json", "sqlite3", "distutils", "imp", "zoneinfo", "tomllib"):
        assert stdlib.is_stdlib(module) or module == "tomllib"
    assert stdlib.is_stdlib("os.path") and not stdlib.is_stdlib("django")


def test_needs_are_found_in_imports_and_settings_with_their_lines(tmp_path):
    settings = READY_SETTINGS + (
        'MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware"]\n'
        'STORAGES = {"default": {"BACKEND": "storages.backends.s3.S3Storage"}}\n'
        'CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}\n'
    )
    project = ProjectModel(make(tmp_path, settings))
    found = [(n.what, n.line, n.source) for n in runtime_needs(project)]
    assert found == [
        ("dj-database-url", 4, "import"),
        ("django-cors-headers", 14, "MIDDLEWARE"),
        ("django-storages", 15, "STORAGES"),
        ("boto3", 15, "STORAGES"),
        ("redis", 16, "CACHES"),
    ]


def test_local_packages_and_stdlib_are_never_needs(tmp_path):
    settings = READY_SETTINGS.replace(
        "import dj_database_url\n",
        "import dj_database_url\nimport json\nimport pages.conf\nimport storages\n",
    )
    # A local app called `storages` shadows django-storages.
    project = ProjectModel(
        make(tmp_path, settings, pages____init___DOT_py="", storages____init___DOT_py="")
    )
    assert [n.module for n in runtime_needs(project)] == ["dj_database_url"]


def test_conditional_and_optional_imports_are_not_needs(tmp_path):
    settings = READY_SETTINGS + (
        "\ntry:\n    import sentry_sdk\nexcept ImportError:\n    sentry_sdk = None\n"
        "\nif DEBUG:\n    import debug_toolbar\n"
    )
    project = ProjectModel(make(tmp_path, settings))
    assert [n.module for n in runtime_needs(project)] == ["dj_database_url"]


def test_wsgi_module_imports_are_needs(tmp_path):
    wsgi = READY_FILES["mysite/wsgi.py"] + "\nfrom whitenoise import WhiteNoise\n"
    project = ProjectModel(make(tmp_path, mysite__wsgi_DOT_py=wsgi))
    assert ("whitenoise", "mysite/wsgi.py") in [(n.what, n.relpath) for n in runtime_needs(project)]


def test_import_not_declared_reports_each_distribution_once(tmp_path):
    settings = READY_SETTINGS.replace(
        'INSTALLED_APPS = ["django.contrib.staticfiles"]',
        'INSTALLED_APPS = ["django.contrib.staticfiles", "rest_framework"]\n'
        'MIDDLEWARE = ["whitenoise.middleware.WhiteNoiseMiddleware"]\n'
        'STORAGES = {"staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}',
    )
    root = make(tmp_path, settings)
    assert codes(root, "HK205") == [("mysite/settings.py", 10), ("mysite/settings.py", 11)]


def test_storage_extra_satisfies_the_sdk(tmp_path):
    settings = (
        READY_SETTINGS + 'STORAGES = {"default": {"BACKEND": "storages.backends.s3.S3Storage"}}\n'
    )
    requirements = READY_FILES["requirements.txt"]
    missing = make(
        tmp_path / "a", settings, requirements_DOT_txt=requirements + "django-storages==1.14.6\n"
    )
    satisfied = make(
        tmp_path / "b",
        settings,
        requirements_DOT_txt=requirements + "django-storages[s3]==1.14.6\n",
    )
    assert codes(missing, "HK205") == [("mysite/settings.py", 14)]
    assert codes(satisfied, "HK205") == []


def test_postgres_engine_literal_needs_a_driver(tmp_path):
    settings = READY_SETTINGS.replace(
        'DATABASES = {"default": dj_database_url.config(conn_max_age=600)}',
        'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app"}}',
    )
    root = make(
        tmp_path,
        settings,
        requirements_DOT_txt="Django==5.2.8\ngunicorn==23.0.0\ndj-database-url==3.0.1\n",
    )
    assert codes(root, "HK205") == [("mysite/settings.py", 11)]
    assert codes(root, "HK206") == []


def test_nothing_is_reported_when_the_requirements_are_incomplete(tmp_path):
    root = make(
        tmp_path,
        requirements_DOT_txt="-e .\n",
        setup_DOT_py="from setuptools import setup\nsetup()\n",
    )
    assert codes(root, "HK205") == [] and codes(root, "HK204") == [] and codes(root, "HK207") == []


def test_mysql_url_users_are_not_told_to_install_psycopg(tmp_path):
    root = make(
        tmp_path,
        requirements_DOT_txt="Django==5.2.8\ngunicorn==23.0.0\ndj-database-url==3.0.1\nmysqlclient==2.2.7\n",
    )
    assert codes(root, "HK206") == []


def test_django_support_dates_are_dated_and_sourced():
    assert django_versions.AS_OF and "djangoproject" in django_versions.SOURCE
    assert django_versions.end_of_support(3, 2) == datetime.date(2024, 4, 1)
    assert django_versions.end_of_support(1, 8) is not None
    assert django_versions.end_of_support(9, 0) is None
    assert (5, 2) in django_versions.supported_series(datetime.date(2026, 11, 1))


GUARDED_APP = """
try:
    import debug_toolbar  # noqa: F401
    INSTALLED_APPS += ["debug_toolbar"]
except ModuleNotFoundError as exc:
    if exc.name != "debug_toolbar":
        raise
"""


@pytest.mark.parametrize(
    "guarded",
    [
        GUARDED_APP,
        GUARDED_APP.replace("ModuleNotFoundError as exc", "(ImportError, KeyError) as exc"),
        "\ntry:\n    from debug_toolbar import settings\nexcept:\n    pass\n"
        'else:\n    INSTALLED_APPS.append("debug_toolbar")\n'
        '    MIDDLEWARE = ["debug_toolbar.middleware.DebugToolbarMiddleware"]\n',
    ],
)
def test_entries_a_try_adds_after_importing_their_package_are_not_needs(tmp_path, guarded):
    """The import fails first when the package is missing, and the handler catches it."""
    project = ProjectModel(make(tmp_path, READY_SETTINGS + guarded))
    assert [n.module for n in runtime_needs(project)] == ["dj_database_url"]


@pytest.mark.parametrize(
    ("guarded", "line"),
    [
        # added without importing its package, or before: a missing package fails at setup
        (GUARDED_APP.replace("import debug_toolbar", "import sentry_sdk"), 17),
        (
            '\ntry:\n    INSTALLED_APPS += ["debug_toolbar"]\n    import debug_toolbar\n'
            "except ImportError:\n    pass\n",
            16,
        ),
        # the handler does not catch a failed import
        (GUARDED_APP.replace("ModuleNotFoundError as exc", "KeyError as exc"), 17),
    ],
)
def test_entries_no_import_guards_stay_needs(tmp_path, guarded, line):
    project = ProjectModel(make(tmp_path, READY_SETTINGS + guarded))
    found = [(n.module, n.line) for n in runtime_needs(project)]
    assert found == [("dj_database_url", 4), ("debug_toolbar", line)]


def test_a_guarded_app_only_in_the_dev_group_is_not_reported(tmp_path):
    pyproject = (
        '[project]\nname = "mysite"\nversion = "0.1.0"\nrequires-python = ">=3.13"\n'
        'dependencies = ["Django==5.2.8", "gunicorn==23.0.0", "dj-database-url==3.0.1"]\n\n'
        '[dependency-groups]\ndev = ["django-debug-toolbar==6.2.0"]\n'
    )
    lock = 'version = 1\nrevision = 3\nrequires-python = ">=3.13"\n'
    projects = []
    for name, added in (
        ("guarded", GUARDED_APP),
        ("plain", 'INSTALLED_APPS += ["debug_toolbar"]\n'),
    ):
        root = make(
            tmp_path / name, READY_SETTINGS + added, pyproject_DOT_toml=pyproject, uv_DOT_lock=lock
        )
        (root / "requirements.txt").unlink()
        projects.append(root)
    assert codes(projects[0], "HK208") == []
    assert codes(projects[1], "HK208") == [("pyproject.toml", 8)]
