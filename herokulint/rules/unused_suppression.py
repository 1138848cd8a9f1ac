"""HK900 unused-suppression."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..edits import Edit, FixError, TextEdit
from ..findings import Finding, Fix
from ..i18n import msg
from ..rule import Location
from ..suppress import (
    DIRECTIVE,
    NEXT_DIRECTIVE,
    Suppression,
    SuppressionContext,
    SuppressionRule,
    normalise,
)
from . import READY_FILES, READY_SETTINGS, example

SECRET_KEY_LINE = 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]'
DEBUG_LINE = 'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"'


def without_codes(line: str, suppression: Suppression, unused: list[str]) -> str:
    """`line` with the unused codes taken out of the suppression comment at its column, and
    the directive (with its reason) removed when no code of ours is left."""
    begin = suppression.column - 1
    match = DIRECTIVE.match(line, begin)
    if match is None or match.group(0) != suppression.text:
        raise FixError(
            msg("the comment on line {line} is not where it was read", line=suppression.line)
        )
    gone = set(unused)
    if match.group("noqa") is not None:
        tokens = [t for t in re.split(r"[\s,]+", match.group("noqa")) if t]
        kept = [t for t in tokens if t.upper() not in gone]  # other tools' codes stay
        if kept:
            head = line[match.start() : match.start("noqa")]
            return line[:begin] + head + ", ".join(kept) + line[match.end() :]
    else:
        written = [t for t in re.split(r"[\s,]+", match.group("codes") or "") if t.strip()]
        ours = [t for t in written if normalise(t) not in gone]
        if ours:
            head = line[match.start() : match.start("codes")]
            return line[:begin] + head + ", ".join(ours) + "]" + line[match.end() :]
    # No code of ours left: drop the directive and its reason, up to the next directive.
    rest = line[match.end() :]
    following = NEXT_DIRECTIVE.search(rest)
    if following is not None:
        return line[:begin] + rest[following.start() :]
    return line[:begin].rstrip()


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
    Safe: `--fix` deletes the unused codes from the comment, and the comment itself (with its
    reason) when none of its codes is left; a line that held nothing else is removed. Other
    tools' codes in a `noqa` comment, and the rest of the line, are kept. Removing a
    suppression that silences nothing changes no result.

    ## References
    - ruff: RUF100 unused-noqa
    """

    code = "HK900"
    name = "unused-suppression"
    severity = "warning"
    summary = "a suppression comment that silenced nothing"
    fix_applicability = "safe"

    invalid = [
        example(
            settings=READY_SETTINGS.replace(
                DEBUG_LINE, f"{DEBUG_LINE}  # herokulint: ignore[HK401] staging app"
            ),
            expect=(("mysite/settings.py", 8),),
            fixed={"mysite/settings.py": READY_SETTINGS},
        ),
        example(
            {
                "requirements.txt": READY_FILES["requirements.txt"].replace(
                    "gunicorn==23.0.0", "gunicorn==23.0.0  # noqa: HK204"
                )
            },
            expect=(("requirements.txt", 2),),
            fixed={"requirements.txt": READY_FILES["requirements.txt"]},
        ),
        example(
            settings=READY_SETTINGS.replace(
                DEBUG_LINE, f"{DEBUG_LINE}  # noqa: E501, HK401 long line"
            ),
            expect=(("mysite/settings.py", 8),),
            fixed={
                "mysite/settings.py": READY_SETTINGS.replace(
                    DEBUG_LINE, f"{DEBUG_LINE}  # noqa: E501 long line"
                )
            },
            note="another tool's code stays",
        ),
        example(
            settings=READY_SETTINGS.replace(
                DEBUG_LINE,
                "# herokulint: ignore[HK401] demo until launch\n"
                "DEBUG = True  # herokulint: ignore[HK401, HK403] a private demo app",
            ),
            expect=(("mysite/settings.py", 8), ("mysite/settings.py", 9)),
            fixed={
                "mysite/settings.py": READY_SETTINGS.replace(
                    DEBUG_LINE, "DEBUG = True  # herokulint: ignore[HK401] a private demo app"
                )
            },
            note="a comment-only line covers nothing; one of two codes is unused",
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
            if len(unused) == 1:
                message = msg(
                    "`{text}` in {relpath} silences nothing: {names} reports no finding on this "
                    "line; remove it from the comment.",
                    text=suppression.text,
                    relpath=suppression.relpath,
                    names=names,
                )
            else:
                message = msg(
                    "`{text}` in {relpath} silences nothing: {names} report no finding on this "
                    "line; remove them from the comment.",
                    text=suppression.text,
                    relpath=suppression.relpath,
                    names=names,
                )
            yield self.finding(
                message,
                Location(*suppression.location()),
                fix=self.fix(context, suppression, unused),
            )

    @staticmethod
    def fix(context: SuppressionContext, suppression: Suppression, unused: list[str]) -> Fix:
        def build() -> tuple[Edit, ...]:
            from ..textedits import line_bounds  # only when fixing: off the check path

            text = context.text(suppression.relpath)
            if text is None:
                raise FixError(msg("{relpath} cannot be read", relpath=suppression.relpath))
            start, end = line_bounds(text, suppression.line)
            line = text[start:end]
            new = without_codes(line, suppression, unused)
            if new.strip():
                return (TextEdit(suppression.relpath, start, end, new),)
            # Nothing else on the line: remove it with its line ending.
            after = text.find("\n", end)
            return (
                TextEdit(suppression.relpath, start, len(text) if after == -1 else after + 1, ""),
            )

        codes = ", ".join(unused)
        return Fix(
            "safe", msg("Remove {codes} from `{text}`", codes=codes, text=suppression.text), build
        )
