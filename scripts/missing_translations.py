"""List or fill the UI messages a catalog has not translated yet.

    .venv/bin/python scripts/missing_translations.py            # what is missing, as JSON
    .venv/bin/python scripts/missing_translations.py FILE.json  # fill them from FILE.json

FILE.json has the shape the first form prints: ``{"cy": {"message id": "cyfieithiad"}}``; a
plural message takes a list of forms, as many as the language has (see the catalog's header).
Run scripts/update_catalogs.py first, so that every catalog holds every message.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent


def _catalogs() -> dict[str, Path]:
    return {
        po.parent.parent.name: po
        for po in sorted((ROOT / "translations").glob("*/LC_MESSAGES/decision_aid.po"))
    }


def _missing(message: object) -> bool:
    string = getattr(message, "string", None)
    forms = string if isinstance(string, tuple) else (string,)
    return bool(getattr(message, "id", None)) and (
        bool(getattr(message, "fuzzy", False)) or not all(forms)
    )


def main(argv: list[str]) -> int:
    fill: dict[str, dict[str, str | list[str]]] = {}
    if argv:
        fill = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    report: dict[str, dict[str, str | list[str]]] = {}
    for code, path in _catalogs().items():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=code)
        wanted = fill.get(code, {})
        changed = False
        for message in catalog:
            if not _missing(message):
                continue
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            if key in wanted:
                value = wanted[key]
                message.string = tuple(value) if isinstance(value, list) else value
                message.flags.discard("fuzzy")
                changed = True
            else:
                report.setdefault(code, {})[key] = (
                    list(message.id) if isinstance(message.id, tuple) else ""
                )
        if changed:
            with path.open("wb") as handle:
                write_po(handle, catalog, width=100, omit_header=False)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
