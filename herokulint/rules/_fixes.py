"""Fixes shared by the Procfile, dependency and Python-version rules: the gunicorn command for
the project's WSGI module, adding a distribution to the file Heroku installs from, and
requesting a Python version in `.python-version`.

Each returns a `Fix` (or None when none can be offered) whose edits are built only when the
fix is applied or shown; lock files are never edited: the fix says which command to run.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from typing import Optional

from ..data import django_versions, python_versions
from ..edits import CreateFile, DeleteFile, Edit, FixError, RenameFile, replace_text
from ..findings import Fix
from ..i18n import concat, msg
from ..project import ProjectModel, VersionRequest
from ..project.discover import module_candidates
from ..project.files import ReadError
from ..textedits import append_line, replace_in_line, toml_array_append, toml_loads, toml_table_add
from ._django import python_support, resolved_versions

# -- the app root ----------------------------------------------------------------------------

_MANIFESTS = ("requirements.txt", "Pipfile", "pyproject.toml")


def app_in_subfolder(project: ProjectModel) -> Optional[str]:
    """The subfolder (one or two levels down) holding a complete Heroku app of its own, a
    Procfile beside a requirements.txt, Pipfile or pyproject.toml, when the app root has no
    Procfile: deploy files created at the root would stand beside it and drop its pins."""
    if project.exists("Procfile"):
        return None
    for procfile in project.glob("*/Procfile") + project.glob("*/*/Procfile"):
        folder = procfile.rsplit("/", 1)[0]
        if any(project.exists(f"{folder}/{name}") for name in _MANIFESTS):
            return folder
    return None


def subfolder_advice(folder: str) -> str:
    """What to do instead of creating root files, for an app that lives in `folder`."""
    return msg(
        " The app in {folder}/ has its own Procfile and dependencies: check it with "
        "`herokulint --app-dir {folder}`, and deploy that folder (a subdirectory buildpack "
        "first, with PROJECT_PATH={folder} for timanovsky/subdir-heroku-buildpack or "
        "APP_BASE={folder} for lstoll/heroku-buildpack-monorepo, or `git subtree push "
        "--prefix {folder}`); no file is created here.",
        folder=folder,
    )


# -- the web server --------------------------------------------------------------------------

_DEFINES_APPLICATION = re.compile(r"^application\s*(?::[^=\n]*)?=", re.M)


def _wsgi_module(project: ProjectModel) -> Optional[tuple[str, str]]:
    """(module, callable) of the project's WSGI application: the one the Procfile or
    `WSGI_APPLICATION` names, else the `wsgi.py` beside the settings (as `startproject` makes
    it) or a top-level `wsgi.py`, that defines `application`. None when not known or when the
    named module is missing."""
    wsgi = project.wsgi
    roots = _module_roots(project)
    if wsgi is not None:
        # WSGI_APPLICATION may name a module only manage.py's sys.path additions reach.
        found = wsgi.relpath or project.locate_module(wsgi.module, roots)
        return (wsgi.module, wsgi.callable) if found is not None else None
    choice = project.settings_choice
    if choice is None or project.locate_module(choice.module, roots) is None:
        return None
    parts = choice.module.split(".")
    for end in range(len(parts) - 1, -1, -1):
        module = ".".join([*parts[:end], "wsgi"])
        relpath = project.locate_module(module, roots)
        text = project.text(relpath) if relpath else None
        if text is not None and _DEFINES_APPLICATION.search(text.text):
            return module, "application"
    return None


def _module_roots(project: ProjectModel) -> list[str]:
    """The search roots, then the folders the file selecting the settings adds to sys.path
    (`sys.path.append("src")` in manage.py: gunicorn needs `--chdir src` to see them)."""
    choice = project.settings_choice
    extra = project.settings_roots(choice) if choice is not None else []
    return list(dict.fromkeys([*project.search_roots, *extra]))


def gunicorn_command(project: ProjectModel) -> Optional[str]:
    """`gunicorn mysite.wsgi` for the project's WSGI module (with `--chdir` when the module
    lives beside a `manage.py` below the app root), or None when the module is not known."""
    found = _wsgi_module(project)
    if found is None:
        return None
    module, attribute = found
    target = module if attribute == "application" else f"{module}:{attribute}"
    for root in _module_roots(project):
        for candidate in module_candidates(module):
            if project.exists(f"{root}/{candidate}" if root else candidate):
                if not root:
                    return f"gunicorn {target}"
                return f"gunicorn --chdir {root} {target}"
    return None


# -- renames ---------------------------------------------------------------------------------


def same_file(project: ProjectModel, first: str, second: str) -> bool:
    """True when two names are one file on disk (a case-insensitive file system)."""
    try:
        return os.path.samefile(project.root / first, project.root / second)
    except OSError:
        return False


def rename(project: ProjectModel, source: str, target: str) -> tuple[Edit, ...]:
    if same_file(project, source, target):
        raise FixError(
            msg(
                "{source} and {target} are the same file on this case-insensitive file system: run "
                "`git mv {source} {target}`",
                source=source,
                target=target,
            )
        )
    return (RenameFile(source, target),)


# -- dependencies ----------------------------------------------------------------------------

LOCK_COMMANDS = {"uv": "uv lock", "poetry": "poetry lock", "pipenv": "pipenv lock"}
_REQUIREMENT = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[([A-Za-z0-9._,\s-]*)\])?")
_HASHES = re.compile(r"(^|\s)--(hash|require-hashes)\b", re.M)
_GENERATED = re.compile(r"^#.*\bautogenerated by\b", re.M | re.I)


def _requirements_file(project: ProjectModel) -> str:
    """The requirements file of the include chain where the main dependencies are written:
    Django's, else the one with the most, else requirements.txt."""
    deps = project.dependencies
    main = [d for d in deps.main if d.relpath and not d.via]
    django = next((d for d in main if d.name == "django"), None)
    if django is not None:
        return django.relpath
    if main:
        return Counter(d.relpath for d in main).most_common(1)[0][0]
    return "requirements.txt"


