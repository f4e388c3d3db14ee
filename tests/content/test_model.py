"""The format's JSON Schema carries the author documentation."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from decision_aid.content.model import PackMeta, Reference, Review, pack_json_schema


def test_schema_has_field_docs() -> None:
    schema = pack_json_schema()
    meta = schema["$defs"]["pack.yaml"]
    assert meta["additionalProperties"] is False
    assert "Semantic version" in meta["properties"]["version"]["description"]
    content = schema["$defs"]["content.yaml"]
    assert "options" in content["required"]


def test_reviewed_needs_reviewer_and_date() -> None:
    with pytest.raises(ValidationError, match="names its reviewer"):
        Review(status="reviewed")
    review = Review.model_validate({"status": "reviewed", "reviewer": "Dr A", "date": "2026-01-01"})
    assert review.reviewer == "Dr A"


def test_reference_must_be_findable() -> None:
    with pytest.raises(ValidationError, match="doi, pmid or url"):
        Reference(id="x", citation="Someone. 2020.")


def test_dates_must_be_iso_text_not_numbers() -> None:
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        Review.model_validate({"status": "reviewed", "reviewer": "Dr A", "date": 20260101})
    with pytest.raises(ValidationError, match="not a real calendar date"):
        Review.model_validate({"status": "reviewed", "reviewer": "Dr A", "date": "2026-02-30"})


def test_dates_in_order() -> None:
    base = {
        "format_version": 1,
        "id": "x",
        "version": "1.0.0",
        "title": "t",
        "decision": "d",
        "condition": "c",
        "population": "p",
        "kind": "treatment",
        "source_language": "en",
        "authors": [{"name": "a", "role": "r", "credentials": "c", "competing_interests": "n"}],
        "funding": "f",
        "published": "2026-01-01",
        "evidence_searched": "2026-02-01",
        "review_due": "2027-01-01",
        "expires": "2028-01-01",
        "update_policy": "u",
        "evidence_document": "e.md",
        "licence": "CC-BY-4.0",
        "review": {"status": "example"},
    }
    with pytest.raises(ValidationError, match="the search comes first"):
        PackMeta.model_validate(base)
