"""Tests for the settings resolver: each builds a tiny Django project and reads one setting.

The idioms come from shared notes django-config §2 (env-reading forms: 2b correct, 2c buggy
B1-B10), §3b (database call shapes) and §4 step 4 (how a settings chain is resolved). Every
test asserts the abstract value a rule sees (`Const`, `Seq`, `Map`, `Env`, `Unknown`) and,
where it matters, the line the setting is reported at.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from herokulint.project import ProjectModel
from herokulint.project.settings import ResolvedSetting, SettingsModel
from herokulint.project.values import Const, Env, Map, Seq, Unknown, Value

MANAGE_PY = (
    "#!/usr/bin/env python\n"
    "import os\n"
    "\n"
    'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n'
)


# -- helpers ----------------------------------------------------------------------------------
def make_project(
    tmp_path: Path,
    settings: str | bytes | None,
    files: dict[str, str] | None = None,
    module: str = "mysite.settings",
) -> SettingsModel:
    """A project whose manage.py names `module`; `settings` is mysite/settings.py (dedented)."""
    (tmp_path / "manage.py").write_text(
        MANAGE_PY.replace("mysite.settings", module), encoding="utf-8"
    )
    (tmp_path / "mysite").mkdir()
    (tmp_path / "mysite" / "__init__.py").write_text("", encoding="utf-8")
    if isinstance(settings, bytes):
        (tmp_path / "mysite" / "settings.py").write_bytes(settings)
    elif settings is not None:
        (tmp_path / "mysite" / "settings.py").write_text(
            textwrap.dedent(settings), encoding="utf-8"
        )
    for relpath, text in (files or {}).items():
        path = tmp_path / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    model = ProjectModel(tmp_path).settings
    assert model is not None, "the settings module was not found"
    return model


def setting(tmp_path: Path, source: str, name: str, **kwargs: Any) -> ResolvedSetting:
    resolved = make_project(tmp_path, source, **kwargs).get(name)
    assert resolved is not None, f"{name} was not resolved"
    return resolved


def value(tmp_path: Path, source: str, name: str, **kwargs: Any) -> Value:
    return setting(tmp_path, source, name, **kwargs).value


def assert_env(found: Value, **fields: Any) -> Env:
    """`found` is an Env whose named fields have exactly these values."""
    assert isinstance(found, Env), f"expected an Env, got {found!r}"
    actual = {name: getattr(found, name) for name in fields}
    assert actual == fields
    return found


def database(found: Value, alias: str = "default") -> Value | None:
    assert isinstance(found, Map), f"expected DATABASES to be a dict, got {found!r}"
    return found.get(alias)


# -- stdlib environment reads (§2a stdlib) ----------------------------------------------------
def test_environ_subscript_is_a_required_str(tmp_path: Path) -> None:
    found = value(tmp_path, 'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\n', "SECRET_KEY")
    assert_env(found, var="SECRET_KEY", type="str", default=None, required=True)


def test_environ_get_without_default_is_an_optional_str(tmp_path: Path) -> None:
    found = value(tmp_path, 'import os\nSECRET_KEY = os.environ.get("SECRET_KEY")\n', "SECRET_KEY")
    assert_env(found, var="SECRET_KEY", type="str", default=None, required=False)


def test_getenv_default_is_recorded(tmp_path: Path) -> None:
    found = value(
        tmp_path, 'import os\nSECRET_KEY = os.getenv("SECRET_KEY", "dev")\n', "SECRET_KEY"
    )
    assert_env(found, var="SECRET_KEY", type="str", default=Const("dev"))


def test_environ_get_keyword_default_is_recorded(tmp_path: Path) -> None:
    # heroku/python-getting-started: a random key when the config var is missing.
    source = """\
        import os
        import secrets

        SECRET_KEY = os.environ.get(
            "DJANGO_SECRET_KEY",
            default=secrets.token_urlsafe(nbytes=64),
        )
        """
    resolved = setting(tmp_path, source, "SECRET_KEY")
    found = assert_env(resolved.value, var="DJANGO_SECRET_KEY", type="str")
    assert found.default == Unknown("random value", hint="random")
    assert resolved.line == 4


def test_from_os_import_environ_is_followed(tmp_path: Path) -> None:
    source = 'from os import environ\nSECRET_KEY = environ.get("SECRET_KEY", "x")\n'
    assert_env(value(tmp_path, source, "SECRET_KEY"), var="SECRET_KEY", default=Const("x"))


def test_from_os_import_getenv_is_followed(tmp_path: Path) -> None:
    source = 'from os import getenv\nSECRET_KEY = getenv("SECRET_KEY")\n'
    assert_env(value(tmp_path, source, "SECRET_KEY"), var="SECRET_KEY", type="str")


def test_import_os_as_alias_is_followed(tmp_path: Path) -> None:
    source = 'import os as _os\nSECRET_KEY = _os.environ["SECRET_KEY"]\n'
    assert_env(value(tmp_path, source, "SECRET_KEY"), var="SECRET_KEY", required=True)


def test_environ_setdefault_is_a_str_with_default(tmp_path: Path) -> None:
    source = 'import os\nSECRET_KEY = os.environ.setdefault("SECRET_KEY", "dev")\n'
    assert_env(value(tmp_path, source, "SECRET_KEY"), type="str", default=Const("dev"))


def test_or_fallback_becomes_the_default(tmp_path: Path) -> None:
    source = 'import os\nSECRET_KEY = os.environ.get("SECRET_KEY") or "insecure"\n'
    assert_env(value(tmp_path, source, "SECRET_KEY"), type="str", default=Const("insecure"))


def test_a_name_bound_to_an_env_read_carries_it(tmp_path: Path) -> None:
    source = 'import os\n_key = os.environ["SECRET_KEY"]\nSECRET_KEY = _key\n'
    assert_env(value(tmp_path, source, "SECRET_KEY"), var="SECRET_KEY", required=True)


def test_a_literal_is_a_const(tmp_path: Path) -> None:
    assert value(tmp_path, 'SECRET_KEY = "django-insecure-abc"\n', "SECRET_KEY") == Const(
        "django-insecure-abc"
    )


def test_base_dir_from_pathlib_stays_a_path(tmp_path: Path) -> None:
    source = """\
        from pathlib import Path
        BASE_DIR = Path(__file__).resolve().parent.parent
        STATIC_ROOT = BASE_DIR / "staticfiles"
        """
    assert value(tmp_path, source, "STATIC_ROOT") == Unknown(
        "path", hint="Path", path="staticfiles"
    )


def test_os_path_result_is_a_str_path(tmp_path: Path) -> None:
    source = """\
        import os
        BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        STATIC_ROOT = os.path.join(BASE_DIR, "staticfiles")
        """
    assert value(tmp_path, source, "STATIC_ROOT") == Unknown(
        "path", hint="str-path", path="staticfiles"
    )


# -- DEBUG: correct conversions (§2b) ---------------------------------------------------------
@pytest.mark.parametrize(
    ("expression", "var", "default"),
    [
        ('os.environ.get("DJANGO_DEBUG") == "True"', "DJANGO_DEBUG", None),
        ('os.environ.get("ENVIRONMENT") == "development"', "ENVIRONMENT", None),
        ('os.environ.get("DEBUG", "0") != "0"', "DEBUG", Const("0")),
        ('"1" == os.getenv("DEBUG", "0")', "DEBUG", Const("0")),
        ('os.environ.get("DEBUG", "").lower() in ("1", "true", "yes")', "DEBUG", Const("")),
        ('os.getenv("DEBUG", "False").strip().lower() == "true"', "DEBUG", Const("False")),
        ('os.environ.get("DEBUG", "no") not in ("0", "no", "false")', "DEBUG", Const("no")),
        ('str(os.environ.get("DEBUG")) == "True"', "DEBUG", None),
        ('os.environ.get("DEBUG") is not None', "DEBUG", None),
    ],
)
def test_debug_compared_string_is_bool(
    tmp_path: Path, expression: str, var: str, default: Value | None
) -> None:
    found = value(tmp_path, f"import os\nDEBUG = {expression}\n", "DEBUG")
    assert_env(found, var=var, type="bool", default=default, crashes_when_unset=False)


def test_debug_int_of_getenv_is_int(tmp_path: Path) -> None:
    found = value(tmp_path, 'import os\nDEBUG = int(os.environ.get("DEBUG", 0))\n', "DEBUG")
    assert_env(found, var="DEBUG", type="int", default=Const(0), crashes_when_unset=False)


def test_debug_bool_of_int_of_getenv_is_bool(tmp_path: Path) -> None:
    source = 'import os\nDEBUG = bool(int(os.environ.get("DJANGO_DEBUG", 0)))\n'
    found = value(tmp_path, source, "DEBUG")
    assert_env(found, var="DJANGO_DEBUG", type="bool", default=Const(0), crashes_when_unset=False)


def test_debug_strtobool_from_distutils_is_bool(tmp_path: Path) -> None:
    source = """\
        import os
        from distutils.util import strtobool

        DEBUG = strtobool(os.getenv("DEBUG", "False"))
        """
    assert_env(value(tmp_path, source, "DEBUG"), var="DEBUG", type="bool", default=Const("False"))


def test_debug_qualified_strtobool_is_bool(tmp_path: Path) -> None:
    source = """\
        import os
        import distutils.util

        DEBUG = bool(distutils.util.strtobool(os.environ.get("DEBUG", "no")))
        """
    assert_env(value(tmp_path, source, "DEBUG"), var="DEBUG", type="bool", default=Const("no"))


def test_debug_imported_str2bool_helper_is_bool(tmp_path: Path) -> None:
    source = """\
        import os
        from .utils import str2bool

        DEBUG = str2bool(os.environ.get("DEBUG", "0"))
        """
    assert_env(value(tmp_path, source, "DEBUG"), var="DEBUG", type="bool", default=Const("0"))


def test_debug_json_loads_is_converted(tmp_path: Path) -> None:
    source = 'import json\nimport os\nDEBUG = json.loads(os.environ.get("DEBUG", "false"))\n'
    assert_env(value(tmp_path, source, "DEBUG"), var="DEBUG", type="converted")


def test_debug_not_on_dyno_is_false_in_production(tmp_path: Path) -> None:
    found = value(tmp_path, 'import os\nDEBUG = "DYNO" not in os.environ\n', "DEBUG")
    assert_env(found, var="DYNO", type="bool", prod=False)


def test_debug_literal_false_is_const(tmp_path: Path) -> None:
    assert value(tmp_path, "DEBUG = False\n", "DEBUG") == Const(False)


# -- django-environ (§2a, §2b) ----------------------------------------------------------------
ENVIRON_HEADER = "import environ\n\nenv = environ.Env()\n"


def test_environ_schema_cast_makes_env_call_a_bool(tmp_path: Path) -> None:
    source = """\
        import environ

        env = environ.Env(DEBUG=(bool, False))
        environ.Env.read_env(".env")
        DEBUG = env("DEBUG")
        """
    resolved = setting(tmp_path, source, "DEBUG")
    assert_env(resolved.value, var="DEBUG", type="bool", default=Const(False), required=False)
    assert resolved.line == 5


def test_environ_schema_default_applies_to_typed_method(tmp_path: Path) -> None:
    source = 'import environ\nenv = environ.Env(DEBUG=(bool, False))\nDEBUG = env.bool("DEBUG")\n'
    found = value(tmp_path, source, "DEBUG")
    assert_env(found, type="bool", default=Const(False), required=False)


def test_environ_schema_cast_without_default_is_required(tmp_path: Path) -> None:
    source = 'import environ\nenv = environ.Env(DEBUG=bool)\nDEBUG = env("DEBUG")\n'
    assert_env(value(tmp_path, source, "DEBUG"), type="bool", default=None, required=True)


def test_environ_bool_method_with_keyword_default(tmp_path: Path) -> None:
    source = ENVIRON_HEADER + 'DEBUG = env.bool("DEBUG", default=False)\n'
    found = value(tmp_path, source, "DEBUG")
    assert_env(found, var="DEBUG", type="bool", reader="environ", default=Const(False))


def test_environ_bool_method_with_positional_default(tmp_path: Path) -> None:
    source = ENVIRON_HEADER + 'DEBUG = env.bool("DEBUG", False)\n'
    assert_env(value(tmp_path, source, "DEBUG"), type="bool", default=Const(False))


def test_environ_smart_cast_from_bool_default(tmp_path: Path) -> None:
    source = ENVIRON_HEADER + 'DEBUG = env("DEBUG", default=False)\n'
    assert_env(value(tmp_path, source, "DEBUG"), type="bool", default=Const(False))


def test_environ_explicit_cast_keyword(tmp_path: Path) -> None:
    source = ENVIRON_HEADER + 'DEBUG = env("DEBUG", cast=bool, default=False)\n'
    assert_env(value(tmp_path, source, "DEBUG"), type="bool", default=Const(False))


def test_environ_positional_cast_and_default(tmp_path: Path) -> None:
    source = ENVIRON_HEADER + 'DEBUG = env("DEBUG", bool, False)\n'
    assert_env(value(tmp_path, source, "DEBUG"), type="bool", default=Const(False))


def test_environ_secret_key_without_default_is_required_str(tmp_path: Path) -> None:
    source = ENVIRON_HEADER + 'SECRET_KEY = env("SECRET_KEY")\n'
    found = value(tmp_path, source, "SECRET_KEY")
    assert_env(found, var="SECRET_KEY", type="str", default=None, required=True)


def test_environ_str_method_is_str(tmp_path: Path) -> None:
    source = ENVIRON_HEADER + 'SECRET_KEY = env.str("SECRET_KEY", default="dev")\n'
    assert_env(value(tmp_path, source, "SECRET_KEY"), type="str", default=Const("dev"))


def test_environ_list_method_is_a_required_list(tmp_path: Path) -> None:
    source = ENVIRON_HEADER + 'ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")\n'
    found = value(tmp_path, source, "ALLOWED_HOSTS")
    assert_env(found, var="ALLOWED_HOSTS", type="list", required=True, crashes_when_unset=False)


def test_environ_list_method_with_default(tmp_path: Path) -> None:
    source = ENVIRON_HEADER + 'ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])\n'
    found = value(tmp_path, source, "ALLOWED_HOSTS")
    assert_env(found, type="list", default=Seq("list", ()), required=False)


def test_environ_file_aware_env_is_a_reader(tmp_path: Path) -> None:
    source = 'import environ\nenv = environ.FileAwareEnv()\nDEBUG = env.bool("DEBUG", False)\n'
    assert_env(value(tmp_path, source, "DEBUG"), type="bool", default=Const(False))


def test_environ_unknown_method_is_unknown(tmp_path: Path) -> None:
    source = ENVIRON_HEADER + 'DEBUG = env.frobnicate("DEBUG")\n'
    assert isinstance(value(tmp_path, source, "DEBUG"), Unknown)


# -- python-decouple (§2a, §2b) ---------------------------------------------------------------
def test_decouple_secret_key_without_default_is_required_str(tmp_path: Path) -> None:
    source = "from decouple import config\nSECRET_KEY = config('SECRET_KEY')\n"
    found = value(tmp_path, source, "SECRET_KEY")
    assert_env(found, var="SECRET_KEY", type="str", reader="decouple", required=True)


def test_decouple_cast_bool_is_bool(tmp_path: Path) -> None:
    source = "from decouple import config\nDEBUG = config('DEBUG', default=False, cast=bool)\n"
    found = value(tmp_path, source, "DEBUG")
    assert_env(found, var="DEBUG", type="bool", default=Const(False), required=False)


def test_decouple_cast_csv_is_a_list(tmp_path: Path) -> None:
    source = """\
        from decouple import Csv, config

        ALLOWED_HOSTS = config('ALLOWED_HOSTS', default='', cast=Csv())
        """
    found = value(tmp_path, source, "ALLOWED_HOSTS")
    assert_env(found, var="ALLOWED_HOSTS", type="list", default=Const(""))


def test_decouple_cast_int_is_int(tmp_path: Path) -> None:
    source = "from decouple import config\nDEBUG = config('DEBUG', default=0, cast=int)\n"
    assert_env(value(tmp_path, source, "DEBUG"), type="int", default=Const(0))


def test_decouple_auto_config_instance_is_a_reader(tmp_path: Path) -> None:
    source = """\
        from decouple import AutoConfig

        config = AutoConfig(search_path="/app")
        DEBUG = config("DEBUG", default=False, cast=bool)
        """
    assert_env(value(tmp_path, source, "DEBUG"), type="bool", reader="decouple")


def test_decouple_repository_config_is_a_reader(tmp_path: Path) -> None:
    source = """\
        from decouple import Config, RepositoryEnv

        config = Config(RepositoryEnv(".env"))
        SECRET_KEY = config("SECRET_KEY")
        """
    assert_env(value(tmp_path, source, "SECRET_KEY"), type="str", required=True)


def test_decouple_module_attribute_call(tmp_path: Path) -> None:
    source = "import decouple\nDEBUG = decouple.config('DEBUG', cast=bool, default=False)\n"
    assert_env(value(tmp_path, source, "DEBUG"), type="bool", default=Const(False))


# -- buggy forms B1-B10 (§2c): each gives a value a rule can catch ------------------------------
def test_b1_environ_get_with_true_default_is_raw_str(tmp_path: Path) -> None:
    found = value(tmp_path, 'import os\nDEBUG = os.environ.get("DEBUG", True)\n', "DEBUG")
    assert_env(found, var="DEBUG", type="str", default=Const(True))


def test_b2_environ_get_without_default_is_raw_str(tmp_path: Path) -> None:
    found = value(tmp_path, "import os\nDEBUG = os.environ.get('DEBUG')\n", "DEBUG")
    assert_env(found, var="DEBUG", type="str", default=None)


def test_b2_environ_get_with_false_default_is_raw_str(tmp_path: Path) -> None:
    source = 'import os\nDEBUG = os.environ.get("DJANGO_DEBUG", False)\n'
    assert_env(value(tmp_path, source, "DEBUG"), type="str", default=Const(False))


def test_b3_getenv_with_true_default_is_raw_str(tmp_path: Path) -> None:
    found = value(tmp_path, "import os\nDEBUG = os.getenv('DEBUG', True)\n", "DEBUG")
    assert_env(found, var="DEBUG", type="str", default=Const(True))


def test_b4_environ_call_without_schema_is_raw_str(tmp_path: Path) -> None:
    found = value(tmp_path, ENVIRON_HEADER + 'DEBUG = env("DEBUG")\n', "DEBUG")
    assert_env(found, var="DEBUG", type="str", reader="environ")


def test_b4_decouple_without_cast_is_raw_str(tmp_path: Path) -> None:
    found = value(tmp_path, 'from decouple import config\nDEBUG = config("DEBUG")\n', "DEBUG")
    assert_env(found, var="DEBUG", type="str", reader="decouple")


def test_b4_decouple_false_default_without_cast_is_still_str(tmp_path: Path) -> None:
    # decouple returns the default as-is only when the variable is unset; a set one is a string.
    source = 'from decouple import config\nDEBUG = config("DEBUG", default=False)\n'
    assert_env(value(tmp_path, source, "DEBUG"), type="str", default=Const(False))


@pytest.mark.parametrize(
    ("expression", "default"),
    [
        ("os.getenv('DEBUG', 0)", Const(0)),
        ('os.getenv("DEBUG", False)', Const(False)),
        ("os.getenv('DJANGO_DEBUG', '')", Const("")),
        ('os.getenv("DEBUG", default=0)', Const(0)),
        ('os.environ.get("DEBUG")', None),
    ],
)
def test_b5_debug_bool_of_getenv_is_bool_of_str(
    tmp_path: Path, expression: str, default: Value | None
) -> None:
    found = value(tmp_path, f"import os\nDEBUG = bool({expression})\n", "DEBUG")
    assert_env(found, type="bool-of-str", default=default)


def test_b6_decouple_cast_bool_with_true_default(tmp_path: Path) -> None:
    source = "from decouple import config\nDEBUG = config('DEBUG', default=True, cast=bool)\n"
    assert_env(value(tmp_path, source, "DEBUG"), type="bool", default=Const(True))


def test_b6_environ_bool_with_true_default(tmp_path: Path) -> None:
    source = ENVIRON_HEADER + 'DEBUG = env.bool("DEBUG", default=True)\n'
    assert_env(value(tmp_path, source, "DEBUG"), type="bool", default=Const(True))


def test_b6_environ_schema_with_true_default(tmp_path: Path) -> None:
    source = 'import environ\nenv = environ.Env(DEBUG=(bool, True))\nDEBUG = env("DEBUG")\n'
    assert_env(value(tmp_path, source, "DEBUG"), type="bool", default=Const(True))


def test_b7_int_of_get_without_default_crashes_when_unset(tmp_path: Path) -> None:
    found = value(tmp_path, 'import os\nDEBUG = int(os.environ.get("DEBUG"))\n', "DEBUG")
    assert_env(found, type="int", default=None, crashes_when_unset=True)


def test_b7_explicit_none_default_is_no_default(tmp_path: Path) -> None:
    found = value(tmp_path, 'import os\nDEBUG = int(os.getenv("DEBUG", None))\n', "DEBUG")
    assert_env(found, type="int", default=None, crashes_when_unset=True)


def test_int_of_subscript_is_required_not_crashing(tmp_path: Path) -> None:
    # os.environ["X"] raises KeyError itself: "required", not a None passed on to int().
    found = value(tmp_path, 'import os\nDEBUG = int(os.environ["DEBUG"])\n', "DEBUG")
    assert_env(found, type="int", required=True, crashes_when_unset=False)


def test_b8_split_of_get_without_default_crashes_when_unset(tmp_path: Path) -> None:
    source = 'import os\nALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS").split(",")\n'
    found = value(tmp_path, source, "ALLOWED_HOSTS")
    assert_env(found, var="ALLOWED_HOSTS", type="list", crashes_when_unset=True)


def test_b8_split_of_getenv_without_default_crashes_when_unset(tmp_path: Path) -> None:
    source = 'import os\nALLOWED_HOSTS = os.getenv("ALLOWED_HOSTS").split(",")\n'
    assert_env(value(tmp_path, source, "ALLOWED_HOSTS"), type="list", crashes_when_unset=True)


def test_compare_of_lower_without_default_crashes_when_unset(tmp_path: Path) -> None:
    # `.lower()` on None raises AttributeError at import, whatever the comparison after it.
    source = 'import os\nDEBUG = os.environ.get("DEBUG").lower() == "true"\n'
    assert_env(value(tmp_path, source, "DEBUG"), type="bool", crashes_when_unset=True)


def test_split_of_get_with_default_does_not_crash(tmp_path: Path) -> None:
    source = 'import os\nALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "").split(",")\n'
    found = value(tmp_path, source, "ALLOWED_HOSTS")
    assert_env(found, type="list", default=Const(""), crashes_when_unset=False)


def test_split_of_subscript_is_required_list(tmp_path: Path) -> None:
    source = 'import os\nALLOWED_HOSTS = os.environ["ALLOWED_HOSTS"].split(",")\n'
    found = value(tmp_path, source, "ALLOWED_HOSTS")
    assert_env(found, type="list", required=True, crashes_when_unset=False)


def test_comprehension_over_split_is_a_list(tmp_path: Path) -> None:
    source = """\
        import os
        ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",")]
        """
    assert_env(value(tmp_path, source, "ALLOWED_HOSTS"), type="list", default=Const(""))


def test_raw_allowed_hosts_string_is_str(tmp_path: Path) -> None:
    source = 'import os\nALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS")\n'
    assert_env(value(tmp_path, source, "ALLOWED_HOSTS"), type="str")


def test_b9_decouple_split_with_wildcard_default(tmp_path: Path) -> None:
    source = "from decouple import config\nALLOWED_HOSTS = config('ALLOWED_HOSTS', default='*').split(',')\n"
    found = value(tmp_path, source, "ALLOWED_HOSTS")
    assert_env(found, type="list", default=Const("*"), crashes_when_unset=False)


def test_b10_only_the_second_membership_test_counts(tmp_path: Path) -> None:
    # `'A' and 'B' in os.environ` is `'A' and ('B' in os.environ)`: the constant drops out.
    source = "import os\nUSE_POSTGIS = 'DATABASE_URL' and 'POSTGIS_URL' in os.environ\n"
    found = value(tmp_path, source, "USE_POSTGIS")
    assert_env(found, var="POSTGIS_URL", type="bool", prod=None)


def test_b10_branch_on_it_is_undecidable(tmp_path: Path) -> None:
    source = """\
        import os
        ENGINE = "postgresql"
        if 'DATABASE_URL' and 'POSTGIS_URL' in os.environ:
            ENGINE = "postgis"
        """
    resolved = setting(tmp_path, source, "ENGINE")
    assert isinstance(resolved.value, Unknown)
    assert resolved.conditional


# -- DATABASES (§3b) --------------------------------------------------------------------------
def test_database_config_in_a_dict(tmp_path: Path) -> None:
    source = """\
        import dj_database_url

        DATABASES = {"default": dj_database_url.config(conn_max_age=600)}
        """
    resolved = setting(tmp_path, source, "DATABASES")
    assert_env(database(resolved.value), var="DATABASE_URL", type="db", default=None)
    assert resolved.line == 3


def test_database_config_with_env_keyword(tmp_path: Path) -> None:
    source = """\
        import dj_database_url

        DATABASES = {
            "default": dj_database_url.config(
                env="DATABASE_URL",
                conn_max_age=600,
                conn_health_checks=True,
                ssl_require=True,
            ),
        }
        """
    assert_env(database(value(tmp_path, source, "DATABASES")), var="DATABASE_URL", type="db")


def test_database_config_positional_var_name(tmp_path: Path) -> None:
    source = 'import dj_database_url\nDATABASES = {"default": dj_database_url.config("PG_URL")}\n'
    assert_env(database(value(tmp_path, source, "DATABASES")), var="PG_URL", type="db")


def test_database_config_literal_default(tmp_path: Path) -> None:
    source = """\
        import dj_database_url
        DATABASES = {'default': dj_database_url.config(default='postgres://localhost')}
        """
    found = database(value(tmp_path, source, "DATABASES"))
    assert_env(found, var="DATABASE_URL", type="db", default=Const("postgres://localhost"))


def test_database_config_default_from_getenv(tmp_path: Path) -> None:
    source = """\
        import os
        import dj_database_url
        DATABASES = {"default": dj_database_url.config(default=os.getenv("DATABASE_URL"))}
        """
    found = assert_env(database(value(tmp_path, source, "DATABASES")), type="db")
    assert_env(found.default, var="DATABASE_URL", type="str")


def test_database_config_default_from_decouple(tmp_path: Path) -> None:
    source = """\
        import dj_database_url
        from decouple import config
        DATABASES = {"default": dj_database_url.config(default=config("DATABASE_URL"))}
        """
    found = assert_env(database(value(tmp_path, source, "DATABASES")), type="db")
    assert_env(found.default, var="DATABASE_URL", reader="decouple", required=True)


def test_database_subscript_assignment_replaces_default(tmp_path: Path) -> None:
    source = """\
        import dj_database_url

        DATABASES = {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": "db.sqlite3",
            }
        }
        DATABASES["default"] = dj_database_url.config()
        """
    resolved = setting(tmp_path, source, "DATABASES")
    assert_env(database(resolved.value), var="DATABASE_URL", type="db")
    assert resolved.line == 9


def test_database_key_set_after_url_config_keeps_it_from_env(tmp_path: Path) -> None:
    # pleasedontbelong/front_alerts: `DATABASES['default']['CONN_MAX_AGE'] = 500` afterwards.
    source = """\
        import dj_database_url
        DATABASES = {}
        DATABASES['default'] = dj_database_url.config()
        DATABASES['default']['CONN_MAX_AGE'] = 500
        """
    resolved = setting(tmp_path, source, "DATABASES")
    assert_env(database(resolved.value), var="DATABASE_URL", type="db")
    assert resolved.line == 4


def test_database_update_with_config_call(tmp_path: Path) -> None:
    source = """\
        import dj_database_url
        DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db"}}
        DATABASES['default'].update(dj_database_url.config(conn_max_age=500))
        """
    resolved = setting(tmp_path, source, "DATABASES")
    assert_env(database(resolved.value), var="DATABASE_URL", type="db")
    assert resolved.line == 3


def test_database_update_with_a_name_bound_to_config(tmp_path: Path) -> None:
    source = """\
        import dj_database_url
        DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db"}}
        db_from_env = dj_database_url.config(conn_max_age=500)
        DATABASES['default'].update(db_from_env)
        """
    assert_env(database(value(tmp_path, source, "DATABASES")), var="DATABASE_URL", type="db")


def test_database_options_added_to_url_config_keep_it_from_env(tmp_path: Path) -> None:
    source = """\
        import dj_database_url
        DATABASES = {"default": dj_database_url.config()}
        DATABASES["default"].update({"CONN_MAX_AGE": 600})
        DATABASES["default"].setdefault("OPTIONS", {})
        """
    resolved = setting(tmp_path, source, "DATABASES")
    assert_env(database(resolved.value), var="DATABASE_URL", type="db")
    assert resolved.line == 4


def test_database_update_with_a_literal_dict_merges_keys(tmp_path: Path) -> None:
    source = """\
        DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db"}}
        DATABASES["default"].update({"NAME": "other"})
        """
    found = database(value(tmp_path, source, "DATABASES"))
    assert isinstance(found, Map)
    assert found.get("NAME") == Const("other")
    assert found.get("ENGINE") == Const("django.db.backends.sqlite3")


def test_database_parse_of_get_without_default_crashes_when_unset(tmp_path: Path) -> None:
    source = """\
        import os
        import dj_database_url
        DATABASES = {'default': dj_database_url.parse(os.environ.get("DATABASE_URL"))}
        """
    found = database(value(tmp_path, source, "DATABASES"))
    assert_env(found, var="DATABASE_URL", type="db", crashes_when_unset=True)


def test_database_parse_of_environ_call_is_required(tmp_path: Path) -> None:
    source = ENVIRON_HEADER + (
        "import dj_database_url\n"
        'DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL"))}\n'
    )
    found = database(value(tmp_path, source, "DATABASES"))
    assert_env(found, var="DATABASE_URL", type="db", required=True, crashes_when_unset=False)


def test_database_parse_of_a_literal_url_is_unknown_literal(tmp_path: Path) -> None:
    source = """\
        import dj_database_url
        DATABASES = {"default": dj_database_url.parse("postgres://u:p@localhost/db")}
        """
    found = database(value(tmp_path, source, "DATABASES"))
    assert found == Unknown("database from a fixed URL", hint="db-literal")


def test_database_spread_of_parse_with_overrides_stays_from_env(tmp_path: Path) -> None:
    source = """\
        import dj_database_url
        from decouple import config

        DATABASES = {
            'default': {
                **dj_database_url.parse(config('DATABASE_URL')),
                'ENGINE': 'django.db.backends.postgresql',
            }
        }
        """
    found = database(value(tmp_path, source, "DATABASES"))
    assert_env(found, var="DATABASE_URL", type="db", required=True)


def test_database_second_alias_from_parse_of_a_name(tmp_path: Path) -> None:
    source = """\
        import os
        import dj_database_url
        POSTGIS = os.environ["POSTGIS_URL"]
        DATABASES = {
            "default": dj_database_url.config(),
            "datastore": dj_database_url.parse(POSTGIS, conn_max_age=500),
        }
        """
    found = value(tmp_path, source, "DATABASES")
    assert_env(database(found), var="DATABASE_URL", type="db")
    assert_env(database(found, "datastore"), var="POSTGIS_URL", type="db", required=True)


def test_database_module_alias_is_followed(tmp_path: Path) -> None:
    source = 'import dj_database_url as db\nDATABASES = {"default": db.config()}\n'
    assert_env(database(value(tmp_path, source, "DATABASES")), var="DATABASE_URL", type="db")


def test_database_from_import_config_is_dj_database_url(tmp_path: Path) -> None:
    source = """\
        import os
        from dj_database_url import config
        DATABASES = {
            "default": config(conn_max_age=600, default=os.getenv("POSTGRES_URL")),
        }
        """
    found = assert_env(database(value(tmp_path, source, "DATABASES")), type="db")
    assert found.var == "DATABASE_URL"
    assert_env(found.default, var="POSTGRES_URL", type="str")


def test_database_config_imported_under_another_name(tmp_path: Path) -> None:
    source = """\
        from dj_database_url import config as get_db_config
        DATABASES = {"default": get_db_config(conn_max_age=600)}
        """
    assert_env(database(value(tmp_path, source, "DATABASES")), var="DATABASE_URL", type="db")


def test_database_decouple_cast_with_parse_alias(tmp_path: Path) -> None:
    source = """\
        from decouple import config
        from dj_database_url import parse as db_url

        DATABASES = {
            "default": config("DATABASE_URL", default="sqlite:///db.sqlite3", cast=db_url),
        }
        """
    found = database(value(tmp_path, source, "DATABASES"))
    assert_env(found, var="DATABASE_URL", type="db", default=Const("sqlite:///db.sqlite3"))


def test_database_environ_db_defaults_to_database_url(tmp_path: Path) -> None:
    source = ENVIRON_HEADER + 'DATABASES = {"default": env.db()}\n'
    found = database(value(tmp_path, source, "DATABASES"))
    assert_env(found, var="DATABASE_URL", type="db", required=True)


def test_database_environ_db_with_var_and_default(tmp_path: Path) -> None:
    source = ENVIRON_HEADER + (
        'DATABASES = {"default": env.db("SQLITE_URL", default="sqlite:///db.sqlite3")}\n'
    )
    found = database(value(tmp_path, source, "DATABASES"))
    assert_env(found, var="SQLITE_URL", type="db", default=Const("sqlite:///db.sqlite3"))


def test_database_environ_db_url_method(tmp_path: Path) -> None:
    source = ENVIRON_HEADER + 'DATABASES = {"default": env.db_url()}\n'
    assert_env(database(value(tmp_path, source, "DATABASES")), var="DATABASE_URL", type="db")


def test_database_inside_a_url_check_takes_the_url_branch(tmp_path: Path) -> None:
    source = """\
        import os
        import dj_database_url
        DATABASE_URL = os.environ.get("DATABASE_URL")
        if DATABASE_URL:
            DATABASES = {"default": dj_database_url.config(default=DATABASE_URL)}
        else:
            DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3"}}
        """
    resolved = setting(tmp_path, source, "DATABASES")
    assert_env(database(resolved.value), var="DATABASE_URL", type="db")
    assert (resolved.line, resolved.conditional) == (5, True)


def test_database_literal_sqlite_is_a_literal_map(tmp_path: Path) -> None:
    source = """\
        from pathlib import Path
        BASE_DIR = Path(__file__).resolve().parent.parent
        DATABASES = {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": BASE_DIR / "db.sqlite3",
            }
        }
        """
    found = database(value(tmp_path, source, "DATABASES"))
    assert isinstance(found, Map)
    assert found.get("ENGINE") == Const("django.db.backends.sqlite3")
    assert found.get("NAME") == Unknown("path", hint="Path", path="db.sqlite3")


def test_django_heroku_settings_sets_what_the_helper_assigns(tmp_path: Path) -> None:
    source = """\
        import django_heroku
        DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3"}}
        ALLOWED_HOSTS = []
        django_heroku.settings(locals())
        """
    model = make_project(tmp_path, source)
    assert_env(
        database(model.values["DATABASES"].value),
        var="DATABASE_URL",
        type="db",
        reader="django_heroku.settings",
    )
    assert model.values["ALLOWED_HOSTS"].value == Seq("list", (Const("*"),))
    assert model.values["ALLOWED_HOSTS"].line == 4


def test_setting_after_django_heroku_call_overrides_it(tmp_path: Path) -> None:
    source = """\
        import django_heroku
        django_heroku.settings(locals())
        ALLOWED_HOSTS = ["example.com"]
        """
    assert value(tmp_path, source, "ALLOWED_HOSTS") == Seq("list", (Const("example.com"),))


# -- heroku/python-getting-started, verbatim shape (§2b) ---------------------------------------
GETTING_STARTED = """\
    import os
    import secrets
    from pathlib import Path

    import dj_database_url

    BASE_DIR = Path(__file__).resolve().parent.parent

    SECRET_KEY = os.environ.get(
        "DJANGO_SECRET_KEY",
        default=secrets.token_urlsafe(nbytes=64),
    )

    IS_HEROKU_APP = "DYNO" in os.environ and "CI" not in os.environ

    if not IS_HEROKU_APP:
        DEBUG = True

    if IS_HEROKU_APP:
        ALLOWED_HOSTS = ["*"]
    else:
        ALLOWED_HOSTS = [".localhost", "127.0.0.1", "[::1]", "0.0.0.0", "[::]"]

    if IS_HEROKU_APP:
        DATABASES = {
            "default": dj_database_url.config(
                env="DATABASE_URL",
                conn_max_age=600,
                conn_health_checks=True,
                ssl_require=True,
            ),
        }
    else:
        DATABASES = {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": BASE_DIR / "db.sqlite3",
            }
        }

    if IS_HEROKU_APP:
        SECURE_SSL_REDIRECT = True
    """


def test_getting_started_is_heroku_app_is_true_on_a_dyno(tmp_path: Path) -> None:
    found = value(tmp_path, GETTING_STARTED, "IS_HEROKU_APP")
    assert_env(found, type="bool", prod=True)


def test_getting_started_debug_branch_is_not_taken(tmp_path: Path) -> None:
    assert "DEBUG" not in make_project(tmp_path, GETTING_STARTED)


def test_getting_started_allowed_hosts_is_the_heroku_branch(tmp_path: Path) -> None:
    resolved = setting(tmp_path, GETTING_STARTED, "ALLOWED_HOSTS")
    assert resolved.value == Seq("list", (Const("*"),))
    assert (resolved.line, resolved.conditional) == (20, True)


def test_getting_started_databases_is_the_heroku_branch(tmp_path: Path) -> None:
    resolved = setting(tmp_path, GETTING_STARTED, "DATABASES")
    assert_env(database(resolved.value), var="DATABASE_URL", type="db")
    assert resolved.line == 25


def test_getting_started_last_setting_line(tmp_path: Path) -> None:
    resolved = setting(tmp_path, GETTING_STARTED, "SECURE_SSL_REDIRECT")
    assert (resolved.value, resolved.line) == (Const(True), 42)


# -- branches (§4 step 4) ---------------------------------------------------------------------
def test_dyno_membership_branch_is_taken(tmp_path: Path) -> None:
    source = """\
        import os
        DEBUG = True
        if "DYNO" in os.environ:
            DEBUG = False
        """
    resolved = setting(tmp_path, source, "DEBUG")
    assert (resolved.value, resolved.line, resolved.conditional) == (Const(False), 4, True)


def test_else_of_dyno_membership_is_not_taken(tmp_path: Path) -> None:
    source = """\
        import os
        if "DYNO" in os.environ:
            DEBUG = False
        else:
            DEBUG = True
        """
    assert setting(tmp_path, source, "DEBUG").line == 3


def test_not_on_dyno_branch_takes_else(tmp_path: Path) -> None:
    source = """\
        import os
        if "DYNO" not in os.environ:
            DEBUG = True
        else:
            DEBUG = False
        """
    resolved = setting(tmp_path, source, "DEBUG")
    assert (resolved.value, resolved.line) == (Const(False), 5)


def test_ci_branch_is_not_taken_on_a_dyno(tmp_path: Path) -> None:
    source = """\
        import os
        TEST_RUNNER = "default"
        if "CI" in os.environ:
            TEST_RUNNER = "ci"
        """
    assert value(tmp_path, source, "TEST_RUNNER") == Const("default")


def test_port_subscript_branch_is_taken(tmp_path: Path) -> None:
    source = """\
        import os
        SECURE_SSL_REDIRECT = False
        if os.environ.get("PORT"):
            SECURE_SSL_REDIRECT = True
        """
    assert value(tmp_path, source, "SECURE_SSL_REDIRECT") == Const(True)


def test_if_debug_branch_is_not_taken_when_debug_is_env(tmp_path: Path) -> None:
    source = """\
        import os
        DEBUG = os.environ.get("DEBUG", "") == "1"
        ALLOWED_HOSTS = [".herokuapp.com"]
        if DEBUG:
            ALLOWED_HOSTS = ["localhost"]
        """
    assert value(tmp_path, source, "ALLOWED_HOSTS") == Seq("list", (Const(".herokuapp.com"),))


def test_if_not_debug_branch_is_taken_when_debug_is_env(tmp_path: Path) -> None:
    source = """\
        import os
        DEBUG = os.environ.get("DEBUG", "") == "1"
        if not DEBUG:
            SECURE_SSL_REDIRECT = True
        """
    assert value(tmp_path, source, "SECURE_SSL_REDIRECT") == Const(True)


def test_if_debug_branch_is_taken_when_debug_is_literal_true(tmp_path: Path) -> None:
    source = """\
        DEBUG = True
        ALLOWED_HOSTS = []
        if DEBUG:
            ALLOWED_HOSTS = ["*"]
        """
    assert value(tmp_path, source, "ALLOWED_HOSTS") == Seq("list", (Const("*"),))


def test_undecidable_branch_makes_differing_assignments_unknown(tmp_path: Path) -> None:
    source = """\
        import os
        if os.environ.get("X") == "y":
            ALLOWED_HOSTS = ["a.example.com"]
        else:
            ALLOWED_HOSTS = ["b.example.com"]
        """
    resolved = setting(tmp_path, source, "ALLOWED_HOSTS")
    assert resolved.value == Unknown("depends on a condition")
    assert resolved.conditional


def test_undecidable_branch_keeps_an_assignment_both_sides_agree_on(tmp_path: Path) -> None:
    source = """\
        import os
        if os.environ.get("X") == "y":
            SECURE_SSL_REDIRECT = True
        else:
            SECURE_SSL_REDIRECT = True
        """
    assert value(tmp_path, source, "SECURE_SSL_REDIRECT") == Const(True)


def test_undecidable_branch_without_else_makes_its_assignment_unknown(tmp_path: Path) -> None:
    source = """\
        import os
        DEBUG = False
        if os.environ.get("X") == "y":
            DEBUG = True
        """
    assert value(tmp_path, source, "DEBUG") == Unknown("depends on a condition")


def test_undecidable_branch_leaves_untouched_settings_alone(tmp_path: Path) -> None:
    source = """\
        import os
        DEBUG = False
        if os.environ.get("X") == "y":
            ALLOWED_HOSTS = ["*"]
        """
    resolved = setting(tmp_path, source, "DEBUG")
    assert (resolved.value, resolved.line, resolved.conditional) == (Const(False), 2, False)


def test_undecidable_branch_makes_helper_names_unknown(tmp_path: Path) -> None:
    source = """\
        import os
        if os.environ.get("X") == "y":
            _hosts = ["a"]
        else:
            _hosts = ["b"]
        ALLOWED_HOSTS = _hosts
        """
    assert isinstance(value(tmp_path, source, "ALLOWED_HOSTS"), Unknown)


def test_heroku_flag_combining_dyno_and_not_ci_is_true(tmp_path: Path) -> None:
    source = """\
        import os
        IS_HEROKU = "DYNO" in os.environ and "CI" not in os.environ
        if IS_HEROKU:
            ALLOWED_HOSTS = [".herokuapp.com"]
        else:
            ALLOWED_HOSTS = ["localhost"]
        """
    resolved = setting(tmp_path, source, "ALLOWED_HOSTS")
    assert resolved.value == Seq("list", (Const(".herokuapp.com"),))
    assert resolved.line == 4


def test_elif_chain_takes_the_first_true_test(tmp_path: Path) -> None:
    source = """\
        import os
        if "CI" in os.environ:
            MODE = "ci"
        elif "DYNO" in os.environ:
            MODE = "heroku"
        else:
            MODE = "local"
        """
    resolved = setting(tmp_path, source, "MODE")
    assert (resolved.value, resolved.line) == (Const("heroku"), 5)


def test_conditional_expression_on_dyno(tmp_path: Path) -> None:
    source = 'import os\nDEBUG = False if "DYNO" in os.environ else True\n'
    assert value(tmp_path, source, "DEBUG") == Const(False)


# -- mutations (§4 step 4) --------------------------------------------------------------------
def test_augmented_list_assignment_extends(tmp_path: Path) -> None:
    source = """\
        INSTALLED_APPS = ["django.contrib.admin"]
        INSTALLED_APPS += ["whitenoise.runserver_nostatic"]
        """
    resolved = setting(tmp_path, source, "INSTALLED_APPS")
    assert resolved.value == Seq(
        "list", (Const("django.contrib.admin"), Const("whitenoise.runserver_nostatic"))
    )
    assert resolved.line == 2


def test_augmented_tuple_assignment_extends(tmp_path: Path) -> None:
    source = 'MIDDLEWARE = ("a",)\nMIDDLEWARE += ("b",)\n'
    assert value(tmp_path, source, "MIDDLEWARE") == Seq("tuple", (Const("a"), Const("b")))


def test_augmented_assignment_of_unknown_is_unknown(tmp_path: Path) -> None:
    source = 'INSTALLED_APPS = ["a"]\nINSTALLED_APPS += EXTRA_APPS\n'
    assert isinstance(value(tmp_path, source, "INSTALLED_APPS"), Unknown)


def test_augmented_item_assignment_makes_the_item_unknown(tmp_path: Path) -> None:
    source = 'LOGGING = {"version": 1, "handlers": {}}\nLOGGING["handlers"] |= {"x": {}}\n'
    resolved = setting(tmp_path, source, "LOGGING")
    assert resolved.value == Map(
        (
            (Const("version"), Const(1)),
            (Const("handlers"), Unknown("augmented assignment")),
        )
    )
    assert resolved.line == 2


def test_append_adds_at_the_end(tmp_path: Path) -> None:
    source = 'MIDDLEWARE = ["a"]\nMIDDLEWARE.append("b")\n'
    resolved = setting(tmp_path, source, "MIDDLEWARE")
    assert (resolved.value, resolved.line) == (Seq("list", (Const("a"), Const("b"))), 2)


def test_insert_puts_at_the_index(tmp_path: Path) -> None:
    source = """\
        MIDDLEWARE = [
            "django.middleware.security.SecurityMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
        ]
        MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
        """
    resolved = setting(tmp_path, source, "MIDDLEWARE")
    assert resolved.value == Seq(
        "list",
        (
            Const("django.middleware.security.SecurityMiddleware"),
            Const("whitenoise.middleware.WhiteNoiseMiddleware"),
            Const("django.contrib.sessions.middleware.SessionMiddleware"),
        ),
    )
    assert resolved.line == 5


def test_extend_and_remove(tmp_path: Path) -> None:
    source = 'APPS = ["a", "b"]\nAPPS.extend(["c"])\nAPPS.remove("a")\n'
    assert value(tmp_path, source, "APPS") == Seq("list", (Const("b"), Const("c")))


def test_unmodelled_mutation_is_unknown(tmp_path: Path) -> None:
    source = 'APPS = ["a", "b"]\nAPPS.pop()\n'
    assert value(tmp_path, source, "APPS") == Unknown(".pop()")


def test_item_assignment_sets_a_key(tmp_path: Path) -> None:
    source = """\
        STORAGES = {"default": {"BACKEND": "x"}}
        STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
        """
    found = value(tmp_path, source, "STORAGES")
    assert isinstance(found, Map)
    assert found.get("staticfiles") == Map(
        ((Const("BACKEND"), Const("whitenoise.storage.CompressedManifestStaticFilesStorage")),)
    )
    assert found.get("default") == Map(((Const("BACKEND"), Const("x")),))


def test_nested_item_assignment_replaces_a_leaf(tmp_path: Path) -> None:
    source = """\
        DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db"}}
        DATABASES["default"]["NAME"] = "other"
        """
    found = database(value(tmp_path, source, "DATABASES"))
    assert isinstance(found, Map)
    assert found.get("NAME") == Const("other")


def test_item_assignment_on_an_unknown_value_is_unknown(tmp_path: Path) -> None:
    source = 'import json\nCACHES = json.loads("{}")\nCACHES["default"] = {}\n'
    assert value(tmp_path, source, "CACHES") == Unknown("item assignment")


def test_annotated_assignment_binds(tmp_path: Path) -> None:
    source = "DEBUG: bool = False\nALLOWED_HOSTS: list[str] = ['a']\n"
    model = make_project(tmp_path, source)
    assert model.values["DEBUG"].value == Const(False)
    assert model.values["ALLOWED_HOSTS"].value == Seq("list", (Const("a"),))


def test_bare_annotation_does_not_bind(tmp_path: Path) -> None:
    assert "DEBUG" not in make_project(tmp_path, "DEBUG: bool\n")


def test_chained_assignment_binds_every_target(tmp_path: Path) -> None:
    model = make_project(tmp_path, "STATIC_URL = MEDIA_URL = '/x/'\n")
    assert model.values["STATIC_URL"].value == model.values["MEDIA_URL"].value == Const("/x/")


def test_tuple_unpacking_is_unknown(tmp_path: Path) -> None:
    assert value(tmp_path, "DEBUG, TEMPLATE_DEBUG = False, False\n", "DEBUG") == Unknown("unpacked")


def test_del_removes_a_setting(tmp_path: Path) -> None:
    assert "DEBUG" not in make_project(tmp_path, "DEBUG = True\ndel DEBUG\n")


def test_lowercase_names_are_not_settings(tmp_path: Path) -> None:
    model = make_project(tmp_path, "debug = True\n_PRIVATE = 1\nDEBUG = debug\n")
    assert set(model.values) == {"DEBUG"}
    assert model.values["DEBUG"].value == Const(True)


# -- blocks that cannot be followed -----------------------------------------------------------
def test_assignment_in_a_with_block_is_unknown(tmp_path: Path) -> None:
    source = """\
        with open("/etc/secret_key.txt") as f:
            SECRET_KEY = f.read().strip()
        """
    resolved = setting(tmp_path, source, "SECRET_KEY")
    assert (resolved.value, resolved.line) == (Unknown("assigned in a block"), 1)


def test_append_in_a_loop_makes_the_list_unknown(tmp_path: Path) -> None:
    source = """\
        MIDDLEWARE = ["a"]
        for extra in ["b", "c"]:
            MIDDLEWARE.append(extra)
        """
    resolved = setting(tmp_path, source, "MIDDLEWARE")
    assert (resolved.value, resolved.line) == (Unknown("assigned in a block"), 2)


def test_item_assignment_in_a_loop_makes_the_dict_unknown(tmp_path: Path) -> None:
    source = """\
        CACHES = {}
        for name in ["default", "sessions"]:
            CACHES[name] = {"BACKEND": "x"}
        """
    assert value(tmp_path, source, "CACHES") == Unknown("assigned in a block")


def test_function_body_does_not_assign_module_settings(tmp_path: Path) -> None:
    source = """\
        DEBUG = False


        def enable_debug():
            DEBUG = True
            return DEBUG
        """
    resolved = setting(tmp_path, source, "DEBUG")
    assert (resolved.value, resolved.line) == (Const(False), 1)


def test_class_body_does_not_assign_module_settings(tmp_path: Path) -> None:
    source = "DEBUG = False\nclass Settings:\n    DEBUG = True\n"
    assert value(tmp_path, source, "DEBUG") == Const(False)


def test_while_loop_assignment_is_unknown(tmp_path: Path) -> None:
    source = "DEBUG = False\nwhile False:\n    DEBUG = True\n"
    assert value(tmp_path, source, "DEBUG") == Unknown("assigned in a block")


# -- module structure: star imports (§4 step 4) -----------------------------------------------
BASE = """\
    import os
    DEBUG = True
    SECRET_KEY = "insecure"
    ALLOWED_HOSTS = []
    INSTALLED_APPS = ["django.contrib.admin"]
    """


def test_relative_star_import_chain_is_followed_in_place(tmp_path: Path) -> None:
    production = """\
        from .base import *  # noqa

        DEBUG = False
        INSTALLED_APPS += ["whitenoise.runserver_nostatic"]
        """
    model = make_project(
        tmp_path,
        None,
        {
            "mysite/settings/__init__.py": "",
            "mysite/settings/base.py": BASE,
            "mysite/settings/production.py": production,
        },
        module="mysite.settings.production",
    )
    assert model.modules == [
        ("mysite.settings.production", "mysite/settings/production.py"),
        ("mysite.settings.base", "mysite/settings/base.py"),
    ]
    assert (model.values["DEBUG"].value, model.values["DEBUG"].relpath) == (
        Const(False),
        "mysite/settings/production.py",
    )
    assert model.values["DEBUG"].line == 3
    secret = model.values["SECRET_KEY"]
    assert (secret.value, secret.relpath, secret.line) == (
        Const("insecure"),
        "mysite/settings/base.py",
        3,
    )
    assert model.values["INSTALLED_APPS"].value == Seq(
        "list", (Const("django.contrib.admin"), Const("whitenoise.runserver_nostatic"))
    )
    assert model.complete


def test_absolute_star_import_is_followed(tmp_path: Path) -> None:
    production = "from mysite.settings.base import *\nALLOWED_HOSTS = ['.herokuapp.com']\n"
    model = make_project(
        tmp_path,
        None,
        {
            "mysite/settings/__init__.py": "",
            "mysite/settings/base.py": BASE,
            "mysite/settings/production.py": production,
        },
        module="mysite.settings.production",
    )
    assert model.values["DEBUG"].value == Const(True)
    assert model.values["DEBUG"].relpath == "mysite/settings/base.py"
    assert model.values["ALLOWED_HOSTS"].value == Seq("list", (Const(".herokuapp.com"),))
    assert model.complete


def test_star_import_from_a_settings_package_init(tmp_path: Path) -> None:
    # mysite/settings/__init__.py is the settings module; its `.` is the package itself.
    model = make_project(
        tmp_path,
        None,
        {
            "mysite/settings/__init__.py": "from .base import *\nfrom .components import *\n",
            "mysite/settings/base.py": BASE,
            "mysite/settings/components/__init__.py": "from .database import *\n",
            "mysite/settings/components/database.py": (
                'import dj_database_url\n\nDATABASES = {"default": dj_database_url.config()}\n'
            ),
        },
    )
    resolved = model.values["DATABASES"]
    assert_env(database(resolved.value), var="DATABASE_URL", type="db")
    assert (resolved.relpath, resolved.line) == ("mysite/settings/components/database.py", 3)
    assert model.values["SECRET_KEY"].relpath == "mysite/settings/base.py"
    assert model.complete


def test_later_base_import_overrides_earlier_settings(tmp_path: Path) -> None:
    model = make_project(
        tmp_path,
        None,
        {
            "mysite/settings/__init__.py": "",
            "mysite/settings/base.py": BASE,
            "mysite/settings/production.py": "DEBUG = False\nfrom .base import *\n",
        },
        module="mysite.settings.production",
    )
    assert model.values["DEBUG"].value == Const(True)


def test_optional_local_import_is_ignored_when_present(tmp_path: Path) -> None:
    production = """\
        from .base import *

        DEBUG = False

        try:
            from .local import *
        except ImportError:
            pass
        """
    model = make_project(
        tmp_path,
        None,
        {
            "mysite/settings/__init__.py": "",
            "mysite/settings/base.py": BASE,
            "mysite/settings/local.py": "DEBUG = True\n",
            "mysite/settings/production.py": production,
        },
        module="mysite.settings.production",
    )
    assert model.values["DEBUG"].value == Const(False)
    assert "mysite/settings/local.py" not in [relpath for _, relpath in model.modules]
    assert model.complete


def test_optional_local_import_is_ignored_when_missing(tmp_path: Path) -> None:
    source = """\
        DEBUG = False
        try:
            from .local_settings import *
        except (ImportError, KeyError):
            pass
        """
    model = make_project(tmp_path, source)
    assert model.values["DEBUG"].value == Const(False)
    assert model.unresolved == []
    assert model.complete


def test_star_import_of_a_missing_module_marks_incomplete(tmp_path: Path) -> None:
    model = make_project(tmp_path, "from .missing import *\nDEBUG = False\n")
    assert not model.complete
    assert [(r.module, r.relpath, r.line) for r in model.unresolved] == [
        ("mysite.missing", "mysite/settings.py", 1)
    ]
    assert model.values["DEBUG"].value == Const(False)


def test_star_import_under_a_non_import_error_handler_is_followed(tmp_path: Path) -> None:
    source = """\
        try:
            from .base import *
        except KeyError:
            pass
        """
    model = make_project(tmp_path, source, {"mysite/base.py": "DEBUG = False\n"})
    assert model.values["DEBUG"].value == Const(False)


def test_star_import_cycle_terminates(tmp_path: Path) -> None:
    model = make_project(
        tmp_path,
        "from .a import *\nDEBUG = False\n",
        {
            "mysite/a.py": "from .b import *\nA = 1\n",
            "mysite/b.py": "from .a import *\nfrom .settings import *\nB = 2\n",
        },
    )
    assert model.modules == [
        ("mysite.settings", "mysite/settings.py"),
        ("mysite.a", "mysite/a.py"),
        ("mysite.b", "mysite/b.py"),
    ]
    assert (model.values["A"].value, model.values["B"].value) == (Const(1), Const(2))
    assert model.values["DEBUG"].value == Const(False)


def test_star_import_of_an_unparsable_module_marks_incomplete(tmp_path: Path) -> None:
    model = make_project(tmp_path, "from .base import *\n", {"mysite/base.py": "DEBUG = (\n"})
    assert not model.complete
    assert [failure.relpath for failure in model.failures] == ["mysite/base.py"]


def test_star_import_under_an_undecidable_branch_makes_its_settings_unknown(
    tmp_path: Path,
) -> None:
    source = """\
        import os
        DEBUG = False
        if os.environ.get("ENV") == "dev":
            from .dev import *
        """
    model = make_project(tmp_path, source, {"mysite/dev.py": "DEBUG = True\nDEV_ONLY = 1\n"})
    assert model.values["DEBUG"].value == Unknown("depends on a condition")
    assert model.values["DEV_ONLY"].value == Unknown("depends on a condition")


def test_names_from_a_base_module_are_in_scope(tmp_path: Path) -> None:
    model = make_project(
        tmp_path,
        "from .base import *\nDATABASES = {'default': dj_database_url.config()}\n",
        {"mysite/base.py": "import dj_database_url\n"},
    )
    assert_env(database(model.values["DATABASES"].value), var="DATABASE_URL", type="db")


# -- dynamic code -----------------------------------------------------------------------------
def test_exec_marks_the_model_incomplete(tmp_path: Path) -> None:
    model = make_project(tmp_path, 'DEBUG = False\nexec(open("local.py").read())\n')
    assert not model.complete
    assert model.dynamic == ["mysite/settings.py:2: exec"]


def test_globals_update_marks_the_model_incomplete(tmp_path: Path) -> None:
    model = make_project(tmp_path, "import os\nglobals().update(os.environ)\n")
    assert not model.complete
    assert model.dynamic == ["mysite/settings.py:2: globals().update"]


def test_dynaconf_marks_the_model_incomplete(tmp_path: Path) -> None:
    model = make_project(
        tmp_path, "import dynaconf\nsettings = dynaconf.DjangoDynaconf(__name__)\n"
    )
    assert not model.complete
    assert model.dynamic == [
        "mysite/settings.py: dynaconf.DjangoDynaconf() may override any setting"
    ]


def test_bare_dynaconf_call_marks_the_model_incomplete(tmp_path: Path) -> None:
    model = make_project(
        tmp_path, "from dynaconf import DjangoDynaconf\nDjangoDynaconf(__name__)\n"
    )
    assert not model.complete


def test_plain_settings_module_is_complete(tmp_path: Path) -> None:
    model = make_project(tmp_path, "DEBUG = False\n")
    assert model.complete
    assert model.modules == [("mysite.settings", "mysite/settings.py")]


# -- line numbers -----------------------------------------------------------------------------
def lines(tmp_path: Path, source: str | bytes) -> dict[str, int]:
    """Each setting's reported line."""
    model = make_project(tmp_path, source)
    return {name: resolved.line for name, resolved in model.values.items()}


