"""HK804 app-json-env-incomplete."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Optional

from ..edits import Edit, FixError, TextEdit
from ..findings import Finding, Fix
from ..i18n import msg
from ..project import ProjectModel
from ..project.envreads import EnvVariable
from ..project.platform import AppJson
from ..rule import Location, Rule
from . import example

APP_JSON = """\
{
  "name": "mysite",
  "addons": ["heroku-postgresql:essential-0"],
  "env": {
    "DJANGO_DEBUG": {"value": "0", "required": false}
  }
}
"""
FIXED_APP_JSON = """\
{
  "name": "mysite",
  "addons": ["heroku-postgresql:essential-0"],
  "env": {
    "DJANGO_DEBUG": {"value": "0", "required": false},
    "DJANGO_SECRET_KEY": {"description": "Sets SECRET_KEY (mysite/settings.py:7).", "generator": "secret"}
  }
}
"""


class AppJsonEnvIncomplete(Rule):
    """
    ## What it does
    When app.json has an `env` block, checks that it declares every variable production
    requires (read with no default) that someone must set. Variables the platform sets
    (`PORT`) or an add-on sets (`DATABASE_URL`, `REDIS_URL`) are left out: they belong in
    `addons`, not `env`, and Heroku may provision Postgres for a Django app on its own (the
    Python buildpack's bin/release asks for it on older accounts). An app.json without `env`
    is left alone: the app's config vars are then set by hand.

    ## Why it matters
    Review apps, CI apps and the Heroku Button create an app from app.json alone: a
    variable missing from `env` is missing on that app, and its first boot fails the way
    HK801 describes (KeyError, ImproperlyConfigured, UndefinedValueError).

    ## Fix safety
    Unsafe: `--fix --unsafe-fixes` adds an entry per missing variable at the end of `env`,
    keeping the rest of the file as written: `"generator": "secret"` for a secret Django
    key (Heroku generates a random value when it creates the app), `"required": true` for
    the others, whose value someone must still supply. Adding a required entry changes what
    creating an app asks for, hence unsafe.

    ## References
    - Heroku Dev Center: app.json Schema (`env`, `generator`, `addons`)
    """

    code = "HK804"
    name = "app-json-env-incomplete"
    severity = "warning"
    summary = "app.json's `env` lacks a variable production requires"
    fix_applicability = "unsafe"

    invalid = [
        example(
            {"app.json": APP_JSON},
            expect=(("app.json", 4),),
            fixed={"app.json": FIXED_APP_JSON},
        ),
    ]
    valid = [
        example({"app.json": FIXED_APP_JSON}),
        example({"app.json": '{\n  "name": "mysite"\n}\n'}, note="no env block: nothing to check"),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        app = project.platform.app_json
        if app is None or app.env_line is None or app.error is not None:
            return
        missing = [
            variable
            for variable in project.env_variables
            if variable.required and variable.name not in app.env and variable.provided_by is None
        ]
        if not missing:
            return
        names = ", ".join(variable.name for variable in missing)
        yield self.finding(
            msg(
                "{relpath}'s env does not declare {names}, which production reads with no default: "
                "an app created from app.json (review apps, Heroku Button) fails to start; add them "
                "to env.",
                relpath=app.relpath,
                names=names,
            ),
            Location(app.relpath, app.env_line),
            fix=Fix(
                "unsafe",
                msg("Add {names} to env", names=names),
                lambda: add_entries(project, app, missing),
            ),
        )


def add_entries(
    project: ProjectModel, app: AppJson, missing: list[EnvVariable]
) -> tuple[Edit, ...]:
    from ..env import app_json_entry

    file = project.text(app.relpath)
    if file is None:
        raise FixError(msg("{relpath} cannot be read", relpath=app.relpath))
    text = file.text
    span = env_object(text)
    if span is None:
        raise FixError(msg("the env object of {relpath} was not found", relpath=app.relpath))
    open_brace, close_brace = span
    body = text[open_brace + 1 : close_brace]
    newline = "\r\n" if "\r\n" in text else "\n"
    line_start = text.rfind("\n", 0, open_brace) + 1
    outer = re.match(r"[ \t]*", text[line_start:]).group()  # type: ignore[union-attr]
    inner_match = re.search(r"\n([ \t]+)\"", body)
    inner = inner_match.group(1) if inner_match else outer + "  "
    entries = [
        f"{inner}{json.dumps(v.name)}: {json.dumps(app_json_entry(v), ensure_ascii=False)}"
        for v in missing
    ]
    if body.strip():
        end = open_brace + 1 + len(body.rstrip())
        insert = "," + newline + ("," + newline).join(entries)
        return (TextEdit(app.relpath, end, end, insert),)
    replacement = "{" + newline + ("," + newline).join(entries) + newline + outer + "}"
    return (TextEdit(app.relpath, open_brace, close_brace + 1, replacement),)


def env_object(text: str) -> Optional[tuple[int, int]]:
    """Offsets of the `{` and `}` of the top-level `"env"` object."""
    depth = 0
    index = 0
    while index < len(text):
        char = text[index]
        if char == '"':
            end = _string_end(text, index)
            if depth == 1 and text[index:end] == '"env"':
                colon = re.compile(r"\s*:\s*").match(text, end)
                if colon and text[colon.end() : colon.end() + 1] == "{":
                    start = colon.end()
                    close = _matching(text, start)
                    return (start, close) if close is not None else None
            index = end
            continue
        if char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
        index += 1
    return None


def _string_end(text: str, start: int) -> int:
    index = start + 1
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] == '"':
            return index + 1
        index += 1
    return len(text)


def _matching(text: str, start: int) -> Optional[int]:
    depth = 0
    index = start
    while index < len(text):
        char = text[index]
        if char == '"':
            index = _string_end(text, index)
            continue
        if char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None
