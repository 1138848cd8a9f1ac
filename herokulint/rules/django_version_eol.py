"""HK213 django-version-eol."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from ..data import django_versions
from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Rule
from . import example
from ._buildpack import at, buildpack_skipped
from ._django import declared_django, installed_series


class DjangoVersionEol(Rule):
    """
    ## What it does
    Checks that the Django version Heroku will install still gets security fixes: the pinned or
    locked version, or for a version range, the newest release the range allows. Dates come
    from herokulint's table of Django release series (`data/django_versions.py`, with its date
    and source).

    ## Why it matters
    An end-of-life Django receives no security releases: known vulnerabilities stay open on a
    public web app. Heroku still builds it, so nothing else warns you.

    ## Fix safety
    No automatic fix: upgrading Django can need code changes. Move to a supported series
    (ideally the current LTS) and run your tests.

    ## References
    - https://www.djangoproject.com/download/#supported-versions
    - https://endoflife.date/django
    """

    code = "HK213"
    name = "django-version-eol"
    severity = "warning"
    summary = "the Django version declared is past its end of support"

    invalid = [
        example(
            {"requirements.txt": "Django==3.2.25\ngunicorn==23.0.0\ndj-database-url==2.1.0\n"},
            expect=(("requirements.txt", 1),),
        ),
        example(
            {"requirements.txt": "Django>=4.1,<4.2\ngunicorn==23.0.0\n"},
            expect=(("requirements.txt", 1),),
        ),
    ]
    valid = [example(), example({"requirements.txt": "Django>=4.2\ngunicorn==23.0.0\n"})]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        if buildpack_skipped(project):
            return
        django = declared_django(project)
        if django is None:
            return
        series = installed_series(django)
        if series is None:
            return
        ended = django_versions.end_of_support(*series)
        today = datetime.date.today()
        if ended is None or ended >= today:
            return
        supported = django_versions.supported_series(today)
        target = ".".join(map(str, supported[0])) if supported else msg("a supported release")
        yield self.finding(
            msg(
                "Django {series}.{series2} stopped receiving security fixes on {ended} (data as of "
                "{AS_OF}): known vulnerabilities stay open on a public app; upgrade to a supported "
                "series such as {target}.",
                series=series[0],
                series2=series[1],
                ended=ended,
                AS_OF=django_versions.AS_OF,
                target=target,
            ),
            at(django),
        )
