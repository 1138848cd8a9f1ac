"""HK900 unused-suppression."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..rule import Location
from ..suppress import SuppressionContext, SuppressionRule
from . import READY_FILES, READY_SETTINGS, example

SECRET_KEY_LINE = 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]'
DEBUG_LINE = 'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"'


class UnusedSuppression(SuppressionRule):
    """
    ## What it does
    Checks that every suppression comment (`# herokulint: ignore[HK401]`, `# noqa: HK401`)
    still silences a finding of each rule it names, on its line or its statement.

    ## Why it matters
    A suppression outlives the problem it hid: once the setting is fixed, the comment stays,
    and the day the problem comes back nobody is told. Removing stale suppressions keeps the
    ones left meaningful. Only rules that ran are judged: a comment naming a rule that was not
    selected, or that `per-file-ignores` turns off for the file, is left alone.

    ## Fix safety
    No automatic fix yet; delete the code from the comment (or the whole comment).

    ## References
    - ruff: RUF100 unused-noqa
    """

    code = "HK900"
    name = "unused-suppression"
    severity = "warning"
    summary = "a suppression comment that silenced nothing"

    invalid = [
        example(
            settings=READY_SETTINGS.replace(
                DEBUG_LINE, f"{DEBUG_LINE}  # herokulint: ignore[HK401] staging app"
            ),
            expect=(("mysite/settings.py", 8),),
        ),
        example(
            {
                "requirements.txt": READY_FILES["requirements.txt"].replace(
                    "gunicorn==23.0.0", "gunicorn==23.0.0  # noqa: HK204"
                )
            },
            expect=(("requirements.txt", 2),),
        ),
    ]
    valid = [
        example(settings=READY_SETTINGS, note="the comment removed"),
        example(
            settings=READY_SETTINGS.replace(
                DEBUG_LINE, "DEBUG = True  # herokulint: ignore[HK401] a private demo app"
            ),
            note="a suppression that silences a finding",
        ),
        example(
            settings=READY_SETTINGS.replace(
                SECRET_KEY_LINE, "SECRET_KEY = os.environ['DJANGO_SECRET_KEY']  # noqa: E501"
            ),
            note="`noqa` codes of other tools are theirs",
        ),
    ]

    def check_suppressions(self, context: SuppressionContext) -> Iterator[Finding]:
        for suppression in context.suppressions.all():
            unused = []
            for token in suppression.codes:
                code = context.resolve(token)
                if (
                    code is not None
                    and context.ran(code, suppression.relpath)
                    and not context.is_used(suppression, code)
                ):
                    unused.append(token)
            if not unused:
                continue
            names = ", ".join(unused)
            yield self.finding(
                f"`{suppression.text}` in {suppression.relpath} silences nothing: {names} "
                f"{'reports' if len(unused) == 1 else 'report'} no finding on this line; "
                "remove it from the comment.",
                Location(*suppression.location()),
            )