def test_lines_after_a_header_comment_and_docstring(tmp_path: Path) -> None:
    source = '# -*- coding: utf-8 -*-\n"""Settings."""\n\n# comment\n\nDEBUG = False\n'
    assert lines(tmp_path, source) == {"DEBUG": 6}


def test_lines_after_multi_line_dicts_and_strings(tmp_path: Path) -> None:
    source = """\
        DATABASES = {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
            },
        }
        SECRET_KEY = \"\"\"
        multi
        line\"\"\"
        ALLOWED_HOSTS = ["a",
                         "b"]  # trailing comment
        STATIC_URL = "/static/" \\
            "x/"
        DEBUG = False
        """
    assert lines(tmp_path, source) == {
        "DATABASES": 1,
        "SECRET_KEY": 6,
        "ALLOWED_HOSTS": 9,
        "STATIC_URL": 11,
        "DEBUG": 13,
    }


def test_lines_after_functions_classes_and_decorators(tmp_path: Path) -> None:
    source = """\
        import functools


        @functools.lru_cache()
        def helper(
            value,
        ):
            # a comment
            return value


        @dataclass
        class Config:
            x: int = 1

        DEBUG = False
        """
    assert lines(tmp_path, source) == {"DEBUG": 16}


def test_lines_with_semicolons(tmp_path: Path) -> None:
    source = "DEBUG = False; SECRET_KEY = 'x'\nALLOWED_HOSTS = []; STATIC_URL = '/s/'\nX = 1\n"
    assert lines(tmp_path, source) == {
        "DEBUG": 1,
        "SECRET_KEY": 1,
        "ALLOWED_HOSTS": 2,
        "STATIC_URL": 2,
        "X": 3,
    }


