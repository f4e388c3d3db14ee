"""Signing writes a manifest and a signature into a pack folder or archive, atomically,
and keeps what the pack is: its files and its content hash."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from decision_aid.content.loader import load_pack
from decision_aid.content.trust.manifest import MANIFEST_FILE, SIGNATURES_FILE, parse_manifest
from decision_aid.content.trust.sign import SignError, sign_pack
from decision_aid.content.trust.verify import check_path
from tests.content.trust.support import (
    KINDS,
    NOW,
    PACK,
    TODAY,
    Keys,
    entries_of,
    signed_pack,
    unsigned_copy,
    zip_of,
)


@pytest.mark.parametrize("kind", KINDS)
def test_the_manifest_lists_every_file_and_what_the_issue_asks(tmp_path: Path, kind: str) -> None:
    keys = Keys()
    path = signed_pack(tmp_path, keys.first, kind)
    files = entries_of(path)
    manifest = parse_manifest(files[MANIFEST_FILE])
    assert manifest.pack == PACK and manifest.version == "1.1.0"
    assert manifest.signed_at == NOW and manifest.key_id == keys.first.id
    assert manifest.expires == date(2027, 12, 4)  # a year, never after the pack's own expiry
    listed = {rel for rel in files if not rel.startswith("signature/")}
    assert set(manifest.files) == listed
    assert manifest.files["content.yaml"].size == len(files["content.yaml"])
    checked = check_path(path, keys.policy())
    assert checked.trust.status == "publisher" and checked.trust.files == len(listed)


def test_an_archive_keeps_its_top_folder_and_files(tmp_path: Path) -> None:
    keys = Keys()
    folder = unsigned_copy(tmp_path / "work")
    before = entries_of(folder)
    archive = zip_of(folder, tmp_path / f"{PACK}.zip")
    sign_pack(archive, keys.first)
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
    assert all(name.startswith(f"{PACK}/") for name in names)
    after = entries_of(archive)
    assert {k: v for k, v in after.items() if not k.startswith("signature/")} == before
    assert {MANIFEST_FILE, SIGNATURES_FILE} <= set(after)


@pytest.mark.parametrize("kind", KINDS)
def test_signing_keeps_the_content_hash(tmp_path: Path, kind: str) -> None:
    folder = unsigned_copy(tmp_path / "plain")
    before = load_pack(folder).content_hash
    path = signed_pack(tmp_path / "signed", Keys().first, kind)
    assert load_pack(path).content_hash == before


def test_an_invalid_pack_is_not_signed(tmp_path: Path) -> None:
    folder = unsigned_copy(tmp_path)
    (folder / "pack.yaml").write_text((folder / "pack.yaml").read_text().replace("funding:", "x:"))
    with pytest.raises(SignError, match="not valid, so it is not signed"):
        sign_pack(folder, Keys().first)
    assert not (folder / "signature").exists()


def test_the_expiry_is_checked(tmp_path: Path) -> None:
    folder = unsigned_copy(tmp_path)
    key = Keys().first
    with pytest.raises(SignError, match="not in the future"):
        sign_pack(folder, key, expires=TODAY, now=NOW)
    with pytest.raises(SignError, match="expires on 2028-12-04; its signature cannot outlive"):
        sign_pack(folder, key, expires=date(2029, 1, 1), now=NOW)
    assert not (folder / "signature").exists()
    sign_pack(folder, key, expires=date(2027, 3, 1), now=NOW)
    assert parse_manifest((folder / MANIFEST_FILE).read_bytes()).expires == date(2027, 3, 1)


def test_a_changed_pack_gets_a_new_manifest_and_loses_the_old_signatures(tmp_path: Path) -> None:
    keys = Keys()
    path = signed_pack(tmp_path, keys.first, "folder")
    assert sign_pack(path, keys.second, now=NOW).kept == 1  # co-signed: same manifest
    with (path / "evidence.md").open("a") as handle:
        handle.write("\nA new source.\n")
    signed = sign_pack(path, keys.first, now=NOW)
    assert signed.dropped == 1 and signed.kept == 0
    assert (path / SIGNATURES_FILE).read_text().count("\n") == 1


def test_a_stray_file_in_the_signature_folder_is_refused(tmp_path: Path) -> None:
    folder = unsigned_copy(tmp_path)
    (folder / "signature").mkdir()
    (folder / "signature" / "notes.txt").write_text("mine")
    with pytest.raises(SignError, match="holds only the signature"):
        sign_pack(folder, Keys().first)


def test_the_example_key_never_signs_a_reviewed_pack(tmp_path: Path) -> None:
    """And a reviewed pack carrying an example-key signature is refused when read."""
    from decision_aid.content.trust.keys import SigningKey
    from decision_aid.content.trust.publishers import example_publisher

    class Pretend(SigningKey):
        @property
        def id(self) -> str:  # a key that says it is the example key
            from decision_aid.content.trust.keys import key_id

            return key_id(example_publisher().keys[0])

    from decision_aid.authoring.review import record_sign_off

    folder = unsigned_copy(tmp_path)
    record_sign_off(
        load_pack(folder, check_review=False),
        role="clinician",
        name="Dr B. Reviewer, GP",
        interests="None declared",
        day=date(2026, 11, 1),
    )
    assert load_pack(folder).meta.review.status == "reviewed"
    key = Keys().first
    with pytest.raises(SignError, match="example-content key: it signs example content only"):
        sign_pack(folder, Pretend(key.private, key.public))
