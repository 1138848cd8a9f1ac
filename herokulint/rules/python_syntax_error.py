"""HK003 python-syntax-error."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Location, Rule
from . import READY_SETTINGS, example
from ._buildpack import buildpack_skipped


class PythonSyntaxError(Rule):
    """
    ## What it does
    Checks that the modules Heroku imports to build and run the app (`manage.py`, the settings
    chain, the WSGI/ASGI module) are readable Python source.

    ## Why it matters
    A syntax error in settings fails the build's collectstatic ("SyntaxError", then "Error:
    Unable to generate Django static files."); in the WSGI module it crashes every dyno on
    boot. Other rules cannot read values from a file that does not parse, so they stay silent
    about it.

    ## Fix safety
    No automatic fix.

    ## References
    - heroku-buildpack-python `bin/steps/collectstatic` (failure reason
      `collectstatic-syntax-error`)
    """

    code = "HK003"
    name = "python-syntax-error"
    severity = "error"
    summary = "a settings, WSGI/ASGI or manage.py module does not parse"

    invalid = [
        example(
            settings=READY_SETTINGS.replace('STATIC_URL = "static/"', 'STATIC_URL = "static/'),
            expect=(("mysite/settings.py", 12),),
        )
    ]
    valid = [example()]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        # Touching these parses every module the deploy imports, once, through the model.
        if project.manage_py:
            project.python(project.manage_py)
        _ = project.settings
        wsgi = project.wsgi
        if wsgi is not None and wsgi.relpath:
            project.python(wsgi.relpath)
        importers = (
            msg("the app's dynos")
            if buildpack_skipped(project)
            else msg("Heroku's build and dynos")
        )
        for failure in project.parse_failures():
            if failure.message.endswith("does not exist"):
                continue
            if failure.unsupported:
                yield self.finding(
                    msg(
                        "{relpath} was not analysed ({message}); rules that read it stayed silent.",
                        relpath=failure.relpath,
                        message=failure.message,
                    ),
                    Location(failure.relpath, failure.line, failure.column),
                    severity="info",
                )
                continue
            detail = (
                failure.message
                if failure.syntax
                else failure.message.removeprefix(failure.relpath).strip()
            )
            yield self.finding(
                msg(
                    "{relpath} cannot be read as Python ({detail}): {importers} would fail importing it; "
                    "fix the file.",
                    relpath=failure.relpath,
                    detail=detail,
                    importers=importers,
                ),
                Location(failure.relpath, failure.line, failure.column),
            )
