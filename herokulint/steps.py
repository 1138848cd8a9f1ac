"""`herokulint steps`: a deployment guide's steps, worked out for this repository.

A presenter beside `inspect.py` and `env.py`: it reads the project model and the engine's
findings, and checks nothing of its own (HK705/HK706 are rules like any other). Each step of
the guide (install gunicorn, a requirements file, a Procfile... `git push heroku main`) maps to
the rules that decide it (`STEPS`): it is `todo` when one of them reports a warning or an error
(or, where the table says so, an info finding), `done` otherwise, `n/a` when it does not apply.
A step to do carries the exact commands for this repository: its package manager, its WSGI
module, its Python version, its branch, and `herokulint --fix` when a rule's fix does it.

It reads only files and local git; it never runs `heroku` or touches the network.
"""

from __future__ import annotations

import json
import shlex
import textwrap
from dataclasses import replace
from typing import Any, Callable, Optional, TextIO

from .findings import Finding
from .i18n import joined, msg, tr, translate
from .project import ProjectModel
from .records import frozen

FORMATS = ("text", "markdown", "json")
WIDTH = 80
DONE, TODO, NA = "done", "todo", "n/a"
STATUS_WORDS = {DONE: msg("done"), TODO: msg("todo"), NA: msg("n/a")}
NO_DATABASE = msg("The production settings use no database.")


@frozen
class Row:
    """One guide step: its id, its title, the rules that decide it and whether their info
    findings count (HK110, HK705, HK706 are info and still a step to take)."""

    id: str
    title: str
    codes: tuple[str, ...]
    info: bool = False


# The guide's steps in its order, and the rule codes that decide each.
STEPS = (
    Row("web-server", msg("Declare the web server (gunicorn)"), ("HK204", "HK208")),
    Row(
        "dependencies",
        msg("List the dependencies (requirements.txt or a lock file)"),
        ("HK201", "HK202", "HK203", "HK205", "HK207", "HK209", "HK210", "HK212", "HK217"),
    ),
    Row(
        "procfile",
        msg("Write a Procfile with a web process"),
        ("HK101", "HK102", "HK103", "HK104", "HK105", "HK106", "HK107", "HK108"),
    ),
    Row(
        "python-version",
        msg("Choose the Python version (.python-version)"),
        ("HK301", "HK302", "HK303", "HK304", "HK305", "HK306", "HK307", "HK308", "HK309", "HK310"),
    ),
    Row(
        "database",
        msg("Read the database from DATABASE_URL"),
        ("HK206", "HK601", "HK602", "HK604", "HK606"),
    ),
    Row(
        "static-files",
        msg("Serve static files (STATIC_ROOT, WhiteNoise)"),
        ("HK501", "HK502", "HK503", "HK504", "HK505", "HK506", "HK507", "HK508"),
    ),
    Row(
        "settings",
        msg("Read ALLOWED_HOSTS, DEBUG and SECRET_KEY for production"),
        ("HK401", "HK402", "HK403", "HK404", "HK416"),
    ),
    Row("migrations", msg("Run the migrations (release phase)"), ("HK109", "HK110", "HK701"), True),
    Row("git", msg("Commit the project to git"), ("HK214", "HK702", "HK703", "HK704")),
    Row("heroku-remote", msg("Create the Heroku app (heroku create)"), ("HK705",), True),
    Row("config-vars", msg("Set the config vars"), ("HK801", "HK802", "HK803")),
    Row("push", msg("Push to Heroku"), ("HK706",), True),
    Row("scale", msg("Start a web dyno (heroku ps:scale web=1)"), ()),
    Row("verify", msg("Check the deploy"), ()),
)


@frozen
class Step:
    id: str
    title: str
    status: str  # "done", "todo" or "n/a"
    detail: str
    commands: tuple[str, ...] = ()


def counted(row: Row, findings: list[Finding]) -> list[Finding]:
    """The findings that make `row` a step to do."""
    return [
        finding
        for finding in findings
        if finding.code in row.codes
        and not finding.suppressed
        and (row.info or finding.severity != "info")
    ]


def fixable(found: list[Finding]) -> list[Finding]:
    return [f for f in found if f.fix is not None and f.fix.build and not f.fix.not_applied]


