"""Which distribution installs an importable module: `dj_database_url` comes from
`dj-database-url`, `environ` from `django-environ`, `rest_framework` from `djangorestframework`.

Compiled by hand (as of `AS_OF`) for the packages most used by Django projects: the third-party
apps, middleware, storage backends, database engines and settings helpers that appear in
Django projects' `INSTALLED_APPS`, `MIDDLEWARE`, `STORAGES`, `DATABASES` and settings imports.
Each entry was taken from the distribution's installation instructions (the name it tells you to
put in `INSTALLED_APPS` or import) and the top-level packages its wheel installs. Where several
distributions install the same module (`psycopg2` / `psycopg2-binary`, `captcha`), all are
listed: any one of them declared satisfies the import.

A module missing from this map is never reported: herokulint cannot tell whether it is
third-party, and precision beats recall.
"""

from __future__ import annotations

from typing import Optional

AS_OF = "2026-11-24"
SOURCE = (
    "hand-compiled from each distribution's documented INSTALLED_APPS / import name and its "
    "wheel's top-level packages; package list: the Django ecosystem's most-installed packages "
    "(PyPI 'Framework :: Django') and the idioms in the project's Django configuration notes"
)

POSTGRES_DRIVERS = ("psycopg", "psycopg2", "psycopg2-binary")
MYSQL_DRIVERS = ("mysqlclient", "pymysql", "mysql-connector-python")

