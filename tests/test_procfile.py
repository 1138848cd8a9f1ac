"""Tests for herokulint.project.procfile: Procfile parsing and server command reading."""

from __future__ import annotations

import random
import shlex

import pytest

from herokulint.project.files import TextFile
from herokulint.project.procfile import (
    Process,
    Procfile,
    ProcfileProblem,
    ServerCommand,
    env_prefix,
    parse_procfile,
    parse_server_command,
)

# heroku/python-getting-started @ f7c8d992 (2026-07-14), Procfile verbatim.
GETTING_STARTED = (
    "web: gunicorn --config gunicorn.conf.py gettingstarted.wsgi\n"
    "\n"
    "# Uncomment this `release` process if you are using a database, so that Django's model\n"
    "# migrations are run as part of app deployment, using Heroku's Release Phase feature:\n"
    "# https://docs.djangoproject.com/en/6.0/topics/migrations/\n"
    "# https://devcenter.heroku.com/articles/release-phase\n"
    "#release: ./manage.py migrate --no-input\n"
)


def procfile(text: str, bom: bool = False, encoding: str = "utf-8") -> Procfile:
    return parse_procfile(TextFile("Procfile", text, bom=bom, encoding=encoding))


def server(command: str) -> ServerCommand:
    return parse_server_command(tuple(shlex.split(command)))


# --- parse_procfile --------------------------------------------------------------------------


def test_getting_started_procfile() -> None:
    result = procfile(GETTING_STARTED)
    assert result.relpath == "Procfile"
    assert result.problems == ()
    assert result.processes == (
        Process(
            "web",
            "gunicorn --config gunicorn.conf.py gettingstarted.wsgi",
            ("gunicorn", "--config", "gunicorn.conf.py", "gettingstarted.wsgi"),
            1,
            6,
        ),
    )
    assert result.get("release") is None
    assert result.web is result.processes[0]


def test_guide_procfile() -> None:
    result = procfile("web: gunicorn myproject.wsgi\n")
    assert result.problems == ()
    assert result.web == Process(
        "web", "gunicorn myproject.wsgi", ("gunicorn", "myproject.wsgi"), 1, 6
    )


def test_release_and_worker_processes() -> None:
    result = procfile(
        "release: python manage.py migrate\n"
        "web: gunicorn myproject.wsgi\n"
        "worker: celery -A x worker"
    )
    assert [p.name for p in result.processes] == ["release", "web", "worker"]
    assert result.get("worker") == Process(
        "worker", "celery -A x worker", ("celery", "-A", "x", "worker"), 3, 9
    )
    assert result.problems == ()


def test_crlf_line_endings_are_stripped() -> None:
    result = procfile("web: gunicorn myproject.wsgi\r\nworker: python worker.py\r\n")
    assert result.problems == ()
    assert result.web is not None
    assert result.web.command == "gunicorn myproject.wsgi"
    assert result.web.argv == ("gunicorn", "myproject.wsgi")
    worker = result.get("worker")
    assert worker is not None and worker.command == "python worker.py" and worker.line == 2


def test_bom_is_a_problem_on_line_one() -> None:
    result = procfile("web: gunicorn myproject.wsgi\n", bom=True)
    assert [p.name for p in result.processes] == ["web"]
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert (problem.line, problem.column) == (1, 1)
    assert "byte-order mark" in problem.message
    assert '"\\ufeffweb" instead of "web"' in problem.message
    worker = procfile("worker: python w.py\n", bom=True)
    assert '"\\ufeffworker" instead of "worker"' in worker.problems[0].message
    assert "without a BOM" in problem.message


def test_utf16_is_a_problem() -> None:
    result = procfile("web: gunicorn myproject.wsgi\n", bom=True, encoding="utf-16")
    assert result.problems == (
        ProcfileProblem(
            1,
            1,
            "The Procfile is saved as UTF-16; Heroku reads it as UTF-8 and finds no process "
            "types. Save it as UTF-8.",
        ),
    )


