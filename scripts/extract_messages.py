"""Update the Spanish catalogue with every translatable text of the package (as xgettext
would): msg()/tr()/ntr() templates, rule titles, each rule's "Why it matters" section and the
argparse messages users see. Translations are kept, new texts added untranslated, texts no
longer in the code dropped; entries are sorted, so the output is deterministic.

    python scripts/extract_messages.py && python scripts/compile_catalogs.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from herokulint.pofile import PO_FILE, read_po, updated


def main() -> int:
    text = PO_FILE.read_text(encoding="utf-8") if PO_FILE.exists() else ""
    new = updated(text)
    PO_FILE.parent.mkdir(parents=True, exist_ok=True)
    PO_FILE.write_text(new, encoding="utf-8")
    _, entries = read_po(new)
    missing = [msgid for msgid, entry in entries.items() if msgid and not entry.translated]
    print(f"{PO_FILE.name}: {len(entries) - 1} entries, {len(missing)} untranslated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
