"""Building the example records and reading them back with independent tools.

Shared by the tests and by ``make_golden.py`` (which rewrites the golden text).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from decision_aid.content.loader import LoadedPack, load_pack
from decision_aid.content.model import Pack
from decision_aid.report.summary import Attachment, ReportOptions, build_summary
from decision_aid.session.model import PackRef, SessionRecord, Shown

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"
PACK_IDS = sorted(p.name.removesuffix(".session.json") for p in EXAMPLES.glob("*.session.json"))
CREATED = datetime(2026, 11, 25, 10, 20, tzinfo=UTC)
CLINIC_ZONE = ZoneInfo("Europe/London")
ORGANISATION = "Riverside Health Centre"
PAGE_MARK = "===== page {n} ====="
INSTALL_HINT = "run ./check.sh as root once: it installs {what}"
JAVA_CLASSPATH = ":".join(
    f"/usr/share/java/{jar}.jar"
    for jar in (
        "preflight",
        "pdfbox2",
        "fontbox2",
        "xmpbox",
        "commons-logging",
        "jaxb-api",
        "javax.activation",
    )
)


def example(pack_id: str) -> tuple[LoadedPack, SessionRecord]:
    """The shipped pack and its example session."""
    loaded = load_pack(ROOT / "option_grids" / pack_id)
    path = EXAMPLES / f"{pack_id}.session.json"
    return loaded, SessionRecord.model_validate_json(path.read_text())


def session_attachment(record: SessionRecord) -> Attachment:
    return Attachment(
        name="session.json",
        data=record.model_dump_json(indent=2).encode(),
        mime="application/json",
        relationship="Data",
        description="The session record",
    )


def options(**changes: object) -> ReportOptions:
    """The options the golden files are made with, changed as given."""
    base: dict[str, object] = {
        "created": CREATED,
        "organisation": ORGANISATION,
        "locale": "en_GB",
        "time_zone": CLINIC_ZONE,
        "app_version": "0.1.0",
    }
    base.update(changes)
    return ReportOptions(**base)  # type: ignore[arg-type]


def build(pack_id: str, **changes: object) -> bytes:
    loaded, record = example(pack_id)
    return build_summary(loaded, record, options(**changes))


def tool(name: str, package: str) -> str:
    """The path of a command-line tool; a failure that says how to install it."""
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name} is missing: " + INSTALL_HINT.format(what=package))
    return found


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False, timeout=120)


def pages_text(pdf: Path) -> list[str]:
    """``pdftotext -layout`` per page, with trailing spaces removed from every line."""
    result = run(tool("pdftotext", "poppler-utils"), "-layout", str(pdf), "-")
    assert result.returncode == 0, result.stderr
    pages = result.stdout.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return ["\n".join(line.rstrip() for line in page.splitlines()).strip("\n") for page in pages]


def words_on_page(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """Every word drawn on a page (1 is the first), as (left, top, text), from -bbox."""
    result = run(
        tool("pdftotext", "poppler-utils"), "-bbox", "-f", str(page), "-l", str(page),
        str(pdf), "-",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>'
    return [
        (float(x), float(y), html.unescape(w)) for x, y, w in re.findall(pattern, result.stdout)
    ]


def golden_text(pages: list[str]) -> str:
    return "".join(PAGE_MARK.format(n=n) + "\n" + page + "\n" for n, page in enumerate(pages, 1))


# -- a generated pack with five options ------------------------------------------------------

FIVE_OPTIONS = {
    "mastectomy": "Mastectomy",
    "lumpectomy": "Lumpectomy with radiotherapy",
    "reconstruction": "Mastectomy with reconstruction",
    "endocrine": "Endocrine therapy",
    "monitoring": "Llawdriniaethau",  # a long single word, as Welsh has
}
"""Five options, with long single words, for the fit of column headings."""


def _spread(value: Any, old: list[str], new: dict[str, str], plain: str) -> Any:
    """``value`` (JSON) with every dict keyed by the old option ids keyed by the new ones:
    the treatment's entry for each treatment, the no-treatment entry for the last."""
    if isinstance(value, list):
        return [_spread(v, old, new, plain) for v in value]
    if not isinstance(value, dict):
        return value
    if set(value) == set(old):
        treatment = next(k for k in old if k != plain)
        ids = list(new)
        return {
            i: _spread(value[plain if i == ids[-1] else treatment], old, new, plain) for i in ids
        }
    return {k: _spread(v, old, new, plain) for k, v in value.items()}


def five_option_pack() -> tuple[LoadedPack, SessionRecord]:
    """The minimal test pack grown to five options, and a session that looked at every
    row and outcome with all five."""
    minimal = load_pack(ROOT / "tests" / "fixtures" / "packs" / "minimal")
    data = json.loads(minimal.pack.model_dump_json())
    options = data["content"]["options"]
    plain = next(o["id"] for o in options if o.get("is_no_treatment"))
    old = [o["id"] for o in options]
    treatment = next(o for o in options if o["id"] != plain)
    grown = []
    for number, (option_id, name) in enumerate(FIVE_OPTIONS.items()):
        template = next(o for o in options if o["id"] == plain) if number == 4 else treatment
        grown.append({**template, "id": option_id, "name": name})
    data = _spread(data, old, FIVE_OPTIONS, plain)
    data["content"]["options"] = grown
    pack = Pack.model_validate_json(json.dumps(data))
    loaded = LoadedPack(minimal.source, pack, {}, "sha256:" + "5" * 64)
    content = pack.content
    shown = [Shown(at=CREATED, step="grid", item=f"row:{q.id}") for q in content.questions] + [
        Shown(at=CREATED, step="risks", item=f"outcome:{o.id}") for o in content.outcomes
    ]
    record = SessionRecord(
        id="five-options",
        pack=PackRef(id=pack.meta.id, version=pack.meta.version, content_hash="sha256:" + "5" * 64),
        started=CREATED,
        updated=CREATED,
        shown=shown,
    )
    return loaded, record
