"""Evidence of the settings Heroku runs, beyond the defaults manage.py and wsgi.py set.

A repository often says which settings production uses without setting them in manage.py: a
process passes `--settings` (or sets `DJANGO_SETTINGS_MODULE`), the README tells its readers to
run `heroku config:set DJANGO_SETTINGS_MODULE=...`, a committed `.env.example` names them, or a
production module sits beside the development default and builds on it. This module reads
those shapes from text the project model hands it; it opens no file.

Evidence labels, strongest first (the order `ProjectModel.settings_choices` keeps):
`cli-option`, `web-command`, `app-json`, `heroku-yml-config`, `dockerfile-env`,
`process-command`, `docs-config-set`, `env-template`, then the defaults (`entry-default`), or a
promotion over them (`production-module`, `namespace-package`, `production-class`).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Sequence
from typing import Optional

import libcst as cst

from ..records import frozen
from .pyeval import (
    DEVELOPMENT_NAMES,
    PRODUCTION_NAMES,
    Evaluator,
    Scope,
    dotted,
    names_development,
)
from .values import Env

# The labels of the evidence that decided (SettingsChoice.evidence); JSON shows them as is.
CLI_OPTION = "cli-option"  # herokulint --settings
CONFIG_VARS = "config-vars"  # herokulint --config-vars: the app's real config vars
WEB_COMMAND = "web-command"  # the web process's DJANGO_SETTINGS_MODULE= or gunicorn --env
APP_JSON = "app-json"  # app.json env
HEROKU_YML_CONFIG = "heroku-yml-config"  # heroku.yml setup: config:
DOCKERFILE_ENV = "dockerfile-env"  # the Dockerfile's ENV
PROCESS_COMMAND = "process-command"  # --settings / DJANGO_SETTINGS_MODULE= in any process
DOCS_CONFIG_SET = "docs-config-set"  # `heroku config:set DJANGO_SETTINGS_MODULE=` in the docs
ENV_TEMPLATE = "env-template"  # a committed .env.example naming the settings
ENTRY_DEFAULT = "entry-default"  # manage.py / wsgi.py / asgi.py os.environ.setdefault
PRODUCTION_MODULE = "production-module"  # a production module beside a development default
NAMESPACE_PACKAGE = "namespace-package"  # a production module inside a folder without __init__
PRODUCTION_CLASS = "production-class"  # django-configurations: a production class beside Dev

# Evidence that a config var carries: the build's collectstatic sees it too.
CONFIG_VAR_EVIDENCE = frozenset({CLI_OPTION, CONFIG_VARS, APP_JSON, DOCS_CONFIG_SET, ENV_TEMPLATE})
# Evidence that production runs a module no file selects: a config var must select it.
PROMOTIONS = frozenset({PRODUCTION_MODULE, NAMESPACE_PACKAGE, PRODUCTION_CLASS})

SETTINGS_VAR = "DJANGO_SETTINGS_MODULE"
CONFIGURATION_VAR = "DJANGO_CONFIGURATION"
VARIABLES = (SETTINGS_VAR, CONFIGURATION_VAR)


# -- commands -------------------------------------------------------------------------------
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
_SEPARATORS = frozenset({"&&", "||", ";", "|", "&"})
_SHELLS = frozenset({"sh", "bash", "dash"})
_PYTHON = re.compile(r"python(\d+(\.\d+)?)?")
# Words that run the rest of the line (as project/procfile.py unwraps them), with `export`.
_WRAPPERS: dict[tuple[str, ...], int] = {
    ("exec",): 1,
    ("env",): 1,
    ("ddtrace-run",): 1,
    ("opentelemetry-instrument",): 1,
    ("newrelic-admin", "run-program"): 2,
    ("bin/start-pgbouncer",): 1,
    ("bin/start-pgbouncer-stunnel",): 1,
    ("poetry", "run"): 2,
    ("uv", "run"): 2,
    ("pipenv", "run"): 2,
    ("pdm", "run"): 2,
}


def settings_in_argv(argv: Sequence[str]) -> dict[str, str]:
    """The DJANGO_SETTINGS_MODULE / DJANGO_CONFIGURATION values a command line gives Django:
    `VAR=value` before a command (or `export VAR=value; ...`), gunicorn's `-e/--env VAR=value`,
    `manage.py <command> --settings X` (and django-configurations' `--configuration X`), and
    the legacy `gunicorn_django ... project/settings.py` (its positional argument is the
    settings file or the folder holding settings.py). The first value of each variable wins."""
    if len(argv) > 2 and posixpath.basename(argv[0]) in _SHELLS and argv[1] == "-c":
        import shlex

        try:
            return settings_in_argv(shlex.split(argv[2]))
        except ValueError:
            return {}
    found: dict[str, str] = {}
    for segment in _segments(argv):
        for var, value in _segment_settings(segment):
            found.setdefault(var, value)
    return found


def _segments(argv: Sequence[str]) -> Iterator[tuple[str, ...]]:
    current: list[str] = []
    for word in argv:
        if word.startswith("#"):
            break  # the shell drops a comment and the rest of the line
        if word in _SEPARATORS:
            yield tuple(current)
            current = []
        else:
            current.append(word)
    yield tuple(current)


def _segment_settings(words: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    words = _unwrap(words, found)
    yield from found
    if not words:
        return
    program = posixpath.basename(words[0])
    args = words[1:]
    if _PYTHON.fullmatch(program):
        index = 0
        while index < len(args) and args[index].startswith("-") and args[index] != "-m":
            index += 2 if args[index] in ("-W", "-X") else 1
        args = args[index:]
        if args[:1] == ("-m",) and len(args) > 1:
            program, args = args[1], args[2:]
        elif args:
            program, args = posixpath.basename(args[0]), args[1:]
    if program in ("manage.py", "django-admin", "django-admin.py", "django"):
        yield from _option_values(args, {"--settings": SETTINGS_VAR})
        yield from _option_values(args, {"--configuration": CONFIGURATION_VAR})
    elif program == "gunicorn":
        yield from _gunicorn_env(args)
    elif program == "gunicorn_django":
        yield from _gunicorn_env(args)
        module = _gunicorn_django_settings(args)
        if module:
            yield SETTINGS_VAR, module


def _unwrap(words: tuple[str, ...], found: list[tuple[str, str]]) -> tuple[str, ...]:
    """Drop `VAR=value` assignments (keeping the settings ones), `export`, and wrappers."""
    while words:
        if words[0] == "export":
            words = words[1:]
        if words and _ASSIGNMENT.match(words[0]):
            var, _, value = words[0].partition("=")
            if var in VARIABLES and value:
                found.append((var, value))
            words = words[1:]
            continue
        for prefix, size in _WRAPPERS.items():
            if words[: len(prefix)] == prefix:
                words = words[size:]
                break
        else:
            return words
    return words


def _option_values(args: tuple[str, ...], names: dict[str, str]) -> Iterator[tuple[str, str]]:
    """`--name=value` or `--name value` for each option in `names` (its variable)."""
    for index, word in enumerate(args):
        name, equals, value = word.partition("=")
        if name not in names:
            continue
        if not equals:
            value = args[index + 1] if index + 1 < len(args) else ""
        if value and not value.startswith("-"):
            yield names[name], value


def _gunicorn_env(args: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """gunicorn's `-e VAR=value` / `--env VAR=value` / `--env=VAR=value` / `-eVAR=value`."""
    for index, word in enumerate(args):
        if word in ("-e", "--env"):
            assignment = args[index + 1] if index + 1 < len(args) else ""
        elif word.startswith("--env="):
            assignment = word[len("--env=") :]
        elif word.startswith("-e") and "=" in word:
            assignment = word[2:]
        else:
            continue
        var, _, value = assignment.partition("=")
        if var in VARIABLES and value:
            yield var, value


# gunicorn_django (gunicorn < 20) options that take a value, short and long: a positional
# argument is whatever none of them consumes (gunicorn/app/djangoapp.py, "[SETTINGS_PATH]").
_GUNICORN_VALUE_SHORT = frozenset(
    {"-b", "-w", "-k", "-t", "-p", "-u", "-g", "-m", "-n", "-c", "-e"}
)


def _gunicorn_django_settings(args: tuple[str, ...]) -> Optional[str]:
    """The module of `gunicorn_django`'s positional settings path: `proj/settings.py` is
    `proj.settings`, a folder `proj` means its `settings.py`."""
    index = 0
    while index < len(args):
        word = args[index]
        index += 1
        if word.startswith("--"):
            takes_value = word not in ("--preload", "--daemon", "--debug", "--spew", "--reload")
            if takes_value and "=" not in word and index < len(args):
                index += 1
            continue
        if word.startswith("-"):
            if word in _GUNICORN_VALUE_SHORT:
                index += 1
            continue
        path = posixpath.normpath(word.removeprefix("./")).strip("/")
        if not path or path.startswith(".."):
            return None
        stem = path[: -len(".py")] if path.endswith(".py") else f"{path}/settings"
        module = stem.replace("/", ".")
        return module if all(part.isidentifier() for part in module.split(".")) else None
    return None


# -- documentation and environment templates ------------------------------------------------
_CONFIG_SET = re.compile(r"\bheroku\s+config:(?:set|add)\b(?P<rest>.*)")
_VALUE = r"""(?P<quote>["']?)(?P<value>[A-Za-z_][\w.]*)(?P=quote)"""
_ASSIGNED = {var: re.compile(rf"(?:^|[\s`]){var}\s*=\s*{_VALUE}(?![\w.])") for var in VARIABLES}
_ENV_LINE = re.compile(
    rf"^\s*(?:export\s+)?(?P<var>{'|'.join(VARIABLES)})\s*=\s*{_VALUE}\s*(?:#.*)?$"
)
# Committed environment templates. A real `.env` is never read: Heroku does not deploy it as
# configuration (`heroku local` reads it), and HK704 reports committing one.
ENV_TEMPLATE_NAME = re.compile(
    r"(?:\.?env\.(?:example|sample|template|tmpl|dist|default|defaults|prod|production|heroku)"
    r"|(?:example|sample|template)\.env"
    r"|\.env\.[\w-]+\.(?:example|sample|template|tmpl|dist))",
    re.IGNORECASE,
)


def config_set_in_docs(text: str) -> Iterator[tuple[str, str, int]]:
    """(variable, value, line) of each `heroku config:set VAR=value` in a README or a docs page;
    a command continued with a backslash is read over its lines."""
    lines = text.splitlines()
    number = 0
    while number < len(lines):
        start = number
        line = lines[number]
        while line.rstrip().endswith("\\") and number + 1 < len(lines):
            number += 1
            line = line.rstrip()[:-1] + " " + lines[number]
        number += 1
        command = _CONFIG_SET.search(line)
        if command is None:
            continue
        for var, pattern in _ASSIGNED.items():
            match = pattern.search(command.group("rest"))
            if match:
                yield var, match.group("value"), start + 1


def settings_in_env_template(text: str) -> Iterator[tuple[str, str, int]]:
    """(variable, value, line) of each `DJANGO_SETTINGS_MODULE=...` line of an env template."""
    for number, line in enumerate(text.splitlines(), start=1):
        match = _ENV_LINE.match(line)
        if match:
            yield match.group("var"), match.group("value"), number


# -- production signs -----------------------------------------------------------------------
_SAYS_PRODUCTION = re.compile(r"\b(production|heroku|prod|live|deploy(?:ment|ed)?)\b", re.I)
_NEGATION = re.compile(r"\b(not|never|unsuitable|don'?t|do not|non|instead of|except)\b", re.I)


def name_tokens(name: str) -> list[str]:
    """`settings_prod` -> ["settings", "prod"]; `heroku-prod` -> ["heroku", "prod"]."""
    return [token for token in re.split(r"[_\-.]+", name.lower()) if token]


def names_production_module(name: str) -> bool:
    """A module or class name that names production (`settings_prod`, `prod_settings`,
    `production`, `heroku`, `live`, `Production`, `HerokuConfig`) and no development setup."""
    tokens = name_tokens(_split_camel(name))
    return any(t in PRODUCTION_NAMES for t in tokens) and not any(
        t in DEVELOPMENT_NAMES for t in tokens
    )


def names_development_module(name: str) -> bool:
    """`local`, `settings_dev`, `dev_settings`, `Dev`, `LocalConfig`."""
    return names_development(name) or any(
        t in DEVELOPMENT_NAMES for t in name_tokens(_split_camel(name))
    )


def _split_camel(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)


@frozen
class Candidate:
    """A production module (or django-configurations class) considered for promotion, with the
    signs that it is what production runs, each as "what (path:line)"."""

    module: str
    relpath: str
    signs: tuple[str, ...] = ()

    @property
    def score(self) -> int:
        return len(self.signs)


def production_signs(
    body: Sequence[cst.BaseStatement],
    header: str,
    relpath: str,
    text: str,
    name: str,
    scope: Optional[Scope] = None,
) -> tuple[str, ...]:
    """The production signs of a module (or class) body: a literal `DEBUG = False` (the last
    assignment), a `SECRET_KEY` read from the environment, a docstring or leading comment that
    says production or Heroku (not "not for production"), and a name that says Heroku. `text`
    is the file's text, to say on which line; `scope` the module's names, for a class body."""
    signs: list[str] = []
    scope = scope.copy() if scope is not None else Scope()
    scope.aliases.setdefault("os", "os")
    evaluator = Evaluator(scope)
    debug_false = secret_from_env = False
    for statement in body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            bind_names(small, scope, evaluator)
            if not isinstance(small, (cst.Assign, cst.AnnAssign)):
                continue
            targets = (
                [t.target for t in small.targets]
                if isinstance(small, cst.Assign)
                else [small.target]
            )
            value = small.value
            names = {dotted(target) for target in targets}
            if value is None:
                continue
            if "DEBUG" in names:
                debug_false = isinstance(value, cst.Name) and value.value == "False"
            if "SECRET_KEY" in names:
                secret_from_env = _reads_environment(evaluator, value)
    if debug_false:
        signs.append(f"DEBUG = False ({relpath}:{_line_of(text, 'DEBUG')})")
    if secret_from_env:
        signs.append(f"SECRET_KEY from the environment ({relpath}:{_line_of(text, 'SECRET_KEY')})")
    if says_production(header):
        signs.append(f"its docstring or header comment says production ({relpath})")
    if "heroku" in name_tokens(_split_camel(name)):
        signs.append(f"its name says Heroku ({relpath})")
    return tuple(signs)


def _reads_environment(evaluator: Evaluator, node: cst.BaseExpression) -> bool:
    value = evaluator.evaluate(node)
    if isinstance(value, Env):
        return True
    # django-configurations' `values.SecretValue()` reads DJANGO_SECRET_KEY.
    name = evaluator.qualified(node.func) if isinstance(node, cst.Call) else None
    return bool(name and name.startswith("configurations.values."))


def _line_of(text: str, setting: str) -> int:
    """The line of the last `SETTING =` in `text` (1 when not found)."""
    found = 1
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"\s*{setting}\s*(:[^=]*)?=[^=]", line):
            found = number
    return found


