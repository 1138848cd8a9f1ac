"""HK412 hsts-subdomains-missing."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Rule
from . import example, hardcoded_severity
from ._deploy import HARDENED_SETTINGS, checklist, is_true, without

NO_SUBDOMAINS = without(HARDENED_SETTINGS, "SECURE_HSTS_INCLUDE_SUBDOMAINS = True")


class HstsSubdomainsMissing(Rule):
    """
    ## What it does
    Checks that, when HSTS is on (`SECURE_HSTS_SECONDS` set) and `SecurityMiddleware` is
    installed, `SECURE_HSTS_INCLUDE_SUBDOMAINS` is `True`.

    ## Why it matters
    Without `includeSubDomains`, HSTS protects the host that sent it and none below it, so a
    sibling subdomain can still be reached over plain HTTP and used to set cookies for the
    parent domain. On `*.herokuapp.com` the flag covers only names under your app's host
    (Heroku's other apps are not yours to cover); on a custom domain it covers every
    subdomain, which must all serve HTTPS first. Django's deploy check says: "You have not
    set the SECURE_HSTS_INCLUDE_SUBDOMAINS setting to True. Without this, your site is
    potentially vulnerable to attack via an insecure connection to a subdomain. Only set
    this to True if you are certain that all subdomains of your domain should be served
    exclusively via SSL." When `SECURE_HSTS_SECONDS` comes from a config var, Django's check
    may not run, and nothing is reported.

    ## Fix safety
    No fix: whether every subdomain of your domain serves HTTPS is something only you know,
    and browsers remember the flag for `SECURE_HSTS_SECONDS`. Set
    `SECURE_HSTS_INCLUDE_SUBDOMAINS = True` once they do.

    ## References
    - Django: security.W005, `django/core/checks/security/base.py`
    - RFC 6797, section 6.1.2
    """

    code = "HK412"
    name = "hsts-subdomains-missing"
    severity = "warning"
    summary = "HSTS on without `SECURE_HSTS_INCLUDE_SUBDOMAINS = True`"
    django_check = "security.W005"

    invalid = [
        example(settings=NO_SUBDOMAINS, expect=(("mysite/settings.py", 33),)),
    ]
    valid = [
        example(settings=HARDENED_SETTINGS),
        example(
            settings=NO_SUBDOMAINS.replace(
                "SECURE_HSTS_SECONDS = 31536000", "SECURE_HSTS_SECONDS = 0"
            ),
            note="without HSTS, Django does not check the flag (HK411 reports HSTS)",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        found = checklist(project)
        if found is None or not found.secured or not found.applies(self.django_check):
            return
        seconds = found.seen("SECURE_HSTS_SECONDS")
        if not seconds.known or not seconds.value:
            return
        flag = found.seen("SECURE_HSTS_INCLUDE_SUBDOMAINS")
        if is_true(flag) is not False:
            return
        where = found.where(flag, near="SECURE_HSTS_SECONDS")
        yield self.finding(
            msg(
                "SECURE_HSTS_INCLUDE_SUBDOMAINS is not True in {path}, so HSTS leaves subdomains of "
                "your host reachable over plain HTTP; set it to True once every subdomain serves "
                "HTTPS (on *.herokuapp.com that is only names under your app's host) (security.W005).",
                path=where.path,
            ),
            where,
            severity=hardcoded_severity(project, self.severity),
        )
