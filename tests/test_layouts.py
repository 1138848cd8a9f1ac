"""Real-world settings layouts, end to end (issue 4; shared notes django-config §2-§4).

Each layout fixture is a small complete project; these tests check the production settings
chain `inspect --json` prints, that correct projects get no warning or error, that every env
-reading style with a correct conversion passes, and that every buggy idiom B1-B11 of notes
§2c is caught.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any, Optional

import pytest
from conftest import deploy_checklist_codes, git_commit, write_files

from herokulint.cli import main
from herokulint.engine import check, select_rules
from herokulint.rules import MANAGE_PY, READY_FILES, WSGI_PY

# Django's deploy checklist (HK408 on) is judged against Django itself in
# tests/test_django_checklist.py; these tests are about reading the layouts.
ALL = select_rules(ignore=sorted(deploy_checklist_codes()))
SETTINGS_RULES = select_rules(
    ["HK4", "HK5", "HK6", "HK004"], ignore=sorted(deploy_checklist_codes())
)


def inspect_json(root: Path, capsys) -> dict[str, Any]:
    assert main(["inspect", str(root), "--json"]) == 0
    return json.loads(capsys.readouterr().out)["settings"]


def serious(root: Path, rules: Optional[list] = None) -> list[tuple[str, str, int]]:
    _, found = check(root, ALL if rules is None else rules)
    return [(f.code, f.path, f.line) for f in found if f.severity != "info"]


# -- the production settings chain of each layout ---------------------------------------------
CHAINS = {
    "split-settings": ("shop/wsgi.py:14", ["shop.settings.production", "shop.settings.base"]),
    "split-settings-env-selected": (
        "server/wsgi.py:5",
        [
            "server.settings",
            "server.settings.components.common",
            "server.settings.components.database",
            "server.settings.components.static",
            "server.settings.environments.development",
            "server.settings.environments.production",
        ],
    ),
    "environ-style": ("blog/wsgi.py:14", ["blog.settings"]),
    "decouple-style": ("notes/wsgi.py:14", ["notes.settings"]),
    "django-configurations": (
        "bookshelf/wsgi.py:3",
        ["bookshelf.settings", "bookshelf.settings.common", "bookshelf.settings.production"],
    ),
    "django-heroku-helper": ("blog/wsgi.py:9", ["blog.settings"]),
    "dyno-conditional": ("kitchen/wsgi.py:5", ["kitchen.settings"]),
    "cookiecutter-django": (
        "app.json:4",
        ["config.settings.production", "config.settings.base"],
    ),
    "getting-started": ("gettingstarted/wsgi.py:11", ["gettingstarted.settings"]),
}


@pytest.mark.parametrize("name", sorted(CHAINS))
def test_inspect_prints_the_production_settings_chain(fixture_copy, capsys, name: str) -> None:
    settings = inspect_json(fixture_copy(name), capsys)
    origin, chain = CHAINS[name]
    assert settings["origin"] == origin
    assert [item["module"] for item in settings["chain"]] == chain
    assert settings["unresolved_imports"] == []


def test_env_selected_environment_file_is_read_with_every_candidate(fixture_copy, capsys):
    settings = inspect_json(fixture_copy("split-settings-env-selected"), capsys)
    env = "server/settings/environments"
    assert settings["selected_by_env"] == [
        {
            "variable": "DJANGO_ENV",
            "default": f"{env}/development.py",
            "read": [f"{env}/development.py", f"{env}/production.py"],
            "candidates": [f"{env}/development.py", f"{env}/production.py"],
            "origin": "server/settings/__init__.py:24",
        }
    ]
    assert settings["skipped_optional"] == [f"{env}/local.py (server/settings/__init__.py:24)"]


def test_django_configurations_class_comes_from_app_json(fixture_copy, capsys) -> None:
    settings = inspect_json(fixture_copy("django-configurations"), capsys)
    assert settings["configuration_class"] == {"class": "Production", "origin": "app.json:4"}


def test_inspect_text_says_how_the_environment_chose_the_module(fixture_copy, capsys) -> None:
    assert main(["inspect", str(fixture_copy("split-settings-env-selected"))]) == 0
    out = capsys.readouterr().out
    assert "$DJANGO_ENV picks the module at server/settings/__init__.py:24" in out
    assert "only what all of them agree on is used" in out


# -- correct layouts: no warning, no error ----------------------------------------------------
CLEAN = [
    "split-settings",
    "split-settings-env-selected",
    "environ-style",
    "decouple-style",
    "django-configurations",
    "dyno-conditional",
    "cookiecutter-django",
    "getting-started",
    "heroku-ready",
]


@pytest.mark.parametrize("name", CLEAN)
def test_correct_layouts_have_no_warning_or_error(fixture_copy, name: str) -> None:
    assert serious(fixture_copy(name)) == []


def test_getting_started_gives_only_advice(fixture_copy) -> None:
    _, found = check(fixture_copy("getting-started"), ALL)
    assert [f for f in found if f.severity != "info"] == []
    assert {(f.code, f.path, f.line) for f in found} >= {
        ("HK110", "Procfile", 5),  # it ships with `#release: ./manage.py migrate` commented out
        ("HK405", "gettingstarted/settings.py", 37),  # ["*"] behind Heroku's router
        ("HK704", ".env", 1),  # committed for `heroku local`, holding no secret
    }


def test_django_heroku_helper_findings(fixture_copy) -> None:
    _, found = check(fixture_copy("django-heroku-helper"), SETTINGS_RULES)
    settings = "blog/settings.py"
    assert sorted((f.code, f.severity, f.path, f.line) for f in found) == [
        ("HK403", "error", settings, 16),  # the literal key stays unless SECRET_KEY is set
        ("HK405", "info", settings, 80),  # the helper sets ALLOWED_HOSTS = ["*"]
        ("HK504", "warning", settings, 80),  # ... inserts WhiteNoise before SecurityMiddleware
        ("HK505", "warning", settings, 80),  # ... and STATICFILES_STORAGE, ignored by 5.2
    ]


def test_cookiecutter_without_the_config_var_builds_with_local_settings(fixture_copy) -> None:
    root = fixture_copy("cookiecutter-django")
    (root / "app.json").unlink()
    assert serious(root, SETTINGS_RULES) == [("HK004", "manage.py", 7)]


def test_configurations_class_differs_between_build_and_web(fixture_copy) -> None:
    root = fixture_copy("django-configurations")
    (root / "app.json").unlink()
    assert serious(root, SETTINGS_RULES) == [("HK004", "manage.py", 7)]


def test_configurations_dev_class_is_not_production(fixture_copy) -> None:
    from herokulint.project import ProjectModel
    from herokulint.project.values import Env

    model = ProjectModel(fixture_copy("django-configurations", git=False)).settings
    assert model is not None and model.configuration == "Production"
    debug = model.get("DEBUG")
    assert isinstance(debug.value, Env) and debug.value.var == "DJANGO_DEBUG"
    assert (debug.relpath, debug.line) == ("bookshelf/settings/common.py", 11)


def test_dyno_conditional_development_branch_is_not_production(fixture_copy) -> None:
    root = fixture_copy("dyno-conditional")
    settings = root / "kitchen" / "settings.py"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace('ON_HEROKU = "DYNO" in os.environ', "ON_HEROKU = False"))
    codes = {code for code, _, _ in serious(root, SETTINGS_RULES)}
    assert {"HK401", "HK403", "HK404"} <= codes


def test_env_selected_default_names_production_then_it_is_read(fixture_copy) -> None:
    root = fixture_copy("split-settings-env-selected")
    init = root / "server" / "settings" / "__init__.py"
    init.write_text(init.read_text().replace('or "development"', 'or "production"'))
    env = root / "server" / "settings" / "environments" / "production.py"
    env.write_text(env.read_text().replace("DEBUG = False", "DEBUG = True"))
    assert serious(root, SETTINGS_RULES) == [
        ("HK401", "server/settings/environments/production.py", 3)
    ]


# -- every env-reading style with a correct conversion passes ---------------------------------
HEAD = "from pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\n"
TAIL = """
INSTALLED_APPS = ["django.contrib.staticfiles"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
]
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
"""
STYLES: dict[str, dict[str, str]] = {
    "os.environ": {
        "mysite/settings.py": HEAD
        + """import os
