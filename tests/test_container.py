"""Apps built from a Dockerfile with heroku.yml (the `container` stack): no Procfile, the
settings module the image sets, no fix that adds a package nothing would install, and no
message that assumes the buildpack's collectstatic."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import git_commit, write_files

from herokulint.cli import main
from herokulint.engine import check, select_rules
from herokulint.project import ProjectModel
from herokulint.project.dockerfile import env_pairs, read_dockerfile
from herokulint.project.platform import Platform, read_heroku_yml
from herokulint.rules import READY_FILES
from herokulint.rules.container_build import HEROKU_YML

ALL = select_rules()

DOCKERFILE = """\
FROM python:3.13-slim
COPY . /app
WORKDIR /app
RUN pip install -r requirements.txt
ENV DJANGO_SETTINGS_MODULE=mysite.settings_prod
"""
DEV_SETTINGS = """\
SECRET_KEY = "dev"
DEBUG = True
ALLOWED_HOSTS = []
INSTALLED_APPS = ["django.contrib.staticfiles"]
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]
STATIC_URL = "/static/"
STATIC_ROOT = "staticfiles"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}
"""
PROD_SETTINGS = """\
import os
from .settings import *
SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = [".herokuapp.com"]
"""


def docker_app(tmp_path: Path, files: dict[str, str], drop: tuple[str, ...] = ()) -> Path:
    """The field test's repro: a heroku.yml Docker build whose image selects production
    settings that star-import the developer's settings."""
    root = tmp_path / "app"
    root.mkdir()
    merged = {
        **READY_FILES,
        "heroku.yml": HEROKU_YML,
        "Dockerfile": DOCKERFILE,
        "mysite/settings.py": DEV_SETTINGS,
        "mysite/settings_prod.py": PROD_SETTINGS,
        **files,
    }
    write_files(root, {path: text for path, text in merged.items() if path not in drop})
    git_commit(root)
    return root


def codes(root: Path) -> set[str]:
    return {finding.code for finding in check(root, ALL)[1]}


def test_docker_build_without_procfile_checks_the_settings_its_dockerfile_sets(
    tmp_path: Path,
) -> None:
    root = docker_app(tmp_path, {}, drop=("Procfile",))
    project = ProjectModel(root)
    choice = project.settings_choice
    assert choice is not None
    assert (choice.module, choice.origin, choice.line) == ("mysite.settings_prod", "Dockerfile", 5)
    assert project.settings is not None and project.settings.relpath == "mysite/settings_prod.py"
    found = codes(root)
    assert "HK101" not in found  # heroku.yml runs the web process
    assert not found & {"HK401", "HK403", "HK404"}  # production values, not the dev ones
    assert {"HK503", "HK601"} <= found  # still true in the image, but...


def test_docker_build_offers_no_fix_that_adds_a_package(tmp_path: Path, capsys) -> None:
    root = docker_app(tmp_path, {}, drop=("Procfile",))
    for finding in check(root, ALL)[1]:
        if finding.code in ("HK503", "HK601"):
            assert finding.fix is None, finding.code  # nothing would install the package
    main([str(root), "--diff", "--unsafe-fixes"])
    diff = capsys.readouterr().out
    assert "dj_database_url" not in diff and "whitenoise" not in diff.lower()
    assert "Procfile" not in diff


def test_with_a_buildpack_the_same_settings_fixes_are_offered(tmp_path: Path) -> None:
    root = docker_app(tmp_path, {}, drop=("heroku.yml",))
    fixes = {f.code: f.fix for f in check(root, ALL)[1] if f.code in ("HK503", "HK601")}
    assert set(fixes) == {"HK503", "HK601"} and all(fixes.values())


def test_inspect_says_the_settings_and_the_web_command_come_from_the_docker_build(
    tmp_path: Path, capsys
) -> None:
    root = docker_app(tmp_path, {}, drop=("Procfile",))
    assert main(["inspect", str(root)]) == 0
    out = capsys.readouterr().out
    assert "settings module  mysite.settings_prod  from Dockerfile:5" in out
    assert (
        "process          web: gunicorn mysite.wsgi --bind 0.0.0.0:$PORT  (from heroku.yml)" in out
    )
    assert "wsgi             mysite.wsgi:application -> mysite/wsgi.py (from heroku.yml)" in out


def test_the_procfile_of_a_docker_build_is_not_read(tmp_path: Path) -> None:
    root = docker_app(
        tmp_path, {"Procfile": "worker: python manage.py runserver\n", "procfile.txt": ""}
    )
    assert ProjectModel(root).procfile is None
    assert not codes(root) & {"HK101", "HK102", "HK103", "HK104", "HK105", "HK110"}


