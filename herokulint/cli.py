"""Command line: argument parsing and exit codes only.

Exit codes follow ruff: 0 = nothing at or above --fail-on, 1 = findings, 2 = usage, config or
internal error. Machine formats go to stdout alone; notes go to stderr.

Outputs: `--output-format` may be repeated, and each `--output-file` belongs to the nearest
`--output-format` before it (one given before any format waits for the next), so one run writes
`--output-format sarif --output-file herokulint.sarif --output-format github`. A format without
a file goes to stdout, and only one may. When every format named goes to a file, the text report
still goes to stdout, so a CI log stays readable.
"""

from __future__ import annotations

import argparse
import functools
import gc
import importlib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Optional, TextIO, cast

from . import __version__
from .errors import InternalError, RuleCrash, UsageError
from .i18n import LANGS, choose, concat, detect, msg, ntr, tr, translate

if TYPE_CHECKING:
    from .config import CliOptions
    from .report import Report

FORMATS = ("text", "concise", "json", "sarif", "github", "markdown")
COMMANDS = ("check", "rule", "inspect", "env", "steps")


def split_codes(values: Optional[list[str]]) -> list[str]:
    return [code.strip() for value in values or [] for code in value.split(",") if code.strip()]


class OutputAction(argparse.Action):
    """Collects `--output-format` / `--output-file` in order, as [format, file] pairs."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        value: object,
        option_string: Optional[str] = None,
    ) -> None:
        outputs: list[list[Optional[str]]] = list(getattr(namespace, "outputs", None) or [])
        if self.dest == "output_format":
            pending = next((pair for pair in outputs if pair[0] is None), None)
            if pending is not None:
                pending[0] = str(value)
            else:
                outputs.append([str(value), None])
        else:
            unpaired = next(
                (pair for pair in reversed(outputs) if pair[0] is not None and pair[1] is None),
                None,
            )
            if unpaired is not None:
                unpaired[1] = str(value)
            else:
                outputs.append([None, str(value)])
        namespace.outputs = outputs


def add_config_flags(parser: argparse.ArgumentParser, lang: str = "en") -> None:
    """The flags that override configuration keys (shared by check and inspect)."""
    parser.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help=tr(lang, "only these rules (codes, prefixes, names)"),
    )
    parser.add_argument(
        "--extend-select",
        action="append",
        metavar="CODES",
        help=tr(lang, "add rules to the selection"),
    )
    parser.add_argument(
        "--ignore", action="append", metavar="CODES", help=tr(lang, "skip these rules")
    )
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        help=tr(lang, "lowest severity that makes the exit code 1 (default: error)"),
    )
    parser.add_argument(
        "--settings", metavar="MODULE", help=tr(lang, "DJANGO_SETTINGS_MODULE to check")
    )
    parser.add_argument(
        "--target",
        choices=("cedar", "fir"),
        help=tr(
            lang, "Heroku generation: cedar (classic buildpack, default) or fir (Cloud Native)"
        ),
    )
    parser.add_argument(
        "--app-dir", metavar="DIR", help=tr(lang, "the app root, relative to each PATH (monorepos)")
    )
    parser.add_argument(
        "--unsafe-fixes",
        action="store_const",
        const=True,
        help=tr(lang, "with --fix or --diff, also apply unsafe fixes (they change behaviour)"),
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help=tr(lang, "use this configuration file instead of searching"),
    )
    parser.add_argument(
        "--isolated", action="store_true", help=tr(lang, "ignore every configuration file")
    )


def help_epilog(lang: str) -> str:
    """The end of `herokulint --help`: the other commands and the exit codes."""
    return tr(
        lang,
        """\
other commands:
  herokulint env [PATH]       the environment variables production reads
  herokulint steps [PATH]     the deployment guide's steps for this repository
  herokulint inspect [PATH]   what was detected, and the configuration
  herokulint rule CODE        explain a rule (herokulint rule --all lists them)
  (each takes --help)

