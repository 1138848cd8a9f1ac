"""HK216 stack-unsupported."""

from __future__ import annotations

from collections.abc import Iterator

from ..data import buildpacks as facts
from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example


class StackUnsupported(Rule):
    """
    ## What it does
    Checks the `stack` that `app.json` asks for: one the Python buildpack still builds on
    (`heroku-22`, `heroku-24`, `heroku-26`) or `container` (a Docker build). Only for the
    classic generation (`--target cedar`); Fir apps have no stacks.

    ## Why it matters
    The buildpack's first check: "Error: The 'heroku-20' stack is no longer supported." (end
    of life: heroku-20 and older) or "Error: The 'heroku-2O' stack isn't recognised.".

    ## Fix safety
    No automatic fix: set `"stack": "heroku-24"` (or remove the key to get the default), and
    upgrade the app itself with `heroku stack:set`.

    ## References
    - heroku-buildpack-python `lib/checks.sh` (`ensure_supported_stack`)
    - https://devcenter.heroku.com/articles/stack#stack-support-details
    """

    code = "HK216"
    name = "stack-unsupported"
    severity = "error"
    summary = "`app.json` asks for a retired or unknown stack"

    invalid = [
        example(
            {"app.json": '{\n  "name": "mysite",\n  "stack": "heroku-20"\n}\n'},
            expect=(("app.json", 3),),
        ),
        example(
            {"app.json": '{\n  "name": "mysite",\n  "stack": "heroku-25"\n}\n'},
            expect=(("app.json", 3),),
        ),
    ]
    valid = [
        example(),
        example({"app.json": '{\n  "name": "mysite",\n  "stack": "heroku-24"\n}\n'}),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        app = project.platform.app_json
        if app is None or app.stack is None or project.target == "fir":
            return
        stack, line = app.stack
        newest = facts.SUPPORTED_STACKS[-1]
        if stack in facts.SUPPORTED_STACKS or stack == facts.CONTAINER_STACK:
            return
        if stack in facts.RETIRED_STACKS:
            message = msg(
                "app.json asks for the {stack} stack, which has reached end of life: the build stops "
                "with \"The '{stack}' stack is no longer supported.\"; use {newest}.",
                stack=stack,
                newest=newest,
            )
        else:
            message = msg(
                "app.json asks for a stack named {stack!r}, which Heroku does not know: the build "
                "stops with \"The '{stack}' stack isn't recognised.\"; use one of {SUPPORTED_STACKS}.",
                stack=stack,
                SUPPORTED_STACKS=", ".join(facts.SUPPORTED_STACKS),
            )
        yield self.finding(message, Location(app.relpath, line))