def test_lines_inside_if_elif_else(tmp_path: Path) -> None:
    source = """\
        import os

        if "CI" in os.environ:
            A = 1
            # comment inside
        elif os.environ.get("X") == "y":
            A = 2

        # before else
        else:

            A = 3
            B = 4
        C = 5
        """
    found = lines(tmp_path, source)
    assert (found["B"], found["C"]) == (13, 14)


def test_lines_inside_taken_else(tmp_path: Path) -> None:
    source = """\
        import os
        if "CI" in os.environ:
            A = {
                "k": 1,
            }
        else:
            A = 2
        """
    resolved = setting(tmp_path, source, "A")
    assert (resolved.value, resolved.line) == (Const(2), 7)


def test_lines_inside_taken_elif(tmp_path: Path) -> None:
    source = """\
        import os
        if "CI" in os.environ:
            A = 1
            A = [
                1,
            ]
        elif (
            "DYNO" in os.environ
        ):

            A = 2
        """
    assert setting(tmp_path, source, "A").line == 11


def test_lines_inside_nested_ifs(tmp_path: Path) -> None:
    source = """\
        import os
        if "DYNO" in os.environ:
            X = 0
            if "CI" in os.environ:
                A = 1
            else:
                if "PORT" in os.environ:
                    A = 2
                B = 3
            C = 4
        D = 5
        """
    assert lines(tmp_path, source) == {"X": 3, "A": 8, "B": 9, "C": 10, "D": 11}


