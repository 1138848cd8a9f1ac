"""The warm-run cache: a hit skips the parse and the rules (no LibCST), and any change to an
input the run read is a miss. A stale hit that hides a new error is the worst bug this cache
could have, so most tests here edit one input and require a cold run with the new result."""

from __future__ import annotations

import builtins
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import herokulint.engine
from herokulint import cache as cache_module
from herokulint.cli import main
from herokulint.files import digest
from tests.conftest import GIT


@pytest.fixture
def runs(monkeypatch):
    """Counts cold runs (calls of the engine) made by `main`."""
    calls = []
    real = herokulint.engine.check

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(herokulint.engine, "check", counting)
    monkeypatch.delenv(cache_module.ENV_VAR, raising=False)
    return calls


def codes(capsys, *extra: str) -> tuple[int, list[str]]:
    capsys.readouterr()
    status = main([".", "--output-format", "json", *extra])
    findings = json.loads(capsys.readouterr().out)["findings"]
    return status, sorted(f["code"] for f in findings)


@pytest.fixture
def guide(fixture_copy, monkeypatch) -> Path:
    root = fixture_copy("guide-as-written")
    monkeypatch.chdir(root)
    return root


def test_a_second_run_is_served_from_the_cache_with_the_same_output(guide, runs, capsys):
    capsys.readouterr()
    assert main(["."]) == 1
    cold = capsys.readouterr()
    assert main(["."]) == 1
    warm = capsys.readouterr()
    assert len(runs) == 1
    assert warm.out == cold.out and warm.err == cold.err
    assert (
        (guide / ".herokulint_cache" / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    assert (guide / ".herokulint_cache" / ".gitignore").read_text().endswith("*\n")
    status = subprocess.run([*GIT, "status", "--porcelain"], cwd=guide, capture_output=True)
    assert status.stdout == b""  # the cache folder ignores itself


def test_every_output_format_reads_the_same_from_a_hit(guide, runs, capsys):
    for fmt in ("json", "concise", "github", "sarif", "markdown"):
        capsys.readouterr()
        main([".", "--no-cache", "--output-format", fmt])
        expected = capsys.readouterr().out
        main([".", "--output-format", fmt])  # stores (first) or hits
        main([".", "--output-format", fmt])
        assert capsys.readouterr().out == expected * 2, fmt


EDITS = {
    "settings": ("mysite/settings.py", lambda t: t.replace("DEBUG = True", "DEBUG = False")),
    "procfile": (
        "Procfile",
        lambda t: t.replace("gunicorn", "python manage.py runserver 0.0.0.0:$PORT #"),
    ),
    "requirements": ("requirements.txt", lambda t: t.replace("gunicorn==22.0.0\n", "")),
    "version file": ("runtime.txt", lambda t: "python-3.13.1\n"),
    "pyproject": ("pyproject.toml", lambda t: '[tool.herokulint]\nignore = ["HK401"]\n'),
}


@pytest.mark.parametrize("kind", list(EDITS))
def test_an_edit_to_an_input_is_a_miss_with_the_new_result(guide, runs, capsys, kind):
    before = codes(capsys)
    relpath, edit = EDITS[kind]
    path = guide / relpath
    path.write_text(edit(path.read_text() if path.exists() else ""), encoding="utf-8")
    after = codes(capsys)
    assert len(runs) == 2, "the edited input must make the second run cold"
    assert after == codes(capsys, "--no-cache")
    assert after != before
    assert codes(capsys) == after and len(runs) == 3  # then warm again


def test_a_file_appearing_where_the_run_looked_is_a_miss(guide, runs, capsys):
    _, before = codes(capsys)
    (guide / ".python-version").write_text("3.12\n", encoding="utf-8")
    _, after = codes(capsys)
    assert len(runs) == 2
    assert ("HK303" in before and "HK303" not in after) or after != before


def test_a_deleted_input_is_a_miss(guide, runs, capsys):
    codes(capsys)
    (guide / "Procfile").unlink()
    _, after = codes(capsys)
    assert len(runs) == 2 and "HK101" in after


def test_git_state_is_an_input(guide, runs, capsys):
    _, before = codes(capsys)
    subprocess.run([*GIT, "rm", "-q", "--cached", "Procfile"], cwd=guide, check=True)
    _, after = codes(capsys)
    assert len(runs) == 2
    assert "HK702" in after and "HK702" not in before


def test_a_file_the_run_never_read_keeps_the_hit(guide, runs, capsys):
    first = codes(capsys)
    (guide / "mysite" / "templates").mkdir()
    (guide / "mysite" / "templates" / "home.html").write_text("<h1>hi</h1>\n")
    (guide / "mysite" / "notes.txt").write_text("unrelated\n")
    assert codes(capsys) == first
    assert len(runs) == 1


def test_options_are_part_of_the_key(guide, runs, capsys):
    codes(capsys)
    codes(capsys, "--select", "HK4")
    codes(capsys, "--target", "fir")
    assert len(runs) == 3


def test_no_cache_and_the_cache_dir_variable(guide, runs, capsys, monkeypatch, tmp_path):
    codes(capsys, "--no-cache")
    codes(capsys, "--no-cache")
    assert len(runs) == 2 and not (guide / ".herokulint_cache").exists()
    monkeypatch.setenv(cache_module.ENV_VAR, str(tmp_path / "elsewhere"))
    codes(capsys)
    codes(capsys)
    assert len(runs) == 3
    assert list((tmp_path / "elsewhere").glob("*.json"))
    assert not (guide / ".herokulint_cache").exists()


def test_fixes_neither_read_nor_write_the_cache(guide, runs, capsys):
    main([".", "--diff"])
    main([".", "--fix"])
    assert not (guide / ".herokulint_cache").exists()


@pytest.mark.parametrize("damage", ["{not json", '{"format": 1}', "[]", ""])
def test_a_corrupt_entry_is_a_miss(guide, runs, capsys, damage):
    first = codes(capsys)
    (entry,) = (guide / ".herokulint_cache").glob("*.json")
    entry.write_text(damage, encoding="utf-8")
    assert codes(capsys) == first
    assert len(runs) == 2
    assert codes(capsys) == first and len(runs) == 2  # rewritten, then a hit


def test_an_unwritable_cache_folder_is_no_error(guide, runs, capsys, monkeypatch):
    monkeypatch.setenv(cache_module.ENV_VAR, str(guide / "Procfile" / "cache"))  # under a file
    assert codes(capsys) == codes(capsys)
    assert len(runs) == 2


def run_process(root: Path) -> subprocess.CompletedProcess:
    probe = (
        "import sys\n"
        "from herokulint.cli import main\n"
        "status = main(['.', '--output-format', 'concise'])\n"
        "print('LIBCST' if 'libcst' in sys.modules else 'NO-LIBCST', status, file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != cache_module.ENV_VAR}
    return subprocess.run(
        [sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, env=env
    )


def test_a_warm_run_does_not_import_libcst(guide):
    cold, warm = run_process(guide), run_process(guide)
    assert cold.stderr.endswith("LIBCST 1\n")
    assert warm.stderr.endswith("NO-LIBCST 1\n")
    assert warm.stdout == cold.stdout


def test_concurrent_runs_agree_and_leave_a_valid_entry(guide):
    probe = [sys.executable, "-m", "herokulint", ".", "--output-format", "concise"]
    env = {k: v for k, v in os.environ.items() if k != cache_module.ENV_VAR}
    processes = [
        subprocess.Popen(probe, cwd=guide, stdout=subprocess.PIPE, env=env) for _ in range(4)
    ]
    outputs = {process.communicate()[0] for process in processes}
    assert len(outputs) == 1
    assert run_process(guide).stdout.encode() in outputs
    assert not list((guide / ".herokulint_cache").glob(".tmp-*"))


# -- every input is recorded -------------------------------------------------------------------
RECORDING_MODULES = ("herokulint/files.py", "herokulint/gitrepo.py")


def recorded_only(root: Path, monkeypatch) -> list[str]:
    """Patches the file system calls so that any access below `root` made outside the file
    reader and git (the recorded questions) is listed."""
    resolved = str(root.resolve())
    strays: list[str] = []

    def check(path: object) -> None:
        try:
            text = os.path.abspath(os.fspath(path))  # type: ignore[arg-type]
        except TypeError:
            return
        if not (text == resolved or text.startswith(resolved + os.sep)):
            return
        frame = sys._getframe(2)
        while frame is not None:
            name = frame.f_code.co_filename.replace(os.sep, "/")
            if name.endswith(RECORDING_MODULES):
                return
            frame = frame.f_back
        caller = sys._getframe(2)
        while caller.f_back is not None and "herokulint" not in caller.f_code.co_filename:
            caller = caller.f_back
        strays.append(f"{text} from {caller.f_code.co_filename}:{caller.f_lineno}")

    for name in ("stat", "lstat", "scandir", "listdir"):
        real = getattr(os, name)

        def wrapped(path=".", *args, _real=real, **kwargs):
            check(path)
            return _real(path, *args, **kwargs)

        monkeypatch.setattr(os, name, wrapped)
    real_open = builtins.open

    def opening(file, *args, **kwargs):
        check(file)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", opening)
    return strays


FIXTURES = sorted(
    path.name
    for path in (Path(__file__).parent / "fixtures").iterdir()
    if path.is_dir() and path.name != "buildpack"
)


@pytest.mark.parametrize("name", FIXTURES)
def test_every_file_system_question_of_a_run_is_recorded(fixture_copy, monkeypatch, name):
    from herokulint.catalogue import load_rules
    from herokulint.engine import check
    from herokulint.files import Recorder

    root = fixture_copy(name)
    rules = list(load_rules().values())
    strays = recorded_only(root, monkeypatch)
    check(root, rules, recorder=Recorder())
    assert strays == []


def test_a_heroku_remote_or_another_branch_is_a_miss(guide, runs, capsys):
    """HK705/HK706 ask git for the remotes and the branch: both are recorded inputs."""
    selected = ("--select", "HK705,HK706")
    assert codes(capsys, *selected)[1] == ["HK705"]
    subprocess.run(
        [*GIT, "remote", "add", "heroku", "https://git.heroku.com/myapp.git"], cwd=guide, check=True
    )
    assert codes(capsys, *selected)[1] == []
    assert len(runs) == 2
    subprocess.run([*GIT, "checkout", "-q", "-b", "feature"], cwd=guide, check=True)
    assert codes(capsys, *selected)[1] == ["HK706"]
    assert len(runs) == 3
    assert codes(capsys, *selected)[1] == ["HK706"] and len(runs) == 3  # then warm again


def test_newline_git_questions_are_asked_again_the_same_way(guide):
    from herokulint.files import Recorder
    from herokulint.gitrepo import GitRepo, answer

    recorder = Recorder()
    repo = GitRepo.find(guide, recorder)
    assert repo is not None and repo.current_branch() == "main"
    assert repo.remotes() == {}
    asked = [key for key in recorder.answers if key[0] == "git_lines"]
    assert len(asked) == 2
    for question, argument in asked:
        assert recorder.answers[(question, argument)] == digest(answer(guide, question, argument))