def test_missing_colon() -> None:
    # The classic regex `^[[:space:]]*([a-zA-Z0-9_-]+):?\s+(.*)` makes the colon optional.
    result = procfile("web gunicorn myproject.wsgi\n")
    assert [(p.name, p.command, p.column) for p in result.processes] == [
        ("web", "gunicorn myproject.wsgi", 5)
    ]
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert (problem.line, problem.column, problem.scope) == (1, 1, "fir-fatal")
    assert problem.message.startswith("Line 1 is not `type: command`: there is no ':'")
    assert "reads it as `web: gunicorn myproject.wsgi`" in problem.message
    fir = parse_procfile(TextFile("Procfile", "web gunicorn myproject.wsgi\n"), "fir")
    assert fir.processes == () and fir.problems[0].scope == "fir-fatal"


def test_line_the_classic_regex_cannot_match_is_ignored() -> None:
    result = procfile("web: gunicorn x.wsgi\n$ git push heroku main\n")
    assert [p.name for p in result.processes] == ["web"]
    [problem] = result.problems
    assert (problem.line, problem.scope) == (2, "fir-fatal")
    assert "The classic stack ignores the line" in problem.message


def test_empty_command() -> None:
    result = procfile("web: gunicorn x.wsgi\nworker:   \n")
    assert [p.name for p in result.processes] == ["web"]
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert (problem.line, problem.column) == (2, 8)
    assert problem.message.startswith("The process type `worker` has no command after ':'")


def test_invalid_process_type_is_dropped() -> None:
    result = procfile("is_w.e.b: echo hello\nweb: gunicorn x.wsgi\n")
    assert [p.name for p in result.processes] == ["web"]
    assert len(result.problems) == 1
    assert result.problems[0].line == 1
    assert result.problems[0].message.startswith("The process type `is_w.e.b` is not valid")


def test_missing_process_type() -> None:
    result = procfile(": gunicorn x.wsgi\n")
    assert result.processes == ()
    assert result.problems[0].message.startswith("The line has no process type before ':'")


def test_space_before_colon() -> None:
    result = procfile("web : gunicorn x.wsgi\n")
    assert result.processes == ()
    assert len(result.problems) == 1
    assert "`web` is followed by a space before ':'" in result.problems[0].message


def test_uppercase_and_underscore_get_a_softer_message_and_are_kept() -> None:
    result = procfile("Web_Worker: python worker.py\n")
    assert [p.name for p in result.processes] == ["Web_Worker"]
    assert len(result.problems) == 1
    message = result.problems[0].message
    assert "renames it to `web-worker` with a warning" in message
    assert "not valid" not in message


def test_key_with_dash_at_the_edge_breaks_cnb() -> None:
    result = procfile("worker-: python worker.py\n")
    assert [p.name for p in result.processes] == ["worker-"]
    assert len(result.problems) == 1
    assert "must start and end with a letter or digit" in result.problems[0].message
    assert "`worker`" in result.problems[0].message


def test_key_longer_than_63_characters() -> None:
    key = "a" * 64
    result = procfile(f"{key}: echo hi\n")
    assert [p.name for p in result.processes] == [key]
    assert "64 characters long" in result.problems[0].message
    assert procfile(f"{'a' * 63}: echo hi\n").problems == ()


def test_duplicate_points_at_later_line_and_last_wins() -> None:
    result = procfile("web: gunicorn a.wsgi\nworker: python w.py\nweb: gunicorn b.wsgi\n")
    assert len(result.processes) == 3
    assert result.web is not None
    assert result.web.command == "gunicorn b.wsgi"
    assert result.web.line == 3
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert (problem.line, problem.column) == (3, 1)
    assert "defined again (first on line 1)" in problem.message


def test_empty_file() -> None:
    for text in ("", "\n\n", "# only a comment\n   \n"):
        result = procfile(text)
        assert result.processes == ()
        assert len(result.problems) == 1
        assert result.problems[0].line == 1
        assert result.problems[0].message.startswith("The Procfile defines no processes")


