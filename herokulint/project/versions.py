"""One answer to "which version will this app run?": Django, dj-database-url, any distribution,
and the Python that builds it.

The answer comes from every package manager whose file is at the app root, not only from the one
the buildpack would pick: with several manager files the build stops (HK202), and the user then
keeps one of them, so each one's answer is a version the app may end up running.

- A pin (`Django==4.2.16`) or a lock file's version is exact.
- A range (`Django>=4.2,<5`, Poetry's `^4.2`, uv's `>=4.2`) is kept as the range: `lowest` is the
  lowest release it allows (the version the code must still work with), `newest` the newest known
  series it allows (what pip installs from it). A range with no lower bound has no `lowest`.
- When the manifests disagree (a lock says 4.2.16, requirements.txt pins 5.2.8), or nothing names
  the distribution, the version is unknown: rules and fixes that depend on it stay silent or say
  so (info), and never give advice that only holds for some of the versions.

Rules and fixes ask `project.versions` and never compute versions themselves (design.md,
"Growing the house").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from ..data import python_versions
from ..records import frozen
from .requirements import canonicalize_name

if TYPE_CHECKING:
    from .dependencies import Dependencies
    from .python_version import PythonVersions

Release = tuple[int, int, int]


@frozen
class VersionSource:
    """Where one manager's files say which version it installs."""

    manager: str  # "pip", "pipenv", "poetry", "uv"
    relpath: str
    line: int
    specifier: str  # PEP 440 as declared ("" for any version)
    version: Optional[str]  # the exact version, from a pin or a lock file
    via: Optional[str] = None  # not declared itself: what brings it in (a lock's dependency)


@frozen
class ResolvedVersion:
    """The version of one distribution (or of Python) the app runs, as far as it is known.

    `status` is "exact" (one version: a pin, a lock, a version file), "range" (a declared
    range; see `lowest` and `newest`) or "unknown" (`reason` says why: not declared, the
    manifests disagree, an unreadable manifest).
    """

    name: str
    status: str
    version: Optional[str] = None  # the exact version ("4.2.16"), when status is "exact"
    lowest: Optional[Release] = None  # the lowest release allowed (the version itself if exact)
    # The newest known series allowed, what pip installs from a range (the newest known one
    # when the range has no upper bound); the version's own series when exact. Django only.
    newest: Optional[tuple[int, int]] = None
    specifier: str = ""  # the allowed range, PEP 440 ("==4.2.16", ">=4.2,<5"), for messages
    # Several managers' ranges: a version is allowed when one of them allows it.
    alternatives: tuple[str, ...] = ()
    sources: tuple[VersionSource, ...] = ()
    reason: str = ""

    @property
    def known(self) -> bool:
        """True when the lowest version the app may run is known."""
        return self.lowest is not None

    @property
    def series(self) -> Optional[tuple[int, int]]:
        """(major, minor) of the lowest allowed version: what the code must still work with."""
        return None if self.lowest is None else self.lowest[:2]

    def at_least(self, version: str) -> Optional[bool]:
        """True when every version the app may run is `version` or newer; False when none is;
        None when that is unknown (an unknown version, or a range that allows both)."""
        try:
            wanted = Version(version)
        except InvalidVersion:
            return None
        if self.lowest is not None and Version(_text(self.lowest)) >= wanted:
            return True
        probes = [str(wanted), *(str(bump) for bump in _bumps(wanted.release)), "99.0.0"]
        answers = [self.allows(probe) for probe in probes]
        if any(answer is None for answer in answers):
            return None
        return False if not any(answers) else None

    def allows(self, version: str) -> Optional[bool]:
        """Whether `version` is one the app may run; None when the version is unknown."""
        if self.status == "unknown":
            return None
        sets = [_specifier_set(spec) for spec in self.alternatives or (self.specifier,)]
        if any(allowed is None for allowed in sets):
            return None
        try:
            return any(allowed.contains(version, prereleases=True) for allowed in sets if allowed)
        except InvalidVersion:
            return None


def _text(release: Release) -> str:
    return ".".join(str(number) for number in release)