def says_production(header: str) -> bool:
    """A docstring or header comment sentence naming production or Heroku, not negated."""
    for sentence in re.split(r"[.!?\n]\s", header):
        match = _SAYS_PRODUCTION.search(sentence)
        if match and not _NEGATION.search(sentence[: match.start()]):
            return True
    return False


def header_text(module: cst.Module) -> str:
    """The module's docstring and its leading comments (before the first statement)."""
    parts = [line.comment.value for line in module.header if line.comment is not None]
    docstring = module.get_docstring(clean=True)
    if docstring:
        parts.append(docstring)
    if module.body:
        first = module.body[0]
        parts += [line.comment.value for line in first.leading_lines if line.comment is not None]
    return "\n".join(parts)


def class_header(node: cst.ClassDef) -> str:
    parts = [line.comment.value for line in node.leading_lines if line.comment is not None]
    docstring = node.get_docstring(clean=True)
    return "\n".join([*parts, docstring] if docstring else parts)


def rank(candidates: Sequence[Candidate]) -> tuple[Optional[Candidate], bool]:
    """The candidate with the most production signs, and whether the choice is ambiguous (a
    tie at the top: then none is chosen)."""
    if not candidates:
        return None, False
    ordered = sorted(candidates, key=lambda c: -c.score)
    if len(ordered) > 1 and ordered[0].score == ordered[1].score:
        return None, True
    return ordered[0], False


