"""The field-test script's pure parts (fieldtest/run.py): judgments, tables, fix notes.

The script itself needs the fetched mirrors and runs outside the default suite; these tests keep
its matching and tables from rotting unnoticed.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytest.importorskip("tomllib")  # the script is Python 3.11+

ROOT = Path(__file__).resolve().parent.parent
SPEC = importlib.util.spec_from_file_location("fieldtest_run", ROOT / "fieldtest" / "run.py")
assert SPEC and SPEC.loader
run = importlib.util.module_from_spec(SPEC)
sys.modules["fieldtest_run"] = run  # dataclasses look their module up by name
SPEC.loader.exec_module(run)

JUDGMENTS = run.parse_judgments(
    """
[[finding]]
repo = "acme/shop"
code = "HK401"
path = "shop/settings.py"
verdict = true
reason = "literal DEBUG = True"

[[finding]]
repo = "acme/shop"
code = "HK403"
path = "shop/settings.py"
match = "SECRET_KEY ="
verdict = false
reason = "false: the branch never runs"

[[finding]]
repo = "acme/shop"
code = "HK403"
path = "shop/settings.py"
match = "SECRET_KEY = os.environ.get"
verdict = true
reason = "literal fallback"

[[missed]]
repo = "acme/shop"
code = "HK402"
path = "shop/settings.py"
reason = "!= 'FALSE' is True when unset"

