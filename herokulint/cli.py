"""Command line: argument parsing and exit codes only.

Exit codes follow ruff: 0 = nothing at or above --fail-on, 1 = findings, 2 = usage, config or
internal error. Machine formats go to stdout alone; notes go to stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Optional

from . import __version__
from .engine import InternalError, UsageError, check, select_rules
from .findings import severity_rank

FORMATS = ("text", "concise", "json")
COMMANDS = ("check", "rule", "inspect")


def split_codes(values: Optional[list[str]]) -> list[str]:
    return [code.strip() for value in values or [] for code in value.split(",") if code.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="herokulint",
        description="Check a Django project for what will break or weaken it on Heroku.",
    )
    parser.add_argument("--version", action="version", version=version_text())
    commands = parser.add_subparsers(dest="command")

    run = commands.add_parser("check", help="check projects (the default command)")
    run.add_argument(
        "paths", nargs="*", default=["."], metavar="PATH", help="app roots (default: .)"
    )
    run.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="only these rules (codes, prefixes, names)",
    )
    run.add_argument(
        "--extend-select", action="append", metavar="CODES", help="add rules to the selection"
    )
    run.add_argument("--ignore", action="append", metavar="CODES", help="skip these rules")
    run.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        default="error",
        help="lowest severity that makes the exit code 1 (default: error)",
    )
    run.add_argument("--settings", metavar="MODULE", help="DJANGO_SETTINGS_MODULE to check")
    run.add_argument(
        "--target",
        choices=("cedar", "fir"),
        default="cedar",
        help="Heroku generation: cedar (classic buildpack, default) or fir (Cloud Native)",
    )
    run.add_argument("--output-format", choices=FORMATS, default="text")
    run.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    run.add_argument("-q", "--quiet", action="store_true", help="findings only, no code frames")

    rule = commands.add_parser("rule", help="explain a rule")
    rule.add_argument("code", nargs="?", help="a rule code or name, e.g. HK401")
    rule.add_argument("--all", action="store_true", help="list every rule")
    rule.add_argument(
        "--markdown", action="store_true", help="print Markdown instead of rendering it"
    )

    inspect = commands.add_parser("inspect", help="show what herokulint detected")
    inspect.add_argument("path", nargs="?", default=".")
    inspect.add_argument("--settings", metavar="MODULE")
    inspect.add_argument("--target", choices=("cedar", "fir"), default="cedar")
    inspect.add_argument("--json", action="store_true")
    return parser


def version_text() -> str:
    from .data import python_versions

    return f"herokulint {__version__} (Heroku data as of {python_versions.AS_OF})"


def main(argv: Optional[list[str]] = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (
        args_list[0] not in COMMANDS and args_list[0] not in ("-h", "--help", "--version")
    ):
        args_list.insert(0, "check")
    args = build_parser().parse_args(args_list)
    try:
        if args.command == "rule":
            return run_rule(args)
        if args.command == "inspect":
            return run_inspect(args)
        return run_check(args)
    except UsageError as exc:
        print(f"herokulint: error: {exc}", file=sys.stderr)
        return 2
    except InternalError as exc:
        print(f"herokulint: internal error: {exc} (please report this)", file=sys.stderr)
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
        raise UsageError(f"path {path!r} does not exist")
    if not root.is_dir():
        raise UsageError(f"path {path!r} is not a directory (give the folder you deploy to Heroku)")
    return root


def use_color(choice: str) -> Optional[bool]:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return None


def run_check(args: argparse.Namespace) -> int:
    from .report import ProjectReport, Report

    rules = select_rules(
        split_codes(args.select) or None, split_codes(args.ignore), split_codes(args.extend_select)
    )
    roots = [(path, existing_root(path)) for path in args.paths]
    projects = []
    for display, root in roots:
        project, findings = check(root, rules, settings=args.settings, target=args.target)
        chain = [module for module, _ in project.settings.modules] if project.settings else []
        projects.append(ProjectReport(root, display, chain, findings))
    report = Report(projects)
    write_report(report, args)
    threshold = severity_rank(args.fail_on)
    failing = [f for f in report.findings if severity_rank(f.severity) >= threshold]
    return 1 if failing else 0


def write_report(report: object, args: argparse.Namespace) -> None:
    from .report import Report, summary_line

    assert isinstance(report, Report)
    if args.output_format == "json":
        from .report import json as json_report

        json_report.write(report, sys.stdout)
    elif args.output_format == "concise":
        from .report import concise

        concise.write(report, sys.stdout)
    else:
        from .report import text

        text.write(report, sys.stdout, color=use_color(args.color), quiet=args.quiet)
        return
    if not args.quiet:
        print(summary_line(report), file=sys.stderr)


def run_rule(args: argparse.Namespace) -> int:
    from .docs import rule_markdown, rules_table
    from .rule import load_rules

    rules = load_rules()
    if args.all or not args.code:
        text = rules_table(rules)
    else:
        found = [
            r for r in rules.values() if args.code.upper() == r.code or args.code.lower() == r.name
        ]
        if not found:
            from .engine import did_you_mean

            raise UsageError(f"unknown rule {args.code!r}{did_you_mean(args.code, rules)}")
        text = rule_markdown(found[0])
    if args.markdown or not sys.stdout.isatty():
        sys.stdout.write(text)
    else:
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(text))
    return 0


def run_inspect(args: argparse.Namespace) -> int:
    from .inspect import describe, render

    root = existing_root(args.path)
    info = describe(root, args.path, settings=args.settings, target=args.target)
    if args.json:
        import json

        json.dump(info, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render(info))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