def star_imports(module: cst.Module, dotted_name: str, is_package: bool) -> list[str]:
    """The absolute modules `from X import *` names anywhere at the module's top level (also
    inside `if`/`try` blocks there)."""
    package = dotted_name if is_package else dotted_name.rpartition(".")[0]
    found: list[str] = []

    def visit(statements: Sequence[cst.BaseStatement]) -> None:
        for statement in statements:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if isinstance(small, cst.ImportFrom) and isinstance(
                        small.names, cst.ImportStar
                    ):
                        name = _absolute(small, package)
                        if name:
                            found.append(name)
            elif isinstance(statement, (cst.If, cst.Try)):
                blocks = [statement.body]
                if isinstance(statement, cst.Try):
                    blocks += [handler.body for handler in statement.handlers]
                elif statement.orelse is not None:
                    blocks.append(statement.orelse.body)
                for block in blocks:
                    if isinstance(block, cst.IndentedBlock):
                        visit(block.body)

    visit(module.body)
    return found


def _absolute(node: cst.ImportFrom, package: str) -> Optional[str]:
    name = dotted(node.module) if node.module is not None else ""
    if name is None:
        return None
    dots = len(node.relative)
    if not dots:
        return name or None
    parts = package.split(".") if package else []
    if dots - 1 > len(parts):
        return None
    base = parts[: len(parts) - (dots - 1)]
    return ".".join([*base, name] if name else base) or None


