"""The commands the platform runs, wherever the repository writes them.

A buildpack build runs the Procfile's processes. A heroku.yml Docker build runs heroku.yml's
`run:` commands ("Heroku uses the run command provided in heroku.yml instead of your
Procfiles"), and "If you don't include a run section, Heroku uses the CMD specified in the
Dockerfile" (Dev Center, "Building Docker Images with heroku.yml"); its release phase runs
heroku.yml's `release: command:`. Heroku sets `$PORT` for a container's web dyno as for any
other ("Container Registry & Runtime": the web process must listen on `$PORT`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from ..records import frozen
from .platform import Platform
from .procfile import Procfile, split_words

if TYPE_CHECKING:
    from .dockerfile import Dockerfile  # read only for a Docker build (project.dockerfile)


@frozen
class ProcessCommand:
    """One process type's command: `name` ("web", "release", "worker", ...), the command line
    as written, its shell words (None when they cannot be split), and where it is written."""

    name: str
    command: str
    argv: Optional[tuple[str, ...]]
    relpath: str  # "Procfile", "heroku.yml" or the Dockerfile's path
    line: int
    column: int = 1
    # "Procfile", "heroku.yml run", "heroku.yml release" or "Dockerfile CMD"
    source: str = "Procfile"


def procfile_processes(procfile: Optional[Procfile]) -> tuple[ProcessCommand, ...]:
    if procfile is None:
        return ()
    return tuple(
        ProcessCommand(p.name, p.command, p.argv, procfile.relpath, p.line, p.column)
        for p in procfile.processes
    )


def container_processes(
    platform: Platform, dockerfile: Optional[Dockerfile]
) -> tuple[ProcessCommand, ...]:
    """A Docker build's processes: heroku.yml's `run:` commands, the Dockerfile's CMD (with
    its ENTRYPOINT) as the web process when `run:` names no web, and `release: command:`."""
    relpath = platform.heroku_yml or "heroku.yml"
    found = [
        ProcessCommand(name, command, split_words(command), relpath, line, source="heroku.yml run")
        for name, (command, line) in platform.run.items()
    ]
    start = dockerfile.start if dockerfile is not None else None
    if "web" not in platform.run_types and dockerfile is not None and start is not None:
        found.insert(
            0,
            ProcessCommand(
                "web",
                start.command,
                start.argv,
                dockerfile.relpath,
                start.line,
                source="Dockerfile CMD",
            ),
        )
    if platform.release is not None:
        command, line = platform.release
        found.append(
            ProcessCommand(
                "release", command, split_words(command), relpath, line, source="heroku.yml release"
            )
        )
    return tuple(found)
