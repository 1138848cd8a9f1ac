"""The cache for warm runs: a check whose inputs have not changed is not run again.

A run is identified by a key over what decides its result besides the project: herokulint's
own code (version and the files of the installed package), today's date (the Python and
Django support data compare dates), the app root, the command-line options and the
configuration table found for it. Under that key the cache stores the run's inputs, as a
`Recorder` noted them (each question asked of the file system and git, with a digest of its
answer: a file's contents, a folder's names, a glob, `git ls-files`...), and its result (the
resolved configuration, the settings chain and the findings).

A warm run asks every recorded question again, in order, and uses the stored result only when
every answer is the same; the first difference makes it a miss. So an edit to any file the run
read (settings, Procfile, manifests, locks, version files), a file appearing where the run
looked for one, or a change of git state invalidates the result, while files the run never
looked at do not. Asking again needs only the file reader and git, never the project model,
so a warm run does not import LibCST. (ruff keys its cache per file by content; herokulint's
findings depend on several files at once, so the unit here is the run.)

The folder (`.herokulint_cache/` at the app root, or `HEROKULINT_CACHE_DIR`) holds a
`CACHEDIR.TAG` and a `.gitignore` of its own, as ruff's does. Entries are written to a
temporary file and renamed into place, so concurrent runs never see half an entry; an entry
that cannot be read or parsed is a miss. Runs that fix, diff or are given config vars (whose
values are secrets) neither read nor write the cache.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import fields
from pathlib import Path
from typing import Any, Optional

from . import __version__, i18n
from .config import CliOptions, Config, find_config, read_table
from .files import CACHE_DIR_NAME, FileReader, Recorder, digest
from .findings import Finding, Fix
from .records import mutable

ENV_VAR = "HEROKULINT_CACHE_DIR"
FORMAT = 1  # bump when an entry's shape changes
MAX_ENTRIES = 64  # per cache folder; the oldest go first

CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by herokulint.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)
GITIGNORE = "# Automatically created by herokulint.\n*\n"


def cache_folder(root: Path) -> Path:
    configured = os.environ.get(ENV_VAR)
    return Path(configured) if configured else root / CACHE_DIR_NAME


_TOOL: list[str] = []


def tool_fingerprint() -> str:
    """herokulint's version and the size and modification time of each of its files: a
    development checkout that changes a rule gets new keys (computed once per process)."""
    if not _TOOL:
        package = Path(__file__).parent
        stamps = []
        for folder, dirs, files in os.walk(package):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".py", ".mo")):
                    info = os.stat(os.path.join(folder, name))
                    stamps.append(
                        (
                            os.path.relpath(os.path.join(folder, name), package),
                            info.st_size,
                            info.st_mtime_ns,
                        )
                    )
        _TOOL.append(digest((__version__, sys.version_info[:2], stamps)))
    return _TOOL[0]


def configuration(root: Path, cli: CliOptions) -> object:
    """The configuration table the run will use, as read (validation follows on a miss)."""
    if cli.config_file is not None:
        explicit = Path(cli.config_file)
        return (
            (str(explicit.resolve()), read_table(explicit, explicit=True))
            if explicit.is_file()
            else None
        )
    if cli.isolated:
        return None
    found = find_config(root)
    return (str(found[0]), found[1]) if found is not None else None


def run_key(root: Path, cli: CliOptions) -> str:
    return digest(
        (
            FORMAT,
            tool_fingerprint(),
            time.strftime("%Y-%m-%d"),  # today: the data's dates (end-of-life) move on
            str(root.resolve()),
            repr(cli),
            configuration(root, cli),
        )
    )


@mutable
class Stored:
    """A run's result, as the report needs it."""

    config: Config
    app_root: Path
    settings: list[str]
    findings: list[Finding]
    settings_line: str = ""  # the text report's header: the settings checked and why
    # After --fix (never cached): the config vars the fixes made production read (env.py).
    before_push: tuple[str, ...] = ()
    fixed: tuple[str, ...] = ()  # after --fix: one line per fix applied (`--show-fixes`)


# -- (de)serialising -------------------------------------------------------------------------
def finding_to_json(finding: Finding) -> dict[str, Any]:
    """A finding as JSON: its English text, and (for another language at report time) each
    message's template and parameters under `*_message`."""
    data = {f.name: getattr(finding, f.name) for f in fields(Finding) if f.name != "fix"}
    data["message_message"] = i18n.to_json(finding.message)
    fix = finding.fix
    data["fix"] = (
        None
        if fix is None
        else {
            "applicability": fix.applicability,
            "message": fix.message,
            "message_message": i18n.to_json(fix.message),
        }
    )
    return data


