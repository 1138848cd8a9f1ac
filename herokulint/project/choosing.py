"""Choosing the settings Heroku runs: the evidence the project model's files give.

The readers of text live in `settings_evidence`; this module asks the project model for the
files (through its file reader) and turns what they say into `SettingsChoice`s, strongest
first, and into promotions: a production module (or django-configurations class) checked in
place of a development default that only a config var can replace on Heroku.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING, Optional

import libcst as cst

from ..records import frozen
from .discover import SettingsChoice
from .procfile import split_words
from .pyeval import Evaluator, Scope, dotted
from .pysource import ParsedModule
from .settings_evidence import (
    CONFIGURATION_VAR,
    DOCS_CONFIG_SET,
    ENTRY_DEFAULT,
    ENV_TEMPLATE,
    ENV_TEMPLATE_NAME,
    NAMESPACE_PACKAGE,
    PROCESS_COMMAND,
    PRODUCTION_CLASS,
    PRODUCTION_MODULE,
    Candidate,
    bind_names,
    class_header,
    config_set_in_docs,
    header_text,
    literal_module,
    names_development_module,
    names_production_module,
    production_signs,
    rank,
    settings_in_argv,
    settings_in_env_template,
    star_imports,
)

if TYPE_CHECKING:
    from . import ProjectModel

# Modules the others build on (`from .base import *`): never what production runs by itself.
SHARED_NAMES = frozenset({"base", "common", "default", "defaults", "shared", "components"})
DOCS_PATTERNS = ("README*", "docs/*.md", "docs/*.rst", "docs/*/*.md", "docs/*/*.rst")
MAX_DOCS = 40  # a documentation site is not read page by page: the first pages say it
MAX_CHAIN = 8  # star-import hops followed when relating a production module to the default


@frozen
class Promotion:
    """A production module (or class) considered in place of a development default: the
    candidates with their production signs, the one chosen (None when none is, or when the
    top candidates tie), and the evidence label."""

    evidence: str
    default: SettingsChoice
    candidates: tuple[Candidate, ...]
    chosen: Optional[Candidate]
    ambiguous: bool
    # Why the default is a development one beyond its name ("installs debug_toolbar, which
    # only requirements/dev.txt provides").
    default_signs: tuple[str, ...] = ()


# -- processes, docs, env templates -----------------------------------------------------------
def process_commands(project: ProjectModel) -> Iterator[tuple[str, tuple[str, ...], str, int]]:
    """(process type, argv, file, line) of every command Heroku may run: the Procfile's
    processes (web, then release, then the others), or for a Docker build heroku.yml's `run:`
    entries."""
    procfile = project.procfile
    if procfile is not None:
        order = {"web": 0, "release": 1}
        processes = sorted(procfile.processes, key=lambda p: (order.get(p.name, 2), p.line))
        for process in processes:
            if process.argv:
                yield process.name, process.argv, procfile.relpath, process.line
    platform = project.platform
    if platform.container_build and platform.heroku_yml:
        from .platform import yaml_entries

        text = project.text(platform.heroku_yml)
        entries = yaml_entries(text.text, ("run",)) if text is not None else {}
        for name, (command, line) in entries.items():
            argv = split_words(command) if command else None
            if argv:
                yield name, argv, platform.heroku_yml, line
    # A Docker build's other commands (the Dockerfile's CMD/ENTRYPOINT, heroku.yml's
    # `release:`) belong here once the project model reads them.


def process_choices(project: ProjectModel, var: str) -> list[SettingsChoice]:
    """What the processes' command lines give `var` (see settings_in_argv)."""
    choices = []
    for _name, argv, relpath, line in process_commands(project):
        value = settings_in_argv(argv).get(var)
        if value:
            choices.append(SettingsChoice(value, relpath, line, evidence=PROCESS_COMMAND))
    return choices


def docs_choices(project: ProjectModel, var: str) -> list[SettingsChoice]:
    """`heroku config:set VAR=value` in the README or the docs (a shallow look)."""
    choices = []
    for relpath in docs_files(project):
        text = project.text(relpath)
        if text is None:
            continue
        for found_var, value, line in config_set_in_docs(text.text):
            if found_var == var:
                choices.append(SettingsChoice(value, relpath, line, evidence=DOCS_CONFIG_SET))
    return choices


def docs_files(project: ProjectModel) -> list[str]:
    readmes = [name for name in project.root_names if name.lower().startswith("readme")]
    pages = [path for pattern in DOCS_PATTERNS[1:] for path in project.glob(pattern)]
    return [*sorted(readmes), *pages][:MAX_DOCS]


