"""Which settings Heroku runs (issue 12 §1): the evidence, strongest first, and the findings.

Each shape is a small project whose manage.py and wsgi.py default to development settings
(`DEBUG = True`, a literal SECRET_KEY). Without the evidence that is what herokulint checks
(an HK401 error: the false alarm the field test saw); with it, the production settings the
repository names are checked, and `inspect` says which evidence decided.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import pytest
from conftest import git_commit, write_files

from herokulint.cli import main
from herokulint.engine import check, select_rules
from herokulint.project import ProjectModel
from herokulint.project.settings_evidence import (
    config_set_in_docs,
    names_production_module,
    settings_in_argv,
    settings_in_env_template,
)
from herokulint.rules import MANAGE_PY, READY_FILES, READY_SETTINGS, WSGI_PY

# A development settings.py: what the developer runs, never production.
DEV_SETTINGS = (
    READY_SETTINGS.replace('SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]', 'SECRET_KEY = "dev"')
    .replace('DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"', "DEBUG = True")
    .replace('ALLOWED_HOSTS = [".herokuapp.com"]', "ALLOWED_HOSTS = []")
)
# The production module that builds on it, as a plain sibling.
CLOUD_SETTINGS = """\
import os

from .settings import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = [".herokuapp.com"]
"""


def project(tmp_path: Path, files: dict[str, Optional[str]]) -> Path:
    """READY_FILES with a development mysite/settings.py, changed by `files` (None drops)."""
    merged: dict[str, Optional[str]] = {**READY_FILES, "mysite/settings.py": DEV_SETTINGS}
    merged.update(files)
    write_files(tmp_path, {k: v for k, v in merged.items() if v is not None})
    git_commit(tmp_path)
    return tmp_path


def findings(root: Path) -> list[tuple[str, str, str, int]]:
    _, found = check(root, select_rules())
    return sorted((f.code, f.severity, f.path, f.line) for f in found)


def serious_codes(root: Path) -> set[str]:
    return {code for code, severity, _, _ in findings(root) if severity != "info"}


def chosen(root: Path) -> tuple[str, str, str, int]:
    choice = ProjectModel(root).settings_choice
    assert choice is not None
    return choice.module, choice.evidence, choice.origin, choice.line


# -- the argv helper ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("python manage.py migrate --settings=a.prod", {"DJANGO_SETTINGS_MODULE": "a.prod"}),
        ("python manage.py migrate --settings a.prod", {"DJANGO_SETTINGS_MODULE": "a.prod"}),
        ("./manage.py migrate --noinput --settings=a.prod", {"DJANGO_SETTINGS_MODULE": "a.prod"}),
        ("python -m django migrate --settings=a.prod", {"DJANGO_SETTINGS_MODULE": "a.prod"}),
        ("django-admin migrate --settings=a.prod", {"DJANGO_SETTINGS_MODULE": "a.prod"}),
        ("DJANGO_SETTINGS_MODULE=a.prod celery -A a worker", {"DJANGO_SETTINGS_MODULE": "a.prod"}),
        (
            "export DJANGO_SETTINGS_MODULE=a.prod && gunicorn a.wsgi",
            {"DJANGO_SETTINGS_MODULE": "a.prod"},
        ),
        ("gunicorn a.wsgi -e DJANGO_SETTINGS_MODULE=a.prod", {"DJANGO_SETTINGS_MODULE": "a.prod"}),
        (
            "gunicorn a.wsgi --env=DJANGO_SETTINGS_MODULE=a.prod",
            {"DJANGO_SETTINGS_MODULE": "a.prod"},
        ),
        (
            "gunicorn_django -b 0.0.0.0:$PORT -w 3 a/settings.py",
            {"DJANGO_SETTINGS_MODULE": "a.settings"},
        ),
        (
            "gunicorn_django --workers=4 --bind=0.0.0.0:$PORT a",
            {"DJANGO_SETTINGS_MODULE": "a.settings"},
        ),
        (
            "sh -c 'python manage.py migrate --settings=a.prod'",
            {"DJANGO_SETTINGS_MODULE": "a.prod"},
        ),
        (
            "newrelic-admin run-program python manage.py migrate --settings=a.prod",
            {"DJANGO_SETTINGS_MODULE": "a.prod"},
        ),
        (
            "python manage.py migrate --configuration=Prod --settings=a.base",
            {"DJANGO_SETTINGS_MODULE": "a.base", "DJANGO_CONFIGURATION": "Prod"},
        ),
        ("python manage.py migrate", {}),
        ("celery -A a worker --settings=a.prod", {}),  # not a Django command: not Django's option
        ("python manage.py migrate  # --settings=a.prod", {}),
    ],
)
def test_settings_in_argv(command: str, expected: dict[str, str]) -> None:
    import shlex

    assert settings_in_argv(shlex.split(command)) == expected


def test_config_set_in_docs_reads_continued_commands() -> None:
    text = (
        "# Deploy\n\n```\n$ heroku config:set \\\n    DJANGO_SETTINGS_MODULE=config.settings.production"
        " \\\n    DJANGO_SECRET_KEY=x\n$ heroku config:set DJANGO_CONFIGURATION='Prod' -a app\n```\n"
        "Locally, use DJANGO_SETTINGS_MODULE=config.settings.local.\n"
    )
    assert list(config_set_in_docs(text)) == [
        ("DJANGO_SETTINGS_MODULE", "config.settings.production", 4),
        ("DJANGO_CONFIGURATION", "Prod", 7),
    ]


def test_settings_in_env_template() -> None:
    text = '# copy to .env\nexport DJANGO_SETTINGS_MODULE="a.prod"  # on Heroku\nDEBUG=0\n'
    assert list(settings_in_env_template(text)) == [("DJANGO_SETTINGS_MODULE", "a.prod", 2)]


@pytest.mark.parametrize(
    ("name", "production"),
    [
        ("settings_prod", True),
        ("prod_settings", True),
        ("production", True),
        ("heroku", True),
        ("live", True),
        ("HerokuConfig", True),
        ("Production", True),
        ("settings", False),
        ("prod_local", False),
        ("base", False),
        ("productive", False),
    ],
)
def test_production_names(name: str, production: bool) -> None:
    assert names_production_module(name) is production


# -- a settings module named by a process -----------------------------------------------------
def test_without_evidence_the_development_settings_are_checked(tmp_path: Path) -> None:
    """The false alarm: nothing names mysite/cloud.py, so the development settings.py is
    checked and its deliberate DEBUG = True is a production error."""
    root = project(tmp_path, {"mysite/cloud.py": CLOUD_SETTINGS})
    assert chosen(root) == ("mysite.settings", "entry-default", "mysite/wsgi.py", 5)
    assert "HK401" in serious_codes(root)


@pytest.mark.parametrize(
    "procfile",
    [
        "release: python manage.py migrate --settings=mysite.cloud\nweb: gunicorn mysite.wsgi\n",
        "release: python manage.py migrate --settings mysite.cloud\nweb: gunicorn mysite.wsgi\n",
        "release: DJANGO_SETTINGS_MODULE=mysite.cloud python manage.py migrate\n"
        "web: gunicorn mysite.wsgi\n",
        "worker: DJANGO_SETTINGS_MODULE=mysite.cloud celery -A mysite worker\n"
        "web: gunicorn mysite.wsgi\n",
    ],
)
def test_a_process_naming_the_settings_decides(tmp_path: Path, procfile: str) -> None:
    root = project(tmp_path, {"mysite/cloud.py": CLOUD_SETTINGS, "Procfile": procfile})
    module, evidence, origin, _line = chosen(root)
    assert (module, evidence, origin) == ("mysite.cloud", "process-command", "Procfile")
    assert not {"HK401", "HK403", "HK404"} & serious_codes(root)


def test_release_settings_in_a_settings_package_are_checked(tmp_path: Path) -> None:
    """The issue's example: no HK401 from dev.py when the release uses --settings=…prod."""
    files: dict[str, Optional[str]] = {
        "mysite/settings.py": None,
        "manage.py": MANAGE_PY.replace('"mysite.settings"', '"mysite.settings.dev"'),
        "mysite/wsgi.py": WSGI_PY.replace('"mysite.settings"', '"mysite.settings.dev"'),
        "mysite/settings/__init__.py": "",
        "mysite/settings/base.py": READY_SETTINGS.replace(
            ".parent.parent", ".parent.parent.parent"
        ),
        "mysite/settings/dev.py": 'from .base import *\n\nDEBUG = True\nSECRET_KEY = "dev"\n',
        "mysite/settings/prod.py": "from .base import *\n",
        "mysite/settings/staging.py": "from .base import *\n",
        "Procfile": "release: python manage.py migrate --settings=mysite.settings.prod\n"
        "web: gunicorn mysite.wsgi\n",
    }
    root = project(tmp_path, files)
    assert chosen(root) == ("mysite.settings.prod", "process-command", "Procfile", 1)
    found = findings(root)
    assert not any(code == "HK401" for code, *_ in found)
    # The web process still runs wsgi.py's default unless a config var says otherwise:
    # manage.py's (the build's) default differs from what the release names.
    assert ("HK004", "warning", "manage.py", 7) in found


