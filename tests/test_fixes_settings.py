"""The settings fixes on what the rule examples do not show: line endings, byte-order marks,
quote style, imports shared by two fixes, layouts spread over several modules, files that do
not parse, the cases that get no fix, and the `--diff` output."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import libcst
import pytest
from conftest import git_commit, write_files

from herokulint.catalogue import load_rules
from herokulint.cli import main
from herokulint.engine import check
from herokulint.findings import Finding
from herokulint.fix import FixRun, run_fixes
from herokulint.rules import READY_FILES, READY_SETTINGS

RULES = load_rules()
DEBUG_LINE = 'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"'
SECRET_LINE = 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]'
STATIC_ROOT_LINE = 'STATIC_ROOT = BASE_DIR / "staticfiles"\n'

# A settings module with none of the fixes' code: no `import os`, literal DEBUG and key.
PLAIN = '''\
"""Settings."""

from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "django-insecure-abc"
DEBUG = True
ALLOWED_HOSTS = [".herokuapp.com"]
INSTALLED_APPS = ["django.contrib.staticfiles"]
DATABASES = {"default": dj_database_url.config(conn_max_age=600)}
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
'''


def project(tmp_path: Path, files: dict[str, str], *, drop: tuple[str, ...] = ()) -> Path:
    root = tmp_path / "app"
    root.mkdir()
    merged = {path: text for path, text in READY_FILES.items() if path not in drop}
    merged.update(files)
    write_files(root, merged)
    git_commit(root)
    return root


def fix(root: Path, *codes: str, unsafe: bool = True) -> FixRun:
    rules = [RULES[code] for code in codes]

    def run(overlay):  # type: ignore[no-untyped-def]
        return check(root, rules, overlay=overlay)[1]

    outcome = run_fixes(root, run, unsafe=unsafe)
    assert outcome.converged and not outcome.refused
    outcome.workspace.write()
    return outcome


def findings(root: Path, code: str) -> list[Finding]:
    return [f for f in check(root, [RULES[code]])[1] if f.code == code]


def only_finding(root: Path, code: str) -> Finding:
    found = findings(root, code)
    assert len(found) == 1, found
    return found[0]


# -- bytes: line endings and byte-order marks ------------------------------------------------------


def test_crlf_settings_keep_crlf(tmp_path: Path) -> None:
    text = READY_SETTINGS.replace(DEBUG_LINE, "DEBUG = True").replace(STATIC_ROOT_LINE, "")
    root = project(tmp_path, {})
    (root / "mysite/settings.py").write_bytes(text.replace("\n", "\r\n").encode())
    fix(root, "HK401", "HK501")
    data = (root / "mysite/settings.py").read_bytes()
    assert data == READY_SETTINGS.replace("\n", "\r\n").encode()
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_crlf_settings_keep_crlf_in_multi_line_code(tmp_path: Path) -> None:
    text = READY_SETTINGS + 'STATICFILES_STORAGE = "x.Storage"\n'
    root = project(tmp_path, {})
    (root / "mysite/settings.py").write_bytes(text.replace("\n", "\r\n").encode())
    fix(root, "HK505")
    data = (root / "mysite/settings.py").read_bytes()
    assert b"STORAGES = {\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_settings_with_a_bom_keep_it(tmp_path: Path) -> None:
    root = project(tmp_path, {})
    text = READY_SETTINGS.replace(SECRET_LINE, 'SECRET_KEY = "django-insecure-abc"')
    (root / "mysite/settings.py").write_bytes(b"\xef\xbb\xbf" + text.encode())
    fix(root, "HK403")
    assert (root / "mysite/settings.py").read_bytes() == b"\xef\xbb\xbf" + READY_SETTINGS.encode()


# -- style ------------------------------------------------------------------------------------------


def test_single_quoted_files_get_single_quotes(tmp_path: Path) -> None:
    single = (
        READY_SETTINGS.replace('"', "'").replace(STATIC_ROOT_LINE.replace('"', "'"), "")
        + "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\n"
        + "SECURE_SSL_REDIRECT = True\n"
        + "STATICFILES_STORAGE = 'whitenoise.storage.CompressedManifestStaticFilesStorage'\n"
    ).replace("DEBUG = os.environ.get('DJANGO_DEBUG', '') == '1'", "DEBUG = True")
    root = project(
        tmp_path,
        {
            "mysite/settings.py": single,
            "Procfile": "web: hypercorn mysite.asgi:application --bind 0.0.0.0:$PORT\n",
        },
    )
    fix(root, "HK401", "HK407", "HK501", "HK503", "HK505")
    text = (root / "mysite/settings.py").read_text()
    assert "DEBUG = os.environ.get('DJANGO_DEBUG', '') == '1'\n" in text
    assert "SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')\n" in text
    assert "STATIC_URL = 'static/'\nSTATIC_ROOT = BASE_DIR / 'staticfiles'\n" in text
    assert (
        "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware', "
        "'whitenoise.middleware.WhiteNoiseMiddleware']\n"
    ) in text
    assert "        'BACKEND': 'django.core.files.storage.FileSystemStorage',\n" in text
    assert '"' not in text


def test_two_space_indentation_is_kept_in_new_blocks(tmp_path: Path) -> None:
    text = (
        READY_SETTINGS + "LOGGING = {\n  'version': 1,\n}\n" + 'STATICFILES_STORAGE = "x.Storage"\n'
    )
    root = project(tmp_path, {"mysite/settings.py": text})
    fix(root, "HK505")
    assert (
        '  "staticfiles": {\n    "BACKEND": "x.Storage",\n  },\n'
        in (root / "mysite/settings.py").read_text()
    )


def test_import_os_is_added_once_when_two_fixes_need_it(tmp_path: Path) -> None:
    root = project(tmp_path, {"mysite/settings.py": PLAIN})
    outcome = fix(root, "HK401", "HK403")
    assert sorted(f.code for f in outcome.applied) == ["HK401", "HK403"]
    text = (root / "mysite/settings.py").read_text()
    assert text.count("import os\n") == 1
    assert text.startswith('"""Settings."""\n\nimport os\nfrom pathlib import Path\n')
    assert DEBUG_LINE in text and SECRET_LINE in text


def test_first_import_of_a_module_gets_blank_lines_around_it(tmp_path: Path) -> None:
    settings = (
        '"""Settings."""\nSECRET_KEY = "x"\nDEBUG = False\nALLOWED_HOSTS = [".herokuapp.com"]\n'
        'INSTALLED_APPS = ["django.contrib.staticfiles"]\nSTATIC_URL = "static/"\n'
        'STATIC_ROOT = "staticfiles"\n'
    )
    root = project(tmp_path, {"mysite/settings.py": settings})
    fix(root, "HK403")
    text = (root / "mysite/settings.py").read_text()
    assert text.startswith(
        '"""Settings."""\n\nimport os\n\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n'
    )


def test_string_base_dir_gets_os_path_join_and_the_import(tmp_path: Path) -> None:
    settings = (
        "from os.path import abspath, dirname\n\n"
        "BASE_DIR = dirname(dirname(abspath(__file__)))\n"
        'INSTALLED_APPS = ["django.contrib.staticfiles"]\n'
        'STATIC_URL = "/static/"\n'
    )
    root = project(tmp_path, {"mysite/settings.py": settings})
    fix(root, "HK501")
    assert (root / "mysite/settings.py").read_text() == (
        "import os\nfrom os.path import abspath, dirname\n\n"
        "BASE_DIR = dirname(dirname(abspath(__file__)))\n"
        'INSTALLED_APPS = ["django.contrib.staticfiles"]\n'
        'STATIC_URL = "/static/"\n'
        'STATIC_ROOT = os.path.join(BASE_DIR, "staticfiles")\n'
    )


def test_new_third_party_import_joins_its_group(tmp_path: Path) -> None:
    settings = READY_SETTINGS.replace(
        'DATABASES = {"default": dj_database_url.config(conn_max_age=600)}',
        'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db"}}',
    ).replace("import dj_database_url\n", "import environ\n")
    root = project(tmp_path, {"mysite/settings.py": settings})
    fix(root, "HK601")
    assert (
        "from pathlib import Path\n\nimport dj_database_url\nimport environ\n\n"
        in (root / "mysite/settings.py").read_text()
    )


# -- layouts ----------------------------------------------------------------------------------------

BASE = READY_SETTINGS.replace(DEBUG_LINE, "DEBUG = True").replace(STATIC_ROOT_LINE, "")
SPLIT = {
    "mysite/settings/__init__.py": "",
    "mysite/settings/base.py": BASE.replace(".parent.parent", ".parent.parent.parent"),
    "mysite/settings/production.py": "from .base import *  # noqa: F403\n\n"
    'ALLOWED_HOSTS = ["example.herokuapp.com"]\n',
}
SPLIT_MODULE = "mysite.settings.production"


def split_project(tmp_path: Path, extra: Optional[dict[str, str]] = None) -> Path:
    files = {**SPLIT, **(extra or {})}
    files["manage.py"] = READY_FILES["manage.py"].replace("mysite.settings", SPLIT_MODULE)
    files["mysite/wsgi.py"] = READY_FILES["mysite/wsgi.py"].replace("mysite.settings", SPLIT_MODULE)
    return project(tmp_path, files, drop=("mysite/settings.py",))


def test_a_fix_in_a_star_imported_base_module_edits_that_module(tmp_path: Path) -> None:
    root = split_project(tmp_path)
    assert only_finding(root, "HK401").path == "mysite/settings/base.py"
    fix(root, "HK401", "HK501")
    assert (root / "mysite/settings/production.py").read_text() == SPLIT[
        "mysite/settings/production.py"
    ]
    base = (root / "mysite/settings/base.py").read_text()
    assert DEBUG_LINE in base
    assert 'STATIC_URL = "static/"\nSTATIC_ROOT = BASE_DIR / "staticfiles"\n' in base


def test_static_root_after_a_star_import_uses_the_imported_base_dir(tmp_path: Path) -> None:
    base = SPLIT["mysite/settings/base.py"].replace('STATIC_URL = "static/"\n', "")
    production = SPLIT["mysite/settings/production.py"] + 'STATIC_URL = "/assets/"\n'
    root = split_project(
        tmp_path,
        {"mysite/settings/base.py": base, "mysite/settings/production.py": production},
    )
    fix(root, "HK501")
    assert (root / "mysite/settings/production.py").read_text() == (production + STATIC_ROOT_LINE)


def test_a_module_that_does_not_parse_is_never_touched(tmp_path: Path) -> None:
    broken = "DEBUG = (\n"
    root = project(
        tmp_path,
        {
            "mysite/settings.py": "from .extra import *\n" + BASE,
            "mysite/extra.py": broken,
        },
    )
    outcome = fix(root, "HK401", "HK501")
    assert [f.code for f in outcome.applied] == ["HK401"]  # incomplete settings: no HK501
    assert (root / "mysite/extra.py").read_bytes() == broken.encode()


def test_settings_that_do_not_parse_are_left_byte_identical(tmp_path: Path, capsys) -> None:
    broken = BASE + "def (\n"
    root = project(tmp_path, {"mysite/settings.py": broken})
    assert main([str(root), "--fix", "--unsafe-fixes", "--select", "HK003,HK4,HK5,HK6"]) == 1
    assert "HK003" in capsys.readouterr().out
    assert (root / "mysite/settings.py").read_bytes() == broken.encode()


# -- what gets no fix ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "settings"),
    [
        pytest.param(
            "HK401",
            READY_SETTINGS.replace(DEBUG_LINE, "DEBUG = TEMPLATE_DEBUG = True"),
            id="several-targets",
        ),
        pytest.param(
            "HK401",
            READY_SETTINGS.replace(
                DEBUG_LINE, 'if "DYNO" in os.environ:\n    DEBUG = True\nelse:\n    DEBUG = True'
            ),
            id="under-a-condition",
        ),
        pytest.param(
            "HK402",
            READY_SETTINGS.replace(DEBUG_LINE, 'DEBUG = os.environ.get("DEBUG", "").strip()'),
            id="read-then-transformed",
        ),
        pytest.param(
            "HK403",
            "import django_heroku\n"
            + READY_SETTINGS.replace(SECRET_LINE, 'SECRET_KEY = "abc"')
            + "django_heroku.settings(locals())\n",
            id="django-heroku-fallback",
        ),
        pytest.param(
            "HK501",
            READY_SETTINGS.replace(STATIC_ROOT_LINE, "").replace(
                "BASE_DIR = Path(__file__).resolve().parent.parent\n", ""
            ),
            id="no-base-dir",
        ),
        pytest.param(
            "HK501",
            READY_SETTINGS.replace(STATIC_ROOT_LINE, "").replace(
                "BASE_DIR = Path(__file__).resolve().parent.parent\n", ""
            )
            + "BASE_DIR = Path(__file__).resolve().parent.parent\n",
            id="base-dir-defined-after-static-url",
        ),
        pytest.param(
            "HK503",
            READY_SETTINGS
            + 'MIDDLEWARE = []\nMIDDLEWARE += ["django.middleware.security.SecurityMiddleware"]\n',
            id="middleware-built-by-augmented-assignment",
        ),
        pytest.param(
            "HK504",
            READY_SETTINGS
            + 'BASE_MIDDLEWARE = ["whitenoise.middleware.WhiteNoiseMiddleware"]\n'
            + 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\n'
            + "MIDDLEWARE = [*BASE_MIDDLEWARE, *MIDDLEWARE]\n",
            id="middleware-spread",
        ),
        pytest.param(
            "HK505",
            READY_SETTINGS
            + 'STORAGES = {"staticfiles": {"BACKEND": "a.Storage"}}\n'
            + 'STATICFILES_STORAGE = "b.Storage"\n',
            id="storages-names-another-backend",
        ),
        pytest.param(
            "HK601",
            READY_SETTINGS.replace(
                'DATABASES = {"default": dj_database_url.config(conn_max_age=600)}',
                'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3"}}\n'
                'DATABASES["default"]["NAME"] = "db.sqlite3"',
            ),
            id="database-changed-after-its-assignment",
        ),
    ],
)
def test_no_fix_when_the_code_is_not_plain(tmp_path: Path, code: str, settings: str) -> None:
    root = project(tmp_path, {"mysite/settings.py": settings})
    found = findings(root, code)
    assert found, "the rule should still report"
    assert all(f.fix is None for f in found)


def test_a_fix_reaches_a_database_read_in_another_module(tmp_path: Path) -> None:
    base = READY_SETTINGS.replace(
        'DATABASES = {"default": dj_database_url.config(conn_max_age=600)}',
        "DEFAULT_DB = dj_database_url.config(\n    ssl_require=True,\n)",
    ).replace(".parent.parent", ".parent.parent.parent")
    production = "from .base import *  # noqa: F403\n\nDATABASES = {'default': DEFAULT_DB}\n"
    root = split_project(
        tmp_path,
        {"mysite/settings/base.py": base, "mysite/settings/production.py": production},
    )
    fix(root, "HK603")
    assert (root / "mysite/settings/production.py").read_text() == production
    assert (
        "dj_database_url.config(\n    ssl_require=True,\n    conn_max_age=600,\n)"
        in (root / "mysite/settings/base.py").read_text()
    )


def test_middleware_in_a_django_configurations_class(tmp_path: Path) -> None:
    settings = (
        "from configurations import Configuration\n\n\n"
        "class Production(Configuration):\n"
        '    INSTALLED_APPS = ["django.contrib.staticfiles"]\n'
        "    MIDDLEWARE = [\n"
        '        "whitenoise.middleware.WhiteNoiseMiddleware",\n'
        '        "django.middleware.security.SecurityMiddleware",\n'
        "    ]\n"
    )
    root = project(
        tmp_path,
        {
            "mysite/settings.py": settings,
            "Procfile": "web: DJANGO_CONFIGURATION=Production gunicorn mysite.wsgi\n",
        },
    )
    fix(root, "HK504")
    assert (root / "mysite/settings.py").read_text() == settings.replace(
        '        "whitenoise.middleware.WhiteNoiseMiddleware",\n'
        '        "django.middleware.security.SecurityMiddleware",\n',
        '        "django.middleware.security.SecurityMiddleware",\n'
        '        "whitenoise.middleware.WhiteNoiseMiddleware",\n',
    )


def test_safe_fixes_leave_unsafe_ones_alone(tmp_path: Path) -> None:
    root = project(tmp_path, {"mysite/settings.py": PLAIN.replace(STATIC_ROOT_LINE, "")})
    outcome = fix(root, "HK401", "HK403", "HK501", unsafe=False)
    assert [f.code for f in outcome.applied] == ["HK501"]
    assert {f.code for f in outcome.findings} == {"HK401", "HK403"}


# -- --diff -------------------------------------------------------------------------------------------


def test_diff_prints_the_settings_fixes_and_writes_nothing(tmp_path: Path, capsys) -> None:
    root = project(tmp_path, {"mysite/settings.py": PLAIN.replace(STATIC_ROOT_LINE, "")})
    before = (root / "mysite/settings.py").read_bytes()
    code = main([str(root), "--diff", "--unsafe-fixes", "--select", "HK401,HK403,HK501"])
    assert code == 1
    assert (root / "mysite/settings.py").read_bytes() == before
    assert capsys.readouterr().out == (
        "--- a/mysite/settings.py\n"
        "+++ b/mysite/settings.py\n"
        "@@ -1,13 +1,15 @@\n"
        ' """Settings."""\n'
        " \n"
        "+import os\n"
        " from pathlib import Path\n"
        " \n"
        " import dj_database_url\n"
        " \n"
        " BASE_DIR = Path(__file__).resolve().parent.parent\n"
        '-SECRET_KEY = "django-insecure-abc"\n'
        "-DEBUG = True\n"
        f"+{SECRET_LINE}\n"
        f"+{DEBUG_LINE}\n"
        ' ALLOWED_HOSTS = [".herokuapp.com"]\n'
        ' INSTALLED_APPS = ["django.contrib.staticfiles"]\n'
        ' DATABASES = {"default": dj_database_url.config(conn_max_age=600)}\n'
        ' STATIC_URL = "static/"\n'
        f"+{STATIC_ROOT_LINE}"
    )
    libcst.parse_module(before.decode())  # the input itself was valid all along
