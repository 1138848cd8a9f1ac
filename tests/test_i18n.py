"""Spanish output (`--lang es`): the catalogue, the choice of language, and what a Spanish run
prints. The catalogue is herokulint/locale/es/LC_MESSAGES/herokulint.po; its .mo is compiled
by scripts/compile_catalogs.py and committed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from herokulint import i18n
from herokulint.catalogue import load_rules
from herokulint.cli import main
from herokulint.findings import message_parts
from herokulint.i18n import Message, detect, msg, placeholders, translate
from herokulint.pofile import (
    MO_FILE,
    PACKAGE,
    PO_FILE,
    compile_mo,
    read_po,
    source_templates,
    updated,
    why_it_matters,
)

PO_TEXT = PO_FILE.read_text(encoding="utf-8")
_, ENTRIES = read_po(PO_TEXT)
TRANSLATED = {msgid: entry for msgid, entry in ENTRIES.items() if msgid and entry.translated}
FIXTURES = Path(__file__).parent / "fixtures"

# The rules whose every message template (findings and fixes, in the rule's module) has a
# Spanish entry. It may only grow: a rule not listed prints English messages in a Spanish run.
# HK209 and HK210 report what the project model found wrong in a manifest or lock file: their
# templates live in the model's readers (MANIFEST_READERS).
FULLY_TRANSLATED_RULES: frozenset[str] = frozenset(
    {
        "HK001",
        "HK002",
        "HK003",
        "HK004",
        "HK005",
        "HK006",
        "HK101",
        "HK102",
        "HK103",
        "HK104",
        "HK105",
        "HK106",
        "HK107",
        "HK108",
        "HK109",
        "HK110",
        "HK201",
        "HK202",
        "HK203",
        "HK204",
        "HK205",
        "HK206",
        "HK207",
        "HK208",
        "HK209",
        "HK210",
        "HK211",
        "HK212",
        "HK213",
        "HK214",
        "HK215",
        "HK216",
        "HK217",
        "HK301",
        "HK302",
        "HK303",
        "HK304",
        "HK305",
        "HK306",
        "HK307",
        "HK308",
        "HK309",
        "HK310",
        "HK401",
        "HK402",
        "HK403",
        "HK404",
        "HK405",
        "HK406",
        "HK407",
        "HK408",
        "HK409",
        "HK410",
        "HK411",
        "HK412",
        "HK413",
        "HK414",
        "HK415",
        "HK416",
        "HK417",
        "HK418",
        "HK419",
        "HK420",
        "HK421",
        "HK422",
        "HK423",
        "HK424",
        "HK501",
        "HK502",
        "HK503",
        "HK504",
        "HK505",
        "HK506",
        "HK507",
        "HK508",
        "HK601",
        "HK602",
        "HK603",
        "HK604",
        "HK606",
        "HK701",
        "HK702",
        "HK703",
        "HK704",
        "HK705",
        "HK706",
        "HK801",
        "HK802",
        "HK803",
        "HK804",
        "HK900",
        "HK901",
    }
)


MANIFEST_READERS = ("dependencies", "locks", "pipenv", "pyproject")


def rule_templates() -> dict[str, set[str]]:
    """code -> the templates of the msg() calls in the rule's module."""
    by_module: dict[str, set[str]] = {}
    for template, _, path, _ in source_templates(sorted((PACKAGE / "rules").glob("*.py"))):
        by_module.setdefault(path.stem, set()).add(template)
    readers = [PACKAGE / "project" / f"{name}.py" for name in MANIFEST_READERS]
    manifest = {template for template, _, _, _ in source_templates(readers)}
    result = {}
    for code, rule in load_rules().items():
        module = rule.__module__.rsplit(".", 1)[1]
        result[code] = by_module.get(module, set()) | (
            manifest if code in ("HK209", "HK210") else set()
        )
    return result


# -- the catalogue ---------------------------------------------------------------------------
def test_the_shipped_mo_is_the_compiled_po() -> None:
    assert MO_FILE.read_bytes() == compile_mo(ENTRIES), "run python scripts/compile_catalogs.py"


def test_the_catalogue_holds_every_template_of_the_code() -> None:
    assert updated(PO_TEXT) == PO_TEXT, "run python scripts/extract_messages.py"