def test_a_process_naming_a_missing_module_is_left_out(tmp_path: Path, capsys) -> None:
    root = project(
        tmp_path,
        {
            "Procfile": "release: python manage.py migrate --settings=mysite.nowhere\nweb: gunicorn mysite.wsgi\n"
        },
    )
    assert chosen(root)[:2] == ("mysite.settings", "entry-default")
    assert main(["inspect", str(root), "--json"]) == 0
    settings = json.loads(capsys.readouterr().out)["settings"]
    assert settings["left_out"] == ["mysite.nowhere (Procfile:1): no such module in the repository"]


def test_legacy_gunicorn_django_names_the_settings_file(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "mysite/cloud.py": CLOUD_SETTINGS,
            "Procfile": "web: gunicorn_django --workers=4 --bind=0.0.0.0:$PORT mysite/cloud.py\n",
        },
    )
    assert chosen(root) == ("mysite.cloud", "process-command", "Procfile", 1)


def test_heroku_yml_run_commands_name_the_settings(tmp_path: Path) -> None:
    heroku_yml = (
        "build:\n  docker:\n    web: Dockerfile\nrun:\n  web: gunicorn mysite.wsgi\n"
        "  worker: python manage.py rqworker --settings=mysite.cloud\n"
    )
    dockerfile = "FROM python:3.13-slim\nCOPY . /app\nRUN pip install -r requirements.txt\n"
    root = project(
        tmp_path,
        {"mysite/cloud.py": CLOUD_SETTINGS, "heroku.yml": heroku_yml, "Dockerfile": dockerfile},
    )
    assert chosen(root) == ("mysite.cloud", "process-command", "heroku.yml", 6)


