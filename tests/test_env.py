"""Config vars (issue 13): environment reads as project facts, `herokulint env` in every
format, `--config-vars` (HK801-HK803, the settings choice, DISABLE_COLLECTSTATIC), and the
environment-read spellings of issue 12 §5."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import libcst
import pytest
from conftest import FIXTURES, git_commit, write_files

from herokulint.catalogue import load_rules
from herokulint.cli import main
from herokulint.configvars import ConfigVars, parse_config_vars
from herokulint.engine import UsageError, check
from herokulint.fix import run_fixes
from herokulint.project import ProjectModel
from herokulint.rules import READY_FILES, READY_SETTINGS

RULES = load_rules()
SECRET_LINE = 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n'


def env_json(root: Path, capsys: Any) -> dict[str, Any]:
    assert main(["env", str(root), "--output-format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def table(data: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    return {
        v["name"]: (v["required"], v["fails_with"], v["default"], v["cast"], tuple(v["feeds"]))
        for v in data["variables"]
    }


def project_with(tmp_path: Path, settings: str, **files: str) -> Path:
    root = tmp_path / "app"
    write_files(root, {**READY_FILES, "mysite/settings.py": settings, **files})
    return root


# -- one fixture per reading style -------------------------------------------------------------
STYLES = {
    "heroku-ready": {  # os.environ
        "DJANGO_SECRET_KEY": (True, "KeyError", None, "str", ("SECRET_KEY",)),
        "DJANGO_DEBUG": (False, None, "", "bool", ("DEBUG",)),
    },
    "environ-style": {  # django-environ
        "SECRET_KEY": (True, "ImproperlyConfigured", None, "str", ("SECRET_KEY",)),
        "DEBUG": (False, None, "False", "bool", ("DEBUG",)),
        "ALLOWED_HOSTS": (False, None, ".herokuapp.com", "list", ("ALLOWED_HOSTS",)),
        "DATABASE_URL": (False, None, "sqlite:///db.sqlite3", "url", ("DATABASES",)),
    },
    "decouple-style": {  # python-decouple
        "SECRET_KEY": (True, "UndefinedValueError", None, "str", ("SECRET_KEY",)),
        "DEBUG": (False, None, "False", "bool", ("DEBUG",)),
        "ALLOWED_HOSTS": (False, None, ".herokuapp.com", "list", ("ALLOWED_HOSTS",)),
    },
    "django-configurations": {  # values.* with the DJANGO_ prefix
        "DJANGO_CONFIGURATION": (False, None, "Production", "str", ()),
        "DJANGO_SECRET_KEY": (True, "ValueError", None, "str", ("SECRET_KEY",)),
        "DJANGO_DEBUG": (False, None, "False", "bool", ("DEBUG",)),
        "DJANGO_ALLOWED_HOSTS": (False, None, ".herokuapp.com", "list", ("ALLOWED_HOSTS",)),
        "DATABASE_URL": (True, "dummy database", None, "url", ("DATABASES",)),
    },
    "pydantic-settings": {  # fields with env_prefix, an alias
        "DJANGO_SECRET_KEY": (True, "ValidationError", None, "str", ("SECRET_KEY",)),
        "DJANGO_DEBUG": (False, None, "False", "bool", ("DEBUG",)),
        "DJANGO_ALLOWED_HOSTS": (False, None, ".herokuapp.com", "list", ("ALLOWED_HOSTS",)),
        "DATABASE_URL": (True, "ValidationError", None, "url", ("DATABASES",)),
    },
    "dj-database-url-parse": {  # parse(os.environ[...]); a read under `if DEBUG:` is not listed
        "SECRET_KEY": (True, "KeyError", None, "str", ("SECRET_KEY",)),
        "DEBUG": (False, None, "False", "bool", ("DEBUG",)),
        "ALLOWED_HOSTS": (False, None, ".herokuapp.com", "list", ("ALLOWED_HOSTS",)),
        "DATABASE_URL": (True, "KeyError", None, "url", ("DATABASES",)),
        "REDIS_URL": (True, "KeyError", None, "str", ("CACHES",)),
    },
    "guide-as-written": {  # dj_database_url.config() with no default
        "DATABASE_URL": (True, "dummy database", None, "url", ("DATABASES",)),
    },
}


@pytest.mark.parametrize("name", sorted(STYLES))
def test_env_table_per_reading_style(name: str, capsys: Any) -> None:
    data = env_json(FIXTURES / name, capsys)
    assert data["version"] == 1 and data["tool"]["name"] == "herokulint"
    found = table(data)
    for variable, expected in STYLES[name].items():
        assert found[variable] == expected, variable
    listed = [v for v in data["variables"] if v["name"] == "DJANGO_SETTINGS_MODULE"]
    assert all(not v["required"] for v in listed)
    assert "INTERNAL_IPS" not in found  # read only under `if DEBUG:`


def test_env_entries_carry_reads_secrets_and_providers(capsys: Any) -> None:
    data = env_json(FIXTURES / "dj-database-url-parse", capsys)
    by_name = {v["name"]: v for v in data["variables"]}
    assert by_name["SECRET_KEY"]["secret"] is True
    assert by_name["SECRET_KEY"]["reads"] == [
        {
            "path": "mysite/settings.py",
            "line": 10,
            "reader": "os.environ[...]",
            "required": True,
            "conditional": False,
        }
    ]
    assert by_name["DATABASE_URL"]["provided_by"] == "the heroku-postgresql add-on"
    assert by_name["REDIS_URL"]["provided_by"] == "the heroku-redis add-on"
    assert by_name["DEBUG"]["secret"] is False
    assert by_name["DEBUG"]["off_value"] == "False" and by_name["DEBUG"]["unset_is_off"] is True


def test_platform_procfile_gunicorn_and_wsgi_reads(tmp_path: Path) -> None:
    root = project_with(
        tmp_path,
        READY_SETTINGS,
        Procfile="web: gunicorn mysite.wsgi -c gunicorn_conf.py --timeout ${TIMEOUT:-30}\n",
        **{
            "gunicorn_conf.py": 'import os\nworkers = int(os.environ.get("WEB_CONCURRENCY", 2))\n'
            'bind = "0.0.0.0:" + os.environ["PORT"]\n',
            "mysite/wsgi.py": READY_FILES["mysite/wsgi.py"].replace(
                "application = ", 'SENTRY = os.environ.get("SENTRY_DSN")\napplication = '
            ),
        },
    )
    variables = {v.name: v for v in ProjectModel(root).env_variables}
    assert variables["PORT"].provided_by == "Heroku (web dynos, at run time)"
    assert variables["PORT"].reads[0].path == "gunicorn_conf.py"
    assert variables["WEB_CONCURRENCY"].reads[0].line == 2
    assert variables["TIMEOUT"].reads[0].path == "Procfile"
    assert variables["TIMEOUT"].default == "30"
    assert variables["SENTRY_DSN"].secret and not variables["SENTRY_DSN"].required


def test_reads_only_in_a_dev_branch_are_not_production_requirements(tmp_path: Path) -> None:
    settings = READY_SETTINGS + 'if DEBUG:\n    TOOLBAR = os.environ["TOOLBAR_TOKEN"]\n'
    names = [v.name for v in ProjectModel(project_with(tmp_path, settings)).env_variables]
    assert "TOOLBAR_TOKEN" not in names


def test_a_read_under_an_undecided_branch_is_not_required(tmp_path: Path) -> None:
    settings = READY_SETTINGS + 'if os.environ.get("USE_S3"):\n    KEY = os.environ["AWS_KEY"]\n'
    variables = {v.name: v for v in ProjectModel(project_with(tmp_path, settings)).env_variables}
    assert variables["AWS_KEY"].reads[0].conditional and not variables["AWS_KEY"].required
    assert variables["USE_S3"].reads[0].line == 14


# -- shell: the exact command a user needs -------------------------------------------------------
SECRET = r"[A-Za-z0-9_-]{50,}"


def shell(root: Path, capsys: Any) -> str:
    assert main(["env", str(root), "--output-format", "shell"]) == 0
    return capsys.readouterr().out


def test_shell_for_the_guide_as_written(capsys: Any) -> None:
    out = shell(FIXTURES / "guide-as-written", capsys)
    commands = [line for line in out.splitlines() if not line.startswith("#")]
    assert commands == ["heroku addons:create heroku-postgresql:essential-0  # sets DATABASE_URL"]
    assert "SECRET_KEY is written in mysite/settings.py" in out
    assert "DEBUG = True is written in mysite/settings.py" in out


def test_shell_for_the_heroku_ready_project(capsys: Any) -> None:
    out = shell(FIXTURES / "heroku-ready", capsys)
    commands = "\n".join(line for line in out.splitlines() if not line.startswith("#"))
    assert re.fullmatch(
        r"heroku addons:create heroku-postgresql:essential-0  # sets DATABASE_URL\n"
        rf"heroku config:set \\\n  DJANGO_SECRET_KEY={SECRET}",
        commands,
    ), commands
    assert "# DJANGO_DEBUG: unset already means off" in out
    first = re.search(rf"DJANGO_SECRET_KEY=({SECRET})", out)
    second = re.search(rf"DJANGO_SECRET_KEY=({SECRET})", shell(FIXTURES / "heroku-ready", capsys))
    assert first and second and first.group(1) != second.group(1)  # fresh each time


def test_shell_sets_flags_off_and_placeholders(tmp_path: Path, capsys: Any) -> None:
    settings = READY_SETTINGS.replace(
        'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"',
        'DEBUG = os.environ.get("DJANGO_DEBUG", "True") != "False"\n'
        'ADMIN_URL = os.environ["DJANGO_ADMIN_URL"]\n'
        'TIMEOUT = int(os.environ.get("TIMEOUT", "30"))',
    )
    out = shell(project_with(tmp_path, settings), capsys)
    assert "  DJANGO_DEBUG=False \\\n" in out
    assert "  DJANGO_ADMIN_URL='<placeholder>'" in out
    assert "# heroku config:set TIMEOUT=30" in out


def test_shell_leaves_a_raw_debug_unset(tmp_path: Path, capsys: Any) -> None:
    settings = READY_SETTINGS.replace(
        'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"',
        'DEBUG = os.environ.get("DJANGO_DEBUG")',
    )
    out = shell(project_with(tmp_path, settings), capsys)
    assert "DJANGO_DEBUG=" not in out.replace("# DJANGO_DEBUG", "")
    assert "# DJANGO_DEBUG: unset already means off" in out


# -- dotenv and app-json ------------------------------------------------------------------------
def test_dotenv_template(capsys: Any) -> None:
    assert main(["env", str(FIXTURES / "environ-style"), "--output-format", "dotenv"]) == 0
    out = capsys.readouterr().out
    assert re.search(rf"^SECRET_KEY={SECRET}$", out, re.MULTILINE)
    assert "# DEBUG=False" in out


def test_app_json_env_block(capsys: Any) -> None:
    assert main(["env", str(FIXTURES / "cookiecutter-django"), "--output-format", "app-json"]) == 0
    env = json.loads(capsys.readouterr().out)["env"]
    assert env["DJANGO_SECRET_KEY"]["generator"] == "secret"
    assert env["DJANGO_ADMIN_URL"]["required"] is True
    assert "DATABASE_URL" not in env  # an add-on sets it


def test_a_secret_literal_default_is_masked(tmp_path: Path, capsys: Any) -> None:
    settings = READY_SETTINGS.replace(
        SECRET_LINE, 'SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "hunter2-literal")\n'
    )
    root = project_with(tmp_path, settings)
    for fmt in ("text", "json", "shell", "dotenv", "app-json"):
        assert main(["env", str(root), "--output-format", fmt]) == 0
        out = capsys.readouterr().out
        assert "hunter2-literal" not in out, fmt


# -- §5: every spelling of an environment read evaluates the same --------------------------------
SPELLINGS = {
    "keywords": ("", 'os.environ.get(key="DJANGO_SECRET_KEY", default="dev-key")'),
    "getenv keywords": ("", 'os.getenv(key="DJANGO_SECRET_KEY", default="dev-key")'),
    "from os import environ": (
        "from os import environ, getenv\n",
        'environ.get("DJANGO_SECRET_KEY", "dev-key")',
    ),
    "from os import getenv": (
        "from os import environ, getenv\n",
        'getenv(key="DJANGO_SECRET_KEY", default="dev-key")',
    ),
    "aliased os": (
        "import os as operating_system\n",
        'operating_system.getenv("DJANGO_SECRET_KEY", "dev-key")',
    ),
    "decouple keywords": (
        "from decouple import config\n",
        'config("DJANGO_SECRET_KEY", default="dev-key")',
    ),
    "decouple option keyword": (
        "from decouple import config\n",
        'config(option="DJANGO_SECRET_KEY", default="dev-key")',
    ),
}


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_every_spelling_of_a_read_is_the_same_fact_and_hk403(tmp_path: Path, spelling: str) -> None:
    imports, read = SPELLINGS[spelling]
    settings = imports + READY_SETTINGS.replace(SECRET_LINE, f"SECRET_KEY = {read}\n")
    root = project_with(tmp_path, settings)
    git_commit(root)
    project, findings = check(root, [RULES["HK403"]])
    assert [(f.code, f.line) for f in findings] == [("HK403", 7 + imports.count("\n"))]
    variable = next(v for v in project.env_variables if v.name == "DJANGO_SECRET_KEY")
    assert (variable.required, variable.secret, variable.feeds) == (False, True, ("SECRET_KEY",))
    assert variable.default == "dev-key"

    def run(overlay: Any) -> Any:
        return check(root, [RULES["HK403"]], overlay=overlay)[1]

    outcome = run_fixes(root, run, unsafe=True)
    outcome.workspace.write()
    fixed = (root / "mysite/settings.py").read_text()
    libcst.parse_module(fixed)
    assert "dev-key" not in fixed
    assert check(root, [RULES["HK403"]])[1] == []


# -- --config-vars FILE -------------------------------------------------------------------------
def test_config_vars_json_and_shell_forms() -> None:
    assert parse_config_vars('{\n  "A": "1",\n  "B": "x y"\n}\n') == {"A": "1", "B": "x y"}
    shell_text = (
        "# a comment\n"
        "DATABASE_URL='postgres://u:p@h:5432/db'\n"
        'export QUOTE="it\'s \\"here\\" \\$HOME"\n'
        "EMPTY=\n"
        "BARE=abc # trailing comment\n"
        "CERT='-----BEGIN\nline two'\n"
    )
    assert parse_config_vars(shell_text) == {
        "DATABASE_URL": "postgres://u:p@h:5432/db",
        "QUOTE": 'it\'s "here" $HOME',
        "EMPTY": "",
        "BARE": "abc",
        "CERT": "-----BEGIN\nline two",
    }


@pytest.mark.parametrize(
    "text", ["not a config", "{not json", "[1, 2]", "A='unclosed\n", "1BAD=x\n"]
)
def test_bad_config_vars_are_a_usage_error_without_the_content(text: str) -> None:
    with pytest.raises(UsageError) as raised:
        parse_config_vars(text + " s3cr3t-value", "cfg")
    assert "s3cr3t-value" not in str(raised.value)


def test_config_vars_repr_hides_values() -> None:
    assert "v4lue" not in repr(ConfigVars({"KEY": "v4lue"}, "f"))


def test_config_vars_from_stdin(monkeypatch: Any, capsys: Any) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("DATABASE_URL='postgres://u:p@h/db'\n"))
    root = FIXTURES / "guide-as-written"
    main([str(root), "--config-vars", "-", "--select", "HK801", "--output-format", "concise"])
    assert "HK801" not in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("{}"))
    main([str(root), "--config-vars", "-", "--select", "HK801", "--output-format", "concise"])
    out = capsys.readouterr().out
    assert "HK801" in out and "DATABASE_URL is not set in -" in out
    assert "heroku addons:create heroku-postgresql:essential-0" in out


def test_without_config_vars_hk8xx_is_silent(capsys: Any) -> None:
    main([str(FIXTURES / "heroku-ready"), "--select", "HK801,HK802,HK803", "-q"])
    assert "HK80" not in capsys.readouterr().out


def run_with(root: Path, config: dict[str, str], *rules: str) -> list[tuple[str, str, int]]:
    _, findings = check(
        root, [RULES[code] for code in rules], config_vars=ConfigVars(config, "config.json")
    )
    return [(f.code, f.path, f.line) for f in findings]


def test_hk801_names_the_exception_and_the_command(tmp_path: Path) -> None:
    root = project_with(tmp_path, READY_SETTINGS)
    _, findings = check(root, [RULES["HK801"]], config_vars=ConfigVars({}, "config.json"))
    messages = {f.line: f.message for f in findings}
    assert "KeyError('DJANGO_SECRET_KEY')" in messages[7]
    assert 'heroku config:set DJANGO_SECRET_KEY="$(python -c' in messages[7]
    assert "dummy database" in messages[11] and "heroku addons:create" in messages[11]


def test_hk802_did_you_mean(tmp_path: Path) -> None:
    root = project_with(tmp_path, READY_SETTINGS)
    found = run_with(root, {"SECRET_KEY": "v", "DATABASE_URI": "postgres://h/db"}, "HK802")
    assert found == [("HK802", "mysite/settings.py", 7), ("HK802", "mysite/settings.py", 11)]


@pytest.mark.parametrize(
    ("line", "value", "expected"),
    [
        ('DEBUG = os.environ.get("DJANGO_DEBUG", "False")', "False", True),
        ('DEBUG = bool(os.environ.get("DJANGO_DEBUG"))', "0", True),
        ('DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"', "False", False),
        ('DEBUG = os.environ.get("DJANGO_DEBUG", "True") != "false"', "False", True),
        ("DEBUG = config('DJANGO_DEBUG', default=False, cast=bool)", "maybe", True),
        ("DEBUG = config('DJANGO_DEBUG', default=False, cast=bool)", "False", False),
        ('DEBUG = int(os.environ.get("DJANGO_DEBUG", "0"))', "yes", True),
    ],
)
def test_hk803_debug_values_under_the_parse_used(
    tmp_path: Path, line: str, value: str, expected: bool
) -> None:
    settings = "from decouple import config\n" + READY_SETTINGS.replace(
        'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"', line
    )
    config = {"DJANGO_SECRET_KEY": "s", "DATABASE_URL": "postgres://h/db", "DJANGO_DEBUG": value}
    found = run_with(project_with(tmp_path, settings), config, "HK803")
    assert found == ([("HK803", "mysite/settings.py", 9)] if expected else [])


def test_hk803_database_scheme_and_empty_hosts(tmp_path: Path) -> None:
    settings = READY_SETTINGS.replace(
        'ALLOWED_HOSTS = [".herokuapp.com"]',
        'ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "").split(",")',
    )
    root = project_with(tmp_path, settings)
    config = {"DJANGO_SECRET_KEY": "s", "DATABASE_URL": "mysqlx://h/db", "ALLOWED_HOSTS": " , "}
    assert run_with(root, config, "HK803") == [
        ("HK803", "mysite/settings.py", 9),
        ("HK803", "mysite/settings.py", 11),
    ]
    config.update(DATABASE_URL="postgres://u:p@h:5432/db", ALLOWED_HOSTS="a.herokuapp.com")
    assert run_with(root, config, "HK803") == []


LOCAL_DEFAULT = {
    "manage.py": READY_FILES["manage.py"].replace("mysite.settings", "mysite.settings.local"),
    "mysite/wsgi.py": READY_FILES["mysite/wsgi.py"].replace(
        "mysite.settings", "mysite.settings.local"
    ),
    "mysite/settings/__init__.py": "",
    "mysite/settings/local.py": READY_SETTINGS.replace("parent.parent", "parent.parent.parent"),
    "mysite/settings/production.py": READY_SETTINGS.replace(
        "parent.parent", "parent.parent.parent"
    ),
}


def test_config_vars_decide_the_settings_module(tmp_path: Path) -> None:
    root = tmp_path / "app"
    files = {k: v for k, v in READY_FILES.items() if k != "mysite/settings.py"}
    write_files(root, {**files, **LOCAL_DEFAULT})
    inferred = ProjectModel(root).settings_choice
    assert inferred is not None and inferred.origin == "inferred"
    chosen = ProjectModel(
        root, config_vars=ConfigVars({"DJANGO_SETTINGS_MODULE": "mysite.settings.local"}, "f")
    ).settings_choice
    assert chosen is not None and (chosen.module, chosen.origin) == (
        "mysite.settings.local",
        "config vars",
    )
    unset = ProjectModel(root, config_vars=ConfigVars({}, "f")).settings_choice
    assert unset is not None and unset.module == "mysite.settings.local"  # the default runs


def test_disable_collectstatic_makes_static_root_info(tmp_path: Path) -> None:
    settings = READY_SETTINGS.replace('STATIC_ROOT = BASE_DIR / "staticfiles"\n', "")
    root = project_with(tmp_path, settings)
    plain = check(root, [RULES["HK501"]])[1]
    assert [f.severity for f in plain] == ["error"]
    config = ConfigVars({"DISABLE_COLLECTSTATIC": "1"}, "f")
    disabled = check(root, [RULES["HK501"]], config_vars=config)[1]
    assert [f.severity for f in disabled] == ["info"]
    assert "must then come from somewhere" in disabled[0].message
    zero = check(
        root, [RULES["HK501"]], config_vars=ConfigVars({"DISABLE_COLLECTSTATIC": "0"}, "f")
    )
    assert [f.severity for f in zero[1]] == ["error"]


# -- secrets never leave the file ---------------------------------------------------------------
DISTINCT = {
    "SECRET_KEY": "zq-distinct-secret-1",  # HK802 (the code reads DJANGO_SECRET_KEY)
    "DATABASE_URL": "mysqlx://zq-user:zq-distinct-password-2@zq-host/zq-db",  # HK803
    "DJANGO_DEBUG": "zq-distinct-maybe-3",
    "ALLOWED_HOSTS": "zq-distinct-host-4",
    "UNRELATED": "zq-distinct-5",
    "DJANGO_ALLOWED_HOSTS": " , ",
}


def test_no_config_var_value_reaches_any_output(tmp_path: Path, capsys: Any) -> None:
    settings = READY_SETTINGS.replace(
        'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"',
        "DEBUG = config('DJANGO_DEBUG', default=False, cast=bool)",
    )
    root = project_with(tmp_path, "from decouple import config\n" + settings)
    git_commit(root)
    config = tmp_path / "config.json"
    config.write_text(json.dumps(DISTINCT))
    shell_file = tmp_path / "config.env"
    shell_file.write_text("".join(f"export {k}='{v}'\n" for k, v in DISTINCT.items()))
    outputs = []
    for source in (config, shell_file):
        for fmt in ("text", "concise", "json", "sarif", "github", "markdown"):
            code = main([str(root), "--config-vars", str(source), "--output-format", fmt])
            assert code == 1
            captured = capsys.readouterr()
            outputs.append(captured.out + captured.err)
        written = tmp_path / "out.sarif"
        main(
            [
                str(root),
                "--config-vars",
                str(source),
                "--output-format",
                "sarif",
                "--output-file",
                str(written),
                "--output-format",
                "json",
            ]
        )
        captured = capsys.readouterr()
        outputs.append(written.read_text() + captured.out + captured.err)
    for fmt in ("text", "json", "shell", "dotenv", "app-json"):
        assert main(["env", str(root), "--output-format", fmt]) == 0
        captured = capsys.readouterr()
        outputs.append(captured.out + captured.err)
    joined = "\n".join(outputs)
    assert "HK801" in joined and "HK802" in joined and "HK803" in joined
    for value in DISTINCT.values():
        for part in re.findall(r"zq-[a-z0-9-]+", value):
            assert part not in joined, part
    cache = [p for p in root.rglob("*") if p.is_file() and "cache" in p.name.lower()]
    assert cache == []


def test_shell_sets_the_inferred_production_settings(tmp_path: Path, capsys: Any) -> None:
    root = tmp_path / "app"
    files = {k: v for k, v in READY_FILES.items() if k != "mysite/settings.py"}
    write_files(root, {**files, **LOCAL_DEFAULT})
    out = shell(root, capsys)
    assert "  DJANGO_SETTINGS_MODULE=mysite.settings.production \\\n" in out
    assert "# heroku config:set DJANGO_SETTINGS_MODULE" not in out