def test_lines_of_one_line_if_and_else(tmp_path: Path) -> None:
    source = """\
        import os
        if "CI" in os.environ: A = 1
        else: A = 2; B = 3
        C = 4
        """
    assert lines(tmp_path, source) == {"A": 3, "B": 3, "C": 4}


def test_lines_inside_try_else_finally(tmp_path: Path) -> None:
    source = """\
        try:
            A = 1
            B = {
                "k": 2,
            }
        except (
            ImportError,
            KeyError,
        ) as error:
            C = 0
        except Exception:
            pass

        # comment before else
        else:
            C = 3
        finally:
            D = 4
            E = [
                5,
            ]
        F = 6
        """
    assert lines(tmp_path, source) == {"A": 2, "B": 3, "C": 16, "D": 18, "E": 19, "F": 22}


def test_lines_after_headers_continued_with_backslashes(tmp_path: Path) -> None:
    source = (
        "import os\n"
        "if \\\n"
        '    "CI" in os.environ:\n'
        "    A = 1\n"
        "elif \\\n"
        '    "DYNO" in os.environ:\n'
        "    A = 2\n"
        "try \\\n"
        ":\n"
        "    B = 3\n"
        "except \\\n"
        "    ImportError as \\\n"
        "    error:\n"
        "    pass\n"
        "else \\\n"
        "  :\n"
        "    C = 4\n"
        "D = 5\n"
    )
    assert lines(tmp_path, source) == {"A": 7, "B": 10, "C": 17, "D": 18}


