"""HK108 package-manager-run-in-procfile."""

from __future__ import annotations

import posixpath
import shlex
from collections.abc import Iterator
from typing import Optional

from ..edits import Edit, FixError, TextEdit
from ..findings import Finding, Fix
from ..i18n import msg
from ..project import ProjectModel
from ..project.procfile import ASSIGNMENT, SEPARATORS, SHELLS, Process, env_prefix, split_words
from ..rule import Location, Rule
from ..textedits import Word, line_bounds, shell_words
from . import example
from ._buildpack import buildpack_skipped

# Runners that are not on the dyno's PATH at run time: the buildpack installs uv and Poetry
# into its cache for the build only (lib/uv.sh, lib/poetry.sh); PDM is never installed.
RUNNERS: dict[tuple[str, ...], str] = {
    ("poetry", "run"): "Poetry",
    ("uv", "run"): "uv",
    ("uvx",): "uv",
    ("uv", "tool", "run"): "uv",
    ("pdm", "run"): "PDM",
}
# Pipenv stays on PATH on the classic buildpack ("for historical reasons", lib/pipenv.sh); the
# Cloud Native Buildpack has no Pipenv at all.
FIR_RUNNERS: dict[tuple[str, ...], str] = {("pipenv", "run"): "Pipenv"}
PASS_THROUGH = ("exec", "env", "nice")
# The runners that run a command in the project's own environment, which on a dyno is the
# environment Heroku installed: without the prefix the same command runs. (`uvx` and
# `uv tool run` run a tool from an environment of their own: no automatic fix.)
PROJECT_RUNNERS = (("poetry", "run"), ("uv", "run"), ("pdm", "run"), ("pipenv", "run"))
# Runner options that take no value and only change how the environment is synced or what is
# printed: dropping them with the prefix changes nothing on a dyno.
DROPPABLE_OPTIONS = frozenset(
    {
        "--frozen",
        "--locked",
        "--no-sync",
        "--no-dev",
        "--offline",
        "--active",
        "--quiet",
        "-q",
        "--verbose",
        "-v",
        "--no-interaction",
        "-n",
        "--no-ansi",
    }
)


def runner_span(words: list[Word], offset: int, depth: int = 0) -> Optional[tuple[int, int]]:
    """The span (offsets into the Procfile) of the first `poetry run`/`uv run`-like prefix
    and its options, up to the command it runs; None when there is none this fix can drop."""
    values = [word.value for word in words]
    if depth > 3:
        return None
    if len(words) > 2 and posixpath.basename(values[0]) in SHELLS and values[1] == "-c":
        script = words[2]
        inner = shell_words(script.value)
        # Only a script quoted as one plain '...' or "..." maps back onto the file's text.
        if inner is None or script.end - script.start != len(script.value) + 2:
            return None
        return runner_span(inner[0], offset + script.start + 1, depth + 1)
    segment: list[int] = []
    for index in [*range(len(values)), len(values)]:
        if index < len(values) and values[index] not in SEPARATORS:
            segment.append(index)
            continue
        position = 0
        while position < len(segment) and ASSIGNMENT.match(values[segment[position]]):
            position += 1
        while position < len(segment) and values[segment[position]] in PASS_THROUGH:
            position += 1
        for prefix in PROJECT_RUNNERS:
            chosen = [values[i] for i in segment[position : position + len(prefix)]]
            if tuple(chosen) != prefix:
                continue
            rest = segment[position + len(prefix) :]
            while rest and values[rest[0]].startswith("-"):
                if values[rest[0]] not in DROPPABLE_OPTIONS:
                    return None
                rest = rest[1:]
            if not rest:
                return None
            return offset + words[segment[position]].start, offset + words[rest[0]].start
        segment = []
    return None


def find_runner(
    argv: tuple[str, ...], runners: dict[tuple[str, ...], str], depth: int = 0
) -> Optional[tuple[str, str, tuple[str, ...]]]:
    """The runner a command line starts (in any `&&`/`;` segment or `sh -c` script): the
    words as written, the tool, and the command after the runner and its options."""
    if depth > 3:
        return None
    if len(argv) > 2 and posixpath.basename(argv[0]) in SHELLS and argv[1] == "-c":
        inner = split_words(argv[2])
        return find_runner(inner, runners, depth + 1) if inner else None
    segment: list[str] = []
    for word in (*argv, ";"):
        if word not in SEPARATORS:
            segment.append(word)
            continue
        _, words = env_prefix(tuple(segment))
        while words and words[0] in PASS_THROUGH:
            words = words[1:]
        for prefix, tool in runners.items():
            if words[: len(prefix)] == prefix:
                rest = list(words[len(prefix) :])
                while rest and rest[0].startswith("-"):
                    rest.pop(0)
                return " ".join(prefix), tool, tuple(rest)
        segment = []
    return None