import dj_database_url

DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", ".herokuapp.com").split(",")
DATABASES = {"default": dj_database_url.config(conn_max_age=600, conn_health_checks=True)}
"""
        + TAIL
    },
    "os.getenv with helpers": {
        "mysite/settings.py": HEAD
        + """from os import getenv

from dj_database_url import config as db_config


def env_bool(name, default="0"):
    return getenv(name, default).strip().lower() in ("1", "true", "yes", "on")


DEBUG = env_bool("DJANGO_DEBUG")
SECRET_KEY = getenv("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in getenv("ALLOWED_HOSTS", ".herokuapp.com").split(",")]
DATABASES = {"default": db_config(conn_max_age=600)}
"""
        + TAIL
    },
    "django-environ": {
        "mysite/settings.py": HEAD
        + """import environ

env = environ.Env(DEBUG=(bool, False))
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[".herokuapp.com"])
DATABASES = {"default": env.db()}
"""
        + TAIL
    },
    "python-decouple": {
        "mysite/settings.py": HEAD
        + """from decouple import Csv, config
from dj_database_url import parse as db_url

DEBUG = config("DEBUG", default=False, cast=bool)
SECRET_KEY = config("SECRET_KEY")
ALLOWED_HOSTS = config("ALLOWED_HOSTS", default=".herokuapp.com", cast=Csv())
DATABASES = {"default": config("DATABASE_URL", cast=db_url)}
"""
        + TAIL
    },
    "django-configurations": {
        "manage.py": MANAGE_PY.replace(
            "    from django",
            '    os.environ.setdefault("DJANGO_CONFIGURATION", "Prod")\n    from django',
        ),
        "mysite/wsgi.py": WSGI_PY.replace(
            "\napplication", 'os.environ.setdefault("DJANGO_CONFIGURATION", "Prod")\n\napplication'
        ),
        "mysite/settings.py": """from pathlib import Path

