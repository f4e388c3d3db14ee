"""Building the example records and reading them back with independent tools.

Shared by the tests and by ``make_golden.py`` (which rewrites the golden text).
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from decision_aid.content.loader import LoadedPack, load_pack
from decision_aid.report.summary import Attachment, ReportOptions, build_summary
from decision_aid.session.model import SessionRecord

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"
PACK_IDS = sorted(p.name.removesuffix(".session.json") for p in EXAMPLES.glob("*.session.json"))
CREATED = datetime(2026, 11, 25, 10, 20, tzinfo=UTC)
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


def golden_text(pages: list[str]) -> str:
    return "".join(PAGE_MARK.format(n=n) + "\n" + page + "\n" for n, page in enumerate(pages, 1))
