"""HK215 buildpacks-misconfigured."""

from __future__ import annotations

from collections.abc import Iterator

from ..data import buildpacks as facts
from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example
from ._buildpack import buildpack_skipped
from .known_broken_package import geo_reason


def app_json(buildpacks: list[str]) -> str:
    entries = ", ".join(f'{{"url": "{url}"}}' for url in buildpacks)
    return f'{{\n  "name": "mysite",\n  "buildpacks": [{entries}]\n}}\n'


class BuildpacksMisconfigured(Rule):
    """
    ## What it does
    Checks the `buildpacks` that `app.json` lists (used for review apps, Heroku CI and the
    Heroku Button): the Python buildpack once and only once, no third-party uv or Poetry
    buildpack, and the geo buildpack (or the apt buildpack) when the app needs GDAL (the
    `GDAL` package or GeoDjango).

    ## Why it matters
    - Twice: "Error: The Python buildpack has already been run this build."
    - Missing: nothing builds the Python app.
    - A community uv/Poetry buildpack writes a `requirements.txt` next to your lock file, so
      the build then stops with "Multiple Python package manager files were found." ("If you
      use a third-party uv or Poetry buildpack, you must remove it from your app"); the
      official buildpack supports both since 2025.
    - GDAL without the geo buildpack: "Error: Package installation failed since the GDAL
      library wasn't found."

    ## Fix safety
    No automatic fix: edit `app.json` (and the app's own buildpacks: `heroku buildpacks`).

    ## References
    - heroku-buildpack-python `lib/checks.sh`, `lib/package_manager.sh`, `bin/warnings`
    - https://devcenter.heroku.com/articles/app-json-schema#buildpacks
    """

    code = "HK215"
    name = "buildpacks-misconfigured"
    severity = "error"
    summary = "`app.json` buildpacks: Python twice or missing, a uv/Poetry buildpack, no geo buildpack for GDAL"

    invalid = [
        example(
            {"app.json": app_json(["heroku/python", "heroku/python"])}, expect=(("app.json", 3),)
        ),
        example(
            {
                "app.json": app_json(
                    ["https://github.com/moneymeets/python-poetry-buildpack.git", "heroku/python"]
                )
            },
            expect=(("app.json", 3),),
        ),
        example(
            {
                "app.json": app_json(["heroku/python"]),
                "requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\nGDAL==3.10.0\n",
            },
            expect=(("app.json", 3),),
        ),
    ]
    valid = [
        example(),
        example({"app.json": app_json(["heroku/python"])}),
        example(
            {
                "app.json": app_json(["heroku-community/geo", "heroku/python"]),
                "requirements.txt": "Django==5.2.8\ngunicorn==23.0.0\nGDAL==3.10.0\n",
            }
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        app = project.platform.app_json
        if app is None or app.buildpacks is None or buildpack_skipped(project):
            return
        listed = app.buildpacks
        python = [bp for bp in listed if facts.is_python_buildpack(bp.url)]
        for buildpack in python[1:]:
            yield self.finding(
                msg(
                    "app.json lists the Python buildpack more than once ({url}): the build stops with "
                    '"The Python buildpack has already been run this build."; keep one.',
                    url=buildpack.url,
                ),
                Location(app.relpath, buildpack.line),
            )
        for buildpack in listed:
            if facts.is_third_party_manager_buildpack(buildpack.url):
                yield self.finding(
                    msg(
                        "app.json lists {url}, a third-party uv/Poetry buildpack: it writes a "
                        'requirements.txt beside your lock file, and the build stops with "Multiple Python '
                        'package manager files were found."; remove it (heroku/python supports uv and Poetry '
                        "itself).",
                        url=buildpack.url,
                    ),
                    Location(app.relpath, buildpack.line),
                )
        if listed and not python:
            yield self.finding(
                msg(
                    "app.json lists buildpacks but not heroku/python: apps created from it never build "
                    'the Python app; add {{"url": "heroku/python"}}.'
                ),
                Location(app.relpath, app.buildpacks_line),
            )
        reason = geo_reason(project)
        if reason is not None and not any(facts.provides_gdal(bp.url) for bp in listed):
            yield self.finding(
                msg(
                    "{reason} needs the GDAL library, but app.json's buildpacks lack the geo buildpack: "
                    'the build fails with "{GDAL_ERROR}"; add {{"url": "{GEO_BUILDPACK_URL}"}} before '
                    'heroku/python (or "{APT_BUILDPACK}" with GDAL in an Aptfile).',
                    reason=reason[0],
                    GDAL_ERROR=facts.GDAL_ERROR,
                    GEO_BUILDPACK_URL=facts.GEO_BUILDPACK_URL,
                    APT_BUILDPACK=facts.APT_BUILDPACK,
                ),
                Location(app.relpath, app.buildpacks_line),
            )
