"""Boot tests: herokulint's verdicts against what really happens when the app is deployed.

Run with `python -m pytest -m boot` (the default run leaves them out: they need the package
registry and take about a minute). Each test does what Heroku does, on this machine and offline
from the app's point of view: a fresh virtualenv per requirements set (pip from the package
registry, wheels only, the machine's shared pip cache), the config vars Heroku would set (PORT,
DATABASE_URL pointing at a SQLite file under the test's tmp folder, SECRET_KEY and
DJANGO_SECRET_KEY, DYNO, no DEBUG), `manage.py collectstatic --noinput` as the build does, the
Procfile's `release` command (else `manage.py migrate`) as the release phase does, then the
Procfile's `web` command through `bash -c`, with the virtualenv first on PATH. Requests go to
127.0.0.1:$PORT with the Host header of a Heroku app and the router's X-Forwarded-* headers; the
server's whole process group is always stopped.

Where this differs from Heroku: the interpreter is the one the app's .python-version asks for
when this machine has it (pyenv's or on PATH), otherwise the nearest older one; pip takes wheels
only (Heroku would try to compile a source distribution); SQLite stands in for Postgres, with an
`sslmode` option dropped (SQLITE_SSLMODE_SHIM).
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pytest
from conftest import copy_fixture

pytestmark = pytest.mark.boot

SECRET = "boot-test-only-" + "k" * 50
HOST = "example.herokuapp.com"
PIP_TIMEOUT = 600
STEP_TIMEOUT = 180
START_TIMEOUT = 45
HTTP_TIMEOUT = 15


# -- interpreters and virtualenvs ------------------------------------------------------------


def _minor(executable: str) -> Optional[tuple[int, int]]:
    try:
        done = subprocess.run(
            [executable, "-c", "import sys, venv, ensurepip; print(*sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    major, minor = done.stdout.split()
    return int(major), int(minor)


def interpreters() -> dict[tuple[int, int], str]:
    """Every CPython 3 on this machine that can make a virtualenv, by (major, minor)."""
    candidates = [sys.executable]
    candidates += sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.*/bin/python3")))
    candidates += [
        found for minor in range(9, 20) if (found := shutil.which(f"python3.{minor}")) is not None
    ]
    found: dict[tuple[int, int], str] = {}
    for candidate in candidates:
        version = _minor(candidate)
        if version is not None and version not in found:
            found[version] = candidate
    return found


def requested_python(root: Path) -> Optional[tuple[int, int]]:
    for name, pattern in (
        (".python-version", r"(\d+)\.(\d+)"),
        ("runtime.txt", r"python-(\d+)\.(\d+)"),
    ):
        path = root / name
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            match = re.match(pattern, line.strip())
            if match:
                return int(match.group(1)), int(match.group(2))
    return None


# SQLite stands in for Heroku Postgres, which is reached over SSL: settings written for Heroku
# often say `ssl_require=True`, which dj-database-url turns into an `sslmode` option that
# SQLite's driver rejects. Each virtualenv gets this sitecustomize, which drops that one option
# when Django opens a SQLite connection, and changes nothing else.
SQLITE_SSLMODE_SHIM = """\
import importlib.abc
import importlib.util
import sys

TARGET = "django.db.backends.sqlite3.base"


class _DropSslmode(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != TARGET:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            params = module.DatabaseWrapper.get_connection_params

            def get_connection_params(self):
                kwargs = params(self)
                kwargs.pop("sslmode", None)
                return kwargs

            module.DatabaseWrapper.get_connection_params = get_connection_params

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, _DropSslmode())
"""


@dataclass
class Venvs:
    """One virtualenv per (interpreter, requirements) pair, reused across the tests."""

    base: Path
    available: dict[tuple[int, int], str]
    made: dict[str, Path] = field(default_factory=dict)

    def interpreter(self, root: Path) -> tuple[tuple[int, int], str]:
        wanted = requested_python(root) or max(self.available)
        older = [version for version in self.available if version <= wanted]
        chosen = max(older) if older else min(self.available)
        return chosen, self.available[chosen]

    def install(self, root: Path) -> tuple[Path, int, str]:
        """A virtualenv with what the app's requirements.txt declares: (venv, pip's exit code,
        pip's log). Virtualenvs whose install succeeded are reused."""
        version, python = self.interpreter(root)
        requirements = root / "requirements.txt"
        declared = requirements.read_bytes() if requirements.is_file() else b""
        key = hashlib.sha256(python.encode() + b"\0" + declared).hexdigest()[:16]
        if key in self.made:
            return self.made[key], 0, "(reused)"
        venv = self.base / f"py{version[0]}{version[1]}-{key}"
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([python, "-m", "venv", str(venv)], check=True, timeout=PIP_TIMEOUT)
        site = venv / "lib" / f"python{version[0]}.{version[1]}" / "site-packages"
        (site / "sitecustomize.py").write_text(SQLITE_SSLMODE_SHIM, encoding="utf-8")
        if not declared:
            self.made[key] = venv
            return venv, 0, ""
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        done = subprocess.run(
            [
                str(venv / "bin" / "python"),
                "-m",
                "pip",
                "install",
                "--disable-pip-version-check",
                "--only-binary",
                ":all:",
                "-r",
                "requirements.txt",
            ],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=PIP_TIMEOUT,
        )
        log = "\n".join(
            line
            for line in (done.stdout + done.stderr).splitlines()
            if not line.startswith("WARNING: Location")  # this machine's extra indexes
        )[-4000:]
        if done.returncode == 0:
            self.made[key] = venv
        return venv, done.returncode, log

    def for_app(self, root: Path) -> tuple[Path, str]:
        """The virtualenv with what the app's requirements.txt declares, and the pip log."""
        venv, returncode, log = self.install(root)
        if returncode != 0:
            pytest.fail(f"pip install -r requirements.txt failed for {root.name}:\n{log}")
        return venv, log


