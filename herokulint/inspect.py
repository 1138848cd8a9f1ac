"""`herokulint inspect`: what the project model detected, as data and as text."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from .project import ProjectModel


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
            "env_var": choice.env_var if choice else None,
            "candidates": [
                {"module": c.module, "origin": c.origin, "line": c.line, "env_var": c.env_var}
                for c in project.settings_choices
            ],
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
        "processes": _processes(project),
        "git": str(project.git.top) if project.git else None,
    }


def _processes(project: ProjectModel) -> list[dict[str, Any]]:
    """The Procfile's processes, or a Docker build's (heroku.yml, the Dockerfile's CMD)."""
    return [
        {"type": p.name, "command": p.command, "line": p.line, "source": p.relpath}
        for p in project.processes
    ]


def _settings_origin(project: ProjectModel) -> Optional[str]:
    choices = project.settings_choices
    if not choices:
        return None
    choice = choices[0]
    if choice.origin == "--settings":
        return choice.origin
    if choice.origin == "inferred" and len(choices) > 1:
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
        for other in settings["candidates"][1:]:
            lines.append(
                f"                 also {other['module']} in {other['origin']}:{other['line']}"
            )
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
    for process in info["processes"]:
        where = f"  (from {process['source']})" if process["source"] != "Procfile" else ""
        lines.append(f"process          {process['type']}: {process['command']}{where}")
    lines.append(f"git              {info['git'] or '(not a repository)'}")
    if "configuration" in info:
        lines.extend(render_configuration(info["configuration"]))
    return "\n".join(lines) + "\n"


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