def dependency_target(project: ProjectModel) -> Optional[tuple[str, str]]:
    """(kind, relpath) of the file a new main dependency goes to: "requirements",
    "pyproject" or "pipfile"; None when there is no single package manager."""
    deps = project.dependencies
    manager = deps.manager
    if manager == "pipenv":
        return ("pipfile", "Pipfile") if project.exists("Pipfile") else None
    if manager in ("uv", "poetry"):
        return ("pyproject", "pyproject.toml") if project.exists("pyproject.toml") else None
    if manager != "pip":
        return None
    relpath = _requirements_file(project)
    if relpath.rsplit("/", 1)[-1] == "pyproject.toml":
        return ("pyproject", relpath)  # `-e .`: the project's own [project].dependencies
    files = deps.requirements.files if deps.requirements else ()
    return ("requirements", relpath if relpath in files else "requirements.txt")


def add_dependency_fix(project: ProjectModel, requirement: str) -> Optional[Fix]:
    """An unsafe fix adding `requirement` (`gunicorn`, `psycopg[binary]`) to the main
    dependencies, unpinned: which version to pin is the user's call (hence unsafe)."""
    target = dependency_target(project)
    if target is None:
        return None
    kind, relpath = target
    if kind == "requirements" and not _requirements_editable(project, relpath):
        return None
    manager = project.dependencies.manager or "pip"
    lock = LOCK_COMMANDS.get(manager)
    if kind == "pipfile":
        message = msg("Add `{requirement}` to the Pipfile's [packages]", requirement=requirement)
    else:
        message = msg("Add `{requirement}` to {relpath}", requirement=requirement, relpath=relpath)
    if lock:
        message = concat(
            message,
            msg(", then run `{lock}` (lock files are only written by their tool)", lock=lock),
        )
    elif kind == "requirements":
        message = concat(message, msg(" (unpinned: pin the version you test with)"))

    def build() -> tuple[Edit, ...]:
        file = project.text(relpath)
        if file is None:
            raise FixError(msg("{relpath} cannot be read", relpath=relpath))
        if kind == "requirements":
            return (append_line(relpath, file.text, requirement),)
        if kind == "pipfile":
            new = _table_entry(file.text, ("packages",), requirement, create=True)
        else:
            new = _add_to_pyproject(file.text, requirement, manager)
        return (replace_text(relpath, file.text, new),)

    return Fix("unsafe", message, build)


