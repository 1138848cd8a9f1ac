"""Which Python versions Heroku can build, and the newest patch release of each.

The two build systems are released separately, so their patch tables can differ: "cedar" is the
classic buildpack (heroku/heroku-buildpack-python) and "fir" is the Cloud Native Buildpack
(heroku/buildpacks-python). Refresh these values from the `SOURCE` named below; `AS_OF` is the
date of that release.
"""

from __future__ import annotations

AS_OF = "2026-08-18"
SOURCE = "heroku/heroku-buildpack-python v351 (lib/python_version.sh @ b4e7e721)"

# The version a build gets when the app names none (lib/python_version.sh default major).
DEFAULT_MINOR = (3, 14)

# Every 3.x minor between these two bounds is installable; anything older fails the build as
# end-of-life and anything newer as "isn't recognised" (lib/python_version.sh minor bounds).
_OLDEST_MINOR = 10
_NEWEST_MINOR = 14

# Newest patch per minor. Classic values: lib/python_version.sh @ b4e7e721 (v351). CNB values:
# heroku/buildpacks-python src/python_version.rs @ f81d0dc1 (v6.5.6), which lags for 3.10-3.12.
_LATEST_PATCH: dict[str, dict[int, int]] = {
    "cedar": {10: 21, 11: 16, 12: 14, 13: 15, 14: 7},
    "fir": {10: 20, 11: 15, 12: 13, 13: 15, 14: 7},
}

# Minors still installable but announced for removal, with the removal date. Python 3.10 was
# deprecated in classic v321 ("will be removed from this buildpack on 6th January 2027").
_REMOVAL_DATES: dict[int, str] = {10: "2027-01-06"}


def status(major: int, minor: int) -> str:
    """One of "supported", "deprecated", "eol" (too old to build) or "unknown" (too new)."""
    if major < 3 or (major == 3 and minor < _OLDEST_MINOR):
        return "eol"
    if major >= 4 or minor > _NEWEST_MINOR:
        return "unknown"
    if minor in _REMOVAL_DATES:
        return "deprecated"
    return "supported"


def latest_patch(major: int, minor: int, target: str = "cedar") -> int | None:
    """The newest patch the given build system installs for `major.minor`, or None if it cannot.

    `target` is "cedar" (classic buildpack) or "fir" (Cloud Native Buildpack).
    """
    try:
        table = _LATEST_PATCH[target]
    except KeyError:
        raise ValueError(f"unknown target {target!r}; expected 'cedar' or 'fir'") from None
    if major != 3:
        return None
    return table.get(minor)


def removal_date(major: int, minor: int) -> str | None:
    """ISO date on which a deprecated minor stops being buildable, or None if none is announced."""
    if major != 3:
        return None
    return _REMOVAL_DATES.get(minor)


def newest_supported() -> tuple[int, int]:
    """The newest `(major, minor)` Heroku builds."""
    return (3, _NEWEST_MINOR)
