"""The outputs for machines: SARIF (validated against the 2.1.0 schema), GitHub workflow
commands, and `--output-format` / `--output-file` pairs."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from herokulint.catalogue import load_rules
from herokulint.cli import main
from herokulint.findings import Finding
from herokulint.report import ProjectReport, Report, rule_url
from herokulint.report import github as github_report

SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)
RULES = load_rules()


def sarif_of(args: list[str], capsys) -> dict:
    main([*args, "--output-format", "sarif"])
    document = json.loads(capsys.readouterr().out)
    jsonschema.validate(document, SCHEMA)
    return document


# What startproject fails on (other rules may report on it too: these tests select these).
STARTPROJECT = ("HK101", "HK201", "HK301", "HK401", "HK403", "HK404", "HK501", "HK601")
SELECT_STARTPROJECT = ["--select", ",".join(STARTPROJECT)]


@pytest.fixture
def startproject(fixture_copy, monkeypatch) -> Path:
    root = fixture_copy("startproject")
    monkeypatch.chdir(root)
    return root


def test_sarif_of_a_failing_project_validates_against_the_schema(startproject, capsys) -> None:
    run = sarif_of([".", *SELECT_STARTPROJECT], capsys)["runs"][0]
    results = run["results"]
    assert sorted(r["ruleId"] for r in results) == sorted(STARTPROJECT)
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == sorted(STARTPROJECT)
    debug = next(r for r in results if r["ruleId"] == "HK401")
    assert debug["level"] == "error"
    assert debug["message"]["text"].startswith("DEBUG is hard-coded to True")
    location = debug["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "mysite/settings.py"
    assert location["region"]["startLine"] == 26
    for result in results:
        physical = result["locations"][0]["physicalLocation"]
        assert (startproject / physical["artifactLocation"]["uri"]).is_file()
        assert physical["region"]["startLine"] >= 1
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    warning = next(r for r in results if r["ruleId"] == "HK301")
    assert warning["level"] == "warning"


def test_sarif_lists_every_selected_rule_with_its_docs_and_link(startproject, capsys) -> None:
    rules = sarif_of(["."], capsys)["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == list(RULES)
    debug = next(rule for rule in rules if rule["id"] == "HK401")
    assert debug["name"] == "debug-hardcoded"
    assert debug["helpUri"] == rule_url("HK401")
    assert debug["helpUri"].endswith("/rules/HK401.md")
    assert "## Why it matters" in debug["help"]["markdown"]
    assert debug["defaultConfiguration"] == {"level": "error"}


def test_sarif_is_valid_with_zero_results(fixture_copy, capsys) -> None:
    run = sarif_of([str(fixture_copy("hardened")), "--select", "HK4"], capsys)["runs"][0]
    assert run["results"] == []
    assert {rule["id"] for rule in run["tool"]["driver"]["rules"]} == {
        code for code in RULES if code.startswith("HK4")
    }


def test_sarif_maps_info_to_note_and_paths_of_several_apps(fixture_copy, capsys) -> None:
    finding = Finding("HK404", "allowed-hosts-unusable", "info", "m", "my app/settings.py", 3)
    report = Report([ProjectReport(Path("x"), "apps/web", findings=[finding], rules=("HK404",))])
    from herokulint.report import sarif

    document = sarif.as_dict(report)
    jsonschema.validate(document, SCHEMA)
    result = document["runs"][0]["results"][0]
    assert result["level"] == "note"
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "apps/web/my%20app/settings.py"


def test_github_annotations_of_a_fixture(startproject, capsys) -> None:
    assert main([".", "--output-format", "github", "--select", "HK401,HK301"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "::error file=mysite/settings.py,line=26,col=1,title=HK401 debug-hardcoded::DEBUG is "
        "hard-coded to True in mysite/settings.py: production would show debug pages to "
        'everyone; read it from the environment, e.g. `DEBUG = os.environ.get("DJANGO_DEBUG", '
        '"") == "1"`.',
        "::warning file=manage.py,line=1,col=1,title=HK301 python-version-missing::No "
        ".python-version: Heroku builds with its default (Python 3.14 as of 2026-08-18), which "
        "can change on any deploy; Django's version is not known (no requirements file "
        "declares it): request the newest Python your Django supports.",
    ]


def test_github_escapes_data_and_properties() -> None:
    finding = Finding("HK103", "procfile-invalid", "info", "50% done\r\nnext", "a,b:c%.txt", 2, 5)
    line = github_report.annotation(finding, "dir/a,b:c%.txt")
    assert line == (
        "::notice file=dir/a%2Cb%3Ac%25.txt,line=2,col=5,title=HK103 procfile-invalid"
        "::50%25 done%0D%0Anext\n"
    )


def test_github_caps_annotations_per_step_with_a_closing_notice(capsys) -> None:
    findings = [
        Finding("HK401", "debug-hardcoded", severity, f"{severity} {n}", "settings.py", n + 1)
        for severity, count in (("error", 12), ("warning", 3), ("info", 10))
        for n in range(count)
    ]
    report = Report([ProjectReport(Path("."), ".", findings=findings)])
    import io

    out = io.StringIO()
    github_report.write(report, out)
    lines = out.getvalue().splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 10
    assert sum(line.startswith("::warning ") for line in lines) == 3
    # Nine info notices: the closing notice is the tenth GitHub shows.
    assert sum(line.startswith("::notice file=") for line in lines) == 9
    plain = [line for line in lines if not line.startswith("::")]
    assert plain == [
        "settings.py:11:1: HK401 [error] error 10",
        "settings.py:12:1: HK401 [error] error 11",
        "settings.py:10:1: HK401 [info] info 9",
    ]
    assert lines[-1].startswith("::notice title=herokulint::3 more findings not annotated")
    assert lines[0].startswith("::error ")  # errors first


def test_github_leaves_out_suppressed_findings() -> None:
    import io

    finding = Finding("HK401", "debug-hardcoded", "error", "m", "s.py", suppressed=True)
    out = io.StringIO()
    github_report.write(Report([ProjectReport(Path("."), ".", findings=[finding])]), out)
    assert out.getvalue() == ""


def test_output_file_writes_sarif_while_text_goes_to_the_terminal(startproject, capsys) -> None:
    args = ["--output-format", "sarif", "--output-file", "out.sarif", *SELECT_STARTPROJECT]
    code = main([".", "--color", "never", *args])
    assert code == 1
    out = capsys.readouterr().out
    assert "error[HK401] debug-hardcoded" in out and "--> mysite/settings.py:26:1" in out
    document = json.loads((startproject / "out.sarif").read_text(encoding="utf-8"))
    jsonschema.validate(document, SCHEMA)
    assert len(document["runs"][0]["results"]) == 8


def test_output_file_pairs_with_the_format_before_it(startproject, capsys) -> None:
    args = [".", "--output-format", "sarif", "--output-file", "a.sarif"]
    assert main([*args, "--output-format", "github", "--select", "HK401"]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("::error file=mysite/settings.py,line=26,")
    assert "1 error, 0 warnings, 0 info" in captured.err
    assert json.loads((startproject / "a.sarif").read_text())["version"] == "2.1.0"


def test_output_file_given_first_waits_for_its_format(startproject, capsys) -> None:
    assert main([".", "--output-file", "f.json", "--output-format", "json", "-q"]) == 1
    assert json.loads((startproject / "f.json").read_text())["version"] == 1
    assert "HK401" in capsys.readouterr().out  # the text report


def test_output_file_alone_writes_the_text_report(startproject, capsys) -> None:
    main([".", "--output-file", "report.txt", "--select", "HK401"])
    text = (startproject / "report.txt").read_text()
    assert "error[HK401] debug-hardcoded" in text and "\x1b[" not in text


def test_output_file_dash_is_stdout(startproject, capsys) -> None:
    main([".", "--output-format", "concise", "--output-file", "-", "--select", "HK401"])
    assert capsys.readouterr().out.startswith("mysite/settings.py:26:1: HK401 ")


def test_two_outputs_on_stdout_is_a_usage_error(startproject, capsys) -> None:
    assert main([".", "--output-format", "json", "--output-format", "github"]) == 2
    assert "only one output can go to stdout" in capsys.readouterr().err


def test_unwritable_output_file_is_a_usage_error(startproject, capsys) -> None:
    assert main([".", "--output-format", "sarif", "--output-file", "no/such/dir/x.sarif"]) == 2
    assert "cannot write --output-file" in capsys.readouterr().err


def test_json_lists_suppressed_findings_with_their_reason(fixture_copy, capsys) -> None:
    root = fixture_copy("startproject")
    settings = root / "mysite/settings.py"
    settings.write_text(
        settings.read_text().replace(
            "DEBUG = True", "DEBUG = True  # herokulint: ignore[HK401] internal demo"
        )
    )
    main([str(root), "--output-format", "json", "--select", "HK401,HK404"])
    data = json.loads(capsys.readouterr().out)
    debug = next(f for f in data["findings"] if f["code"] == "HK401")
    hosts = next(f for f in data["findings"] if f["code"] == "HK404")
    assert (debug["suppressed"], debug["suppression_reason"]) == (True, "internal demo")
    assert (hosts["suppressed"], hosts["suppression_reason"]) == (False, None)
    assert data["summary"] == {"error": 1, "warning": 0, "info": 0, "fixable": 1, "suppressed": 1}


def test_sarif_marks_suppressed_findings_in_source(fixture_copy, capsys) -> None:
    root = fixture_copy("startproject")
    settings = root / "mysite/settings.py"
    settings.write_text(
        settings.read_text().replace("DEBUG = True", "DEBUG = True  # noqa: HK401 demo")
    )
    results = sarif_of([str(root), "--select", "HK401"], capsys)["runs"][0]["results"]
    assert results[0]["suppressions"] == [{"kind": "inSource", "justification": "demo"}]
