"""HK422 referrer-policy-invalid."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Optional

from ..data.django_checks import REFERRER_POLICY_VALUES
from ..findings import Finding
from ..i18n import msg
from ..project import ProjectModel
from ..rule import Rule
from . import example, hardcoded_severity
from ._deploy import HARDENED_SETTINGS, checklist


def invalid_policies(value: Any) -> Optional[list[str]]:
    """The values base.py's `check_referrer_policy` rejects: a comma-separated string or an
    iterable of values, each one of REFERRER_POLICY_VALUES. None when it passes."""
    if isinstance(value, str):
        values = [item.strip() for item in value.split(",")]
    elif isinstance(value, (list, tuple)):
        values = list(value)
    else:
        return None
    bad = [str(item) for item in values if item not in REFERRER_POLICY_VALUES]
    return bad or None


class ReferrerPolicyInvalid(Rule):
    """
    ## What it does
    Checks that, with `SecurityMiddleware` installed, every value of `SECURE_REFERRER_POLICY`
    (a comma-separated string or a list) is one Django knows: `no-referrer`,
    `no-referrer-when-downgrade`, `origin`, `origin-when-cross-origin`, `same-origin`,
    `strict-origin`, `strict-origin-when-cross-origin`, `unsafe-url`.

    ## Why it matters
    Django's check is an error: "You have set the SECURE_REFERRER_POLICY setting to an
    invalid value." (security.E023). Browsers ignore a policy they do not know, so a typo
    (`"same_origin"`) leaves pages without the protection you meant, and `manage.py check
    --deploy` fails. A value read from a config var is not known and is not reported.

    ## Fix safety
    No fix: the intended policy cannot be guessed from a typo. Write one of the values above.

    ## References
    - Django: security.E023, `django/core/checks/security/base.py`
    - W3C: Referrer Policy
    """

    code = "HK422"
    name = "referrer-policy-invalid"
    severity = "error"
    summary = "`SECURE_REFERRER_POLICY` holds a value Django rejects"
    django_check = "security.E023"

    invalid = [
        example(
            settings=HARDENED_SETTINGS + 'SECURE_REFERRER_POLICY = "same_origin"\n',
            expect=(("mysite/settings.py", 38),),
        ),
        example(
            settings=HARDENED_SETTINGS + 'SECURE_REFERRER_POLICY = ["origin", "no-referer"]\n',
            expect=(("mysite/settings.py", 38),),
        ),
    ]
    valid = [
        example(settings=HARDENED_SETTINGS),
        example(
            settings=HARDENED_SETTINGS
            + 'SECURE_REFERRER_POLICY = "no-referrer, strict-origin-when-cross-origin"\n'
        ),
    ]

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        found = checklist(project)
        if found is None or not found.secured or not found.applies(self.django_check):
            return
        policy = found.seen("SECURE_REFERRER_POLICY")
        bad = invalid_policies(policy.value) if policy.known else None
        if not bad:
            return
        where = found.where(policy)
        yield self.finding(
            msg(
                "SECURE_REFERRER_POLICY in {path} contains {bad!r}, which browsers ignore and Django "
                'rejects; use one of {items}, e.g. "same-origin" (security.E023).',
                path=where.path,
                bad=bad[0],
                items=", ".join(sorted(REFERRER_POLICY_VALUES)),
            ),
            where,
            severity=hardcoded_severity(project, self.severity),
        )
