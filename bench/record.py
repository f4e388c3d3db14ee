"""Benchmark: build and sign the knee pack's summary, against bare reportlab + pyHanko.

Run: .venv/bin/python bench/record.py [--runs 7] [--json]

A is the real command, `decision-aid report build --pack knee-osteoarthritis
--session examples/knee-osteoarthritis.session.json --out ... --sign KEY`, as a
whole process (pack loading, PDF/A-3b with attachments, FHIR, signing).
B is a bare script that draws the same elements with reportlab — the same lines
of text (taken from A's output with pdftotext), the same number of icons drawn as
shapes, the DejaVu font embedded — and signs it with pyHanko using the same key.
Both run fresh each time, alternating, in the same run; the ratio is the median of
the pairwise ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "bench passphrase"

BARE = r"""
import json, sys
from io import BytesIO
spec = json.load(open(sys.argv[1]))
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
pdfmetrics.registerFont(TTFont("DejaVu", spec["font"]))
buffer = BytesIO()
page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
y = 800
icons = spec["icons"]
for line in spec["lines"]:
    page.setFont("DejaVu", 9)
    page.drawString(40, y, line)
    y -= 12
    if y < 60:
        page.showPage(); y = 800
while icons > 0:
    batch = min(icons, 1000)
    for i in range(batch):
        x, row = 40 + (i % 50) * 10, y - (i // 50) * 10
        if i % 7 == 0:
            page.circle(x, row, 3, stroke=1, fill=1)
        else:
            page.rect(x - 3, row - 3, 6, 6, stroke=1, fill=0)
    icons -= batch
    page.showPage(); y = 800
page.save()
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
signer = signers.SimpleSigner.load_pkcs12(spec["key"], passphrase=spec["passphrase"].encode())
writer = IncrementalPdfFileWriter(BytesIO(buffer.getvalue()))
out = BytesIO()
meta = signers.PdfSignatureMetadata(field_name="Signature")
signers.sign_pdf(writer, meta, signer=signer, output=out)
open(spec["out"], "wb").write(out.getvalue())
"""


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    exe = str(ROOT / ".venv" / "bin" / "decision-aid")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        secret = folder / "passphrase.txt"
        secret.write_text(PASSPHRASE + "\n")
        key = folder / "bench.p12"
        subprocess.run(
            [
                exe,
                "keys",
                "init",
                "--out",
                str(key),
                "--name",
                "Bench",
                "--passphrase-file",
                str(secret),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        session = ROOT / "examples" / "knee-osteoarthritis.session.json"

        def ours(n: int) -> list[str]:
            return [
                exe,
                "report",
                "build",
                "--pack",
                "knee-osteoarthritis",
                "--session",
                str(session),
                "--out",
                str(folder / f"ours-{n}.pdf"),
                "--sign",
                str(key),
                "--passphrase-file",
                str(secret),
            ]

        subprocess.run(ours(0), check=True, stdout=subprocess.DEVNULL)
        text = subprocess.run(
            ["pdftotext", "-layout", str(folder / "ours-0.pdf"), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        from decision_aid.content.loader import load_pack
        from decision_aid.session.model import SessionRecord

        loaded = load_pack(ROOT / "option_grids" / "knee-osteoarthritis")
        record = SessionRecord.model_validate_json(session.read_text())
        shown = {
            s.item.removeprefix("outcome:") for s in record.shown if s.item.startswith("outcome:")
        }
        group = loaded.content.baseline_group(record.risk_group)
        drawn = [o.stratum(group) for o in loaded.content.outcomes if o.id in shown]
        icons = sum(o.denominator * len(o.counted()) for o in drawn if o is not None)
        spec = folder / "spec.json"
        font = ROOT / "decision_aid" / "report" / "fonts" / "DejaVuSans.ttf"
        spec.write_text(
            json.dumps(
                {
                    "lines": lines,
                    "icons": icons,
                    "font": str(font),
                    "key": str(key),
                    "passphrase": PASSPHRASE,
                    "out": str(folder / "bare.pdf"),
                }
            )
        )
        bare = [sys.executable, "-c", BARE, str(spec)]
        timed(bare)
        ours_t, bare_t = [], []
        for n in range(1, args.runs + 1):
            ours_t.append(timed(ours(n)))
            bare_t.append(timed(bare))
    report = {
        "text_lines": len(lines),
        "icons": icons,
        "build_and_sign_ms": round(statistics.median(ours_t) * 1000, 1),
        "bare_reportlab_pyhanko_ms": round(statistics.median(bare_t) * 1000, 1),
        "ratio": round(statistics.median(a / b for a, b in zip(ours_t, bare_t, strict=True)), 2),
        "goal_ratio": 1.5,
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for key_name, value in report.items():
            print(f"{key_name:28} {value}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(main())
