"""HK406 csrf-trusted-origins-invalid."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..project.values import Env, Seq
from ..rule import Rule
from . import READY_SETTINGS, at_setting, django_series, example, hardcoded_severity, strings


def with_origins(expression: str) -> str:
    return READY_SETTINGS + f"CSRF_TRUSTED_ORIGINS = {expression}\n"


class CsrfTrustedOriginsInvalid(Rule):
    """
    ## What it does
    Checks that every production `CSRF_TRUSTED_ORIGINS` entry starts with a scheme
    (`https://myapp.herokuapp.com`), and that the setting is a list rather than the raw
    string of an environment variable.

    ## Why it matters
    Since Django 4.0 an origin without a scheme is a system-check error: "As of Django 4.0,
    the values in the CSRF_TRUSTED_ORIGINS setting must start with a scheme (usually http://
    or https://) but found %s. See the release notes for details." (4_0.E001). Checks run
    before `manage.py migrate`, so the release phase fails, and the origin never matches, so
    POST forms fail with "Origin checking failed". A string (`os.environ.get(...)` without
    `.split(",")`) is read one character at a time, each of them "without a scheme". Projects
    pinned below Django 4.0 are not checked; when the Django version is unknown (not
    declared, or two package managers' files disagree), a missing scheme is only a note.

    ## Fix safety
    No automatic fix: write full origins, e.g. `["https://myapp.herokuapp.com"]`.

    ## References
    - Django: `django/core/checks/compatibility/django_4_0.py`; 4.0 release notes (CSRF)
    """

    code = "HK406"
    name = "csrf-trusted-origins-invalid"
    severity = "error"
    summary = "a `CSRF_TRUSTED_ORIGINS` entry without a scheme, or a raw string"

    invalid = [
        example(
            settings=with_origins('["myapp.herokuapp.com"]'), expect=(("mysite/settings.py", 14),)
        ),
        example(
            settings=with_origins('os.environ.get("CSRF_TRUSTED_ORIGINS", "")'),
            expect=(("mysite/settings.py", 14),),
        ),
    ]
    valid = [
        example(settings=with_origins('["https://myapp.herokuapp.com"]')),
        example(
            settings=with_origins(
                'os.environ.get("CSRF_TRUSTED_ORIGINS", "https://myapp.herokuapp.com").split(",")'
            )
        ),
        example(
            {"requirements.txt": "Django==3.2.25\ngunicorn==23.0.0\n"},
            settings=with_origins('["myapp.herokuapp.com"]'),
            note="Django 3.2 expects bare host names here",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        settings = project.settings
        setting = settings.get("CSRF_TRUSTED_ORIGINS") if settings else None
        if setting is None:
            return
        series = django_series(project)
        if series is not None and series < (4, 0):
            return
        value = setting.value
        if isinstance(value, Env) and value.type == "str":
            yield self.finding(
                msg(
                    "CSRF_TRUSTED_ORIGINS in {relpath} is the raw string of {var}: Django reads it "
                    'letter by letter and rejects it (4_0.E001); split it, e.g. `.split(",")`.',
                    relpath=setting.relpath,
                    var=value.var or msg("an environment variable"),
                ),
                at_setting(setting),
            )
            return
        origins = strings(value) if isinstance(value, Seq) else None
        bad = [origin for origin in origins or [] if "://" not in origin]
        if bad:
            host = bad[0] or "myapp.herokuapp.com"
            wanted = f"https://*{host}" if host.startswith(".") else f"https://{host}"
            yield self.finding(
                msg(
                    "CSRF_TRUSTED_ORIGINS in {relpath} contains {bad!r} without a scheme: Django 4.0+ "
                    "fails its checks (4_0.E001) and the release phase's migrate with it; write "
                    "{wanted!r}.",
                    relpath=setting.relpath,
                    bad=bad[0],
                    wanted=wanted,
                ),
                at_setting(setting),
                # Before Django 4.0 entries were bare hosts: with the version unknown, a note.
                severity="info" if series is None else hardcoded_severity(project, self.severity),
            )