def test_the_web_process_environment_still_beats_other_processes(tmp_path: Path) -> None:
    procfile = (
        "release: python manage.py migrate --settings=mysite.cloud\n"
        "web: DJANGO_SETTINGS_MODULE=mysite.settings gunicorn mysite.wsgi\n"
    )
    root = project(tmp_path, {"mysite/cloud.py": CLOUD_SETTINGS, "Procfile": procfile})
    assert chosen(root) == ("mysite.settings", "web-command", "Procfile", 2)


# -- heroku config:set in the docs ------------------------------------------------------------
README = """\
# My site

## Deploying to Heroku

    heroku create
    heroku config:set DJANGO_SETTINGS_MODULE=mysite.cloud DJANGO_SECRET_KEY=...
    git push heroku main
"""


def test_heroku_config_set_in_the_readme_decides(tmp_path: Path) -> None:
    root = project(tmp_path, {"mysite/cloud.py": CLOUD_SETTINGS, "README.md": README})
    assert chosen(root) == ("mysite.cloud", "docs-config-set", "README.md", 6)
    assert "HK401" not in serious_codes(root)
    # A config var: the build's collectstatic sees it too.
    build = ProjectModel(root).build_settings_choice
    assert build is not None and build.module == "mysite.cloud"


def test_heroku_config_set_in_a_docs_page_decides(tmp_path: Path) -> None:
    root = project(tmp_path, {"mysite/cloud.py": CLOUD_SETTINGS, "docs/deploy/heroku.rst": README})
    assert chosen(root)[:3] == ("mysite.cloud", "docs-config-set", "docs/deploy/heroku.rst")


