"""HK108 package-manager-run-in-procfile."""

from __future__ import annotations

import posixpath
import shlex
from collections.abc import Iterator
from typing import Optional

from ..findings import Finding
from ..project import ProjectModel
from ..project.procfile import SEPARATORS, SHELLS, env_prefix, split_words
from ..rule import Location, Rule
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
    No automatic fix yet; a future safe fix drops the prefix (`web: uv run gunicorn x.wsgi` →
    `web: gunicorn x.wsgi`): the installed command is already on `PATH`.

    ## References
    - heroku-buildpack-python `lib/uv.sh`, `lib/poetry.sh`, `lib/pipenv.sh`; specs
      `uv_spec.rb`, `poetry_spec.rb`
    """

    code = "HK108"
    name = "package-manager-run-in-procfile"
    severity = "error"
    summary = "a Procfile process runs through `poetry run` / `uv run`"

    invalid = [
        example({"Procfile": "web: uv run gunicorn mysite.wsgi\n"}, expect=(("Procfile", 1),)),
        example(
            {"Procfile": "web: gunicorn mysite.wsgi\nworker: poetry run celery -A mysite worker\n"},
            expect=(("Procfile", 2),),
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
            instead = f"`{process.name}: {shlex.join(rest)}`" if rest else "the command itself"
            yield self.finding(
                f"The {process.name} process starts with `{written}`, but {tool} is not on the "
                f"dyno's PATH at run time: it fails with '{program}: command not found'; drop the "
                f"prefix: {instead}.",
                Location(procfile.relpath, process.line, process.column),
            )
