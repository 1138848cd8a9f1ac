"""The rule catalogue under rules/ is generated from the rules themselves and must be current."""

from __future__ import annotations

from pathlib import Path

from herokulint.catalogue import load_rules
from herokulint.docs import rule_markdown, rules_table

ROOT = Path(__file__).parent.parent
RULES = load_rules()


def test_every_rule_has_a_current_page() -> None:
    stale = []
    for code, rule in RULES.items():
        page = ROOT / "rules" / f"{code}.md"
        if not page.exists() or page.read_text(encoding="utf-8") != rule_markdown(rule):
            stale.append(code)
    assert stale == [], "regenerate with: python -m herokulint.docs rules"


def test_the_catalogue_index_is_current() -> None:
    index = (ROOT / "rules" / "README.md").read_text(encoding="utf-8")
    assert index == "# herokulint rules\n\n" + rules_table(RULES)


def test_no_page_for_a_rule_that_does_not_exist() -> None:
    pages = {page.stem for page in (ROOT / "rules").glob("HK*.md")}
    assert pages == set(RULES)


def test_readme_rule_table_is_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = "<!-- rules:start -->\n" + rules_table(RULES, "rules/") + "<!-- rules:end -->"
    assert table in readme, "regenerate with: python -m herokulint.docs rules"
