"""Extract every translatable string of the code into translations/messages.pot.

Run after changing user-facing text: .venv/bin/python scripts/extract_messages.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from decision_aid import __version__

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def build_catalog() -> Catalog:
    """A catalog of every message in decision_aid/, with source locations."""
    catalog = Catalog(
        project="decision-aid",
        version=__version__,
        copyright_holder="decision-aid developers",
        msgid_bugs_address="",
        charset="utf-8",
    )
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT / "decision_aid", method_map=method_map, keywords=KEYWORDS
    ):
        catalog.add(
            message,
            None,
            [(f"decision_aid/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return catalog


def main() -> int:
    target = ROOT / "translations" / "messages.pot"
    with target.open("wb") as handle:
        write_po(handle, build_catalog(), omit_header=False, sort_output=True, width=100)
    print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
