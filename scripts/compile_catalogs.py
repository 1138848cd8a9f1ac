"""Compile the gettext catalogues: herokulint/locale/*/LC_MESSAGES/herokulint.po -> .mo.

Pure Python (herokulint.pofile), so neither msgfmt nor Babel is needed; the .mo is committed
and shipped in the wheel, and a test checks it matches the .po. Run after editing a .po:

    python scripts/compile_catalogs.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from herokulint.pofile import PACKAGE, compile_mo, read_po


def main() -> int:
    for po in sorted((PACKAGE / "locale").glob("*/LC_MESSAGES/*.po")):
        _, entries = read_po(po.read_text(encoding="utf-8"))
        mo = po.with_suffix(".mo")
        mo.write_bytes(compile_mo(entries))
        done = sum(1 for msgid, entry in entries.items() if msgid and entry.translated)
        print(f"{mo.relative_to(PACKAGE.parent)}: {done} of {len(entries) - 1} translated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
