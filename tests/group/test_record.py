"""The group's record: what it holds and leaves out, in PDF/A-1b (PDFBox Preflight)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from decision_aid.content.loader import LoadedPack
from decision_aid.group.counts import GroupCounts
from decision_aid.group.page import pack_in
from decision_aid.group.record import build_group_record, group_record
from tests.group.conftest import counts_for
from tests.report.common import pages_text
from tests.report.conftest import preflight as preflight  # noqa: PLC0414 - the fixture
from tests.report.signing import assert_pdfa1b

WHEN = datetime(2026, 12, 5, 10, 30, tzinfo=UTC)


def _session(knee: LoadedPack) -> GroupCounts:
    counts = counts_for(knee, threshold=5)
    first, last = counts.concern_ids[0], counts.concern_ids[-1]
    for n in range(5):
        counts.send(counts.issue_ballot(), {first: n}, "unsure")
    counts.send(counts.issue_ballot(), {last: 2}, None)
    counts.add_hands_people(2)
    counts.ask("How long before I can drive again?")
    hidden = counts.ask("Ask Dr Jones about my knee")
    counts.hide_question(hidden.number)
    return counts


def _text(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / "group.pdf"
    path.write_bytes(data)
    return " ".join(" ".join(pages_text(path)).split())


def test_record_holds_counts_and_visible_questions_only(tmp_path: Path, knee: LoadedPack) -> None:
    counts = _session(knee)
    pack = pack_in(knee, "en")
    text = _text(tmp_path, build_group_record(group_record(counts, pack, WHEN, "en")))
    assert pack.meta.title in text
    assert "5 Dec 2026" in text
    assert "8 people took part: 6 by phone, 2 by show of hands." in text
    first = " ".join(text.split(pack.content.values[0].concern)[1].split()[:5])
    assert first == "1 1 1 1 1"
    assert "Not shown: 1 answered, fewer than 5." in text
    assert "How long before I can drive again?" in text
    assert "Dr Jones" not in text  # hidden by the facilitator
    assert "Leanings" not in text  # never revealed


def test_record_shows_leanings_only_when_revealed(tmp_path: Path, knee: LoadedPack) -> None:
    counts = _session(knee)
    counts.reveal_leanings()
    text = _text(
        tmp_path, build_group_record(group_record(counts, pack_in(knee, "en"), WHEN, "en"))
    )
    assert "Leanings, as shown to the group" in text
    assert "Not sure yet" in text


def test_record_is_pdfa_1b_in_arabic(
    tmp_path: Path, knee: LoadedPack, preflight: list[str]
) -> None:
    counts = _session(knee)
    data = build_group_record(group_record(counts, pack_in(knee, "ar"), WHEN, "ar"))
    path = tmp_path / "group-ar.pdf"
    path.write_bytes(data)
    assert_pdfa1b(preflight, path)
    assert b"pdfaid:part" in data
    assert data == build_group_record(group_record(counts, pack_in(knee, "ar"), WHEN, "ar"))