def env_template_choices(project: ProjectModel, var: str) -> list[SettingsChoice]:
    """A committed environment template's `VAR=value`, unless it names a development module
    (a template for a developer's `.env` says what runs locally)."""
    folders = [""]
    if project.manage_py and "/" in project.manage_py:
        folders.append(project.manage_py.rsplit("/", 1)[0])
    choices = []
    for folder in folders:
        names = project.root_names if not folder else _names_in(project, folder)
        for name in names:
            if not ENV_TEMPLATE_NAME.fullmatch(name):
                continue
            relpath = f"{folder}/{name}" if folder else name
            text = project.text(relpath)
            if text is None:
                continue
            for found_var, value, line in settings_in_env_template(text.text):
                last = value.rsplit(".", 1)[-1]
                if found_var == var and not names_development_module(last):
                    choices.append(SettingsChoice(value, relpath, line, evidence=ENV_TEMPLATE))
    return choices


def _names_in(project: ProjectModel, folder: str) -> list[str]:
    return project.files.names(folder)


def evidence_choices(project: ProjectModel, var: str) -> tuple[list[SettingsChoice], list[str]]:
    """The choices processes, docs and env templates give `var`, strongest first, and the ones
    left out (as "module (file:line): why"): a settings module that does not resolve, or a
    class name that is not an identifier."""
    kept: list[SettingsChoice] = []
    dropped: list[str] = []
    seen: set[tuple[str, str, int]] = set()
    for choice in [
        *process_choices(project, var),
        *docs_choices(project, var),
        *env_template_choices(project, var),
    ]:
        key = (choice.module, choice.origin, choice.line)
        if key in seen:
            continue
        seen.add(key)
        where = f"{choice.module} ({choice.origin}:{choice.line})"
        if var == CONFIGURATION_VAR:
            if choice.module.isidentifier():
                kept.append(choice)
            else:
                dropped.append(f"{where}: not a class name")
        elif literal_module(choice.module) is None:
            dropped.append(f"{where}: not a module name")
        elif project.locate_module(choice.module, _roots(project)) is None:
            dropped.append(f"{where}: no such module in the repository")
        else:
            kept.append(choice)
    return kept, dropped


def _roots(project: ProjectModel) -> list[str]:
    """Where a config var's module is imported from: what both manage.py and the dyno see."""
    return project.entry_roots(project.manage_py) if project.manage_py else project.search_roots


# -- promotion of a production module ---------------------------------------------------------
def promotion(project: ProjectModel, defaults: list[SettingsChoice]) -> Optional[Promotion]:
    """When only manage.py's and wsgi.py's defaults name the settings, and they name one
    development module: the production modules beside it, ranked by production signs.

    - a development (or shared `base`) module of a settings package, even missing: its
      production-named siblings (`settings/production.py`, `settings/heroku.py`);
    - a folder without `__init__.py` (a namespace package, which Python 3 imports empty):
      the production-named modules inside it;
    - a plain module (`settings.py`) or a package's `__init__.py`: production-named modules
      beside it (`settings_prod.py`, `prod_settings.py`, `production.py`) or inside it that
      star-import it, directly or through other modules."""
    if not defaults or any(c.evidence != ENTRY_DEFAULT or c.env_var or c.pattern for c in defaults):
        return None
    if len({c.module for c in defaults}) != 1:
        return None
    default = defaults[0]
    module = default.module
    roots = project.settings_roots(default)
    relpath = project.locate_module(module, roots)
    last = module.rpartition(".")[2]
    evidence = PRODUCTION_MODULE
    if relpath is not None and _configures_for_heroku(project, relpath):
        return None  # the default is what Heroku runs: it says so itself
    if relpath is None:
        folder = namespace_folder(project, module, roots)
        if folder is not None:
            evidence = NAMESPACE_PACKAGE
            found = _production_modules(project, folder, module, roots)
        elif names_development_module(last) and "." in module:
            found = _package_siblings(project, module, roots)
        else:
            return None
    elif relpath.endswith("/__init__.py") or relpath == "__init__.py":
        folder = posixpath.dirname(relpath)
        inside = _production_modules(project, folder, module, roots)
        found = [c for c in inside if _builds_on(project, c, module, roots)]
    elif (names_development_module(last) or last in SHARED_NAMES) and _in_settings_package(
        project, module, roots
    ):
        found = _package_siblings(project, module, roots)
    else:
        folder = posixpath.dirname(relpath)
        package = module.rpartition(".")[0]
        beside = _production_modules(project, folder, package, roots)
        found = [c for c in beside if _builds_on(project, c, module, roots)]
    candidates = tuple(_with_signs(project, module_, path) for module_, path in found)
    chosen, ambiguous = rank(candidates)
    return Promotion(evidence, default, candidates, chosen, ambiguous)


# django-heroku / django-on-heroku: `django_heroku.settings(locals())` at the end of the settings
# configures them for Heroku (DATABASES from DATABASE_URL, STATIC_ROOT, WhiteNoise).
HEROKU_SETTINGS_HELPERS = ("django_heroku.settings", "django_on_heroku.settings")