def test_no_empty_file_problem_when_lines_are_broken() -> None:
    result = procfile("web\n")
    assert len(result.problems) == 1
    assert "no ':'" in result.problems[0].message


def test_comment_with_leading_spaces_and_indented_process() -> None:
    result = procfile("   # web: nope\n  web: gunicorn x.wsgi\n")
    assert result.problems == ()
    assert result.web == Process("web", "gunicorn x.wsgi", ("gunicorn", "x.wsgi"), 2, 8)


def test_no_space_after_colon_is_classic_problem() -> None:
    result = procfile("web:gunicorn x.wsgi\n")
    assert result.web == Process("web", "gunicorn x.wsgi", ("gunicorn", "x.wsgi"), 1, 5)
    assert len(result.problems) == 1
    assert result.problems[0].message.startswith("There is no space after `web:`")


def test_colon_inside_command_and_tab_separator() -> None:
    result = procfile("web:\tgunicorn --bind 0.0.0.0:$PORT x.wsgi  \n")
    assert result.problems == ()
    assert result.web is not None
    assert result.web.command == "gunicorn --bind 0.0.0.0:$PORT x.wsgi"
    assert result.web.column == 6


def test_unbalanced_quotes_give_argv_none() -> None:
    result = procfile("web: gunicorn 'x.wsgi\n")
    assert result.web is not None
    assert result.web.argv is None
    assert result.web.command == "gunicorn 'x.wsgi"


def test_runserver_procfile() -> None:
    result = procfile("web: python manage.py runserver 0.0.0.0:$PORT\n")
    assert result.problems == ()
    assert result.web is not None and result.web.argv is not None
    assert parse_server_command(result.web.argv) == ServerCommand(
        "runserver", None, {"addrport": "0.0.0.0:$PORT"}, {}
    )


def test_fuzz_never_raises() -> None:
    rng = random.Random(0)
    alphabet = "web:gunicorn x.wsgi\r\n\t #_-'\"\\=&;$\ufeff\x00\u2028ÄZ09"
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        result = procfile(text, bom=rng.random() < 0.1)
        assert isinstance(result.processes, tuple)
        for process in result.processes:
            assert process.line >= 1 and process.column >= 1
            assert process.command == process.command.strip() and "\n" not in process.command
            if process.argv is not None:
                assert isinstance(parse_server_command(process.argv), ServerCommand)
        for problem in result.problems:
            assert problem.line >= 1 and problem.column >= 1 and problem.message
        words = tuple(text.split())
        assert isinstance(parse_server_command(words), ServerCommand)
        assert isinstance(env_prefix(words), tuple)


# --- env_prefix ------------------------------------------------------------------------------


def test_env_prefix() -> None:
    argv = ("DJANGO_SETTINGS_MODULE=x.settings", "DEBUG=", "gunicorn", "A=b", "x.wsgi")
    assert env_prefix(argv) == (
        {"DJANGO_SETTINGS_MODULE": "x.settings", "DEBUG": ""},
        ("gunicorn", "A=b", "x.wsgi"),
    )
    assert env_prefix(("gunicorn",)) == ({}, ("gunicorn",))
    assert env_prefix(()) == ({}, ())
    assert env_prefix(("1A=b", "x")) == ({}, ("1A=b", "x"))
    assert env_prefix(("A=b=c",)) == ({"A": "b=c"}, ())