class PackageManagerRunInProcfile(Rule):
    """
    ## What it does
    Checks that no Procfile process starts through `poetry run`, `uv run` (or `uvx`), or
    `pdm run`, and on the Cloud Native Buildpack (`--target fir`) `pipenv run`.

    ## Why it matters
    Heroku installs the dependencies into the app's Python, and keeps uv and Poetry in the
    build cache: they are not on `PATH` when the dyno starts (the buildpack's tests assert
    "Poetry unexpectedly found!" never happens), so the process dies with
    `poetry: command not found` and the dyno crashes in a loop. Pipenv stays available on the
    classic buildpack "for historical reasons"; Fir has no Pipenv.

    ## Fix safety
    Safe: `--fix` drops the `poetry run` / `uv run` / `pdm run` / `pipenv run` prefix (and
    its flag-only options such as `--no-sync`): `web: uv run gunicorn x.wsgi` becomes
    `web: gunicorn x.wsgi`. These runners start the command in the project's environment,
    which on a dyno is the one Heroku installed and put on `PATH`, so the same command runs.
    `uvx` / `uv tool run` (a separate tool environment), runner options that take a value
    (`--with x`), and a prefix inside a `sh -c` script that is not one plain quoted string
    are left for you to change.

    ## References
    - heroku-buildpack-python `lib/uv.sh`, `lib/poetry.sh`, `lib/pipenv.sh`; specs
      `uv_spec.rb`, `poetry_spec.rb`
    """

    code = "HK108"
    name = "package-manager-run-in-procfile"
    severity = "error"
    summary = "a Procfile process runs through `poetry run` / `uv run`"
    fix_applicability = "safe"

    invalid = [
        example(
            {"Procfile": "web: uv run gunicorn mysite.wsgi\n"},
            expect=(("Procfile", 1),),
            fixed={"Procfile": "web: gunicorn mysite.wsgi\n"},
        ),
        example(
            {"Procfile": "web: gunicorn mysite.wsgi\nworker: poetry run celery -A mysite worker\n"},
            expect=(("Procfile", 2),),
            fixed={"Procfile": "web: gunicorn mysite.wsgi\nworker: celery -A mysite worker\n"},
        ),
        example(
            {
                "Procfile": "web: gunicorn mysite.wsgi\n"
                "release: sh -c 'uv run --frozen python manage.py migrate --noinput'  # ok\n"
            },
            expect=(("Procfile", 2),),
            fixed={
                "Procfile": "web: gunicorn mysite.wsgi\n"
                "release: sh -c 'python manage.py migrate --noinput'  # ok\n"
            },
        ),
        example(
            {"Procfile": "web: uvx --with whitenoise gunicorn mysite.wsgi\n"},
            expect=(("Procfile", 1),),
            note="uvx runs a tool from its own environment: no automatic fix",
        ),
    ]
    valid = [
        example(),
        example({"Procfile": "web: gunicorn mysite.wsgi\nrelease: python manage.py migrate\n"}),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        procfile = project.procfile
        if procfile is None or buildpack_skipped(project):
            return
        runners = {**RUNNERS, **FIR_RUNNERS} if project.target == "fir" else RUNNERS
        for process in procfile.processes:
            if process.argv is None:
                continue
            found = find_runner(process.argv, runners)
            if found is None:
                continue
            written, tool, rest = found
            program = written.split()[0]
            instead = f"`{process.name}: {shlex.join(rest)}`" if rest else msg("the command itself")
            yield self.finding(
                msg(
                    "The {name} process starts with `{written}`, but {tool} is not on the dyno's PATH at "
                    "run time: it fails with '{program}: command not found'; drop the prefix: {instead}.",
                    name=process.name,
                    written=written,
                    tool=tool,
                    program=program,
                    instead=instead,
                ),
                Location(procfile.relpath, process.line, process.column),
                fix=self.fix(project, process),
            )

    @staticmethod
    def fix(project: ProjectModel, process: Process) -> Optional[Fix]:
        file = project.text("Procfile")
        if file is None:
            return None
        text = file.text
        start, end = line_bounds(text, process.line)
        offset = start + process.column - 1
        parsed = shell_words(text[offset:end])
        if parsed is None:
            return None
        span = runner_span(parsed[0], offset)
        if span is None:
            return None
        prefix = " ".join(text[span[0] : span[1]].split())

        def build() -> tuple[Edit, ...]:
            current = project.text("Procfile")
            if current is None or current.text != text:
                raise FixError(msg("the Procfile changed"))
            return (TextEdit("Procfile", span[0], span[1], ""),)

        return Fix(
            "safe",
            msg("Drop `{prefix}` from the {name} process", prefix=prefix, name=process.name),
            build,
        )
