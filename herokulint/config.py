"""Configuration: `[tool.herokulint]` in pyproject.toml or a `herokulint.toml`, merged with the
command line and validated.

A project's configuration is the nearest file found walking up from the checked path: in each
folder a `herokulint.toml` (keys at its top level) wins over a `pyproject.toml` with a
`[tool.herokulint]` table; a pyproject.toml without the table is skipped. The walk stops at the
repository's top (the folder holding `.git`): a file above it would not travel with the code to
CI. Command-line flags win over the file: `--select` replaces the file's `select` (and its
`extend-select`); `--ignore` and `--extend-select` add to the file's lists; the other flags
replace their key.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Optional

from .catalogue import load_rules
from .errors import UsageError
from .findings import SEVERITIES
from .i18n import LANGS, msg
from .records import frozen
from .rule import Rule
from .selection import did_you_mean, matches, suggestion

KEYS = (
    "select",
    "extend-select",
    "ignore",
    "per-file-ignores",
    "severity",
    "fail-on",
    "settings",
    "target",
    "app-dir",
    "unsafe-fixes",
    "show-info",
    "lang",
)
FAIL_ON = ("error", "warning", "info", "never")
TARGETS = ("cedar", "fir")
FILE_NAMES = ("herokulint.toml", "pyproject.toml")  # in a folder, the first found wins

# A pyproject.toml that may hold our table: `[tool.herokulint]` (or a sub-table), a dotted
# `tool.herokulint.x = …`, or `herokulint = {…}` / `herokulint.x = …` inside `[tool]`. A file
# that only names herokulint (as a dependency, a script) is not parsed.
TABLE = re.compile(
    r"^[ \t]*(?:\[[ \t]*tool[ \t]*\.[ \t]*[\"']?herokulint|tool[ \t]*\.[ \t]*[\"']?herokulint"
    r"|[\"']?herokulint[\"']?[ \t]*(?:\.|=[ \t]*\{))",
    re.MULTILINE,
)

# A key's source: "default", "cli", the file's path, or "<file> + cli" for merged lists.
DEFAULT, CLI = "default", "cli"


class ConfigError(UsageError):
    """A configuration file that cannot be read or holds an unknown key, code or value."""


@frozen
class CliOptions:
    """The configuration flags given on the command line; None (or empty) = not given."""

    select: Optional[tuple[str, ...]] = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Optional[str] = None
    settings: Optional[str] = None
    target: Optional[str] = None
    app_dir: Optional[str] = None
    unsafe_fixes: Optional[bool] = None
    show_info: Optional[bool] = None
    config_file: Optional[str] = None  # --config: use this file, no search
    isolated: bool = False  # --isolated: ignore every configuration file


@frozen
class FileOptions:
    """The validated contents of one configuration file (None = key absent)."""

    path: Path
    select: Optional[tuple[str, ...]] = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    fail_on: Optional[str] = None
    settings: Optional[str] = None
    target: Optional[str] = None
    app_dir: Optional[str] = None
    unsafe_fixes: Optional[bool] = None
    show_info: Optional[bool] = None
    lang: Optional[str] = None
    keys: tuple[str, ...] = ()  # the keys the file sets


@frozen
class PerFileIgnores:
    """`per-file-ignores` for one project: which codes are off in which files.

    A pattern is a glob (`*` also matches `/`) tried on the path relative to the app root and
    relative to the configuration file's folder; a pattern without `/` also matches a file name
    in any folder.
    """

    patterns: tuple[tuple[str, frozenset[str]], ...] = ()
    prefix: str = ""  # the app root relative to the configuration file's folder, "" if the same

    def ignores(self, code: str, relpath: str) -> bool:
        for pattern, codes in self.patterns:
            if code in codes and self._match(pattern, relpath):
                return True
        return False

    def _match(self, pattern: str, relpath: str) -> bool:
        import fnmatch

        candidates = [relpath]
        if self.prefix:
            candidates.append(f"{self.prefix}/{relpath}")
        if "/" not in pattern:
            candidates.append(relpath.rsplit("/", 1)[-1])
        return any(fnmatch.fnmatchcase(candidate, pattern) for candidate in candidates)


@frozen
class Config:
    """The merged configuration of one checked path."""

    rules: tuple[str, ...]  # the selected rule codes, in code order
    select: tuple[str, ...] = ("ALL",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (pattern, codes)
    severity: tuple[tuple[str, str], ...] = ()  # (code, severity), resolved from selectors
    fail_on: str = "error"
    settings: Optional[str] = None
    target: str = "cedar"
    app_dir: Optional[str] = None
    unsafe_fixes: bool = False
    show_info: bool = False  # info findings in the text and concise outputs
    lang: Optional[str] = None  # the output's language; None = the locale's (herokulint.i18n)
    file: Optional[Path] = None
    sources: tuple[tuple[str, str], ...] = ()  # (key, source) for every key

    @property
    def severities(self) -> dict[str, str]:
        return dict(self.severity)

    def source(self, key: str) -> str:
        return dict(self.sources).get(key, DEFAULT)

    def app_root(self, path: Path) -> Path:
        """The app root for a checked path: the path itself, or its `app-dir`.

        `app-dir` from the command line is relative to the checked path; from a file, relative
        to the file's folder, so a repository-level file works whichever folder is checked.
        """
        if not self.app_dir:
            return path
        base = path if self.source("app-dir") == CLI or self.file is None else self.file.parent
        root = base / self.app_dir
        if not root.is_dir():
            where = (
                "--app-dir"
                if self.source("app-dir") == CLI or self.file is None
                else msg("`app-dir` in {short_path}", short_path=short_path(self.file))
            )
            raise ConfigError(
                msg("{where}: {path!r} is not a directory", where=where, path=str(root))
            )
        return root

    def per_file(self, app_root: Path) -> PerFileIgnores:
        patterns = tuple((pattern, frozenset(codes)) for pattern, codes in self.per_file_ignores)
        prefix = ""
        if self.file is not None:
            try:
                relative = app_root.resolve().relative_to(self.file.parent.resolve())
            except ValueError:
                relative = None
            if relative is not None and relative.parts:
                prefix = relative.as_posix()
        return PerFileIgnores(patterns, prefix)

    def as_dict(self) -> dict[str, Any]:
        """What `herokulint inspect` shows: every key, its value and where it came from."""
        values: dict[str, Any] = {
            "select": list(self.select),
            "extend-select": list(self.extend_select),
            "ignore": list(self.ignore),
            "per-file-ignores": {pattern: list(codes) for pattern, codes in self.per_file_ignores},
            "severity": dict(self.severity),
            "fail-on": self.fail_on,
            "settings": self.settings,
            "target": self.target,
            "app-dir": self.app_dir,
            "unsafe-fixes": self.unsafe_fixes,
            "show-info": self.show_info,
            "lang": self.lang,
        }
        return {
            "file": short_path(self.file) if self.file else None,
            "values": {key: {"value": values[key], "source": self.source(key)} for key in KEYS},
            "rules": list(self.rules),
        }


# -- reading files ---------------------------------------------------------------------------
def toml_loads(text: str) -> dict[str, Any]:
    # tomllib is in the standard library from 3.11; tomli (its origin) is a dependency before.
    import importlib

    toml = importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")
    data: dict[str, Any] = toml.loads(text)
    return data


def short_path(path: Path) -> str:
    """A configuration file's path as the user would type it: relative to the current folder
    when below it, else absolute."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def read_table(path: Path, *, explicit: bool = False) -> Optional[dict[str, Any]]:
    """The herokulint table of a configuration file, or None when it has none.

    A pyproject.toml that does not look like it holds the table is skipped without parsing it:
    most do not, and a broken pyproject.toml is the project's problem, for the rules to report,
    not a configuration error.
    """
    pyproject = path.name == "pyproject.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        if pyproject and not explicit:
            return None
        raise ConfigError(
            msg(
                "cannot read configuration file {short_path}: {exc}",
                short_path=short_path(path),
                exc=exc,
            )
        ) from exc
    if pyproject and not explicit and not TABLE.search(text):
        return None
    try:
        data = toml_loads(text)
    except ValueError as exc:  # tomllib.TOMLDecodeError is a ValueError
        raise ConfigError(
            msg("{short_path} is not valid TOML: {exc}", short_path=short_path(path), exc=exc)
        ) from exc
    if not pyproject:
        if "tool" in data:
            raise ConfigError(
                msg(
                    "{short_path}: write the keys at the top level of herokulint.toml, without a "
                    "[tool.herokulint] header",
                    short_path=short_path(path),
                )
            )
        return data
    tool = data.get("tool")
    table = tool.get("herokulint") if isinstance(tool, dict) else None
    if table is None:
        if explicit:
            raise ConfigError(
                msg("{short_path} has no [tool.herokulint] table", short_path=short_path(path))
            )
        return None
    if not isinstance(table, dict):
        raise ConfigError(
            msg("{short_path}: tool.herokulint must be a table", short_path=short_path(path))
        )
    return table


