"""`herokulint env`: the environment variables production reads, formatted for people and tools.

A reader of the project model (`ProjectModel.env_variables`), beside `inspect.py`. Formats:
- `text`: a table (rich on a terminal, plain columns otherwise);
- `json`: the common envelope (`version`, `tool`) with `projects` and `variables`;
- `shell`: the `heroku addons:create` / `heroku config:set` commands the app needs first;
- `dotenv`: a `.env` template for local development;
- `app-json`: the `env` block for app.json.

Secrets: a default that is itself a secret (`os.environ.get("SECRET_KEY", "dev-key")`) is
masked in every format. It is already public in the code, but copying it into a command or a
template is how it ends up in production; HK403 reports it.
"""

from __future__ import annotations

import json
import secrets
import shlex
import string
from typing import Any, Optional, TextIO

from . import __version__
from .data import python_versions
from .data.config_vars import addon_command
from .i18n import Message, msg, tr, translate
from .project import ProjectModel
from .project.envreads import DUMMY_DATABASE, EnvVariable, off_value, on_value
from .project.values import Const

FORMATS = ("text", "json", "shell", "dotenv", "app-json")
SCHEMA_VERSION = 1
MASK = "<secret>"
PLACEHOLDER = "<placeholder>"
# Like Django's get_random_secret_key (50 characters), without the characters a shell or a
# .env reader treats specially, so the value needs no quoting anywhere.
SECRET_ALPHABET = string.ascii_letters + string.digits + "-_"
SECRET_LENGTH = 64


def new_secret() -> str:
    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(SECRET_LENGTH))


def shown_default(variable: EnvVariable) -> Optional[str]:
    """The default, masked when it is a secret literal (a URL counts only with credentials)."""
    default = variable.default
    if default is None or not variable.secret or default.startswith("<") or not default:
        return default
    if variable.cast == "url" and "@" not in default:
        return default
    return MASK


# -- what the user must set ---------------------------------------------------------------------
def plan(project: ProjectModel) -> dict[str, Any]:
    """What to run before the first deploy: add-ons, values to set, optional ones."""
    addons: list[tuple[str, str]] = []  # (command, variable)
    required: list[tuple[str, str, str]] = []  # (name, value, why)
    optional: list[tuple[str, str, str]] = []  # (name, default, note)
    notes: list[str] = []
    for variable in project.env_variables:
        if variable.presence_only or _platform(variable):
            continue
        command = addon_command(variable.name)
        if command is not None:
            wanted = variable.required or "DATABASES" in variable.feeds
            if wanted and not any(known == command for known, _ in addons):
                addons.append((command, variable.name))
            continue
        if variable.debug_flag:
            _flag(variable, required, optional, notes)
        elif variable.required:
            value = new_secret() if variable.generated else PLACEHOLDER
            required.append((variable.name, value, variable.fails_with or ""))
        elif variable.generated and variable.default == "<random>":
            # A key drawn at each start differs per dyno and per restart: sessions and
            # password-reset links break. Set one.
            required.append((variable.name, new_secret(), "random default"))
        else:
            optional.append((variable.name, shown_default(variable) or "", ""))
    choice = project.settings_choice
    if choice is not None and choice.origin == "inferred":
        # The repository's defaults name a development module; Heroku must be told.
        required.insert(0, ("DJANGO_SETTINGS_MODULE", choice.module, "inferred"))
        optional = [item for item in optional if item[0] != "DJANGO_SETTINGS_MODULE"]
    notes += _hardcoded_notes(project)
    return {"addons": addons, "required": required, "optional": optional, "notes": notes}


def _platform(variable: EnvVariable) -> bool:
    return variable.provided_by is not None and variable.addon is None


def _flag(
    variable: EnvVariable,
    required: list[tuple[str, str, str]],
    optional: list[tuple[str, str, str]],
    notes: list[str],
) -> None:
    value, unset_off = off_value(variable)
    if unset_off and not variable.required:
        notes.append(
            msg(
                "{name}: unset already means off; leave it unset in production.",
                name=variable.name,
            )
        )
        optional.append((variable.name, shown_default(variable) or "", "unset is off"))
    elif value is not None:
        required.append((variable.name, value, "turns it off"))
    else:
        notes.append(
            msg(
                "{name}: no usual value (False, 0, no, off) turns it off under the parse "
                "the settings use; fix the parse (herokulint check, HK402).",
                name=variable.name,
            )
        )


def _hardcoded_notes(project: ProjectModel) -> list[Message]:
    settings = project.settings
    if settings is None:
        return []
    notes = []
    secret = settings.get("SECRET_KEY")
    if secret is not None and isinstance(secret.value, Const) and secret.value.value:
        notes.append(
            msg(
                "SECRET_KEY is written in {path}, not read from a config var "
                "(herokulint check: HK403).",
                path=secret.relpath,
            )
        )
    debug = settings.get("DEBUG")
    if debug is not None and debug.value == Const(True):
        notes.append(
            msg(
                "DEBUG = True is written in {path}, not read from a config var "
                "(herokulint check: HK401).",
                path=debug.relpath,
            )
        )
    return notes


