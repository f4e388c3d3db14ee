"""The result sentences shared by the summary screen and the record."""

from __future__ import annotations

from decision_aid.content.loader import load_pack
from decision_aid.session.state import Session
from decision_aid.session.summary_text import knowledge_text, sure_text
from tests.conftest import MINIMAL


def make() -> Session:
    loaded = load_pack(MINIMAL)
    return Session(loaded.pack, content_hash=loaded.content_hash)


def test_knowledge_text() -> None:
    session = make()
    content = session.pack.content
    assert knowledge_text(content, session.record) == "0 of 1 answered correctly (0 answered)"
    session.answer_knowledge("k1", "b")
    assert knowledge_text(content, session.record) == "1 of 1 answered correctly"


def test_sure_text() -> None:
    session = make()
    assert sure_text(session.record) == "Not completed"
    for item in ("sure", "understand", "risk_benefit", "encouragement"):
        session.answer_sure(item, True)  # type: ignore[arg-type]
    assert sure_text(session.record) == "4 of 4: no decisional conflict"
    session.answer_sure("sure", False)
    assert sure_text(session.record).startswith("3 of 4: decisional conflict.")
