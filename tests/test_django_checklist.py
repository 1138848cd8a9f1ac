"""herokulint against Django's own `manage.py check --deploy`, on settings written for it.

Each variant is a small project in a temp folder. Django checks it in a subprocess (the settings
import there, with the config vars the variant needs); herokulint checks the same files without
importing anything. The Django check ids of herokulint's warnings and errors must be exactly the
`security.*` ids Django reports. Django is a test dependency, pinned to one series in
pyproject.toml; the requirements.txt of every variant declares the same release, so herokulint
applies that series' checklist.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import write_files

from herokulint.engine import check, select_rules

django = pytest.importorskip("django")

STRONG_KEY = "x7#Kp2$vQ9!mZ4@tR8^wL1&nB6*cY3(hJ5)dF0_gS+eA-uM=oI"
MANAGE_PY = """\
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
"""
APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
HARDENED = {
    "SECRET_KEY": 'os.environ["DJANGO_SECRET_KEY"]',
    "DEBUG": 'os.environ.get("DJANGO_DEBUG", "") == "1"',
    "ALLOWED_HOSTS": '[".herokuapp.com"]',
    "INSTALLED_APPS": repr(APPS),
    "MIDDLEWARE": repr(MIDDLEWARE),
    "ROOT_URLCONF": '"mysite.urls"',
    "DATABASES": '{"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}',
    "STATIC_URL": '"static/"',
    "STATIC_ROOT": 'BASE_DIR / "staticfiles"',
    "SECURE_SSL_REDIRECT": "True",
    "SECURE_PROXY_SSL_HEADER": '("HTTP_X_FORWARDED_PROTO", "https")',
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "True",
    "SECURE_HSTS_PRELOAD": "True",
    "SESSION_COOKIE_SECURE": "True",
    "CSRF_COOKIE_SECURE": "True",
}
DROP = None  # a setting left out of the module


@dataclass(frozen=True)
class Variant:
    changes: dict[str, object] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)

    def settings(self) -> str:
        values = {**HARDENED, **self.changes}
        lines = [f"{name} = {value}" for name, value in values.items() if value is not DROP]
        head = "import os\nfrom pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\n"
        return head + "\n".join(lines) + "\n"


def without(items: list[str], name: str) -> str:
    return repr([item for item in items if item != name])


STARTPROJECT = {
    "SECRET_KEY": '"django-insecure-t3wyq#=0-$lw#j*7*4s92ase9z*1dzv26h&97sv+z6ue!1^ox*"',
    "DEBUG": "True",
    "ALLOWED_HOSTS": "[]",
    **dict.fromkeys(
        [
            "SECURE_SSL_REDIRECT",
            "SECURE_PROXY_SSL_HEADER",
            "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SECURE_HSTS_PRELOAD",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
        ],
        DROP,
    ),
}
BAD_VIEW = {"mysite/views.py": "def csrf_failure(request):\n    return None\n"}
GOOD_VIEW = {"mysite/views.py": 'def csrf_failure(request, reason=""):\n    return None\n'}

VARIANTS = {
    "hardened": Variant(),
    "startproject-defaults": Variant(STARTPROJECT),
    "no-security-middleware": Variant({"MIDDLEWARE": without(MIDDLEWARE, MIDDLEWARE[0])}),
    "no-xframe-middleware": Variant({"MIDDLEWARE": without(MIDDLEWARE, MIDDLEWARE[-1])}),
    "no-csrf-middleware": Variant({"MIDDLEWARE": without(MIDDLEWARE, MIDDLEWARE[3])}),
    "hsts-unset": Variant(
        dict.fromkeys(
            ["SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD"], DROP
        )
    ),
    "hsts-zero": Variant({"SECURE_HSTS_SECONDS": "0"}),
    "hsts-no-subdomains": Variant({"SECURE_HSTS_INCLUDE_SUBDOMAINS": DROP}),
    "hsts-no-preload": Variant({"SECURE_HSTS_PRELOAD": "False"}),
    "nosniff-off": Variant({"SECURE_CONTENT_TYPE_NOSNIFF": "False"}),
    "ssl-redirect-unset": Variant({"SECURE_SSL_REDIRECT": DROP}),
    "ssl-redirect-raw-env": Variant(
        {"SECURE_SSL_REDIRECT": 'os.environ.get("SSL_REDIRECT", "1")'}, env={"SSL_REDIRECT": "1"}
    ),
    "ssl-redirect-env-bool": Variant(
        {"SECURE_SSL_REDIRECT": 'os.environ.get("SSL_REDIRECT", "") == "1"'},
        env={"SSL_REDIRECT": "1"},
    ),
    "secret-key-short-literal": Variant({"SECRET_KEY": '"too-short"'}),
    "secret-key-insecure-prefix": Variant({"SECRET_KEY": repr("django-insecure-" + STRONG_KEY)}),
    "secret-key-strong-literal": Variant({"SECRET_KEY": repr(STRONG_KEY)}),
    "secret-key-unset": Variant({"SECRET_KEY": DROP}),
    "secret-key-fallback-weak": Variant(
        {"SECRET_KEY_FALLBACKS": f'[os.environ["OLD_KEY"], "short", {STRONG_KEY!r}]'},
        env={"OLD_KEY": STRONG_KEY},
    ),
    "session-cookie-unset": Variant({"SESSION_COOKIE_SECURE": DROP}),
    "session-cookie-app-only": Variant(
        {
            "SESSION_COOKIE_SECURE": "False",
            "MIDDLEWARE": without(MIDDLEWARE, MIDDLEWARE[1]),
        }
    ),
    "session-cookie-middleware-only": Variant(
        {
            "SESSION_COOKIE_SECURE": "1",  # truthy, but not True: 4.1+ warns
            "INSTALLED_APPS": without(APPS, "django.contrib.sessions"),
        }
    ),
    "session-httponly-off": Variant({"SESSION_COOKIE_HTTPONLY": "False"}),
    "session-httponly-off-app-only": Variant(
        {"SESSION_COOKIE_HTTPONLY": "False", "MIDDLEWARE": without(MIDDLEWARE, MIDDLEWARE[1])}
    ),
    "session-httponly-off-middleware-only": Variant(
        {
            "SESSION_COOKIE_HTTPONLY": "False",
            "INSTALLED_APPS": without(APPS, "django.contrib.sessions"),
        }
    ),
    "csrf-cookie-unset": Variant({"CSRF_COOKIE_SECURE": DROP}),
    "csrf-cookie-in-session": Variant({"CSRF_COOKIE_SECURE": DROP, "CSRF_USE_SESSIONS": "True"}),
    "debug-literal": Variant({"DEBUG": "True"}),
    "x-frame-sameorigin": Variant({"X_FRAME_OPTIONS": '"SAMEORIGIN"'}),
    "allowed-hosts-empty": Variant({"ALLOWED_HOSTS": "[]"}),
    "allowed-hosts-unset": Variant({"ALLOWED_HOSTS": DROP}),
    "referrer-policy-none": Variant({"SECURE_REFERRER_POLICY": "None"}),
    "referrer-policy-typo": Variant({"SECURE_REFERRER_POLICY": '"same_origin"'}),
    "referrer-policy-list": Variant(
        {"SECURE_REFERRER_POLICY": '["no-referrer", "strict-origin-when-cross-origin"]'}
    ),
    "coop-typo": Variant({"SECURE_CROSS_ORIGIN_OPENER_POLICY": '"same-origin-allow-popup"'}),
    "coop-none": Variant({"SECURE_CROSS_ORIGIN_OPENER_POLICY": "None"}),
    "csrf-failure-view-no-dot": Variant({"CSRF_FAILURE_VIEW": '"csrf_failure"'}),
    "csrf-failure-view-signature": Variant(
        {"CSRF_FAILURE_VIEW": '"mysite.views.csrf_failure"'}, files=BAD_VIEW
    ),
    "csrf-failure-view-good": Variant(
        {"CSRF_FAILURE_VIEW": '"mysite.views.csrf_failure"'}, files=GOOD_VIEW
    ),
    "no-security-middleware-and-no-hsts-or-redirect": Variant(
        {
            "MIDDLEWARE": without(MIDDLEWARE, MIDDLEWARE[0]),
            "SECURE_HSTS_SECONDS": DROP,
            "SECURE_SSL_REDIRECT": "False",
            "SECURE_REFERRER_POLICY": "None",
        }
    ),
    "no-middleware-at-all": Variant({"MIDDLEWARE": "[]", "SESSION_COOKIE_SECURE": DROP}),
    "everything-wrong": Variant(
        {
            **STARTPROJECT,
            "SECURE_CONTENT_TYPE_NOSNIFF": "False",
            "SESSION_COOKIE_HTTPONLY": "False",
            "X_FRAME_OPTIONS": '"SAMEORIGIN"',
            "SECURE_REFERRER_POLICY": '"nope"',
            "SECURE_CROSS_ORIGIN_OPENER_POLICY": '"nope"',
            "SECURE_HSTS_SECONDS": "3600",
            "SECRET_KEY_FALLBACKS": '["django-insecure-x"]',
            "CSRF_FAILURE_VIEW": '"mysite.views.csrf_failure"',
        },
        files=BAD_VIEW,
    ),
}
ID = re.compile(r"\((security\.[WE]\d{3})\)")


def write_project(root: Path, variant: Variant) -> None:
    version = django.get_version()
    write_files(
        root,
        {
            "manage.py": MANAGE_PY,
            "requirements.txt": f"Django=={version}\ngunicorn==23.0.0\n",
            "Procfile": "web: gunicorn mysite.wsgi\n",
            "mysite/__init__.py": "",
            "mysite/urls.py": "urlpatterns = []\n",
            "mysite/settings.py": variant.settings(),
            **variant.files,
        },
    )


# Django's own `check --deploy` command, run for every variant in one interpreter (a Django
# start-up per variant would take most of a minute): each variant's settings module is loaded
# in turn as Django's settings, with the variant's config vars set, and the real `check`
# command runs on it. get_callable() caches the CSRF failure view it imported: cleared too.
DRIVER = """
import io, json, os, sys
variants = json.loads(sys.stdin.read())
first = variants[0]
os.environ.update(first["env"])
sys.path.insert(0, first["root"])
os.environ["DJANGO_SETTINGS_MODULE"] = "mysite.settings"
import django
django.setup()
from django.conf import Settings, settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls.utils import get_callable
results = {}
for variant in variants:
    saved = dict(os.environ)
    os.environ.update(variant["env"])
    sys.path[0] = variant["root"]
    for module in [m for m in sys.modules if m == "mysite" or m.startswith("mysite.")]:
        del sys.modules[module]
    get_callable.cache_clear()
    settings._wrapped = Settings("mysite.settings")
    out = io.StringIO()
    try:
        call_command("check", deploy=True, stdout=out, stderr=out)
    except SystemCheckError as error:
        out.write(str(error))
    results[variant["name"]] = out.getvalue()
    os.environ.clear()
    os.environ.update(saved)