def test_heroku_yml_and_its_dockerfile_must_be_committed_not_the_procfile(tmp_path: Path) -> None:
    root = docker_app(tmp_path, {})
    (root / "Dockerfile").rename(root / "Dockerfile.web")
    (root / "heroku.yml").write_text(HEROKU_YML.replace("Dockerfile", "Dockerfile.web"))  # edited
    (root / "Procfile").write_text("web: gunicorn mysite.wsgi --workers 2\n")  # not committed
    found = [(f.code, f.path) for f in check(root, ALL)[1] if f.code == "HK702"]
    assert found == [("HK702", "Dockerfile.web")]


def test_the_web_command_of_heroku_yml_can_name_the_settings(tmp_path: Path) -> None:
    run = "run:\n  web: DJANGO_SETTINGS_MODULE=mysite.settings gunicorn mysite.wsgi\n"
    root = docker_app(tmp_path, {"heroku.yml": HEROKU_YML.split("run:")[0] + run})
    choice = ProjectModel(root).settings_choice
    assert choice is not None and (choice.module, choice.origin) == (
        "mysite.settings",
        "heroku.yml",
    )


def test_heroku_yml_config_wins_over_the_dockerfile(tmp_path: Path) -> None:
    setup = "setup:\n  config:\n    DJANGO_SETTINGS_MODULE: 'mysite.settings'\n"
    root = docker_app(tmp_path, {"heroku.yml": setup + HEROKU_YML})
    choices = ProjectModel(root).settings_choices
    assert [(c.module, c.origin, c.line) for c in choices[:2]] == [
        ("mysite.settings", "heroku.yml", 3),
        ("mysite.settings_prod", "Dockerfile", 5),
    ]


def test_the_settings_module_mismatch_of_the_buildpack_build_does_not_apply(
    tmp_path: Path,
) -> None:
    assert "HK004" not in codes(docker_app(tmp_path, {}))


@pytest.mark.parametrize(
    ("dockerfile", "clause"),
    [
        (DOCKERFILE + "RUN python manage.py collectstatic --noinput\n", "the collectstatic in "),
        (DOCKERFILE, "`manage.py collectstatic` fails, so the image cannot collect"),
    ],
)
def test_static_root_missing_speaks_of_the_dockerfile_not_the_buildpack(
    tmp_path: Path, dockerfile: str, clause: str
) -> None:
    settings = DEV_SETTINGS.replace('STATIC_ROOT = "staticfiles"\n', "")
    root = docker_app(tmp_path, {"Dockerfile": dockerfile, "mysite/settings.py": settings})
    [finding] = [f for f in check(root, ALL)[1] if f.code == "HK501"]
    assert clause in finding.message and "the build's collectstatic" not in finding.message


def test_no_message_of_a_docker_build_assumes_the_buildpack_collectstatic(tmp_path: Path) -> None:
    settings = DEV_SETTINGS.replace('"django.contrib.staticfiles"', '"django.contrib.admin"')
    settings = settings.replace('STATIC_URL = "/static/"\n', "")
    root = docker_app(tmp_path, {"mysite/settings.py": settings})
    for finding in check(root, ALL)[1]:
        assert "the build's collectstatic" not in finding.message, finding.code
    assert "HK507" not in codes(root)  # the Dockerfile runs no collectstatic


# -- heroku.yml, read line by line -------------------------------------------------------------
def heroku_yml(text: str) -> Platform:
    platform = Platform()
    read_heroku_yml(platform, "heroku.yml", text)
    return platform


def test_heroku_yml_web_dockerfile_as_a_mapping_and_run_absent() -> None:
    platform = heroku_yml(
        "build:\n  docker:\n    web:\n      dockerfile: docker/Dockerfile.web\n"
        "  config:\n    NIGHTLY: 0\nrelease:\n  image: web\n  command:\n    - ./release.sh\n"
    )
    assert platform.container_build and platform.dockerfile == "docker/Dockerfile.web"
    assert platform.run_web is None


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        ("run:\n  web: gunicorn x.wsgi  # the server\n", ("gunicorn x.wsgi", 5)),
        ('run:\n  web: "gunicorn x.wsgi"\n  worker: celery\n', ("gunicorn x.wsgi", 5)),
        ("run:\n  web: gunicorn x.wsgi\n    --bind :$PORT\n", None),  # continued: not one line
        ("run:\n  web: |\n    gunicorn x.wsgi\n", None),
        # The documented `command:` list of one item (Dev Center, heroku.yml `run`).
        ("run:\n  web:\n    command:\n      - gunicorn x.wsgi\n", ("gunicorn x.wsgi", 7)),
        ("run:\n  web:\n    command:\n      - gunicorn x.wsgi\n      - --log-file\n", None),
        ("run:\n  worker: celery\n", None),
    ],
)
def test_heroku_yml_run_web_is_read_only_as_one_plain_line(run: str, expected: object) -> None:
    platform = heroku_yml("build:\n  docker:\n    web: Dockerfile\n" + run)
    assert platform.dockerfile == "Dockerfile" and platform.run_web == expected