# -- formats ------------------------------------------------------------------------------------
def envelope(project: ProjectModel, display: str) -> dict[str, Any]:
    """The JSON head every command shares: `version`, `tool` and `projects`."""
    choice = project.settings_choice
    chain = [module for module, _ in project.settings.modules] if project.settings else []
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "herokulint", "version": __version__, "data_as_of": python_versions.AS_OF},
        "projects": [{"root": display, "settings": chain or ([choice.module] if choice else [])}],
    }


def as_dict(project: ProjectModel, display: str) -> dict[str, Any]:
    return {
        **envelope(project, display),
        "variables": [variable_dict(variable) for variable in project.env_variables],
    }


def variable_dict(variable: EnvVariable) -> dict[str, Any]:
    off = off_value(variable) if variable.debug_flag else (None, False)
    return {
        "name": variable.name,
        "required": variable.required,
        "fails_with": variable.fails_with,
        "default": shown_default(variable),
        "cast": variable.cast,
        "feeds": list(variable.feeds),
        "secret": variable.secret,
        "provided_by": variable.provided_by,
        "off_value": off[0],
        "unset_is_off": off[1] if variable.debug_flag else None,
        "reads": [
            {
                "path": read.path,
                "line": read.line,
                "reader": read.reader,
                "required": read.required,
                "conditional": read.conditional,
            }
            for read in variable.reads
        ],
    }


def config_set_command(required: list[tuple[str, str, str]]) -> list[str]:
    """`heroku config:set` for the plan's required values, one `NAME=value` a line."""
    if not required:
        return []
    lines = ["heroku config:set \\"]
    for index, (name, value, _) in enumerate(required):
        end = " \\" if index < len(required) - 1 else ""
        lines.append(f"  {name}={shlex.quote(value)}{end}")
    return lines


# Local values for the config vars an add-on provides on Heroku.
LOCAL_ADDON_VALUES = {"DATABASE_URL": "sqlite:///db.sqlite3", "REDIS_URL": "redis://localhost:6379"}


def before_push(original: ProjectModel, fixed: ProjectModel) -> list[str]:
    """After `--fix`: what the fixes made production read that Heroku does not have yet (the
    `heroku config:set` with fresh secrets, the add-ons), and how to run locally. Empty when
    the fixes moved nothing to the environment."""
    old = plan(original)
    known = {name for name, _, _ in old["required"]} | {var for _, var in old["addons"]}
    new = plan(fixed)
    required = [item for item in new["required"] if item[0] not in known]
    addons = [(command, var) for command, var in new["addons"] if var not in known]
    before = {variable.name for variable in original.env_variables}
    flags = [
        variable
        for variable in fixed.env_variables
        if variable.debug_flag and variable.name not in before and not variable.presence_only
    ]
    if not required and not addons and not flags:
        return []
    lines: list[str] = [
        msg(
            "Before you push: the fixes made the settings read config vars Heroku does not have yet."
        )
    ]
    lines += [msg("  {command}  # sets {var}", command=command, var=var) for command, var in addons]
    lines += [f"  {line}" for line in config_set_command(required)]
    for variable in flags:
        value, unset_off = off_value(variable)
        if unset_off:
            lines.append(
                msg(
                    "  ({name}: unset means off in production; leave it unset.)", name=variable.name
                )
            )
        elif value is not None and variable.name not in {name for name, _, _ in required}:
            lines.append(f"  heroku config:set {variable.name}={shlex.quote(value)}")
    local = local_exports(fixed, [name for name, _, _ in required], [v for _, v in addons], flags)
    if local:
        lines.append(
            msg(
                "To run it locally, export them first (or keep them in a .env file that your "
                "settings load, never committed):"
            )
        )
        lines += [f"  export {assignment}" for assignment in local]
    return lines


def local_exports(
    project: ProjectModel, required: list[str], addons: list[str], flags: list[EnvVariable]
) -> list[str]:
    """`NAME=value` for a development shell: another fresh secret, a local database, the
    flag's on value (debug pages are what a developer wants locally)."""
    variables = {variable.name: variable for variable in project.env_variables}
    exports = []
    for name in required:
        variable = variables.get(name)
        generated = variable is not None and variable.generated
        exports.append(f"{name}={shlex.quote(new_secret() if generated else PLACEHOLDER)}")
    for name in addons:
        variable = variables.get(name)
        if variable is not None and variable.required and name in LOCAL_ADDON_VALUES:
            exports.append(f"{name}={LOCAL_ADDON_VALUES[name]}")
    for variable in flags:
        on = on_value(variable)
        if on is not None:
            exports.append(f"{variable.name}={on}")
    return exports


