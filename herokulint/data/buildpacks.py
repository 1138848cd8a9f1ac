"""What Heroku's classic Python buildpack checks about stacks, buildpacks and packages.

Read from heroku/heroku-buildpack-python v351 (`AS_OF`): lib/checks.sh (stacks, a duplicate
Python buildpack), lib/package_manager.sh (third-party uv/Poetry buildpacks) and bin/warnings
(packages whose install fails on Heroku, with the buildpack's own explanation).
"""

from __future__ import annotations

import re

AS_OF = "2026-08-18"
SOURCE = "heroku/heroku-buildpack-python v351 (lib/checks.sh, lib/package_manager.sh, bin/warnings)"

# lib/checks.sh ensure_supported_stack.
SUPPORTED_STACKS = ("heroku-22", "heroku-24", "heroku-26")
RETIRED_STACKS = ("heroku-20", "heroku-18", "heroku-16", "cedar-14", "cedar-10", "cedar")
CONTAINER_STACK = "container"  # heroku.yml / Docker builds: no buildpack runs

# Buildpack references that mean the Python buildpack (registry name, GitHub URL, registry tarball).
_PYTHON_BUILDPACK = re.compile(
    r"^(heroku/python|(https?://)?github\.com/heroku/heroku-buildpack-python"
    r"|https?://buildpack-registry\.s3\.amazonaws\.com/buildpacks/heroku/python\.tgz)$"
)
_GEO_BUILDPACK = re.compile(
    r"^(heroku-community/geo|(https?://)?github\.com/heroku/heroku-geo-buildpack)$"
)
# Buildpacks that install the GDAL library: the geo buildpack (heroku/heroku-geo-buildpack and
# its forks, heroku-buildpack-geodjango) and the apt buildpack (heroku/heroku-buildpack-apt,
# registry name heroku-community/apt), which installs what the app's Aptfile lists.
_GDAL_PROVIDER = re.compile(r"(^|[/_-])(geo|geodjango|apt)([/_.-]|$)")
GEO_BUILDPACK_URL = "https://github.com/heroku/heroku-geo-buildpack"
APT_BUILDPACK = "heroku-community/apt"
# Community buildpacks that export a requirements.txt from uv or Poetry before the Python one.
_THIRD_PARTY_MANAGER = re.compile(r"(^|[/_-])(poetry|uv)([/_-]|$)")


def normalise(url: str) -> str:
    """A buildpack reference without case, `.git`, a `#ref` or a trailing slash."""
    url = url.strip().lower().split("#", 1)[0].rstrip("/")
    return url[: -len(".git")] if url.endswith(".git") else url


def is_python_buildpack(url: str) -> bool:
    return bool(_PYTHON_BUILDPACK.match(normalise(url)))


def is_geo_buildpack(url: str) -> bool:
    return bool(_GEO_BUILDPACK.match(normalise(url)))


def provides_gdal(url: str) -> bool:
    """A geo or apt buildpack: either can install the GDAL library before the Python one."""
    return is_geo_buildpack(url) or bool(_GDAL_PROVIDER.search(normalise(url)))


def is_third_party_manager_buildpack(url: str) -> bool:
    """A community uv or Poetry buildpack (`moneymeets/python-poetry-buildpack`, ...)."""
    name = normalise(url)
    return not is_python_buildpack(url) and bool(_THIRD_PARTY_MANAGER.search(name))


# bin/warnings: packages whose install fails, the first version that works, and the error.
KNOWN_BROKEN: dict[str, tuple[str, str, str]] = {
    "celery": (
        "5.2.1",
        "Error: One of your dependencies contains broken metadata.",
        "newer pip rejects the invalid version metadata of Celery releases before 5.2.1",
    ),
    "pysqlite3": (
        "0.6.0",
        "Error: Package installation failed since SQLite headers weren't found.",
        "releases before 0.6.0 have no wheels and need the SQLite headers, which the build "
        "no longer has; or use the standard library's sqlite3",
    ),
}
# Later releases to test a version range against (a range that allows none of them and
# nothing newer only installs broken releases).
GOOD_RELEASES: dict[str, tuple[str, ...]] = {
    "celery": ("5.2.1", "5.2.7", "5.3.6", "5.4.0", "5.5.3", "5.6.0", "6.0.0", "99.0.0"),
    "pysqlite3": ("0.6.0", "0.6.1", "1.0.0", "99.0.0"),
}
GDAL_ERROR = "Error: Package installation failed since the GDAL library wasn't found."
