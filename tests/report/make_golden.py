"""Rewrite the golden per-page text of each example record.

Run after an intended change to the summary's content or layout, then read the diff:

    .venv/bin/python -m tests.report.make_golden
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.report.common import GOLDEN, PACK_IDS, build, golden_text, pages_text


def main() -> None:
    GOLDEN.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for pack_id in PACK_IDS:
            pdf = Path(tmp) / f"{pack_id}.pdf"
            pdf.write_bytes(build(pack_id))
            target = GOLDEN / f"{pack_id}.txt"
            target.write_text(golden_text(pages_text(pdf)))
            print(f"wrote {target}")


if __name__ == "__main__":
    main()