@pytest.fixture(scope="session")
def venvs(tmp_path_factory: pytest.TempPathFactory) -> Venvs:
    available = interpreters()
    assert available, "no Python interpreter can create a virtualenv"
    return Venvs(tmp_path_factory.mktemp("venvs"), available)


# -- a simulated dyno ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Step:
    name: str
    returncode: Optional[int]
    output: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def describe(self) -> str:
        return f"{self.name} exited {self.returncode}:\n{self.output[-4000:]}"


@dataclass
class Response:
    status: int
    body: bytes


class Dyno:
    """An app root, its virtualenv and the config vars Heroku would give it."""

    def __init__(self, root: Path, venv: Path) -> None:
        self.root = root
        self.venv = venv
        self.port = free_port()
        self.database = root.parent / f"{root.name}-db.sqlite3"

    def env(self, dyno: Optional[str]) -> dict[str, str]:
        env = {
            "PATH": f"{self.venv / 'bin'}:/usr/local/bin:/usr/bin:/bin",
            "VIRTUAL_ENV": str(self.venv),
            "HOME": str(self.root),
            "LANG": "C.UTF-8",
            "PORT": str(self.port),
            "DATABASE_URL": f"sqlite:///{self.database}",
            "SECRET_KEY": SECRET,
            "DJANGO_SECRET_KEY": SECRET,
            "WEB_CONCURRENCY": "2",
            "PYTHONUNBUFFERED": "1",
        }
        if dyno:
            env["DYNO"] = dyno
        return env

    def run(self, command: str, dyno: Optional[str] = None) -> Step:
        """A command as a dyno runs it: `bash -c` in the app root with the config vars."""
        try:
            done = subprocess.run(
                ["bash", "-c", command],
                cwd=self.root,
                env=self.env(dyno),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=STEP_TIMEOUT,
                start_new_session=True,
            )
        except subprocess.TimeoutExpired as exc:
            return Step(command, None, f"timed out: {exc}")
        return Step(command, done.returncode, done.stdout + done.stderr)

    def manage(self, *args: str, dyno: Optional[str] = None) -> Step:
        return self.run(" ".join(["python", "manage.py", *args]), dyno)

    def build(self) -> list[Step]:
        """The build's collectstatic, then the release phase (the Procfile's `release` command,
        or `manage.py migrate` as a one-off dyno when it has none): stops at a failure."""
        steps = [self.manage("collectstatic", "--noinput")]
        if steps[-1].ok:
            command = self.process("release")
            if command is not None:
                steps.append(self.run(command, dyno="release.1"))
            else:
                steps.append(self.manage("migrate", "--noinput", dyno="run.1"))
        return steps

    def process(self, kind: str) -> Optional[str]:
        procfile = self.root / "Procfile"
        text = procfile.read_text(encoding="utf-8") if procfile.is_file() else ""
        for line in text.splitlines():
            match = re.match(rf"^{kind}:\s*(.+)$", line.strip())
            if match:
                return match.group(1)
        return None

    def web_command(self) -> str:
        command = self.process("web")
        if command is None:
            pytest.fail(f"{self.root.name} has no web process in its Procfile")
        return command

    def serve(self) -> Server:
        return Server(self)


