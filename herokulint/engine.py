"""Running the selected rules over one project and collecting their findings.

The order matters: every selected rule runs; `per-file-ignores` drop findings; inline comments
mark findings suppressed; then the suppression rules (HK900, HK901) run, because only now is it
known what each comment silenced; last, configured severities replace the rules' own.

A rule that crashes loses its own findings, not the run's: given a `crashes` list, `check`
records the crash there and runs the other rules (the CLI reports it and exits 2 at the end).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional

from .catalogue import load_rules

# Re-exported: callers name them as the engine's.
from .errors import InternalError as InternalError
from .errors import RuleCrash
from .errors import UsageError as UsageError
from .files import Recorder, TextFile
from .findings import Finding
from .i18n import msg
from .project import ProjectModel
from .rule import Rule
from .selection import did_you_mean as did_you_mean
from .selection import matches as matches
from .selection import suggestion as suggestion
from .suppress import SuppressionContext, SuppressionRule, Suppressions

if TYPE_CHECKING:
    from .config import PerFileIgnores
    from .configvars import ConfigVars


def select_rules(
    select: Optional[Iterable[str]] = None,
    ignore: Iterable[str] = (),
    extend_select: Iterable[str] = (),
) -> list[type[Rule]]:
    rules = load_rules()
    chosen_selectors = list(select) if select else ["ALL"]
    chosen_selectors += list(extend_select)
    for selector in [*chosen_selectors, *ignore]:
        if not any(matches(selector, rule) for rule in rules.values()):
            raise UsageError(f"unknown rule selector {selector!r}{did_you_mean(selector, rules)}")
    return [
        rule
        for rule in rules.values()
        if any(matches(s, rule) for s in chosen_selectors)
        and not any(matches(s, rule) for s in ignore)
    ]


def check(
    root: Path,
    rules: list[type[Rule]],
    *,
    settings: Optional[str] = None,
    target: str = "cedar",
    per_file_ignores: Optional[PerFileIgnores] = None,
    severity: Optional[Mapping[str, str]] = None,
    overlay: Optional[Mapping[str, Optional[TextFile]]] = None,
    recorder: Optional[Recorder] = None,
    crashes: Optional[list[RuleCrash]] = None,
    config_vars: Optional[ConfigVars] = None,
) -> tuple[ProjectModel, list[Finding]]:
    """The project and its findings. A crashing rule raises InternalError, or, given
    `crashes`, is recorded there while the other rules run on."""
    project = ProjectModel(
        root,
        settings=settings,
        target=target,
        overlay=overlay,
        recorder=recorder,
        config_vars=config_vars,
    )
    meta = [rule for rule in rules if issubclass(rule, SuppressionRule)]
    ignored: Callable[[str, str], bool] = (
        per_file_ignores.ignores if per_file_ignores else lambda code, relpath: False
    )
    findings = outside_template_files(
        project,
        [
            finding
            for rule in rules
            if rule not in meta
            for finding in without_hedged_fixes(project, run_rule(rule, project, crashes))
            if not ignored(finding.code, finding.path)
        ],
    )
    registry = load_rules()
    suppressions = Suppressions.read(
        project, [finding.path for finding in findings], resolver(registry), everywhere=bool(meta)
    )
    findings = [suppressions.apply(finding) for finding in findings]
    if meta:
        ran = {rule.code for rule in rules if rule not in meta}
        context = SuppressionContext(
            suppressions,
            lambda code, relpath: code in ran and not ignored(code, relpath),
            {code: rule.name for code, rule in registry.items()},
            lambda relpath: text.text if (text := project.text(relpath)) is not None else None,
        )
        for rule in meta:
            try:
                with guarded(rule):
                    found = list(rule().check_suppressions(context))
            except InternalError as error:
                if crashes is None:
                    raise
                crashes.append(RuleCrash(rule.code, error.__cause__ or error))
                continue
            findings.extend(f for f in found if not ignored(f.code, f.path))
    if severity:
        findings = [
            replace(finding, severity=severity[finding.code])
            if finding.code in severity
            else finding
            for finding in findings
        ]
    return project, sorted(set(findings), key=Finding.sort_key)


def run_rule(
    rule: type[Rule], project: ProjectModel, crashes: Optional[list[RuleCrash]] = None
) -> list[Finding]:
    try:
        with guarded(rule):
            return list(rule().check(project))
    except InternalError as error:
        if crashes is None:
            raise
        crashes.append(RuleCrash(rule.code, error.__cause__ or error))
        return []


def outside_template_files(project: ProjectModel, findings: list[Finding]) -> list[Finding]:
    """In an unrendered project template (HK006), a file that still holds placeholders
    (`{{ project_name }}`, `{%- if cookiecutter.x %}`) is not what Heroku will build: what it
    says after rendering is unknown, so nothing is reported in it but HK006 itself."""
    from .project.template import has_placeholder

    if project.template_placeholder is None and not has_placeholder(
        os.path.basename(os.path.abspath(project.root))
    ):
        return findings

    def templated(relpath: str) -> bool:
        text = project.text(relpath)
        return text is not None and has_placeholder(text.text)

    return [f for f in findings if f.code == "HK006" or not templated(f.path)]


def without_hedged_fixes(project: ProjectModel, findings: list[Finding]) -> list[Finding]:
    """The findings, without the fix of those whose settings module may not be what
    production runs: a development default standing in for a production module a config var
    selects (HK004's info: every settings fix would edit the wrong module), or a hard-coded
    value the environment can override (dynaconf: the finding is info). A fix applies only to
    the settings the platform runs. A stand-in's info findings also say what the module is,
    instead of what production would do with it."""
    settings = project.settings
    if settings is None:
        return findings
    stand_in = project.presumed_production_siblings
    modules = {relpath for _, relpath in settings.modules}
    if not stand_in and not any(finding.fix for finding in findings):
        return findings
    result = []
    for finding in findings:
        if finding.path in modules and (
            stand_in or (settings.overridable and finding.severity == "info")
        ):
            finding = replace(finding, fix=None)
            if stand_in and finding.severity == "info":
                finding = replace(finding, message=stand_in_message(finding, stand_in))
        result.append(finding)
    return result


def stand_in_message(finding: Finding, production: list[str]) -> str:
    """The headline of a finding on a development module that stands in for an unknown
    production one, with what the module is in place of what production would suffer."""
    return msg(
        "{message:headline}: {path} is the development settings module the defaults name, "
        "standing in for the production settings that DJANGO_SETTINGS_MODULE presumably "
        "selects on Heroku ({listed}), so this is only a note; check that module with "
        "`--settings MODULE`.",
        message=finding.message,
        path=finding.path,
        listed=", ".join(f"`{module}`" for module in production[:3]),
    )


@contextmanager
def guarded(rule: type[Rule]) -> Iterator[None]:
    """Turns a rule's crash into an InternalError naming the rule."""
    try:
        yield
    except RecursionError as exc:
        raise InternalError(f"{rule.code} ran out of stack on this project") from exc
    except Exception as exc:
        raise InternalError(f"{rule.code} failed: {type(exc).__name__}: {exc}") from exc


def resolver(rules: Mapping[str, type[Rule]]) -> Callable[[str], Optional[str]]:
    """Maps a code or name written in a suppression to the rule's code (None when unknown)."""
    by_name = {rule.name: code for code, rule in rules.items()}

    def resolve(token: str) -> Optional[str]:
        if token.upper() in rules:
            return token.upper()
        return by_name.get(token.lower())

    return resolve