# --- parse_server_command --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (
            "gunicorn --config gunicorn.conf.py gettingstarted.wsgi",
            ServerCommand("gunicorn", "gettingstarted.wsgi", {"--config": "gunicorn.conf.py"}, {}),
        ),
        ("gunicorn myproject.wsgi", ServerCommand("gunicorn", "myproject.wsgi", {}, {})),
        (
            "gunicorn myproject.wsgi --log-file -",
            ServerCommand("gunicorn", "myproject.wsgi", {"--log-file": "-"}, {}),
        ),
        (
            "gunicorn -b 0.0.0.0:$PORT -c conf.py -w 3 -e A=1 --env DJANGO_SETTINGS_MODULE=x "
            "pkg.wsgi:application",
            ServerCommand(
                "gunicorn",
                "pkg.wsgi:application",
                {
                    "--bind": "0.0.0.0:$PORT",
                    "--config": "conf.py",
                    "--workers": "3",
                    "--env": "DJANGO_SETTINGS_MODULE=x",
                },
                {},
            ),
        ),
        (
            "gunicorn --bind=0.0.0.0:$PORT --chdir=src --pythonpath a,b pkg.wsgi",
            ServerCommand(
                "gunicorn",
                "pkg.wsgi",
                {"--bind": "0.0.0.0:$PORT", "--chdir": "src", "--pythonpath": "a,b"},
                {},
            ),
        ),
        (
            "gunicorn -b0.0.0.0:8000 -w4 pkg.wsgi",
            ServerCommand("gunicorn", "pkg.wsgi", {"--bind": "0.0.0.0:8000", "--workers": "4"}, {}),
        ),
        (
            "gunicorn --preload --reload --no-sendfile --capture-output pkg.wsgi --timeout 30",
            ServerCommand(
                "gunicorn",
                "pkg.wsgi",
                {
                    "--preload": "",
                    "--reload": "",
                    "--no-sendfile": "",
                    "--capture-output": "",
                    "--timeout": "30",
                },
                {},
            ),
        ),
        ("gunicorn", ServerCommand("gunicorn", None, {}, {})),
        (
            "python -m gunicorn pkg.wsgi",
            ServerCommand("gunicorn", "pkg.wsgi", {}, {}),
        ),
        (
            "python3.12 -u -m gunicorn pkg.wsgi",
            ServerCommand("gunicorn", "pkg.wsgi", {}, {}),
        ),
        (
            "newrelic-admin run-program gunicorn pkg.wsgi",
            ServerCommand("gunicorn", "pkg.wsgi", {}, {}),
        ),
        (
            "ddtrace-run gunicorn pkg.wsgi",
            ServerCommand("gunicorn", "pkg.wsgi", {}, {}),
        ),
        (
            "DJANGO_SETTINGS_MODULE=x.settings gunicorn pkg.wsgi",
            ServerCommand("gunicorn", "pkg.wsgi", {}, {"DJANGO_SETTINGS_MODULE": "x.settings"}),
        ),
        (
            "cd sub && gunicorn pkg.wsgi",
            ServerCommand("gunicorn", "pkg.wsgi", {"--chdir": "sub"}, {}),
        ),
        (
            "cd backend && gunicorn --chdir src pkg.wsgi",
            ServerCommand("gunicorn", "pkg.wsgi", {"--chdir": "backend/src"}, {}),
        ),
        (
            "python manage.py migrate && gunicorn pkg.wsgi",
            ServerCommand("gunicorn", "pkg.wsgi", {}, {}),
        ),
        (
            "gunicorn pkg.wsgi # a comment",
            ServerCommand("gunicorn", "pkg.wsgi", {}, {}),
        ),
        (
            "uvicorn app.asgi:application --host 0.0.0.0 --port $PORT",
            ServerCommand(
                "uvicorn", "app.asgi:application", {"--host": "0.0.0.0", "--port": "$PORT"}, {}
            ),
        ),
        (
            "uvicorn --reload --port=$PORT app.asgi:application",
            ServerCommand(
                "uvicorn", "app.asgi:application", {"--reload": "", "--port": "$PORT"}, {}
            ),
        ),
        (
            "daphne -b 0.0.0.0 -p $PORT pkg.asgi:application",
            ServerCommand(
                "daphne", "pkg.asgi:application", {"--bind": "0.0.0.0", "--port": "$PORT"}, {}
            ),
        ),
        (
            "hypercorn --bind 0.0.0.0:$PORT pkg.asgi:application",
            ServerCommand("hypercorn", "pkg.asgi:application", {"--bind": "0.0.0.0:$PORT"}, {}),
        ),
        (
            "waitress-serve --port=$PORT pkg.wsgi:application",
            ServerCommand("waitress-serve", "pkg.wsgi:application", {"--port": "$PORT"}, {}),
        ),
        (
            "python manage.py runserver 0.0.0.0:$PORT",
            ServerCommand("runserver", None, {"addrport": "0.0.0.0:$PORT"}, {}),
        ),
        ("./manage.py runserver", ServerCommand("runserver", None, {}, {})),
        (
            "python backend/manage.py runserver --noreload 0.0.0.0:$PORT",
            ServerCommand("runserver", None, {"--noreload": "", "addrport": "0.0.0.0:$PORT"}, {}),
        ),
        (
            "django-admin runserver --settings=x.settings",
            ServerCommand("runserver", None, {"--settings": "x.settings"}, {}),
        ),
        (
            "python -m django runserver",
            ServerCommand("runserver", None, {}, {}),
        ),
        (
            "sh -c 'cd backend && gunicorn pkg.wsgi'",
            ServerCommand("gunicorn", "pkg.wsgi", {"--chdir": "backend"}, {}),
        ),
        ("python manage.py migrate", ServerCommand("other", None, {}, {})),
        ("celery -A proj worker", ServerCommand("other", None, {}, {})),
        ("A=1 bin/worker", ServerCommand("other", None, {}, {"A": "1"})),
        ("", ServerCommand("other", None, {}, {})),
    ],
)
def test_parse_server_command(command: str, expected: ServerCommand) -> None:
    assert server(command) == expected