def _release(version: str) -> Optional[Release]:
    try:
        numbers = Version(version).release
    except InvalidVersion:
        return None
    padded = (*numbers, 0, 0)[:3]
    return (padded[0], padded[1], padded[2])


def _specifier_set(specifier: str) -> Optional[SpecifierSet]:
    try:
        return SpecifierSet(specifier)
    except InvalidSpecifier:
        return None


def _bumps(release: tuple[int, ...]) -> list[Version]:
    padded = (*release, 0, 0)[:3]
    major, minor, patch = padded[0], padded[1], padded[2]
    return [
        Version(f"{major}.{minor}.{patch + 1}"),
        Version(f"{major}.{minor + 1}.0"),
        Version(f"{major + 1}.0.0"),
    ]


def lowest_allowed(specifier: str) -> Optional[Release]:
    """The lowest release a PEP 440 range allows (`>=4.2,<5` → 4.2.0, `^4.2` as Poetry writes
    it → 4.2.0, `>4.1` → 4.1.1); None when it has no lower bound or cannot be read."""
    allowed = _specifier_set(specifier)
    if allowed is None:
        return None
    candidates: list[Release] = []
    for clause in allowed:
        if clause.operator in ("==", "===", ">=", "~=", ">"):
            release = _release(clause.version.replace(".*", ""))
            if release is None:
                continue
            candidates.append(release)
            if clause.operator == ">":
                candidates.extend(_release(str(bump)) or release for bump in _bumps(release))
    found = [c for c in candidates if allowed.contains(_text(c), prereleases=True)]
    return min(found) if found else None


def newest_series(specifier: str, known: list[tuple[int, int]]) -> Optional[tuple[int, int]]:
    """The newest of the `known` series (oldest first) a range allows: the newest known one
    when it has no upper bound (pip installs at least that); None when it allows none."""
    allowed = _specifier_set(specifier)
    if allowed is None or not known:
        return None
    newest = known[-1]
    for probe in (f"{newest[0]}.{newest[1] + 1}.0", f"{newest[0] + 1}.0.0", "99.0.0"):
        if allowed.contains(probe):
            return newest
    for major, minor in reversed(known):
        # A series is allowed when one of its releases is (patches past .40 do not exist).
        if any(allowed.contains(f"{major}.{minor}.{patch}") for patch in (*range(41), 99)):
            return (major, minor)
    return None


def _source(manager: str, deps: Dependencies, name: str) -> Optional[VersionSource]:
    found = deps.find(name)
    if found is None:
        return None
    return VersionSource(
        manager, found.relpath, found.line, found.specifier, found.version, found.via
    )


def resolve_distribution(
    name: str, by_manager: dict[str, Dependencies], known_series: Optional[list] = None
) -> ResolvedVersion:
    """The version of distribution `name` the app runs, from every manager at the root."""
    wanted = canonicalize_name(name)
    if not by_manager:
        return ResolvedVersion(wanted, "unknown", reason="no package manager file")
    sources: list[VersionSource] = []
    for manager, deps in by_manager.items():
        if not deps.known:
            return ResolvedVersion(wanted, "unknown", reason=f"{manager}'s files cannot be read")
        source = _source(manager, deps, wanted)
        if source is not None:
            sources.append(source)
    if not sources:
        return ResolvedVersion(wanted, "unknown", reason="not declared")
    if len(sources) < len(by_manager):
        missing = sorted(set(by_manager) - {s.manager for s in sources})
        return ResolvedVersion(
            wanted,
            "unknown",
            sources=tuple(sources),
            reason=f"not declared for {', '.join(missing)}",
        )
    return _combine(wanted, sources, known_series or [])


def _one(name: str, source: VersionSource, known: list[tuple[int, int]]) -> ResolvedVersion:
    if source.version is not None:
        release = _release(source.version)
        if release is not None:
            return ResolvedVersion(
                name,
                "exact",
                version=source.version,
                lowest=release,
                newest=release[:2],
                specifier=f"=={source.version}",
                sources=(source,),
            )
    if _specifier_set(source.specifier) is None:
        return ResolvedVersion(name, "unknown", sources=(source,), reason="unreadable specifier")
    return ResolvedVersion(
        name,
        "range",
        lowest=lowest_allowed(source.specifier),
        newest=newest_series(source.specifier, known),
        specifier=source.specifier,
        sources=(source,),
    )


