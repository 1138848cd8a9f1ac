"""Django's deployment checklist (`manage.py check --deploy`) as data: which security check
exists from which release, what Django assumes for a setting the project leaves unset, and the
values its checks accept.

Read from Django's own source, in the released wheels 3.0.14, 3.1.14, 3.2.25, 4.0.10, 4.1.13,
4.2.16 and 5.2.8: `django/core/checks/security/{base,csrf,sessions}.py` and
`django/conf/global_settings.py`. The check logic is the same in every one of them, except what
is recorded here (checks added, defaults changed, `is True` instead of truthiness).
"""

from __future__ import annotations

from typing import Any

AS_OF = "2026-12-04"
SOURCE = (
    "Django wheels 3.0.14-5.2.8: django/core/checks/security/{base,csrf,sessions}.py and "
    "django/conf/global_settings.py"
)

# The oldest series modelled here: older releases had other checks (security.W007 for
# SECURE_BROWSER_XSS_FILTER until 3.0, X_FRAME_OPTIONS defaulting to 'SAMEORIGIN' in 2.2), and
# no Python that Heroku still runs supports them.
OLDEST = (3, 0)

# Check id -> the first series whose `check --deploy` runs it (absent: every modelled series).
ADDED_IN: dict[str, tuple[int, int]] = {
    "security.E101": (3, 2),  # csrf.py: check_csrf_failure_view
    "security.E102": (3, 2),
    "security.E024": (4, 0),  # SECURE_CROSS_ORIGIN_OPENER_POLICY is new in 4.0
    "security.W025": (4, 1),  # SECRET_KEY_FALLBACKS is new in 4.1
}

# Setting -> [(first series, Django's default from then on)], oldest first; global_settings.py.
DEFAULTS: dict[str, list[tuple[tuple[int, int], Any]]] = {
    "SECURE_HSTS_SECONDS": [((3, 0), 0)],
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": [((3, 0), False)],
    "SECURE_HSTS_PRELOAD": [((3, 0), False)],
    "SECURE_CONTENT_TYPE_NOSNIFF": [((3, 0), True)],  # False up to 2.2
    "SECURE_SSL_REDIRECT": [((3, 0), False)],
    "SECRET_KEY": [((3, 0), "")],
    "SECRET_KEY_FALLBACKS": [((4, 1), [])],
    "SESSION_COOKIE_SECURE": [((3, 0), False)],
    "SESSION_COOKIE_HTTPONLY": [((3, 0), True)],
    "CSRF_COOKIE_SECURE": [((3, 0), False)],
    "CSRF_USE_SESSIONS": [((3, 0), False)],
    "CSRF_FAILURE_VIEW": [((3, 0), "django.views.csrf.csrf_failure")],
    "X_FRAME_OPTIONS": [((3, 0), "DENY")],  # 'SAMEORIGIN' up to 2.2
    "SECURE_REFERRER_POLICY": [((3, 0), None), ((3, 1), "same-origin")],
    "SECURE_CROSS_ORIGIN_OPENER_POLICY": [((4, 0), "same-origin")],
    "MIDDLEWARE": [((3, 0), [])],
    "INSTALLED_APPS": [((3, 0), [])],
}

# From 4.1 the cookie checks want the value `is True`; before, any truthy value passed
# (sessions.py `if not settings.SESSION_COOKIE_SECURE:`, csrf.py `or settings.CSRF_COOKIE_SECURE`).
COOKIE_IS_TRUE_SINCE = (4, 1)

SECURITY_MIDDLEWARE = "django.middleware.security.SecurityMiddleware"
XFRAME_MIDDLEWARE = "django.middleware.clickjacking.XFrameOptionsMiddleware"
CSRF_MIDDLEWARE = "django.middleware.csrf.CsrfViewMiddleware"
SESSION_MIDDLEWARE = "django.contrib.sessions.middleware.SessionMiddleware"
# sessions.py `_session_app()`: the exact string, not the app's AppConfig path.
SESSIONS_APP = "django.contrib.sessions"

# base.py: `_check_secret_key()`.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
SECRET_KEY_INSECURE_PREFIX = "django-insecure-"

# base.py: REFERRER_POLICY_VALUES and CROSS_ORIGIN_OPENER_POLICY_VALUES.
REFERRER_POLICY_VALUES = frozenset(
    {
        "no-referrer",
        "no-referrer-when-downgrade",
        "origin",
        "origin-when-cross-origin",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
        "unsafe-url",
    }
)
CROSS_ORIGIN_OPENER_POLICY_VALUES = frozenset(
    {"same-origin", "same-origin-allow-popups", "unsafe-none"}
)


def applies(check: str, series: tuple[int, int]) -> bool:
    """Whether Django `series` runs `check` (`security.E024` needs 4.0)."""
    return series >= OLDEST and series >= ADDED_IN.get(check, OLDEST)


def default(setting: str, series: tuple[int, int]) -> Any:
    """Django's value for `setting` when the project leaves it unset, in `series`."""
    value = None
    for since, candidate in DEFAULTS[setting]:
        if series >= since:
            value = candidate
    return value


def weak_secret_key(key: str) -> bool:
    """True when Django's security.W009/W025 test rejects `key`."""
    return (
        len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or len(key) < SECRET_KEY_MIN_LENGTH
        or key.startswith(SECRET_KEY_INSECURE_PREFIX)
    )