def find_config(start: Path) -> Optional[tuple[Path, dict[str, Any]]]:
    """The nearest configuration at or above `start`, stopping at the repository's top."""
    folder = start.resolve()
    while True:
        for name in FILE_NAMES:
            candidate = folder / name
            if candidate.is_file():
                table = read_table(candidate)
                if table is not None:
                    return candidate, table
        if (folder / ".git").exists() or folder.parent == folder:
            return None
        folder = folder.parent


# -- validation ------------------------------------------------------------------------------
class Validator:
    """Checks one configuration table: every key known, every code a rule, every value valid."""

    def __init__(self, path: Path, rules: dict[str, type[Rule]]) -> None:
        self.path = path
        self.rules = rules
        self.where = (
            f"{short_path(path)} [tool.herokulint]"
            if path.name == "pyproject.toml"
            else short_path(path)
        )

    def error(self, message: str) -> ConfigError:
        return ConfigError(msg("{where}: {message}", where=self.where, message=message))

    def strings(self, key: str, value: object) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.error(
                msg('`{key}` must be a list of strings, e.g. {key} = ["HK401"]', key=key)
            )
        return tuple(value)

    def selectors(self, key: str, value: object) -> tuple[str, ...]:
        selectors = self.strings(key, value)
        for selector in selectors:
            self.selector(key, selector)
        return selectors

    def selector(self, key: str, selector: str) -> None:
        if not any(matches(selector, rule) for rule in self.rules.values()):
            raise self.error(
                msg(
                    "unknown rule selector {selector!r} in `{key}`{did_you_mean}",
                    selector=selector,
                    key=key,
                    did_you_mean=did_you_mean(selector, self.rules),
                )
            )

    def choice(self, key: str, value: object, choices: Iterable[str]) -> str:
        choices = tuple(choices)
        if value not in choices:
            hint = suggestion(str(value), choices)
            raise self.error(
                msg(
                    "`{key}` must be one of {choices}, not {value!r}{hint}",
                    key=key,
                    choices=", ".join(choices),
                    value=value,
                    hint=hint,
                )
            )
        assert isinstance(value, str)
        return value

    def string(self, key: str, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.error(msg("`{key}` must be a non-empty string", key=key))
        return value

    def table(self, key: str, value: object) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(msg("`{key}` must be a table, e.g. [tool.herokulint.{key}]", key=key))
        return value

    def validate(self, table: Mapping[str, Any]) -> FileOptions:
        for key in table:
            if key not in KEYS:
                raise self.error(
                    msg(
                        "unknown key {key!r}{suggestion}", key=key, suggestion=suggestion(key, KEYS)
                    )
                )
        get = table.get
        options: dict[str, Any] = {"path": self.path, "keys": tuple(table)}
        if "select" in table:
            options["select"] = self.selectors("select", get("select"))
        if "extend-select" in table:
            options["extend_select"] = self.selectors("extend-select", get("extend-select"))
        if "ignore" in table:
            options["ignore"] = self.selectors("ignore", get("ignore"))
        if "per-file-ignores" in table:
            options["per_file_ignores"] = self.per_file_ignores(get("per-file-ignores"))
        if "severity" in table:
            options["severity"] = self.severity(get("severity"))
        if "fail-on" in table:
            options["fail_on"] = self.choice("fail-on", get("fail-on"), FAIL_ON)
        if "settings" in table:
            options["settings"] = self.string("settings", get("settings"))
        if "target" in table:
            options["target"] = self.choice("target", get("target"), TARGETS)
        if "app-dir" in table:
            options["app_dir"] = self.app_dir(get("app-dir"))
        if "lang" in table:
            options["lang"] = self.choice("lang", get("lang"), LANGS)
        for key in ("unsafe-fixes", "show-info"):
            if key in table:
                if not isinstance(get(key), bool):
                    raise self.error(msg("`{key}` must be true or false", key=key))
                options[key.replace("-", "_")] = get(key)
        return FileOptions(**options)

    def per_file_ignores(self, value: object) -> tuple[tuple[str, tuple[str, ...]], ...]:
        table = self.table("per-file-ignores", value)
        resolved = []
        for pattern, selectors in table.items():
            codes = self.selectors(f"per-file-ignores.{pattern!r}", selectors)
            resolved.append((pattern, resolve(codes, self.rules)))
        return tuple(resolved)

    def severity(self, value: object) -> tuple[tuple[str, str], ...]:
        table = self.table("severity", value)
        for selector, level in table.items():
            self.selector("severity", selector)
            self.choice(f"severity.{selector}", level, SEVERITIES)
        return resolve_severities(table, self.rules)

    def app_dir(self, value: object) -> str:
        text = self.string("app-dir", value)
        if Path(text).is_absolute() or ".." in Path(text).parts:
            raise self.error(
                msg("`app-dir` must be a folder below the configuration file's folder")
            )
        return text


def resolve(selectors: Iterable[str], rules: dict[str, type[Rule]]) -> tuple[str, ...]:
    """The codes of the rules any of `selectors` names (codes, prefixes, names or ALL)."""
    selectors = tuple(selectors)
    return tuple(
        code for code, rule in rules.items() if any(matches(sel, rule) for sel in selectors)
    )


def _specificity(selector: str, rules: dict[str, type[Rule]]) -> int:
    if selector.upper() == "ALL":
        return 0
    if any(selector.lower() == rule.name for rule in rules.values()):
        return 100  # a name is as specific as a full code
    return len(selector)


def resolve_severities(
    table: Mapping[str, str], rules: dict[str, type[Rule]]
) -> tuple[tuple[str, str], ...]:
    """code -> severity; a more specific selector (HK405 over HK4) wins."""
    result: dict[str, str] = {}
    for selector in sorted(table, key=lambda s: _specificity(s, rules)):
        for code in resolve([selector], rules):
            result[code] = table[selector]
    return tuple(sorted(result.items()))


def validate_cli(cli: CliOptions, rules: dict[str, type[Rule]]) -> None:
    for selector in [*(cli.select or ()), *cli.extend_select, *cli.ignore]:
        if not any(matches(selector, rule) for rule in rules.values()):
            raise UsageError(
                msg(
                    "unknown rule selector {selector!r}{did_you_mean}",
                    selector=selector,
                    did_you_mean=did_you_mean(selector, rules),
                )
            )


# -- merging ---------------------------------------------------------------------------------
def exactly_named(selectors: Iterable[str], rules: dict[str, type[Rule]]) -> set[str]:
    named = set()
    for selector in selectors:
        for code, rule in rules.items():
            if selector.upper() == code or selector.lower() == rule.name:
                named.add(code)
    return named


def select_codes(
    file: Optional[FileOptions], cli: CliOptions, rules: dict[str, type[Rule]]
) -> tuple[str, ...]:
    """The selected rules: select (default ALL) + extend-select - ignore.

    `--select` replaces the file's `select` and `extend-select`. The file's `ignore` still
    applies, except to a rule the command line names exactly (`--select HK405` shows HK405 even
    when the file ignores it); `--ignore` always applies.
    """
    if cli.select is not None:
        chosen = set(resolve(cli.select, rules))
    else:
        base = file.select if file is not None and file.select is not None else ("ALL",)
        chosen = set(resolve(base, rules))
        chosen |= set(resolve(file.extend_select if file else (), rules))
    chosen |= set(resolve(cli.extend_select, rules))
    if file is not None:
        explicit = exactly_named([*(cli.select or ()), *cli.extend_select], rules)
        chosen -= set(resolve(file.ignore, rules)) - explicit
    chosen -= set(resolve(cli.ignore, rules))
    return tuple(code for code in rules if code in chosen)


def merge(file: Optional[FileOptions], cli: CliOptions, rules: dict[str, type[Rule]]) -> Config:
    where = short_path(file.path) if file is not None else DEFAULT
    in_file = set(file.keys) if file is not None else set()
    sources: dict[str, str] = {}

    def scalar(key: str, cli_value: Any, file_value: Any, default: Any) -> Any:
        if cli_value is not None:
            sources[key] = CLI
            return cli_value
        if key in in_file:
            sources[key] = where
            return file_value
        sources[key] = DEFAULT
        return default

    def combined(
        key: str, file_value: tuple[str, ...], cli_value: tuple[str, ...], keep_file: bool = True
    ) -> tuple[str, ...]:
        from_file = keep_file and key in in_file
        parts = ([where] if from_file else []) + ([CLI] if cli_value else [])
        sources[key] = " + ".join(parts) or DEFAULT
        return (*(file_value if from_file else ()), *cli_value)

    select = scalar("select", cli.select, file.select if file else None, ("ALL",))
    return Config(
        rules=select_codes(file, cli, rules),
        select=tuple(select),
        extend_select=combined(
            "extend-select",
            file.extend_select if file else (),
            cli.extend_select,
            keep_file=cli.select is None,  # --select replaces the file's whole selection
        ),
        ignore=combined("ignore", file.ignore if file else (), cli.ignore),
        per_file_ignores=scalar(
            "per-file-ignores", None, file.per_file_ignores if file else None, ()
        ),
        severity=scalar("severity", None, file.severity if file else None, ()),
        fail_on=scalar("fail-on", cli.fail_on, file.fail_on if file else None, "error"),
        settings=scalar("settings", cli.settings, file.settings if file else None, None),
        target=scalar("target", cli.target, file.target if file else None, "cedar"),
        app_dir=scalar("app-dir", cli.app_dir, file.app_dir if file else None, None),
        unsafe_fixes=scalar(
            "unsafe-fixes", cli.unsafe_fixes, file.unsafe_fixes if file else None, False
        ),
        show_info=scalar("show-info", cli.show_info, file.show_info if file else None, False),
        lang=scalar("lang", None, file.lang if file else None, None),
        file=file.path if file is not None else None,
        sources=tuple(sources.items()),
    )


def load_config(path: Path, cli: CliOptions = CliOptions()) -> Config:
    """The configuration for checking `path`: its nearest file (or `--config`) merged with the
    command line."""
    rules = load_rules()
    validate_cli(cli, rules)
    file: Optional[FileOptions] = None
    if cli.config_file is not None:
        explicit = Path(cli.config_file)
        if not explicit.is_file():
            raise ConfigError(
                msg("--config: {config_file!r} is not a file", config_file=cli.config_file)
            )
        table = read_table(explicit, explicit=True)
        assert table is not None
        file = Validator(explicit, rules).validate(table)
    elif not cli.isolated:
        found = find_config(path)
        if found is not None:
            file = Validator(found[0], rules).validate(found[1])
    return merge(file, cli, rules)