def _combine(
    name: str, sources: list[VersionSource], known: list[tuple[int, int]]
) -> ResolvedVersion:
    each = [_one(name, source, known) for source in sources]
    first = each[0]
    if len(each) == 1:
        return first
    if any(resolved.status == "unknown" for resolved in each):
        return ResolvedVersion(name, "unknown", sources=tuple(sources), reason="unreadable")
    if all(r.status == "exact" and r.version == first.version for r in each):
        return ResolvedVersion(
            name,
            "exact",
            version=first.version,
            lowest=first.lowest,
            newest=first.newest,
            specifier=first.specifier,
            sources=tuple(sources),
        )
    # Ranges or different pins: the same answer only when they agree on the lowest series.
    if len({r.series for r in each}) != 1 or first.series is None:
        listed = "; ".join(f"{s.relpath}: {s.version or s.specifier or 'any'}" for s in sources)
        return ResolvedVersion(
            name, "unknown", sources=tuple(sources), reason=f"the manifests disagree ({listed})"
        )
    lowest = min(r.lowest for r in each if r.lowest is not None)
    newest_values = [r.newest for r in each]
    newest = None if any(n is None for n in newest_values) else max(n for n in newest_values if n)
    return ResolvedVersion(
        name,
        "range",
        lowest=lowest,
        newest=newest,
        specifier=" or ".join(r.specifier or "any" for r in each),
        alternatives=tuple(r.specifier for r in each),
        sources=tuple(sources),
    )


def resolve_python(versions: PythonVersions, managers: list[str]) -> ResolvedVersion:
    """The Python the build installs: the request the buildpack reads first (runtime.txt,
    .python-version, then Pipfile.lock for Pipenv), else the buildpack's default, which an
    existing app's cached version overrides (status "range", `reason` "default").
    With several managers, each one's build is considered; they must agree."""
    answers: list[tuple[Optional[str], str, int]] = []
    for manager in managers or [""]:
        request = versions.effective_for(manager)
        if request is None:
            answers.append((None, "", 0))
            continue
        full = versions.full_version(request)
        answers.append((full, request.relpath, request.line))
    fulls = {full for full, _, _ in answers}
    if len(fulls) != 1:
        return ResolvedVersion(
            "python",
            "unknown",
            reason="the package managers' builds would use different versions",
        )
    full, relpath, line = answers[0]
    if full is None:
        major, minor = python_versions.DEFAULT_MINOR
        patch = python_versions.latest_patch(major, minor, versions.target) or 0
        return ResolvedVersion(
            "python",
            "range",
            lowest=(major, minor, patch),
            newest=(major, minor),
            specifier=f">={major}.{minor}",
            reason="default",
        )
    release = _release(full)
    source = VersionSource(managers[0] if managers else "", relpath, line, f"=={full}", full)
    return ResolvedVersion(
        "python",
        "exact",
        version=full,
        lowest=release,
        newest=release[:2] if release else None,
        specifier=f"=={full}",
        sources=(source,),
    )


class ResolvedVersions:
    """`project.versions`: Django, dj-database-url, Python, and any distribution by name."""

    def __init__(
        self, by_manager: dict[str, Dependencies], python_versions: PythonVersions
    ) -> None:
        self._by_manager = by_manager
        self._python_versions = python_versions
        self._cache: dict[str, ResolvedVersion] = {}

    def of(self, distribution: str) -> ResolvedVersion:
        """The version of `distribution` (any spelling) the app runs."""
        name = canonicalize_name(distribution)
        if name not in self._cache:
            known = None
            if name == "django":
                from ..data.django_versions import series

                known = series()
            self._cache[name] = resolve_distribution(name, self._by_manager, known)
        return self._cache[name]

    @property
    def django(self) -> ResolvedVersion:
        return self.of("django")

    @property
    def dj_database_url(self) -> ResolvedVersion:
        return self.of("dj-database-url")

    @property
    def python(self) -> ResolvedVersion:
        if "python" not in self._cache:
            self._cache["python"] = resolve_python(self._python_versions, list(self._by_manager))
        return self._cache["python"]