def test_the_mo_is_package_data() -> None:
    pyproject = (PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert "locale/*/LC_MESSAGES/*.mo" in pyproject


def percent_fields(text: str) -> list[str]:
    return sorted(re.findall(r"%\(\w+\)[sr]|%[sr]", text))


def code_spans(text: str) -> list[str]:
    return sorted(re.findall(r"`[^`]*`", text))


@pytest.mark.parametrize("msgid", sorted(TRANSLATED))
def test_a_translation_keeps_the_placeholders_and_code(msgid: str) -> None:
    entry = TRANSLATED[msgid]
    originals = [msgid, entry.plural] if entry.plural else [msgid]
    for original, text in zip(originals * 2, entry.plurals or [entry.msgstr]):
        if "%(" in original or "%s" in original:
            assert percent_fields(text) == percent_fields(original)
        else:
            assert placeholders(text) == placeholders(original)
        assert code_spans(text) == code_spans(original)


@pytest.mark.parametrize("msgid", sorted(TRANSLATED))
def test_a_translation_keeps_what_why_and_do(msgid: str) -> None:
    """The text report cuts a message at its first `: ` and last `; `: a translation keeps
    the same parts (a headline, a why, a help), so it is cut the same way."""
    text = TRANSLATED[msgid].msgstr or TRANSLATED[msgid].plurals[-1]
    if "{" not in msgid or "\n" in msgid:
        return  # labels and the rule pages' paragraphs are not cut
    assert [bool(part) for part in message_parts(text)] == [
        bool(part) for part in message_parts(msgid)
    ]


def test_every_rule_title_and_why_it_matters_is_translated() -> None:
    missing = []
    for code, rule in load_rules().items():
        why = why_it_matters(rule.docs())
        for text in (rule.summary, why):
            if text and text not in TRANSLATED:
                missing.append(code)
    assert not missing, f"no Spanish title or 'Por qué importa' for {sorted(set(missing))}"


def test_the_fully_translated_rules_do_not_shrink() -> None:
    done = {
        code
        for code, templates in rule_templates().items()
        if templates and all(template in TRANSLATED for template in templates)
    }
    assert done >= FULLY_TRANSLATED_RULES, sorted(FULLY_TRANSLATED_RULES - done)


# -- messages --------------------------------------------------------------------------------
def test_a_message_is_its_english_text() -> None:
    message = msg("SECRET_KEY is written in {path}", path="mysite/settings.py")
    assert message == "SECRET_KEY is written in mysite/settings.py"
    assert isinstance(message, str) and message.params == {"path": "mysite/settings.py"}


def test_translate_formats_the_translation_with_translated_parameters() -> None:
    outer = msg(
        "settings {module} ({evidence}{decided}){configuration}",
        module="m.s",
        evidence=msg("web process"),
        decided="",
        configuration="",
    )
    assert outer == "settings m.s (web process)"
    assert translate(outer, "es") == "configuración m.s (proceso web)"
    assert translate(outer, "en") == outer


def test_plain_text_and_unknown_templates_stay_english() -> None:
    assert translate("plain", "es") == "plain"
    assert translate(msg("no such {thing}", thing="x"), "es") == "no such x"


def test_a_cached_message_comes_back_with_its_template() -> None:
    message = msg("fix {reason}", reason=msg("not applied: it would cause {codes}", codes="HK1"))
    back = i18n.from_json(str(message), json.loads(json.dumps(i18n.to_json(message))))
    assert isinstance(back, Message) and translate(back, "es") == translate(message, "es")
    assert i18n.from_json("old text", None) == "old text"


# -- choosing the language -------------------------------------------------------------------
@pytest.mark.parametrize(
    "environ, lang",
    [
        ({}, "en"),
        ({"LANG": "es_ES.UTF-8"}, "es"),
        ({"LANG": "es"}, "es"),
        ({"LANG": "es_MX.UTF-8", "LC_ALL": "C"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "es_AR.UTF-8"}, "es"),
        ({"LC_ALL": "", "LANG": "es_CO"}, "es"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
    ],
)
def test_the_locale_chooses_the_language(environ, lang) -> None:
    assert detect(environ) == lang


def verdict_of(capsys, *args: str) -> str:
    main([*args, "--select", "HK401", "--no-cache"])
    return capsys.readouterr().out.strip().splitlines()[-2]


def test_flag_beats_configuration_beats_locale(fixture_copy, monkeypatch, capsys) -> None:
    root = fixture_copy("guide-as-written")
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    assert verdict_of(capsys, str(root)).startswith("No está listo")
    assert verdict_of(capsys, str(root), "--lang", "en").startswith("Not ready")
    (root / "herokulint.toml").write_text('lang = "en"\n')
    assert verdict_of(capsys, str(root)).startswith("Not ready")
    assert verdict_of(capsys, str(root), "--lang=es").startswith("No está listo")


def test_a_bad_lang_in_the_configuration_is_a_usage_error(fixture_copy, capsys) -> None:
    root = fixture_copy("guide-as-written")
    (root / "herokulint.toml").write_text('lang = "fr"\n')
    assert main([str(root)]) == 2
    assert "`lang` must be one of en, es" in capsys.readouterr().err


def test_configuration_errors_follow_the_flag(fixture_copy, capsys) -> None:
    root = fixture_copy("guide-as-written")
    (root / "herokulint.toml").write_text('selct = ["HK4"]\n')
    assert main([str(root), "--lang", "es"]) == 2
    err = capsys.readouterr().err
    assert "clave desconocida 'selct' (¿quisiste decir 'select'?)" in err


def test_usage_errors_and_help_follow_the_flag(capsys) -> None:
    assert main(["no/such/folder", "--lang", "es"]) == 2
    assert "la ruta 'no/such/folder' no existe" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["check", "--lang", "es", "--output-format", "xml"])
    assert "opción no válida" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["check", "--help", "--lang", "es"])
    out = capsys.readouterr().out
    assert out.startswith("uso: ") and "solo estas reglas" in out