def test_a_readme_that_only_mentions_the_variable_is_no_evidence(tmp_path: Path) -> None:
    readme = "Set DJANGO_SETTINGS_MODULE=mysite.cloud in your shell to try production.\n"
    root = project(tmp_path, {"mysite/cloud.py": CLOUD_SETTINGS, "README.md": readme})
    assert chosen(root)[1] == "entry-default"


# -- committed environment templates ----------------------------------------------------------
@pytest.mark.parametrize("name", [".env.example", ".env.sample", "sample.env", "env.example"])
def test_an_env_template_names_the_settings(tmp_path: Path, name: str) -> None:
    template = "DJANGO_SECRET_KEY=change-me\nDJANGO_SETTINGS_MODULE=mysite.cloud\n"
    root = project(tmp_path, {"mysite/cloud.py": CLOUD_SETTINGS, name: template})
    assert chosen(root) == ("mysite.cloud", "env-template", name, 2)
    assert "HK401" not in serious_codes(root)


def test_a_real_env_file_is_never_read_for_the_settings(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {"mysite/cloud.py": CLOUD_SETTINGS, ".env": "DJANGO_SETTINGS_MODULE=mysite.cloud\n"},
    )
    assert chosen(root)[1] == "entry-default"


def test_an_env_template_for_a_developer_machine_is_no_evidence(tmp_path: Path) -> None:
    files: dict[str, Optional[str]] = {
        "mysite/settings_local.py": "from .settings import *\n",
        ".env.example": "DJANGO_SETTINGS_MODULE=mysite.settings_local\n",
    }
    root = project(tmp_path, files)
    assert chosen(root)[1] == "entry-default"


# -- a production module beside a plain settings.py -------------------------------------------
@pytest.mark.parametrize("name", ["settings_prod", "prod_settings", "production", "heroku", "live"])
def test_a_production_module_building_on_settings_py_is_promoted(tmp_path: Path, name: str) -> None:
    root = project(tmp_path, {f"mysite/{name}.py": CLOUD_SETTINGS})
    assert chosen(root) == (f"mysite.{name}", "production-module", "inferred", 5)
    found = findings(root)
    assert not any(code == "HK401" for code, *_ in found)
    assert ("HK004", "info", "mysite/wsgi.py", 5) in found


def test_a_production_module_building_on_it_through_a_base_is_promoted(tmp_path: Path) -> None:
    files = {
        "mysite/common.py": "from .settings import *\n\nTIME_ZONE = 'UTC'\n",
        "mysite/settings_prod.py": CLOUD_SETTINGS.replace("from .settings", "from .common"),
    }
    root = project(tmp_path, files)
    assert chosen(root)[:2] == ("mysite.settings_prod", "production-module")


def test_a_production_named_module_that_does_not_build_on_the_settings_is_ignored(
    tmp_path: Path,
) -> None:
    """mysite/production.py is not settings (a data-import script): no promotion."""
    root = project(tmp_path, {"mysite/production.py": "LINES = ['a', 'b']\n"})
    assert chosen(root)[1] == "entry-default"
    assert "HK401" in serious_codes(root)


def test_production_candidates_are_ranked_by_their_signs(tmp_path: Path) -> None:
    files = {
        "mysite/live.py": "from .settings import *\n",
        "mysite/settings_prod.py": '"""Production settings."""\n' + CLOUD_SETTINGS,
    }
    root = project(tmp_path, files)
    assert chosen(root)[:2] == ("mysite.settings_prod", "production-module")
    promotion = ProjectModel(root).settings_promotion
    assert promotion is not None
    signs = {c.module: c.signs for c in promotion.candidates}
    assert signs["mysite.live"] == ()
    assert signs["mysite.settings_prod"] == (
        "DEBUG = False (mysite/settings_prod.py:6)",
        "SECRET_KEY from the environment (mysite/settings_prod.py:7)",
        "its docstring or header comment says production (mysite/settings_prod.py)",
    )