def fix_command(found: list[Finding]) -> list[str]:
    """`herokulint --fix` when a rule's fix does (part of) the step, with `--unsafe-fixes`
    when one of those fixes is unsafe."""
    fixes = [f.fix for f in fixable(found) if f.fix is not None]
    if not fixes:
        return []
    if any(fix.applicability != "safe" for fix in fixes):
        return ["herokulint --fix --unsafe-fixes"]
    return ["herokulint --fix"]


def add_command(project: ProjectModel, distribution: str) -> str:
    """How this project's package manager adds `distribution` to the main dependencies."""
    command = project.dependencies.add_command(distribution)
    return command or f"echo {shlex.quote(distribution)} >> requirements.txt"


def checked(row: Row) -> str:
    return msg("(checked: {codes})", codes=", ".join(row.codes)) if row.codes else ""


# -- the steps ----------------------------------------------------------------------------------
def steps(project: ProjectModel, findings: list[Finding]) -> list[Step]:
    made = []
    for row in STEPS:
        step = BUILDERS[row.id](project, row, counted(row, findings))
        if step is not None:
            made.append(step)
    return made


def from_rules(
    row: Row,
    found: list[Finding],
    done: str,
    commands: Callable[[], list[str]] = list,
) -> Step:
    """A step decided by its rules: to do with their messages, or done saying what holds."""
    if not found:
        return Step(row.id, row.title, DONE, joined([done, checked(row)]))
    detail = messages(found)
    fix = fix_command(found)
    manual = commands()
    if fix and manual:
        codes = ", ".join(dict.fromkeys(f.code for f in fixable(found)))
        let = msg("Or let `{command}` do it ({codes}).", command=fix[0], codes=codes)
        detail = joined([detail, let])
    return Step(row.id, row.title, TODO, detail, tuple(manual or fix))


def messages(found: list[Finding]) -> str:
    """The findings' messages, each after its code."""
    return joined(msg("{code}: {message}", code=f.code, message=f.message) for f in found)


def not_applicable(row: Row, why: str) -> Step:
    return Step(row.id, row.title, NA, why)


DOCKER = msg("heroku.yml builds a Docker image: the Dockerfile decides this, not the buildpack.")
DOCKER_PROCESSES = msg(
    "heroku.yml builds a Docker image: the Dockerfile decides the processes (heroku.yml `run`), "
    "not the buildpack."
)


def web_server(project: ProjectModel, row: Row, found: list[Finding]) -> Step:
    if project.platform.container_build:
        return not_applicable(row, DOCKER)
    server = project.web.server if project.web is not None else "gunicorn"
    title = msg("Declare the web server ({server})", server=server)
    deps = project.dependencies
    declared = deps.known and deps.declares(server)
    step = from_rules(
        Row(row.id, title, row.codes),
        found,
        msg(
            "{server} is declared in {files}.",
            server=server,
            files=", ".join(deps.files) or msg("the manifest"),
        ),
        lambda: [add_command(project, server)],
    )
    if step.status == DONE and not declared:
        why = (
            msg("{server} is not declared.", server=server)
            if deps.known
            else msg("{server} is not declared (no dependency manifest).", server=server)
        )
        return Step(step.id, title, TODO, why, (add_command(project, server),))
    return step


def dependencies(project: ProjectModel, row: Row, found: list[Finding]) -> Step:
    deps = project.dependencies

    def commands() -> list[str]:
        codes = {finding.code for finding in found}
        if "HK201" in codes:
            return ["pip freeze > requirements.txt"]
        if codes & {"HK203", "HK210"} and deps.manager in ("uv", "poetry", "pipenv"):
            return [f"{deps.manager} lock"]
        return []

    used = (
        msg("{tool} installs from {files}.", tool=deps.tool, files=", ".join(deps.files))
        if deps.files
        else msg("The dependencies are declared.")
    )
    return from_rules(row, found, used, commands)


def procfile(project: ProjectModel, row: Row, found: list[Finding]) -> Step:
    if project.platform.container_build:
        return not_applicable(row, DOCKER_PROCESSES)
    from .rules._fixes import gunicorn_command

    def commands() -> list[str]:
        command = gunicorn_command(project)
        if any(f.code == "HK101" for f in found) and command:
            return [f'echo "web: {command}" > Procfile']
        return []

    web = project.web_process
    done = (
        msg("The Procfile runs `web: {command}`.", command=web.command)
        if web
        else msg("The Procfile is in place.")
    )
    return from_rules(row, found, done, commands)