def finding_from_json(data: dict[str, Any]) -> Finding:
    """The finding `finding_to_json` stored; an entry without templates is English only."""
    fix = data.pop("fix")
    data["message"] = i18n.from_json(data["message"], data.pop("message_message", None))
    data["notes"] = tuple(data.get("notes", ()))
    if fix is not None:
        message = i18n.from_json(fix["message"], fix.get("message_message"))
        return Finding(**data, fix=Fix(fix["applicability"], message))
    return Finding(**data, fix=None)


def tuples(value: Any) -> Any:
    """JSON lists back into the tuples a frozen Config holds."""
    return tuple(tuples(item) for item in value) if isinstance(value, list) else value


def config_to_json(config: Config) -> dict[str, Any]:
    data = {f.name: getattr(config, f.name) for f in fields(Config)}
    data["file"] = str(config.file) if config.file is not None else None
    return data


def config_from_json(data: dict[str, Any]) -> Config:
    values = {name: tuples(value) for name, value in data.items()}
    values["file"] = Path(data["file"]) if data["file"] is not None else None
    return Config(**values)


# -- the cache -------------------------------------------------------------------------------
class Cache:
    def __init__(self, root: Path, cli: CliOptions) -> None:
        self.root = root
        self.folder = cache_folder(root)
        self.key = run_key(root, cli)
        self.entry = self.folder / f"{self.key}.json"

    def lookup(self) -> Optional[Stored]:
        """The stored result when every recorded input answers as it did; None otherwise."""
        try:
            data = json.loads(self.entry.read_text(encoding="utf-8"))
            app_root = self.root / data["app_dir"] if data["app_dir"] else self.root
            if not still_true(app_root, data["inputs"]):
                return None
            return Stored(
                config_from_json(data["config"]),
                app_root,
                list(data["settings"]),
                [finding_from_json(item) for item in data["findings"]],
                i18n.from_json(
                    str(data.get("settings_line", "")), data.get("settings_line_message")
                ),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # no entry, or one that is corrupt or of another shape: a miss

    def store(
        self,
        config: Config,
        app_root: Path,
        recorder: Recorder,
        settings: list[str],
        findings: list[Finding],
        *,
        settings_line: str = "",
    ) -> None:
        """Best effort: a cache that cannot be written (read-only checkout) is no error."""
        app_dir = os.path.relpath(app_root, self.root) if app_root != self.root else ""
        document = {
            "format": FORMAT,
            "app_dir": app_dir,
            "config": config_to_json(config),
            "inputs": [[q, arg, answer] for (q, arg), answer in recorder.answers.items()],
            "settings": settings,
            "settings_line": settings_line,
            "settings_line_message": i18n.to_json(settings_line),
            "findings": [finding_to_json(finding) for finding in findings],
        }
        try:
            self.prepare()
            temporary = self.folder / f".tmp-{os.getpid()}-{time.monotonic_ns()}.json"
            # O_EXCL: a name no other run holds (pid and clock), so concurrent runs never share
            # a file; tempfile would do the same and cost a warm run its import.
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    json.dump(document, out)
                os.replace(temporary, self.entry)
            except BaseException:
                temporary.unlink(missing_ok=True)
                raise
            self.prune()
        except (OSError, TypeError, ValueError):
            return

    def prepare(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, text in (("CACHEDIR.TAG", CACHEDIR_TAG), (".gitignore", GITIGNORE)):
            path = self.folder / name
            if not path.exists():
                path.write_text(text, encoding="utf-8")

    def prune(self) -> None:
        entries = [path for path in self.folder.glob("*.json") if not path.name.startswith(".")]
        if len(entries) > MAX_ENTRIES:
            entries.sort(key=lambda path: path.stat().st_mtime)
            for path in entries[: len(entries) - MAX_ENTRIES]:
                path.unlink(missing_ok=True)


def still_true(app_root: Path, inputs: list[list[str]]) -> bool:
    """Asks each recorded question again; True when every answer has the same digest."""
    from . import gitrepo

    reader = FileReader(app_root)
    for question, argument, answer in inputs:
        if question.startswith("git"):
            now = gitrepo.answer(app_root, question, argument)
        else:
            now = reader.answer(question, argument)
        if digest(now) != answer:
            return False
    return True
