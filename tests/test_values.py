"""Issue 12 §3 and §5: settings values judged as Python would.

Each test is a small deployable project (the rules' READY_FILES background) with one change,
and asserts the exact codes, lines and severities reported: booleans from environment reads
run for every production spelling (HK402), `if DEBUG:` branches that production may take
(HK403, HK508), a production chain with no DATABASES (HK606), remote static storage
(HK501/HK503/HK205) and literal remote database credentials (HK601).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import git_commit, write_files

from herokulint.catalogue import load_rules
from herokulint.engine import check
from herokulint.rules import READY_FILES, READY_SETTINGS

RULES = load_rules()
DEBUG_LINE = 'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"'
SECRET_LINE = 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]'
DB_LINE = 'DATABASES = {"default": dj_database_url.config(conn_max_age=600)}\n'
WITH_AUTH = READY_SETTINGS.replace(
    'INSTALLED_APPS = ["django.contrib.staticfiles"]',
    'INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth", '
    '"django.contrib.staticfiles"]',
)


def findings(
    tmp_path: Path, settings: str, codes: tuple[str, ...], files: dict[str, str] | None = None
) -> list[tuple[str, str, int, str]]:
    root = tmp_path / "app"
    write_files(root, {**READY_FILES, "mysite/settings.py": settings, **(files or {})})
    git_commit(root)
    _, found = check(root, [RULES[code] for code in codes])
    return sorted((f.code, f.path, f.line, f.severity) for f in found)


def messages(tmp_path: Path, settings: str, code: str) -> list[str]:
    root = tmp_path / "app"
    write_files(root, {**READY_FILES, "mysite/settings.py": settings})
    git_commit(root)
    _, found = check(root, [RULES[code]])
    return [f.message for f in found]


# -- HK402: every production spelling -----------------------------------------------------------
@pytest.mark.parametrize(
    "expression, severity",
    [
        ('os.getenv("DJANGO_DEBUG") != "FALSE"', "error"),
        ('os.environ.get("DJANGO_DEBUG", "0") != "0"', "error"),
        ('os.environ.get("DJANGO_DEBUG", "false").lower() != "false"', "error"),
        ('os.environ.get("DJANGO_DEBUG", "True") == "True"', "warning"),
        ('os.environ.get("DJANGO_DEBUG", "yes").lower() in ("1", "true", "yes")', "warning"),
    ],
)
def test_debug_true_for_a_production_spelling_is_hk402(
    tmp_path: Path, expression: str, severity: str
) -> None:
    settings = READY_SETTINGS.replace(DEBUG_LINE, f"DEBUG = {expression}")
    assert findings(tmp_path, settings, ("HK402",)) == [
        ("HK402", "mysite/settings.py", 8, severity)
    ]


@pytest.mark.parametrize(
    "expression",
    [
        'os.environ.get("DJANGO_DEBUG", "") == "1"',
        'os.environ.get("DJANGO_DEBUG", "False").lower() in ("true", "1")',
        'bool(int(os.environ.get("DJANGO_DEBUG", "0")))',
        'os.environ.get("DJANGO_DEBUG", "").lower() not in ("", "0", "false", "no", "off")',
        '"DYNO" not in os.environ',
    ],
)
def test_debug_off_for_every_production_spelling_is_not_reported(
    tmp_path: Path, expression: str
) -> None:
    settings = READY_SETTINGS.replace(DEBUG_LINE, f"DEBUG = {expression}")
    assert findings(tmp_path, settings, ("HK402",)) == []


def test_hk402_message_names_the_spellings(tmp_path: Path) -> None:
    settings = READY_SETTINGS.replace(DEBUG_LINE, 'DEBUG = os.getenv("DJANGO_DEBUG") != "FALSE"')
    (message,) = messages(tmp_path, settings, "HK402")
    assert 'is True when DJANGO_DEBUG is "", "False", "false", "0" or "no"' in message


def test_a_helper_that_defaults_on_is_a_warning(tmp_path: Path) -> None:
    settings = READY_SETTINGS.replace(
        DEBUG_LINE,
        "def env_flag(name, default):\n"
        "    value = os.environ.get(name)\n"
        "    if value is None:\n"
        "        return default\n"
        '    return value.lower() in ("1", "true")\n'
        "\n"
        'DEBUG = env_flag("DJANGO_DEBUG", True)',
    )
    assert findings(tmp_path, settings, ("HK402",)) == [
        ("HK402", "mysite/settings.py", 14, "warning")
    ]


# -- if DEBUG: branches -------------------------------------------------------------------------
def debug_branch(debug: str, branch: str = 'SECRET_KEY = "dev-only-key"') -> str:
    return READY_SETTINGS.replace(SECRET_LINE + "\n", "").replace(
        DEBUG_LINE,
        f"DEBUG = {debug}\nif DEBUG:\n    {branch}\nelse:\n    {SECRET_LINE}",
    )


def test_key_under_if_debug_is_reported_when_debug_can_be_on(tmp_path: Path) -> None:
    settings = debug_branch('os.environ.get("DJANGO_DEBUG", "False") != "false"')
    assert findings(tmp_path, settings, ("HK403",)) == [("HK403", "mysite/settings.py", 9, "error")]
    (message,) = messages(tmp_path / "m", settings, "HK403")
    assert 'when DJANGO_DEBUG is unset, "", "False", "0" or "no"' in message


def test_key_under_if_debug_with_debug_always_on_is_the_production_key(tmp_path: Path) -> None:
    settings = debug_branch('os.getenv("DJANGO_DEBUG") != "FALSE"')
    found = findings(tmp_path, settings, ("HK403",))
    assert found == [("HK403", "mysite/settings.py", 9, "error")]
    (message,) = messages(tmp_path / "m", settings, "HK403")
    assert message.startswith("SECRET_KEY is written in mysite/settings.py: anyone")


def test_key_under_if_debug_with_literal_true(tmp_path: Path) -> None:
    settings = debug_branch("True")
    assert findings(tmp_path, settings, ("HK403",)) == [("HK403", "mysite/settings.py", 9, "error")]


@pytest.mark.parametrize(
    "debug",
    [
        'os.environ.get("DJANGO_DEBUG", "") == "1"',
        "False",
        'bool(int(os.environ.get("DJANGO_DEBUG", "0")))',
    ],
)
def test_key_under_if_debug_is_not_reported_when_debug_is_off(tmp_path: Path, debug: str) -> None:
    settings = debug_branch(debug)
    assert findings(tmp_path, settings, ("HK403",)) == []


def test_a_later_assignment_replaces_the_debug_branch_key(tmp_path: Path) -> None:
    settings = debug_branch('os.getenv("DJANGO_DEBUG", "1") != "0"') + SECRET_LINE + "\n"
    assert findings(tmp_path, settings, ("HK403",)) == []


def test_if_not_debug_with_literal_false_is_unconditional(tmp_path: Path) -> None:
    root_line = 'STATIC_ROOT = BASE_DIR / "staticfiles"\n'
    literal = READY_SETTINGS.replace(DEBUG_LINE, "DEBUG = False").replace(
        root_line, "if not DEBUG:\n    " + root_line
    )
    assert findings(tmp_path, literal, ("HK508",)) == []
    from_env = READY_SETTINGS.replace(root_line, "if not DEBUG:\n    " + root_line)
    assert findings(tmp_path / "env", from_env, ("HK508",)) == [
        ("HK508", "mysite/settings.py", 14, "warning")
    ]


# -- HK606: no DATABASES ------------------------------------------------------------------------
def test_no_databases_with_auth_installed_is_hk606(tmp_path: Path) -> None:
    assert findings(tmp_path, WITH_AUTH.replace(DB_LINE, ""), ("HK606",)) == [
        ("HK606", "mysite/settings.py", 10, "error")
    ]


def test_no_databases_with_a_local_model_app_is_hk606(tmp_path: Path) -> None:
    settings = READY_SETTINGS.replace(DB_LINE, "").replace(
        '["django.contrib.staticfiles"]', '["django.contrib.staticfiles", "polls"]'
    )
    polls = {
        "polls/__init__.py": "",
        "polls/models.py": "from django.db import models\n\n\n"
        "class Question(models.Model):\n    text = models.CharField(max_length=200)\n",
    }
    assert findings(tmp_path, settings, ("HK606",), polls) == [
        ("HK606", "mysite/settings.py", 10, "error")
    ]


@pytest.mark.parametrize(
    "tail, files",
    [
        ("import django_heroku\n\ndjango_heroku.settings(locals())\n", {}),
        ("import dynaconf\n\nsettings = dynaconf.DjangoDynaconf(__name__)\n", {}),
        ("from .production_secrets import *\n", {}),
        ("globals().update(vars(__import__('mysite.db')))\n", {}),
        ("exec(open('extra.py').read())\n", {}),
        ("from .db import *\n", {"mysite/db.py": DB_LINE.replace("dj_database_url.", "")}),
    ],
)
def test_chains_not_understood_or_setting_databases_elsewhere_are_silent(
    tmp_path: Path, tail: str, files: dict[str, str]
) -> None:
    settings = WITH_AUTH.replace(DB_LINE, "") + tail
    assert findings(tmp_path, settings, ("HK606",), files) == []


def test_configurations_class_is_silent(tmp_path: Path) -> None:
    settings = (
        "from configurations import Configuration\n\n\n"
        "class Prod(Configuration):\n"
        '    INSTALLED_APPS = ["django.contrib.auth"]\n'
        '    SECRET_KEY = "x" * 50\n'
    )
    files = {
        "manage.py": READY_FILES["manage.py"].replace(
            'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")',
            'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n'
            'os.environ.setdefault("DJANGO_CONFIGURATION", "Prod")',
        )
    }
    assert findings(tmp_path, settings, ("HK606",), files) == []


# -- HK601: literal remote credentials ----------------------------------------------------------
def test_remote_database_with_password_is_hk601_with_its_own_message(tmp_path: Path) -> None:
    settings = READY_SETTINGS.replace(
        DB_LINE,
        'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "d1",\n'
        '    "USER": "u1", "PASSWORD": "p0123456789",\n'
        '    "HOST": "ec2-54-1-2-3.compute-1.amazonaws.com", "PORT": "5432"}}\n',
    )
    assert findings(tmp_path, settings, ("HK601",)) == [
        ("HK601", "mysite/settings.py", 11, "error")
    ]
    (message,) = messages(tmp_path / "m", settings, "HK601")
    assert "password is published with the code" in message
    assert "Heroku rotates these credentials" in message


def test_localhost_and_compose_hosts_keep_the_fixed_server_message(tmp_path: Path) -> None:
    for index, host in enumerate(("localhost", "db", "127.0.0.1")):
        settings = READY_SETTINGS.replace(
            DB_LINE,
            'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", '
            f'"NAME": "d1", "PASSWORD": "pw", "HOST": "{host}"}}}}\n',
        )
        (message,) = messages(tmp_path / str(index), settings, "HK601")
        assert "a fixed server: it does not exist on Heroku" in message
