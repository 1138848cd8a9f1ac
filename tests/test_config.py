"""Configuration: `[tool.herokulint]` / `herokulint.toml`, found per checked path, every key,
validation with "did you mean", command-line overrides, and `inspect` showing the sources."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, git_commit

from herokulint.catalogue import load_rules
from herokulint.cli import main
from herokulint.config import KEYS, CliOptions, load_config

RULES = load_rules()


@pytest.fixture
def app(fixture_copy, monkeypatch) -> Path:
    """startproject, committed, as the current folder: 7 errors and HK301 (a warning)."""
    root = fixture_copy("startproject")
    monkeypatch.chdir(root)
    return root


def pyproject(root: Path, body: str) -> None:
    (root / "pyproject.toml").write_text(f"[project]\nname = 'x'\n\n[tool.herokulint]\n{body}")


def codes(capsys, *args: str) -> list[str]:
    main([*args, "--output-format", "concise"])
    return sorted(set(re.findall(r": (HK\d{3}) ", capsys.readouterr().out)))


def inspect_config(*args: str) -> dict:
    import io
    from contextlib import redirect_stdout

    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["inspect", *args, "--json"]) == 0
    return json.loads(out.getvalue())["configuration"]


# -- every key -------------------------------------------------------------------------------
def test_select(app: Path, capsys) -> None:
    pyproject(app, 'select = ["HK40"]\n')
    assert codes(capsys, ".") == ["HK401", "HK403", "HK404"]


def test_ignore(app: Path, capsys) -> None:
    pyproject(app, 'select = ["HK40"]\nignore = ["secret-key-hardcoded"]\n')
    assert codes(capsys, ".") == ["HK401", "HK404"]


def test_extend_select(app: Path, capsys) -> None:
    pyproject(app, 'select = ["HK401"]\nextend-select = ["HK501", "HK601"]\n')
    assert codes(capsys, ".") == ["HK401", "HK501", "HK601"]


def test_per_file_ignores(app: Path, capsys) -> None:
    pyproject(
        app,
        'select = ["HK1", "HK40"]\n[tool.herokulint.per-file-ignores]\n'
        '"mysite/*.py" = ["HK401"]\n"manage.py" = ["procfile-missing"]\n',
    )
    assert codes(capsys, ".") == ["HK403", "HK404"]


def test_per_file_ignores_relative_to_a_configuration_above_the_app(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    shutil.copytree(FIXTURES / "startproject", tmp_path / "apps/web")
    (tmp_path / "herokulint.toml").write_text(
        'select = ["HK401", "HK403"]\n[per-file-ignores]\n"apps/web/mysite/settings.py" = ["HK401"]\n'
    )
    git_commit(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert codes(capsys, "apps/web") == ["HK403"]


def test_severity(app: Path, capsys) -> None:
    pyproject(app, '[tool.herokulint.severity]\nHK3 = "error"\nHK4 = "info"\nHK401 = "warning"\n')
    main([".", "--output-format", "json"])
    found = {f["code"]: f["severity"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert found["HK301"] == "error"
    assert found["HK401"] == "warning"  # the exact code beats the prefix
    assert found["HK403"] == found["HK404"] == "info"


def test_fail_on(app: Path) -> None:
    pyproject(app, 'select = ["HK301"]\nfail-on = "warning"\n')
    assert main([".", "-q"]) == 1
    assert main([".", "-q", "--fail-on", "error"]) == 0  # the command line wins


def test_settings(app: Path, capsys) -> None:
    (app / "mysite/production.py").write_text("from .settings import *\nDEBUG = False\n")
    pyproject(app, 'select = ["HK401"]\nsettings = "mysite.production"\n')
    assert codes(capsys, ".") == []
    assert codes(capsys, ".", "--settings", "mysite.settings") == ["HK401"]


def test_target(app: Path, capsys) -> None:
    pyproject(app, 'target = "fir"\n')
    main(["inspect", "."])
    assert "(target: fir)" in capsys.readouterr().out
    assert inspect_config(".", "--target", "cedar")["values"]["target"] == {
        "value": "cedar",
        "source": "cli",
    }


def test_lang(app: Path, capsys) -> None:
    pyproject(app, 'lang = "es"\n')
    main(["."])
    assert "No está listo para Heroku: corrige primero" in capsys.readouterr().out
    assert load_config(app).lang == "es"
    assert inspect_config(".")["values"]["lang"]["value"] == "es"
    main([".", "--lang", "en"])
    assert "Not ready for Heroku: fix" in capsys.readouterr().out


def test_app_dir(tmp_path: Path, capsys, monkeypatch) -> None:
    shutil.copytree(FIXTURES / "startproject", tmp_path / "backend")
    (tmp_path / "pyproject.toml").write_text('[tool.herokulint]\napp-dir = "backend"\n')
    git_commit(tmp_path)
    monkeypatch.chdir(tmp_path)
    main([".", "--output-format", "json", "--select", "HK401"])
    data = json.loads(capsys.readouterr().out)
    assert data["projects"][0]["root"] == "backend"
    assert data["findings"][0]["path"] == "backend/mysite/settings.py"


def test_app_dir_on_the_command_line_is_relative_to_the_path(tmp_path: Path, capsys) -> None:
    shutil.copytree(FIXTURES / "startproject", tmp_path / "repo/backend")
    git_commit(tmp_path / "repo")
    main([str(tmp_path / "repo"), "--app-dir", "backend", "--select", "HK401", "-q"])
    assert (
        "--> " + str(tmp_path / "repo/backend/mysite/settings.py") + ":26:1"
        in capsys.readouterr().out
    )


def test_app_dir_that_does_not_exist_is_a_usage_error(app: Path, capsys) -> None:
    assert main([".", "--app-dir", "nope"]) == 2
    assert "--app-dir" in capsys.readouterr().err


def test_unsafe_fixes(app: Path) -> None:
    pyproject(app, "unsafe-fixes = true\n")
    assert inspect_config(".")["values"]["unsafe-fixes"] == {
        "value": True,
        "source": "pyproject.toml",
    }
    assert load_config(app).unsafe_fixes is True
    assert load_config(app, CliOptions(unsafe_fixes=False)).unsafe_fixes is False
    (app / "pyproject.toml").unlink()
    assert inspect_config(".", "--unsafe-fixes")["values"]["unsafe-fixes"] == {
        "value": True,
        "source": "cli",
    }


def test_show_info(app: Path, capsys) -> None:
    pyproject(app, 'select = ["HK4"]\n[tool.herokulint.severity]\nHK404 = "info"\n')
    main([".", "--output-format", "concise"])
    assert "HK404" not in capsys.readouterr().out  # info is hidden by default
    main([".", "--output-format", "concise", "--show-info"])
    assert "HK404 [info]" in capsys.readouterr().out
    pyproject(
        app, 'select = ["HK4"]\nshow-info = true\n[tool.herokulint.severity]\nHK404 = "info"\n'
    )
    main(["."])
    assert "info[HK404]" in capsys.readouterr().out
    assert load_config(app).show_info is True
    pyproject(app, 'select = ["HK4"]\n[tool.herokulint.severity]\nHK404 = "info"\n')
    main([".", "--output-format", "json"])  # machine formats always carry info findings
    found = {f["code"]: f["severity"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert found["HK404"] == "info"


def test_every_key_is_exercised_by_a_test() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    for key in KEYS:
        assert f"def test_{key.replace('-', '_')}(" in source, key


# -- finding the file ------------------------------------------------------------------------
def test_herokulint_toml_wins_over_pyproject_in_the_same_folder(app: Path, capsys) -> None:
    pyproject(app, 'select = ["HK401"]\n')
    (app / "herokulint.toml").write_text('select = ["HK403"]\n')
    assert codes(capsys, ".") == ["HK403"]


def test_the_nearest_file_wins(tmp_path: Path, capsys) -> None:
    shutil.copytree(FIXTURES / "startproject", tmp_path / "apps/web")
    (tmp_path / "herokulint.toml").write_text('select = ["HK401"]\n')
    pyproject(tmp_path / "apps/web", 'select = ["HK403"]\n')
    git_commit(tmp_path)
    assert codes(capsys, str(tmp_path / "apps/web")) == ["HK403"]


def test_a_pyproject_without_the_table_is_skipped(tmp_path: Path, capsys) -> None:
    shutil.copytree(FIXTURES / "startproject", tmp_path / "apps/web")
    (tmp_path / "herokulint.toml").write_text('select = ["HK401"]\n')
    (tmp_path / "apps/web/pyproject.toml").write_text("[tool.black]\nline-length = 100\n")
    git_commit(tmp_path)
    assert codes(capsys, str(tmp_path / "apps/web")) == ["HK401"]


def test_a_broken_pyproject_that_is_not_ours_is_left_to_the_rules(app: Path, capsys) -> None:
    (app / "pyproject.toml").write_text("[project\nname = 'x'\n")
    assert main([".", "-q"]) == 1  # checked with the defaults; no configuration error


def test_the_search_stops_at_the_repository_top(tmp_path: Path, capsys) -> None:
    (tmp_path / "herokulint.toml").write_text('select = ["HK401"]\n')
    shutil.copytree(FIXTURES / "startproject", tmp_path / "repo")
    git_commit(tmp_path / "repo")
    assert "HK403" in codes(capsys, str(tmp_path / "repo"))


def test_several_apps_each_use_their_own_configuration(tmp_path: Path, capsys) -> None:
    for name in ("api", "web"):
        shutil.copytree(FIXTURES / "startproject", tmp_path / "apps" / name)
    pyproject(tmp_path / "apps/api", 'select = ["HK301"]\nfail-on = "warning"\n')
    pyproject(tmp_path / "apps/web", 'select = ["HK301"]\n')
    git_commit(tmp_path)
    api, web = str(tmp_path / "apps/api"), str(tmp_path / "apps/web")
    assert main([web, "-q"]) == 0  # a warning does not fail web
    capsys.readouterr()
    assert main([api, web, "--output-format", "json"]) == 1  # it fails api
    data = json.loads(capsys.readouterr().out)
    assert [p["root"] for p in data["projects"]] == [api, web]
    assert [f["path"] for f in data["findings"]] == [f"{api}/manage.py", f"{web}/manage.py"]


# -- validation ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('selct = ["HK401"]\n', "unknown key 'selct' (did you mean 'select'?)"),
        (
            'extend_select = ["HK4"]\n',
            "unknown key 'extend_select' (did you mean 'extend-select'?)",
        ),
        (
            'ignore = ["HK014"]\n',
            "unknown rule selector 'HK014' in `ignore` (did you mean 'HK401'?)",
        ),
        ('[tool.herokulint.severity]\nHK401X = "info"\n', "in `severity` (did you mean 'HK401'?)"),
        ('[tool.herokulint.severity]\nHK401 = "warn"\n', "(did you mean 'warning'?)"),
        ('fail-on = "warnings"\n', "`fail-on` must be one of error, warning, info, never"),
        ('target = "heroku-24"\n', "`target` must be one of cedar, fir"),
        ('select = "HK401"\n', "`select` must be a list of strings"),
        ("unsafe-fixes = 1\n", "`unsafe-fixes` must be true or false"),
        ('app-dir = "../elsewhere"\n', "`app-dir` must be a folder below"),
        ('settings = ""\n', "`settings` must be a non-empty string"),
        ('[tool.herokulint.per-file-ignores]\n"x.py" = ["HK9999"]\n', "unknown rule selector"),
    ],
)
def test_invalid_configuration_is_exit_2(app: Path, capsys, body: str, message: str) -> None:
    pyproject(app, body)
    assert main(["."]) == 2
    err = capsys.readouterr().err
    assert err.startswith("herokulint: error: pyproject.toml [tool.herokulint]: ")
    assert message in err
    assert main(["inspect", "."]) == 2


def test_invalid_toml_in_herokulint_toml_is_exit_2(app: Path, capsys) -> None:
    (app / "herokulint.toml").write_text("select = [\n")
    assert main(["."]) == 2
    assert "herokulint.toml is not valid TOML" in capsys.readouterr().err


def test_a_tool_table_in_herokulint_toml_is_explained(app: Path, capsys) -> None:
    (app / "herokulint.toml").write_text('[tool.herokulint]\nselect = ["HK40"]\n')
    assert main(["."]) == 2
    assert "at the top level of herokulint.toml" in capsys.readouterr().err


# -- the command line ------------------------------------------------------------------------
def test_cli_select_replaces_the_files_selection(app: Path, capsys) -> None:
    pyproject(app, 'select = ["HK40"]\nextend-select = ["HK5"]\n')
    assert codes(capsys, ".", "--select", "HK601") == ["HK601"]


def test_cli_ignore_and_extend_select_add_to_the_file(app: Path, capsys) -> None:
    pyproject(app, 'select = ["HK40"]\nignore = ["HK403"]\n')
    assert codes(capsys, ".", "--ignore", "HK404") == ["HK401"]
    assert codes(capsys, ".", "--extend-select", "HK601") == ["HK401", "HK404", "HK601"]


def test_a_rule_named_on_the_command_line_beats_the_files_ignore(app: Path, capsys) -> None:
    pyproject(app, 'ignore = ["HK403"]\n')
    assert codes(capsys, ".", "--select", "HK40") == ["HK401", "HK404"]  # a prefix does not
    assert codes(capsys, ".", "--select", "HK403") == ["HK403"]
    assert "HK403" in codes(capsys, ".", "--extend-select", "secret-key-hardcoded")


def test_config_flag_uses_that_file(app: Path, capsys, tmp_path: Path) -> None:
    pyproject(app, 'select = ["HK401"]\n')
    other = tmp_path / "ci.toml"
    other.write_text('select = ["HK404"]\n')
    assert codes(capsys, ".", "--config", str(other)) == ["HK404"]
    assert main([".", "--config", str(tmp_path / "missing.toml")]) == 2


def test_config_flag_with_a_pyproject_needs_the_table(app: Path, capsys, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert main([".", "--config", str(tmp_path / "pyproject.toml")]) == 2
    assert "has no [tool.herokulint] table" in capsys.readouterr().err


def test_isolated_ignores_configuration_files(app: Path, capsys) -> None:
    pyproject(app, 'select = ["HK401"]\n')
    assert "HK403" in codes(capsys, ".", "--isolated")


# -- inspect ---------------------------------------------------------------------------------
def test_inspect_shows_each_value_and_where_it_came_from(app: Path, capsys) -> None:
    pyproject(app, 'select = ["HK40"]\nignore = ["HK403"]\nfail-on = "warning"\n')
    config = inspect_config(".", "--ignore", "HK404", "--target", "fir")
    values = config["values"]
    assert config["file"] == "pyproject.toml"
    assert values["select"] == {"value": ["HK40"], "source": "pyproject.toml"}
    assert values["ignore"] == {"value": ["HK403", "HK404"], "source": "pyproject.toml + cli"}
    assert values["fail-on"] == {"value": "warning", "source": "pyproject.toml"}
    assert values["target"] == {"value": "fir", "source": "cli"}
    assert values["settings"] == {"value": None, "source": "default"}
    assert set(values) == set(KEYS)
    assert config["rules"] == [
        c for c in RULES if c.startswith("HK40") and c not in ("HK403", "HK404")
    ]
    main(["inspect", ".", "--ignore", "HK404"])
    text = capsys.readouterr().out
    assert "configuration    pyproject.toml" in text
    assert re.search(r"  ignore +HK403, HK404  \[pyproject.toml \+ cli\]", text)
    assert re.search(r"  fail-on +warning  \[pyproject.toml\]", text)