def test_tied_production_candidates_keep_the_development_settings_as_info(
    tmp_path: Path,
) -> None:
    files = {"mysite/live.py": CLOUD_SETTINGS, "mysite/settings_prod.py": CLOUD_SETTINGS}
    root = project(tmp_path, files)
    assert chosen(root)[:2] == ("mysite.settings", "entry-default")
    project_model = ProjectModel(root)
    assert project_model.settings_promotion is not None
    assert project_model.settings_promotion.ambiguous
    assert sorted(project_model.presumed_production_siblings) == [
        "mysite.live",
        "mysite.settings_prod",
    ]
    found = findings(root)
    assert ("HK401", "info", "mysite/settings.py", 8) in found  # not an error: not known to run
    assert ("HK004", "info", "mysite/wsgi.py", 5) in found
    # The info says what the module is, not what production would suffer, and offers no fix.
    _, all_findings = check(root, select_rules())
    debug = next(f for f in all_findings if f.code == "HK401")
    assert debug.fix is None
    assert "development settings module the defaults name" in debug.message
    assert "`mysite.live`, `mysite.settings_prod`" in debug.message
    assert "production would" not in debug.message


def test_a_docstring_that_says_not_for_production_is_no_sign(tmp_path: Path) -> None:
    files = {
        "mysite/live.py": '"""Not for production: a demo."""\nfrom .settings import *\n',
        "mysite/settings_prod.py": '"""Settings used in production on Heroku."""\nfrom .settings import *\n',
    }
    root = project(tmp_path, files)
    assert chosen(root)[0] == "mysite.settings_prod"


def test_a_production_module_in_a_settings_package_building_on_its_init(tmp_path: Path) -> None:
    files: dict[str, Optional[str]] = {
        "mysite/settings.py": None,
        "mysite/settings/__init__.py": DEV_SETTINGS.replace(
            ".parent.parent", ".parent.parent.parent"
        ),
        "mysite/settings/production.py": CLOUD_SETTINGS.replace(
            "from .settings", "from mysite.settings"
        ),
    }
    root = project(tmp_path, files)
    assert chosen(root)[:2] == ("mysite.settings.production", "production-module")
    assert "HK401" not in serious_codes(root)


# -- a settings folder without __init__.py --------------------------------------------------
def _namespace_files(production: bool) -> dict[str, Optional[str]]:
    files: dict[str, Optional[str]] = {
        "mysite/settings.py": None,
        "mysite/settings/base.py": READY_SETTINGS.replace(
            ".parent.parent", ".parent.parent.parent"
        ),
        "mysite/settings/dev.py": 'from .base import *\n\nDEBUG = True\nSECRET_KEY = "dev"\n',
    }
    if production:
        files["mysite/settings/prod.py"] = "from .base import *\n\nDEBUG = False\n"
    return files


def test_a_namespace_settings_folder_checks_the_production_module_inside(tmp_path: Path) -> None:
    root = project(tmp_path, _namespace_files(production=True))
    assert chosen(root) == ("mysite.settings.prod", "namespace-package", "inferred", 5)
    found = findings(root)
    assert ("HK004", "info", "mysite/wsgi.py", 5) in found
    # The default still fails where no config var is set, as a warning now.
    assert ("HK002", "warning", "manage.py", 7) in found
    assert not any(code.startswith("HK4") and sev == "error" for code, sev, *_ in found)
    _, all_found = check(root, select_rules(["HK002"]))
    assert "The SECRET_KEY setting must not be empty." in all_found[0].message
    assert "no ModuleNotFoundError" in all_found[0].message
    assert "'mysite.settings.prod'" in all_found[0].message


def test_a_namespace_settings_folder_without_production_module_is_an_error(tmp_path: Path) -> None:
    root = project(tmp_path, _namespace_files(production=False))
    found = findings(root)
    assert ("HK002", "error", "manage.py", 7) in found
    assert ProjectModel(root).settings is None