from configurations import Configuration, values


class Prod(Configuration):
    BASE_DIR = Path(__file__).resolve().parent.parent
    DEBUG = values.BooleanValue(False)
    SECRET_KEY = values.SecretValue()
    ALLOWED_HOSTS = values.ListValue([".herokuapp.com"])
    DATABASES = values.DatabaseURLValue()
    INSTALLED_APPS = ["django.contrib.staticfiles"]
    MIDDLEWARE = [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]
    STATIC_URL = "static/"
    STATIC_ROOT = BASE_DIR / "staticfiles"
""",
    },
    "pydantic-settings": {
        "mysite/settings.py": HEAD
        + """import dj_database_url
from pydantic_settings import BaseSettings, SettingsConfigDict


class Environment(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DJANGO_")

    debug: bool = False
    secret_key: str
    allowed_hosts: list[str] = [".herokuapp.com"]


environment = Environment()
DEBUG = environment.debug
SECRET_KEY = environment.secret_key
ALLOWED_HOSTS = environment.allowed_hosts
DATABASES = {"default": dj_database_url.config(conn_max_age=600)}
"""
        + TAIL
    },
    "split-settings include": {
        "mysite/settings.py": """from split_settings.tools import include, optional

include("components/*.py", optional("local_settings.py"))
""",
        # The component runs in mysite/settings.py's globals: `__file__` is that file.
        "mysite/components/base.py": HEAD + TAIL,
        "mysite/components/env.py": """import os
import dj_database_url

DEBUG = os.environ.get("DJANGO_DEBUG", "false").lower() in ("1", "true")
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", ".herokuapp.com").split(",")
DATABASES = {"default": dj_database_url.config(conn_max_age=600)}
""",
        "mysite/local_settings.py": "DEBUG = True\nSECRET_KEY = 'local'\n",
    },
    "dyno conditional": {
        "mysite/settings.py": HEAD
        + """import os
import dj_database_url

IS_HEROKU = "DYNO" in os.environ
if IS_HEROKU:
    DEBUG = False
    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
    ALLOWED_HOSTS = [".herokuapp.com"]
    DATABASES = {"default": dj_database_url.config(conn_max_age=600, ssl_require=True)}
else:
    DEBUG = True
    SECRET_KEY = "django-insecure-local"
    ALLOWED_HOSTS = []
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}
"""
        + TAIL
    },
}


def make(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "app"
    root.mkdir()
    background = {path: text for path, text in READY_FILES.items() if path != "mysite/settings.py"}
    write_files(root, {**background, **files})
    git_commit(root)
    return root


@pytest.mark.parametrize("style", sorted(STYLES))
def test_env_values_with_a_correct_conversion_give_no_finding(tmp_path: Path, style: str):
    root = make(tmp_path, STYLES[style])
    _, found = check(root, SETTINGS_RULES)
    assert [(f.code, f.message) for f in found] == []
    from herokulint.project import ProjectModel

    model = ProjectModel(root).settings
    assert model is not None
    for name in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASES"):
        assert name in model, f"{style}: {name} was not resolved"


# -- every buggy idiom of notes §2c is caught -------------------------------------------------
READY = READY_FILES["mysite/settings.py"]
DEBUG_LINE = 'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"'
HOSTS_LINE = 'ALLOWED_HOSTS = [".herokuapp.com"]'


def replaced(line: str, new: str, imports: str = "") -> str:
    return imports + READY.replace(line, new)


BUGGY = [
    ("B1", replaced(DEBUG_LINE, 'DEBUG = os.environ.get("DEBUG", True)'), "HK402", "error"),
    ("B2", replaced(DEBUG_LINE, 'DEBUG = os.environ.get("DEBUG")'), "HK402", "error"),
    ("B2", replaced(DEBUG_LINE, 'DEBUG = os.environ.get("DJANGO_DEBUG", False)'), "HK402", "error"),
    ("B3", replaced(DEBUG_LINE, 'DEBUG = os.getenv("DEBUG", True)'), "HK402", "error"),
    (
        "B4",
        replaced(DEBUG_LINE, 'DEBUG = env("DEBUG")', "import environ\nenv = environ.Env()\n"),
        "HK402",
        "error",
    ),
    (
        "B4",
        replaced(
            DEBUG_LINE, 'DEBUG = config("DEBUG", default=False)', "from decouple import config\n"
        ),
        "HK402",
        "error",
    ),
    ("B5", replaced(DEBUG_LINE, 'DEBUG = bool(os.getenv("DEBUG", 0))'), "HK402", "error"),
    (
        "B6",
        replaced(
            DEBUG_LINE,
            'DEBUG = config("DEBUG", default=True, cast=bool)',
            "from decouple import config\n",
        ),
        "HK402",
        "warning",
    ),
    ("B7", replaced(DEBUG_LINE, 'DEBUG = int(os.environ.get("DEBUG"))'), "HK402", "error"),
    (
        "B8",
        replaced(HOSTS_LINE, 'ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS").split(",")'),
        "HK404",
        "error",
    ),
    (
        "B9",
        replaced(
            HOSTS_LINE,
            'ALLOWED_HOSTS = config("ALLOWED_HOSTS", default="*").split(",")',
            "from decouple import config\n",
        ),
        "HK405",
        "info",
    ),
    (
        "B10",
        READY
        + 'if "DATABASE_URL" and "POSTGIS_URL" in os.environ:\n'
        + '    DATABASES = {"default": dj_database_url.config(env="POSTGIS_URL")}\n',
        "HK602",
        "error",
    ),
    (
        "B11",
        replaced(
            DEBUG_LINE,
            "class Env(BaseSettings):\n"
            '    debug: str = Field(default="", alias="DEBUG")\n\n\n'
            "DEBUG = Env().debug",
            "from pydantic import Field\nfrom pydantic_settings import BaseSettings\n",
        ),
        "HK402",
        "error",
    ),
]


@pytest.mark.parametrize(
    ("idiom", "settings", "code", "severity"),
    BUGGY,
    ids=[f"{idiom}-{index}" for index, (idiom, *_rest) in enumerate(BUGGY)],
)
def test_buggy_idiom_is_caught(tmp_path: Path, idiom, settings, code, severity) -> None:
    root = make(tmp_path, {"mysite/settings.py": settings})
    _, found = check(root, SETTINGS_RULES)
    assert (code, severity) in [(f.code, f.severity) for f in found], idiom


# -- split-settings components see the including module's __file__ ----------------------------
COMPONENT = (
    READY.replace(
        "BASE_DIR = Path(__file__).resolve().parent.parent",
        "BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))",
    ).replace(
        'STATIC_ROOT = BASE_DIR / "staticfiles"',
        'STATIC_ROOT = os.path.join(BASE_DIR, "staticfiles")',
    )
    + 'STATICFILES_DIRS = [os.path.join(BASE_DIR, "static")]\n'
)
SPLIT_INIT = 'from split_settings.tools import include\ninclude("components/common.py")\n'


def test_staticfiles_dirs_in_a_component_resolve_from_the_including_module(tmp_path: Path):
    """Field report: BASE_DIR in mysite/settings/components/common.py is mysite/, because
    split-settings gives the component mysite/settings/__init__.py's `__file__`."""
    root = make(
        tmp_path,
        {
            "mysite/settings/__init__.py": SPLIT_INIT,
            "mysite/settings/components/common.py": COMPONENT,
            "mysite/static/app.css": "body {}\n",
        },
    )
    _, found = check(root, select_rules(["HK501", "HK506"]))
    assert found == []


