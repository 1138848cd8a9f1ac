"""HK212 known-broken-package."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from ..data.buildpacks import (
    APT_BUILDPACK,
    GDAL_ERROR,
    GEO_BUILDPACK_URL,
    GOOD_RELEASES,
    KNOWN_BROKEN,
)
from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..project.declared import Dependency
from ..rule import Location, Rule
from . import READY_SETTINGS, example, installed_apps
from ._buildpack import at, buildpack_skipped

GEODJANGO = "django.contrib.gis"


def only_broken(dependency: Dependency, first_good: str) -> bool:
    """True when every version `dependency` may install is older than `first_good`."""
    try:
        if dependency.version:
            return Version(dependency.version) < Version(first_good)
        if not dependency.specifier:
            return False
        allowed = SpecifierSet(dependency.specifier)
    except (InvalidVersion, InvalidSpecifier):
        return False
    return not any(allowed.contains(good) for good in GOOD_RELEASES[dependency.name])


def geo_reason(project: ProjectModel) -> Optional[tuple[str, Location]]:
    """Why the app needs the GDAL library (the GDAL package, or GeoDjango), and where."""
    deps = project.dependencies
    gdal = deps.find("gdal") if deps.known else None
    if gdal is not None:
        return "the GDAL package", at(gdal)
    apps = installed_apps(project)
    settings = project.settings
    if apps and GEODJANGO in apps and settings is not None:
        setting = settings.get("INSTALLED_APPS")
        if setting is not None:
            return msg(
                "GeoDjango (`{GEODJANGO}` in INSTALLED_APPS)", GEODJANGO=GEODJANGO
            ), Location(setting.relpath, setting.line)
    return None


class KnownBrokenPackage(Rule):
    """
    ## What it does
    Checks for the packages the buildpack knows cannot be installed on Heroku:
    - `celery` older than 5.2.1 (invalid version metadata that pip refuses);
    - `pysqlite3` older than 0.6.0 (no wheels; needs SQLite headers the build no longer has);
    - the `GDAL` package (or GeoDjango, `django.contrib.gis` in INSTALLED_APPS) with nothing
      in the repository that provides the GDAL library: no geo or apt buildpack in `app.json`'s
      `buildpacks`, no `Aptfile`, no Docker build. When `app.json` lists the app's buildpacks,
      `buildpacks-misconfigured` judges them instead. Buildpacks added with the CLI
      (`heroku buildpacks:add`) leave no trace in the repository: list them in `app.json` to
      record them, which also silences this check.

    A version comes from the pin or the lock file; a version range is reported only when it
    allows nothing but broken releases.

    ## Why it matters
    The install fails: "Error: One of your dependencies contains broken metadata.", "Error:
    Package installation failed since SQLite headers weren't found.", "Error: Package
    installation failed since the GDAL library wasn't found." ("For GDAL, GEOS and PROJ
    support, use the Geo buildpack alongside the Python buildpack").

    ## Fix safety
    No automatic fix: upgrade the package (or use the standard library's `sqlite3`), or add
    the geo (or apt) buildpack and list it in `app.json`.

    ## References
    - heroku-buildpack-python `bin/warnings`; fixtures `pip_legacy_celery`, `pip_pysqlite3`,
      `pip_gdal`
    - https://github.com/heroku/heroku-geo-buildpack,
      https://github.com/heroku/heroku-buildpack-apt (README: `heroku buildpacks:add --index 1
      heroku-community/apt`)
    """

    code = "HK212"
    name = "known-broken-package"
    severity = "error"
    summary = "a package version the buildpack cannot install (old celery or pysqlite3, GDAL)"

    invalid = [
        example(
            {"requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\ncelery==5.2.0\n"},
            expect=(("requirements.txt", 3),),
        ),
        example(
            {"requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\npysqlite3<0.6\n"},
            expect=(("requirements.txt", 3),),
        ),
        example(
            {"requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\nGDAL==3.10.0\n"},
            expect=(("requirements.txt", 3),),
        ),
        example(
            settings=READY_SETTINGS.replace(
                'INSTALLED_APPS = ["django.contrib.staticfiles"]',
                'INSTALLED_APPS = ["django.contrib.staticfiles", "django.contrib.gis"]',
            ),
            expect=(("mysite/settings.py", 10),),
            note="GeoDjango loads the GDAL library when collectstatic imports the settings",
        ),
    ]
    valid = [
        example({"requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\ncelery>=5.0\n"}),
        example(
            {
                "requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\nGDAL==3.10.0\n",
                "app.json": '{"buildpacks": [{"url": "heroku-community/geo"}, {"url": "heroku/python"}]}\n',
            }
        ),
        example(settings=READY_SETTINGS),
        example(
            {
                "requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\nGDAL==3.10.0\n",
                "Aptfile": "gdal-bin\nlibgdal-dev\n",
            },
            note="an Aptfile: the apt buildpack installs GDAL",
        ),
        example(
            {
                "requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\nGDAL==3.10.0\n",
                "app.json": '{"buildpacks": [{"url": "heroku-community/apt"}, {"url": "heroku/python"}]}\n',
                "Aptfile": "gdal-bin\n",
            },
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        deps = project.dependencies
        if buildpack_skipped(project):
            return
        if deps.known:
            for name, (first_good, error, why) in KNOWN_BROKEN.items():
                dependency = deps.find(name)
                if dependency is not None and only_broken(dependency, first_good):
                    installs = dependency.version or dependency.specifier
                    yield self.finding(
                        msg(
                            "{name} {installs} cannot be installed on Heroku: {why}. The build stops with "
                            '"{error}"; require {name}>={first_good}.',
                            name=name,
                            installs=installs,
                            why=why,
                            error=error,
                            first_good=first_good,
                        ),
                        at(dependency),
                    )
        reason = geo_reason(project)
        # app.json's buildpacks, when listed, are judged by HK215; an Aptfile shows the apt
        # buildpack installs system packages (set with the CLI, outside the repository).
        if reason is None or project.platform.buildpacks is not None or project.exists("Aptfile"):
            return
        what, where = reason
        yield self.finding(
            msg(
                "{what} needs the GDAL library, which the Python buildpack does not install: the "
                'build fails with "{GDAL_ERROR}"; add the geo buildpack before it (`heroku '
                "buildpacks:add --index 1 {GEO_BUILDPACK_URL}`), or the apt buildpack (`heroku "
                "buildpacks:add --index 1 {APT_BUILDPACK}`) with `gdal-bin` in an Aptfile. Listing "
                'it in app.json\'s "buildpacks" records it and silences this check.',
                what=what,
                GDAL_ERROR=GDAL_ERROR,
                GEO_BUILDPACK_URL=GEO_BUILDPACK_URL,
                APT_BUILDPACK=APT_BUILDPACK,
            ),
            where,
        )