# -- django-configurations -----------------------------------------------------------------
CONFIGURATIONS_SETTINGS = """\
from configurations import Configuration, values


class Base(Configuration):
    INSTALLED_APPS = ["django.contrib.staticfiles"]
    ALLOWED_HOSTS = [".herokuapp.com"]
    STATIC_URL = "static/"
    STATIC_ROOT = "staticfiles"
    DATABASES = values.DatabaseURLValue("sqlite:///db.sqlite3")


class Dev(Base):
    DEBUG = True
    SECRET_KEY = "dev"
    INSTALLED_APPS = Base.INSTALLED_APPS + ["debug_toolbar"]
"""
PRODUCTION_CLASS = """

class Production(Base):
    \"\"\"Heroku.\"\"\"

    DEBUG = False
    SECRET_KEY = values.SecretValue()
"""
CONFIGURATIONS_MANAGE_PY = MANAGE_PY.replace(
    "    from django.core.management import execute_from_command_line",
    '    os.environ.setdefault("DJANGO_CONFIGURATION", "Dev")\n'
    "    from configurations.management import execute_from_command_line",
)
CONFIGURATIONS_WSGI_PY = WSGI_PY.replace(
    "from django.core.wsgi import get_wsgi_application",
    "from configurations.wsgi import get_wsgi_application",
).replace("\napplication", '\nos.environ.setdefault("DJANGO_CONFIGURATION", "Dev")\n\napplication')


def _configurations(tmp_path: Path, settings: str) -> Path:
    return project(
        tmp_path,
        {
            "manage.py": CONFIGURATIONS_MANAGE_PY,
            "mysite/wsgi.py": CONFIGURATIONS_WSGI_PY,
            "mysite/settings.py": settings,
            "requirements.txt": READY_FILES["requirements.txt"] + "django-configurations==2.5.1\n",
            "requirements-dev.txt": "-r requirements.txt\ndjango-debug-toolbar==5.2.0\n",
        },
    )


def test_a_development_class_beside_a_production_class_checks_production(tmp_path: Path) -> None:
    root = _configurations(tmp_path, CONFIGURATIONS_SETTINGS + PRODUCTION_CLASS)
    model = ProjectModel(root)
    choice = model.configuration_choice
    assert choice is not None
    assert (choice.module, choice.evidence, choice.origin) == (
        "Production",
        "production-class",
        "inferred",
    )
    assert model.settings is not None and model.settings.configuration == "Production"
    promotion = model.configuration_promotion
    assert promotion is not None
    assert promotion.default_signs == (
        "installs debug_toolbar, which only requirements-dev.txt provides (mysite/settings.py)",
    )
    found = findings(root)
    assert not any(code == "HK401" for code, *_ in found)
    assert ("HK004", "info", "mysite/wsgi.py", 7) in found


def test_a_development_class_alone_is_checked(tmp_path: Path) -> None:
    root = _configurations(tmp_path, CONFIGURATIONS_SETTINGS)
    model = ProjectModel(root)
    assert model.settings is not None and model.settings.configuration == "Dev"
    assert "HK401" in serious_codes(root)


# -- what inspect and the reports say -------------------------------------------------------
def _inspect(root: Path, capsys, *args: str) -> Any:
    assert main(["inspect", str(root), *args]) == 0
    out = capsys.readouterr().out
    return json.loads(out) if "--json" in args else out


def test_inspect_says_which_evidence_decided(tmp_path: Path, capsys) -> None:
    root = project(tmp_path, {"mysite/cloud.py": CLOUD_SETTINGS, "README.md": README})
    settings = _inspect(root, capsys, "--json")["settings"]
    assert (settings["module"], settings["evidence"], settings["decided_by"]) == (
        "mysite.cloud",
        "docs-config-set",
        "README.md:6",
    )
    assert [c["evidence"] for c in settings["candidates"]] == [
        "docs-config-set",
        "entry-default",
        "entry-default",
    ]
    text = _inspect(root, capsys)
    assert "decided by docs-config-set at README.md:6" in text


def test_inspect_lists_the_promotion_candidates(tmp_path: Path, capsys) -> None:
    files = {
        "mysite/live.py": "from .settings import *\n",
        "mysite/settings_prod.py": CLOUD_SETTINGS,
    }
    root = project(tmp_path, files)
    settings = _inspect(root, capsys, "--json")["settings"]
    assert settings["evidence"] == "production-module"
    assert settings["decided_by"] == "mysite/wsgi.py:5"
    promotion = settings["promotion"]
    assert promotion["chosen"] == "mysite.settings_prod"
    assert promotion["default"] == "mysite.settings"
    assert [c["module"] for c in promotion["candidates"]] == ["mysite.live", "mysite.settings_prod"]
    text = _inspect(root, capsys)
    assert (
        "production-module: in place of mysite.settings (mysite/wsgi.py:5) chose mysite.settings_prod"
        in text
    )
    assert "considered mysite.live: no production signs" in text


