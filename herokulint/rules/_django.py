"""The Django release the build installs, and the Python versions it supports: shared by
HK213 (end of support), HK310 (Python/Django mismatch) and the Python-version fixes, which
request the newest Python the app's Django supports."""

from __future__ import annotations

from typing import Optional

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from ..data import django_versions, libraries
from ..project import ProjectModel
from ..project.declared import Dependency
from ..records import frozen


def installed_series(
    dependency: Dependency, *, newest_when_unbounded: bool = False
) -> Optional[tuple[int, int]]:
    """The Django series the build installs: the pinned or locked one, else the newest series a
    version range allows. A range that allows a series newer than every known one gives None,
    or with `newest_when_unbounded` the newest known series (pip takes at least that)."""
    try:
        if dependency.version:
            release = Version(dependency.version).release
            return (release[0], release[1] if len(release) > 1 else 0)
        allowed = SpecifierSet(dependency.specifier)
    except (InvalidVersion, InvalidSpecifier):
        return None
    known = django_versions.series()
    newest = known[-1]
    for probe in (f"{newest[0]}.{newest[1] + 1}.0", f"{newest[0] + 1}.0.0", "99.0.0"):
        if allowed.contains(probe):
            return newest if newest_when_unbounded else None
    for major, minor in reversed(known):
        # A series is allowed when one of its releases is (patches past .40 do not exist).
        if any(allowed.contains(f"{major}.{minor}.{patch}") for patch in (*range(41), 99)):
            return (major, minor)
    return None


def installed_patch(dependency: Dependency) -> Optional[int]:
    """The patch number of an exact pin or lock (`4.2.16` → 16); None for a range."""
    if not dependency.version:
        return None
    try:
        release = Version(dependency.version).release
    except InvalidVersion:
        return None
    return release[2] if len(release) > 2 else 0


def declared_django(project: ProjectModel) -> Optional[Dependency]:
    """Django as the app declares it (not only brought in by another package), or None: from
    `project.versions`, so several package managers' files that agree give an answer too."""
    django = project.versions.django
    if django.status == "unknown" or not django.sources:
        return None
    if any(source.via is not None for source in django.sources):
        return None
    if django.status == "range" and len(django.sources) > 1:
        return None  # several managers' ranges: no one of them says what is installed
    first = django.sources[0]
    return Dependency(
        "django", first.relpath, first.line, specifier=first.specifier, version=django.version
    )


def python_support(
    project: ProjectModel,
) -> Optional[tuple[Dependency, tuple[int, int], tuple[tuple[int, int], tuple[int, int]]]]:
    """(Django's declaration, its series, (oldest, newest) Python it supports), or None when
    Django's version or its Python support is not known."""
    django = declared_django(project)
    if django is None:
        return None
    series = installed_series(django)
    if series is None:
        return None
    support = django_versions.python_support(*series, installed_patch(django))
    if support is None:
        return None
    return django, series, support


# -- the versions a fix writes for -------------------------------------------------------------
# One place answers "which versions will the build install?" for the fixes, so no fix computes
# a version itself. The `versions` work (issue 12 §2) puts this answer on the project model;
# `resolved_versions` is the one accessor to point at it then.


@frozen
class ResolvedVersions:
    """The versions a fix must write for; None where they cannot be known (no single package
    manager read, manifests that disagree, a version not declared)."""

    # The lowest Django series the declaration allows (an exact pin or lock: its series; no
    # lower bound: the newest series allowed, which pip installs), and the patch of a pin.
    django: Optional[tuple[int, int]]
    django_patch: Optional[int]
    # The Django series pip installs: the newest the declaration allows (Django declares no
    # newest Python, so pip takes it whatever the Python): what bounds the Python to request.
    django_installed: Optional[tuple[int, int]]
    # The oldest dj-database-url the declaration allows; unpinned or not declared yet (a fix
    # adds it unpinned): the newest release whose Django requirement the resolved Django meets.
    dj_database_url: Optional[tuple[int, int, int]]


def resolved_versions(project: ProjectModel) -> ResolvedVersions:
    django = declared_django(project)
    series = lowest_series(django) if django is not None else None
    patch = installed_patch(django) if django is not None and series is not None else None
    installed = installed_series(django, newest_when_unbounded=True) if django is not None else None
    return ResolvedVersions(series, patch, installed, _dj_database_url(project, series))


def lowest_series(dependency: Dependency) -> Optional[tuple[int, int]]:
    """The oldest Django series `dependency` allows; with no lower bound, pip's pick (the
    newest allowed). None for a specifier that cannot be read or allows no known series."""
    try:
        if dependency.version:
            release = Version(dependency.version).release
            return (release[0], release[1] if len(release) > 1 else 0)
        allowed = SpecifierSet(dependency.specifier)
    except (InvalidVersion, InvalidSpecifier):
        return None
    if allowed.contains("0.0.1"):
        return installed_series(dependency, newest_when_unbounded=True)
    for major, minor in django_versions.series():
        if any(allowed.contains(f"{major}.{minor}.{patch}") for patch in (*range(41), 99)):
            return (major, minor)
    return None


def _dj_database_url(
    project: ProjectModel, django: Optional[tuple[int, int]]
) -> Optional[tuple[int, int, int]]:
    deps = project.dependencies
    if not deps.known:
        return None
    declared = deps.find("dj-database-url")
    try:
        if declared is not None and declared.version:
            major, minor, patch = (*Version(declared.version).release, 0, 0)[:3]
            return (major, minor, patch)
        allowed = SpecifierSet(declared.specifier if declared is not None else "")
    except (InvalidVersion, InvalidSpecifier):
        return None
    if allowed.contains("0.0.1"):  # no lower bound: pip's newest that fits the Django
        if django is None:
            return None
        fitting = [
            release
            for release in libraries.DJ_DATABASE_URL_RELEASES
            if allowed.contains(".".join(map(str, release)))
            and (libraries.django_required(release) or (0, 0)) <= django
        ]
        return fitting[-1] if fitting else None
    for release in libraries.DJ_DATABASE_URL_RELEASES:
        if allowed.contains(".".join(map(str, release))):
            return release
    return None