# Top-level (or dotted) module -> the distributions that install it.
IMPORT_NAMES: dict[str, tuple[str, ...]] = {
    # Settings helpers and Heroku glue.
    "dj_database_url": ("dj-database-url",),
    "dj_email_url": ("dj-email-url",),
    "django_cache_url": ("django-cache-url",),
    "environ": ("django-environ", "environ-config"),
    "environs": ("environs",),
    "decouple": ("python-decouple",),
    "dotenv": ("python-dotenv", "dotenv"),
    "split_settings": ("django-split-settings", "split-settings"),  # both install split_settings/
    "configurations": ("django-configurations",),
    "dynaconf": ("dynaconf",),
    "pydantic_settings": ("pydantic-settings",),
    "pydantic": ("pydantic",),
    "django_heroku": ("django-heroku",),
    "django_on_heroku": ("django-on-heroku",),
    "whitenoise": ("whitenoise",),
    "dj_static": ("dj-static",),
    # Web servers.
    "gunicorn": ("gunicorn",),
    "uvicorn": ("uvicorn",),
    "daphne": ("daphne",),
    "hypercorn": ("hypercorn",),
    "waitress": ("waitress",),
    "granian": ("granian",),
    "gevent": ("gevent",),
    "eventlet": ("eventlet",),
    "psycogreen": ("psycogreen",),
    # Databases and caches.
    "psycopg": ("psycopg",),
    "psycopg2": ("psycopg2", "psycopg2-binary"),
    "psycopg_pool": ("psycopg-pool",),
    "MySQLdb": ("mysqlclient",),
    "pymysql": ("pymysql",),
    "oracledb": ("oracledb",),
    "cx_Oracle": ("cx-oracle",),
    "mssql": ("mssql-django",),
    "django_cockroachdb": ("django-cockroachdb",),
    "dj_db_conn_pool": ("django-db-connection-pool",),
    "django_db_geventpool": ("django-db-geventpool",),
    "psqlextra": ("django-postgres-extra",),
    "django_mongodb_backend": ("django-mongodb-backend",),
    "djongo": ("djongo",),
    "timescale": ("django-timescaledb",),
    "pymongo": ("pymongo",),
    "redis": ("redis",),
    "django_redis": ("django-redis",),
    "pymemcache": ("pymemcache",),
    "pylibmc": ("pylibmc",),
    "memcache": ("python-memcached", "python3-memcached"),
    "django_mysql": ("django-mysql",),
    "pgtrigger": ("django-pgtrigger",),
    "pghistory": ("django-pghistory",),
    # Storage and e-mail backends.
    "storages": ("django-storages", "django-storages-redux"),
    "boto3": ("boto3",),
    "botocore": ("botocore",),
    "google.cloud.storage": ("google-cloud-storage",),
    "azure.storage.blob": ("azure-storage-blob",),
    "cloudinary": ("cloudinary",),
    "cloudinary_storage": ("django-cloudinary-storage",),
    "dropbox": ("dropbox",),
    "paramiko": ("paramiko",),
    "anymail": ("django-anymail",),
    "django_ses": ("django-ses",),
    "post_office": ("django-post-office",),
    "sendgrid": ("sendgrid",),
    "djcelery_email": ("django-celery-email",),
    # APIs.
    "rest_framework": ("djangorestframework",),
    "rest_framework_simplejwt": ("djangorestframework-simplejwt",),
    "rest_framework_gis": ("djangorestframework-gis",),
    "rest_framework_nested": ("drf-nested-routers",),
    "rest_framework_api_key": ("djangorestframework-api-key",),
    "rest_framework_json_api": ("djangorestframework-jsonapi",),
    "drf_yasg": ("drf-yasg",),
    "drf_spectacular": ("drf-spectacular",),
    "drf_spectacular_sidecar": ("drf-spectacular-sidecar",),
    "knox": ("django-rest-knox",),
    "dj_rest_auth": ("dj-rest-auth",),
    "rest_auth": ("django-rest-auth",),
    "djoser": ("djoser",),
    "django_filters": ("django-filter",),
    "corsheaders": ("django-cors-headers",),
    "graphene_django": ("graphene-django",),
    "graphene": ("graphene",),
    "strawberry_django": ("strawberry-graphql-django",),
    "strawberry": ("strawberry-graphql",),
    "ninja": ("django-ninja",),
    "ninja_extra": ("django-ninja-extra",),
    "ninja_jwt": ("django-ninja-jwt",),
    "oauth2_provider": ("django-oauth-toolkit",),
    "oidc_provider": ("django-oidc-provider",),
    "mozilla_django_oidc": ("mozilla-django-oidc",),
    "djangosaml2": ("djangosaml2",),
    "django_auth_ldap": ("django-auth-ldap",),
    "ldap": ("python-ldap",),
    "jwt": ("pyjwt", "jwt"),
    "jose": ("python-jose",),
    # Authentication and security.
    "allauth": ("django-allauth",),
    "social_django": ("social-auth-app-django",),
    "social_core": ("social-auth-core",),
    "guardian": ("django-guardian",),
    "rules": ("rules",),
    "axes": ("django-axes",),
    "defender": ("django-defender",),
    "django_otp": ("django-otp",),
    "two_factor": ("django-two-factor-auth",),
    "csp": ("django-csp",),
    "django_permissions_policy": ("django-permissions-policy",),
    "django_ratelimit": ("django-ratelimit",),
    "ratelimit": ("django-ratelimit",),
    "hijack": ("django-hijack",),
    "impersonate": ("django-impersonate",),
    "sesame": ("django-sesame",),
    "captcha": ("django-recaptcha", "django-simple-captcha"),
    "django_recaptcha": ("django-recaptcha",),
    "ipware": ("django-ipware",),
    "registration": ("django-registration", "django-registration-redux"),
    "django_registration": ("django-registration",),
    "invitations": ("django-invitations",),
    "organizations": ("django-organizations",),
    "waffle": ("django-waffle",),
    "cryptography": ("cryptography",),
    "Crypto": ("pycryptodome", "pycrypto"),
    # Background work and real time.
    "celery": ("celery",),
    "kombu": ("kombu",),
    "django_celery_beat": ("django-celery-beat",),
    "django_celery_results": ("django-celery-results",),
    "django_rq": ("django-rq",),
    "rq": ("rq",),
    "huey": ("huey",),
    "django_q": ("django-q2", "django-q"),
    "dramatiq": ("dramatiq",),
    "django_dramatiq": ("django-dramatiq",),
    "django_apscheduler": ("django-apscheduler",),
    "apscheduler": ("apscheduler",),
    "background_task": ("django-background-tasks",),
    "django_tasks": ("django-tasks",),
    "django_crontab": ("django-crontab",),
    "procrastinate": ("procrastinate",),
    "channels": ("channels",),
    "channels_redis": ("channels-redis",),
    "django_eventstream": ("django-eventstream",),
    # Monitoring and logging.
    "sentry_sdk": ("sentry-sdk",),
    "raven": ("raven",),
    "newrelic": ("newrelic",),
    "scout_apm": ("scout-apm",),
    "ddtrace": ("ddtrace",),
    "elasticapm": ("elastic-apm",),
    "rollbar": ("rollbar",),
    "bugsnag": ("bugsnag",),
    "honeybadger": ("honeybadger",),
    "django_prometheus": ("django-prometheus",),
    "health_check": ("django-health-check",),
    "silk": ("django-silk",),
    "structlog": ("structlog",),
    "django_structlog": ("django-structlog",),
    "pythonjsonlogger": ("python-json-logger",),
    "json_log_formatter": ("json-log-formatter",),
    "colorlog": ("colorlog",),
    "loguru": ("loguru",),
    "debug_toolbar": ("django-debug-toolbar",),
    "django_extensions": ("django-extensions",),
    "django_browser_reload": ("django-browser-reload",),
    "nplusone": ("nplusone",),
    # Admin.
    "jazzmin": ("django-jazzmin",),
    "unfold": ("django-unfold",),
    "grappelli": ("django-grappelli",),
    "admin_interface": ("django-admin-interface",),
    "colorfield": ("django-colorfield",),
    "nested_admin": ("django-nested-admin",),
    "adminsortable2": ("django-admin-sortable2",),
    "import_export": ("django-import-export",),
    "rangefilter": ("django-admin-rangefilter",),
    "admin_auto_filters": ("django-admin-autocomplete-filter",),
    "django_object_actions": ("django-object-actions",),
    "simpleui": ("django-simpleui",),
    "baton": ("django-baton",),
    "admin_honeypot": ("django-admin-honeypot",),
    "explorer": ("django-sql-explorer",),
    "constance": ("django-constance",),
    "solo": ("django-solo",),
    # Models and data.
    "model_utils": ("django-model-utils",),
    "mptt": ("django-mptt",),
    "treebeard": ("django-treebeard",),
    "polymorphic": ("django-polymorphic",),
    "taggit": ("django-taggit",),
    "simple_history": ("django-simple-history",),
    "reversion": ("django-reversion",),
    "auditlog": ("django-auditlog",),
    "ordered_model": ("django-ordered-model",),
    "sortedm2m": ("django-sortedm2m",),
    "django_cleanup": ("django-cleanup",),
    "django_fsm": ("django-fsm", "django-fsm-2"),
    "django_countries": ("django-countries",),
    "phonenumber_field": ("django-phonenumber-field",),
    "phonenumbers": ("phonenumbers", "phonenumberslite"),
    "localflavor": ("django-localflavor",),
    "djmoney": ("django-money",),
    "moneyed": ("py-moneyed",),
    "timezone_field": ("django-timezone-field",),
    "recurrence": ("django-recurrence",),
    "modeltranslation": ("django-modeltranslation",),
    "parler": ("django-parler",),
    "rosetta": ("django-rosetta",),
    "django_tenants": ("django-tenants",),
    "dbbackup": ("django-dbbackup",),
    "maintenance_mode": ("django-maintenance-mode",),
    "haystack": ("django-haystack",),
    "django_elasticsearch_dsl": ("django-elasticsearch-dsl",),
    "elasticsearch": ("elasticsearch",),
    "elasticsearch_dsl": ("elasticsearch-dsl",),
    "watson": ("django-watson",),
    "actstream": ("django-activity-stream",),
    "notifications": ("django-notifications-hq",),
    "django_comments": ("django-contrib-comments",),
    "django_comments_xtd": ("django-comments-xtd",),
    "hitcount": ("django-hitcount",),
    "meta": ("django-meta",),
    "robots": ("django-robots",),
    "location_field": ("django-location-field",),
    "leaflet": ("django-leaflet",),
    "djgeojson": ("django-geojson",),
    "cities_light": ("django-cities-light",),
    # Forms, templates and front end.
    "crispy_forms": ("django-crispy-forms",),
    "crispy_bootstrap4": ("crispy-bootstrap4",),
    "crispy_bootstrap5": ("crispy-bootstrap5",),
    "crispy_tailwind": ("crispy-tailwind",),
    # django-widgets-improved: a fork under a new name; its setup.py installs
    # packages=['widget_tweaks', 'widget_tweaks.templatetags'] (simhnna/django-widgets-improved).
    "widget_tweaks": ("django-widget-tweaks", "django-widgets-improved"),
    "formtools": ("django-formtools",),
    "extra_views": ("django-extra-views",),
    "braces": ("django-braces",),
    "django_bootstrap5": ("django-bootstrap5",),
    "bootstrap4": ("django-bootstrap4",),
    "bootstrap_datepicker_plus": ("django-bootstrap-datepicker-plus",),
    "django_select2": ("django-select2",),
    "dal": ("django-autocomplete-light",),
    "dal_select2": ("django-autocomplete-light",),
    "django_tables2": ("django-tables2",),
    "django_htmx": ("django-htmx",),
    "template_partials": ("django-template-partials",),
    "django_cotton": ("django-cotton",),
    "compressor": ("django-compressor",),
    "sass_processor": ("django-sass-processor",),
    "pipeline": ("django-pipeline",),
    "webpack_loader": ("django-webpack-loader",),
    "django_vite": ("django-vite",),
    "tailwind": ("django-tailwind",),
    "django_js_reverse": ("django-js-reverse",),
    "statici18n": ("django-statici18n",),
    "ckeditor": ("django-ckeditor",),
    "ckeditor_uploader": ("django-ckeditor",),
    "django_ckeditor_5": ("django-ckeditor-5",),
    "tinymce": ("django-tinymce",),
    "markdownx": ("django-markdownx",),
    "martor": ("martor",),
    "django_summernote": ("django-summernote",),
    "django_quill": ("django-quill-editor",),
    "embed_video": ("django-embed-video",),
    "qr_code": ("django-qr-code",),
    "pwa": ("django-pwa",),
    "webpush": ("django-webpush",),
    "push_notifications": ("django-push-notifications",),
    "fcm_django": ("fcm-django",),
    "django_user_agents": ("django-user-agents",),
    "user_agents": ("user-agents",),
    # Images and files.
    "PIL": ("pillow", "pillow-simd"),
    "imagekit": ("django-imagekit",),
    "easy_thumbnails": ("easy-thumbnails",),
    "sorl": ("sorl-thumbnail",),
    "versatileimagefield": ("django-versatileimagefield",),
    "stdimage": ("django-stdimage",),
    "django_resized": ("django-resized",),
    "filer": ("django-filer",),
    "filebrowser": ("django-filebrowser", "django-filebrowser-no-grappelli"),
    "private_storage": ("django-private-storage",),
    "magic": ("python-magic", "python-magic-bin", "file-magic"),
    # CMS and e-commerce.
    "wagtail": ("wagtail",),
    "modelcluster": ("django-modelcluster",),
    "permissionedforms": ("django-permissionedforms",),
    "cms": ("django-cms",),
    "menus": ("django-cms",),
    "sekizai": ("django-sekizai",),
    "classytags": ("django-classy-tags",),
    "mezzanine": ("mezzanine",),
    "oscar": ("django-oscar",),
    "djstripe": ("dj-stripe",),
    "stripe": ("stripe",),
    "braintree": ("braintree",),
    "paypalrestsdk": ("paypalrestsdk",),
    "twilio": ("twilio",),
    # General libraries often imported by settings modules.
    "requests": ("requests",),
    "httpx": ("httpx",),
    "yaml": ("pyyaml",),
    "toml": ("toml",),
    "dateutil": ("python-dateutil",),
    "pytz": ("pytz",),
    "bs4": ("beautifulsoup4", "bs4"),
    "lxml": ("lxml",),
    "markdown": ("markdown",),
    "bleach": ("bleach",),
    "nh3": ("nh3",),
    "slugify": ("python-slugify", "awesome-slugify"),
    "unidecode": ("unidecode",),
    "openpyxl": ("openpyxl",),
    "xlsxwriter": ("xlsxwriter",),
    "reportlab": ("reportlab",),
    "weasyprint": ("weasyprint",),
    "xhtml2pdf": ("xhtml2pdf",),
    "qrcode": ("qrcode",),
    "brotli": ("brotli",),
    "jinja2": ("jinja2",),
    "orjson": ("orjson",),
    "ujson": ("ujson",),
    "simplejson": ("simplejson",),
    "attr": ("attrs",),
    "attrs": ("attrs",),
    "six": ("six",),
    "click": ("click",),
    "rich": ("rich",),
    "numpy": ("numpy",),
    "pandas": ("pandas",),
    "openai": ("openai",),
    "firebase_admin": ("firebase-admin",),
    "geopy": ("geopy",),
}

