"""The signature check in the library, its cache, opening, and the kiosk's strict mode."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from decision_aid.content.library import build_index
from decision_aid.content.library_cache import LibraryCache
from decision_aid.content.trust import policy as policy_module
from decision_aid.content.trust.manifest import SIGNATURES_FILE
from decision_aid.content.trust.publishers import Publisher
from decision_aid.content.trust.sign import sign_pack
from tests.content.trust.support import (
    PACK,
    TODAY,
    Keys,
    ParseSpy,
    flip,
    signed_pack,
    unsigned_copy,
)


def test_an_unsigned_pack_is_listed_unverified_and_kept_off_the_kiosk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unsigned_copy(tmp_path)
    keys = Keys()
    [entry] = build_index([tmp_path], trust=keys.policy())
    assert entry.valid and entry.trust is not None and entry.trust.status == "unsigned"
    assert entry.open().trust == entry.trust  # it opens, marked (the author's own pack too)
    spy = ParseSpy(monkeypatch)
    [kiosk] = build_index([tmp_path], trust=keys.policy(strict=True))
    assert spy.count == 0 and not kiosk.valid
    assert "this pack is not signed, so it is not shown here" in kiosk.problems[0].message


def test_the_cache_never_stands_in_for_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Other bytes under the same size and time are refused, though the cache knows the
    pack; and an unchanged signed pack is checked again, but not parsed again."""
    keys = Keys()
    path = signed_pack(tmp_path, keys.first)
    [first] = build_index([tmp_path], LibraryCache(), trust=keys.policy())
    assert first.valid
    spy = ParseSpy(monkeypatch)
    [again] = build_index([tmp_path], LibraryCache(), trust=keys.policy(), quick=True)
    assert again.valid and again.trust == first.trust and again.checked
    assert spy.count == 0  # served from the cache, after its check
    for rel in ("pack.yaml", "content.yaml"):
        target = path / rel
        info = os.stat(target)
        target.write_bytes(flip(target.read_bytes()))
        os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))
        for quick in (True, False):
            [entry] = build_index([tmp_path], LibraryCache(), trust=keys.policy(), quick=quick)
            assert not entry.valid and rel in str(entry.problems[0])
        target.write_bytes(flip(target.read_bytes()))  # put back
        os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert spy.count == 0


def test_an_unsigned_pack_signed_later_is_not_served_from_the_cache(tmp_path: Path) -> None:
    keys = Keys()
    folder = unsigned_copy(tmp_path)
    [entry] = build_index([tmp_path], LibraryCache(), trust=keys.policy())
    assert entry.trust is not None and entry.trust.status == "unsigned"
    sign_pack(folder, keys.first)
    [entry] = build_index([tmp_path], LibraryCache(), trust=keys.policy(), quick=True)
    assert entry.trust is not None and entry.trust.status == "publisher"


def test_the_listing_in_another_language_reads_only_checked_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from decision_aid.content.strings import meta_in

    keys = Keys()
    path = signed_pack(tmp_path, keys.first)
    [entry] = build_index([tmp_path], trust=keys.policy())
    assert entry.meta is not None
    welsh = meta_in(path, entry.meta, "cy", entry.policy)
    assert welsh.title != entry.meta.title
    translation = path / "translations" / "cy.yaml"
    translation.write_text(translation.read_text().replace(welsh.title, "Teitl ffug"))
    spy = ParseSpy(monkeypatch)
    assert meta_in(path, entry.meta, "cy", entry.policy) == entry.meta
    assert spy.count == 0


def test_an_incomplete_signature_or_a_renamed_pack_is_refused(tmp_path: Path) -> None:
    keys = Keys()
    path = signed_pack(tmp_path, keys.first)
    (path / SIGNATURES_FILE).unlink()
    [entry] = build_index([tmp_path], trust=keys.policy())
    assert "signature is incomplete" in entry.problems[0].message
    sign_pack(path, keys.first)
    renamed = path.rename(tmp_path / "knee-copy")
    (renamed / "pack.yaml").write_text(
        (renamed / "pack.yaml").read_text().replace(f"id: {PACK}", "id: knee-copy")
    )
    [entry] = build_index([tmp_path], trust=keys.policy())
    assert not entry.valid


def test_a_pack_signed_by_the_example_key_cannot_claim_a_clinical_review(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = Keys()  # here, the first key stands for the example-content key
    example = Publisher("decision-aid example content", (keys.first.public,), 1, example=True)
    monkeypatch.setattr(policy_module, "example_publisher", lambda: example)
    folder = unsigned_copy(tmp_path)
    sign_pack(folder, keys.first)
    [entry] = build_index([tmp_path], trust=keys.policy())
    assert entry.valid and entry.trust is not None and entry.trust.status == "example"
    from decision_aid.authoring.review import record_sign_off
    from decision_aid.content.loader import load_pack

    record_sign_off(  # a real clinician's sign-off: the pack is reviewed as far as it goes
        load_pack(folder, check_review=False),
        role="clinician",
        name="Dr B. Reviewer, GP",
        interests="None declared",
        day=date(2026, 11, 1),
    )
    sign_pack(folder, keys.first)  # sign.py knows the real example key only
    [entry] = build_index([tmp_path], trust=keys.policy())
    assert not entry.valid
    assert "signed only with the project's example-content key" in entry.problems[0].message


def test_a_stored_copy_keeps_its_signer(tmp_path: Path) -> None:
    """The copy kept for a consultation's record is still shown with who signed it."""
    from decision_aid.content.store import PackStore
    from decision_aid.content.trust.verify import stored_trust

    keys = Keys()
    signed_pack(tmp_path / "packs", keys.first)
    [entry] = build_index([tmp_path / "packs"], trust=keys.policy())
    loaded = entry.open()
    store = PackStore(tmp_path / "store")
    store.keep(loaded)
    shutil.rmtree(tmp_path / "packs")
    kept = store.get(PACK, loaded.content_hash)
    assert kept is not None and kept.trust is None
    trust = stored_trust(kept, keys.policy())
    assert trust.status == "publisher" and trust.signers == (keys.first.id,)
    assert not trust.frozen(TODAY)


def test_the_default_policy_reads_the_settings(tmp_path: Path) -> None:
    from decision_aid.settings import Settings, save_settings

    keys = Keys()
    signed_pack(tmp_path, keys.first)
    [entry] = build_index([tmp_path])  # the user's own policy: nobody pinned yet
    assert entry.trust is not None and entry.trust.status == "untrusted"
    save_settings(Settings(pack_publishers=[keys.publisher()]))
    [entry] = build_index([tmp_path])
    assert entry.trust is not None and entry.trust.status == "publisher"
    assert entry.trust.publisher == "Riverside editorial team"
