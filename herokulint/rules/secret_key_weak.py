"""HK416 secret-key-weak."""

from __future__ import annotations

from collections.abc import Iterator

from ..data.django_checks import SECRET_KEY_MIN_LENGTH, weak_secret_key
from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..project.values import Const, Seq
from ..rule import Rule
from . import READY_SETTINGS, example, hardcoded_severity
from ._deploy import HARDENED_SETTINGS, checklist, without

SECRET_LINE = 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]'
FALLBACKS = 'SECRET_KEY_FALLBACKS = [os.environ["OLD_SECRET_KEY"], "{}"]\n'
STRONG = "8k#x2l@!9v^0c(7p3q+e$w5r1t6y4u8i0o2pa7s9d3f5g7h1j2k4"


class SecretKeyWeak(Rule):
    """
    ## What it does
    Checks the cases of Django's `SECRET_KEY` test that HK403 does not report: production
    settings without any `SECRET_KEY` (or an empty one), and literal entries of
    `SECRET_KEY_FALLBACKS` (Django 4.1+) that are shorter than 50 characters, have fewer than
    5 different characters, or start with `django-insecure-`.

    ## Why it matters
    Django signs sessions, password-reset links and CSRF tokens with these keys. With no key
    it stops at the first request that needs one ("The SECRET_KEY setting must not be
    empty."); a short or generated key in the fallbacks can be guessed or is public, and
    Django still accepts what it signed. Django's deploy check says: "Your SECRET_KEY has
    less than 50 characters, less than 5 unique characters, or it's prefixed with
    'django-insecure-' indicating that it was generated automatically by Django. Please
    generate a long and random value, otherwise many of Django's security-critical
    features will be vulnerable to attack." (security.W009, and security.W025 naming
    `SECRET_KEY_FALLBACKS[n]`). A literal `SECRET_KEY` is HK403's finding, which carries
    security.W009 when Django's test rejects the key; a key read from a config var is not
    known, and is not reported.

    ## Fix safety
    No fix: a key has to be generated and set as a config var (`heroku config:set
    DJANGO_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')"`),
    then read with `os.environ["DJANGO_SECRET_KEY"]`; old keys go to
    `SECRET_KEY_FALLBACKS` the same way, from config vars.

    ## References
    - Django: security.W009 and security.W025, `django/core/checks/security/base.py`
    - Django: `SECRET_KEY_FALLBACKS` (4.1+)
    """

    code = "HK416"
    name = "secret-key-weak"
    severity = "warning"
    summary = "no `SECRET_KEY` in production, or a weak literal in `SECRET_KEY_FALLBACKS`"
    django_check = "security.W009"
    other_django_checks = ("security.W025",)

    invalid = [
        example(
            settings=without(HARDENED_SETTINGS, SECRET_LINE), expect=(("mysite/settings.py", 9),)
        ),
        example(
            settings=HARDENED_SETTINGS + FALLBACKS.format("django-insecure-0123456789"),
            expect=(("mysite/settings.py", 38),),
        ),
    ]
    valid = [
        example(settings=HARDENED_SETTINGS),
        example(settings=HARDENED_SETTINGS + FALLBACKS.format(STRONG)),
        example(
            {"requirements.txt": "Django==4.0.10\ngunicorn==23.0.0\n"},
            settings=HARDENED_SETTINGS + FALLBACKS.format("short"),
            note="SECRET_KEY_FALLBACKS is new in Django 4.1: 4.0 ignores it",
        ),
        example(
            settings=READY_SETTINGS.replace(SECRET_LINE, 'SECRET_KEY = "short"'),
            note="a literal key is HK403's finding",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        found = checklist(project)
        if found is None:
            return
        severity = hardcoded_severity(project, self.severity)
        key = found.seen("SECRET_KEY")
        if key.known and key.value in ("", None):
            where = found.where(key, near="INSTALLED_APPS")
            yield self.finding(
                msg(
                    "SECRET_KEY is {value} in {path}: Django fails at the first request that signs a "
                    "session or CSRF token; set a long random config var and read it, e.g. `SECRET_KEY = "
                    'os.environ["DJANGO_SECRET_KEY"]` (security.W009).',
                    value=msg("empty") if key.setting else msg("not set"),
                    path=where.path,
                ),
                where,
                severity=severity,
            )
        if not found.applies("security.W025"):
            return
        fallbacks = found.seen("SECRET_KEY_FALLBACKS")
        value = fallbacks.setting.value if fallbacks.setting is not None else None
        if fallbacks.setting is None or not isinstance(value, Seq):
            return
        for index, entry in enumerate(value.items):
            text = entry.value if isinstance(entry, Const) else None
            if isinstance(text, str) and weak_secret_key(text):
                yield self.finding(
                    msg(
                        "SECRET_KEY_FALLBACKS[{index}] in {relpath} is a weak key written in the code (under "
                        "{SECRET_KEY_MIN_LENGTH} characters, few different characters or django-insecure-): "
                        "what it signed can be forged; drop it, or read a strong old key from a config var "
                        "(security.W025).",
                        index=index,
                        relpath=fallbacks.setting.relpath,
                        SECRET_KEY_MIN_LENGTH=SECRET_KEY_MIN_LENGTH,
                    ),
                    found.where(fallbacks),
                    severity=severity,
                    django_check="security.W025",
                )