def test_lines_after_try_with_bare_except(tmp_path: Path) -> None:
    source = """\
        try:
            from .local import *
        except:
            pass
        DEBUG = False
        """
    assert lines(tmp_path, source) == {"DEBUG": 5}


def test_lines_inside_an_if_inside_try(tmp_path: Path) -> None:
    source = """\
        import os
        try:
            if "DYNO" in os.environ:
                A = 1
        finally:
            if "DYNO" in os.environ:

                B = 2
        """
    assert lines(tmp_path, source) == {"A": 4, "B": 8}


def test_column_of_a_nested_setting(tmp_path: Path) -> None:
    source = 'import os\nif "DYNO" in os.environ:\n    DEBUG = False\n'
    span = setting(tmp_path, source, "DEBUG").span
    assert (span.line, span.column, span.end_line, span.end_column) == (3, 5, 3, 18)


def test_span_of_a_multi_line_setting(tmp_path: Path) -> None:
    source = "ALLOWED_HOSTS = [\n    'a',\n]\n"
    span = setting(tmp_path, source, "ALLOWED_HOSTS").span
    assert (span.line, span.column, span.end_line, span.end_column) == (1, 1, 3, 2)


# -- file encodings ---------------------------------------------------------------------------
def test_crlf_file_lines(tmp_path: Path) -> None:
    source = (
        "import os\r\n"
        "\r\n"
        "DATABASES = {\r\n"
        "    'default': {},\r\n"
        "}\r\n"
        'if "DYNO" in os.environ:\r\n'
        "    DEBUG = False\r\n"
        "else:\r\n"
        "    DEBUG = True\r\n"
        "SECRET_KEY = os.environ['SECRET_KEY']\r\n"
    )
    model = make_project(tmp_path, source.encode())
    assert {name: found.line for name, found in model.values.items()} == {
        "DATABASES": 3,
        "DEBUG": 7,
        "SECRET_KEY": 10,
    }
    assert model.values["DEBUG"].value == Const(False)
    assert_env(model.values["SECRET_KEY"].value, var="SECRET_KEY", required=True)


