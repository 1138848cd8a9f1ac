"""HK411 hsts-missing."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Rule
from . import example, hardcoded_severity
from ._deploy import HARDENED_SETTINGS, checklist, env_advice, set_setting_fix, without

HSTS_START = "SECURE_HSTS_SECONDS = 3600  # raise to 31536000 once HTTPS works everywhere"
NO_HSTS = without(
    without(
        without(HARDENED_SETTINGS, "SECURE_HSTS_SECONDS = 31536000"), "SECURE_HSTS_PRELOAD = True"
    ),
    "SECURE_HSTS_INCLUDE_SUBDOMAINS = True",
)


class HstsMissing(Rule):
    """
    ## What it does
    Checks that the production settings turn on HTTP Strict Transport Security: with
    `SecurityMiddleware` installed, `SECURE_HSTS_SECONDS` must be set to a number of seconds
    (Django's default, 0, sends no header).

    ## Why it matters
    Heroku serves every app over HTTPS at its router, but a browser that first reaches
    `http://` is open to a downgrade until the redirect. HSTS tells the browser to use HTTPS
    for the app's host for `max-age` seconds, without asking again. On `*.herokuapp.com` it
    covers only your app's own host: `herokuapp.com` is Heroku's domain, so its other apps and
    the preload list are out of your hands (see HK413); on a custom domain it covers that
    domain. Django's deploy check says: "You have not set a value for the
    SECURE_HSTS_SECONDS setting. If your entire site is served only over SSL, you may want
    to consider setting a value and enabling HTTP Strict Transport Security. Be sure to read
    the documentation first; enabling HSTS carelessly can cause serious, irreversible
    problems." A value read from a config var is not reported as missing (info when its
    default turns HSTS off).

    ## Fix safety
    Unsafe: `--fix --unsafe-fixes` sets `SECURE_HSTS_SECONDS = 3600`. Browsers remember the
    header for that long: a page or subdomain that cannot serve HTTPS is unreachable for
    visitors who saw it, and nothing the app sends later can undo it before the time runs
    out. The fix starts at one hour, the value Django's documentation suggests for a
    first test; raise it to 31536000 (one year, what Django's checklist and the preload
    list want) once every page works over HTTPS.

    ## References
    - Django: security.W004, `django/core/checks/security/base.py`; "HTTP Strict Transport
      Security" in the SecurityMiddleware documentation
    - RFC 6797
    """

    code = "HK411"
    name = "hsts-missing"
    severity = "warning"
    summary = "`SECURE_HSTS_SECONDS` unset or 0 with `SecurityMiddleware`"
    fix_applicability = "unsafe"
    django_check = "security.W004"

    invalid = [
        example(
            settings=NO_HSTS,
            expect=(("mysite/settings.py", 21),),
            fixed={"mysite/settings.py": NO_HSTS + HSTS_START + "\n"},
        ),
        example(
            settings=HARDENED_SETTINGS.replace(
                "SECURE_HSTS_SECONDS = 31536000", "SECURE_HSTS_SECONDS = 0"
            ),
            expect=(("mysite/settings.py", 33),),
            fixed={
                "mysite/settings.py": HARDENED_SETTINGS.replace(
                    "SECURE_HSTS_SECONDS = 31536000", "SECURE_HSTS_SECONDS = 3600"
                )
            },
        ),
    ]
    valid = [
        example(settings=HARDENED_SETTINGS),
        example(
            settings=HARDENED_SETTINGS.replace(
                "SECURE_HSTS_SECONDS = 31536000",
                'SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "3600"))',
            ),
            note="a value from a config var whose default turns HSTS on",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        found = checklist(project)
        if found is None or not found.secured or not found.applies(self.django_check):
            return
        seconds = found.seen("SECURE_HSTS_SECONDS")
        if seconds.kind == "env":
            advice = env_advice(seconds, bool, msg("a number of seconds"))
            if advice:
                yield self.finding(advice, found.where(seconds), severity="info", django_check="")
            return
        if not seconds.known or seconds.value:
            return
        where = found.where(seconds)
        state = msg("is 0") if seconds.kind == "literal" else msg("is not set")
        yield self.finding(
            msg(
                "SECURE_HSTS_SECONDS {state} in {path}, so browsers are not told to keep to HTTPS "
                "and a first http:// visit can be downgraded; set it, starting low (3600) and "
                "raising it to 31536000 once every page works over HTTPS. On *.herokuapp.com it "
                "covers your app's host only (security.W004).",
                state=state,
                path=where.path,
            ),
            where,
            severity=hardcoded_severity(project, self.severity),
            fix=set_setting_fix(
                project,
                seconds,
                [HSTS_START],
                "unsafe",
                msg("Set SECURE_HSTS_SECONDS = 3600 (raise it later)"),
            ),
        )