def test_package_manager_runner_is_unwrapped() -> None:
    # `poetry run` is reported by its own rule (HK108); the server behind it is still read.
    assert server("poetry run gunicorn pkg.wsgi") == ServerCommand("gunicorn", "pkg.wsgi", {}, {})


def test_shell_script_with_unclosed_quote_is_other() -> None:
    argv = ("bash", "-c", "gunicorn 'pkg.wsgi")
    assert parse_server_command(argv) == ServerCommand("other", None, {}, {})


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (
            "bin/start-nginx gunicorn -c config/gunicorn.conf.py pkg.wsgi",
            ServerCommand(
                "gunicorn",
                "pkg.wsgi",
                {"--config": "config/gunicorn.conf.py"},
                {},
                "bin/start-nginx",
            ),
        ),
        # `-f` skips the wait for /tmp/app-initialized (bin/start-nginx's getopts).
        (
            "bin/start-nginx -f gunicorn pkg.wsgi",
            ServerCommand("gunicorn", "pkg.wsgi", {}, {}, "bin/start-nginx"),
        ),
        (
            "./bin/start-nginx-debug uvicorn pkg.asgi:app --uds /tmp/nginx.socket",
            ServerCommand(
                "uvicorn",
                "pkg.asgi:app",
                {"--uds": "/tmp/nginx.socket"},
                {},
                "./bin/start-nginx-debug",
            ),
        ),
        (
            "bin/start-nginx python manage.py runserver",
            ServerCommand("runserver", None, {}, {}, "bin/start-nginx"),
        ),
        # Solo mode runs nginx alone: no app server to check.
        ("bin/start-nginx-solo", ServerCommand("other", None, {}, {}, "bin/start-nginx-solo")),
        ("bin/start-nginx", ServerCommand("other", None, {}, {}, None)),
    ],
)
def test_nginx_buildpack_wrapper_is_unwrapped(command: str, expected: ServerCommand) -> None:
    assert server(command) == expected


def test_runserver_behind_nginx_is_reported_without_a_fix(tmp_path) -> None:
    from conftest import git_commit, write_files

    from herokulint.engine import check, select_rules
    from herokulint.rules import READY_FILES

    write_files(
        tmp_path, {**READY_FILES, "Procfile": "web: bin/start-nginx python manage.py runserver\n"}
    )
    git_commit(tmp_path)
    [finding] = [f for f in check(tmp_path, select_rules())[1] if f.code == "HK105"]
    assert (finding.path, finding.line, finding.fix) == ("Procfile", 1, None)