def test_crlf_file_span_end_column_excludes_the_carriage_return(tmp_path: Path) -> None:
    span = make_project(tmp_path, b"DEBUG = False\r\n").values["DEBUG"].span
    assert (span.line, span.end_line, span.end_column) == (1, 1, 14)


def test_file_with_a_bom(tmp_path: Path) -> None:
    source = "\ufeff# settings\nimport os\nDEBUG = os.getenv('DEBUG', '') == '1'\n"
    model = make_project(tmp_path, source.encode("utf-8"))
    assert model.values["DEBUG"].line == 3
    assert_env(model.values["DEBUG"].value, var="DEBUG", type="bool")
    assert model.complete


def test_file_with_a_bom_and_crlf(tmp_path: Path) -> None:
    source = "\ufeffDEBUG = False\r\nSECRET_KEY = 'x'\r\n"
    assert lines(tmp_path, source.encode("utf-8")) == {"DEBUG": 1, "SECRET_KEY": 2}


# -- django-split-settings include() / optional() (§4 step 4) ----------------------------------
def split_project(tmp_path: Path, init: str, files: dict[str, str]) -> SettingsModel:
    return make_project(
        tmp_path,
        None,
        {"mysite/settings/__init__.py": init, **files},
        module="mysite.settings",
    )


def test_include_runs_files_relative_to_the_including_file_in_one_namespace(
    tmp_path: Path,
) -> None:
    init = """\
        from split_settings.tools import include
        include("components/base.py", "components/static.py")
        """
    model = split_project(
        tmp_path,
        init,
        {
            # `__file__` is mysite/settings/__init__.py here (see the tests below).
            "mysite/settings/components/base.py": "from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent.parent\n",
            "mysite/settings/components/static.py": 'STATIC_ROOT = BASE_DIR / "staticfiles"\n',
        },
    )
    assert [relpath for _, relpath in model.modules] == [
        "mysite/settings/__init__.py",
        "mysite/settings/components/base.py",
        "mysite/settings/components/static.py",
    ]
    root = model.values["STATIC_ROOT"]
    assert (root.value, root.relpath, root.line) == (
        Unknown("path", hint="Path", path="staticfiles"),
        "mysite/settings/components/static.py",
        1,
    )
    assert model.complete


def test_include_glob_is_sorted_and_each_file_runs_once(tmp_path: Path) -> None:
    init = """\
        from split_settings.tools import include
        include("components/b.py", "components/*.py")
        """
    model = split_project(
        tmp_path,
        init,
        {
            "mysite/settings/components/a.py": "ORDER = ['a']\n",
            "mysite/settings/components/b.py": "ORDER = ['b']\n",
            "mysite/settings/components/c.py": "ORDER += ['c']\n",
        },
    )
    # b first (named), then a (glob, sorted), b skipped (already included), then c.
    assert model.values["ORDER"].value == Seq("list", (Const("a"), Const("c")))


def test_nested_include_is_relative_to_its_own_file(tmp_path: Path) -> None:
    model = split_project(
        tmp_path,
        'from split_settings.tools import include\ninclude("parts/outer.py")\n',
        {
            "mysite/settings/parts/outer.py": 'include("inner/deep.py")\n',
            "mysite/settings/parts/inner/deep.py": "DEBUG = False\n",
        },
    )
    assert model.values["DEBUG"].relpath == "mysite/settings/parts/inner/deep.py"


STR_BASE_DIR = "import os\nBASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n"
STATIC_DIRS = 'STATICFILES_DIRS = [os.path.join(BASE_DIR, "static")]\n'


def test_included_component_sees_the_including_module_file(tmp_path: Path) -> None:
    """split-settings runs a component in the including module's globals, so its `__file__`
    is mysite/settings/__init__.py: BASE_DIR is mysite/, not mysite/settings/."""
    model = split_project(
        tmp_path,
        'from split_settings.tools import include\ninclude("components/common.py")\n',
        {"mysite/settings/components/common.py": STR_BASE_DIR + STATIC_DIRS},
    )
    assert model.values["BASE_DIR"].value == Unknown("path", hint="str-path", path="mysite")
    dirs = model.values["STATICFILES_DIRS"]
    assert (dirs.value, dirs.relpath, dirs.line) == (
        Seq("list", (Unknown("path", hint="str-path", path="mysite/static"),)),
        "mysite/settings/components/common.py",
        3,
    )


