"""The example projects under tests/fixtures, checked end to end as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from herokulint.cli import main
from herokulint.engine import check, select_rules

ALL = select_rules()

# What `manage.py check --deploy` warns about on a settings module that sets none of Django's
# HTTPS settings (HSTS, SSL redirect, secure session and CSRF cookies), by herokulint's codes.
CHECKLIST_WARNINGS = {
    "HK411": "security.W004",
    "HK415": "security.W008",
    "HK417": "security.W012",
    "HK419": "security.W016",
}


def findings(root: Path) -> list[tuple[str, str, int]]:
    _, found = check(root, ALL)
    return sorted((f.code, f.path, f.line) for f in found)


def test_startproject_fails_every_guide_requirement(fixture_copy) -> None:
    root = fixture_copy("startproject")
    settings = "mysite/settings.py"
    assert findings(root) == sorted(
        [
            ("HK101", "manage.py", 1),
            ("HK201", "manage.py", 1),
            ("HK301", "manage.py", 1),
            ("HK401", settings, 26),
            ("HK403", settings, 23),
            ("HK404", settings, 28),
            ("HK501", settings, 117),
            ("HK503", settings, 42),
            ("HK601", settings, 75),
            ("HK705", "manage.py", 1),  # a fresh repository: no Heroku remote yet
            *((code, settings, 42) for code in CHECKLIST_WARNINGS),  # at MIDDLEWARE
        ]
    )


def test_startproject_exits_1(fixture_copy, capsys) -> None:
    assert main([str(fixture_copy("startproject")), "--output-format", "concise"]) == 1
    assert "HK401" in capsys.readouterr().out


def test_heroku_ready_shows_only_djangos_deploy_checklist_warnings(fixture_copy, capsys) -> None:
    root = fixture_copy("heroku-ready")
    _, found = check(root, ALL)
    problems = [f for f in found if f.severity != "info"]
    assert {(f.code, f.django_check, f.severity) for f in problems} == {
        (code, django, "warning") for code, django in CHECKLIST_WARNINGS.items()
    }
    assert {(f.path, f.line) for f in problems} == {("mysite/settings.py", 46)}  # MIDDLEWARE
    assert main([str(root)]) == 0  # warnings do not fail the default gate
    assert main([str(root), "--fail-on", "warning"]) == 1


def test_hardened_has_no_warning_or_error(fixture_copy) -> None:
    root = fixture_copy("hardened")
    _, found = check(root, ALL)
    assert [(f.code, f.line) for f in found if f.severity != "info"] == []
    assert main([str(root), "--fail-on", "warning"]) == 0


def test_guide_as_written_shows_what_todays_platform_rejects(fixture_copy) -> None:
    settings = "mysite/settings.py"
    assert findings(fixture_copy("guide-as-written")) == sorted(
        [
            ("HK302", "runtime.txt", 1),
            ("HK303", "runtime.txt", 1),
            ("HK213", "requirements.txt", 1),  # Django 4.2: security support ended 2026-04
            ("HK110", "Procfile", 1),
            ("HK401", settings, 28),
            ("HK403", settings, 25),
            ("HK405", settings, 30),
            ("HK705", "manage.py", 1),  # a fresh repository: no Heroku remote yet
            *((code, settings, 45) for code in CHECKLIST_WARNINGS),  # at MIDDLEWARE
        ]
    )


@pytest.mark.parametrize("name", ["split-settings", "environ-style", "decouple-style"])
def test_env_driven_layouts_have_no_warning_or_error(fixture_copy, name: str) -> None:
    """Besides the checklist settings they leave unset, which Django warns about too."""
    _, found = check(fixture_copy(name), ALL)
    problems = [f for f in found if f.severity != "info"]
    assert [(f.code, f.path, f.line) for f in problems if f.code not in CHECKLIST_WARNINGS] == []
    assert {f.code for f in problems} == set(CHECKLIST_WARNINGS)


def test_split_settings_inspect_names_the_production_chain(fixture_copy, capsys) -> None:
    root = fixture_copy("split-settings")
    assert main(["inspect", str(root), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert [item["module"] for item in info["settings"]["chain"]] == [
        "shop.settings.production",
        "shop.settings.base",
    ]
    assert info["settings"]["origin"] == "shop/wsgi.py:14"
    assert [c["origin"] for c in info["settings"]["candidates"]] == ["shop/wsgi.py", "manage.py"]
    assert info["package_manager"]["requirements_files"] == [
        "requirements.txt",
        "requirements/base.txt",
    ]


def test_split_settings_build_view_via_manage_py_is_checked_with_settings_option(
    fixture_copy,
) -> None:
    root = fixture_copy("split-settings")
    _, found = check(root, ALL, settings="shop.settings.local")
    codes = {f.code for f in found}
    assert {"HK401", "HK403", "HK501", "HK601"} <= codes


def test_environ_style_reads_debug_through_the_env_schema(fixture_copy) -> None:
    from herokulint.project import ProjectModel
    from herokulint.project.values import Env

    project = ProjectModel(fixture_copy("environ-style", git=False))
    debug = project.settings.get("DEBUG")
    assert isinstance(debug.value, Env) and debug.value.type == "bool"
    assert debug.line == 31
