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
    procfile = project.procfile
    return {
        "root": display,
        "target": project.target,
        "manage_py": project.manage_py,
        "settings": {
            "module": choice.module if choice else None,
            "origin": f"{choice.origin}:{choice.line}"
            if choice and choice.origin not in ("--settings",)
            else (choice.origin if choice else None),
            "env_var": choice.env_var if choice else None,
            "candidates": [
                {"module": c.module, "origin": c.origin, "line": c.line, "env_var": c.env_var}
                for c in project.settings_choices
            ],
            "chain": [{"module": m, "path": p} for m, p in model.modules] if model else [],
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
            "declared": sorted({r.name for r in deps.requirements.requirements})
            if deps.requirements
            else [],
        },
        "python": (
            {"version": str(version.version), "source": f"{version.relpath}:{version.line}"}
            if version
            else None
        ),
        "processes": [
            {"type": p.name, "command": p.command, "line": p.line}
            for p in (procfile.processes if procfile else ())
        ],
        "git": str(project.git.top) if project.git else None,
    }


def render(info: dict[str, Any]) -> str:
    settings = info["settings"]
    lines = [
        f"app root         {info['root']}  (target: {info['target']})",
        f"manage.py        {info['manage_py'] or '(not found)'}",
    ]
    if settings["module"]:
        via = (
            f" (built from ${settings['env_var']}; its default is used)"
            if settings["env_var"]
            else ""
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
    if pm["requirements_files"]:
        lines.append(f"requirements     {', '.join(pm['requirements_files'])}")
    python = info["python"]
    lines.append(
        f"python           {python['version']} from {python['source']}"
        if python
        else "python           (not specified)"
    )
    for process in info["processes"]:
        lines.append(f"process          {process['type']}: {process['command']}")
    lines.append(f"git              {info['git'] or '(not a repository)'}")
    return "\n".join(lines) + "\n"