def test_nested_and_glob_includes_keep_the_top_module_file(tmp_path: Path) -> None:
    model = split_project(
        tmp_path,
        'from split_settings.tools import include\ninclude("parts/*.py")\n',
        {
            "mysite/settings/parts/outer.py": 'include("inner/deep.py")\n',
            "mysite/settings/parts/inner/deep.py": "from pathlib import Path\nHERE = Path(__file__).parent\n",
        },
    )
    assert model.values["HERE"].value == Unknown("path", hint="Path", path="mysite/settings")


def test_imported_module_keeps_its_own_file_inside_a_component(tmp_path: Path) -> None:
    """A regular import from a component is its own module, with its own `__file__`."""
    model = split_project(
        tmp_path,
        'from split_settings.tools import include\ninclude("components/common.py")\n',
        {
            "mysite/settings/components/__init__.py": "from pathlib import Path\nBASE_DIR = Path(__file__).parent\n",
            "mysite/settings/components/common.py": "from mysite.settings.components import BASE_DIR\nROOT = BASE_DIR\n",
        },
    )
    assert model.values["ROOT"].value == Unknown(
        "path", hint="Path", path="mysite/settings/components"
    )


def test_optional_include_is_skipped_present_or_missing(tmp_path: Path) -> None:
    init = """\
        from split_settings.tools import include, optional
        include("base.py", optional("local.py"), optional("missing.py"))
        """
    model = split_project(
        tmp_path,
        init,
        {
            "mysite/settings/base.py": "DEBUG = False\n",
            "mysite/settings/local.py": "DEBUG = True\n",
        },
    )
    assert model.values["DEBUG"].value == Const(False)
    assert [record.module for record in model.optional] == [
        "mysite/settings/local.py",
        "mysite/settings/missing.py",
    ]
    assert model.complete


def test_missing_required_include_marks_the_model_incomplete(tmp_path: Path) -> None:
    model = split_project(
        tmp_path, 'from split_settings.tools import include\ninclude("nope.py")\n', {}
    )
    assert [(r.module, r.line) for r in model.unresolved] == [("nope.py", 2)]
    assert not model.complete


ENV_INIT = """\
    import os
    from split_settings.tools import include
    ENV = os.environ.get("DJANGO_ENV", "{default}")
    include("base.py", f"environments/{{ENV}}.py")
    """
ENVIRONMENTS = {
    "mysite/settings/base.py": "DEBUG = False\nSTATIC_URL = 'static/'\n",
    "mysite/settings/environments/development.py": "DEBUG = True\nSECRET_KEY = 'dev'\n",
    "mysite/settings/environments/production.py": "SECRET_KEY = 'prod'\n",
}


def test_env_selected_include_uses_a_production_default(tmp_path: Path) -> None:
    model = split_project(tmp_path, ENV_INIT.format(default="production"), ENVIRONMENTS)
    assert model.values["SECRET_KEY"].value == Const("prod")
    assert model.values["DEBUG"].value == Const(False)
    (selection,) = model.selections
    assert (selection.var, selection.default, selection.line) == (
        "DJANGO_ENV",
        "mysite/settings/environments/production.py",
        4,
    )
    assert selection.chosen == ("mysite/settings/environments/production.py",)


def test_env_selected_include_with_a_development_default_reads_every_candidate(
    tmp_path: Path,
) -> None:
    model = split_project(tmp_path, ENV_INIT.format(default="development"), ENVIRONMENTS)
    assert model.values["SECRET_KEY"].value == Unknown("depends on a condition")
    assert model.values["DEBUG"].value == Unknown("depends on a condition")
    assert model.values["STATIC_URL"].value == Const("static/")
    assert model.selections[0].chosen == (
        "mysite/settings/environments/development.py",
        "mysite/settings/environments/production.py",
    )


def test_env_selected_include_keeps_the_including_module_file(tmp_path: Path) -> None:
    files = {
        **ENVIRONMENTS,
        "mysite/settings/environments/production.py": STR_BASE_DIR + STATIC_DIRS,
    }
    model = split_project(tmp_path, ENV_INIT.format(default="production"), files)
    assert model.values["STATICFILES_DIRS"].value == Seq(
        "list", (Unknown("path", hint="str-path", path="mysite/static"),)
    )


def test_settings_module_from_an_env_variable_with_a_local_default(tmp_path: Path) -> None:
    manage = (
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', "
        "f\"mysite.settings.{os.environ.get('DJANGO_ENV', 'local')}\")\n"
    )
    files = {
        "mysite/settings/__init__.py": "",
        "mysite/settings/local.py": "DEBUG = True\nSTATIC_URL = 'static/'\n",
        "mysite/settings/production.py": "DEBUG = False\nSTATIC_URL = 'static/'\n",
    }
    make_project(tmp_path, None, files, module="mysite.settings.local")
    (tmp_path / "manage.py").write_text(manage, encoding="utf-8")
    project = ProjectModel(tmp_path)
    choice = project.settings_choice
    assert choice is not None
    assert (choice.module, choice.env_var, choice.pattern) == (
        "mysite.settings.local",
        "DJANGO_ENV",
        "mysite.settings.*",
    )
    model = project.settings
    assert model is not None
    assert model.values["DEBUG"].value == Unknown("depends on a condition")
    assert model.values["STATIC_URL"].value == Const("static/")
    assert model.selections[0].chosen == ("mysite.settings.local", "mysite.settings.production")


def test_import_module_then_globals_update_reads_the_module(tmp_path: Path) -> None:
    init = """\
        import importlib
        import os
        ENV = os.environ.get("DJANGO_ENV", "production")
        module = importlib.import_module(f".{ENV}", __package__)
        globals().update({k: getattr(module, k) for k in dir(module) if k.isupper()})
        """
    model = split_project(
        tmp_path,
        init,
        {
            "mysite/settings/production.py": "DEBUG = False\n",
            "mysite/settings/development.py": "DEBUG = True\n",
        },
    )
    assert model.values["DEBUG"].value == Const(False)
    assert model.values["DEBUG"].relpath == "mysite/settings/production.py"
    assert model.complete


def test_package_init_choosing_by_env_with_a_production_default(tmp_path: Path) -> None:
    init = """\
        import os
        if os.environ.get("DJANGO_ENV", "production") == "production":
            from .production import *
        else:
            from .development import *
        """
    model = split_project(
        tmp_path,
        init,
        {
            "mysite/settings/production.py": "DEBUG = False\n",
            "mysite/settings/development.py": "DEBUG = True\n",
        },
    )
    assert model.values["DEBUG"].value == Const(False)


def test_package_init_choosing_by_env_with_another_default_is_undecided(tmp_path: Path) -> None:
    init = """\
        import os
        if os.environ.get("DJANGO_ENV", "development") == "development":
            from .development import *
        else:
            from .production import *
        """
    model = split_project(
        tmp_path,
        init,
        {
            "mysite/settings/production.py": "DEBUG = False\n",
            "mysite/settings/development.py": "DEBUG = True\n",
        },
    )
    assert model.values["DEBUG"].value == Unknown("depends on a condition")


def test_from_import_of_a_value_from_a_project_module(tmp_path: Path) -> None:
    model = split_project(
        tmp_path,
        'from .paths import BASE_DIR\nSTATIC_ROOT = BASE_DIR / "staticfiles"\n',
        {
            "mysite/settings/paths.py": (
                "from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parents[2]\n"
            )
        },
    )
    assert model.values["STATIC_ROOT"].value == Unknown("path", hint="Path", path="staticfiles")


# -- django-heroku / django-on-heroku (§3c) ---------------------------------------------------
HELPER_SETTINGS = """\
    import os
    import {helper}
    BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    SECRET_KEY = "literal"
    MIDDLEWARE = [
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.common.CommonMiddleware",
    ]
    {helper}.settings(locals(){arguments})
    """


