"""How the app is built on Heroku, as far as the repository says: `app.json` (stack, buildpacks,
config vars) and `heroku.yml` (a Docker build, which runs no buildpack at all).

Both are optional: most apps set their buildpacks and config vars with the CLI, so an absent
`app.json` means "unknown", never "none".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional

from .files import FileReader, TextFile
from .structured import Lines, ParseError, load_json

_DOCKER = re.compile(r"^\s+docker\s*:")
_BUILD = re.compile(r"^build\s*:")
_TOP_LEVEL = re.compile(r"^[A-Za-z_][\w-]*\s*:")


@dataclass(frozen=True)
class Buildpack:
    url: str
    line: int


@dataclass(frozen=True)
class ConfigVar:
    name: str
    value: Optional[str]  # None when generated or required without a value
    line: int


@dataclass
class AppJson:
    relpath: str = "app.json"
    stack: Optional[tuple[str, int]] = None
    buildpacks: Optional[list[Buildpack]] = None  # None when app.json does not list them
    buildpacks_line: int = 1
    env: dict[str, ConfigVar] = field(default_factory=dict)
    error: Optional[ParseError] = None


@dataclass
class Platform:
    app_json: Optional[AppJson] = None
    heroku_yml: Optional[str] = None  # "heroku.yml" when present
    docker_line: Optional[int] = None  # the `build: docker:` line of heroku.yml

    @property
    def container_build(self) -> bool:
        """True when heroku.yml builds a Docker image: no buildpack runs."""
        return self.docker_line is not None

    @property
    def buildpacks(self) -> Optional[list[Buildpack]]:
        return self.app_json.buildpacks if self.app_json else None


def read_platform(files: FileReader) -> Platform:
    platform = Platform()
    read = files.read("app.json")
    if isinstance(read, TextFile):
        platform.app_json = read_app_json(read)
    for name in ("heroku.yml", "heroku.yaml"):
        text = files.read(name)
        if isinstance(text, TextFile):
            platform.heroku_yml = name
            platform.docker_line = _docker_line(text.text)
            break
    return platform


def read_app_json(file: TextFile) -> AppJson:
    app = AppJson(file.relpath)
    data = load_json(file)
    if isinstance(data, ParseError):
        app.error = data
        return app
    if not isinstance(data, dict):
        app.error = ParseError(file.relpath, 1, "is not a JSON object")
        return app
    lines = Lines(file.text)
    stack = data.get("stack")
    if isinstance(stack, str):
        app.stack = (stack, lines.json_key("stack") or 1)
    buildpacks = data.get("buildpacks")
    if isinstance(buildpacks, list):
        start = lines.json_key("buildpacks") or 1
        app.buildpacks_line = start
        app.buildpacks = []
        for entry in buildpacks:
            url = entry.get("url") if isinstance(entry, dict) else None
            if isinstance(url, str):
                app.buildpacks.append(Buildpack(url, lines.string(url, start) or start))
    env = data.get("env")
    if isinstance(env, dict):
        start = lines.json_key("env") or 1
        for name, spec in env.items():
            app.env[str(name)] = ConfigVar(
                str(name), _value(spec), lines.json_key(str(name), start) or start
            )
    return app


def _value(spec: Any) -> Optional[str]:
    if isinstance(spec, str):
        return spec
    if isinstance(spec, dict) and isinstance(spec.get("value"), (str, int, float, bool)):
        return str(spec["value"])
    return None


def _docker_line(text: str) -> Optional[int]:
    """The line of `docker:` inside heroku.yml's top-level `build:` section."""
    in_build = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if _TOP_LEVEL.match(line):
            in_build = bool(_BUILD.match(line))
            continue
        if in_build and _DOCKER.match(line):
            return number
    return None