[[missed]]
repo = "acme/blog"
code = "HK601"
reason = "DATABASES never assigned"
"""
)


def finding(code: str, text: str = "", severity: str = "error", path: str = "shop/settings.py"):
    return run.Finding(code, severity, path, 3, f"{code} message", text)


def test_judgment_matches_repo_code_and_path():
    assert run.judge("acme/shop", finding("HK401"), JUDGMENTS).verdict is True
    assert run.judge("acme/other", finding("HK401"), JUDGMENTS) is None
    assert run.judge("acme/shop", finding("HK401", path="shop/prod.py"), JUDGMENTS) is None


def test_the_longest_match_in_the_line_text_wins():
    chosen = run.judge(
        "acme/shop", finding("HK403", 'SECRET_KEY = os.environ.get("K", "x")'), JUDGMENTS
    )
    assert chosen.verdict is True
    chosen = run.judge("acme/shop", finding("HK403", 'SECRET_KEY = "x"'), JUDGMENTS)
    assert chosen.verdict is False


def test_a_judgment_with_a_match_needs_it_in_the_text_or_the_message():
    assert run.judge("acme/shop", finding("HK403", "DEBUG = True"), JUDGMENTS) is None


def test_a_miss_counts_until_that_code_is_reported_at_warning_or_error():
    assert [m.code for m in run.still_missed("acme/shop", [], JUDGMENTS)] == ["HK402"]
    info_only = [finding("HK402", severity="info")]
    assert len(run.still_missed("acme/shop", info_only, JUDGMENTS)) == 1
    assert run.still_missed("acme/shop", [finding("HK402")], JUDGMENTS) == []
    # A miss without a path is covered by the code anywhere in the repo.
    anywhere = [finding("HK601", path="blog/settings/prod.py")]
    assert run.still_missed("acme/blog", anywhere, JUDGMENTS) == []


def test_check_table_counts_errors_warnings_false_missed_and_unjudged():
    shop = run.CheckResult("acme/shop", "a" * 40, settings=["shop.settings"])
    shop.findings = [
        finding("HK401", "DEBUG = True"),
        finding("HK403", 'SECRET_KEY = "x"'),
        finding("HK504", "MIDDLEWARE = [", severity="warning"),
    ]
    blog = run.CheckResult("acme/blog", "b" * 40, app_dir="site", problem="traceback: boom")
    table = run.check_table([shop, blog], JUDGMENTS)
    rows = table.splitlines()
    assert rows[0] == (
        "| repo | settings checked | errors | warnings | judged false | judged missed | unjudged |"
    )
    assert rows[2] == "| acme/shop | shop.settings | 2 | 1 | 1 | 1 | 1 |"
    assert rows[3].startswith("| acme/blog (site) | (none) ⚠ traceback: boom | 0 | 0 | 0 | 1 | 0 |")
    assert rows[4] == "| **total (2 repos)** | | 2 | 1 | 1 | 2 | 1 |"


def test_details_mark_each_finding_and_list_the_misses():
    shop = run.CheckResult("acme/shop", "a" * 40, settings=["shop.settings"])
    shop.findings = [finding("HK403", 'SECRET_KEY = "x"'), finding("HK504", severity="warning")]
    text = run.check_details(shop, JUDGMENTS)
    assert "[FALSE] HK403 error shop/settings.py:3" in text
    assert "[UNJUDGED] HK504 warning" in text
    assert "[MISSED] HK402 shop/settings.py" in text


def test_fix_notes_are_read_from_stderr():
    stderr = "\n".join(
        [
            "herokulint: fixed HK401 at shop/settings.py:26: Read DEBUG from the environment",
            "herokulint: fixed HK401 at shop/prod.py:3: Read DEBUG from the environment",
            "herokulint: fixed HK110 at Procfile:1: Add a release process",
            "herokulint: not fixed: HK601 at shop/settings.py:80: the code is too deeply nested",
            "herokulint: not applied: HK206 at requirements.txt:1: it would cause HK310",
            "herokulint: fixed 3 finding(s) (HK110, HK401) in Procfile, shop/settings.py",
        ]
    )
    said = run.parse_fix_output(stderr)
    assert dict(said.applied) == {"HK401": 2, "HK110": 1}
    assert dict(said.refused) == {"HK601": 1}
    assert said.rolled_back == (
        "herokulint: not applied: HK206 at requirements.txt:1: it would cause HK310",
    )


def test_porcelain_status_splits_created_modified_deleted():
    status = "?? .python-version\n M shop/settings.py\nA  Procfile\n D runtime.txt\n"
    assert run.porcelain_changes(status) == (
        [".python-version", "Procfile"],
        ["shop/settings.py"],
        ["runtime.txt"],
    )


def test_fix_table_reports_new_codes_and_idempotence():
    good = run.FixResult("acme/shop", "a" * 40, applied={"HK401": 2}, modified=["shop/settings.py"])
    good.codes_before, good.codes_after = ["HK401", "HK213"], ["HK213"]
    good.created, good.new_findings = [".python-version"], [("HK702", ".python-version")]
    bad = run.FixResult("acme/blog", "b" * 40, applied={"HK301": 1}, created=[".python-version"])
    bad.codes_before, bad.codes_after = ["HK301"], ["HK310", "HK702"]
    bad.new_findings = [("HK310", ".python-version"), ("HK702", "blog/settings.py")]
    bad.idempotent, bad.not_compiling = False, ["blog/settings.py (SyntaxError: x)"]
    rows = run.fix_table([good, bad]).splitlines()
    assert good.new_codes == [] and good.new_on_created_files == ["HK702 .python-version"]
    assert bad.new_codes == ["HK310", "HK702"]  # HK702 on a file the fix did not create counts
    assert rows[2] == (
        "| acme/shop | HK401 (2) | 0 | .python-version | shop/settings.py | yes | - | yes |"
    )
    assert rows[3] == (
        "| acme/blog | HK301 | 0 | .python-version | - | NO: blog/settings.py (SyntaxError: x) "
        "| HK310, HK702 | NO |"
    )
    assert rows[4] == "| **total (2 repos)** | 3 | 0 | 2 | 1 | 1/2 | 2 | 1/2 |"
    assert rows[-1].endswith("not counted: 1.")


def test_codes_herokulint_announces_as_expected_after_fixes_are_not_counted():
    stderr = "\n".join(
        [
            "herokulint: fixed HK411 at shop/settings.py:30: Turn HSTS on",
            "herokulint: HK412 after the fixes is expected: decide whether HSTS covers ...",
            "herokulint: HK413 after the fixes is expected: decide whether to preload HSTS ...",
        ]
    )
    said = run.parse_fix_output(stderr)
    assert said.expected == {"HK412", "HK413"} and said.rolled_back == ()
    result = run.FixResult("acme/shop", "a" * 40, expected=sorted(said.expected))
    result.new_findings = [("HK412", "shop/settings.py"), ("HK401", "shop/settings.py")]
    assert result.new_codes == ["HK401"]  # a code herokulint did not announce still counts
    assert result.new_on_created_files == ["HK412 shop/settings.py"]


def test_mirror_layouts_that_fetch_makes(tmp_path):
    bare = tmp_path / "acme+shop" / "repo"
    (bare / "objects").mkdir(parents=True)
    (bare / "HEAD").write_text("ref: refs/heads/main\n")
    assert run.mirror_git_dir(tmp_path, "acme/shop") == bare
    clone = tmp_path / "acme+blog" / "repo" / ".git"
    (clone / "objects").mkdir(parents=True)
    (clone / "HEAD").write_text("ref: refs/heads/main\n")
    assert run.mirror_git_dir(tmp_path, "acme/blog") == clone
    assert run.mirror_git_dir(tmp_path, "acme/none") is None


def test_the_corpus_and_judgments_in_the_repo_parse_and_agree():
    corpus = run.load_corpus(ROOT / "fieldtest" / "corpus.toml")
    judgments = run.load_judgments(ROOT / "fieldtest" / "judgments.toml")
    repos = {entry.repo for entry in corpus}
    assert len(corpus) >= 20
    assert all(len(entry.commit) == 40 and entry.why for entry in corpus)
    judged = {j.repo for j in judgments.findings} | {m.repo for m in judgments.missed}
    assert judged <= repos, judged - repos
    assert all(j.reason for j in judgments.findings)


def test_long_fix_diffs_are_clipped_with_a_count():
    assert run.clipped("a\nb\n", 5) == "a\nb"
    assert run.clipped("a\nb\nc\nd\n", 2) == "a\nb\n... (2 more lines)"