def _configures_for_heroku(project: ProjectModel, relpath: str) -> bool:
    """True when the module calls django-heroku's (or django-on-heroku's) `settings(locals())`
    at its top level: a development-named default that does is the one deployed
    (sichiiii/cyberjabkaPortfolio: `development.py` calls it, `production.py` is an old VPS
    config), so no production module is promoted over it."""
    parsed = project.python(relpath)
    if not isinstance(parsed, ParsedModule) or "heroku" not in (parsed.text or ""):
        return False
    for statement in parsed.module.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if (
                    isinstance(small, cst.Expr)
                    and isinstance(small.value, cst.Call)
                    and dotted(small.value.func) in HEROKU_SETTINGS_HELPERS
                ):
                    return True
    return False


def namespace_folder(project: ProjectModel, module: str, roots: list[str]) -> Optional[str]:
    """The folder a dotted name names when it has Python modules but no `__init__.py`."""
    if literal_module(module) is None:
        return None
    for root in roots:
        folder = module.replace(".", "/")
        folder = f"{root}/{folder}" if root else folder
        if project.is_dir(folder) and project.glob(f"{folder}/*.py"):
            return folder
    return None


def _production_modules(
    project: ProjectModel, folder: str, package: str, roots: list[str]
) -> list[tuple[str, str]]:
    """(module, relpath) of the production-named modules in `folder` (package `package`)."""
    found = []
    for path in project.glob(f"{folder}/*.py" if folder else "*.py"):
        stem = path.rsplit("/", 1)[-1][: -len(".py")]
        if stem != "__init__" and names_production_module(stem):
            name = f"{package}.{stem}" if package else stem
            if project.locate_module(name, roots) == path:
                found.append((name, path))
    return found


def _package_siblings(
    project: ProjectModel, module: str, roots: list[str]
) -> list[tuple[str, str]]:
    """Production-named modules of the package holding `module` (a settings package)."""
    package = module.rpartition(".")[0]
    init = project.locate_module(package, roots)
    if init is None:
        folder = namespace_folder(project, package, roots)
        if folder is None:
            return []
    else:
        if not init.endswith("__init__.py"):
            return []
        folder = posixpath.dirname(init)
    return _production_modules(project, folder, package, roots)


def _in_settings_package(project: ProjectModel, module: str, roots: list[str]) -> bool:
    """True when `module` lives in a package of settings modules (`config/settings/`,
    `settings/`, `conf/`): its siblings are settings too, so no import needs to tie them."""
    package = module.rpartition(".")[0]
    name = package.rpartition(".")[2].lower()
    return bool(package) and ("settings" in name or name in ("conf", "config", "configs"))


def _builds_on(
    project: ProjectModel, candidate: tuple[str, str], module: str, roots: list[str]
) -> bool:
    """True when the candidate module star-imports `module`, directly or through others; or,
    for a development `module` (`settings_dev`), when both build on the same module
    (`settings_base`)."""
    closure = _star_closure(project, candidate[0], roots)
    if module in closure:
        return True
    last = module.rpartition(".")[2]
    return names_development_module(last) and bool(closure & _star_closure(project, module, roots))


def _star_closure(project: ProjectModel, module: str, roots: list[str]) -> set[str]:
    seen: set[str] = set()
    pending = [module]
    while pending and len(seen) < MAX_CHAIN:
        name = pending.pop()
        relpath = project.locate_module(name, roots)
        parsed = project.python(relpath) if relpath else None
        if not isinstance(parsed, ParsedModule) or relpath is None:
            continue
        for imported in star_imports(parsed.module, name, relpath.endswith("__init__.py")):
            if imported not in seen:
                seen.add(imported)
                pending.append(imported)
    return seen


def _with_signs(project: ProjectModel, module: str, relpath: str) -> Candidate:
    parsed = project.python(relpath)
    if not isinstance(parsed, ParsedModule):
        return Candidate(module, relpath)
    tree = parsed.module
    stem = module.rpartition(".")[2]
    signs = production_signs(tree.body, header_text(tree), relpath, parsed.text or "", stem)
    return Candidate(module, relpath, signs)


