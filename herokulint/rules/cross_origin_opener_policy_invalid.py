"""HK423 cross-origin-opener-policy-invalid."""

from __future__ import annotations

from collections.abc import Iterator

from ..data.django_checks import CROSS_ORIGIN_OPENER_POLICY_VALUES
from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Rule
from . import example, hardcoded_severity
from ._deploy import HARDENED_SETTINGS, checklist

COOP = 'SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin-allow-popup"\n'


class CrossOriginOpenerPolicyInvalid(Rule):
    """
    ## What it does
    Checks that, with `SecurityMiddleware` installed, `SECURE_CROSS_ORIGIN_OPENER_POLICY` is
    `None` or one of `"same-origin"` (Django's default), `"same-origin-allow-popups"`,
    `"unsafe-none"`. Django 4.0 added the setting; an older project is not checked.

    ## Why it matters
    Django's check is an error: "You have set the SECURE_CROSS_ORIGIN_OPENER_POLICY setting
    to an invalid value." (security.E024). Browsers ignore an unknown policy, so the page is
    not isolated from the windows it opens or that open it, and `manage.py check --deploy`
    fails. A value read from a config var is not known and is not reported.

    ## Fix safety
    No fix: the intended policy cannot be guessed from a typo. Write one of the values above
    (`"same-origin-allow-popups"` keeps OAuth and payment pop-ups working).

    ## References
    - Django: security.E024, `django/core/checks/security/base.py` (4.0+)
    """

    code = "HK423"
    name = "cross-origin-opener-policy-invalid"
    severity = "error"
    summary = "`SECURE_CROSS_ORIGIN_OPENER_POLICY` holds a value Django rejects"
    django_check = "security.E024"

    invalid = [
        example(settings=HARDENED_SETTINGS + COOP, expect=(("mysite/settings.py", 38),)),
    ]
    valid = [
        example(settings=HARDENED_SETTINGS),
        example(
            settings=HARDENED_SETTINGS
            + 'SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin-allow-popups"\n'
        ),
        example(
            {"requirements.txt": "Django==3.2.25\ngunicorn==23.0.0\n"},
            settings=HARDENED_SETTINGS + COOP,
            note="Django 3.2 has no such setting and no such check",
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        found = checklist(project)
        if found is None or not found.secured or not found.applies(self.django_check):
            return
        policy = found.seen("SECURE_CROSS_ORIGIN_OPENER_POLICY")
        # A list would make Django's `in` test itself fail: only hashable literals are judged.
        if (
            not policy.known
            or policy.value is None
            or not isinstance(policy.value, (str, int, float, bool))
        ):
            return
        if policy.value in CROSS_ORIGIN_OPENER_POLICY_VALUES:
            return
        where = found.where(policy)
        yield self.finding(
            msg(
                "SECURE_CROSS_ORIGIN_OPENER_POLICY is {value!r} in {path}, which browsers ignore and "
                'Django rejects; use "same-origin" (Django\'s default), "same-origin-allow-popups" or '
                '"unsafe-none" (security.E024).',
                value=policy.value,
                path=where.path,
            ),
            where,
            severity=hardcoded_severity(project, self.severity),
        )
