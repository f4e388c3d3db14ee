"""Compile translations/<lang>/LC_MESSAGES/*.po into decision_aid/locale with Babel.

The build of a wheel (``setup.py``) runs :func:`compile_catalogs` as well, into the
wheel's copy of the package, so an installed application has every language.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


def compile_catalogs(source: Path, target: Path) -> list[Path]:
    """Write ``target/<lang>/LC_MESSAGES/<domain>.mo`` for every ``.po`` under ``source``;
    return the files written. Each is written whole (a temporary file, then a rename)."""
    written: list[Path] = []
    for po_path in sorted(source.glob("*/LC_MESSAGES/*.po")):
        locale = po_path.parent.parent.name
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        mo_path = target / locale / "LC_MESSAGES" / (po_path.stem + ".mo")
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = mo_path.with_suffix(".mo.tmp")
        with tmp.open("wb") as handle:
            write_mo(handle, catalog)
        tmp.replace(mo_path)
        written.append(mo_path)
    return written


def main() -> int:
    compile_catalogs(ROOT / "translations", ROOT / "decision_aid" / "locale")
    return 0


if __name__ == "__main__":
    sys.exit(main())