# -- the Dockerfile's environment --------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ENV DJANGO_SETTINGS_MODULE x.prod\n", ("x.prod", 1)),
        ("ENV A=1 DJANGO_SETTINGS_MODULE=x.prod B=2\n", ("x.prod", 1)),
        (
            'env PATH=/venv/bin:$PATH \\\n    # note\n    DJANGO_SETTINGS_MODULE="x.prod"\n',
            ("x.prod", 3),
        ),
        ("ENV DJANGO_SETTINGS_MODULE=x.${STAGE}\n", None),  # substituted at build time
        ("ENV DJANGO_SETTINGS_MODULE=x.prod\nFROM python:3.13 AS final\n", None),  # new stage
        ("ENV DJANGO_SETTINGS_MODULE=x.prod\nFROM base\nRUN true\n", ("x.prod", 1)),  # inherits
    ],
)
def test_dockerfile_env_of_the_final_stage(text: str, expected: object) -> None:
    dockerfile = read_dockerfile("Dockerfile", "FROM python:3.13 AS base\n" + text)
    value = dockerfile.env.get("DJANGO_SETTINGS_MODULE")
    assert (value.value, value.line - 1) == expected if value else expected is None


def test_env_pairs_leave_out_what_is_not_a_literal() -> None:
    assert env_pairs("A='x y' B=$C") == [("A", "x y"), ("B", None)]
    assert env_pairs('A="unbalanced') == []


# -- the processes of a Docker build: heroku.yml `run:`/`release:`, else the Dockerfile's CMD ----
BASE = "FROM python:3.13-slim\nCOPY . /app\nWORKDIR /app\n"
BUILD_ONLY = "build:\n  docker:\n    web: Dockerfile\n"


@pytest.mark.parametrize(
    ("tail", "argv", "line"),
    [
        ('CMD ["gunicorn", "mysite.wsgi"]\n', ("gunicorn", "mysite.wsgi"), 4),
        (
            "CMD gunicorn mysite.wsgi --log-file -\n",
            ("gunicorn", "mysite.wsgi", "--log-file", "-"),
            4,
        ),
        (
            'CMD ["gunicorn", "mysite.wsgi"\n',
            ("[gunicorn,", "mysite.wsgi"),
            4,
        ),  # not JSON: shell form
        ('ENTRYPOINT ["gunicorn"]\nCMD ["mysite.wsgi"]\n', ("gunicorn", "mysite.wsgi"), 5),
        ('ENTRYPOINT gunicorn mysite.wsgi\nCMD ["other"]\n', ("gunicorn", "mysite.wsgi"), 4),
        (
            'ENTRYPOINT ["/entry.sh"]\nCMD gunicorn x\n',
            ("/entry.sh", "/bin/sh", "-c", "gunicorn x"),
            5,
        ),
        (
            'CMD ["gunicorn", "old.wsgi"]\nCMD ["gunicorn", "mysite.wsgi"]\n',
            ("gunicorn", "mysite.wsgi"),
            5,
        ),
    ],
)
def test_dockerfile_start_command_in_both_forms(tail: str, argv: tuple, line: int) -> None:
    start = read_dockerfile("Dockerfile", BASE + tail).start
    assert start is not None and (start.argv, start.line) == (argv, line)


@pytest.mark.parametrize(
    ("text", "argv"),
    [
        (BASE, None),  # the outside image's own command: not known
        (
            'FROM python:3.13 AS app\nCMD ["gunicorn", "mysite.wsgi"]\nFROM app\nRUN true\n',
            ("gunicorn", "mysite.wsgi"),
        ),  # inherited from the named stage
        ('FROM python:3.13 AS app\nCMD ["gunicorn", "mysite.wsgi"]\nFROM python:3.13-slim\n', None),
        # An ENTRYPOINT resets the CMD the stage inherits.
        (
            'FROM python:3.13 AS app\nCMD ["mysite.wsgi"]\nFROM app\nENTRYPOINT ["gunicorn"]\n',
            ("gunicorn",),
        ),
    ],
)
def test_dockerfile_start_command_of_the_final_stage(text: str, argv: object) -> None:
    start = read_dockerfile("Dockerfile", text).start
    assert (start.argv if start else None) == argv