def test_missing_staticfiles_dir_in_a_component_is_reported_at_its_line(tmp_path: Path):
    root = make(
        tmp_path,
        {
            "mysite/settings/__init__.py": SPLIT_INIT,
            "mysite/settings/components/common.py": COMPONENT,
        },
    )
    _, found = check(root, SETTINGS_RULES)
    (missing,) = [f for f in found if f.code == "HK506"]
    line = COMPONENT.splitlines().index('STATICFILES_DIRS = [os.path.join(BASE_DIR, "static")]')
    assert (missing.path, missing.line) == ("mysite/settings/components/common.py", line + 1)
    assert "lists mysite/static/," in missing.message


def test_dynaconf_makes_hard_coded_values_info(tmp_path: Path) -> None:
    settings = (
        READY.replace(DEBUG_LINE, "DEBUG = True").replace(
            'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]', 'SECRET_KEY = "not-really-secret"'
        )
        + "\nimport dynaconf  # noqa\nsettings = dynaconf.DjangoDynaconf(__name__)  # noqa\n"
    )
    root = make(tmp_path, {"mysite/settings.py": settings})
    _, found = check(root, SETTINGS_RULES)
    assert sorted((f.code, f.severity) for f in found) == [("HK401", "info"), ("HK403", "info")]


def test_fixture_folder_names_match_the_catalogue() -> None:
    fixtures = Path(__file__).parent / "fixtures"
    for name in [*CHAINS, "getting-started"]:
        assert (fixtures / name).is_dir(), name
    assert shutil.which("git") is not None