def test_the_text_report_header_and_json_name_the_chosen_settings(tmp_path: Path, capsys) -> None:
    root = project(
        tmp_path,
        {
            "mysite/cloud.py": CLOUD_SETTINGS,
            ".env.example": "DJANGO_SETTINGS_MODULE=mysite.cloud\n",
        },
    )
    main([str(root), "--color", "never"])
    first = capsys.readouterr().out.splitlines()[0]
    assert first == f"{root}: settings mysite.cloud (env template, .env.example:1)"
    main([str(root), "--output-format", "json"])
    document = json.loads(capsys.readouterr().out)
    assert document["projects"][0]["settings"] == ["mysite.cloud", "mysite.settings"]


def test_development_and_production_modules_sharing_a_base_promote_production(
    tmp_path: Path,
) -> None:
    files: dict[str, Optional[str]] = {
        "mysite/settings.py": None,
        "manage.py": MANAGE_PY.replace('"mysite.settings"', '"mysite.settings_dev"'),
        "mysite/wsgi.py": WSGI_PY.replace('"mysite.settings"', '"mysite.settings_dev"'),
        "mysite/settings_base.py": READY_SETTINGS,
        "mysite/settings_dev.py": "from .settings_base import *\n\nDEBUG = True\n",
        "mysite/settings_prod.py": "from .settings_base import *\n\nDEBUG = False\n",
    }
    root = project(tmp_path, files)
    assert chosen(root)[:2] == ("mysite.settings_prod", "production-module")
    assert "HK401" not in serious_codes(root)


def test_a_default_module_that_configures_itself_for_heroku_is_not_replaced(
    tmp_path: Path,
) -> None:
    """sichiiii/cyberjabkaPortfolio: the development default calls django_on_heroku.settings
    (locals()); production.py is an old VPS config that does not even import."""
    heroku_dev = DEV_SETTINGS + "\nimport django_on_heroku\n\ndjango_on_heroku.settings(locals())\n"
    files = {"mysite/settings.py": heroku_dev, "mysite/production.py": CLOUD_SETTINGS}
    root = project(tmp_path, files)
    assert chosen(root)[:2] == ("mysite.settings", "entry-default")
    without = project(tmp_path, {"mysite/settings.py": DEV_SETTINGS})
    assert chosen(without)[:2] == ("mysite.production", "production-module")


# -- a helper that sets the default for manage.py and wsgi.py ---------------------------------
ENVIRONMENT_PY = """\
import os


def get_env():
    if os.environ.get("APP_SETTINGS") == "production":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.cloud")
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
"""

HELPER_MANAGE_PY = """\
#!/usr/bin/env python
import sys

from environment import get_env


def main():
    get_env()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
"""

HELPER_WSGI_PY = """\
from django.core.wsgi import get_wsgi_application

from environment import get_env

get_env()

application = get_wsgi_application()
"""


def test_a_helper_module_that_sets_the_settings_is_followed(tmp_path: Path) -> None:
    """PatrickCmd/flight-booking-application: manage.py and wsgi.py call get_env() from
    environment.py, which sets DJANGO_SETTINGS_MODULE."""
    files = {
        "environment.py": ENVIRONMENT_PY,
        "manage.py": HELPER_MANAGE_PY,
        "mysite/wsgi.py": HELPER_WSGI_PY,
        "mysite/cloud.py": CLOUD_SETTINGS,
    }
    root = project(tmp_path, files)
    assert chosen(root) == ("mysite.cloud", "entry-default", "environment.py", 6)
    assert "HK002" not in serious_codes(root)


def test_a_helper_imported_but_never_called_is_not_followed(tmp_path: Path) -> None:
    files = {
        "environment.py": ENVIRONMENT_PY,
        "manage.py": HELPER_MANAGE_PY.replace("    get_env()\n", ""),
        "mysite/wsgi.py": HELPER_WSGI_PY.replace("get_env()\n", ""),
    }
    root = project(tmp_path, files)
    assert ProjectModel(root).settings_choice is None
    assert "HK002" in serious_codes(root)