def test_release_command_of_heroku_yml() -> None:
    platform = heroku_yml(
        BUILD_ONLY + "release:\n  image: web\n  command:\n    - python manage.py migrate\n"
    )
    assert platform.release == ("python manage.py migrate", 7)
    two = heroku_yml(BUILD_ONLY + "release:\n  command:\n  - ./a.sh\n  - ./b.sh\n")
    assert two.release is None  # more than one item: not read as one command


def test_docker_build_processes_on_the_project_model(tmp_path: Path) -> None:
    yml = BUILD_ONLY + (
        "release:\n  image: web\n  command:\n    - python manage.py migrate --settings=mysite.prod\n"
        "run:\n  worker:\n    command:\n      - celery -A mysite worker\n    image: web\n"
    )
    root = docker_app(
        tmp_path,
        {"heroku.yml": yml, "Dockerfile": DOCKERFILE + 'CMD ["gunicorn", "mysite.wsgi"]\n'},
        drop=("Procfile",),
    )
    project = ProjectModel(root)
    found = [(p.name, p.command, p.relpath, p.line, p.source) for p in project.processes]
    assert found == [
        ("web", "gunicorn mysite.wsgi", "Dockerfile", 6, "Dockerfile CMD"),
        ("worker", "celery -A mysite worker", "heroku.yml", 11, "heroku.yml run"),
        (
            "release",
            "python manage.py migrate --settings=mysite.prod",
            "heroku.yml",
            7,
            "heroku.yml release",
        ),
    ]
    release = project.process("release")
    assert release is not None and release.argv == (
        "python",
        "manage.py",
        "migrate",
        "--settings=mysite.prod",
    )
    assert project.web is not None and project.web.target == "mysite.wsgi"
    assert project.wsgi is not None and project.wsgi.origin == "Dockerfile"


def test_a_run_web_that_cannot_be_read_hides_the_cmd(tmp_path: Path) -> None:
    yml = BUILD_ONLY + "run:\n  web: |\n    gunicorn mysite.wsgi\n"
    root = docker_app(
        tmp_path,
        {"heroku.yml": yml, "Dockerfile": DOCKERFILE + "CMD python manage.py runserver\n"},
        drop=("Procfile",),
    )
    assert ProjectModel(root).web_process is None  # heroku.yml's run wins, unread


def cmd_findings(tmp_path: Path, cmd: str, **files: str) -> set[tuple[str, str, int]]:
    root = docker_app(
        tmp_path,
        {
            "heroku.yml": BUILD_ONLY,
            "Dockerfile": DOCKERFILE + cmd,
            "mysite/asgi.py": "from django.core.asgi import get_asgi_application\n\n"
            "application = get_asgi_application()\n",
            **files,
        },
        drop=("Procfile",),
    )
    return {(f.code, f.path, f.line) for f in check(root, ALL)[1] if f.code.startswith("HK1")}


@pytest.mark.parametrize(
    ("cmd", "expected"),
    [
        (
            'CMD ["python", "manage.py", "runserver", "0.0.0.0:$PORT"]\n',
            {("HK105", "Dockerfile", 6)},
        ),
        ("CMD gunicorn myproject.wsgi\n", {("HK106", "Dockerfile", 6)}),
        ("CMD uvicorn mysite.asgi:application\n", {("HK107", "Dockerfile", 6)}),
        ("CMD gunicorn mysite.wsgi --bind 127.0.0.1:8000\n", {("HK107", "Dockerfile", 6)}),
        (
            'CMD ["sh", "-c", "python manage.py migrate && gunicorn mysite.wsgi"]\n',
            {("HK109", "Dockerfile", 6)},
        ),
        # Passing: gunicorn binds $PORT by itself (Heroku sets it for containers too).
        ('CMD ["gunicorn", "mysite.wsgi"]\n', set()),
        ("CMD gunicorn mysite.wsgi --bind 0.0.0.0:$PORT\n", set()),
        (
            'CMD ["uvicorn", "mysite.asgi:application", "--host", "0.0.0.0", "--port", "$PORT"]\n',
            set(),
        ),
        ("", set()),  # python:3.13-slim's own command: not known, nothing said
    ],
)
def test_web_rules_run_on_the_dockerfile_cmd(tmp_path: Path, cmd: str, expected: set) -> None:
    assert cmd_findings(tmp_path, cmd) == expected


def test_run_web_of_heroku_yml_wins_over_the_cmd(tmp_path: Path) -> None:
    yml = BUILD_ONLY + "run:\n  web: python manage.py runserver 0.0.0.0:$PORT\n"
    found = cmd_findings(tmp_path, 'CMD ["gunicorn", "mysite.wsgi"]\n', **{"heroku.yml": yml})
    assert found == {("HK105", "heroku.yml", 5)}