exit codes:
  0  nothing at or above --fail-on (default: error)
  1  findings at or above --fail-on (with --diff: there is a diff)
  2  usage, configuration or internal error
""",
    )


class Parser(argparse.ArgumentParser):
    """argparse, with "did you mean" for a mistyped flag (as for a mistyped rule code)."""

    def __init__(self, *args: Any, lang: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lang = lang

    def error(self, message: str) -> NoReturn:
        # argparse's words, in the language argparse_language set while parsing.
        prefix = argparse._("unrecognized arguments: %s").split("%s")[0]  # type: ignore[attr-defined]
        if message.startswith(prefix):
            hints = [
                hint
                for word in message[len(prefix) :].split()
                if (hint := flag_hint(word, self.known_flags(), self.lang))
            ]
            if hints:
                message += " (" + "; ".join(hints) + ")"
        super().error(message)

    def _get_formatter(self) -> argparse.HelpFormatter:
        # argparse makes one for every add_argument; given a width, it never imports shutil.
        from .report import terminal_columns

        return self.formatter_class(prog=self.prog, width=terminal_columns() - 2)  # type: ignore[call-arg]

    def known_flags(self) -> list[str]:
        flags = list(self._option_string_actions)
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    flags += list(sub._option_string_actions)
        return sorted(set(flags))


def flag_hint(word: str, flags: list[str], lang: str = "en") -> str:
    """ "did you mean --fix?" for `--fixx`, or "" when nothing is close."""
    if not word.startswith("--"):
        return ""
    import difflib

    flag = word.split("=", 1)[0]
    close = difflib.get_close_matches(flag, flags, n=1, cutoff=0.6)
    return tr(lang, "{flag}: did you mean {close}?", flag=flag, close=close[0]) if close else ""


def add_project_command(
    commands: Any, name: str, help: str, formats: tuple[str, ...], formats_help: str, lang: str
) -> argparse.ArgumentParser:
    """A command that reads one project and writes it in one of `formats` (env, steps)."""
    parser = commands.add_parser(name, help=help)
    parser.add_argument("path", nargs="?", default=".")
    add_config_flags(parser, lang)
    parser.add_argument("--output-format", choices=formats, default=formats[0], help=formats_help)
    parser.add_argument(
        "--output-file", metavar="FILE", help=tr(lang, "write to FILE instead of stdout")
    )
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    return parser


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    parser = Parser(
        lang=lang,
        prog="herokulint",
        description=tr(lang, "Check a Django project for what will break or weaken it on Heroku."),
    )
    parser.add_argument("--version", action="version", version=version_text())
    commands = parser.add_subparsers(
        dest="command",
        parser_class=cast("type[Parser]", functools.partial(Parser, lang=lang)),  # each in `lang`
    )

    run = commands.add_parser(
        "check",
        help=tr(lang, "check projects (the default command)"),
        usage="herokulint [check] [PATH ...] [options]",
        description=tr(
            lang,
            "Check Django projects for what will break or weaken them on Heroku "
            "(check is the default command: `herokulint .` is `herokulint check .`).",
        ),
        epilog=help_epilog(lang),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument(
        "paths", nargs="*", default=["."], metavar="PATH", help=tr(lang, "app roots (default: .)")
    )
    add_config_flags(run, lang)
    run.add_argument(
        "--fix", action="store_true", help=tr(lang, "apply safe fixes, then report the rest")
    )
    run.add_argument(
        "--diff",
        action="store_true",
        help=tr(
            lang, "print the fixes as unified diffs and write nothing (exit 1 if there is a diff)"
        ),
    )
    run.add_argument(
        "--output-format",
        choices=FORMATS,
        action=OutputAction,
        help=tr(lang, "text (default), concise, json, sarif, github or markdown; repeatable"),
    )
    run.add_argument(
        "--output-file",
        metavar="FILE",
        action=OutputAction,
        help=tr(lang, "write the --output-format before it to FILE ('-' = stdout)"),
    )
    run.add_argument(
        "--baseline",
        metavar="FILE",
        help=tr(lang, "report only findings not recorded in FILE (see --write-baseline)"),
    )
    run.add_argument(
        "--write-baseline",
        metavar="FILE",
        help=tr(
            lang,
            "record the current findings in FILE and exit 0 (adopt herokulint on an old project)",
        ),
    )
    run.add_argument(
        "--no-cache",
        action="store_true",
        help=tr(
            lang, "neither read nor write the cache (.herokulint_cache/, or $HEROKULINT_CACHE_DIR)"
        ),
    )
    run.add_argument(
        "--statistics",
        action="store_true",
        help=tr(
            lang, "print how many findings each rule has (fixable ones marked) instead of them"
        ),
    )
    run.add_argument(
        "--show-fixes",
        action="store_true",
        help=tr(lang, "end the text report with the list of fixes applied and available"),
    )
    run.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    run.add_argument(
        "-q", "--quiet", action="store_true", help=tr(lang, "findings only, no code frames")
    )
    run.add_argument(
        "--config-vars",
        metavar="FILE",
        help=tr(
            lang,
            "the app's config vars: `heroku config --json` or `--shell` output ('-' = stdin); "
            "enables HK801-HK803; values are never printed",
        ),
    )

    env = add_project_command(
        commands,
        "env",
        tr(lang, "list the environment variables production reads (and what to set)"),
        ("text", "json", "shell", "dotenv", "app-json"),
        tr(lang, "text (default), json, shell (heroku commands), dotenv or app-json"),
        lang,
    )
    steps = add_project_command(
        commands,
        "steps",
        tr(lang, "the deployment guide's steps for this repository: done, to do, n/a"),
        ("text", "markdown", "json"),
        tr(lang, "text (default), markdown or json"),
        lang,
    )
    run.add_argument(
        "--show-info",
        action="store_const",
        const=True,
        help=tr(
            lang, "also show info findings in the text and concise outputs (always in json/sarif)"
        ),
    )

    rule = commands.add_parser("rule", help=tr(lang, "explain a rule"))
    rule.add_argument("code", nargs="?", help=tr(lang, "a rule code or name, e.g. HK401"))
    rule.add_argument("--all", action="store_true", help=tr(lang, "list every rule"))
    rule.add_argument(
        "--markdown", action="store_true", help=tr(lang, "print Markdown instead of rendering it")
    )

    inspect = commands.add_parser(
        "inspect", help=tr(lang, "show what herokulint detected and its configuration")
    )
    inspect.add_argument("path", nargs="?", default=".")
    add_config_flags(inspect, lang)
    inspect.add_argument("--json", action="store_true")
    for command in (run, env, steps, rule, inspect):
        command.add_argument(
            "--lang",
            choices=LANGS,
            help=tr(
                lang,
                "language of the output (default: `lang` in the configuration, else the locale)",
            ),
        )
    return parser


def lang_flag(argv: list[str]) -> Optional[str]:
    """`--lang` as given on the command line, read before parsing so that the help and the
    usage errors are in that language too; None when absent or not a language."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        value = None
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        elif arg == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        if value in LANGS:
            return value
    return None