# -- a Spanish run -------------------------------------------------------------------------
def test_machine_formats_keep_codes_and_names(fixture_copy, capsys) -> None:
    root = fixture_copy("guide-as-written")
    main([str(root), "--output-format", "json", "--no-cache"])
    english = json.loads(capsys.readouterr().out)["findings"]
    main([str(root), "--output-format", "json", "--no-cache", "--lang", "es"])
    spanish = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["code"], f["name"]) for f in spanish] == [(f["code"], f["name"]) for f in english]


def test_a_warm_run_prints_spanish_too(fixture_copy, capsys) -> None:
    root = fixture_copy("guide-as-written")
    main([str(root), "--lang", "es"])
    cold = capsys.readouterr().out
    main([str(root), "--lang", "es"])
    assert capsys.readouterr().out == cold
    assert "Ejecuta `herokulint rule CODE`" in cold


# -- the other commands ----------------------------------------------------------------------
def test_a_rule_page_has_a_spanish_title_and_why_it_matters(capsys) -> None:
    assert main(["rule", "HK403", "--markdown", "--lang", "es"]) == 0
    page = capsys.readouterr().out
    assert "Un `SECRET_KEY` literal, o un valor por defecto literal para él." in page
    assert "## Por qué importa\n\nCualquiera que pueda leer el repositorio" in page
    assert "## What it does" in page  # the body stays English
    assert page.startswith("# HK403 secret-key-hardcoded\n")


def test_inspect_env_and_steps_in_spanish(fixture_copy, capsys) -> None:
    root = str(fixture_copy("guide-as-written"))
    main(["inspect", root, "--lang", "es"])
    assert "módulo de configuración  mysite.settings  desde mysite/wsgi.py:14" in (
        capsys.readouterr().out
    )
    main(["env", root, "--lang", "es"])
    out = capsys.readouterr().out
    assert out.startswith("Variables de entorno que lee producción:")
    assert "el add-on heroku-postgresql" in out
    main(["steps", root, "--lang", "es"])
    out = capsys.readouterr().out
    assert "[por hacer] Elige la versión de Python (.python-version)" in out
    assert "pasos por hacer." in out
    main(["steps", root, "--lang", "es", "--output-format", "json"])
    steps = json.loads(capsys.readouterr().out)["steps"]
    assert steps[0]["id"] == "web-server" and steps[0]["status"] == "done"
    assert steps[0]["title"] == "Declara el servidor web (gunicorn)"


# -- no English left in a Spanish run --------------------------------------------------------
# A line is English when it holds 3 or more of these words outside code: Spanish uses none.
STOPWORDS = {"the", "is", "and", "not", "with", "to", "of", "your", "set", "from"}
FIXTURE_NAMES = sorted(path.name for path in FIXTURES.iterdir() if path.is_dir())


def english_sentence(line: str) -> bool:
    """Code frames are the project's own text, and backticks hold code. Quoted text is the
    platform's or Django's own words ("The requested Python version has reached end-of-life."),
    which a Spanish-speaking developer meets in the build log as they are, so both are left
    out before counting."""
    if re.match(r"^\s*\d*\s*\|", line) or "-->" in line:
        return False
    text = re.sub(r"`[^`]*`", " ", line)
    text = re.sub(r'"[^"]*"', " ", text)
    words = re.findall(r"[a-z']+", text.lower())
    return sum(word in STOPWORDS for word in words) >= 3