class Server:
    """The web process, started as Heroku starts it; a context manager that always stops it."""

    def __init__(self, dyno: Dyno) -> None:
        self.dyno = dyno
        self.log_path = dyno.root.parent / f"{dyno.root.name}-web.log"
        self.process: Optional[subprocess.Popen[bytes]] = None
        self.listening = False

    def __enter__(self) -> Server:
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                ["bash", "-c", self.dyno.web_command()],
                cwd=self.dyno.root,
                env=self.dyno.env("web.1"),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, killed whole at the end
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", self.dyno.port), timeout=1).close()
            except OSError:
                time.sleep(0.2)
                continue
            self.listening = True
            break
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        process = self.process
        if process is None:
            return
        for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 10)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
            try:
                process.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        with contextlib.suppress(ProcessLookupError):  # workers outliving a killed master
            os.killpg(process.pid, signal.SIGKILL)

    @property
    def exited(self) -> Optional[int]:
        return None if self.process is None else self.process.poll()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-4000:]

    def get(self, path: str) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.dyno.port, timeout=HTTP_TIMEOUT)
        try:
            connection.request(
                "GET",
                path,
                headers={
                    "Host": HOST,
                    # Heroku's router terminates TLS and says so.
                    "X-Forwarded-Proto": "https",
                    "X-Forwarded-Port": "443",
                    "X-Forwarded-For": "203.0.113.7",
                },
            )
            response = connection.getresponse()
            return Response(response.status, response.read())
        finally:
            connection.close()


# -- herokulint on the same app --------------------------------------------------------------