def python_version(project: ProjectModel, row: Row, found: list[Finding]) -> Step:
    if project.platform.container_build:
        return not_applicable(row, DOCKER)
    from .rules._fixes import newest_minor

    def commands() -> list[str]:
        wanted = newest_minor(project)
        made = [f'echo "{wanted}" > .python-version'] if wanted else []
        if project.exists("runtime.txt") and wanted:
            made.append("git rm runtime.txt")
        return made

    effective = project.python_versions.effective
    done = (
        msg("Python {version} from {path}.", version=effective.version, path=effective.relpath)
        if effective is not None
        else msg("The Python version is set.")
    )
    return from_rules(row, found, done, commands)


def uses_database(project: ProjectModel, found: list[Finding]) -> bool:
    settings = project.settings
    return bool(found) or settings is None or settings.get("DATABASES") is not None


def database(project: ProjectModel, row: Row, found: list[Finding]) -> Step:
    if not uses_database(project, found):
        return not_applicable(row, NO_DATABASE)

    def commands() -> list[str]:
        codes = {finding.code for finding in found}
        made = []
        if codes & {"HK601", "HK606"} and not project.dependencies.declares("dj-database-url"):
            made.append(add_command(project, "dj-database-url"))
        if "HK206" in codes:
            made.append(add_command(project, "psycopg[binary]"))
        return made

    return from_rules(row, found, msg("DATABASES is read from DATABASE_URL."), commands)


def static_files(project: ProjectModel, row: Row, found: list[Finding]) -> Step:
    def commands() -> list[str]:
        needed = any(f.code == "HK503" for f in found)
        if needed and not project.dependencies.declares("whitenoise"):
            return [add_command(project, "whitenoise")]
        return []

    done = msg("STATIC_ROOT is set and the static files are served.")
    return from_rules(row, found, done, commands)


def settings(project: ProjectModel, row: Row, found: list[Finding]) -> Step:
    return from_rules(
        row, found, msg("ALLOWED_HOSTS, DEBUG and SECRET_KEY are fit for production.")
    )


def migrations(project: ProjectModel, row: Row, found: list[Finding]) -> Step:
    if not uses_database(project, []):
        return not_applicable(row, NO_DATABASE)

    def commands() -> list[str]:
        release = [f for f in found if f.code == "HK110"]
        if release and not fixable(release) and not project.platform.container_build:
            return ['echo "release: python manage.py migrate --noinput" >> Procfile']
        return []

    release = project.process("release")
    done = (
        msg("The release phase runs `{command}`.", command=release.command)
        if release
        else msg("Nothing to migrate.")
    )
    return from_rules(row, found, done, commands)


def git(project: ProjectModel, row: Row, found: list[Finding]) -> Step:
    def commands() -> list[str]:
        if project.git is None:
            return ["git init -b main", "git add -A", 'git commit -m "Deploy to Heroku"']
        paths = [f.path for f in found if f.code == "HK702"]
        if paths:
            added = " ".join(shlex.quote(path) for path in dict.fromkeys(paths))
            return [f"git add {added}", 'git commit -m "Add the files Heroku needs"']
        return []

    if project.git is None and not found:  # HK703 not selected: the model still knows
        detail = msg("The app is not in a git repository.")
        return Step(row.id, row.title, TODO, detail, tuple(commands()))
    return from_rules(row, found, msg("The files the build needs are committed."), commands)


def heroku_remote(project: ProjectModel, row: Row, found: list[Finding]) -> Step:
    remotes = project.git.heroku_remotes() if project.git is not None else None
    if remotes:
        listed = ", ".join(f"{name} -> {app}" for name, app in remotes.items())
        remote = msg("Heroku remote: {remotes}.", remotes=listed)
        return Step(row.id, row.title, DONE, joined([remote, checked(row)]))
    why = (
        msg("No git remote points at git.heroku.com")
        if remotes is not None
        else msg("No git repository to hold a Heroku remote yet")
    )
    detail = msg(
        "{why}: `heroku create` makes the app and adds the `heroku` remote (for an existing "
        "app: `heroku git:remote -a APP`).",
        why=why,
    )
    return Step(row.id, row.title, TODO, detail, ("heroku create",))