# Modules of Django itself that only work with a third-party package installed.
DJANGO_NEEDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "django.db.backends.postgresql": ("a PostgreSQL driver", POSTGRES_DRIVERS),
    "django.contrib.gis.db.backends.postgis": ("a PostgreSQL driver", POSTGRES_DRIVERS),
    "django.contrib.postgres": ("a PostgreSQL driver", POSTGRES_DRIVERS),
    "django.db.backends.mysql": ("a MySQL driver", MYSQL_DRIVERS),
    "django.contrib.gis.db.backends.mysql": ("a MySQL driver", MYSQL_DRIVERS),
    "django.db.backends.oracle": ("an Oracle driver", ("oracledb", "cx-oracle")),
    "django.core.cache.backends.redis": ("redis", ("redis",)),
    "django.core.cache.backends.memcached.PyMemcacheCache": ("pymemcache", ("pymemcache",)),
    "django.core.cache.backends.memcached.PyLibMCCache": ("pylibmc", ("pylibmc",)),
}

# Backends of third-party packages that need a package of their own (often an extra).
BACKEND_NEEDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "storages.backends.s3": ("boto3", ("boto3",)),
    "storages.backends.s3boto3": ("boto3", ("boto3",)),
    "storages.backends.gcloud": ("google-cloud-storage", ("google-cloud-storage",)),
    "storages.backends.azure_storage": ("azure-storage-blob", ("azure-storage-blob",)),
    "storages.backends.dropbox": ("dropbox", ("dropbox",)),
    "storages.backends.sftpstorage": ("paramiko", ("paramiko",)),
    # django-storages' extras (jschneier/django-storages pyproject.toml): libcloud.
    "storages.backends.apache_libcloud": ("apache-libcloud", ("apache-libcloud",)),
    "django_redis.cache": ("redis", ("redis",)),
}


