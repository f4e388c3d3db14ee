"""Every list and text of a session record is bounded, in the model and in its JSON Schema,
and the session refuses to grow past a bound with a plain message."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from decision_aid.content.loader import load_pack
from decision_aid.session.model import (
    LONG_TEXT,
    MAX_OWN_CONCERNS,
    MAX_PACK_REFERENCES,
    MAX_QUESTIONS,
    MAX_SHOWN,
    MAX_SUPPORTERS,
    SHORT_TEXT,
    Supporter,
    session_json_schema,
)
from decision_aid.session.reading import SessionReadError, parse_session
from decision_aid.session.state import Session, SessionError
from tests.conftest import MINIMAL, ROOT

EXAMPLE = ROOT / "examples" / "knee-osteoarthritis.session.json"
T0 = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text())
    return data


def refused(data: dict[str, Any]) -> str:
    with pytest.raises(SessionReadError) as caught:
        parse_session(json.dumps(data).encode())
    return str(caught.value)


def session() -> Session:
    loaded = load_pack(MINIMAL)
    return Session(loaded.pack, content_hash=loaded.content_hash, clock=lambda: T0)


def test_the_json_schema_states_the_limits() -> None:
    schema = session_json_schema()
    top, defs = schema["properties"], schema["$defs"]
    assert top["id"]["pattern"] == "^[A-Za-z0-9][A-Za-z0-9-]{0,63}$"
    assert top["own_concerns"]["maxItems"] == MAX_OWN_CONCERNS
    assert top["shown"]["maxItems"] == MAX_SHOWN
    for name in ("ratings", "knowledge", "hidden_options", "hidden_rows"):
        assert top[name]["maxItems"] == MAX_PACK_REFERENCES
    assert top["risk_views"]["maxProperties"] == MAX_PACK_REFERENCES
    group = top["risk_group"]
    assert "baseline group" in group["description"] and "personal risk" in group["description"]
    assert {"type": "null"} in group["anyOf"]
    plan = defs["Plan"]["properties"]
    assert plan["questions"]["maxItems"] == MAX_QUESTIONS
    assert plan["questions"]["items"]["maxLength"] == SHORT_TEXT
    assert plan["supporters"]["maxItems"] == MAX_SUPPORTERS
    assert plan["next_steps"]["maxLength"] == LONG_TEXT
    assert defs["Supporter"]["properties"]["note"]["maxLength"] == LONG_TEXT
    assert defs["OwnConcern"]["properties"]["text"]["maxLength"] == SHORT_TEXT
    assert defs["Shown"]["properties"]["item"]["maxLength"] == 200
    pack = defs["PackRef"]["properties"]
    assert pack["content_hash"]["pattern"] == "^sha256:[0-9a-f]{64}$"
    assert "pattern" in pack["version"] and "pattern" in pack["language"]


@pytest.mark.parametrize(
    "bad_id",
    ["x" * 1_000_000, "x" * 65, "abc; pack=EVIL; version=6.6.6", "a b", "-leading", "a_b", ""],
)
def test_a_session_id_outside_its_pattern_is_refused(bad_id: str) -> None:
    data = example()
    data["id"] = bad_id
    message = refused(data)
    assert message.startswith("id: ") and "expected letters, digits and hyphens" in message
    assert len(message) < 300 and "^" not in message


@pytest.mark.parametrize(
    ("count", "words"),
    [
        (100_000, "a session record is at most"),  # by its size, before it is parsed
        (1_000, f"own_concerns: List should have at most {MAX_OWN_CONCERNS} items"),
    ],
)
def test_thousands_of_own_concerns_are_refused(count: int, words: str) -> None:
    data = example()
    data["own_concerns"] = [{"id": f"own-{n}", "text": "x", "importance": 2} for n in range(count)]
    assert words in refused(data)


@pytest.mark.parametrize(
    ("where", "value", "words"),
    [
        (("plan", "questions"), ["q"] * (MAX_QUESTIONS + 1), "plan.questions: List should have"),
        (("plan", "questions"), ["x" * (SHORT_TEXT + 1)], "plan.questions[0]: String should"),
        (("plan", "next_steps"), "x" * (LONG_TEXT + 1), "plan.next_steps: String should"),
        (
            ("plan", "supporters"),
            [{"name": "A", "relationship": "friend"}] * (MAX_SUPPORTERS + 1),
            "plan.supporters: List should have",
        ),
        (
            ("pack", "version"),
            "1.0.0; pack=EVIL",
            "pack.version: '1.0.0; pack=EVIL' does not have the expected form; expected a version",
        ),
        (
            ("pack", "content_hash"),
            "sha256:xyz",
            "pack.content_hash: 'sha256:xyz' does not have the expected form; expected 'sha256:'",
        ),
    ],
)
def test_each_bound_is_enforced_when_reading(
    where: tuple[str, str], value: object, words: str
) -> None:
    data = example()
    data[where[0]][where[1]] = value
    assert words in refused(data)


def test_the_session_refuses_to_grow_past_a_bound_and_changes_nothing() -> None:
    s = session()
    for n in range(MAX_OWN_CONCERNS):
        s.add_own_concern(f"concern {n}")
    before = s.record.model_dump_json()
    with pytest.raises(SessionError, match=f"At most {MAX_OWN_CONCERNS} concerns"):
        s.add_own_concern("one more")
    with pytest.raises(SessionError, match=f"At most {MAX_QUESTIONS} questions"):
        s.set_questions([f"q{n}" for n in range(MAX_QUESTIONS + 1)])
    with pytest.raises(SessionError, match=f"At most {MAX_SUPPORTERS} people"):
        s.set_supporters([Supporter(name="A", relationship="friend")] * (MAX_SUPPORTERS + 1))
    assert s.record.model_dump_json() == before


def test_the_log_of_what_was_shown_stops_at_its_bound() -> None:
    s = session()
    for n in range(MAX_SHOWN + 10):
        s.mark_shown("grid", f"row:{n}")
    assert len(s.record.shown) == MAX_SHOWN
    assert s.record.shown[-1].item == f"row:{MAX_SHOWN - 1}"
