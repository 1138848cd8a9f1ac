"""What the libraries a fix writes for accept, by version: dj-database-url's `config()` keywords
and the Django each release requires, and the PostgreSQL driver each Django series imports.

A fix that writes a call or adds a dependency asks the project's resolved versions
(`rules._django.resolved_versions`) and these tables, so it never writes what the app's
installed version would reject.
"""

from __future__ import annotations

from typing import Optional

AS_OF = "2026-12-04"

# -- dj-database-url -------------------------------------------------------------------------
DJ_DATABASE_URL_SOURCE = (
    "jazzband/dj-database-url: CHANGELOG.md and, per tag, the signature of `config()` in "
    "dj_database_url.py (dj_database_url/__init__.py from 2.0) and `install_requires` in "
    "setup.py (pyproject.toml from 3.1)"
)

# Releases on PyPI, oldest first (tags v0.4.0 ... v3.1.2; older ones have no keyword we write).
DJ_DATABASE_URL_RELEASES: tuple[tuple[int, int, int], ...] = (
    (0, 4, 0),
    (0, 4, 1),
    (0, 4, 2),
    (0, 5, 0),
    (1, 0, 0),
    (1, 1, 0),
    (1, 2, 0),
    (1, 3, 0),
    (2, 0, 0),
    (2, 1, 0),
    (2, 2, 0),
    (2, 3, 0),
    (3, 0, 0),
    (3, 0, 1),
    (3, 1, 0),
    (3, 1, 1),
    (3, 1, 2),
)

# The first release whose `config()` accepts each keyword: an older one raises TypeError when
# the settings are imported. conn_max_age: 0.4.0 ("Add in optional support for CONN_MAX_AGE");
# ssl_require: 0.5.0; conn_health_checks: 1.2.0 (1.1.0 added it to `parse()` only, the
# changelog of 1.2.0 says "Fix missing parameter conn_health_check in check function").
CONFIG_KEYWORD_SINCE: dict[str, tuple[int, int, int]] = {
    "conn_max_age": (0, 4, 0),
    "ssl_require": (0, 5, 0),
    "conn_health_checks": (1, 2, 0),
}

# The oldest Django each release line requires (`install_requires`): 0.x requires none;
# 1.0.0 "Django>3.2" (so 3.2.1 and later), 1.1.0-2.2.0 "Django>=3.2", 2.3.0 and later
# "Django>=4.2". pip therefore installs 0.5.0 for an unpinned dj-database-url on Django < 3.2.
DJANGO_REQUIRED_FROM: tuple[tuple[tuple[int, int, int], tuple[int, int]], ...] = (
    ((1, 0, 0), (3, 2)),
    ((2, 3, 0), (4, 2)),
)


def django_required(release: tuple[int, int, int]) -> Optional[tuple[int, int]]:
    """The oldest Django series `release` of dj-database-url installs with; None for 0.x."""
    required = None
    for first, django in DJANGO_REQUIRED_FROM:
        if release >= first:
            required = django
    return required


def accepts(release: tuple[int, int, int], keyword: str) -> bool:
    """True when `config(keyword=...)` works on `release` of dj-database-url."""
    since = CONFIG_KEYWORD_SINCE.get(keyword)
    return since is not None and release >= since


# -- the PostgreSQL driver -------------------------------------------------------------------
DRIVER_SOURCE = (
    "django/django docs/releases/4.2.txt, 'Psycopg 3 support' (django.db.backends.postgresql "
    "imports psycopg 3 from Django 4.2, psycopg2 only before); psycopg/psycopg2#1293 "
    '(psycopg2 2.9 fails on Django 2.2 and 3.0 with "database connection isn\'t set to UTC"; '
    "the maintainers' advice: psycopg2 < 2.9 or a newer Django)"
)

PSYCOPG3_SINCE = (4, 2)
PSYCOPG2_29_SINCE = (3, 1)


def postgres_driver(django: Optional[tuple[int, int]]) -> str:
    """The requirement to add for Django `django` (None: not known): psycopg 3 from 4.2, else
    psycopg2, below 2.9 before Django 3.1. psycopg2 works with every Django from 3.1 on, so
    an unknown Django gets it: the conservative choice."""
    if django is not None and django >= PSYCOPG3_SINCE:
        return "psycopg[binary]"
    if django is not None and django < PSYCOPG2_29_SINCE:
        return "psycopg2-binary<2.9"
    return "psycopg2-binary"
