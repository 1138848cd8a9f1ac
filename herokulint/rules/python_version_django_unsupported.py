"""HK310 python-version-django-unsupported."""

from __future__ import annotations

from collections.abc import Iterator

from ..data import django_versions, python_versions
from ..findings import Finding
from ..i18n import concat, msg
from ..project import ProjectModel
from ..rule import Location, Rule
from . import example
from ._buildpack import buildpack_skipped
from ._django import installed_patch, python_support
from ._fixes import newest_minor, python_version_fix


def _minor(version: tuple[int, int]) -> str:
    return f"{version[0]}.{version[1]}"


class PythonVersionDjangoUnsupported(Rule):
    """
    ## What it does
    Checks that the Python version the app requests (`.python-version`, `runtime.txt`, or
    Pipfile.lock) is one the declared Django release supports, by Django's own table ("What
    Python version can I use with Django?", in `data/django_versions.py`): Django 4.2 supports
    3.8 to 3.12 (3.12 from 4.2.8), 5.2 supports 3.10 to 3.14 (3.14 from 5.2.8), 6.0 needs
    3.12 or newer. For a version range, the newest release the range allows is compared with a
    Python that is too new (pip takes it whatever the Python); a Python too old for it is left
    alone, since pip then falls back to an older release of the range. An unbounded range, or
    a series newer than the table, is left alone.

    ## Why it matters
    Too old is an error: pip refuses a pinned Django whose `Requires-Python` excludes the
    build's Python ("Could not find a version that satisfies the requirement Django==6.0"),
    and the build fails. Too new is a warning: Django installs, but it was never tested on
    that Python and may fail at start-up or misbehave, and its pinned companions (database
    drivers with compiled parts) often have no wheels for it yet. Upgrading Python over an
    old Django (the guide's Django 4.2 moved to Python 3.14) is the common way to get there.

    ## Fix safety
    Unsafe: `--unsafe-fixes` requests the newest Python that both Heroku and the declared
    Django release support, in `.python-version` (a `runtime.txt` is moved there). It is
    unsafe because your code and other dependencies may need changes for that version; you
    may prefer to upgrade Django instead. A version that comes from Pipfile.lock is not fixed.

    ## References
    - Django FAQ "What Python version can I use with Django?" (`docs/faq/install.txt`)
    - Django's `setup.cfg`/`pyproject.toml` `requires-python` per release
    """

    code = "HK310"
    name = "python-version-django-unsupported"
    severity = "warning"
    summary = "the requested Python version is not one the declared Django release supports"
    fix_applicability = "unsafe"

    invalid = [
        example(
            {
                ".python-version": "3.14\n",
                "requirements.txt": "Django==4.2.16\ngunicorn==23.0.0\ndj-database-url==2.2.0\n"
                "psycopg2-binary==2.9.9\n",
            },
            expect=((".python-version", 1),),
            fixed={".python-version": "3.12\n"},
            note="the guide's Django 4.2, moved to Python 3.14",
        ),
        example(
            {
                ".python-version": "3.11\n",
                "requirements.txt": "Django==6.0.1\ngunicorn==23.0.0\ndj-database-url==3.0.1\n"
                "psycopg[binary]==3.2.12\n",
            },
            expect=((".python-version", 1),),
            fixed={".python-version": "3.14\n"},
            note="an error: pip cannot install Django 6.0 on Python 3.11",
        ),
        example(
            {
                ".python-version": "3.12\n",
                "requirements.txt": "Django==4.2.7\ngunicorn==23.0.0\ndj-database-url==2.2.0\n",
            },
            expect=((".python-version", 1),),
            fixed={".python-version": "3.11\n"},
            note="Django 4.2 supports Python 3.12 from 4.2.8",
        ),
        example(
            {
                ".python-version": "3.14\n",
                "requirements.txt": "Django==3.2.25\ngunicorn==23.0.0\ndj-database-url==2.2.0\n",
            },
            expect=((".python-version", 1),),
            fixed={".python-version": "3.10\n"},
            note="Heroku still builds Python 3.10 (deprecated) for Django 3.2",
        ),
    ]
    valid = [
        example(),
        example(
            {
                ".python-version": "3.12\n",
                "requirements.txt": "Django==4.2.16\ngunicorn==23.0.0\ndj-database-url==2.2.0\n",
            }
        ),
        example(
            {
                ".python-version": "3.10\n",
                "requirements.txt": "Django==3.2.25\ngunicorn==23.0.0\ndj-database-url==2.2.0\n",
            },
            note="Django 3.2's newest Python is 3.10, which Heroku still builds (HK304 warns)",
        ),
        example(
            {
                ".python-version": "3.14\n",
                "requirements.txt": "Django>=4.2\ngunicorn==23.0.0\ndj-database-url==2.2.0\n",
            },
            note="pip takes the newest Django the range allows",
        ),
        example(
            {
                ".python-version": "3.11\n",
                "requirements.txt": "Django>=5.2,<6.1\ngunicorn==23.0.0\ndj-database-url==3.0.1\n",
            },
            note="pip falls back to Django 5.2 on Python 3.11",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        request = project.python_versions.effective
        if request is None or buildpack_skipped(project):
            return
        version = (request.version.major, request.version.minor)
        if python_versions.status(*version) not in ("supported", "deprecated"):
            return  # HK303 (end-of-life) or HK309 (unknown) says what is wrong first
        found = python_support(project)
        if found is None:
            return
        django, series, (oldest, newest) = found
        if oldest <= version <= newest:
            return
        patch = installed_patch(django)
        name = msg(
            "Django {version} ({relpath}:{line})",
            version=django.version or _minor(series),
            relpath=django.relpath,
            line=django.line,
        )
        extra = ""
        full = django_versions.python_support(*series)
        if patch is not None and full is not None and full[1] != newest and version <= full[1]:
            added = django_versions.PYTHON_ADDED_IN[series]
            extra = msg(
                " ({minor} from {series}.{series2}.{added})",
                minor=_minor(full[1]),
                series=series[0],
                series2=series[1],
                added=added,
            )
        wanted = newest_minor(project)
        advice = (
            msg("upgrade Django: Heroku builds no Python it supports")
            if wanted is None
            else msg("request `{wanted}` in .python-version, or upgrade Django", wanted=wanted)
        )
        requested = msg(
            "Python {minor} (from {relpath})", minor=_minor(version), relpath=request.relpath
        )
        if version < oldest and not django.version:
            return  # a range: pip picks the newest Django in it that supports this Python
        if version < oldest:
            message = msg(
                "{name} needs Python {minor} or newer, not {requested}: ",
                name=name,
                minor=_minor(oldest),
                requested=requested,
            )
            if django.version and project.dependencies.manager == "pip":
                message = concat(message, msg("pip cannot install it and the build fails"))
                severity = "error"
            else:
                message = concat(message, msg("the install fails or resolves to another Django"))
                severity = "warning"
            message = concat(message, msg("; {advice}.", advice=advice))
        else:
            message = msg(
                "{name} supports Python {minor} to {minor2}{extra}, not {requested}: Django was not "
                "tested on it and may fail at start-up, and pinned packages may have no wheels for "
                "it; {advice}.",
                name=name,
                minor=_minor(oldest),
                minor2=_minor(newest),
                extra=extra,
                requested=requested,
                advice=advice,
            )
            severity = "warning"
        yield self.finding(
            message,
            Location(request.relpath, request.line),
            severity=severity,
            fix=python_version_fix(project, request, wanted),
        )