def herokulint(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "herokulint", *args, str(root)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def codes(root: Path) -> set[str]:
    done = herokulint(root, "--output-format", "concise", "-q")
    assert done.returncode in (0, 1), done.stderr
    return set(re.findall(r": (HK\d{3}) ", done.stdout))


def built(dyno: Dyno) -> None:
    for step in dyno.build():
        if not step.ok:
            pytest.fail(f"the build failed at {step.describe()}")


def static_url(root: Path, name: str) -> str:
    """The URL `{% static name %}` gives in production: the hashed name when collectstatic
    wrote a manifest (WhiteNoise may serve only those), else the name itself."""
    for manifest in root.rglob("staticfiles.json"):
        paths = json.loads(manifest.read_text(encoding="utf-8")).get("paths", {})
        if name in paths:
            return f"/static/{paths[name]}"
    return f"/static/{name}"


def assert_serves(server: Server, page: str, static: str, source: Optional[Path]) -> None:
    assert server.listening, (
        f"the web process did not listen (exit {server.exited}):\n{server.log()}"
    )
    response = server.get(page)
    assert response.status == 200, (page, response.status, response.body[:2000], server.log())
    url = static_url(server.dyno.root, static)
    asset = server.get(url)
    assert asset.status == 200, (url, asset.status, asset.body[:500], server.log())
    assert asset.body
    if source is not None and b"url(" not in source.read_bytes():
        assert asset.body == source.read_bytes()


# -- apps herokulint passes: they build and serve ---------------------------------------------

READY = {
    # fixture: (a page, a static file's name, its source)
    "heroku-ready": ("/", "pages/site.css", "pages/static/pages/site.css"),
    "getting-started": ("/db/", "site.css", "hello/static/site.css"),  # /db/ writes a row
}


@pytest.mark.parametrize("name", sorted(READY))
def test_ready_app_builds_and_serves(tmp_path: Path, venvs: Venvs, name: str) -> None:
    root = copy_fixture(name, tmp_path)
    lint = herokulint(root, "--output-format", "concise")
    assert lint.returncode == 0, lint.stdout
    page, static, source = READY[name]
    version, _ = venvs.interpreter(root)
    if name == "getting-started" and version < (3, 12):
        pytest.skip(f"Django 6.0 needs Python 3.12+; this machine's newest is {version}")
    dyno = Dyno(root, venvs.for_app(root)[0])
    built(dyno)
    with dyno.serve() as server:
        assert_serves(server, page, static, root / source)


# -- apps with errors: the step the rule predicts really fails ---------------------------------


def ready_copy(tmp_path: Path) -> Path:
    return copy_fixture("heroku-ready", tmp_path)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_hk501_collectstatic_fails_without_static_root(tmp_path: Path, venvs: Venvs) -> None:
    root = ready_copy(tmp_path)
    edit(root / "mysite/settings.py", 'STATIC_ROOT = BASE_DIR / "staticfiles"\n', "")
    assert "HK501" in codes(root)
    dyno = Dyno(root, venvs.for_app(root)[0])
    collectstatic = dyno.manage("collectstatic", "--noinput")
    assert not collectstatic.ok, collectstatic.describe()
    assert "STATIC_ROOT" in collectstatic.output, collectstatic.describe()


def test_hk204_server_does_not_start_without_gunicorn(tmp_path: Path, venvs: Venvs) -> None:
    root = ready_copy(tmp_path)
    edit(root / "requirements.txt", "gunicorn==23.0.0\n", "")
    assert "HK204" in codes(root)
    dyno = Dyno(root, venvs.for_app(root)[0])
    built(dyno)  # the build itself succeeds: only the dyno crashes
    with dyno.serve() as server:
        assert not server.listening, server.log()
        assert server.exited == 127, (server.exited, server.log())
        assert "gunicorn: command not found" in server.log()


def test_hk106_server_does_not_start_with_a_missing_wsgi_module(
    tmp_path: Path, venvs: Venvs
) -> None:
    root = ready_copy(tmp_path)
    edit(root / "Procfile", "web: gunicorn mysite.wsgi ", "web: gunicorn mysite.wsgi_app ")
    assert "HK106" in codes(root)
    dyno = Dyno(root, venvs.for_app(root)[0])
    built(dyno)
    with dyno.serve() as server:
        deadline = time.monotonic() + START_TIMEOUT
        while server.exited is None and time.monotonic() < deadline:
            time.sleep(0.2)  # gunicorn binds first, then gives up when no worker boots
        assert server.exited not in (None, 0), server.log()
        assert "No module named 'mysite.wsgi_app'" in server.log()


def test_hk404_heroku_host_gets_400_with_empty_allowed_hosts(tmp_path: Path, venvs: Venvs) -> None:
    root = ready_copy(tmp_path)
    edit(
        root / "mysite/settings.py",
        'ALLOWED_HOSTS = [".herokuapp.com", "localhost", "127.0.0.1"]',
        "ALLOWED_HOSTS = []",
    )
    assert "HK404" in codes(root)
    dyno = Dyno(root, venvs.for_app(root)[0])
    built(dyno)
    with dyno.serve() as server:
        assert server.listening, server.log()
        assert server.get("/").status == 400


def test_hk310_pip_cannot_install_django_on_an_older_python(tmp_path: Path, venvs: Venvs) -> None:
    root = ready_copy(tmp_path)
    edit(root / "requirements.txt", "Django==5.2.8\n", "Django==6.0.1\n")
    edit(root / ".python-version", "3.13\n", "3.11\n")
    assert "HK310" in codes(root)
    version, _ = venvs.interpreter(root)
    if version != (3, 11):
        pytest.skip(f"needs Python 3.11 on this machine; the nearest is {version}")
    _, returncode, log = venvs.install(root)
    assert returncode != 0, log
    assert "Django==6.0.1" in log, log


def test_hk401_debug_page_is_exposed(tmp_path: Path, venvs: Venvs) -> None:
    root = ready_copy(tmp_path)
    edit(
        root / "mysite/settings.py",
        'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"',
        "DEBUG = True",
    )
    assert "HK401" in codes(root)
    dyno = Dyno(root, venvs.for_app(root)[0])
    built(dyno)
    with dyno.serve() as server:
        assert server.listening, server.log()
        response = server.get("/no-such-page/")
        assert response.status == 404
        # Django's technical 404 page, shown to anyone: URL patterns, settings file, hints.
        assert b"DEBUG = True" in response.body, response.body[:1000]


# -- after --fix --unsafe-fixes, the apps herokulint fixed build and serve ----------------------

FIXED = {
    # startproject routes nothing at `/` (its rocket page is shown only with DEBUG on), so the
    # admin's login page stands for "the app answers"; the static file is the admin's CSS.
    "startproject": ("/admin/login/", "admin/css/base.css"),
    "guide-as-written": ("/", "admin/css/base.css"),
}


@pytest.mark.parametrize("name", sorted(FIXED))
def test_fixed_app_builds_and_serves(tmp_path: Path, venvs: Venvs, name: str) -> None:
    root = copy_fixture(name, tmp_path)
    fixed = herokulint(root, "--fix", "--unsafe-fixes")
    assert fixed.returncode in (0, 1), fixed.stdout + fixed.stderr
    report = herokulint(root, "--output-format", "concise")
    context = f"after --fix --unsafe-fixes, herokulint reports:\n{report.stdout}{fixed.stderr}"
    page, static = FIXED[name]
    try:
        venv = venvs.for_app(root)[0]
    except pytest.fail.Exception as exc:
        pytest.fail(f"the build failed installing the requirements: {exc}\n{context}")
    dyno = Dyno(root, venv)
    for step in dyno.build():
        assert step.ok, f"the build failed at {step.describe()}\n{context}"
    with dyno.serve() as server:
        assert server.listening, f"web did not start ({server.exited}):\n{server.log()}\n{context}"
        response = server.get(page)
        assert response.status == 200, (page, response.status, response.body[:1500], context)
        url = static_url(root, static)
        asset = server.get(url)
        assert asset.status == 200, (url, asset.status, context)
