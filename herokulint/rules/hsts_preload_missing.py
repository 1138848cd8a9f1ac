"""HK413 hsts-preload-missing."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Rule
from . import example, hardcoded_severity
from ._deploy import HARDENED_SETTINGS, checklist, is_true, without

NO_PRELOAD = without(HARDENED_SETTINGS, "SECURE_HSTS_PRELOAD = True")


class HstsPreloadMissing(Rule):
    """
    ## What it does
    Checks that, when HSTS is on (`SECURE_HSTS_SECONDS` set) and `SecurityMiddleware` is
    installed, `SECURE_HSTS_PRELOAD` is `True`.

    ## Why it matters
    Plain HSTS starts protecting a browser only after its first visit. The preload list,
    built into browsers, protects the very first one, but it takes a base domain that sends
    `max-age` of at least 31536000 with `includeSubDomains` and `preload` itself. An app on
    `myapp.herokuapp.com` cannot get there: `herokuapp.com` is Heroku's domain, not yours to
    submit, so preloading matters only for a custom domain you own. Django's deploy check
    says: "You have not set the SECURE_HSTS_PRELOAD setting to True. Without this, your site
    cannot be submitted to the browser preload list." When `SECURE_HSTS_SECONDS` comes from
    a config var, Django's check may not run, and nothing is reported.

    ## Fix safety
    No fix: a preloaded domain stays HTTPS-only in browsers for months after it leaves the
    list, for every subdomain. Set `SECURE_HSTS_PRELOAD = True` and submit the domain at
    hstspreload.org only once you mean it.

    ## References
    - Django: security.W021, `django/core/checks/security/base.py`
    - hstspreload.org, "Submission Requirements"
    """

    code = "HK413"
    name = "hsts-preload-missing"
    severity = "warning"
    summary = "HSTS on without `SECURE_HSTS_PRELOAD = True`"
    django_check = "security.W021"

    invalid = [
        example(settings=NO_PRELOAD, expect=(("mysite/settings.py", 33),)),
    ]
    valid = [
        example(settings=HARDENED_SETTINGS),
        example(
            settings=NO_PRELOAD.replace(
                "SECURE_HSTS_SECONDS = 31536000",
                'SECURE_HSTS_SECONDS = int(os.environ["HSTS_SECONDS"])',
            ),
            note="HSTS from a config var: Django checks the flag only when it is set",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        found = checklist(project)
        if found is None or not found.secured or not found.applies(self.django_check):
            return
        seconds = found.seen("SECURE_HSTS_SECONDS")
        if not seconds.known or not seconds.value:
            return
        flag = found.seen("SECURE_HSTS_PRELOAD")
        if is_true(flag) is not False:
            return
        where = found.where(flag, near="SECURE_HSTS_SECONDS")
        yield self.finding(
            msg(
                "SECURE_HSTS_PRELOAD is not True in {path}, so the site cannot join browsers' HSTS "
                "preload list; a *.herokuapp.com host cannot anyway (herokuapp.com is Heroku's "
                "domain): set it to True, with a max-age of 31536000, only for a custom domain you "
                "will submit (security.W021).",
                path=where.path,
            ),
            where,
            severity=hardcoded_severity(project, self.severity),
        )
