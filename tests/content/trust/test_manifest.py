"""The manifest is read only in its one canonical form; signature lines by a fixed pattern."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from decision_aid.content.trust.manifest import (
    FileEntry,
    Manifest,
    ManifestError,
    Signature,
    parse_manifest,
    parse_signatures,
    signatures_bytes,
)

MANIFEST = Manifest(
    pack="knee-osteoarthritis",
    version="1.1.0",
    files={"pack.yaml": FileEntry("ab" * 32, 10), "translations/cy.yaml": FileEntry("cd" * 32, 5)},
    signed_at=datetime(2026, 12, 4, 9, 0, tzinfo=UTC),
    expires=date(2027, 12, 4),
    key_id="ef" * 32,
)


def test_the_manifest_round_trips_in_canonical_form() -> None:
    raw = MANIFEST.to_bytes()
    assert parse_manifest(raw) == MANIFEST
    data = json.loads(raw)
    assert data["pack"] == "knee-osteoarthritis" and data["expires"] == "2027-12-04"
    assert data["signed_at"] == "2026-12-04T09:00:00Z" and data["key_id"] == "ef" * 32
    assert data["files"]["pack.yaml"] == {"sha256": "ab" * 32, "size": 10}


def test_any_other_spelling_of_the_same_data_is_refused() -> None:
    data = json.loads(MANIFEST.to_bytes())
    for raw in (
        json.dumps(data, indent=1).encode(),
        MANIFEST.to_bytes().rstrip(b"\n"),
        MANIFEST.to_bytes().replace(b'"format":1', b'"format":1,"format":1'),
    ):
        with pytest.raises(ManifestError):
            parse_manifest(raw)


@pytest.mark.parametrize(
    "name", ["../outside.yaml", "/etc/passwd", "a//b.yaml", "./pack.yaml", "signature/x"]
)
def test_a_file_outside_the_pack_is_refused(name: str) -> None:
    files = {name: FileEntry("ab" * 32, 1)}
    raw = Manifest(**{**MANIFEST.__dict__, "files": files}).to_bytes()
    with pytest.raises(ManifestError, match="outside the pack"):
        parse_manifest(raw)


def test_signature_lines_are_checked_by_pattern() -> None:
    good = [Signature("01" * 32, bytes(64)), Signature("02" * 32, bytes(range(64)))]
    assert parse_signatures(signatures_bytes(good)) == good
    for raw in (
        b"",
        b"rsa " + b"01" * 32 + b" " + b"A" * 86 + b"==\n",
        signatures_bytes(good[:1]) * 2,  # the same key twice
        signatures_bytes(good).replace(b"\n", b"\r\n"),
    ):
        with pytest.raises(ManifestError):
            parse_signatures(raw)
