"""Django release series and the day each stops receiving security fixes.

Refresh from `SOURCE`; `AS_OF` is the date of the data read. A series newer than every entry
here is treated as supported (it was released after this table was written).
"""

from __future__ import annotations

import datetime

AS_OF = "2026-04-10"
SOURCE = (
    "https://endoflife.date/api/django.json (generated 2026-04-10, from "
    "https://www.djangoproject.com/download/#supported-versions); 6.1 from Django's "
    "published roadmap (released August 2026, extended support until December 2027)"
)

# (major, minor) -> last day of extended (security) support, ISO dates.
END_OF_SUPPORT: dict[tuple[int, int], str] = {
    (1, 11): "2020-04-01",
    (2, 0): "2019-04-01",
    (2, 1): "2019-12-02",
    (2, 2): "2022-04-11",
    (3, 0): "2021-04-06",
    (3, 1): "2021-12-07",
    (3, 2): "2024-04-01",
    (4, 0): "2023-04-01",
    (4, 1): "2023-12-01",
    (4, 2): "2026-04-07",
    (5, 0): "2025-04-02",
    (5, 1): "2025-12-03",
    (5, 2): "2028-04-30",
    (6, 0): "2027-04-30",
    (6, 1): "2027-12-31",
}

# Every series older than the oldest entry above ended long ago (1.10 and earlier).
_OLDEST = min(END_OF_SUPPORT)


def end_of_support(major: int, minor: int) -> datetime.date | None:
    """The day `major.minor` stops (or stopped) getting security fixes; None when unknown."""
    if (major, minor) < _OLDEST:
        return datetime.date(2017, 12, 1)  # 1.10, the last series before the oldest entry
    value = END_OF_SUPPORT.get((major, minor))
    return datetime.date.fromisoformat(value) if value else None


# (major, minor) -> (oldest, newest) Python minor the series supports, from the table "What
# Python version can I use with Django?" (docs/faq/install.txt, Django main as of 2026-11; older
# rows from the 4.2 and 3.2 branches). Where a series added its newest Python in a patch
# release, PYTHON_ADDED_IN gives that patch: Django 4.2.0-4.2.7 do not support 3.12.
PYTHON_SUPPORT: dict[tuple[int, int], tuple[tuple[int, int], tuple[int, int]]] = {
    # 1.x-2.1 from the table's older versions (docs/faq/install.txt of those branches).
    (1, 4): ((2, 5), (2, 7)),
    (1, 5): ((2, 6), (3, 3)),
    (1, 6): ((2, 6), (3, 3)),
    (1, 7): ((2, 7), (3, 4)),
    (1, 8): ((2, 7), (3, 5)),
    (1, 9): ((2, 7), (3, 5)),
    (1, 10): ((2, 7), (3, 5)),
    (1, 11): ((2, 7), (3, 7)),
    (2, 0): ((3, 4), (3, 7)),
    (2, 1): ((3, 5), (3, 7)),
    (2, 2): ((3, 5), (3, 9)),
    (3, 0): ((3, 6), (3, 9)),
    (3, 1): ((3, 6), (3, 9)),
    (3, 2): ((3, 6), (3, 10)),
    (4, 0): ((3, 8), (3, 10)),
    (4, 1): ((3, 8), (3, 11)),
    (4, 2): ((3, 8), (3, 12)),
    (5, 0): ((3, 10), (3, 12)),
    (5, 1): ((3, 10), (3, 13)),
    (5, 2): ((3, 10), (3, 14)),
    (6, 0): ((3, 12), (3, 14)),
    (6, 1): ((3, 12), (3, 14)),
}
PYTHON_ADDED_IN: dict[tuple[int, int], int] = {
    (1, 11): 17,  # 3.7 in 1.11.17
    (2, 2): 17,  # 3.9 in 2.2.17 (3.8 in 2.2.8)
    (3, 0): 11,
    (3, 1): 3,
    (3, 2): 9,
    (4, 1): 3,
    (4, 2): 8,
    (5, 1): 3,
    (5, 2): 8,
}


def python_support(
    major: int, minor: int, patch: int | None = None
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(oldest, newest) Python `major.minor` that Django `major.minor[.patch]` supports; None
    for a series not in the table. Without a patch, the series' newest release is assumed."""
    support = PYTHON_SUPPORT.get((major, minor))
    if support is None and (major, minor) < min(PYTHON_SUPPORT):
        support = ((2, 4), (2, 7))  # before 1.4: Python 2 only
    if support is None:
        return None
    oldest, newest = support
    added = PYTHON_ADDED_IN.get((major, minor))
    if patch is not None and added is not None and patch < added:
        newest = (newest[0], newest[1] - 1)
    return oldest, newest


def series() -> list[tuple[int, int]]:
    """Every known series, oldest first."""
    return sorted(END_OF_SUPPORT)


def supported_series(today: datetime.date) -> list[tuple[int, int]]:
    return [s for s in series() if datetime.date.fromisoformat(END_OF_SUPPORT[s]) >= today]