def shell(project: ProjectModel, display: str) -> str:
    steps = plan(project)
    lines = [f"# Config vars for {display}, from `herokulint env`: review, then run."]
    for command, variable in steps["addons"]:
        lines.append(f"{command}  # sets {variable}")
    required = steps["required"]
    if required:
        lines += config_set_command(required)
    elif not steps["addons"]:
        lines.append("# Nothing to set: no required config var found.")
    for note in steps["notes"]:
        lines.append(f"# {note}")
    optional = [item for item in steps["optional"] if item[2] != "unset is off"]
    if optional:
        lines.append("# Optional (the default applies when unset):")
        for name, default, _ in optional:
            lines.append(f"# heroku config:set {name}={shlex.quote(default)}")
    return "\n".join(lines) + "\n"


def dotenv(project: ProjectModel, display: str) -> str:
    lines = [
        f"# Environment for local development of {display} (herokulint env).",
        "# Never commit the filled-in file: add .env to .gitignore.",
    ]
    for variable in project.env_variables:
        if variable.presence_only or _platform(variable):
            continue
        if variable.required:
            value = new_secret() if variable.generated else ""
            why = f" (required: {variable.fails_with} when unset)"
            lines.append(f"# {variable.name}{why}")
            lines.append(f"{variable.name}={_dotenv_quote(value)}")
        else:
            default = shown_default(variable)
            lines.append(f"# {variable.name}={_dotenv_quote(default or '')}")
    return "\n".join(lines) + "\n"


def _dotenv_quote(value: str) -> str:
    if value and all(c.isalnum() or c in "-_./:@,+" for c in value):
        return value
    return "'" + value.replace("'", "'\\''") + "'" if value else ""


def app_json_env(project: ProjectModel) -> dict[str, Any]:
    env: dict[str, Any] = {}
    for variable in project.env_variables:
        if variable.presence_only or _platform(variable) or variable.addon is not None:
            continue
        env[variable.name] = app_json_entry(variable)
    return env


def app_json_entry(variable: EnvVariable) -> dict[str, Any]:
    """One variable's app.json `env` entry (Dev Center app-json-schema: description, value,
    required, generator)."""
    entry: dict[str, Any] = {"description": describe_variable(variable)}
    if variable.generated:
        entry["generator"] = "secret"
    elif variable.debug_flag:
        value, unset_off = off_value(variable)
        if value is not None and not unset_off:
            entry["value"] = value
        else:
            entry["required"] = False
    elif variable.required:
        entry["required"] = True
    else:
        entry["required"] = False
        default = shown_default(variable)
        if default and not variable.secret:
            entry["value"] = default
    return entry


def describe_variable(variable: EnvVariable) -> str:
    feeds = f"Sets {', '.join(variable.feeds)}" if variable.feeds else "Read"
    where = variable.reads[0]
    return f"{feeds} ({where.path}:{where.line})."


def app_json(project: ProjectModel, display: str) -> str:
    return json.dumps({"env": app_json_env(project)}, indent=2) + "\n"


def text(
    project: ProjectModel, display: str, out: TextIO, color: Optional[bool], lang: str = "en"
) -> None:
    yes, no = tr(lang, "yes"), tr(lang, "no")
    rows = [
        (
            variable.name,
            yes if variable.required else no,
            translate(variable.fails_with or "", lang),
            "" if variable.default is None else (shown_default(variable) or '""'),
            variable.cast,
            ", ".join(variable.feeds),
            yes if variable.secret else "",
            translate(variable.provided_by or "", lang),
            ", ".join(f"{read.path}:{read.line}" for read in variable.reads),
        )
        for variable in project.env_variables
    ]
    headers = tuple(
        translate(header, lang)
        for header in (
            msg("variable"),
            msg("required"),
            msg("when unset"),
            msg("default"),
            msg("cast"),
            msg("feeds"),
            msg("secret"),
            msg("provided by"),
            msg("read at"),
        )
    )
    title = tr(lang, "Environment variables production reads: {display}", display=display)
    if color is not False and (color or out.isatty()):
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title)
        for header in headers:
            table.add_column(header)
        for row in rows:
            table.add_row(*row)
        Console(file=out, force_terminal=bool(color), no_color=color is False).print(table)
        return
    out.write(title + "\n")
    widths = [max(len(header), *(len(row[i]) for row in rows)) for i, header in enumerate(headers)]
    for row in [headers, *rows]:
        out.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() + "\n")
    if not rows:
        out.write(tr(lang, "(no environment reads found)") + "\n")
    choice = project.settings_choice
    label = tr(lang, "note")
    if choice is None:
        none = tr(lang, "no settings module found; only the entry files were read.")
        out.write(f"{label}: {none}\n")
    for note in plan(project)["notes"]:
        out.write(f"{label}: {translate(note, lang)}\n")


def write(
    project: ProjectModel,
    display: str,
    fmt: str,
    out: TextIO,
    color: Optional[bool],
    lang: str = "en",
) -> None:
    if fmt == "text":
        text(project, display, out, color, lang)
    elif fmt == "json":
        json.dump(as_dict(project, display), out, indent=2)
        out.write("\n")
    elif fmt == "shell":
        out.write(shell(project, display))
    elif fmt == "dotenv":
        out.write(dotenv(project, display))
    else:
        out.write(app_json(project, display))


__all__ = ["DUMMY_DATABASE", "FORMATS", "write"]
