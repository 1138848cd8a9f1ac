"""Languages: messages are English templates with named parameters, rendered at report time.

A rule writes `msg("SECRET_KEY is written in {path}: ...", path=setting.relpath)`. The result
is a `Message`: a `str` holding the English text, so every use of a message as a string keeps
working, which also carries its template and parameters. A reporter calls
`translate(message, lang)`, which looks the template up in the language's gettext catalogue
(`herokulint/locale/<lang>/LC_MESSAGES/herokulint.mo`) and formats the translation with the
parameters, themselves translated when they are messages. A plain `str`, or a template the
catalogue lacks, stays English. Findings never depend on the language (the cache stores them
as English text plus template), and the catalogue is read only for a language other than
English.

The language: `--lang`, else `lang` in `[tool.herokulint]`, else the locale (`LC_ALL`,
`LC_MESSAGES`, `LANG`: the first one set wins, as gettext reads them), else English.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, Optional, Union

LANGS = ("en", "es")
DOMAIN = "herokulint"
LOCALE_DIR = Path(__file__).parent / "locale"
LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG")

Param = Union[str, int, float]


class Formatter(string.Formatter):
    """`str.format`, plus the `headline` spec: `{message:headline}` is the message's "what"
    (the text before its first ": " outside backticks), so a message built on another one's
    headline translates with it."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        if format_spec == "headline":
            from .findings import message_parts

            return message_parts(str(value))[0]
        return super().format_field(value, format_spec)


FORMATTER = Formatter()


class Message(str):
    """English text that remembers its template and named parameters."""

    template: str
    params: dict[str, Param]

    def __new__(cls, template: str, params: Mapping[str, Any]) -> Message:
        text = super().__new__(cls, FORMATTER.format(template, **params))
        shown = {field for _, field, _, conversion in _fields(template) if conversion == "r"}
        text.template = template
        text.params = {name: _param(value, name in shown) for name, value in params.items()}
        return text


class Verbatim(str):
    """A parameter's `repr`, kept as text: formats the same with `!r` as the original did."""

    def __repr__(self) -> str:
        return str(self)


def _fields(template: str) -> Any:
    return string.Formatter().parse(template)


def _param(value: Any, shown: bool = False) -> Param:
    """A parameter as it can be stored: a str (a Message stays a Message: it is translated in
    turn), an int or a float; anything else as the text the template showed of it."""
    if isinstance(value, (str, int, float)):
        return value
    return Verbatim(repr(value)) if shown else str(value)


def msg(template: str, /, **params: Any) -> Message:
    """A message: `template` is English with `{name}` placeholders (str.format syntax)."""
    return Message(template, params)


def placeholders(template: str) -> set[str]:
    """The names of a template's placeholders (`{path}`, `{count:>3}`, `{name!r}` -> path...)."""
    return {field for _, field, _, _ in _fields(template) if field}


def detect(environ: Mapping[str, str]) -> str:
    """The language the locale asks for: "es" for `es`/`es_*`, else "en"."""
    for var in LOCALE_VARS:
        value = environ.get(var)
        if value:
            language = value.split(".", 1)[0].split("@", 1)[0].split("_", 1)[0].lower()
            return language if language in LANGS else "en"
    return "en"


def choose(flag: Optional[str], configured: Optional[str], environ: Mapping[str, str]) -> str:
    """The flag wins over the configuration, the configuration over the locale."""
    return flag or configured or detect(environ)


@cache
def catalogue(lang: str) -> Any:
    """The gettext translations of `lang` (the English fallback when there are none)."""
    import gettext

    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def translate(text: Any, lang: str) -> Any:
    """`text` in `lang`: a Message is looked up and formatted; anything else is returned as is."""
    if lang == "en" or not isinstance(text, Message):
        return text
    template = catalogue(lang).gettext(text.template)
    params = {name: translate(value, lang) for name, value in text.params.items()}
    return FORMATTER.format(template, **params)


def text_in(lang: str, text: str) -> str:
    """`text` (not a template: braces are its own) looked up in `lang`'s catalogue."""
    return text if lang == "en" else str(catalogue(lang).gettext(text))


def tr(lang: str, template: str, /, **params: Any) -> str:
    """The program's own text (labels, verdicts) in `lang`, formatted with `params`."""
    return str.__str__(translate(msg(template, **params), lang))


def ntr(lang: str, one: str, many: str, count: int, /, **params: Any) -> str:
    """`one` or `many` by `count` (as gettext's ngettext chooses), formatted with `count` too."""
    if lang == "en":
        template = one if count == 1 else many
    else:
        template = catalogue(lang).ngettext(one, many, count)
    values = {name: translate(value, lang) for name, value in params.items()}
    return template.format(count=count, **values)


def to_json(text: str) -> Any:
    """A message as the cache stores it: its template and parameters (None for plain text)."""
    if not isinstance(text, Message):
        return None
    return {
        "template": text.template,
        "params": {name: _encoded(value) for name, value in text.params.items()},
    }


def _encoded(value: Param) -> Any:
    if isinstance(value, Message):
        return {"message": to_json(value)}
    if isinstance(value, Verbatim):
        return {"verbatim": str(value)}
    return value


def from_json(text: str, data: Any) -> str:
    """The message `to_json` stored, or `text` (English only) when there is none or it differs."""
    if not isinstance(data, dict):
        return text
    try:
        message = _message(data)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return text
    return message if message == text else text


def _decoded(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if "verbatim" in value:
        return Verbatim(value["verbatim"])
    return _message(value["message"])


def _message(data: dict[str, Any]) -> Message:
    params = {name: _decoded(value) for name, value in data["params"].items()}
    return Message(str(data["template"]), params)


def joined(parts: Any, separator: str = " ") -> Message:
    """`parts` joined by `separator`, as a message whose parts are translated one by one (its
    own template is in no catalogue, so it stays as it is)."""
    texts = [part for part in parts if part]
    template = (
        separator.replace("{", "{{")
        .replace("}", "}}")
        .join(f"{{p{index}}}" for index in range(len(texts)))
    )
    return Message(template, {f"p{index}": text for index, text in enumerate(texts)})


def concat(*parts: str) -> Message:
    """`a + b` for messages: each part is translated on its own."""
    return joined(parts, "")
