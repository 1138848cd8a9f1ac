"""Rule documentation, generated from each rule's docstring and examples.

The same Markdown is printed by `herokulint rule CODE` and written to `rules/CODE.md` by
`python -m herokulint.docs rules/`; a test fails when a page is missing or stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .catalogue import load_rules
from .i18n import text_in, tr
from .pofile import why_it_matters
from .rule import Example, Rule

FENCES = {".py": "python", ".toml": "toml", ".json": "json"}


def _files(example: Example) -> str:
    shown = example.show or tuple(example.files)
    parts = []
    for path in shown:
        text = example.files[path]
        language = next((lang for ext, lang in FENCES.items() if path.endswith(ext)), "text")
        parts.append(f"`{path}`\n```{language}\n{text.rstrip()}\n```")
    for path in example.without:
        parts.append(f"*(no `{path}`)*")
    if example.git_after:
        commands = "\n".join("$ git " + " ".join(command) for command in example.git_after)
        parts.append(f"After the commit:\n```console\n{commands}\n```")
    if example.note:
        parts.append(f"*{example.note}*")
    return "\n\n".join(parts) if parts else "*(the project as a whole)*"


def _fix_diff(example: Example) -> str:
    """The example's fix as a unified diff, before -> after."""
    import difflib

    assert example.fixed is not None
    chunks = []
    for path, after in example.fixed.items():
        before = example.files.get(path)
        lines = difflib.unified_diff(
            (before or "").splitlines(keepends=True),
            (after or "").splitlines(keepends=True),
            fromfile="/dev/null" if before is None else f"a/{path}",
            tofile="/dev/null" if after is None else f"b/{path}",
        )
        chunks.append("".join(line if line.endswith("\n") else line + "\n" for line in lines))
    return "```diff\n" + "".join(chunks).rstrip() + "\n```"


def rule_markdown(rule: type[Rule], lang: str = "en") -> str:
    summary = text_in(lang, rule.summary)
    fix = {
        "safe": "safe fix",
        "unsafe": "unsafe fix",
        "mixed": "safe or unsafe fix, by case",
        None: "no fix",
    }[rule.fix_applicability]
    head = [
        f"# {rule.code} {rule.name}",
        "",
        f"**Severity:** {rule.severity} · **Fix:** {fix}",
        "",
        f"{summary[0].upper()}{summary[1:]}.",
        "",
    ]
    if rule.django_checks():
        equivalent = ", ".join(rule.django_checks())
        head[4:4] = [f"**Django equivalent:** {equivalent} (`manage.py check --deploy`)", ""]
    body = rule.docs()
    sections = [body]
    why = why_it_matters(body) if lang != "en" else ""
    if why and text_in(lang, why) != why:
        # The page stays English; its title and why it matters are in the reader's language.
        sections.insert(0, tr(lang, "## Why it matters") + "\n\n" + text_in(lang, why))
    if rule.invalid:
        sections.append("## Example\n\n" + _files(rule.invalid[0]))
    if rule.valid:
        sections.append("## Use instead\n\n" + _files(rule.valid[0]))
    fixed = next((example for example in rule.invalid if example.fixed is not None), None)
    if fixed is not None:
        sections.append("## What `--fix` does\n\n" + _fix_diff(fixed))
    return "\n".join(head) + "\n" + "\n\n".join(sections).rstrip() + "\n"


def rules_table(rules: dict[str, type[Rule]], folder: str = "", lang: str = "en") -> str:
    lines = [tr(lang, "| code | name | severity | checks |"), "|---|---|---|---|"]
    for rule in rules.values():
        link = f"{folder}{rule.code}.md"
        summary = text_in(lang, rule.summary)
        lines.append(f"| [{rule.code}]({link}) | {rule.name} | {rule.severity} | {summary} |")
    return "\n".join(lines) + "\n"


def update_readme(readme: Path, rules: dict[str, type[Rule]]) -> None:
    """Replace the rule table between the README's `rules:start`/`rules:end` markers."""
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- rules:start -->\n", "<!-- rules:end -->"
    if start not in text or end not in text:
        return
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    readme.write_text(head + start + rules_table(rules, "rules/") + end + tail, encoding="utf-8")


def write_pages(folder: Path) -> list[Path]:
    rules = load_rules()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for code, rule in rules.items():
        page = folder / f"{code}.md"
        page.write_text(rule_markdown(rule), encoding="utf-8")
        written.append(page)
    index = folder / "README.md"
    index.write_text("# herokulint rules\n\n" + rules_table(rules), encoding="utf-8")
    readme = folder.parent / "README.md"
    if readme.exists():
        update_readme(readme, rules)
    return [*written, index]


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "rules")
    for path in write_pages(target):
        print(path)
