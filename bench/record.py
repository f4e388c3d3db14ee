"""Bench: build and sign the knee pack's record, against a bare reportlab + pyHanko script.

Run: .venv/bin/python bench/record.py [--repeat 7] [--json]

Ours is the real command, as a clinician's script or the GUI's record dialog runs it:
``decision-aid report build --pack knee-osteoarthritis --session
examples/knee-osteoarthritis.session.json --out ... --sign KEY``: a whole process that
reads the pack and the session, builds the PDF/A-3b summary with its attachments, signs
it (PAdES, the key made by ``decision-aid keys init``), and writes the PDF and its FHIR
copy.

Bare is a script that does the same work with the toolkit alone: it draws the same lines
of text (taken from ours with pdftotext) with the same fonts (DejaVu Sans, regular and
bold, embedded), the same number of icons as shapes, signs the PDF with pyHanko with the
same key, and writes the same FHIR JSON beside it.

Both end the same way: their files written, closed and synced, then ``os._exit`` with no
teardown of the imported modules (the decision-aid command does that after every
command-line command; a script that tore down would pay about 150 ms more). Both run
fresh each time, alternating, in the same run.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    ROOT,
    Figure,
    compile_ahead,
    entry_point,
    interleave,
    parser,
    python,
    report,
    run_process,
)

GOAL = 1.3
PASSPHRASE = "bench passphrase"

BARE = r"""
import json, os, sys
from io import BytesIO
spec = json.load(open(sys.argv[1]))
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
pdfmetrics.registerFont(TTFont("DejaVu", spec["font"]))
pdfmetrics.registerFont(TTFont("DejaVu-Bold", spec["bold"]))
buffer = BytesIO()
page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
y = 800
icons = spec["icons"]
for line in spec["lines"]:
    page.setFont("DejaVu-Bold" if len(line) < 40 else "DejaVu", 9)
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
fhir = json.load(open(spec["fhir"]))
for path, data in ((spec["out"], out.getvalue()),
                   (spec["out"] + ".fhir.json", json.dumps(fhir, indent=2).encode())):
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
# Ends as the decision-aid command does: its files written, closed and synced, no teardown.
sys.stdout.flush()
os._exit(0)
"""


def main() -> int:
    args = parser(__doc__, 7).parse_args()
    compile_ahead()
    exe = entry_point()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        secret = folder / "passphrase.txt"
        secret.write_text(PASSPHRASE + "\n")
        key = folder / "bench.p12"
        keys = [exe, "keys", "init", "--out", str(key), "--name", "Bench"]
        subprocess.run(
            [*keys, "--passphrase-file", str(secret)], check=True, stdout=subprocess.DEVNULL
        )
        session = ROOT / "examples" / "knee-osteoarthritis.session.json"
        count = [0]

        def ours_args() -> list[str]:
            count[0] += 1
            return [
                exe,
                "report",
                "build",
                "--pack",
                "knee-osteoarthritis",
                "--session",
                str(session),
                "--out",
                str(folder / f"ours-{count[0]}.pdf"),
                "--sign",
                str(key),
                "--passphrase-file",
                str(secret),
            ]

        first = ours_args()
        subprocess.run(first, check=True, stdout=subprocess.DEVNULL)
        text = subprocess.run(
            ["pdftotext", "-layout", first[8], "-"], check=True, capture_output=True, text=True
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
        fonts = ROOT / "decision_aid" / "report" / "fonts"
        spec.write_text(
            json.dumps(
                {
                    "lines": lines,
                    "icons": icons,
                    "font": str(fonts / "DejaVuSans.ttf"),
                    "bold": str(fonts / "DejaVuSans-Bold.ttf"),
                    "key": str(key),
                    "passphrase": PASSPHRASE,
                    "fhir": str(Path(first[8]).with_suffix(".fhir.json")),
                    "out": str(folder / "bare.pdf"),
                }
            )
        )
        bare_args = [python(), "-c", BARE, str(spec)]
        run_process(bare_args, probe=False)  # the file cache, for both alike
        runs = interleave(
            {
                "ours": lambda: run_process(ours_args(), probe=False).wall_ms,
                "bare": lambda: run_process(bare_args, probe=False).wall_ms,
            },
            args.repeat,
        )
    figure = Figure(
        "record",
        "the knee pack's record built, signed and written by the decision-aid command",
        "a bare reportlab + pyHanko script drawing the same text and icons, signing with "
        "the same key and writing the same FHIR JSON",
        "ms",
        runs["ours"],
        runs["bare"],
        goal=f"≤ {GOAL}×",
        extra={"text_lines": len(lines), "icons": icons},
    )
    figure.met = figure.as_json()["ratio"] <= GOAL
    return report("record", [figure], args.json)


if __name__ == "__main__":
    sys.exit(main())
