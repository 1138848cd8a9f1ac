"""The ProjectModel: every file a rule needs, read once and parsed once, behind plain questions.

Rules never open or parse files; they ask the model (`project.settings.get("DEBUG")`,
`project.procfile.web`, `project.dependencies.declares("gunicorn")`). Every part is computed on
first use, so a run that selects only Procfile rules never parses Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from ..files import Recorder
from ..records import frozen
from .choosing import Promotion
from .dependencies import Dependencies, read_dependencies, read_each_manager
from .discover import (
    CONFIGURATION_VAR,
    SETTINGS_VAR,
    SettingsChoice,
    called_helper_modules,
    configuration_in,
    module_candidates,
    settings_module_in,
    sys_path_additions,
)
from .envreads import EnvRead, EnvVariable, procfile_reads, settings_choice_reads, variables
from .files import FileReader, ReadError, TextFile
from .git import GitRepo
from .platform import Platform, read_platform
from .processes import ProcessCommand, container_processes, procfile_processes
from .procfile import Procfile, ServerCommand, parse_procfile, parse_server_command
from .pyeval import names_development
from .pysource import ParsedModule, ParseFailure, ParseResult, parse
from .python_version import VERSION_FILES as VERSION_FILES
from .python_version import PythonVersions, read_python_versions
from .python_version import VersionFileProblem as VersionFileProblem
from .python_version import VersionRequest as VersionRequest
from .settings import Selection, SettingsModel, SettingsResolver
from .settings_evidence import (
    APP_JSON,
    CLI_OPTION,
    CONFIG_VAR_EVIDENCE,
    CONFIG_VARS,
    DOCKERFILE_ENV,
    ENTRY_DEFAULT,
    HEROKU_YML_CONFIG,
    PROMOTIONS,
    WEB_COMMAND,
)
from .template import TEMPLATE_FILES, TemplatePlaceholder, first_placeholder, has_placeholder
from .versions import ResolvedVersions

if TYPE_CHECKING:
    import libcst as cst

    from ..configvars import ConfigVars
    from .dockerfile import Dockerfile

CONFIG_VARS_ORIGIN = "config vars"  # a SettingsChoice from `--config-vars`
# Modules the others build on (`from .base import *`): never what production runs by itself.
SHARED_NAMES = frozenset({"base", "common", "default", "defaults", "shared", "components"})


@frozen
class WsgiTarget:
    """The module (and callable) the web server loads, and where that choice was made."""

    module: str
    callable: str
    relpath: Optional[str]  # the module's file, None when it does not exist
    origin: str  # "Procfile", "heroku.yml" or the settings file naming WSGI_APPLICATION
    line: int


class ProjectModel:
    def __init__(
        self,
        root: Path,
        *,
        settings: Optional[str] = None,
        target: str = "cedar",
        overlay: Optional[Mapping[str, Optional[TextFile]]] = None,
        recorder: Optional[Recorder] = None,
        config_vars: Optional[ConfigVars] = None,
    ) -> None:
        self.root = root
        # `overlay`: files as the fixer has edited them in memory (None = deleted).
        # `recorder`: notes every question asked of the file system and git (the cache's inputs).
        self.files = FileReader(root, overlay, recorder)
        self.settings_override = settings
        # "cedar": the classic Python buildpack (the default); "fir": the Cloud Native Buildpack.
        self.target = target
        # The app's real config vars (`--config-vars`): names and values, the values secret.
        self.config_vars = config_vars
        self._parsed: dict[str, ParseResult] = {}
        self._evidence_cache: dict[str, tuple[list[SettingsChoice], list[str]]] = {}
        self._entry_roots: dict[str, list[str]] = {}

    # -- files ----------------------------------------------------------------------------------
    def exists(self, relpath: str) -> bool:
        return self.files.exists(relpath)

    def is_dir(self, relpath: str) -> bool:
        return self.files.is_dir(relpath)

    def has_files(self, relpath: str, limit: int = 1000) -> bool:
        """True when the folder holds at least one file (git does not keep empty folders)."""
        return self.files.has_files(relpath, limit)

    @cached_property
    def root_names(self) -> list[str]:
        """The names in the app root, exactly as the file system spells them."""
        return self.files.names()

    def glob(self, pattern: str) -> list[str]:
        """The files (relpaths, sorted) an app-relative glob pattern matches."""
        return self.files.glob(pattern)

    def text(self, relpath: str) -> Optional[TextFile]:
        result = self.files.read(relpath)
        return result if isinstance(result, TextFile) else None

    def python(self, relpath: str) -> ParseResult:
        """The parsed module at `relpath` (parsed once), or why it could not be parsed."""
        if relpath not in self._parsed:
            read = self.files.read(relpath)
            if read is None:
                read = ReadError(relpath, "does not exist")
            self._parsed[relpath] = parse(read)
        return self._parsed[relpath]

    def parse_failures(self) -> list[ParseFailure]:
        return [result for result in self._parsed.values() if isinstance(result, ParseFailure)]

    # -- processes ---------------------------------------------------------------------------
    @cached_property
    def procfile_read(self) -> Optional[TextFile | ReadError]:
        """The Procfile, or None when there is none or Heroku does not read it: a heroku.yml
        Docker build runs heroku.yml's `run` commands, else the Dockerfile's CMD ("Heroku uses
        the run command provided in heroku.yml instead of your Procfiles", Dev Center)."""
        if self.platform.container_build:
            return None
        return self.files.read("Procfile")

    @cached_property
    def procfile(self) -> Optional[Procfile]:
        read = self.procfile_read
        return parse_procfile(read, self.target) if isinstance(read, TextFile) else None

    @cached_property
    def processes(self) -> tuple[ProcessCommand, ...]:
        """Every process command the platform runs, in file order: the Procfile's, or for a
        heroku.yml Docker build its `run:` commands (the Dockerfile's CMD and ENTRYPOINT as
        the web process when `run:` has none) and its `release: command:`."""
        if self.platform.container_build:
            return container_processes(self.platform, self.dockerfile)
        return procfile_processes(self.procfile)

    def process(self, name: str) -> Optional[ProcessCommand]:
        """The command of process type `name` (of duplicates the last, as Heroku keeps)."""
        found = None
        for process in self.processes:
            if process.name == name:
                found = process
        return found

    @cached_property
    def web_process(self) -> Optional[ProcessCommand]:
        return self.process("web")

    @cached_property
    def web(self) -> Optional[ServerCommand]:
        """The web process's server command (the Procfile's, heroku.yml's `run: web:`, or the
        Dockerfile's CMD), wrappers such as `bin/start-nginx` taken off."""
        process = self.web_process
        return parse_server_command(process.argv) if process and process.argv else None

    @cached_property
    def web_origin(self) -> tuple[str, int]:
        """The file and line the web command is written on."""
        process = self.web_process
        return (process.relpath, process.line) if process else ("Procfile", 1)

    @cached_property
    def dockerfile(self) -> Optional[Dockerfile]:
        """The Dockerfile heroku.yml builds the web image from, when it is a Docker build."""
        from .dockerfile import read_dockerfile  # only a Docker build reads one

        relpath = self.platform.dockerfile
        text = self.text(relpath) if self.platform.container_build and relpath else None
        return read_dockerfile(relpath, text.text) if relpath and text else None

    # -- Django discovery --------------------------------------------------------------------
    @cached_property
    def manage_py(self) -> Optional[str]:
        return self.files.manage_py()

    @cached_property
    def search_roots(self) -> list[str]:
        """sys.path as the dyno sees it: gunicorn's --chdir/--pythonpath, the root, manage.py's dir."""
        roots: list[str] = []
        web = self.web
        if web is not None:
            chdir = web.options.get("--chdir", "").strip("/")
            if chdir and chdir != ".":
                roots.append(chdir)
            for extra in web.options.get("--pythonpath", "").split(","):
                extra = extra.strip().strip("/")
                if extra and extra != ".":
                    roots.append(f"{chdir}/{extra}" if chdir else extra)
        roots.append("")
        if self.manage_py and "/" in self.manage_py:
            roots.append(self.manage_py.rsplit("/", 1)[0])
        return list(dict.fromkeys(roots))

    def entry_roots(self, relpath: str) -> list[str]:
        """sys.path for the settings an entry file (manage.py, the WSGI module) selects: the
        search roots and the folders that file adds to sys.path itself. Only its own process
        sees them: `manage.py collectstatic` runs manage.py, gunicorn does not."""
        if relpath not in self._entry_roots:
            self._entry_roots[relpath] = self._with_additions(relpath)
        return self._entry_roots[relpath]

    def _with_additions(self, relpath: str) -> list[str]:
        parsed = self.python(relpath) if relpath in self._entry_files() else None
        if not isinstance(parsed, ParsedModule) or "sys" not in (parsed.text or "sys"):
            return self.search_roots
        web = self.web  # gunicorn runs in its --chdir folder, manage.py in the app root
        chdir = (
            web.options.get("--chdir", "").strip("/") if web and relpath != self.manage_py else ""
        )
        first, last = sys_path_additions(parsed.module, relpath, chdir)
        return list(dict.fromkeys([*first, *self.search_roots, *last]))

    def settings_roots(self, choice: SettingsChoice) -> list[str]:
        """Where the settings `choice` names are imported from."""
        return self.entry_roots(choice.origin)

    def locate_module(self, module: str, roots: Optional[list[str]] = None) -> Optional[str]:
        for root in self.search_roots if roots is None else roots:
            for candidate in module_candidates(module):
                relpath = f"{root}/{candidate}" if root else candidate
                if self.files.exists(relpath):
                    return relpath
        return None

    def settings_choice_in(self, relpath: str) -> Optional[SettingsChoice]:
        parsed = self.python(relpath)
        text = self.text(relpath)
        if not isinstance(parsed, ParsedModule) or text is None:
            return None
        choice = settings_module_in(parsed.module, relpath, text.text)
        if choice is None:
            choice = self._helper_settings_choice(parsed.module, relpath)
        return choice

    def _helper_settings_choice(self, module: cst.Module, relpath: str) -> Optional[SettingsChoice]:
        """The default a helper function sets for the entry file `relpath`, when it calls one
        from a project module (`from environment import get_env`; `get_env()`)."""
        roots = self.entry_roots(relpath)
        for name in called_helper_modules(module):
            helper = self.locate_module(name, roots)
            parsed = self.python(helper) if helper and helper != relpath else None
            text = self.text(helper) if helper else None
            if isinstance(parsed, ParsedModule) and text is not None and helper is not None:
                choice = settings_module_in(parsed.module, helper, text.text)
                if choice is not None:
                    return choice
        return None

    def _app_json_choice(self, var: str) -> Optional[SettingsChoice]:
        """A value app.json's `env` gives `var`. Heroku applies it to apps created from the
        manifest (review apps, Heroku Button): it is how a repository states a config var."""
        app = self.platform.app_json
        config_var = app.env.get(var) if app is not None else None
        if app is None or config_var is None or config_var.value is None:
            return None
        return SettingsChoice(config_var.value, app.relpath, config_var.line, evidence=APP_JSON)

    def _config_vars_choice(self, var: str) -> list[SettingsChoice]:
        """`--config-vars`: the app's real config vars decide over every default and
        heuristic (a module name is code, not a secret: it may be shown)."""
        value = self.config_vars.value(var) if self.config_vars is not None else None
        return [SettingsChoice(value, CONFIG_VARS_ORIGIN, evidence=CONFIG_VARS)] if value else []

    def _config_vars_known_unset(self, var: str) -> bool:
        """The app's config vars are known and do not set `var`: the defaults apply."""
        return self.config_vars is not None and var not in self.config_vars

    def _web_command_choice(self, var: str) -> Optional[SettingsChoice]:
        web = self.web
        if web is None:
            return None
        env = {**web.env}
        option = web.options.get("--env", "")
        if option.startswith(f"{var}="):
            env[var] = option.split("=", 1)[1]
        if var not in env:
            return None
        return SettingsChoice(env[var], *self.web_origin, evidence=WEB_COMMAND)

    def _container_choices(self, var: str) -> list[SettingsChoice]:
        """A Docker build's values for `var`: heroku.yml's `setup: config:` (config vars, which
        override the image's environment), then the Dockerfile's `ENV`."""
        platform = self.platform
        choices: list[SettingsChoice] = []
        config_var = platform.config.get(var) if platform.container_build else None
        if config_var is not None and config_var.value and platform.heroku_yml:
            choices.append(
                SettingsChoice(
                    config_var.value,
                    platform.heroku_yml,
                    config_var.line,
                    evidence=HEROKU_YML_CONFIG,
                )
            )
        dockerfile = self.dockerfile
        env = dockerfile.env.get(var) if dockerfile else None
        if dockerfile is not None and env is not None and env.value:
            choices.append(
                SettingsChoice(env.value, dockerfile.relpath, env.line, evidence=DOCKERFILE_ENV)
            )
        return choices

    @cached_property
    def settings_choices(self) -> list[SettingsChoice]:
        """Every place that names DJANGO_SETTINGS_MODULE, strongest first (runtime wins):
        --settings, the web command's environment, app.json, heroku.yml's config and the
        Dockerfile's ENV (a Docker build), any process's command line, `heroku config:set` in
        the docs, a committed env template, then wsgi.py and manage.py. When only those
        defaults name it, a production module promoted over them comes first (origin
        "inferred"; see `settings_promotion`)."""
        choices = [*self._named_settings_choices, *self._entry_defaults]
        promotion = self.settings_promotion
        if promotion is not None and promotion.chosen is not None:
            chosen = promotion.chosen
            inferred = SettingsChoice(
                chosen.module, "inferred", promotion.default.line, evidence=promotion.evidence
            )
            return [inferred, *choices]
        return choices

    @cached_property
    def _named_settings_choices(self) -> list[SettingsChoice]:
        """The choices stronger than the defaults manage.py and wsgi.py set."""
        choices: list[SettingsChoice] = []
        if self.settings_override:
            choices.append(
                SettingsChoice(self.settings_override, "--settings", evidence=CLI_OPTION)
            )
        choices += self._config_vars_choice(SETTINGS_VAR)
        for choice in (self._web_command_choice(SETTINGS_VAR), self._app_json_choice(SETTINGS_VAR)):
            if choice is not None:
                choices.append(choice)
        choices += self._container_choices(SETTINGS_VAR)
        choices += self._evidence_choices(SETTINGS_VAR)
        return choices

    @cached_property
    def _entry_defaults(self) -> list[SettingsChoice]:
        """The defaults the WSGI module the web process runs and manage.py set (asked by the
        settings choice and by the promotion: each file is walked once)."""
        choices = []
        for relpath in self._entry_files():
            choice = self.settings_choice_in(relpath)
            if choice is not None:
                choices.append(choice)
        return choices

    def _evidence_choices(self, var: str) -> list[SettingsChoice]:
        """What processes, docs and env templates give `var`, without repeating a choice the
        web command already gave."""
        kept, _dropped = self._evidence(var)
        web = self._web_command_choice(var)
        return [
            choice
            for choice in kept
            if web is None
            or (choice.module, choice.origin, choice.line) != (web.module, web.origin, web.line)
        ]

    def _evidence(self, var: str) -> tuple[list[SettingsChoice], list[str]]:
        if var not in self._evidence_cache:
            from .choosing import evidence_choices

            self._evidence_cache[var] = evidence_choices(self, var)
        return self._evidence_cache[var]

    @property
    def settings_evidence_dropped(self) -> list[str]:
        """Settings names the processes, docs or env templates give that were left out, each
        as "module (file:line): why"."""
        return self._evidence(SETTINGS_VAR)[1]

    @cached_property
    def settings_promotion(self) -> Optional[Promotion]:
        """When only manage.py's and wsgi.py's defaults name the settings, and they name a
        development module (`config.settings.local`, a `settings.py` that a `settings_prod.py`
        builds on, a folder without `__init__.py`): the production modules considered in its
        place, ranked by production signs, and the one chosen. Such an app can only run on
        Heroku with DJANGO_SETTINGS_MODULE set as a config var, which the repository does not
        show; checking the development module would report its deliberate DEBUG = True as a
        production error."""
        from .choosing import promotion

        if self._named_settings_choices:
            return None
        if self._config_vars_known_unset(SETTINGS_VAR):
            return None  # no config var selects another module: the default runs
        return promotion(self, list(self._entry_defaults))

    @property
    def settings_decision(self) -> Optional[SettingsChoice]:
        """The evidence that decided the settings checked (its `evidence` label, `origin` and
        `line`); for a promotion, the default it replaces is `settings_choices[1]`."""
        return self.settings_choice

    @property
    def settings_promoted(self) -> bool:
        """True when the checked settings were promoted over a development default (a config
        var must select them on Heroku); False when a file or the CLI names them, or when the
        checked module is the development default itself."""
        choice = self.settings_choice
        return choice is not None and choice.evidence in PROMOTIONS

    def _development_package(self, choices: list[SettingsChoice], *, base: bool) -> str:
        """The package when every choice is a default naming one development module of it
        (`settings.local`; with `base`, also the shared `settings.base`), else ""."""
        if not choices or any(
            c.evidence != ENTRY_DEFAULT or c.env_var or c.pattern for c in choices
        ):
            return ""
        packages = {c.module.rpartition(".")[0] for c in choices}
        names = {c.module.rpartition(".")[2] for c in choices}
        development = all(
            names_development(name) or (base and name in SHARED_NAMES) for name in names
        )
        return packages.pop() if len(packages) == 1 and len(names) == 1 and development else ""

    @cached_property
    def presumed_production_siblings(self) -> list[str]:
        """When only defaults name a development module (`settings.local`) and no known
        production sibling exists, its other siblings (`settings.cabotage`): one of them is
        presumably selected on Heroku by a config var, so what the development module
        hard-codes is not known to reach production. When production modules beside it tie
        on production signs, those. Empty otherwise."""
        promotion = self.settings_promotion
        if promotion is not None and promotion.ambiguous:
            return [candidate.module for candidate in promotion.candidates]
        choices = self.settings_choices
        package = self._development_package(choices, base=False)
        if not package or self._config_vars_known_unset(SETTINGS_VAR):
            return []
        return [
            module
            for module in self.sibling_modules(f"{package}.*")
            if not names_development(name := module.rpartition(".")[2]) and name not in SHARED_NAMES
        ]

    @cached_property
    def build_settings_choice(self) -> Optional[SettingsChoice]:
        """The settings the build's `manage.py collectstatic` uses: --settings, app.json, an
        inferred production module (a config var, which the build sees too), or manage.py's
        own default (the Procfile's web command does not apply to the build).
        None for a Docker build: no buildpack runs collectstatic, the Dockerfile decides."""
        if self.platform.container_build:
            return None
        for choice in self.settings_choices:
            if choice.evidence in CONFIG_VAR_EVIDENCE or choice.evidence in PROMOTIONS:
                return choice
            if choice.origin == self.manage_py:
                return choice
        return None

    @cached_property
    def configuration_choices(self) -> list[SettingsChoice]:
        """django-configurations: every place that names DJANGO_CONFIGURATION (the class)."""
        choices = self._config_vars_choice(CONFIGURATION_VAR)
        choices += [
            choice
            for choice in (
                self._web_command_choice(CONFIGURATION_VAR),
                self._app_json_choice(CONFIGURATION_VAR),
            )
            if choice is not None
        ]
        choices += self._container_choices(CONFIGURATION_VAR)
        choices += self._evidence_choices(CONFIGURATION_VAR)
        defaults = []
        for relpath in self._entry_files():
            parsed = self.python(relpath)
            text = self.text(relpath)
            if isinstance(parsed, ParsedModule) and text is not None:
                choice = configuration_in(parsed.module, relpath, text.text)
                if choice is not None:
                    defaults.append(choice)
        if not choices:
            promotion = self._configuration_promotion(defaults)
            if promotion is not None and promotion.chosen is not None:
                inferred = SettingsChoice(
                    promotion.chosen.module,
                    "inferred",
                    promotion.default.line,
                    evidence=promotion.evidence,
                )
                return [inferred, *defaults]
        return choices + defaults

    def _configuration_promotion(self, defaults: list[SettingsChoice]) -> Optional[Promotion]:
        choice = self.settings_choice
        if not defaults or choice is None:
            return None
        from .choosing import configuration_promotion, settings_files

        files = settings_files(self, choice.module, self.settings_roots(choice))
        return configuration_promotion(self, defaults, files)

    @cached_property
    def configuration_promotion(self) -> Optional[Promotion]:
        """django-configurations: the production classes considered in place of a development
        default class, and the one chosen (see choosing.configuration_promotion)."""
        if any(
            c.evidence != ENTRY_DEFAULT
            for c in self.configuration_choices
            if c.origin != "inferred"
        ):
            return None
        defaults = [c for c in self.configuration_choices if c.origin != "inferred"]
        return self._configuration_promotion(defaults)

    @cached_property
    def configuration_choice(self) -> Optional[SettingsChoice]:
        return self.configuration_choices[0] if self.configuration_choices else None

    def _entry_files(self) -> list[str]:
        files: list[str] = []
        target = self._procfile_wsgi_module()
        if target:
            relpath = self.locate_module(target)
            if relpath:
                files.append(relpath)
        if self.manage_py:
            files.append(self.manage_py)
        return files

    @cached_property
    def settings_choice(self) -> Optional[SettingsChoice]:
        return self.settings_choices[0] if self.settings_choices else None

    @cached_property
    def settings(self) -> Optional[SettingsModel]:
        """The production settings, or None when no settings module is named or found."""
        choice = self.settings_choice
        if choice is None:
            return None
        return self.resolve_settings(choice)

    def resolve_settings(self, choice: SettingsChoice) -> Optional[SettingsModel]:
        """The settings `choice` gives. A name built from a variable whose default names a
        developer's setup (`f"config.settings.{os.environ.get('ENV', 'local')}"`) may be any
        of its siblings on Heroku: then only what they all agree on is known."""
        roots = self.settings_roots(choice)
        if self.locate_module(choice.module, roots) is None:
            return None
        alternatives: list[str] = []
        if choice.pattern and names_development(choice.module.rsplit(".", 1)[-1]):
            alternatives = [
                module for module in self.sibling_modules(choice.pattern) if module != choice.module
            ]
        configuration = self.configuration_choice
        locate = partial(self.locate_module, roots=roots)
        resolver = SettingsResolver(locate, self.python, self.glob)
        model = resolver.resolve(
            choice.module,
            alternatives=alternatives,
            configuration=configuration.module if configuration else None,
        )
        if choice.env_var:
            read = (choice.module, *alternatives)
            model.selections.insert(
                0, Selection(choice.env_var, choice.module, read, read, choice.origin, choice.line)
            )
        return model

    def sibling_modules(self, pattern: str) -> list[str]:
        """Modules matching `config.settings.*` (a `*` for one name part)."""
        head, _, tail = pattern.partition("*")
        if "*" in tail or "." in tail or not head.endswith("."):
            return []
        package = head[:-1]
        init = self.locate_module(package)
        if init is None or not init.endswith("__init__.py"):
            return []
        folder = init.rsplit("/", 1)[0]
        stems = [path.rsplit("/", 1)[-1][:-3] for path in self.glob(f"{folder}/*{tail}.py")]
        return [f"{package}.{stem}" for stem in stems if stem != "__init__"]

    def _procfile_wsgi_module(self) -> Optional[str]:
        web = self.web
        if web is None or not web.target:
            return None
        return web.target.split(":", 1)[0]

    @cached_property
    def wsgi(self) -> Optional[WsgiTarget]:
        web = self.web
        if (
            web is not None
            and web.target
            and web.server in ("gunicorn", "uvicorn", "daphne", "hypercorn", "waitress-serve")
        ):
            module, _, attr = web.target.partition(":")
            origin, line = self.web_origin
            return WsgiTarget(
                module, attr or "application", self.locate_module(module), origin, line
            )
        settings = self.settings
        setting = settings.get("WSGI_APPLICATION") if settings else None
        if setting is not None:
            from .values import Const

            if isinstance(setting.value, Const) and isinstance(setting.value.value, str):
                module, _, attr = setting.value.value.rpartition(".")
                return WsgiTarget(
                    module, attr, self.locate_module(module), setting.relpath, setting.line
                )
        return None

    # -- config vars -------------------------------------------------------------------------
    @cached_property
    def env_reads(self) -> list[EnvRead]:
        """Every environment read production makes: the settings chain, the entry modules
        (wsgi/asgi/manage.py, run at top level), a gunicorn config file, the Procfile's
        `$VAR`s, and the DJANGO_SETTINGS_MODULE / DJANGO_CONFIGURATION defaults."""
        reads: list[EnvRead] = []
        reads += settings_choice_reads(self.settings_choices, SETTINGS_VAR, self._entry_files())
        reads += settings_choice_reads(
            self.configuration_choices, CONFIGURATION_VAR, self._entry_files()
        )
        if self.settings is not None:
            reads += self.settings.env_reads
        for relpath in self._env_modules():
            resolver = SettingsResolver(self.locate_module, self.python, self.glob)
            reads += resolver.resolve_file(relpath).env_reads
        if self.procfile is not None:
            reads += procfile_reads(self.procfile)
        unique: list[EnvRead] = []
        for read in reads:
            if not any(
                (seen.name, seen.path, seen.line) == (read.name, read.path, read.line)
                for seen in unique
            ):
                unique.append(read)
        return unique

    @cached_property
    def env_variables(self) -> list[EnvVariable]:
        """`env_reads` grouped per variable, with who provides each on Heroku."""
        return variables(self.env_reads)

    def _env_modules(self) -> list[str]:
        """The entry modules whose top level runs on a dyno or in the build, and a gunicorn
        config file (`-c FILE`, or the `gunicorn.conf.py` gunicorn reads by default)."""
        found: list[str] = []
        wsgi = self.wsgi
        if wsgi is not None and wsgi.relpath:
            found.append(wsgi.relpath)
            asgi = wsgi.relpath.rsplit("/", 1)[0] + "/asgi.py" if "/" in wsgi.relpath else ""
            if asgi and self.exists(asgi) and self.web and self.web.server != "gunicorn":
                found.append(asgi)
        if self.manage_py:
            found.append(self.manage_py)
        web = self.web
        if web is not None and web.server == "gunicorn":
            config = web.options.get("--config", "gunicorn.conf.py")
            if config.startswith("python:"):
                located = self.locate_module(config[len("python:") :])
                config = located or ""
            chdir = web.options.get("--chdir", "").strip("/")
            relpath = f"{chdir}/{config}" if chdir and config else config
            if relpath.endswith(".py") and self.exists(relpath):
                found.append(relpath)
        return list(dict.fromkeys(found))

    # -- dependencies, Python, git -----------------------------------------------------------
    @cached_property
    def dependencies(self) -> Dependencies:
        return read_dependencies(self.files, self.target)

    @cached_property
    def dependencies_by_manager(self) -> dict[str, Dependencies]:
        """Each package manager at the root (by name: pip, pipenv, poetry, uv), read as if it
        were the only one: `{manager: dependencies}` when there is one."""
        return read_each_manager(self.files, self.dependencies)

    @cached_property
    def python_versions(self) -> PythonVersions:
        return read_python_versions(
            self.files, self.target, self.dependencies, self.dependencies_by_manager
        )

    @cached_property
    def versions(self) -> ResolvedVersions:
        """The versions the app runs: `.django`, `.dj_database_url`, `.python`, `.of(name)`."""
        return ResolvedVersions(self.dependencies_by_manager, self.python_versions)

    @cached_property
    def platform(self) -> Platform:
        """app.json (stack, buildpacks, config vars) and heroku.yml (a Docker build)."""
        return read_platform(self.files)

    @cached_property
    def git(self) -> Optional[GitRepo]:
        return GitRepo.find(self.root, self.files.recorder)

    @cached_property
    def template_placeholder(self) -> Optional[TemplatePlaceholder]:
        """The first placeholder of an unrendered project template (`{{ project_name }}`) in
        the files that name the project: the process commands, manage.py, the settings
        modules named, the WSGI module and the settings; or a template's own file
        (cookiecutter.json, manage.py-tpl). None for a rendered project."""
        for process in self.processes:
            if has_placeholder(process.command):
                found = first_placeholder(process.command, process.command)
                return replace(found, relpath=process.relpath, line=process.line) if found else None
        for choice in self.settings_choices:
            if has_placeholder(choice.module) and self.exists(choice.origin):
                found = first_placeholder(choice.module, choice.module)
                return replace(found, relpath=choice.origin, line=choice.line) if found else None
        settings = self.settings
        wsgi = self.wsgi
        for relpath in (
            "Procfile" if self.exists("Procfile") else None,
            self.manage_py,
            wsgi.relpath if wsgi else None,
            settings.relpath if settings else None,
        ):
            text = self.text(relpath) if relpath else None
            found = first_placeholder(relpath, text.text) if relpath and text else None
            if found is not None:
                return found
        for relpath in TEMPLATE_FILES:
            if relpath in self.root_names:
                text = self.text(relpath)
                found = first_placeholder(relpath, text.text) if text else None
                return found or TemplatePlaceholder(relpath, 1, "")
        return None

    def anchor(self) -> str:
        """The file a project-level finding points at: the nearest real file of the app."""
        for candidate in ("manage.py", "requirements.txt", "pyproject.toml", "Procfile"):
            if self.exists(candidate):
                return candidate
        if self.manage_py:
            return self.manage_py
        settings = self.settings
        if settings is not None and settings.relpath:
            return settings.relpath
        return "manage.py"