@contextmanager
def argparse_language(lang: str) -> Iterator[None]:
    """argparse's own words ("usage:", "invalid choice") in `lang`: argparse translates them
    with the module's `_` and `ngettext` (gettext's domain "argparse"), which we point at our
    catalogue while the parser is built and used."""
    if lang == "en":
        yield
        return
    from .i18n import catalogue

    names = ("_", "ngettext")
    saved = [getattr(argparse, name) for name in names]
    translations = catalogue(lang)
    for name in names:
        setattr(argparse, name, getattr(translations, name.strip("_") or "gettext"))
    try:
        yield
    finally:
        for name, value in zip(names, saved):
            setattr(argparse, name, value)


def version_text() -> str:
    from .data import python_versions

    return f"herokulint {__version__} (Heroku data as of {python_versions.AS_OF})"


def started() -> None:
    """Start-up is over (see `herokulint.script`): what it built lives until exit, so later
    collections, the one at exit included, skip it. Does nothing when collection was left on."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def main(argv: Optional[list[str]] = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0] not in COMMANDS and args_list[0] != "--version"):
        args_list.insert(0, "check")  # `herokulint --help` is check's, with the other commands
    lang = lang_flag(args_list) or detect(os.environ)
    with argparse_language(lang):
        args = build_parser(lang).parse_args(args_list)
    args.ui_lang = lang  # until a configuration file says otherwise (see `choose_lang`)
    try:
        if args.command == "rule":
            return run_rule(args)
        if args.command == "inspect":
            return run_inspect(args)
        if args.command == "env":
            return run_env(args)
        if args.command == "steps":
            return run_steps(args)
        return run_check(args)
    except UsageError as exc:
        error = translate(exc.args[0] if exc.args else str(exc), args.ui_lang)
        print(tr(args.ui_lang, "herokulint: error: {error}", error=error), file=sys.stderr)
        return 2
    except InternalError as exc:
        print(
            tr(args.ui_lang, "herokulint: internal error: {error} (please report this)", error=exc),
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: stop quietly, as other CLI tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def existing_root(path: str) -> Path:
    root = Path(path)
    if not root.exists():
        raise UsageError(msg("path {path!r} does not exist", path=path))
    if not root.is_dir():
        raise UsageError(
            msg(
                "path {path!r} is not a directory (give the folder you deploy to Heroku)",
                path=path,
            )
        )
    return root


def choose_lang(args: argparse.Namespace, configured: Optional[str]) -> str:
    """The output's language: `--lang`, else the configuration's `lang`, else the locale. With
    several paths, the first configuration that sets `lang` decides."""
    if not getattr(args, "configured_lang", None):
        args.configured_lang = configured
    args.ui_lang = choose(getattr(args, "lang", None), args.configured_lang, os.environ)
    return str(args.ui_lang)


def use_color(choice: str) -> Optional[bool]:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return None


def cli_options(args: argparse.Namespace) -> CliOptions:
    from .config import CliOptions

    select = split_codes(args.select)
    return CliOptions(
        select=tuple(select) if args.select is not None else None,
        extend_select=tuple(split_codes(args.extend_select)),
        ignore=tuple(split_codes(args.ignore)),
        fail_on=args.fail_on,
        settings=args.settings,
        target=args.target,
        app_dir=args.app_dir,
        unsafe_fixes=args.unsafe_fixes,
        show_info=getattr(args, "show_info", None),
        config_file=args.config,
        isolated=args.isolated,
    )


def app_display(path: str, root: Path, app_root: Path) -> str:
    """The app root as the user would write it: PATH, or PATH joined with its app-dir."""
    if app_root == root:
        return path
    if Path(path).is_absolute():
        return app_root.as_posix()
    return Path(os.path.relpath(app_root)).as_posix()


def run_check(args: argparse.Namespace) -> int:
    from .report import ProjectReport, Report

    outputs = resolve_outputs(getattr(args, "outputs", None))
    options = cli_options(args)
    baselined = baseline_filter(args)
    if getattr(args, "config_vars", None):
        from .configvars import load_config_vars

        # Read once (stdin can be read only once); never cached: the values are secrets.
        args.loaded_config_vars = load_config_vars(args.config_vars)
    projects = []
    recorded: list[tuple[Any, str]] = []
    diffs: list[str] = []
    crashes: list[RuleCrash] = []
    for path in args.paths:
        root = existing_root(path)
        cache = run_cache(root, options, args)
        stored = cache.lookup() if cache is not None else None
        if stored is None:
            stored = check_project(root, options, args, diffs, cache, crashes)
            if stored is None:  # --diff: nothing to report
                continue
        choose_lang(args, stored.config.lang)
        started()
        app_root, findings = stored.app_root, stored.findings
        display = app_display(path, root, app_root)
        if args.write_baseline:
            recorded += baseline_entries(app_root, display, findings)
            continue
        if baselined is not None:
            findings = [
                finding
                for finding in findings
                if finding.suppressed or baselined.is_new(baseline_key(app_root, display, finding))
            ]
        config = stored.config
        projects.append(
            ProjectReport(
                app_root,
                display,
                stored.settings,
                findings,
                config.rules,
                config.fail_on,
                show_info=config.show_info,
                settings_line=stored.settings_line,
                before_push=stored.before_push,
                fixed=stored.fixed,
            )
        )
    if args.diff:
        sys.stdout.write("".join(diffs))
        return report_crashes(crashes) or (1 if any(diffs) else 0)
    if args.write_baseline:
        from . import baseline

        count = baseline.write(args.write_baseline, recorded)
        recorded_text = ntr(
            args.ui_lang,
            "herokulint: recorded {count} finding in {file}",
            "herokulint: recorded {count} findings in {file}",
            count,
            file=args.write_baseline,
        )
        print(recorded_text, file=sys.stderr)
        return report_crashes(crashes)
    report = Report(projects, choose_lang(args, None))
    if args.statistics:
        from .report import statistics

        statistics.write(report, sys.stdout)
        return report_crashes(crashes) or (1 if report.failed else 0)
    write_reports(report, outputs, args)
    if baselined is not None and not args.quiet:
        report_baseline(baselined, args.baseline, args.ui_lang)
    return report_crashes(crashes) or (1 if report.failed else 0)


def report_crashes(crashes: list[RuleCrash]) -> int:
    """Tell about each rule that crashed (once, however many fix rounds met it): 2 if any.
    The traceback only with HEROKULINT_DEBUG set: it may show project paths and values."""
    seen: set[str] = set()
    for crash in crashes:
        if crash.code in seen:
            continue
        seen.add(crash.code)
        print(
            f"herokulint: internal error: rule {crash.code} {crash.summary}; its findings are "
            "missing, the other rules ran. Please file a bug with the rule code (set "
            "HEROKULINT_DEBUG=1 for the traceback).",
            file=sys.stderr,
        )
        if os.environ.get("HEROKULINT_DEBUG"):
            import traceback

            error = crash.error
            lines = traceback.format_exception(type(error), error, error.__traceback__)
            print("".join(lines), end="", file=sys.stderr)
    return 2 if seen else 0


def run_cache(root: Path, options: CliOptions, args: argparse.Namespace) -> Any:
    """The cache for this path, or None: fixes, diffs and config vars (secrets) never use it."""
    if args.no_cache or args.fix or args.diff or getattr(args, "config_vars", None):
        return None
    from .cache import Cache

    return Cache(root, options)


def check_project(
    root: Path,
    options: CliOptions,
    args: argparse.Namespace,
    diffs: list[str],
    cache: Any,
    crashes: list[RuleCrash],
) -> Any:
    """A cold run of one path (with --fix/--diff, the fix loop first); stores it in the cache
    unless a rule crashed (a cached run would hide the crash)."""
    from .cache import Stored
    from .catalogue import load_rules
    from .config import load_config
    from .engine import check
    from .files import Recorder
    from .inspect import settings_summary

    config = load_config(root, options)
    choose_lang(args, config.lang)
    registry = load_rules()
    started()
    app_root = config.app_root(root)
    recorder = Recorder() if cache is not None else None

    def run(overlay: Optional[dict[str, Any]] = None) -> tuple[Any, list[Any]]:
        return check(
            app_root,
            [registry[code] for code in config.rules],
            settings=config.settings,
            target=config.target,
            per_file_ignores=config.per_file(app_root),
            severity=config.severities,
            overlay=overlay,
            recorder=None if overlay is not None else recorder,
            crashes=crashes,
            config_vars=getattr(args, "loaded_config_vars", None),
        )

    last: list[tuple[Any, list[Any]]] = []  # the fix loop's last check: the fixed project
    first: list[Any] = []  # its first: the project as it was
    before_push: tuple[str, ...] = ()
    applied: tuple[str, ...] = ()
    if args.fix or args.diff:

        def check_fixed(overlay: dict[str, Any]) -> list[Any]:
            last[:] = [run(overlay)]
            if not first:
                first.append(last[0][0])
            return last[0][1]

        diff, fixed, applied = apply_fixes(app_root, check_fixed, config, args)
        last[:] = [(last[0][0], fixed)]  # the findings, with rolled-back fixes marked
        if args.diff:
            diffs.append(diff)
            return None
        from .env import before_push as config_vars_to_set

        before_push = tuple(config_vars_to_set(first[0], last[0][0]))
    # After --fix, the files on disk are what the loop's last round checked.
    crashed = len(crashes)
    project, findings = last[0] if last else run()
    chain = [module for module, _ in project.settings.modules] if project.settings else []
    settings_line = settings_summary(project) or ""  # before storing: its reads are recorded
    if cache is not None and recorder is not None and len(crashes) == crashed:
        cache.store(config, app_root, recorder, chain, findings, settings_line=settings_line)
    return Stored(config, app_root, chain, findings, settings_line, before_push, applied)


def baseline_filter(args: argparse.Namespace) -> Any:
    """The --baseline filter, or None; --write-baseline takes no other baseline or fix flags."""
    if args.write_baseline and (args.baseline or args.fix or args.diff):
        raise UsageError(
            "--write-baseline records findings: give it without --baseline/--fix/--diff"
        )
    if not args.baseline:
        return None
    from . import baseline

    return baseline.Filter(baseline.read(args.baseline))


def baseline_key(app_root: Path, display: str, finding: Any) -> tuple[str, str, str]:
    from . import baseline
    from .files import FileReader, TextFile

    path = finding.path if display in ("", ".") else f"{display.rstrip('/')}/{finding.path}"
    read = FileReader(app_root).read(finding.path)
    lines = read.text.splitlines() if isinstance(read, TextFile) else []
    text = lines[finding.line - 1] if 1 <= finding.line <= len(lines) else None
    return baseline.entry(finding, path, text).key()


def baseline_entries(app_root: Path, display: str, findings: list[Any]) -> list[tuple[Any, str]]:
    from . import baseline

    return [
        (baseline.Entry(*baseline_key(app_root, display, finding)), finding.message)
        for finding in findings
        if not finding.suppressed
    ]


def report_baseline(baselined: Any, file: str, lang: str = "en") -> None:
    if baselined.matched:
        hidden = ntr(
            lang,
            "herokulint: {count} finding hidden by the baseline {file}",
            "herokulint: {count} findings hidden by the baseline {file}",
            baselined.matched,
            file=file,
        )
        print(hidden, file=sys.stderr)
    stale = baselined.stale()
    if stale:
        listed = ", ".join(f"{code} {path}" for code, path in stale[:10])
        more = tr(lang, " and {count} more", count=len(stale) - 10) if len(stale) > 10 else ""
        text = ntr(
            lang,
            "herokulint: {count} baseline entry is stale (fixed or changed): {listed}; "
            "shrink it with --write-baseline {file}",
            "herokulint: {count} baseline entries are stale (fixed or changed): {listed}; "
            "shrink it with --write-baseline {file}",
            len(stale),
            listed=listed + more,
            file=file,
        )
        print(text, file=sys.stderr)


def apply_fixes(
    root: Path, check_fixed: Any, config: Any, args: argparse.Namespace
) -> tuple[str, list[Any], tuple[str, ...]]:
    """Run the fix loop on one app; write the result (--fix) or return its diff (--diff),
    with the findings of the fixed project and a line per fix applied."""
    from .fix import MAX_ROUNDS, run_fixes

    outcome = run_fixes(root, check_fixed, unsafe=config.unsafe_fixes)
    if not outcome.converged:
        codes = sorted({finding.code for finding in outcome.applied})
        raise InternalError(
            f"fixes did not settle after {MAX_ROUNDS} rounds in {root} (rules: {', '.join(codes)})"
        )
    lang = args.ui_lang
    for finding, reason in outcome.refused:
        where = f"{finding.path}:{finding.line}"
        print(
            tr(
                lang,
                "herokulint: not fixed: {code} at {where}: {reason}",
                code=finding.code,
                where=where,
                reason=translate(reason, lang),
            ),
            file=sys.stderr,
        )
    if args.diff:
        report_rollbacks(outcome, lang)
        return outcome.workspace.diff(), outcome.findings, ()
    written = outcome.workspace.write()
    if outcome.applied and not args.quiet:
        for finding in outcome.applied:  # each fix's message names what to run next (`uv lock`)
            message = translate(finding.fix.message, lang) if finding.fix else ""
            where = f"{finding.path}:{finding.line}"
            fixed_text = tr(
                lang,
                "herokulint: fixed {code} at {where}: {message}",
                code=finding.code,
                where=where,
                message=message,
            )
            print(fixed_text, file=sys.stderr)
        fixed = ", ".join(sorted({finding.code for finding in outcome.applied}))
        summary = ntr(
            lang,
            "herokulint: applied {count} fix ({codes}) in {files}",
            "herokulint: applied {count} fixes ({codes}) in {files}",
            len(outcome.applied),
            codes=fixed,
            files=", ".join(written),
        )
        print(summary, file=sys.stderr)
    report_rollbacks(outcome, lang)
    left = sorted({f.code for f in outcome.findings if not f.suppressed and f.severity != "info"})
    if outcome.applied and left and not args.quiet:
        todo = ", ".join(left)
        print(tr(lang, "herokulint: still to do: {codes} (below)", codes=todo), file=sys.stderr)
    hidden = [
        f for f in outcome.findings if f.fix and f.fix.applicability == "unsafe" and f.fix.build
    ]
    if hidden and not config.unsafe_fixes and not args.quiet:
        more = ntr(
            lang,
            "herokulint: {count} more fix need --unsafe-fixes",
            "herokulint: {count} more fixes need --unsafe-fixes",
            len(hidden),
        )
        print(more, file=sys.stderr)
    applied = tuple(
        concat(f"{finding.code} {finding.path}:{finding.line}: ", finding.fix.message)
        for finding in outcome.applied
        if finding.fix is not None
    )
    return "", outcome.findings, applied


def report_rollbacks(outcome: Any, lang: str = "en") -> None:
    """The fixes rolled back (with the codes they would cause), and the findings the fixes
    leave on purpose (a new file to commit, an added dependency to pin)."""
    from .fix import EXPECTED_AFTER_FIX, would_cause

    for finding, codes in outcome.rolled_back:
        where = f"{finding.path}:{finding.line}"
        cause = translate(would_cause(codes), lang)
        print(f"herokulint: {finding.code} at {where}: {cause}", file=sys.stderr)
    for code in sorted({finding.code for finding in outcome.expected}):
        expected = tr(
            lang,
            "herokulint: {code} after the fixes is expected: {why}",
            code=code,
            why=EXPECTED_AFTER_FIX[code],
        )
        print(expected, file=sys.stderr)


def resolve_outputs(pairs: Optional[list[list[Optional[str]]]]) -> list[tuple[str, Optional[str]]]:
    """(format, file or None for stdout) for every output of the run."""
    outputs = [(fmt or "text", None if file in (None, "-") else file) for fmt, file in pairs or []]
    to_stdout = [fmt for fmt, file in outputs if file is None]
    if len(to_stdout) > 1:
        raise UsageError(
            f"only one output can go to stdout, not {' and '.join(to_stdout)}: "
            "give the others an --output-file"
        )
    files = [file for _, file in outputs if file is not None]
    if len(set(files)) != len(files):
        raise UsageError("two outputs write the same --output-file")
    if not to_stdout:
        outputs.append(("text", None))
    return outputs


def write_reports(
    report: Report, outputs: list[tuple[str, Optional[str]]], args: argparse.Namespace
) -> None:
    from .report import localized, summary_line

    report = localized(report)
    for fmt, file in outputs:
        if file is None:
            write_report(report, fmt, sys.stdout, args, color=use_color(args.color))
            continue
        try:
            with open(file, "w", encoding="utf-8") as out:
                write_report(report, fmt, out, args, color=False)
        except OSError as exc:
            raise UsageError(f"cannot write --output-file {file!r}: {exc.strerror or exc}") from exc
    if not args.quiet and ("text", None) not in outputs:
        people = any(fmt == "concise" for fmt, _ in outputs)
        print(summary_line(report, people=people), file=sys.stderr)


def write_report(
    report: Report, fmt: str, out: TextIO, args: argparse.Namespace, *, color: Optional[bool]
) -> None:
    if fmt == "text":
        from .report import text

        text.write(report, out, color=color, quiet=args.quiet, show_fixes=args.show_fixes)
        return
    module = importlib.import_module(f"herokulint.report.{fmt}")
    module.write(report, out)


def run_rule(args: argparse.Namespace) -> int:
    from .catalogue import load_rules
    from .docs import rule_markdown, rules_table

    rules = load_rules()
    lang = choose_lang(args, None)
    if args.all or not args.code:
        text = rules_table(rules, lang=lang)
    else:
        found = [
            r for r in rules.values() if args.code.upper() == r.code or args.code.lower() == r.name
        ]
        if not found:
            from .selection import did_you_mean

            raise UsageError(
                msg(
                    "unknown rule {code!r}{hint}",
                    code=args.code,
                    hint=did_you_mean(args.code, rules),
                )
            )
        text = rule_markdown(found[0], lang)
    if args.markdown or not sys.stdout.isatty():
        sys.stdout.write(text)
    else:
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(text))
    return 0


def run_inspect(args: argparse.Namespace) -> int:
    from .config import load_config
    from .inspect import describe, render

    started()
    root = existing_root(args.path)
    config = load_config(root, cli_options(args))
    app_root = config.app_root(root)
    info = describe(
        app_root,
        app_display(args.path, root, app_root),
        settings=config.settings,
        target=config.target,
    )
    info["configuration"] = config.as_dict()
    if args.json:
        import json

        json.dump(info, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        from .inspect import localized

        sys.stdout.write(localized(render(info), choose_lang(args, config.lang)))
    return 0


def run_env(args: argparse.Namespace) -> int:
    from .config import load_config
    from .env import write
    from .project import ProjectModel

    started()
    root = existing_root(args.path)
    config = load_config(root, cli_options(args))
    app_root = config.app_root(root)
    project = ProjectModel(app_root, settings=config.settings, target=config.target)
    display = app_display(args.path, root, app_root)
    lang = choose_lang(args, config.lang)
    write_to(args, lambda out, color: write(project, display, args.output_format, out, color, lang))
    return 0


def write_to(args: argparse.Namespace, write: Any) -> None:
    """Calls `write(out, color)` with --output-file (no color) or stdout."""
    if args.output_file and args.output_file != "-":
        try:
            with open(args.output_file, "w", encoding="utf-8") as out:
                write(out, False)
        except OSError as exc:
            raise UsageError(
                f"cannot write --output-file {args.output_file!r}: {exc.strerror or exc}"
            ) from exc
    else:
        write(sys.stdout, use_color(args.color))


def run_steps(args: argparse.Namespace) -> int:
    """The deployment steps: a plan, not a gate, so the exit code is 0 whatever it says."""
    from .catalogue import load_rules
    from .config import load_config
    from .engine import check
    from .steps import write

    started()
    root = existing_root(args.path)
    config = load_config(root, cli_options(args))
    registry = load_rules()
    app_root = config.app_root(root)
    project, findings = check(
        app_root,
        [registry[code] for code in config.rules],
        settings=config.settings,
        target=config.target,
        per_file_ignores=config.per_file(app_root),
        severity=config.severities,
    )
    display = app_display(args.path, root, app_root)
    lang = choose_lang(args, config.lang)
    write_to(
        args,
        lambda out, color: write(project, findings, display, args.output_format, out, color, lang),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
