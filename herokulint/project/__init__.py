"""The ProjectModel: every file a rule needs, read once and parsed once, behind plain questions.

Rules never open or parse files; they ask the model (`project.settings.get("DEBUG")`,
`project.procfile.web`, `project.dependencies.declares("gunicorn")`). Every part is computed on
first use, so a run that selects only Procfile rules never parses Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Optional

from .dependencies import Dependencies, read_dependencies
from .discover import SettingsChoice, find_manage_py, module_candidates, settings_module_in
from .files import FileReader, ReadError, TextFile
from .git import GitRepo
from .procfile import Procfile, ServerCommand, parse_procfile, parse_server_command
from .pysource import ParsedModule, ParseFailure, ParseResult, parse
from .python_version import VersionFileProblem, VersionRequest, parse_version_file
from .settings import SettingsModel, SettingsResolver

VERSION_FILES = ("runtime.txt", ".python-version")  # the buildpack's precedence order


@dataclass(frozen=True)
class WsgiTarget:
    """The module (and callable) the web server loads, and where that choice was made."""

    module: str
    callable: str
    relpath: Optional[str]  # the module's file, None when it does not exist
    origin: str  # "Procfile" or the settings file naming WSGI_APPLICATION
    line: int


@dataclass
class PythonVersions:
    requests: dict[str, VersionRequest] = field(default_factory=dict)  # by file name
    problems: list[VersionFileProblem] = field(default_factory=list)
    unreadable: dict[str, ReadError] = field(default_factory=dict)

    @property
    def effective(self) -> Optional[VersionRequest]:
        """The version the buildpack uses: runtime.txt wins over .python-version."""
        for name in VERSION_FILES:
            if name in self.requests:
                return self.requests[name]
        return None


class ProjectModel:
    def __init__(
        self, root: Path, *, settings: Optional[str] = None, target: str = "cedar"
    ) -> None:
        self.root = root
        self.files = FileReader(root)
        self.settings_override = settings
        # "cedar": the classic Python buildpack (the default); "fir": the Cloud Native Buildpack.
        self.target = target
        self._parsed: dict[str, ParseResult] = {}

    # -- files -------------------------------------------------------------------------------
    def exists(self, relpath: str) -> bool:
        return self.files.exists(relpath)

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
        return self.files.read("Procfile")

    @cached_property
    def procfile(self) -> Optional[Procfile]:
        read = self.procfile_read
        return parse_procfile(read) if isinstance(read, TextFile) else None

    @cached_property
    def web(self) -> Optional[ServerCommand]:
        process = self.procfile.web if self.procfile else None
        if process is None or process.argv is None:
            return None
        return parse_server_command(process.argv)

    # -- Django discovery --------------------------------------------------------------------
    @cached_property
    def manage_py(self) -> Optional[str]:
        return find_manage_py(self.root)

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

    def locate_module(self, module: str) -> Optional[str]:
        for root in self.search_roots:
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
        return settings_module_in(parsed.module, relpath, text.text)

    @cached_property
    def settings_choices(self) -> list[SettingsChoice]:
        """Every place that names DJANGO_SETTINGS_MODULE, strongest first (runtime wins)."""
        choices: list[SettingsChoice] = []
        if self.settings_override:
            choices.append(SettingsChoice(self.settings_override, "--settings"))
        web = self.web
        if web is not None:
            env = {**web.env}
            option = web.options.get("--env", "")
            if option.startswith("DJANGO_SETTINGS_MODULE="):
                env["DJANGO_SETTINGS_MODULE"] = option.split("=", 1)[1]
            if "DJANGO_SETTINGS_MODULE" in env:
                line = self.procfile.web.line if self.procfile and self.procfile.web else 1
                choices.append(SettingsChoice(env["DJANGO_SETTINGS_MODULE"], "Procfile", line))
        for relpath in self._entry_files():
            choice = self.settings_choice_in(relpath)
            if choice is not None:
                choices.append(choice)
        return choices

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
        if choice is None or self.locate_module(choice.module) is None:
            return None
        return SettingsResolver(self.locate_module, self.python).resolve(choice.module)

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
            line = self.procfile.web.line if self.procfile and self.procfile.web else 1
            return WsgiTarget(
                module, attr or "application", self.locate_module(module), "Procfile", line
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

    # -- dependencies, Python, git -----------------------------------------------------------
    @cached_property
    def dependencies(self) -> Dependencies:
        return read_dependencies(self.files)

    @cached_property
    def python_versions(self) -> PythonVersions:
        versions = PythonVersions()
        for name in VERSION_FILES:
            read = self.files.read(name)
            if read is None:
                continue
            if isinstance(read, ReadError):
                versions.unreadable[name] = read
                continue
            request, problems = parse_version_file(read)
            if request is not None:
                versions.requests[name] = request
            versions.problems.extend(problems)
        return versions

    @cached_property
    def git(self) -> Optional[GitRepo]:
        return GitRepo.find(self.root)

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