def config_vars(project: ProjectModel, row: Row, found: list[Finding]) -> Step:
    from .env import config_set_command, plan

    wanted = plan(project)
    commands = [command for command, _ in wanted["addons"]]
    setting = config_set_command(wanted["required"])
    if setting:
        commands.append("\n".join(setting))
    notes = joined(wanted["notes"])
    if not commands and not found:
        nothing = msg("Nothing to set: no required config var found.")
        return Step(row.id, row.title, DONE, joined([nothing, notes]))
    names = [name for name, _, _ in wanted["required"]]
    addons = [variable for _, variable in wanted["addons"]]
    parts: list[str] = []
    if addons:
        parts.append(msg("Add-ons set {variables}.", variables=", ".join(addons)))
    if names:
        parts.append(
            msg(
                "Production requires {variables} (secrets freshly generated).",
                variables=", ".join(names),
            )
        )
    parts += [msg("{code}: {message}", code=f.code, message=f.message) for f in found]
    parts.append(notes)
    parts.append(msg("The same as `herokulint env --output-format shell`."))
    return Step(row.id, row.title, TODO, joined(parts), tuple(commands))


def push_target(project: ProjectModel) -> tuple[str, str]:
    """The remote to push to and the refspec: `main`/`master` as they are, another branch (or
    a detached HEAD) onto main, which is what Heroku builds."""
    remotes = project.git.heroku_remotes() if project.git is not None else None
    remote = "heroku" if not remotes or "heroku" in remotes else next(iter(remotes))
    if project.git is None:
        return remote, "main"
    branch = project.git.current_branch()
    return remote, branch if branch in ("main", "master") else "HEAD:main"


def push(project: ProjectModel, row: Row, found: list[Finding]) -> Step:
    remote, refspec = push_target(project)
    branch = project.git.current_branch() if project.git is not None else None
    detail: str = (
        msg("The current branch is {branch}.", branch=branch)
        if branch
        else msg("No branch checked out yet.")
        if project.git is None
        else msg("HEAD is detached.")
    )
    if refspec == "HEAD:main":
        onto = msg("Heroku builds only main or master: push it onto main.")
        detail = joined([detail, onto])
    if found:  # HK706 says the same, and more (the README's `git push heroku master`)
        detail = messages(found)
    return Step(row.id, row.title, TODO, detail, (f"git push {remote} {refspec}",))


def scale(project: ProjectModel, row: Row, found: list[Finding]) -> Optional[Step]:
    if project.web_process is None:
        return None  # only an app with a web process has one to scale
    detail = msg(
        "Heroku starts one web dyno on the first deploy of a web process; this makes sure one runs."
    )
    return Step(row.id, row.title, TODO, detail, ("heroku ps:scale web=1",))


def verify(project: ProjectModel, row: Row, found: list[Finding]) -> Step:
    if project.web_process is None:
        look = msg(
            'H14 "No web processes running": there is no web process, so the router has '
            "nothing to send requests to."
        )
    else:
        look = msg(
            'H10 "App crashed": the web process exited at start; the lines above it in the '
            "log name the exception."
        )
    detail = msg("Open the app and follow its log. The first error to look for: {look}", look=look)
    return Step(row.id, row.title, TODO, detail, ("heroku open", "heroku logs --tail"))


BUILDERS: dict[str, Callable[[ProjectModel, Row, list[Finding]], Optional[Step]]] = {
    "web-server": web_server,
    "dependencies": dependencies,
    "procfile": procfile,
    "python-version": python_version,
    "database": database,
    "static-files": static_files,
    "settings": settings,
    "migrations": migrations,
    "git": git,
    "heroku-remote": heroku_remote,
    "config-vars": config_vars,
    "push": push,
    "scale": scale,
    "verify": verify,
}


# -- formats ------------------------------------------------------------------------------------
def as_dict(project: ProjectModel, display: str, made: list[Step]) -> dict[str, Any]:
    from .env import envelope

    return {
        **envelope(project, display),
        "steps": [
            {
                "id": step.id,
                "title": step.title,
                "status": step.status,
                "detail": step.detail,
                "commands": list(step.commands),
            }
            for step in made
        ],
    }


def markdown(display: str, made: list[Step], lang: str = "en") -> str:
    marks = {DONE: "[x]", TODO: "[ ]", NA: "n/a"}
    lines = [tr(lang, "## Deploying {display} to Heroku", display=display), ""]
    for number, step in enumerate(made, 1):
        status = translate(STATUS_WORDS[step.status], lang)
        lines.append(f"{number}. {marks[step.status]} **{step.title}** ({status})")
        lines.append("")
        lines.append(f"   {step.detail}")
        if step.commands:
            lines += ["", "   ```sh"]
            lines += [f"   {line}" for command in step.commands for line in command.splitlines()]
            lines.append("   ```")
        lines.append("")
    return "\n".join(lines)