def test_a_settings_default_spelled_with_an_escape_is_still_found() -> None:
    """A file that cannot name the variable is not walked; with an escape it can, so it is."""
    import libcst as cst

    from herokulint.project.discover import configuration_in, settings_module_in

    text = 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODUL\\x45", "mysite.settings")\n'
    module = cst.parse_module(text)
    choice = settings_module_in(module, "manage.py", text)
    assert choice is not None and choice.module == "mysite.settings"
    assert configuration_in(module, "manage.py", text) is None


def _inferred_layout(
    tmp_path: Path, production: Optional[str], *, default: str = "dev", sibling: str = "production"
) -> list[tuple[str, str, int]]:
    """manage.py and wsgi.py default to settings.`default` (settings.dev: DEBUG = True);
    `production`, when given, is the text of a sibling settings/`sibling`.py."""
    files = {k: v for k, v in READY_FILES.items() if k != "mysite/settings.py"}
    files["manage.py"] = MANAGE_PY.replace('"mysite.settings"', f'"mysite.settings.{default}"')
    files["mysite/wsgi.py"] = WSGI_PY.replace('"mysite.settings"', f'"mysite.settings.{default}"')
    files["mysite/settings/__init__.py"] = ""
    files["mysite/settings/base.py"] = READY_FILES["mysite/settings.py"].replace(
        "BASE_DIR = Path(__file__).resolve().parent.parent",
        "BASE_DIR = Path(__file__).resolve().parent.parent.parent",
    )
    files["mysite/settings/dev.py"] = "from .base import *\n\nDEBUG = True\n"
    if production is not None:
        files[f"mysite/settings/{sibling}.py"] = production
    write_files(tmp_path, files)
    git_commit(tmp_path)
    _, findings = check(tmp_path, select_rules())
    return sorted((f.code, f.severity, f.line) for f in findings)


