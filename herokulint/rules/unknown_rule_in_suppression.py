"""HK901 unknown-rule-in-suppression."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import msg
from ..rule import Location
from ..selection import suggestion
from ..suppress import SuppressionContext, SuppressionRule
from . import READY_SETTINGS, example

DEBUG_LINE = 'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"'


class UnknownRuleInSuppression(SuppressionRule):
    """
    ## What it does
    Checks that every code or name in a suppression comment (`# herokulint: ignore[...]`, or
    an `HK` code in `# noqa: ...`) is a herokulint rule.

    ## Why it matters
    A typo in a suppression silences nothing and says nothing: `ignore[HK014]` written for
    HK401 leaves the finding in place and the reader believing it was dealt with. Codes of
    other tools in a `noqa` comment (`E501`, `F401`) are theirs and are not reported.

    ## Fix safety
    No automatic fix: the message suggests the closest rule.

    ## References
    - ruff: RUF100 (reports unknown codes in `noqa` comments)
    """

    code = "HK901"
    name = "unknown-rule-in-suppression"
    severity = "warning"
    summary = "a suppression comment naming a rule that does not exist"

    invalid = [
        example(
            settings=READY_SETTINGS.replace(
                DEBUG_LINE, "DEBUG = True  # herokulint: ignore[HK014] a private demo app"
            ),
            expect=(("mysite/settings.py", 8),),
        ),
        example(
            {"Procfile": "web: gunicorn mysite.wsgi  # herokulint: ignore[web-proces-missing]\n"},
            expect=(("Procfile", 1),),
        ),
    ]
    valid = [
        example(
            settings=READY_SETTINGS.replace(
                DEBUG_LINE, "DEBUG = True  # herokulint: ignore[HK401] a private demo app"
            )
        ),
        example(
            settings=READY_SETTINGS.replace(
                DEBUG_LINE, "DEBUG = True  # herokulint: ignore[debug-hardcoded] a private demo app"
            ),
            note="rule names work as well as codes",
        ),
        example(
            settings=READY_SETTINGS.replace(DEBUG_LINE, f"{DEBUG_LINE}  # noqa: E501"),
            note="`noqa` codes of other tools are theirs",
        ),
    ]

    def check_suppressions(self, context: SuppressionContext) -> Iterator[Finding]:
        known = [*context.names, *context.names.values()]
        for suppression in context.suppressions.all():
            if not suppression.codes:
                yield self.finding(
                    msg(
                        "`{text}` in {relpath} names no rule, so it silences nothing; name the codes, e.g. "
                        "`# herokulint: ignore[HK401]`.",
                        text=suppression.text,
                        relpath=suppression.relpath,
                    ),
                    Location(*suppression.location()),
                )
                continue
            for token in suppression.codes:
                if context.resolve(token) is not None:
                    continue
                hint = suggestion(token, known)
                yield self.finding(
                    msg(
                        "`{text}` in {relpath} names {token!r}, which is not a herokulint rule{hint}; it "
                        "silences nothing.",
                        text=suppression.text,
                        relpath=suppression.relpath,
                        token=token,
                        hint=hint,
                    ),
                    Location(*suppression.location()),
                )
