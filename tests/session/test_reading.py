"""Session JSON is read strictly: plain UTF-8 JSON, no key twice, decimal numbers only,
bounded, and every error names the field and what is expected."""

from __future__ import annotations

import json
from typing import Any

import pytest

from decision_aid.session.model import MAX_SESSION_BYTES, SessionRecord
from decision_aid.session.reading import SessionReadError, parse_session
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "knee-osteoarthritis.session.json"


def example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text())
    return data


def refused(data: bytes | str) -> str:
    raw = data.encode() if isinstance(data, str) else data
    with pytest.raises(SessionReadError) as caught:
        parse_session(raw)
    return str(caught.value)


def test_the_example_reads_as_the_model_does() -> None:
    data = EXAMPLE.read_bytes()
    assert parse_session(data) == SessionRecord.model_validate_json(data)


def test_a_byte_order_mark_is_accepted() -> None:
    assert parse_session(b"\xef\xbb\xbf" + EXAMPLE.read_bytes()).id == example()["id"]


def test_text_that_is_not_utf8_is_refused_with_the_place() -> None:
    data = EXAMPLE.read_bytes().replace(b'"id": "example', b'"id": "\xe9xample', 1)
    message = refused(data)
    assert "not UTF-8 text" in message and "save it as UTF-8" in message
    offset = data.index(b"\xe9") + 1
    assert f"byte {offset}" in message


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{"id": "a", "id": "b"}', "(top level): the key 'id'"),
        (
            EXAMPLE.read_text().replace('"importance": 4', '"importance": 4, "importance": 0', 1),
            "ratings[0]: the key 'importance' appears twice",
        ),
        (
            EXAMPLE.read_text().replace('"leaning": ', '"leaning": "unsure", "leaning": ', 1),
            "plan: the key 'leaning' appears twice",
        ),
    ],
)
def test_a_key_twice_in_one_object_is_refused(text: str, where: str) -> None:
    message = refused(text)
    assert where in message
    assert "keep one" in message


@pytest.mark.parametrize(
    ("importance", "words"),
    [
        ("0x2", "not valid JSON"),  # hex is not JSON
        ("0o2", "not valid JSON"),
        ("02", "not valid JSON"),
        ('"0x2"', "ratings[0].importance: Input should be a valid integer"),
        ('"0o24"', "ratings[0].importance: Input should be a valid integer"),
        ('"2"', "ratings[0].importance: Input should be a valid integer"),
        ("2.0", "ratings[0].importance: Input should be a valid integer"),
        ("NaN", "NaN is not a number a session can hold"),
        ("Infinity", "Infinity is not a number a session can hold"),
        ("1" + "0" * 5000, "a number of 5001 digits is too long"),
    ],
)
def test_a_count_in_any_other_form_than_a_decimal_number_is_refused(
    importance: str, words: str
) -> None:
    text = EXAMPLE.read_text().replace('"importance": 4', f'"importance": {importance}', 1)
    assert words in refused(text)


@pytest.mark.parametrize("when", ["1700000000", '"1700000000"', '"2026-11-25"', "0"])
def test_a_time_as_a_number_of_seconds_is_refused(when: str) -> None:
    text = EXAMPLE.read_text().replace('"2026-11-25T10:00:00Z"', when, 1)
    message = refused(text)
    assert message.startswith("started: ")


def test_a_follow_up_date_as_a_number_is_refused() -> None:
    data = example()
    data["plan"]["follow_up"] = 0
    assert "plan.follow_up: Value error, expected a date as in 2026-12-09" in refused(
        json.dumps(data)
    )


def test_schema_errors_name_each_field_and_are_capped() -> None:
    data = example()
    data["plan"]["questions"] = ["", 7, "ok"]
    data["id"] = "has; semicolons=yes"
    data["ratings"] = [{"concern_id": "X"} for _ in range(20)]
    message = refused(json.dumps(data))
    lines = message.splitlines()
    assert lines[0].startswith(
        "id: 'has; semicolons=yes' does not have the expected form; "
        "expected letters, digits and hyphens"
    )
    assert "^" not in message
    assert len(lines) == 6 and lines[-1].startswith("… and ")


def test_deep_nesting_and_oversize_are_refused_before_validation() -> None:
    assert "nested too deeply" in refused("[" * 100_000 + "]" * 100_000)
    assert "nested too deeply" in refused('{"a": ' * 50 + "1" + "}" * 50)
    assert f"a session record is at most {MAX_SESSION_BYTES}" in refused(
        b" " * (MAX_SESSION_BYTES + 1)
    )
