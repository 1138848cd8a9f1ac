"""Inline suppressions: `# herokulint: ignore[CODE] reason` and `# noqa: CODE`, in Python,
requirements and Procfile files; HK900 and HK901; suppressed findings never fail a run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import git_commit, write_files

from herokulint.catalogue import load_rules
from herokulint.cli import main
from herokulint.engine import check, resolver
from herokulint.findings import Finding
from herokulint.rules import READY_FILES, READY_SETTINGS
from herokulint.suppress import Suppressions, scan

RULES = load_rules()
DEBUG_LINE = 'DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"'


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "app"
    write_files(root, {**READY_FILES, **files})
    git_commit(root)
    return root


# The rules these tests judge (others may report on the background project: not our concern).
SELECTED = ("HK401", "HK403", "HK900", "HK901")


def run(root: Path, *codes: str) -> list[Finding]:
    return check(root, [RULES[code] for code in codes or SELECTED])[1]


def codes_of(findings: list[Finding], *, suppressed: bool = False) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in findings if f.suppressed is suppressed]


def with_settings(line: str) -> dict[str, str]:
    return {"mysite/settings.py": READY_SETTINGS.replace(DEBUG_LINE, line)}


def test_trailing_comment_suppresses_the_finding_on_its_line(tmp_path: Path) -> None:
    root = project(tmp_path, with_settings("DEBUG = True  # herokulint: ignore[HK401] demo"))
    findings = run(root)
    assert codes_of(findings) == []
    assert codes_of(findings, suppressed=True) == [("HK401", 8)]
    assert findings[0].suppression_reason == "demo"


def test_noqa_with_several_codes_and_other_tools_codes(tmp_path: Path) -> None:
    settings = READY_SETTINGS.replace(DEBUG_LINE, "DEBUG = True  # noqa: E501, HK401").replace(
        'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]', 'SECRET_KEY = "x"  # noqa:HK403,HK401'
    )
    findings = run(project(tmp_path, {"mysite/settings.py": settings}))
    assert codes_of(findings, suppressed=True) == [("HK403", 7), ("HK401", 8)]
    # HK401 on line 7 silenced nothing; E501 is another tool's.
    assert codes_of(findings) == [("HK900", 7)]


def test_rule_names_work_like_codes(tmp_path: Path) -> None:
    root = project(tmp_path, with_settings("DEBUG = True  # herokulint: ignore[debug-hardcoded]"))
    assert codes_of(run(root), suppressed=True) == [("HK401", 8)]


def test_comment_on_a_different_line_does_not_suppress(tmp_path: Path) -> None:
    root = project(tmp_path, with_settings("# herokulint: ignore[HK401]\nDEBUG = True"))
    assert codes_of(run(root)) == [("HK900", 8), ("HK401", 9)]


def test_a_hash_inside_a_string_is_not_a_comment(tmp_path: Path) -> None:
    root = project(tmp_path, with_settings('DEBUG = True; X = "# herokulint: ignore[HK401]"'))
    assert codes_of(run(root, "HK401", "HK900")) == [("HK401", 8)]


def test_a_finding_inside_a_statement_honours_its_first_line() -> None:
    text = "ALLOWED_HOSTS = [  # herokulint: ignore[HK404] reviewed\n    'localhost',\n]\n"
    found = scan("mysite/settings.py", text)
    assert found is not None
    assert [s.line for s in found.at(2)] == [1]
    suppressions = Suppressions({"mysite/settings.py": found}, resolver(RULES))
    finding = Finding("HK404", "allowed-hosts-unusable", "error", "m", "mysite/settings.py", 2)
    assert suppressions.apply(finding).suppressed


def test_requirements_and_procfile_comments(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "Procfile": "web: python manage.py runserver 0.0.0.0:$PORT  # herokulint: ignore[HK105] demo\n",
            "requirements.txt": "Django==5.2.8\n# herokulint: ignore[HK204] on its own line does nothing\n",
        },
    )
    findings = run(root, "HK105", "HK204", "HK900")
    assert codes_of(findings, suppressed=True) == [("HK105", 1)]
    assert ("HK900", 2) in codes_of(findings)  # the own-line comment in requirements.txt


def test_requirements_continuation_lines_share_their_first_line() -> None:
    found = scan("requirements.txt", "gunicorn==23.0.0 \\\n    --hash=sha256:abc  # noqa: HK204\n")
    assert found is not None and [s.line for s in found.at(2)] == [2]
    found = scan("requirements.txt", "gunicorn==23.0.0 \\\n    --hash=sha256:abc\n")
    assert found is None


def test_files_that_cannot_carry_comments_are_not_scanned() -> None:
    assert scan("runtime.txt", "python-3.13  # noqa: HK302\n") is None
    assert scan(".python-version", "3.13  # noqa: HK301\n") is None
    assert scan("uv.lock", "# noqa: HK210\n") is None


def test_unparseable_python_still_has_its_comments_read() -> None:
    found = scan("mysite/settings.py", "DEBUG = (True  # noqa: HK401\n")
    assert found is not None and [s.codes for s in found.all()] == [("HK401",)]


def test_suppressed_findings_do_not_affect_the_exit_code(tmp_path: Path, capsys) -> None:
    root = project(tmp_path, with_settings("DEBUG = True  # herokulint: ignore[HK401] demo"))
    assert main([str(root), "--color", "never", "--select", "HK401,HK403,HK404,HK9"]) == 0
    out = capsys.readouterr().out
    assert "HK401" not in out
    assert "0 errors, 0 warnings, 0 info, 1 suppressed\n" in out
    assert out.rstrip().endswith("Ready for Heroku.")


def test_unused_suppression_only_for_rules_that_ran(tmp_path: Path) -> None:
    root = project(tmp_path, with_settings(f"{DEBUG_LINE}  # herokulint: ignore[HK401]"))
    assert codes_of(run(root, "HK900")) == []  # HK401 did not run: nothing to judge
    assert codes_of(run(root, "HK401", "HK900")) == [("HK900", 8)]


def test_unused_suppression_respects_per_file_ignores(tmp_path: Path, capsys) -> None:
    root = project(
        tmp_path,
        {
            **with_settings(f"{DEBUG_LINE}  # herokulint: ignore[HK401]"),
            "herokulint.toml": '[per-file-ignores]\n"settings.py" = ["HK401"]\n',
        },
    )
    assert main([str(root), "--output-format", "concise", "--select", "HK401,HK403,HK404,HK9"]) == 0
    assert "HK900" not in capsys.readouterr().out


def test_unknown_code_in_suppression_suggests_the_closest(tmp_path: Path, capsys) -> None:
    root = project(tmp_path, with_settings("DEBUG = True  # herokulint: ignore[HK014]"))
    main([str(root), "--output-format", "concise", "--select", "HK401,HK9", "--show-info"])
    out = capsys.readouterr().out
    assert "settings.py:8:15: HK901 [warning] `# herokulint: ignore[HK014]`" in out
    assert "(did you mean 'HK401'?)" in out
    assert "settings.py:8:1: HK401 " in out  # the typo silenced nothing


def test_empty_brackets_name_no_rule(tmp_path: Path) -> None:
    root = project(tmp_path, with_settings("DEBUG = True  # herokulint: ignore"))
    assert codes_of(run(root, "HK401", "HK901")) == [("HK401", 8), ("HK901", 8)]


def test_suppression_shows_in_json(tmp_path: Path, capsys) -> None:
    root = project(tmp_path, with_settings("DEBUG = True  # noqa: HK401 -- staging only"))
    main([str(root), "--output-format", "json", "--select", "HK401,HK403,HK404,HK9"])
    data = json.loads(capsys.readouterr().out)
    assert [(f["code"], f["suppression_reason"]) for f in data["findings"]] == [
        ("HK401", "staging only")
    ]


@pytest.mark.parametrize("marker", ["# herokulint: ignore[HK401]", "# noqa: HK401"])
def test_bare_marker_forms(marker: str) -> None:
    found = scan("settings.py", f"DEBUG = True  {marker}\n")
    assert found is not None
    (suppression,) = found.all()
    assert (suppression.line, suppression.column, suppression.codes) == (1, 15, ("HK401",))
    assert suppression.reason is None


@pytest.mark.parametrize(
    ("line", "unused", "fixed"),
    [
        ("X = 1  # herokulint: ignore[HK401] why", ["HK401"], "X = 1"),
        ("X = 1  # herokulint:ignore[HK401,HK403]", ["HK403"], "X = 1  # herokulint:ignore[HK401]"),
        ("X = 1  # herokulint: ignore[debug-hardcoded]", ["debug-hardcoded"], "X = 1"),
        ("X = 1  # noqa: E501,HK401", ["HK401"], "X = 1  # noqa: E501"),
        ("X = 1  # type: ignore  # noqa: HK401", ["HK401"], "X = 1  # type: ignore"),
        (
            "X = 1  # herokulint: ignore[HK401] old  # noqa: E501",
            ["HK401"],
            "X = 1  # noqa: E501",
        ),
        ("gunicorn==23.0.0 # noqa: HK204", ["HK204"], "gunicorn==23.0.0"),
    ],
)
def test_unused_suppression_fix_edits_only_the_unused_codes(
    line: str, unused: list[str], fixed: str
) -> None:
    from herokulint.rules.unused_suppression import without_codes

    relpath = "requirements.txt" if line.startswith("gunicorn") else "mysite/settings.py"
    found = scan(relpath, line + "\n")
    assert found is not None
    suppressions = list(found.all())
    suppression = suppressions[0] if "old" in line else suppressions[-1]
    assert without_codes(line, suppression, unused) == fixed


def test_unused_suppression_fix_keeps_crlf_and_removes_a_comment_only_line(
    tmp_path: Path, capsys
) -> None:
    settings = READY_SETTINGS.replace("\n", "\r\n").replace(
        "DEBUG = ", "# herokulint: ignore[HK401]\r\nDEBUG = "
    )
    write_files(tmp_path, {**READY_FILES, "mysite/settings.py": settings})
    git_commit(tmp_path)
    assert main(["check", str(tmp_path), "--fix", "--select", "HK401,HK403,HK404,HK900"]) == 0
    assert "fixed HK900" in capsys.readouterr().err
    text = (tmp_path / "mysite/settings.py").read_bytes().decode()
    assert text == READY_SETTINGS.replace("\n", "\r\n")