def wrap_command(line: str, indent: str, width: int = WIDTH) -> list[str]:
    """A command line folded to `width` with shell continuations: at a space outside quotes
    where it can, else inside a long unquoted word (a generated secret) with a
    backslash-newline, which the shell removes, so that continuation starts at column 0."""
    quoted = _inside_quotes(line)
    text = len(line) - len(line.lstrip(" "))
    spaces = [i for i, char in enumerate(line) if char == " " and not quoted[i] and i > text]
    follow = " " * len(indent) + "  "
    rows: list[str] = []
    prefix, start = indent, 0
    while len(prefix) + len(line) - start > width:
        limit = start + width - len(prefix) - 2  # room for " \\"
        cut = max((i for i in spaces if start < i <= limit), default=None)
        if cut is not None:
            rows.append(prefix + line[start:cut] + " \\")
            prefix, start = follow, cut + 1
            continue
        cut = start + width - len(prefix) - 1
        if cut <= start or any(quoted[start : cut + 1]):
            break  # no safe place to fold: leave the line long rather than break the command
        rows.append(prefix + line[start:cut] + "\\")
        prefix, start = "", cut
    rows.append(prefix + line[start:])
    return rows


def _inside_quotes(line: str) -> list[bool]:
    inside: list[bool] = []
    quote = ""
    for char in line:
        if quote:
            inside.append(True)
            quote = "" if char == quote else quote
        elif char in "'\"":
            inside.append(True)
            quote = char
        else:
            inside.append(False)
    return inside


def text_lines(display: str, made: list[Step], lang: str = "en") -> list[tuple[str, str]]:
    """(line, status) pairs at most WIDTH columns; status is "" for lines not about one."""
    head = tr(lang, "Deployment steps for {display} (herokulint steps)", display=display)
    lines = [(line, "") for line in textwrap.wrap(head, WIDTH, break_on_hyphens=False)]
    for number, step in enumerate(made, 1):
        head = f"{number:>2}. [{translate(STATUS_WORDS[step.status], lang)}] "
        lines.append(("", ""))
        for index, part in enumerate(textwrap.wrap(step.title, WIDTH - len(head))):
            lines.append(((head if index == 0 else " " * len(head)) + part, step.status))
        for part in textwrap.wrap(step.detail, WIDTH - 4, break_long_words=True):
            lines.append(("    " + part, ""))
        for command in step.commands:
            command_lines = command.splitlines()
            for index, line in enumerate(command_lines):
                prefix = "    $ " if index == 0 else "      "
                lines += [(text, "") for text in wrap_command(line, prefix)]
    todo = sum(step.status == TODO for step in made)
    left = tr(lang, "{count} of {total} steps to do.", count=todo, total=len(made))
    lines += [("", ""), (left, "")]
    return lines


STYLES = {DONE: "green", TODO: "yellow", NA: "dim"}


def text(
    display: str, made: list[Step], out: TextIO, color: Optional[bool], lang: str = "en"
) -> None:
    lines = text_lines(display, made, lang)
    if color is not False and (color or out.isatty()):
        from rich.console import Console
        from rich.text import Text

        console = Console(file=out, force_terminal=bool(color), no_color=color is False)
        for line, status in lines:
            styled = Text(line)
            if status:
                tag = f"[{translate(STATUS_WORDS[status], lang)}]"
                start = line.find(tag)
                styled.stylize(f"bold {STYLES[status]}", start, start + len(tag))
            console.print(styled, soft_wrap=True, highlight=False)
        return
    out.write("\n".join(line for line, _ in lines) + "\n")


def write(
    project: ProjectModel,
    findings: list[Finding],
    display: str,
    fmt: str,
    out: TextIO,
    color: Optional[bool],
    lang: str = "en",
) -> None:
    made = [localized(step, lang) for step in steps(project, findings)]
    if fmt == "json":
        json.dump(as_dict(project, display, made), out, indent=2)
        out.write("\n")
    elif fmt == "markdown":
        out.write(markdown(display, made, lang))
    else:
        text(display, made, out, color, lang)


def localized(step: Step, lang: str) -> Step:
    """The step's title and detail in `lang` (its id, status and commands never change)."""
    if lang == "en":
        return step
    return replace(step, title=translate(step.title, lang), detail=translate(step.detail, lang))
