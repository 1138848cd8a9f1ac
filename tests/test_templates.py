"""Unrendered project templates: said once (HK006, info), and their placeholders are never
reported as missing modules (HK106, HK002)."""

from __future__ import annotations

from pathlib import Path

from conftest import git_commit, write_files

from herokulint.engine import check, select_rules
from herokulint.project import ProjectModel
from herokulint.rules import MANAGE_PY, READY_FILES, WSGI_PY

ALL = select_rules()
NAME = "{{ project_name }}"


def findings(root: Path, files: dict[str, str], drop: tuple[str, ...] = ()) -> list[tuple]:
    merged = {**{k: v for k, v in READY_FILES.items() if k not in drop}, **files}
    write_files(root, merged)
    git_commit(root)
    return [(f.code, f.severity, f.path, f.line) for f in check(root, ALL)[1]]


def test_startproject_template_is_info_once_and_no_module_errors(tmp_path: Path) -> None:
    files = {
        "Procfile": f"web: gunicorn {NAME}.wsgi --log-file -\n",
        "manage.py": MANAGE_PY.replace('"mysite.settings"', f'"{NAME}.settings"'),
        "mysite/wsgi.py": WSGI_PY.replace('"mysite.settings"', f'"{NAME}.settings"'),
    }
    found = findings(tmp_path, files)
    assert [f for f in found if f[0] == "HK006"] == [("HK006", "info", "Procfile", 1)]
    assert not {code for code, *_ in found} & {"HK002", "HK106"}


def test_the_same_project_rendered_is_checked_as_usual(tmp_path: Path) -> None:
    files = {
        "Procfile": "web: gunicorn myproject.wsgi --log-file -\n",
        "manage.py": MANAGE_PY.replace('"mysite.settings"', '"myproject.settings"'),
    }
    codes = {code for code, *_ in findings(tmp_path, files)}
    assert "HK006" not in codes and {"HK002", "HK106"} <= codes


def test_a_placeholder_in_the_settings_alone_marks_a_template(tmp_path: Path) -> None:
    settings = READY_FILES["mysite/settings.py"] + f'ROOT_URLCONF = "{NAME}.urls"\n'
    found = findings(tmp_path, {"mysite/settings.py": settings})
    assert [f[:3] for f in found if f[0] == "HK006"] == [("HK006", "info", "mysite/settings.py")]
    placeholder = ProjectModel(tmp_path).template_placeholder
    assert placeholder is not None and (placeholder.line, placeholder.text) == (14, NAME)


def test_cookiecutter_template(tmp_path: Path) -> None:
    slug = "{{cookiecutter.project_slug}}"
    files = {f"{slug}/{path}": text for path, text in READY_FILES.items()}
    files["cookiecutter.json"] = '{"project_slug": "mysite"}\n'
    found = findings(tmp_path, files, drop=tuple(READY_FILES))
    assert [f for f in found if f[0] == "HK006"] == [("HK006", "info", "cookiecutter.json", 1)]


def test_jinja_tags_and_filters_count_as_placeholders(tmp_path: Path) -> None:
    procfile = "web: gunicorn {{ cookiecutter.project_slug|lower }}.wsgi\n"
    found = findings(tmp_path, {"Procfile": procfile})
    assert ("HK006", "info", "Procfile", 1) in found
    assert "HK106" not in {code for code, *_ in found}


def test_nothing_is_reported_in_the_files_of_an_unrendered_template(tmp_path) -> None:
    """cookiecutter-django's Procfile: Jinja `{%- if %}` blocks around two alternative `web:`
    lines. Rendered, one remains; unrendered, HK103 would report four false problems."""
    import shutil

    from herokulint.catalogue import load_rules
    from herokulint.engine import check

    root = tmp_path / "{{cookiecutter.project_slug}}"
    shutil.copytree(Path(__file__).parent / "fixtures" / "heroku-ready", root)
    (root / "Procfile").write_text(
        'release: python manage.py migrate\n{%- if cookiecutter.use_async == "y" %}\n'
        "web: gunicorn config.asgi\n{%- else %}\nweb: gunicorn mysite.wsgi\n{%- endif %}\n"
    )
    found = check(root, list(load_rules().values()))[1]
    assert [f.code for f in found if f.path == "Procfile"] == ["HK006"]
    (root / "Procfile").write_text("web: gunicorn mysite.wsgi\nweb: gunicorn mysite.wsgi\n")
    found = check(root, list(load_rules().values()))[1]
    assert "HK103" in [f.code for f in found if f.path == "Procfile"]  # rendered: checked
