"""Refresh translations/messages.pot from the code and merge it into every catalog.

Run: .venv/bin/python scripts/update_catalogs.py
New messages appear untranslated in each .po (and a test fails until they are
translated); messages no longer used are kept as obsolete entries.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import extract_messages  # noqa: E402


def main() -> int:
    extract_messages.main()
    with (ROOT / "translations" / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    for po_path in sorted((ROOT / "translations").glob("*/LC_MESSAGES/*.po")):
        locale = po_path.parent.parent.name
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        catalog.update(template, no_fuzzy_matching=True)
        with po_path.open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False)
        print(f"updated {po_path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