def test_development_defaults_beside_a_production_module_check_the_production_one(
    tmp_path: Path,
) -> None:
    found = _inferred_layout(tmp_path, "from .base import *\n")
    assert ("HK004", "info", 5) in found  # wsgi.py's default, said once as info
    assert not any(code == "HK401" for code, _, _ in found)


def test_development_defaults_alone_are_checked_as_they_are(tmp_path: Path) -> None:
    found = _inferred_layout(tmp_path, None)
    assert ("HK401", "error", 3) in found
    assert not any(code == "HK004" for code, _, _ in found)


def test_a_base_default_beside_a_production_module_checks_the_production_one(
    tmp_path: Path,
) -> None:
    production = 'from .base import *\n\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n'
    found = _inferred_layout(tmp_path, "import os\n" + production, default="base")
    assert ("HK004", "info", 5) in found
    assert not any(code in ("HK401", "HK403") for code, _, _ in found)


def test_a_development_default_beside_unknown_siblings_is_reported_as_info(
    tmp_path: Path,
) -> None:
    found = _inferred_layout(tmp_path, "from .base import *\n", sibling="cabotage")
    assert ("HK401", "info", 3) in found  # DEBUG = True in dev.py may never reach production
    assert ("HK004", "info", 5) in found


# -- manage.py putting a folder on sys.path (codabench: `sys.path.append('src')`) -------------
SRC_MANAGE_PY = """\
import os
import sys

if __name__ == "__main__":
    sys.path.append("src")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.develop")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
"""


def _src_layout(tmp_path: Path, manage_py: str, **files: Optional[str]) -> Path:
    """manage.py selects `settings.develop`, which lives in src/settings/develop.py."""
    root = tmp_path / "app"
    layout = {k: v for k, v in READY_FILES.items() if not k.startswith("mysite/")}
    layout.update(
        {
            "manage.py": manage_py,
            "src/settings/__init__.py": "",
            "src/settings/develop.py": READY_FILES["mysite/settings.py"],
            "src/wsgi.py": WSGI_PY.replace('"mysite.settings"', '"settings.develop"'),
        }
    )
    layout.update(files)
    write_files(root, {k: v for k, v in layout.items() if v is not None})
    git_commit(root)
    return root


@pytest.mark.parametrize(
    "added",
    [
        'sys.path.append("src")',
        "sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'src'))",
        'sys.path.append(str(Path(__file__).resolve().parent / "src"))',
    ],
)
def test_settings_in_a_folder_manage_py_adds_to_sys_path_are_found(
    tmp_path: Path, added: str
) -> None:
    manage_py = "from pathlib import Path\n" + SRC_MANAGE_PY.replace(
        'sys.path.append("src")', added
    )
    root = _src_layout(tmp_path, manage_py, Procfile=None)
    _, found = check(root, ALL)
    assert [(f.code, f.path, f.line) for f in found if f.severity == "error"] == [
        ("HK101", "manage.py", 1)
    ]
    hk101 = next(f for f in found if f.code == "HK101")
    # gunicorn does not run manage.py: it needs the folder as its --chdir
    assert "`web: gunicorn --chdir src wsgi`" in hk101.message
    from herokulint.project import ProjectModel

    project = ProjectModel(root)
    assert project.settings is not None and project.settings.relpath == "src/settings/develop.py"