def test_the_english_sentence_heuristic() -> None:
    assert english_sentence("SECRET_KEY is written in the code: set it from the environment")
    assert not english_sentence("SECRET_KEY está escrita en mysite/settings.py")
    assert not english_sentence('el build falla con "The requested Python version is not set"')
    assert not english_sentence("25 | SECRET_KEY = 'the key is not set to the value of it'")


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_a_spanish_run_prints_no_english_sentence(name, fixture_copy, monkeypatch, capsys) -> None:
    monkeypatch.setenv("COLUMNS", "2000")  # one line per message: quotes are never cut
    root = str(fixture_copy(name))
    main([root, "--lang", "es", "--show-info", "--no-cache"])
    out = capsys.readouterr().out
    main([root, "--lang", "es", "--no-cache", "--output-format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    messages = [f["message"] for f in findings] + [
        f["fix"]["message"] for f in findings if f["fix"]
    ]
    english = [line for line in [*out.splitlines(), *messages] if english_sentence(line)]
    assert not english, english


def test_a_spanish_fix_run_with_its_extras_prints_no_english_sentence(
    fixture_copy, monkeypatch, capsys
) -> None:
    """`--fix --show-fixes` adds the fixes applied, the fixes left and "Before you push"."""
    monkeypatch.setenv("COLUMNS", "2000")
    root = fixture_copy("startproject")
    main([str(root), "--lang", "es", "--fix", "--unsafe-fixes", "--show-fixes", "--no-cache"])
    captured = capsys.readouterr()
    out = captured.out
    assert "Antes de hacer push: " in out and "Corregido (" in out
    assert "  heroku addons:create heroku-postgresql:essential-0  # define DATABASE_URL" in out
    english = [
        line for line in [*out.splitlines(), *captured.err.splitlines()] if english_sentence(line)
    ]
    assert not english, english


def test_statistics_help_and_flag_hints_in_spanish(fixture_copy, capsys) -> None:
    root = fixture_copy("heroku-ready")
    main([str(root), "--lang", "es", "--statistics", "--no-cache", "--select", "HK1"])
    assert capsys.readouterr().out == "Ningún hallazgo.\n"
    with pytest.raises(SystemExit):
        main(["--lang", "es", "--help"])
    assert "códigos de salida:" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main([str(root), "--lang", "es", "--fixx"])
    assert "--fixx: ¿quisiste decir --fix?" in capsys.readouterr().err


def test_a_stand_in_note_keeps_the_translated_headline() -> None:
    from herokulint.engine import stand_in_message
    from herokulint.findings import Finding

    message = msg(
        "DEBUG is hard-coded to True in {relpath}: production would show debug pages to "
        "everyone; read it from the environment, e.g. `DEBUG = "
        'os.environ.get("DJANGO_DEBUG", "") == "1"`.',
        relpath="mysite/settings/dev.py",
    )
    finding = Finding("HK401", "debug-hardcoded", "error", message, "mysite/settings/dev.py", 3)
    note = stand_in_message(finding, ["mysite.settings.production"])
    assert note.startswith("DEBUG is hard-coded to True in mysite/settings/dev.py: ")
    spanish = translate(note, "es")
    head, _, do = message_parts(spanish)
    assert head == message_parts(translate(message, "es"))[0] != message_parts(note)[0]
    assert "`mysite.settings.production`" in spanish and "`--settings MODULE`" in do


# Single English words a message could take as a parameter (a phrase is caught by its spaces).
WORDS = {"empty", "report", "reports", "set", "unset", "missing", "none", "is", "are", "not"}


def english_parameters(source: str) -> list[tuple[int, str]]:
    """Words passed as a message's parameter without msg(): they stay English in Spanish."""
    import ast

    found = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("msg", "tr"):
            return  # a nested message is translated in turn
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value.strip()
            phrase = re.fullmatch(r"[a-z]+( [a-z]+)+", text)  # "the flag", not "gunicorn "
            if phrase or text in WORDS:
                found.append((node.lineno, node.value))
        for child in ast.iter_child_nodes(node):
            visit(child)

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "msg":
            for keyword in node.keywords:
                visit(keyword.value)
    return found


def test_english_parameters_are_found() -> None:
    assert english_parameters('msg("{v} x", v="empty")') == [(1, "empty")]
    assert english_parameters('msg("{v} x", v=a or msg("the flag"))') == []
    assert english_parameters('msg("{v} x", v="the flag")') == [(1, "the flag")]
    assert english_parameters('msg("{v} x", v="DATABASE_URL", p="mysite/settings.py")') == []
    assert english_parameters('msg("{v} x", v="gunicorn ", flag="--settings")') == []


def test_no_message_takes_an_english_word_as_a_parameter() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{line}: {text!r}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line, text in english_parameters(path.read_text(encoding="utf-8"))
    ]
    assert not found, found