def test_django_heroku_puts_whitenoise_first_and_sets_static_settings(tmp_path: Path) -> None:
    model = make_project(tmp_path, HELPER_SETTINGS.format(helper="django_heroku", arguments=""))
    assert model.values["MIDDLEWARE"].value == Seq(
        "tuple",
        (
            Const("whitenoise.middleware.WhiteNoiseMiddleware"),
            Const("django.middleware.security.SecurityMiddleware"),
            Const("django.middleware.common.CommonMiddleware"),
        ),
    )
    assert model.values["MIDDLEWARE"].line == 9
    assert model.values["STATIC_ROOT"].value == Unknown("path", hint="str-path", path="staticfiles")
    assert model.values["STATIC_URL"].value == Const("/static/")
    assert model.values["STATICFILES_STORAGE"].value == Const(
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert model.complete


def test_django_heroku_secret_key_is_the_env_var_with_the_literal_as_fallback(
    tmp_path: Path,
) -> None:
    model = make_project(tmp_path, HELPER_SETTINGS.format(helper="django_heroku", arguments=""))
    secret = model.values["SECRET_KEY"]
    assert_env(secret.value, var="SECRET_KEY", default=Const("literal"))
    assert secret.line == 4


def test_django_on_heroku_puts_whitenoise_after_security(tmp_path: Path) -> None:
    model = make_project(tmp_path, HELPER_SETTINGS.format(helper="django_on_heroku", arguments=""))
    middleware = model.values["MIDDLEWARE"].value
    assert isinstance(middleware, Seq)
    assert middleware.items[1] == Const("whitenoise.middleware.WhiteNoiseMiddleware")


def test_django_heroku_keyword_turns_a_part_off(tmp_path: Path) -> None:
    model = make_project(
        tmp_path,
        HELPER_SETTINGS.format(
            helper="django_heroku", arguments=", staticfiles=False, allowed_hosts=False"
        ),
    )
    assert "STATIC_ROOT" not in model.values
    assert "ALLOWED_HOSTS" not in model.values
    assert "DATABASES" in model.values


# -- django-configurations (§2a, §4 step 4) ---------------------------------------------------
CONFIGURATIONS = """\
    from configurations import Configuration, values

    class Base(Configuration):
        DEBUG = values.BooleanValue(False)
        SECRET_KEY = values.SecretValue()
        HOSTS = values.ListValue(["a"], environ_prefix="APP")
        DATABASES = values.DatabaseURLValue("sqlite:///db.sqlite3", alias="main")
        SITE = values.Value("x", environ=False)
        API = values.Value(environ_name="API_ROOT")

    class Dev(Base):
        DEBUG = True

    class Prod(Base):
        STATIC_URL = "static/"
    """


def configurations_project(tmp_path: Path, name: str | None) -> SettingsModel:
    make_project(tmp_path, CONFIGURATIONS)
    if name is not None:
        (tmp_path / "manage.py").write_text(
            MANAGE_PY + f'os.environ.setdefault("DJANGO_CONFIGURATION", "{name}")\n',
            encoding="utf-8",
        )
    model = ProjectModel(tmp_path).settings
    assert model is not None
    return model


def test_configuration_class_and_its_bases_are_applied(tmp_path: Path) -> None:
    model = configurations_project(tmp_path, "Prod")
    assert model.configuration == "Prod"
    assert_env(model.values["DEBUG"].value, var="DJANGO_DEBUG", type="bool", default=Const(False))
    assert model.values["DEBUG"].line == 4
    assert_env(model.values["SECRET_KEY"].value, var="DJANGO_SECRET_KEY", required=True)
    assert_env(model.values["HOSTS"].value, var="APP_HOSTS", type="list")
    assert_env(model.values["API"].value, var="DJANGO_API_ROOT", type="str")
    assert model.values["SITE"].value == Const("x")
    assert_env(
        database(model.values["DATABASES"].value, "main"),
        var="DATABASE_URL",
        type="db",
        default=Const("sqlite:///db.sqlite3"),
    )
    assert model.values["STATIC_URL"].value == Const("static/")


def test_another_configuration_class_is_not_applied(tmp_path: Path) -> None:
    make_project(tmp_path, CONFIGURATIONS)
    (tmp_path / "Procfile").write_text(
        "web: DJANGO_CONFIGURATION=Dev gunicorn mysite.wsgi\n", encoding="utf-8"
    )
    model = ProjectModel(tmp_path).settings
    assert model is not None
    assert model.values["DEBUG"].value == Const(True)
    assert "STATIC_URL" not in model.values


def test_a_development_default_class_beside_a_production_class_checks_production(
    tmp_path: Path,
) -> None:
    model = configurations_project(tmp_path, "Dev")
    assert model.configuration == "Prod"
    assert "STATIC_URL" in model.values


def test_configurations_without_a_selected_class_are_incomplete(tmp_path: Path) -> None:
    model = configurations_project(tmp_path, None)
    assert model.configuration is None
    assert not model.complete
    assert "DEBUG" not in model.values


def test_configuration_base_class_from_another_module(tmp_path: Path) -> None:
    files = {
        "mysite/settings/__init__.py": "from .prod import Prod\n",
        "mysite/settings/common.py": (
            "from configurations import Configuration, values\n\n"
            "class Common(Configuration):\n"
            "    DEBUG = values.BooleanValue(True)\n"
            "    STATIC_URL = 'static/'\n"
        ),
        "mysite/settings/prod.py": (
            "from .common import Common\n\nclass Prod(Common):\n    STATIC_ROOT = 'staticfiles'\n"
        ),
    }
    make_project(tmp_path, None, files, module="mysite.settings")
    (tmp_path / "mysite" / "wsgi.py").write_text(
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n"
        "os.environ.setdefault('DJANGO_CONFIGURATION', 'Prod')\n",
        encoding="utf-8",
    )
    (tmp_path / "Procfile").write_text("web: gunicorn mysite.wsgi\n", encoding="utf-8")
    project = ProjectModel(tmp_path)
    model = project.settings
    assert model is not None
    assert (project.configuration_choice.module, project.configuration_choice.origin) == (
        "Prod",
        "mysite/wsgi.py",
    )
    debug = model.values["DEBUG"]
    assert_env(debug.value, type="bool", default=Const(True))
    assert (debug.relpath, debug.line) == ("mysite/settings/common.py", 4)
    assert model.values["STATIC_ROOT"].relpath == "mysite/settings/prod.py"
    assert [relpath for _, relpath in model.modules] == [
        "mysite/settings/__init__.py",
        "mysite/settings/common.py",
        "mysite/settings/prod.py",
    ]


# -- pydantic-settings (§2a, B11) -------------------------------------------------------------
def test_pydantic_settings_fields_read_prefixed_variables(tmp_path: Path) -> None:
    source = """\
        from typing import List, Optional
        from pydantic import Field
        from pydantic_settings import BaseSettings

        class Env(BaseSettings):
            debug: bool = False
            secret_key: str = Field(...)
            allowed_hosts: List[str] = ["x"]
            raw_debug: Optional[str] = Field(default=None, alias="DEBUG")

            class Config:
                env_prefix = "DJANGO_"

        env = Env()
        DEBUG = env.debug
        SECRET_KEY = env.secret_key
        ALLOWED_HOSTS = env.allowed_hosts
        RAW = env.raw_debug
        """
    model = make_project(tmp_path, source)
    assert_env(model.values["DEBUG"].value, var="DJANGO_DEBUG", type="bool", default=Const(False))
    assert_env(model.values["SECRET_KEY"].value, var="DJANGO_SECRET_KEY", required=True)
    assert_env(model.values["ALLOWED_HOSTS"].value, var="DJANGO_ALLOWED_HOSTS", type="list")
    assert_env(model.values["RAW"].value, var="DEBUG", type="str")


# -- helpers the settings define (§2a "helpers") ---------------------------------------------
def test_a_one_line_helper_is_read_through(tmp_path: Path) -> None:
    source = """\
        import os

        def env_list(name, default=""):
            return os.environ.get(name, default).split(",")

        ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ".herokuapp.com")
        """
    assert_env(
        value(tmp_path, source, "ALLOWED_HOSTS"),
        var="ALLOWED_HOSTS",
        type="list",
        default=Const(".herokuapp.com"),
    )


def test_a_helper_whose_returns_compare_converts_to_bool(tmp_path: Path) -> None:
    source = """\
        import os

        def str2boolean(value):
            if isinstance(value, bool):
                return value
            return value.lower() in ("yes", "true", "1")

        def flag(name, default=False):
            value = os.environ.get(name)
            if value is None:
                return default
            return value.lower() in ("1", "true")

        DEBUG = str2boolean(os.environ.get("DEBUG", "0"))
        TEMPLATE_DEBUG = flag("TEMPLATE_DEBUG", True)
        """
    model = make_project(tmp_path, source)
    assert_env(model.values["DEBUG"].value, var="DEBUG", type="bool")
    assert_env(
        model.values["TEMPLATE_DEBUG"].value, var="TEMPLATE_DEBUG", type="bool", default=Const(True)
    )


def test_a_helper_that_returns_the_raw_string_is_not_a_conversion(tmp_path: Path) -> None:
    source = """\
        import os

        def get(name):
            value = os.environ.get(name)
            return value

        DEBUG = get("DEBUG")
        """
    assert_env(value(tmp_path, source, "DEBUG"), var="DEBUG", type="str")


def test_a_recursive_helper_ends(tmp_path: Path) -> None:
    source = "def f(x):\n    return f(x)\n\nDEBUG = f(1)\n"
    assert isinstance(value(tmp_path, source, "DEBUG"), Unknown)


# -- what production sees in conditions -------------------------------------------------------
def test_debug_from_env_is_off_in_conditional_expressions(tmp_path: Path) -> None:
    source = """\
        import os
        DEBUG = os.environ.get("DEBUG", "") == "1"
        SECURE_SSL_REDIRECT = False if DEBUG else True
        if DEBUG is False:
            SESSION_COOKIE_SECURE = True
        if not DEBUG and "DYNO" in os.environ:
            CSRF_COOKIE_SECURE = True
        """
    model = make_project(tmp_path, source)
    assert model.values["SECURE_SSL_REDIRECT"].value == Const(True)
    assert model.values["SESSION_COOKIE_SECURE"].value == Const(True)
    assert model.values["CSRF_COOKIE_SECURE"].value == Const(True)
    assert_env(model.values["DEBUG"].value, type="bool")  # the setting itself is unchanged


def test_test_runner_checks_are_false_in_production(tmp_path: Path) -> None:
    source = """\
        import sys
        TESTING = "test" in sys.argv
        if len(sys.argv) > 1 and sys.argv[1] == "test":
            DEBUG = True
        """
    model = make_project(tmp_path, source)
    assert model.values["TESTING"].value == Const(False)
    assert "DEBUG" not in model.values


def test_settings_only_set_under_a_condition_are_tracked(tmp_path: Path) -> None:
    source = """\
        import os
        STATIC_URL = "static/"
        if "DYNO" in os.environ:
            STATIC_URL = "/assets/"
            STATIC_ROOT = "staticfiles"
        if os.environ.get("X"):
            STORAGES = {}
        else:
            STORAGES = {"staticfiles": {}}
        """
    model = make_project(tmp_path, source)
    assert model.only_conditional("STATIC_ROOT")
    assert not model.only_conditional("STATIC_URL")
    assert not model.only_conditional("STORAGES")


def test_string_operands_of_and_in_an_if_are_recorded(tmp_path: Path) -> None:
    source = """\
        import os
        if "DATABASE_URL" and "POSTGIS_URL" in os.environ:
            DEBUG = False
        """
    model = make_project(tmp_path, source)
    (test,) = model.constant_tests
    assert (test.literal, test.line) == ("DATABASE_URL", 2)


def test_dynaconf_makes_every_value_overridable(tmp_path: Path) -> None:
    model = make_project(
        tmp_path, "import dynaconf\nDEBUG = True\nsettings = dynaconf.DjangoDynaconf(__name__)\n"
    )
    assert model.overridable


# -- paths and strings ------------------------------------------------------------------------
def test_paths_through_parents_joinpath_and_str(tmp_path: Path) -> None:
    source = """\
        import os
        from pathlib import Path
        BASE_DIR = Path(__file__).resolve().parents[1]
        A = BASE_DIR.joinpath("static", "css")
        B = str(BASE_DIR / "media")
        C = os.path.join(os.path.dirname(__file__), "templates")
        D = Path(__file__).parent.parent.parent / "outside"
        """
    model = make_project(tmp_path, source)
    assert model.values["A"].value == Unknown("path", hint="Path", path="static/css")
    assert model.values["B"].value == Unknown("path", hint="str-path", path="media")
    assert model.values["C"].value == Unknown("path", hint="str-path", path="mysite/templates")
    assert model.values["D"].value == Unknown("path", hint="Path", path=None)


def test_formatted_strings_keep_their_literal_start(tmp_path: Path) -> None:
    source = """\
        import os
        from pathlib import Path
        BASE_DIR = Path(__file__).resolve().parent.parent
        A = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
        B = "sqlite:///" + str(BASE_DIR / "db.sqlite3")
        C = "{}-{}".format("a", 1)
        D = "settings.{}".format(os.environ.get("ENV", "prod"))
        """
    model = make_project(tmp_path, source)
    assert model.values["A"].value == Unknown("formatted string", hint="str", prefix="sqlite:///")
    assert model.values["B"].value == Unknown("sum", hint="str", prefix="sqlite:///")
    assert model.values["C"].value == Const("a-1")
    assert_env(
        model.values["D"].value, var="ENV", default=Const("settings.prod"), pattern="settings.*"
    )


# -- where the settings module comes from -----------------------------------------------------
def test_app_json_config_var_names_the_settings_module(tmp_path: Path) -> None:
    make_project(tmp_path, "DEBUG = False\n", {"mysite/production.py": "DEBUG = False\n"})
    (tmp_path / "app.json").write_text(
        '{"env": {"DJANGO_SETTINGS_MODULE": {"value": "mysite.production"}}}', encoding="utf-8"
    )
    project = ProjectModel(tmp_path)
    assert project.settings_choice is not None
    assert (project.settings_choice.module, project.settings_choice.origin) == (
        "mysite.production",
        "app.json",
    )
    assert project.build_settings_choice is project.settings_choice


def test_app_json_that_is_not_json_is_ignored(tmp_path: Path) -> None:
    make_project(tmp_path, "DEBUG = False\n")
    (tmp_path / "app.json").write_text("{not json", encoding="utf-8")
    project = ProjectModel(tmp_path)
    assert project.settings_choice is not None
    assert project.settings_choice.origin == "manage.py"


def test_settings_module_concatenated_with_an_env_read_uses_a_production_default(
    tmp_path: Path,
) -> None:
    files = {
        "mysite/settings/__init__.py": "",
        "mysite/settings/local.py": "DEBUG = True\n",
        "mysite/settings/production.py": "DEBUG = False\n",
    }
    make_project(tmp_path, None, files, module="mysite.settings.production")
    (tmp_path / "manage.py").write_text(
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', "
        "'mysite.settings.' + os.environ.get('DJANGO_ENV', 'production'))\n",
        encoding="utf-8",
    )
    project = ProjectModel(tmp_path)
    assert project.settings_choice is not None
    assert project.settings_choice.pattern == "mysite.settings.*"
    model = project.settings
    assert model is not None
    assert model.values["DEBUG"].value == Const(False)
    assert model.selections[0].chosen == ("mysite.settings.production",)


@pytest.mark.parametrize(
    ("source", "names"),
    [
        ("A = B = 1", {"A", "B"}),
        ("A, (B, *C) = x", {"A", "B", "C"}),
        ("X: int = 1", {"X"}),
        ("X += [1]", {"X"}),
        ('D["k"]["j"] = 1', {"D"}),
        ("for K in range(3):\n    L = K\n", {"K", "L"}),
        ("if x:\n    MIDDLEWARE.append(m)\nelse:\n    del OLD\n", {"MIDDLEWARE", "OLD"}),
        ("def f():\n    INNER = 1\n", {"f"}),  # a def's own names stay inside
        ("class C:\n    INNER = 1\n", {"C"}),
        ("a.b.append(1)", set()),  # an attribute's base is no setting
        ("X = [m for m in y]", {"X"}),
    ],
)
def test_assigned_names(source, names) -> None:
    import libcst as cst

    from herokulint.project.settings import assigned_names

    assert assigned_names(cst.parse_module(source)) == names
