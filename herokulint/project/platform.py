"""How the app is built on Heroku, as far as the repository says: `app.json` (stack, buildpacks,
config vars) and `heroku.yml` (a Docker build, which runs no buildpack at all).

Both are optional: most apps set their buildpacks and config vars with the CLI, so an absent
`app.json` means "unknown", never "none".

heroku.yml is YAML, which herokulint does not parse: a small line reader finds the few plain
`key: value` entries it needs (the web Dockerfile, the web command, config vars). Anything it
does not fully understand (block or flow values, anchors, a value continued on the next line)
is left unknown, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import field
from typing import Any, Optional

from ..records import frozen, mutable
from .files import FileReader, TextFile
from .structured import Lines, ParseError, load_json

# A `key:` or `key: value` line of a block mapping; list items and quoted keys do not match.
_ENTRY = re.compile(r"^(?P<indent> *)(?P<key>[A-Za-z_][\w.-]*)\s*:(?:[ \t]+(?P<value>.*?))?\s*$")
# A value starting so is not a one-line plain or quoted scalar (block, flow, anchor, alias, tag).
_NOT_SCALAR = ("|", ">", "{", "[", "&", "*", "!", "@", "`")


@frozen
class Buildpack:
    url: str
    line: int


@frozen
class ConfigVar:
    name: str
    value: Optional[str]  # None when generated or required without a value
    line: int


@mutable
class AppJson:
    relpath: str = "app.json"
    stack: Optional[tuple[str, int]] = None
    buildpacks: Optional[list[Buildpack]] = None  # None when app.json does not list them
    buildpacks_line: int = 1
    env: dict[str, ConfigVar] = field(default_factory=dict)
    error: Optional[ParseError] = None
    env_line: Optional[int] = None  # the `"env":` line; None when app.json has no env block
    # `addons`: (slug, attachment name) per entry; "heroku-postgresql:essential-0" gives
    # ("heroku-postgresql", None), {"plan": ..., "as": "CACHE"} gives (slug, "CACHE").
    addons: list[tuple[str, Optional[str]]] = field(default_factory=list)


@mutable
class Platform:
    app_json: Optional[AppJson] = None
    heroku_yml: Optional[str] = None  # "heroku.yml" when present
    docker_line: Optional[int] = None  # the `build: docker:` line of heroku.yml
    # heroku.yml's `build: docker: web:` (or its `dockerfile:`), relative to the app root.
    dockerfile: Optional[str] = None
    # heroku.yml's `run: web:` as a one-line command, and its line; None when absent or not a
    # plain string (then the web command is the Dockerfile's CMD, or unknown).
    run_web: Optional[tuple[str, int]] = None
    # Every `run:` process heroku.yml gives as one command line (`web: gunicorn ...`, or a
    # `command:` list of one item), and its line.
    run: dict[str, tuple[str, int]] = field(default_factory=dict)
    # The `run:` process types heroku.yml names, readable or not: a type listed here without a
    # command in `run` has a command herokulint cannot read.
    run_types: frozenset[str] = frozenset()
    # heroku.yml's `release: command:` as one command line, and its line.
    release: Optional[tuple[str, int]] = None
    # heroku.yml's `setup: config:` (config vars of an app created from the manifest).
    config: dict[str, ConfigVar] = field(default_factory=dict)

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
            read_heroku_yml(platform, name, text.text)
            break
    return platform


def read_heroku_yml(platform: Platform, relpath: str, text: str) -> None:
    platform.heroku_yml = relpath
    docker = yaml_entry(text, ("build",), "docker")
    platform.docker_line = docker[1] if docker else None
    if docker is None:
        return
    web = yaml_entry(text, ("build", "docker"), "web")
    dockerfile = yaml_entry(text, ("build", "docker", "web"), "dockerfile")
    if web is not None and web[0] is not None:
        platform.dockerfile = web[0]
    elif web is not None and dockerfile is not None:
        platform.dockerfile = dockerfile[0]
    run = yaml_entries(text, ("run",))
    platform.run_types = frozenset(run)
    for name in run:
        command = yaml_command(text, ("run", name))
        if command is not None:
            platform.run[name] = command
    platform.run_web = platform.run.get("web")
    platform.release = yaml_command(text, ("release", "command"))
    for key, (value, line) in yaml_entries(text, ("setup", "config")).items():
        platform.config[key] = ConfigVar(key, value, line)


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
    for entry in data.get("addons") or [] if isinstance(data.get("addons"), list) else []:
        plan = entry.get("plan") if isinstance(entry, dict) else entry
        attachment = entry.get("as") if isinstance(entry, dict) else None
        if isinstance(plan, str):
            app.addons.append(
                (plan.split(":", 1)[0], attachment if isinstance(attachment, str) else None)
            )
    env = data.get("env")
    if isinstance(env, dict):
        start = lines.json_key("env") or 1
        app.env_line = start
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


def yaml_entry(text: str, path: tuple[str, ...], key: str) -> Optional[tuple[Optional[str], int]]:
    """The value (None when not a one-line scalar) and line of `key` in the mapping at `path`."""
    return yaml_entries(text, path).get(key)


def yaml_entries(text: str, path: tuple[str, ...]) -> dict[str, tuple[Optional[str], int]]:
    """The entries of the block mapping at `path` (`("build", "docker")`): each key's one-line
    scalar value (None for a nested mapping, a list, or anything else) and its line."""
    found: dict[str, tuple[Optional[str], int]] = {}
    open_keys: list[tuple[int, str]] = []  # (indent, key) of the enclosing entries
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped in ("---", "..."):
            continue
        indent = len(line) - len(line.lstrip(" "))
        while open_keys and open_keys[-1][0] >= indent:
            open_keys.pop()
        keys = tuple(key for _, key in open_keys)
        if keys[:-1] == path and keys[-1:] and keys[-1] in found:
            found[keys[-1]] = (None, found[keys[-1]][1])  # nested or continued: not one line
        match = _ENTRY.match(line)
        if match is None:
            open_keys.append((indent, ""))  # a list item or a continuation: hides what it holds
            continue
        if keys == path:
            found[match["key"]] = (_scalar(match["value"] or ""), number)
        open_keys.append((indent, match["key"]))
    return found


def yaml_command(text: str, path: tuple[str, ...]) -> Optional[tuple[str, int]]:
    """A command heroku.yml gives at `path` as a one-line scalar, or under it as `command:`
    (`run: worker: command: ["..."]`), or as a block list of exactly one one-line item
    (`release: command:\n  - ./release.sh`), with its line; None otherwise."""
    entry = yaml_entry(text, path[:-1], path[-1])
    if entry is None:
        return None
    value, line = entry
    if value is not None:
        return value, line
    if path[-1] != "command":
        nested = yaml_command(text, (*path, "command"))
        if nested is not None:
            return nested
    items = yaml_list(text, line)
    return items[0] if items is not None and len(items) == 1 else None


def yaml_list(text: str, line: int) -> Optional[list[tuple[str, int]]]:
    """The one-line scalar items of the block list under the `key:` on `line` (items may sit at
    the key's own indent); None when anything else follows, or an item is not a scalar."""
    lines = text.splitlines()
    key_indent = len(lines[line - 1]) - len(lines[line - 1].lstrip(" "))
    items: list[tuple[str, int]] = []
    for number in range(line + 1, len(lines) + 1):
        raw = lines[number - 1]
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        if not stripped.startswith("- ") or indent < key_indent:
            if indent <= key_indent:
                break
            return None  # a nested mapping or a continued item
        value = _scalar(stripped[2:].strip())
        if value is None:
            return None
        items.append((value, number))
    return items or None


def _scalar(value: str) -> Optional[str]:
    """A one-line plain or simply quoted YAML scalar, or None."""
    if not value or value.startswith(_NOT_SCALAR):
        return None
    if value[0] in "\"'":
        quote = value[0]
        end = value.find(quote, 1)
        inner = value[1:end] if end > 0 else None
        rest = value[end + 1 :].strip() if end > 0 else "x"
        if inner is None or (rest and not rest.startswith("#")):
            return None
        if quote == '"' and "\\" in inner:
            return None  # escapes: not read
        return inner
    comment = re.search(r"\s#", value)
    plain = value[: comment.start()] if comment else value
    if ": " in plain or plain.endswith(":"):
        return None
    return plain.strip() or None
