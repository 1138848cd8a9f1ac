"""Gettext catalogues for development: read and write `.po` files, compile `.mo` files, and
extract every translatable text from the package (used by `scripts/catalogs.py` and the tests;
never at lint time).

The `.mo` writer follows the GNU gettext manual's "The Format of GNU MO Files": a header of
seven 32-bit words, two tables of (length, offset) pairs sorted by original string, no hash
table (readers, Python's `gettext` among them, do not need one), then the NUL-terminated
strings. Its output depends only on the `.po`, so the shipped `.mo` can be compared with it.
"""

from __future__ import annotations

import ast
import re
import struct
from collections.abc import Iterable, Iterator
from dataclasses import field
from pathlib import Path

from .records import mutable

PACKAGE = Path(__file__).parent
PO_FILE = PACKAGE / "locale" / "es" / "LC_MESSAGES" / "herokulint.po"
MO_FILE = PO_FILE.with_suffix(".mo")

# The calls whose constant arguments are templates: name -> the positions of the templates.
CALLS = {"msg": (0,), "tr": (1,), "ntr": (1, 2)}

# What argparse translates through gettext (domain "argparse") that a user of ours may see.
ARGPARSE = (
    "usage: ",
    "positional arguments",
    "options",
    "optional arguments",
    "show this help message and exit",
    "show program's version number and exit",
    "%(prog)s: error: %(message)s\n",
    "invalid choice: %(value)r (choose from %(choices)s)",
    "the following arguments are required: %s",
    "unrecognized arguments: %s",
    "expected one argument",
    "argument %(argument_name)s: %(message)s",
    "ambiguous option: %(option)s could match %(matches)s",
    "not allowed with argument %s",
    "expected at least one argument",
)


@mutable
class Entry:
    msgid: str
    msgstr: str = ""
    plural: str = ""  # msgid_plural
    plurals: list[str] = field(default_factory=list)  # msgstr[n]
    fuzzy: bool = False

    @property
    def translated(self) -> bool:
        return not self.fuzzy and (all(self.plurals) if self.plural else bool(self.msgstr))


# -- .po -------------------------------------------------------------------------------------
def _unquote(line: str) -> str:
    return ast.literal_eval(line.strip())  # a .po string is a C string: a Python one too


def read_po(text: str) -> tuple[str, dict[str, Entry]]:
    """The leading comment block and the entries (the header entry under "")."""
    lines = text.splitlines()
    index = 0
    while index < len(lines) and lines[index].startswith("#"):
        index += 1
    comments = "\n".join(lines[:index])
    found: list[Entry] = []
    current: Entry | None = None
    key = ""
    fuzzy = False
    for line in lines[index:]:
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            current = Entry(_unquote(line[6:]), fuzzy=fuzzy)
            found.append(current)
            fuzzy, key = False, "msgid"
        elif current is None:
            continue
        elif line.startswith("msgid_plural "):
            current.plural, key = _unquote(line[13:]), "plural"
        elif line.startswith("msgstr["):
            current.plurals.append(_unquote(line.split("]", 1)[1]))
            key = "plurals"
        elif line.startswith("msgstr "):
            current.msgstr, key = _unquote(line[7:]), "msgstr"
        elif line.startswith('"'):
            more = _unquote(line)
            if key == "plurals":
                current.plurals[-1] += more
            else:
                setattr(current, key, getattr(current, key) + more)
    return comments, {entry.msgid: entry for entry in found}


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    parts = escaped.split("\n")
    if len(parts) == 1:
        return f'"{escaped}"'
    pieces = [part + "\\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    return '""\n' + "\n".join(f'"{piece}"' for piece in pieces)


def write_po(comments: str, entries: dict[str, Entry]) -> str:
    """Entries sorted by msgid, header first: the same catalogue always gives the same text."""
    out = [comments.rstrip("\n"), ""] if comments else []
    for msgid in sorted(entries):
        entry = entries[msgid]
        if entry.fuzzy:
            out.append("#, fuzzy")
        out.append(f"msgid {_quote(msgid)}")
        if entry.plural:
            out.append(f"msgid_plural {_quote(entry.plural)}")
            for number, text in enumerate(entry.plurals or ["", ""]):
                out.append(f"msgstr[{number}] {_quote(text)}")
        else:
            out.append(f"msgstr {_quote(entry.msgstr)}")
        out.append("")
    return "\n".join(out)


# -- .mo -------------------------------------------------------------------------------------
def compile_mo(entries: dict[str, Entry]) -> bytes:
    """The .mo bytes of the translated entries (and the header)."""
    pairs: dict[bytes, bytes] = {}
    for msgid, entry in entries.items():
        if not (entry.translated or msgid == ""):
            continue
        if entry.plural:
            key = f"{msgid}\0{entry.plural}".encode()
            pairs[key] = "\0".join(entry.plurals).encode()
        else:
            pairs[msgid.encode()] = entry.msgstr.encode()
    keys = sorted(pairs)
    count = len(keys)
    originals_at = 7 * 4
    translations_at = originals_at + count * 8
    data_at = translations_at + count * 8
    blob = b""
    originals, translations = [], []
    for key in keys:
        originals.append((len(key), data_at + len(blob)))
        blob += key + b"\0"
    for key in keys:
        translations.append((len(pairs[key]), data_at + len(blob)))
        blob += pairs[key] + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, count, originals_at, translations_at, 0, 0)
    table = b"".join(struct.pack("<2I", *pair) for pair in originals + translations)
    return header + table + blob


# -- extraction ------------------------------------------------------------------------------
def source_templates(paths: Iterable[Path]) -> Iterator[tuple[str, str, Path, int]]:
    """(template, plural or "", file, line) of every msg/tr/ntr call with constant templates."""
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            positions = CALLS.get(name)
            if positions is None or len(node.args) <= max(positions):
                continue
            texts = [node.args[position] for position in positions]
            if all(isinstance(t, ast.Constant) and isinstance(t.value, str) for t in texts):
                values = [t.value for t in texts]  # type: ignore[attr-defined]
                yield values[0], values[1] if len(values) > 1 else "", path, node.lineno


def why_it_matters(docs: str) -> str:
    """A rule's "## Why it matters" section, each paragraph on one line ("" when absent)."""
    match = re.search(r"^## Why it matters\n(.*?)(?=^## |\Z)", docs, flags=re.S | re.M)
    if not match:
        return ""
    paragraphs = re.split(r"\n\s*\n", match.group(1).strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def templates() -> dict[str, str]:
    """Every translatable text of the package: msgid -> msgid_plural ("" when none)."""
    from .catalogue import load_rules

    found: dict[str, str] = {text: "" for text in ARGPARSE}
    sources = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "pofile.py")
    for template, plural, _, _ in source_templates(sources):
        found[template] = plural
    for rule in load_rules().values():
        found[rule.summary] = ""
        why = why_it_matters(rule.docs())
        if why:
            found[why] = ""
    return found


def updated(text: str) -> str:
    """The catalogue `text` with an entry for every current template: translations kept, new
    templates untranslated, templates no longer in the code dropped."""
    comments, entries = read_po(text)
    result = {"": entries.get("") or Entry("")}
    for msgid, plural in templates().items():
        entry = entries.get(msgid) or Entry(msgid, plural=plural)
        entry.plural = plural
        result[msgid] = entry
    return write_po(comments, result)