print(json.dumps(results))
"""


def base_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env["DJANGO_SECRET_KEY"] = STRONG_KEY
    return env


def django_outputs(roots: dict[str, Path]) -> dict[str, str]:
    """Django's `check --deploy` output for every variant, from one subprocess."""
    payload = [
        {"name": name, "root": str(root), "env": VARIANTS[name].env} for name, root in roots.items()
    ]
    run = subprocess.run(
        [sys.executable, "-c", DRIVER],
        input=json.dumps(payload),
        env=base_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def manage_py_output(root: Path) -> str:
    """`python manage.py check --deploy`, exactly as a user runs it."""
    run = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=root,
        env=base_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    return run.stdout + run.stderr


def ids_in(output: str) -> set[str]:
    assert "Traceback" not in output, output
    return set(ID.findall(output))


def herokulint_ids(root: Path) -> set[str]:
    _, found = check(root, select_rules())
    return {f.django_check for f in found if f.django_check and f.severity != "info"}


@pytest.fixture(scope="module")
def roots(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    made = {}
    for name, variant in VARIANTS.items():
        made[name] = tmp_path_factory.mktemp(name)
        write_project(made[name], variant)
    return made


@pytest.fixture(scope="module")
def compared(roots: dict[str, Path]) -> dict[str, tuple[set[str], set[str]]]:
    """Every variant's (Django's ids, herokulint's ids)."""
    outputs = django_outputs(roots)
    return {name: (ids_in(outputs[name]), herokulint_ids(root)) for name, root in roots.items()}


@pytest.mark.parametrize("name", list(VARIANTS))
def test_herokulint_reports_the_ids_django_check_deploy_reports(compared, name: str) -> None:
    from_django, from_herokulint = compared[name]
    assert from_herokulint == from_django


def test_the_variants_cover_every_id_herokulint_models(compared) -> None:
    from herokulint.catalogue import load_rules

    modelled = {check for rule in load_rules().values() for check in rule.django_checks()}
    seen = set().union(*(django for django, _ in compared.values()))
    assert modelled == seen
    assert compared["hardened"] == (set(), set())


@pytest.mark.parametrize("name", ["startproject-defaults", "hardened"])
def test_manage_py_check_deploy_itself_agrees(roots: dict[str, Path], compared, name: str) -> None:
    """The one-interpreter driver reports what `python manage.py check --deploy` does."""
    assert ids_in(manage_py_output(roots[name])) == compared[name][0]


def test_herokulint_never_imports_the_project(tmp_path: Path) -> None:
    """The settings of a variant raise at import: herokulint still reads them."""
    variant = Variant({"DEBUG": "True", "SECURE_SSL_REDIRECT": 'os.environ["MISSING"] and 1/0'})
    write_project(tmp_path, variant)
    assert "security.W018" in herokulint_ids(tmp_path)