def _requirements_editable(project: ProjectModel, relpath: str) -> bool:
    """False for requirements pip reads in hash-checking mode (a line without a hash would
    fail the install) and for a file a tool generates (pip-compile, `uv pip compile`, `uv
    export`): the line belongs in its source, or it is lost at the next compile."""
    deps = project.dependencies
    for path in deps.requirements.files if deps.requirements else (relpath,):
        file = project.text(path)
        if file is not None and _HASHES.search(file.text):
            return False
    file = project.text(relpath)
    return file is None or not _GENERATED.search("\n".join(file.text.split("\n")[:10]))


def _split(requirement: str) -> tuple[str, list[str]]:
    match = _REQUIREMENT.fullmatch(requirement)
    if match is None:
        raise FixError(msg("{requirement!r} is not a distribution name", requirement=requirement))
    extras = [extra.strip() for extra in (match.group(2) or "").split(",") if extra.strip()]
    return match.group(1), extras


def _table_entry(
    text: str, table: tuple[str, ...], requirement: str, *, create: bool = False
) -> str:
    """`name = "*"`, or `name = {version = "*", extras = [...]}`, as Pipenv and Poetry write."""
    name, extras = _split(requirement)
    if not extras:
        return toml_table_add(text, table, name, '"*"', "*", create=create)
    listed = ", ".join(f'"{extra}"' for extra in extras)
    code = f'{{version = "*", extras = [{listed}]}}'
    return toml_table_add(
        text, table, name, code, {"version": "*", "extras": extras}, create=create
    )


def _add_to_pyproject(text: str, requirement: str, manager: str) -> str:
    data = toml_loads(text)
    project = data.get("project")
    if isinstance(project, dict) and "dependencies" in project:
        return toml_array_append(text, ("project",), "dependencies", requirement)
    poetry = data.get("tool", {}).get("poetry", {}) if isinstance(data.get("tool"), dict) else {}
    if (
        manager == "poetry"
        and isinstance(poetry, dict)
        and isinstance(poetry.get("dependencies"), dict)
    ):
        return _table_entry(text, ("tool", "poetry", "dependencies"), requirement)
    if isinstance(project, dict) and "dependencies" not in project.get("dynamic", []):
        code = '["' + requirement + '"]'
        return toml_table_add(text, ("project",), "dependencies", code, [requirement])
    raise FixError(msg("pyproject.toml has no [project] dependencies to add to"))


# -- Python version --------------------------------------------------------------------------


def newest_minor(project: ProjectModel) -> Optional[str]:
    """The Python minor to request: the newest Heroku supports that the manifest's Python
    requirement (`requires-python`, Poetry's `python`) and the Django the build installs
    allow (Django 4.2 supports up to 3.12), else a deprecated one that still builds (3.10 for
    Django 3.2). None when Django's version is not known (never a guessed newest Python) or
    Heroku builds no Python that Django supports (upgrade Django first); the newest supported
    when only the manifest's requirement rules everything out."""
    versions = resolved_versions(project)
    if versions.django_installed is None:
        return None
    support = django_versions.python_support(*versions.django_installed, versions.django_patch)
    major, newest = python_versions.newest_supported()
    requirement = project.dependencies.python
    minors = range(newest, 0, -1)
    candidates = [m for m in minors if python_versions.status(major, m) == "supported"]
    candidates += [m for m in minors if python_versions.status(major, m) == "deprecated"]
    django_fits = [
        minor
        for minor in candidates
        if support is None or support[0] <= (major, minor) <= support[1]
    ]
    if not django_fits:
        return None
    for minor in django_fits:
        patch = python_versions.latest_patch(major, minor, project.target)
        if requirement is None or requirement.allows(f"{major}.{minor}.{patch or 0}"):
            return f"{major}.{minor}"
    return f"{major}.{django_fits[0]}"