def test_a_folder_manage_py_adds_to_sys_path_is_not_the_web_process_s(tmp_path: Path) -> None:
    """The Procfile's gunicorn imports mysite.wsgi, which names the same settings: only
    manage.py's own process has src/ on sys.path."""
    wsgi = WSGI_PY.replace('"mysite.settings"', '"settings.develop"')
    root = _src_layout(
        tmp_path, SRC_MANAGE_PY, **{"mysite/__init__.py": "", "mysite/wsgi.py": wsgi}
    )
    assert serious(root, select_rules(["HK002"])) == [("HK002", "mysite/wsgi.py", 5)]


@pytest.mark.parametrize(
    ("manage_py", "where"),
    [
        # only when a condition holds
        (
            SRC_MANAGE_PY.replace(
                '    sys.path.append("src")',
                '    if os.environ.get("DEV"):\n        sys.path.append("src")',
            ),
            "manage.py",
        ),
        # relative to the working directory (the app root), not to a nested manage.py
        (SRC_MANAGE_PY, "backend/manage.py"),
    ],
)
def test_sys_path_additions_that_do_not_reach_the_settings_leave_them_unresolved(
    tmp_path: Path, manage_py: str, where: str
) -> None:
    files = {"manage.py": None, where: manage_py}
    if where != "manage.py":
        files["backend/src/settings/__init__.py"] = ""
        files["backend/src/settings/develop.py"] = READY_FILES["mysite/settings.py"]
        files["src/settings/develop.py"] = None
        files["src/settings/__init__.py"] = None
    root = _src_layout(tmp_path, manage_py, **files)
    assert [code for code, _, _ in serious(root, select_rules(["HK002"]))] == ["HK002"]


# -- the line a settings default is set on -----------------------------------------------------
def test_the_settings_choice_is_on_the_line_of_the_call_that_sets_it(tmp_path: Path) -> None:
    """Not on a comment, nor on another call, naming the variable first
    (django-react-boilerplate's manage.py)."""
    manage_py = """\
import os
import sys

from decouple import config


def main():
    # DJANGO_SETTINGS_MODULE comes from the environment, or from .env
    settings_module = config("DJANGO_SETTINGS_MODULE", default=None)
    if settings_module is None:
        print("Error: no DJANGO_SETTINGS_MODULE set")
        sys.exit(1)
    os.environ.setdefault(
        "DJANGO_SETTINGS_MODULE",
        "mysite.nosuch",
    )
"""
    wsgi = WSGI_PY.replace(
        'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")',
        "# If DJANGO_SETTINGS_MODULE is unset, default to the local settings\n"
        'os.environ["DJANGO_SETTINGS_MODULE"] = "mysite.nosuch"',
    )
    root = make(tmp_path, {"manage.py": manage_py, "mysite/wsgi.py": wsgi})
    assert sorted(serious(root, select_rules(["HK002"]))) == [
        ("HK002", "manage.py", 13),
        ("HK002", "mysite/wsgi.py", 6),
    ]


def test_wsgi_application_in_a_folder_manage_py_adds_to_sys_path(tmp_path: Path) -> None:
    settings = READY_FILES["mysite/settings.py"] + 'WSGI_APPLICATION = "wsgi.application"\n'
    root = _src_layout(
        tmp_path, SRC_MANAGE_PY, Procfile=None, **{"src/settings/develop.py": settings}
    )
    _, found = check(root, ALL)
    hk101 = next(f for f in found if f.code == "HK101")
    assert "`web: gunicorn --chdir src wsgi`" in hk101.message
    assert hk101.fix is not None


def test_a_manage_py_branch_for_the_test_command_is_not_the_build_s_settings(
    tmp_path: Path,
) -> None:
    from herokulint.project import ProjectModel

    manage_py = MANAGE_PY.replace(
        '    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n',
        '    if sys.argv[1:2] == ["test"]:\n'
        '        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.test_settings")\n'
        "    else:\n"
        '        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n',
    )
    assert "test_settings" in manage_py
    write_files(tmp_path, {**READY_FILES, "manage.py": manage_py})
    git_commit(tmp_path)
    project = ProjectModel(tmp_path)
    assert project.build_settings_choice is not None
    assert project.build_settings_choice.module == "mysite.settings"
    _, found = check(tmp_path, select_rules())
    assert not any(f.code in ("HK002", "HK004") for f in found)