# -- django-configurations ------------------------------------------------------------------
def configuration_promotion(
    project: ProjectModel, defaults: list[SettingsChoice], settings_relpaths: list[str]
) -> Optional[Promotion]:
    """django-configurations: when only the defaults name the class (DJANGO_CONFIGURATION in
    manage.py/wsgi.py), and it is a development class (by its name, or because it installs an
    app only a development requirements file provides), the production classes beside it
    (`Production`, `Prod`, `Heroku`, `Live`) in the settings files, ranked by their signs."""
    if not defaults or any(c.evidence != ENTRY_DEFAULT or c.env_var for c in defaults):
        return None
    if len({c.module for c in defaults}) != 1:
        return None
    default = defaults[0]
    classes = _classes(project, settings_relpaths)
    if default.module not in classes:
        return None
    default_signs = _development_signs(project, *classes[default.module])
    if not names_development_module(default.module) and not default_signs:
        return None
    candidates = []
    for name, (node, relpath, scope) in classes.items():
        if name == default.module or not names_production_module(name):
            continue
        parsed = project.python(relpath)
        text = parsed.text if isinstance(parsed, ParsedModule) else ""
        body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
        signs = production_signs(body, class_header(node), relpath, text or "", name, scope)
        candidates.append(Candidate(name, relpath, signs))
    if not candidates:
        return None
    chosen, ambiguous = rank(candidates)
    return Promotion(PRODUCTION_CLASS, default, tuple(candidates), chosen, ambiguous, default_signs)


def _classes(
    project: ProjectModel, relpaths: list[str]
) -> dict[str, tuple[cst.ClassDef, str, Scope]]:
    """The top-level classes of the settings files: name → (node, relpath, module scope)."""
    found: dict[str, tuple[cst.ClassDef, str, Scope]] = {}
    for relpath in relpaths:
        parsed = project.python(relpath)
        if not isinstance(parsed, ParsedModule):
            continue
        scope = Scope()
        evaluator = Evaluator(scope)
        for statement in parsed.module.body:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    bind_names(small, scope, evaluator)
            elif isinstance(statement, cst.ClassDef):
                found.setdefault(statement.name.value, (statement, relpath, scope))
    return found


def _development_signs(
    project: ProjectModel, node: cst.ClassDef, relpath: str, _scope: Scope
) -> tuple[str, ...]:
    """Apps the class adds to INSTALLED_APPS that Heroku does not install but a development
    requirements file (or group) declares: the class cannot even start on a dyno."""
    from ..data.import_names import distributions_for

    deps = project.dependencies
    if not deps.known:
        return ()
    signs = []
    for app in _installed_apps_added(node):
        top = app.split(".")[0]
        distributions = distributions_for(top) or (top,)
        if any(deps.find(name) is not None for name in distributions):
            continue
        for name in distributions:
            where = _development_declaration(project, name)
            if where:
                signs.append(f"installs {app}, which only {where} provides ({relpath})")
                break
    return tuple(signs)


def _installed_apps_added(node: cst.ClassDef) -> list[str]:
    apps: list[str] = []

    class Finder(cst.CSTVisitor):
        def visit_AugAssign(self, assign: cst.AugAssign) -> None:
            if _names_installed_apps(assign.target):
                apps.extend(_strings(assign.value))

        def visit_Assign(self, assign: cst.Assign) -> None:
            if any(_names_installed_apps(t.target) for t in assign.targets):
                apps.extend(_strings(assign.value))

    node.body.visit(Finder())
    return apps


def _names_installed_apps(target: cst.BaseExpression) -> bool:
    return isinstance(target, cst.Name) and target.value == "INSTALLED_APPS"


def _strings(node: cst.BaseExpression) -> list[str]:
    found: list[str] = []

    class Finder(cst.CSTVisitor):
        def visit_SimpleString(self, string: cst.SimpleString) -> None:
            value = string.evaluated_value
            if isinstance(value, str):
                found.append(value)

    node.visit(Finder())
    return found


DEVELOPMENT_REQUIREMENTS = (
    "requirements-dev.txt",
    "requirements_dev.txt",
    "dev-requirements.txt",
    "requirements-local.txt",
    "requirements/dev.txt",
    "requirements/development.txt",
    "requirements/local.txt",
    "requirements/test.txt",
)


def _development_declaration(project: ProjectModel, distribution: str) -> Optional[str]:
    """Where a development group or requirements file declares `distribution`."""
    from packaging.utils import canonicalize_name

    elsewhere = project.dependencies.only_in_other_groups(distribution)
    if elsewhere:
        return elsewhere[0].relpath
    wanted = canonicalize_name(distribution)
    for relpath in DEVELOPMENT_REQUIREMENTS:
        text = project.text(relpath)
        if text is None:
            continue
        for line in text.text.splitlines():
            name = line.split("#", 1)[0].strip()
            for stop in "=<>!~;[ ":
                name = name.split(stop, 1)[0]
            if name and canonicalize_name(name) == wanted:
                return relpath
    return None


def settings_files(project: ProjectModel, module: str, roots: list[str]) -> list[str]:
    """The settings module's file and the files it star-imports (where classes may live)."""
    relpath = project.locate_module(module, roots)
    if relpath is None:
        return []
    files = [relpath]
    for name in sorted(_star_closure(project, module, roots)):
        found = project.locate_module(name, roots)
        if found and found not in files:
            files.append(found)
    return files
