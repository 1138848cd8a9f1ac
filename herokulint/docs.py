"""Rule documentation, generated from each rule's docstring and examples.

The same Markdown is printed by `herokulint rule CODE` and written to `rules/CODE.md` by
`python -m herokulint.docs rules/`; a test fails when a page is missing or stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .rule import Example, Rule, load_rules

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
    if example.note:
        parts.append(f"*{example.note}*")
    return "\n\n".join(parts) if parts else "*(the project as a whole)*"


def rule_markdown(rule: type[Rule]) -> str:
    fix = {"safe": "safe fix", "unsafe": "unsafe fix", None: "no fix"}[rule.fix_applicability]
    head = [
        f"# {rule.code} {rule.name}",
        "",
        f"**Severity:** {rule.severity} · **Fix:** {fix}",
        "",
        f"{rule.summary[0].upper()}{rule.summary[1:]}.",
        "",
    ]
    body = rule.docs()
    sections = [body]
    if rule.invalid:
        sections.append("## Example\n\n" + _files(rule.invalid[0]))
    if rule.valid:
        sections.append("## Use instead\n\n" + _files(rule.valid[0]))
    return "\n".join(head) + "\n" + "\n\n".join(sections).rstrip() + "\n"


def rules_table(rules: dict[str, type[Rule]]) -> str:
    lines = ["| code | name | severity | checks |", "|---|---|---|---|"]
    for rule in rules.values():
        lines.append(
            f"| [{rule.code}]({rule.code}.md) | {rule.name} | {rule.severity} | {rule.summary} |"
        )
    return "\n".join(lines) + "\n"


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
    return [*written, index]


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "rules")
    for path in write_pages(target):
        print(path)
