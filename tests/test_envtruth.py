"""Tests for envtruth: a flag's truth for each way production can leave its variable.

Each case is a settings module's DEBUG line; the expected tuple is the outcome for the
production spellings (unset, "", "False", "false", "0", "no"): True, False, RAISES, or None.
The library semantics are those of shared notes config-vars §4.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from herokulint.project import ProjectModel
from herokulint.project.envtruth import PRODUCTION_SPELLINGS, RAISES, describe
from herokulint.project.settings import ResolvedSetting

T, F, R = True, False, RAISES

CASES = [
    # stdlib reads, compared or converted
    ('os.environ.get("DEBUG", "") == "1"', (F, F, F, F, F, F)),
    ('os.getenv("DEBUG") != "FALSE"', (T, T, T, T, T, T)),
    ('os.environ.get("DEBUG", "True") == "True"', (T, F, F, F, F, F)),
    ('os.environ.get("DEBUG", "False").lower() == "true"', (F, F, F, F, F, F)),
    ('os.environ.get("DEBUG", "false").lower() != "false"', (F, T, F, F, T, T)),
    ('os.environ.get("DEBUG", "0").strip() not in ("0", "false")', (F, T, T, F, F, T)),
    ('bool(int(os.environ.get("DEBUG", 0)))', (F, R, R, R, F, R)),
    ('bool(os.getenv("DEBUG", ""))', (F, F, T, T, T, T)),
    ('os.environ.get("DEBUG", False)', (F, F, T, T, T, T)),
    ('os.environ["DEBUG"] == "1"', (R, F, F, F, F, F)),
    ('"DEBUG" in os.environ', (F, T, T, T, T, T)),
    ('strtobool(os.getenv("DEBUG", "no"))', (F, R, F, F, F, F)),
    # libraries
    ('config("DEBUG", default=False, cast=bool)', (F, F, F, F, F, F)),
    ('config("DEBUG", default="True", cast=bool)', (T, F, F, F, F, F)),
    ('config("DEBUG", default=False)', (F, F, T, T, T, T)),
    ('env.bool("DEBUG", default=True)', (T, F, F, F, F, F)),
    ('env.bool("DEBUG", default="False")', (T, F, F, F, F, F)),
    ('env("DEBUG", default=False)', (F, F, F, F, F, F)),
    ('env("DEBUG")', (R, F, T, T, T, T)),
]

PRELUDE = """\
import os
from distutils.util import strtobool

import environ
from decouple import config

env = environ.Env()
"""


def setting(tmp_path: Path, source: str, name: str) -> ResolvedSetting:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "manage.py").write_text(
        'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n'
    )
    (tmp_path / "mysite").mkdir()
    (tmp_path / "mysite" / "__init__.py").write_text("")
    (tmp_path / "mysite" / "settings.py").write_text(textwrap.dedent(source))
    settings = ProjectModel(tmp_path).settings
    assert settings is not None
    found = settings.get(name)
    assert found is not None
    return found


@pytest.mark.parametrize("expression, expected", CASES)
def test_truth_for_each_production_spelling(
    tmp_path: Path, expression: str, expected: tuple[object, ...]
) -> None:
    found = setting(tmp_path, f"{PRELUDE}DEBUG = {expression}\n", "DEBUG")
    assert found.truth is not None
    assert tuple(found.truth.outcome(spelling) for spelling in PRODUCTION_SPELLINGS) == expected


def test_a_name_bound_earlier_is_followed_with_its_method(tmp_path: Path) -> None:
    source = f'{PRELUDE}_debug = os.getenv("DEBUG", "").lower()\nDEBUG = _debug != "false"\n'
    truth = setting(tmp_path, source, "DEBUG").truth
    assert truth is not None
    assert truth.true_for == (None, "", "0", "no")
    assert truth.turns_off == ("False", "false")


def test_a_helper_the_settings_define_is_run(tmp_path: Path) -> None:
    source = PRELUDE + (
        "def env_bool(name, default=False):\n"
        '    """A flag from the environment."""\n'
        "    value = os.environ.get(name)\n"
        "    if value is None:\n"
        "        return default\n"
        '    return value.lower() in ("1", "true", "yes")\n'
        "\n"
        'DEBUG = env_bool("DEBUG", default=True)\n'
    )
    truth = setting(tmp_path, source, "DEBUG").truth
    assert truth is not None and truth.true_for == (None,)


def test_another_variable_leaves_the_outcome_unknown(tmp_path: Path) -> None:
    source = f'{PRELUDE}DEBUG = os.getenv("DEBUG") == "1" or os.getenv("STAGE") == "dev"\n'
    assert setting(tmp_path, source, "DEBUG").truth is None
    source = f'{PRELUDE}DEBUG = os.getenv("DEBUG") != "0" and "DYNO" in os.environ\n'
    truth = setting(tmp_path / "dyno", source, "DEBUG").truth
    assert truth is not None and truth.true_for == (None, "", "False", "false", "no")


def test_environ_schema_default(tmp_path: Path) -> None:
    source = 'import environ\n\nenv = environ.Env(DEBUG=(bool, False))\nDEBUG = env("DEBUG")\n'
    truth = setting(tmp_path, source, "DEBUG").truth
    assert truth is not None and truth.true_for == ()


def test_describe() -> None:
    assert describe(None) == "unset" and describe("False") == '"False"'
