"""Who sets which environment variable on Heroku, as data.

Sources (restated from shared notes config-vars.md §1-2, §6):
- Dev Center "Dyno Startup Behavior": the dyno manager sets `PORT` (web dynos only) and `DYNO`.
- heroku/heroku-buildpack-python @b4e7e721 `.profile.d` scripts: `WEB_CONCURRENCY` (only when
  unset), `DYNO_RAM`, `FORWARDED_ALLOW_IPS`, `GUNICORN_CMD_ARGS`, `PYTHONUNBUFFERED`,
  `PYTHONHOME`, `PYTHONPATH`, `LANG`; bin/compile exports `SOURCE_VERSION` at build only.
- Dev Center "Dyno Metadata": `HEROKU_APP_NAME` and friends after
  `heroku labs:enable runtime-dyno-metadata`.
- Dev Center add-on pages (heroku-postgresql, heroku-redis, memcachier, mailgun) and the heroku
  CLI (pg/promote.ts, redis/promote.ts) for the add-ons' variables. Entries the notes mark
  unconfirmed are left out: a wrong "provided" would hide a real HK801.
"""

from __future__ import annotations

from ..i18n import msg

# Variable -> who provides it (the phrase shown after "provided by").
PLATFORM = {
    "PORT": msg("Heroku (web dynos, at run time)"),
    "DYNO": msg("Heroku (at run time)"),
    "WEB_CONCURRENCY": msg("Heroku's Python buildpack (at run time, when unset)"),
    "DYNO_RAM": msg("Heroku's Python buildpack (at run time)"),
    "FORWARDED_ALLOW_IPS": msg("Heroku's Python buildpack (at run time)"),
    "GUNICORN_CMD_ARGS": msg("Heroku's Python buildpack (at run time)"),
    "PYTHONUNBUFFERED": msg("Heroku's Python buildpack"),
    "PYTHONHOME": msg("Heroku's Python buildpack"),
    "PYTHONPATH": msg("Heroku's Python buildpack"),
    "LANG": msg("Heroku's Python buildpack"),
    "PATH": msg("Heroku"),
    "HOME": msg("Heroku"),
    "SOURCE_VERSION": msg("Heroku (at build time only)"),
    "STACK": msg("Heroku"),
}

# Variables that exist only after `heroku labs:enable runtime-dyno-metadata`.
DYNO_METADATA = frozenset(
    {
        "HEROKU_APP_ID",
        "HEROKU_APP_NAME",
        "HEROKU_APP_DEFAULT_DOMAIN_NAME",
        "HEROKU_DYNO_ID",
        "HEROKU_RELEASE_CREATED_AT",
        "HEROKU_RELEASE_VERSION",
        "HEROKU_SLUG_COMMIT",
    }
)
DYNO_METADATA_COMMAND = "heroku labs:enable runtime-dyno-metadata"

# Variable -> (add-on slug, cheapest current plan) whose attachment sets it.
ADDONS = {
    "DATABASE_URL": ("heroku-postgresql", "essential-0"),
    "REDIS_URL": ("heroku-redis", "mini"),
    "REDIS_TLS_URL": ("heroku-redis", "mini"),
    "MEMCACHIER_SERVERS": ("memcachier", "dev"),
    "MEMCACHIER_USERNAME": ("memcachier", "dev"),
    "MEMCACHIER_PASSWORD": ("memcachier", "dev"),
    "CLOUDAMQP_URL": ("cloudamqp", "lemur"),
    "MAILGUN_API_KEY": ("mailgun", "starter"),
    "MAILGUN_DOMAIN": ("mailgun", "starter"),
    "MAILGUN_SMTP_SERVER": ("mailgun", "starter"),
    "MAILGUN_SMTP_LOGIN": ("mailgun", "starter"),
    "MAILGUN_SMTP_PASSWORD": ("mailgun", "starter"),
    "MAILGUN_SMTP_PORT": ("mailgun", "starter"),
    "KAFKA_URL": ("heroku-kafka", "basic-0"),
    "KAFKA_TRUSTED_CERT": ("heroku-kafka", "basic-0"),
    "KAFKA_CLIENT_CERT": ("heroku-kafka", "basic-0"),
    "KAFKA_CLIENT_CERT_KEY": ("heroku-kafka", "basic-0"),
}


def provided_by(name: str) -> str | None:
    """Who sets `name` on a dyno without the user setting it, or None."""
    if name in PLATFORM:
        return PLATFORM[name]
    if name in ADDONS:
        return msg("the {addon} add-on", addon=ADDONS[name][0])
    if name.startswith("HEROKU_POSTGRESQL_") and name.endswith("_URL"):
        return msg("the heroku-postgresql add-on (a second attachment)")
    if name in DYNO_METADATA:
        return msg("Heroku, after `{command}`", command=DYNO_METADATA_COMMAND)
    return None


def addon_for(name: str) -> str | None:
    """The add-on slug that sets `name`, or None."""
    if name in ADDONS:
        return ADDONS[name][0]
    if name.startswith("HEROKU_POSTGRESQL_") and name.endswith("_URL"):
        return "heroku-postgresql"
    return None


def addon_command(name: str) -> str | None:
    """`heroku addons:create SLUG:PLAN` for a variable an add-on sets, or None."""
    if name not in ADDONS:
        return None
    slug, plan = ADDONS[name]
    return f"heroku addons:create {slug}:{plan}"