def _prefixes(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:end]) for end in range(len(parts), 0, -1)]


def _lookup(table: dict[str, tuple[str, tuple[str, ...]]], module: str) -> Optional[tuple]:
    for prefix in _prefixes(module):
        if prefix in table:
            return table[prefix]
    return None


def distributions_for(module: str) -> Optional[tuple[str, ...]]:
    """The distributions that install `module` (its longest known dotted prefix), or None."""
    for prefix in _prefixes(module):
        if prefix in IMPORT_NAMES:
            return IMPORT_NAMES[prefix]
    return None


def needs_for(module: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """What using the dotted path `module` needs installed: (thing, what, distributions).

    `thing` is the module or package name to show the user. Empty when nothing is known to be
    needed (Django itself is left to the Django rule; unknown names are never guessed).
    """
    needs: list[tuple[str, str, tuple[str, ...]]] = []
    top = module.split(".", 1)[0]
    if top == "django":
        extra = _lookup(DJANGO_NEEDS, module)
        if extra is not None:
            needs.append((module, extra[0], extra[1]))
        return needs
    distributions = distributions_for(module)
    if distributions is None:
        return needs
    needs.append((top, distributions[0], distributions))
    extra = _lookup(BACKEND_NEEDS, module)
    if extra is not None:
        needs.append((module, extra[0], extra[1]))
    return needs
