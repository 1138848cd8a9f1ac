"""`herokulint inspect`: what the project model detected, as data and as text."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from .i18n import msg, translate
from .project import ProjectModel
from .project.choosing import Promotion


def describe(
    root: Path, display: str, *, settings: Optional[str] = None, target: str = "cedar"
) -> dict[str, Any]:
    project = ProjectModel(root, settings=settings, target=target)
    choice = project.settings_choice
    model = project.settings
    deps = project.dependencies
    version = project.python_versions.effective
    return {
        "root": display,
        "target": project.target,
        "manage_py": project.manage_py,
        "settings": {
            "module": choice.module if choice else None,
            "origin": _settings_origin(project),
            "evidence": choice.evidence if choice else None,
            "decided_by": _decided_by(project),
            "env_var": choice.env_var if choice else None,
            "candidates": [
                {
                    "module": c.module,
                    "origin": c.origin,
                    "line": c.line,
                    "env_var": c.env_var,
                    "evidence": c.evidence,
                }
                for c in project.settings_choices
            ],
            "promotion": _promotion(project.settings_promotion),
            "configuration_promotion": _promotion(project.configuration_promotion),
            "left_out": project.settings_evidence_dropped,
            "chain": [{"module": m, "path": p} for m, p in model.modules] if model else [],
            "configuration_class": (
                {"class": model.configuration, "origin": _origin(project.configuration_choice)}
                if model and model.configuration
                else None
            ),
            "selected_by_env": [
                {
                    "variable": s.var,
                    "default": s.default,
                    "read": list(s.chosen),
                    "candidates": list(s.candidates),
                    "origin": f"{s.relpath}:{s.line}",
                }
                for s in (model.selections if model else [])
            ],
            "skipped_optional": [f"{r.module} ({r.relpath}:{r.line})" for r in model.optional]
            if model
            else [],
            "complete": model.complete if model else None,
            "unresolved_imports": [f"{r.module} ({r.relpath}:{r.line})" for r in model.unresolved]
            if model
            else [],
        },
        "wsgi": (
            {
                "module": project.wsgi.module,
                "callable": project.wsgi.callable,
                "path": project.wsgi.relpath,
                "origin": project.wsgi.origin,
            }
            if project.wsgi
            else None
        ),
        "search_path": [root_ or "." for root_ in project.search_roots],
        "package_manager": {
            "manager": deps.manager,
            "files": [name for name, _ in deps.present],
            "requirements_files": list(deps.requirements.files) if deps.requirements else [],
            "declared": sorted({d.name for d in deps.main}),
            "sources": list(deps.files),  # the manifests and lock file the installed set is from
            "installed": sorted(deps.installed) if deps.known else None,
            "ignored": [name for name, _ in deps.ignored],  # e.g. Pipfile.lock on fir
        },
        "python": (
            {"version": str(version.version), "source": f"{version.relpath}:{version.line}"}
            if version
            else None
        ),
        "versions": {
            resolved.name: _resolved(resolved)
            for resolved in (
                project.versions.django,
                project.versions.dj_database_url,
                project.versions.python,
            )
        },
        "processes": _processes(project),
        "git": str(project.git.top) if project.git else None,
    }


def _resolved(resolved: Any) -> dict[str, Any]:
    """One of `project.versions` as inspect shows it."""
    return {
        "status": resolved.status,
        "version": resolved.version,
        "lowest": ".".join(map(str, resolved.lowest)) if resolved.lowest else None,
        "specifier": resolved.specifier or None,
        "sources": [f"{s.relpath}:{s.line}" for s in resolved.sources],
        "reason": resolved.reason or None,
    }


def _processes(project: ProjectModel) -> list[dict[str, Any]]:
    """The Procfile's processes, or a Docker build's (heroku.yml, the Dockerfile's CMD)."""
    return [
        {"type": p.name, "command": p.command, "line": p.line, "source": p.relpath}
        for p in project.processes
    ]


def _decided_by(project: ProjectModel) -> Optional[str]:
    """Where the evidence that decided is, as "path:line" (for a promotion: the default it
    replaces), or "--settings"."""
    choices = project.settings_choices
    if not choices:
        return None
    choice = choices[0]
    if choice.origin == "--settings":
        return choice.origin
    if project.settings_promoted and len(choices) > 1:
        choice = choices[1]
    return f"{choice.origin}:{choice.line}"


def _promotion(promotion: Optional[Promotion]) -> Optional[dict[str, Any]]:
    if promotion is None:
        return None
    return {
        "evidence": promotion.evidence,
        "default": promotion.default.module,
        "default_at": f"{promotion.default.origin}:{promotion.default.line}",
        "default_signs": list(promotion.default_signs),
        "chosen": promotion.chosen.module if promotion.chosen else None,
        "ambiguous": promotion.ambiguous,
        "candidates": [
            {"module": c.module, "path": c.relpath, "signs": list(c.signs)}
            for c in promotion.candidates
        ],
    }


def settings_summary(project: ProjectModel) -> Optional[str]:
    """One short line: the settings checked and the evidence that decided."""
    choice = project.settings_choice
    if choice is None:
        return None
    decided = _decided_by(project)
    model = project.settings
    return msg(
        "settings {module} ({evidence}{decided}){configuration}",
        module=choice.module,
        evidence=EVIDENCE_WORDS.get(choice.evidence, choice.evidence),
        decided=f", {decided}" if decided and decided != "--settings" else "",
        configuration=msg(", class {name}", name=model.configuration)
        if model is not None and model.configuration
        else "",
    )


# How the text report's header names each kind of evidence.
EVIDENCE_WORDS = {
    "cli-option": "--settings",
    "web-command": msg("web process"),
    "app-json": msg("app.json env"),
    "heroku-yml-config": msg("heroku.yml config"),
    "dockerfile-env": msg("Dockerfile ENV"),
    "process-command": msg("process command"),
    "docs-config-set": msg("heroku config:set in the docs"),
    "env-template": msg("env template"),
    "entry-default": msg("default"),
    "production-module": msg("production module beside the development default"),
    "namespace-package": msg("production module in a folder without __init__.py"),
    "production-class": msg("production class beside the development default"),
}


def _settings_origin(project: ProjectModel) -> Optional[str]:
    choices = project.settings_choices
    if not choices:
        return None
    choice = choices[0]
    if choice.origin == "--settings":
        return choice.origin
    if project.settings_promoted and len(choices) > 1:
        default = choices[1]
        return (
            f"inference: {default.origin}:{default.line} defaults to the development module "
            f"{default.module}; on Heroku set DJANGO_SETTINGS_MODULE={choice.module} (or pass "
            "--settings)"
        )
    return f"{choice.origin}:{choice.line}"


def _origin(choice: Any) -> Optional[str]:
    return f"{choice.origin}:{choice.line}" if choice is not None else None


def render(info: dict[str, Any]) -> str:
    settings = info["settings"]
    lines = [
        f"app root         {info['root']}  (target: {info['target']})",
        f"manage.py        {info['manage_py'] or '(not found)'}",
    ]
    if settings["module"]:
        via = ""
        if settings["env_var"]:
            several = any(
                len(selected["read"]) > 1 and selected["variable"] == settings["env_var"]
                for selected in settings.get("selected_by_env", [])
            )
            via = f" (built from ${settings['env_var']}" + (
                ")" if several else "; its default is used)"
            )
        lines.append(f"settings module  {settings['module']}  from {settings['origin']}{via}")
        lines.append(
            f"                 decided by {settings['evidence']} at {settings['decided_by']}"
        )
        for other in settings["candidates"][1:]:
            lines.append(
                f"                 also {other['module']} in {other['origin']}:{other['line']}"
                f" ({other['evidence']})"
            )
        for key in ("promotion", "configuration_promotion"):
            lines.extend(_render_promotion(settings.get(key)))
        for left_out in settings.get("left_out", []):
            lines.append(f"                 left out {left_out}")
        chain = (
            " -> ".join(f"{item['module']} ({item['path']})" for item in settings["chain"])
            or "(not found)"
        )
        lines.append(f"settings chain   {chain}")
        configuration = settings.get("configuration_class")
        if configuration:
            lines.append(
                f"settings class   {configuration['class']} (django-configurations) from "
                f"{configuration['origin']}"
            )
        for selected in settings.get("selected_by_env", []):
            read = ", ".join(selected["read"]) or "(nothing)"
            how = (
                "its default is used"
                if len(selected["read"]) == 1 and selected["read"][0] == selected["default"]
                else "production's value is unknown, so only what all of them agree on is used"
            )
            lines.append(
                f"                 ${selected['variable']} picks the module at "
                f"{selected['origin']}: read {read} ({how})"
            )
        for unresolved in settings["unresolved_imports"]:
            lines.append(f"                 could not follow: {unresolved}")
    else:
        lines.append("settings module  (not found)")
    wsgi = info["wsgi"]
    lines.append(
        f"wsgi             {wsgi['module']}:{wsgi['callable']} -> {wsgi['path'] or '(missing)'} (from {wsgi['origin']})"
        if wsgi
        else "wsgi             (not found)"
    )
    pm = info["package_manager"]
    lines.append(f"package manager  {pm['manager'] or '(none)'}  {', '.join(pm['files'])}")
    if pm["sources"]:
        lines.append(f"installed from   {', '.join(pm['sources'])}")
    if pm["ignored"]:
        lines.append(f"                 not read on this target: {', '.join(pm['ignored'])}")
    python = info["python"]
    lines.append(
        f"python           {python['version']} from {python['source']}"
        if python
        else "python           (not specified)"
    )
    for name, resolved in info["versions"].items():
        if name == "python":
            continue
        shown = resolved["version"] or resolved["specifier"] or "(unknown)"
        why = f" ({resolved['reason']})" if resolved["reason"] else ""
        where = f" from {', '.join(resolved['sources'])}" if resolved["sources"] else ""
        lines.append(f"{name:<17}{shown}{where}{why}")
    for process in info["processes"]:
        where = f"  (from {process['source']})" if process["source"] != "Procfile" else ""
        lines.append(f"process          {process['type']}: {process['command']}{where}")
    lines.append(f"git              {info['git'] or '(not a repository)'}")
    if "configuration" in info:
        lines.extend(render_configuration(info["configuration"]))
    return "\n".join(lines) + "\n"


def _render_promotion(promotion: Optional[dict[str, Any]]) -> list[str]:
    """The production modules (or classes) considered in place of a development default."""
    if not promotion:
        return []
    outcome = (
        f"chose {promotion['chosen']}"
        if promotion["chosen"]
        else "chose none (tied)"
        if promotion["ambiguous"]
        else "chose none"
    )
    lines = [
        f"                 {promotion['evidence']}: in place of {promotion['default']} "
        f"({promotion['default_at']}) {outcome}"
    ]
    for sign in promotion["default_signs"]:
        lines.append(f"                   the default {sign}")
    for candidate in promotion["candidates"]:
        signs = "; ".join(candidate["signs"]) or "no production signs"
        lines.append(f"                   considered {candidate['module']}: {signs}")
    return lines


def render_configuration(config: dict[str, Any]) -> list[str]:
    """The merged configuration, one key a line, with where each value came from."""
    lines = [f"configuration    {config['file'] or '(no file: defaults)'}"]
    for key, item in config["values"].items():
        value = item["value"]
        if isinstance(value, list):
            shown = ", ".join(value) or "(none)"
        elif isinstance(value, dict):
            shown = "; ".join(
                f"{k} = {', '.join(v) if isinstance(v, list) else v}" for k, v in value.items()
            )
            shown = shown or "(none)"
        elif isinstance(value, bool):
            shown = str(value).lower()
        else:
            shown = "(auto)" if value is None else str(value)
        lines.append(f"  {key:<17}{shown}  [{item['source']}]")
    lines.append(f"  {'rules':<17}{len(config['rules'])} selected: {', '.join(config['rules'])}")
    return lines


# `herokulint inspect` in another language: the first column's labels and the words between
# the values. Values (modules, paths, commands, keys) stay as they are.
LABELS = (
    msg("app root"),
    msg("settings module"),
    msg("settings chain"),
    msg("settings class"),
    msg("package manager"),
    msg("installed from"),
    msg("process"),
    msg("configuration"),
)
PHRASES = (
    msg("(target: "),
    msg("(not found)"),
    msg("(missing)"),
    msg("(none)"),
    msg("(unknown)"),
    msg("(not specified)"),
    msg("(not a repository)"),
    msg("(no file: defaults)"),
    msg("(auto)"),
    msg(" decided by "),
    msg(" also "),
    msg(" from "),
    msg(" in "),
    msg(" at "),
    msg("; its default is used)"),
    msg(" (built from "),
    msg("could not follow: "),
    msg("left out "),
    msg("not read on this target: "),
    msg(" selected: "),
    msg(": in place of "),
    msg(" chose none (tied)"),
    msg(" chose none"),
    msg(") chose "),
    msg("considered "),
    msg("the default "),
    msg("no production signs"),
    msg("(from "),
)


def localized(text: str, lang: str) -> str:
    """`render`'s text in `lang`: translated labels, re-aligned, and translated phrases."""
    if lang == "en":
        return text
    labels = {str(label): translate(label, lang) for label in LABELS}
    width = max(17, *(len(label) + 2 for label in labels.values()))
    out = []
    for line in text.splitlines():
        head, rest = line[:17], line[17:]
        if head.strip() in labels:
            head = labels[head.strip()]
        elif line.startswith("  ") and not head.startswith("   ") and head.strip():
            out.append("  " + translated_phrases(line[2:], lang))  # a configuration key
            continue
        out.append(f"{head.strip():<{width}}{translated_phrases(rest, lang)}".rstrip())
    return "\n".join(out) + "\n"


def translated_phrases(text: str, lang: str) -> str:
    """The phrases in `text` translated, the longest first (" chose none (tied)" before
    " chose none"); a phrase may open the text ("decided by ...")."""
    text = " " + text
    for phrase in sorted(PHRASES, key=len, reverse=True):
        text = text.replace(str(phrase), translate(phrase, lang))
    return text[1:]