def no_python_for_django(project: ProjectModel) -> str:
    """Why `newest_minor` found nothing: Django's version is not known, or the Django the
    build installs is older than every Python Heroku builds."""
    found = python_support(project)
    if resolved_versions(project).django_installed is None or found is None:
        deps = project.dependencies
        if len(deps.present) > 1:
            names = [name for name, _ in deps.present]
            why = (
                msg("{first} and {second} disagree", first=names[0], second=names[1])
                if len(names) == 2
                else msg("{files} disagree", files=", ".join(names))
            )
        elif not deps.present:
            why = msg("no requirements file declares it")
        else:
            why = msg("{manifest} does not pin it", manifest=deps.manifest or msg("the manifest"))
        return msg(
            "Django's version is not known ({why}): request the newest Python your Django supports",
            why=why,
        )
    django, series, (oldest, newest) = found
    return msg(
        "Django {version} ({relpath}:{line}) supports Python {oldest}.{oldest2} to "
        "{newest}.{newest2}, none of which Heroku builds: upgrade Django first",
        version=django.version or f"{series[0]}.{series[1]}",
        relpath=django.relpath,
        line=django.line,
        oldest=oldest[0],
        oldest2=oldest[1],
        newest=newest[0],
        newest2=newest[1],
    )


def request_version(project: ProjectModel, minor: str) -> tuple[Edit, ...]:
    """Edits making `.python-version` request `minor` ("3.14") and removing `runtime.txt`,
    whose request would otherwise win (the version moves to the file Heroku reads)."""
    read = project.files.read(".python-version")
    if isinstance(read, ReadError):
        raise FixError(f".python-version {read.reason}")
    git = project.git
    if git is not None and git.would_ignore(".python-version"):
        raise FixError(
            msg(
                ".python-version is ignored by .gitignore, so Heroku would never see it: remove it "
                "from .gitignore first"
            )
        )
    edits: list[Edit] = []
    if read is None:
        edits.append(CreateFile(".python-version", f"{minor}\n"))
    else:
        current: Optional[VersionRequest] = project.python_versions.requests.get(".python-version")
        if current is None:
            raise FixError(msg(".python-version has no single version line to replace"))
        if current.raw != minor:
            edits.append(
                replace_in_line(".python-version", read.text, current.line, current.raw, minor)
            )
    if project.files.read("runtime.txt") is not None:
        edits.append(DeleteFile("runtime.txt"))
    return tuple(edits)


def python_version_fix(
    project: ProjectModel, request: VersionRequest, minor: Optional[str]
) -> Optional[Fix]:
    """The unsafe fix requesting `minor` for a request from .python-version or runtime.txt;
    None when there is no version to request or it is the one already requested."""
    current = f"{request.version.major}.{request.version.minor}"
    if minor is None or (minor == current and request.relpath == ".python-version"):
        return None
    if request.relpath not in (".python-version", "runtime.txt"):
        return None  # Pipfile.lock: the Pipfile's [requires] and `pipenv lock`

    wanted: str = minor

    def build() -> tuple[Edit, ...]:
        return request_version(project, wanted)

    moved = (
        msg(" (moved from runtime.txt)") if project.files.read("runtime.txt") is not None else ""
    )
    return Fix(
        "unsafe",
        msg("Request Python {minor} in .python-version{moved}", minor=minor, moved=moved),
        build,
    )
