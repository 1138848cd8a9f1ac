"""What popular distributions install with them, for requirements files that list only the
top of the tree.

pip installs each requirement's own dependencies, so `django-heroku` alone brings WhiteNoise,
dj-database-url and psycopg2, and `wagtail` brings django-taggit and Django REST framework. A
lock file (uv.lock, poetry.lock, Pipfile.lock) lists the whole tree; a hand-written
requirements.txt does not, and this table fills the gap so herokulint does not call such a
module "not declared". Only dependencies that matter to a Django app's settings are listed
(Django apps, servers, drivers, storage SDKs); `name[extra]` keys are what an extra adds.

Read from each distribution's published metadata (`Requires-Dist` of its latest release) as of
`AS_OF`. A distribution missing here is assumed to bring nothing else that the rules look for,
except that a Django add-on (`django-*`, `dj-*`, `drf-*`, `djangorestframework-*`) is assumed to
require Django, as nearly all do.
"""

from __future__ import annotations

AS_OF = "2026-11-24"

REQUIRES: dict[str, tuple[str, ...]] = {
    "django": ("asgiref", "sqlparse", "tzdata"),
    "django-heroku": ("django", "whitenoise", "dj-database-url", "psycopg2"),
    "django-on-heroku": ("django", "whitenoise", "dj-database-url", "psycopg2-binary"),
    "dj-database-url": ("django",),
    "djangorestframework": ("django",),
    "djangorestframework-simplejwt": ("django", "djangorestframework", "pyjwt"),
    "djangorestframework-gis": ("djangorestframework", "django-filter"),
    "drf-yasg": ("django", "djangorestframework", "pyyaml", "inflection", "uritemplate"),
    "drf-spectacular": ("django", "djangorestframework", "uritemplate", "pyyaml", "jsonschema"),
    "drf-nested-routers": ("django", "djangorestframework"),
    "dj-rest-auth": ("django", "djangorestframework"),
    "djoser": ("django", "djangorestframework-simplejwt", "social-auth-app-django"),
    "django-allauth": ("django", "asgiref"),
    "django-allauth[socialaccount]": ("requests", "pyjwt", "oauthlib"),
    "django-storages": ("django",),
    "django-storages[s3]": ("boto3",),
    "django-storages[boto3]": ("boto3",),
    "django-storages[google]": ("google-cloud-storage",),
    "django-storages[azure]": ("azure-storage-blob",),
    "django-storages[dropbox]": ("dropbox",),
    "django-storages[sftp]": ("paramiko",),
    "boto3": ("botocore",),
    "channels": ("django", "asgiref"),
    "channels[daphne]": ("daphne",),
    "channels-redis": ("channels", "redis", "asgiref"),
    "daphne": ("asgiref", "twisted", "autobahn"),
    "uvicorn": ("click", "h11"),
    "gunicorn": ("packaging",),
    "celery": ("kombu", "billiard", "vine", "click", "python-dateutil"),
    "celery[redis]": ("redis",),
    "django-celery-beat": ("celery", "django", "django-timezone-field", "python-crontab"),
    "django-celery-results": ("celery", "django"),
    "django-celery-email": ("django", "celery"),
    "django-redis": ("django", "redis"),
    "django-rq": ("django", "rq", "redis"),
    "rq": ("redis", "click"),
    "django-q2": ("django", "django-picklefield"),
    "psycopg[binary]": ("psycopg-binary",),
    "psycopg[pool]": ("psycopg-pool",),
    "whitenoise[brotli]": ("brotli",),
    "django-anymail": ("django", "requests"),
    "django-import-export": ("django", "tablib", "diff-match-patch"),
    "django-filter": ("django",),
    "django-debug-toolbar": ("django", "sqlparse"),
    "django-extensions": ("django",),
    "django-cors-headers": ("django", "asgiref"),
    "django-crispy-forms": ("django",),
    "crispy-bootstrap4": ("django", "django-crispy-forms"),
    "crispy-bootstrap5": ("django", "django-crispy-forms"),
    "crispy-tailwind": ("django", "django-crispy-forms"),
    "django-phonenumber-field[phonenumbers]": ("phonenumbers",),
    "django-phonenumber-field[phonenumberslite]": ("phonenumberslite",),
    "django-money": ("django", "py-moneyed"),
    "django-guardian": ("django",),
    "social-auth-app-django": ("django", "social-auth-core"),
    "django-compressor": ("django", "rcssmin", "rjsmin", "django-appconf"),
    "django-sass-processor": ("django",),
    "dj-stripe": ("django", "stripe"),
    "graphene-django": ("django", "graphene", "graphql-core", "graphql-relay"),
    "strawberry-graphql-django": ("django", "strawberry-graphql", "asgiref"),
    "django-ninja": ("django", "pydantic"),
    "django-ninja-extra": ("django-ninja", "django", "pydantic"),
    "django-ninja-jwt": ("django-ninja-extra", "pyjwt"),
    "django-oauth-toolkit": ("django", "requests", "oauthlib", "jwcrypto"),
    "django-two-factor-auth": (
        "django",
        "django-formtools",
        "django-otp",
        "django-phonenumber-field",
    ),
    "django-simple-history": ("django",),
    "django-taggit": ("django",),
    "django-modelcluster": ("django",),
    "django-treebeard": ("django",),
    "django-mptt": ("django", "django-js-asset"),
    "django-polymorphic": ("django",),
    "django-ckeditor": ("django", "django-js-asset"),
    "django-health-check": ("django",),
    "django-prometheus": ("prometheus-client",),
    "sentry-sdk": ("urllib3", "certifi"),
    "wagtail": (
        "django",
        "django-modelcluster",
        "django-permissionedforms",
        "django-taggit",
        "django-treebeard",
        "djangorestframework",
        "django-filter",
        "draftjs-exporter",
        "pillow",
        "beautifulsoup4",
        "willow",
        "requests",
        "openpyxl",
        "anyascii",
        "telepath",
        "laces",
        "django-tasks",
    ),
    "django-cms": (
        "django",
        "django-classy-tags",
        "django-formtools",
        "django-treebeard",
        "django-sekizai",
        "djangocms-admin-style",
        "packaging",
    ),
    "django-filer": ("django", "django-polymorphic", "easy-thumbnails", "django-mptt"),
    "easy-thumbnails": ("django", "pillow"),
    "django-imagekit": ("django", "django-appconf", "pilkit"),
    "django-oscar": (
        "django",
        "pillow",
        "django-treebeard",
        "sorl-thumbnail",
        "django-tables2",
        "django-widget-tweaks",
        "django-haystack",
        "django-phonenumber-field",
        "phonenumbers",
        "django-extra-views",
        "purl",
        "babel",
        "factory-boy",
    ),
    "django-tenants": ("django",),
    "django-environ": (),
    "python-decouple": (),
    "whitenoise": (),
}


DJANGO_ADDON_PREFIXES = ("django-", "dj-", "drf-", "djangorestframework-")


def requires(key: str) -> tuple[str, ...]:
    """What `key` (a name, or `name[extra]`) brings, as far as this table knows."""
    if key in REQUIRES:
        return REQUIRES[key]
    if "[" not in key and key.startswith(DJANGO_ADDON_PREFIXES):
        return ("django",)
    return ()


def closure(roots: list[tuple[str, tuple[str, ...]]]) -> dict[str, str]:
    """Every distribution pip installs for `roots` ((name, extras) pairs), as far as this table
    knows, mapped to the root it comes through."""
    reached: dict[str, str] = {}
    pending: list[tuple[str, str]] = []
    for name, extras in roots:
        if name not in reached:
            reached[name] = name
            pending.append((name, name))
        for extra in extras:
            pending.extend((dep, name) for dep in requires(f"{name}[{extra}]"))
    while pending:
        key, via = pending.pop()
        if key != via and key in reached:
            continue
        reached.setdefault(key, via)
        pending.extend((dep, via) for dep in requires(key) if dep not in reached)
    return reached