def bind_names(small: cst.BaseSmallStatement, scope: Scope, evaluator: Evaluator) -> None:
    """Import aliases and `NAME = value`, so `config("SECRET_KEY")` (decouple) and
    `env("SECRET_KEY")` (after `env = environ.Env()`) read as environment reads."""
    if isinstance(small, cst.Assign):
        value = evaluator.evaluate(small.value)
        for target in small.targets:
            if isinstance(target.target, cst.Name):
                scope.bind(target.target.value, value)
    elif isinstance(small, cst.Import):
        for alias in small.names:
            full = dotted(alias.name) or ""
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                scope.aliases[alias.asname.name.value] = full
            else:
                scope.aliases[full.split(".")[0]] = full.split(".")[0]
    elif isinstance(small, cst.ImportFrom) and small.module is not None and not small.relative:
        module = dotted(small.module)
        if module and not isinstance(small.names, cst.ImportStar):
            for alias in small.names:
                name = dotted(alias.name) or ""
                local = name
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    local = alias.asname.name.value
                scope.aliases[local] = f"{module}.{name}"


def literal_module(value: object) -> Optional[str]:
    """A dotted module name from a config value, or None when it is not one."""
    if not isinstance(value, str):
        return None
    parts = value.split(".")
    return value if parts and all(part.isidentifier() for part in parts) else None
