"""One test per attack on a signed pack, for a folder and an archive of each.

Each attack changes a pack that was signed by a publisher the clinic trusts, then goes
through every place that reads packs: the library's index, opening a pack already listed,
and the kiosk's strict check. The pack must be refused in each (or, for rotation, accepted),
and the parser must not have been called once for the attacked pack: its signature is
checked on raw bytes before anything is parsed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from decision_aid.content.errors import PackError
from decision_aid.content.library import Entry, build_index
from decision_aid.content.trust.manifest import MANIFEST_FILE, SIGNATURES_FILE
from decision_aid.content.trust.policy import TrustPolicy
from tests.content.trust.support import (
    KINDS,
    TODAY,
    Keys,
    ParseSpy,
    entries_of,
    flip,
    rewrite,
    signed_pack,
)

FILES = (
    "pack.yaml",
    "content.yaml",
    "evidence.md",
    "translations/cy.yaml",
    "translations/ar.yaml",
    MANIFEST_FILE,
    SIGNATURES_FILE,
)


@pytest.fixture
def keys() -> Keys:
    return Keys()


def listed(root: Path, policy: TrustPolicy) -> Entry:
    [entry] = build_index([root], trust=policy)
    return entry


def assert_refused_everywhere(
    root: Path, keys: Keys, spy: ParseSpy, before: Entry, *words: str
) -> list[str]:
    """The attacked pack refused by opening, by the library's index and by the kiosk,
    each naming ``words``, with the parser never called. Returns the problems."""
    with pytest.raises(PackError) as opened:
        before.open()
    library = listed(root, keys.policy())
    kiosk = listed(root, keys.policy(strict=True))
    assert spy.count == 0, "the attacked pack was parsed"
    problems = [str(p) for p in opened.value.problems]
    for entry in (library, kiosk):
        assert not entry.valid and entry.meta is None
        problems += [str(p) for p in entry.problems]
    for word in words:
        assert all(word in text for text in problems[:1]), (word, problems)
    return problems


def first_listing(root: Path, keys: Keys) -> Entry:
    """The pack as the library lists it before the attack: valid and the publisher's."""
    entry = listed(root, keys.policy())
    assert entry.valid and entry.trust is not None and entry.trust.status == "publisher"
    return entry


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("rel", FILES)
def test_one_byte_changed_in_any_file(
    tmp_path: Path, keys: Keys, kind: str, rel: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = signed_pack(tmp_path, keys.first, kind)
    before = first_listing(tmp_path, keys)

    def change(files: dict[str, bytes]) -> None:
        files[rel] = flip(files[rel])

    rewrite(path, change)
    spy = ParseSpy(monkeypatch)
    problems = assert_refused_everywhere(tmp_path, keys, spy, before)
    signature = rel.startswith("signature/")
    expected = "does not match the manifest" if signature else "is not the one signed"
    assert any(expected in p or "signatures file" in p for p in problems), problems
    if not signature:
        assert any(rel in p for p in problems), problems


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("added", ["translations/de.yaml", "notes.txt"])
def test_a_file_added(
    tmp_path: Path, keys: Keys, kind: str, added: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = signed_pack(tmp_path, keys.first, kind)
    before = first_listing(tmp_path, keys)

    def change(files: dict[str, bytes]) -> None:
        files[added] = files["translations/cy.yaml"].replace(b"locale: cy", b"locale: de")

    rewrite(path, change)
    spy = ParseSpy(monkeypatch)
    problems = assert_refused_everywhere(tmp_path, keys, spy, before)
    assert any(added in p and "not in the pack's signed manifest" in p for p in problems)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("removed", ["translations/pl.yaml", "evidence.md"])
def test_a_file_removed(
    tmp_path: Path, keys: Keys, kind: str, removed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = signed_pack(tmp_path, keys.first, kind)
    before = first_listing(tmp_path, keys)
    rewrite(path, lambda files: files.pop(removed))
    spy = ParseSpy(monkeypatch)
    problems = assert_refused_everywhere(tmp_path, keys, spy, before)
    assert any(removed in p and "missing from the pack" in p for p in problems)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("mixed", ["content.yaml", "signature"])
def test_mix_and_match_of_two_signed_versions(
    tmp_path: Path, keys: Keys, kind: str, mixed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files from version 1.2.0 put into version 1.1.0, both signed by the publisher: the
    newer content.yaml into the older pack, or the newer signature onto the older files."""
    newer_root = tmp_path / "newer"
    newer_root.mkdir()
    newer = signed_pack(newer_root, keys.first, kind, version="1.2.0", count=72)
    newer_files = entries_of(newer)
    root = tmp_path / "library"
    root.mkdir()
    path = signed_pack(root, keys.first, kind)
    before = first_listing(root, keys)

    def change(files: dict[str, bytes]) -> None:
        for rel, data in newer_files.items():
            if rel == mixed or rel.startswith(mixed + "/"):
                files[rel] = data

    rewrite(path, change)
    spy = ParseSpy(monkeypatch)
    problems = assert_refused_everywhere(root, keys, spy, before)
    changed = "content.yaml" if mixed == "content.yaml" else "pack.yaml"
    assert any(changed in p and "is not the one signed" in p for p in problems), problems


@pytest.mark.parametrize("kind", KINDS)
def test_rollback_to_an_older_signed_version(
    tmp_path: Path, keys: Keys, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    newer = tmp_path / "newer"
    newer.mkdir()
    signed_pack(newer, keys.first, kind, version="1.2.0")
    assert listed(newer, keys.policy()).valid  # the library has seen 1.2.0 signed
    older = tmp_path / "older"
    older.mkdir()
    signed_pack(older, keys.first, kind)  # 1.1.0, properly signed, but older
    spy = ParseSpy(monkeypatch)
    for policy in (keys.policy(), keys.policy(strict=True)):
        entry = listed(older, policy)
        assert not entry.valid
        [problem] = entry.problems
        assert "version 1.1.0" in problem.message and "version 1.2.0" in problem.message
    assert spy.count == 0


@pytest.mark.parametrize("kind", KINDS)
def test_an_older_copy_beside_a_newer_one_is_refused_whatever_the_order(
    tmp_path: Path, keys: Keys, kind: str
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    signed_pack(first, keys.first, kind)  # found first, but older
    signed_pack(second, keys.first, kind, version="1.2.0")
    entries = build_index([first, second], trust=keys.policy())
    by_version = {e.trust.version if e.trust else None: e for e in entries}
    assert by_version["1.2.0"].valid
    [refused] = [e for e in entries if not e.valid]
    assert "version 1.2.0 was seen" in refused.problems[0].message


@pytest.mark.parametrize("kind", KINDS)
def test_freeze_an_expired_manifest(
    tmp_path: Path, keys: Keys, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy held back after its manifest expired: the kiosk refuses it without reading
    it; the library lists it marked, to be opened only after a warning."""
    signed_pack(
        tmp_path,
        keys.first,
        kind,
        now=datetime(2025, 1, 2, tzinfo=UTC),
        expires=date(2025, 6, 1),
    )
    spy = ParseSpy(monkeypatch)
    kiosk = listed(tmp_path, keys.policy(strict=True))
    assert spy.count == 0
    assert not kiosk.valid
    assert "expired on 2025-06-01" in kiosk.problems[0].message
    library = listed(tmp_path, keys.policy())
    assert library.valid and library.frozen(TODAY) and not library.frozen(date(2025, 5, 1))
    assert "signature expired 2025-06-01" in library.status(TODAY)


@pytest.mark.parametrize("kind", KINDS)
def test_a_signature_by_an_unknown_key(
    tmp_path: Path, keys: Keys, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone re-signs a changed pack with their own key: never trusted. The kiosk refuses
    it unread; the library lists it as unverified content (as an unsigned pack)."""
    signed_pack(tmp_path, keys.stranger, kind, edit="\nChanged by someone else.\n")
    spy = ParseSpy(monkeypatch)
    kiosk = listed(tmp_path, keys.policy(strict=True))
    assert spy.count == 0
    assert not kiosk.valid
    message = kiosk.problems[0].message
    assert "not signed by a publisher this clinic trusts" in message
    assert keys.stranger.id[:16] in message
    library = listed(tmp_path, keys.policy())
    assert library.trust is not None and library.trust.status == "untrusted"
    assert not library.trust.verified and "unverified content" in library.status(TODAY)


@pytest.mark.parametrize("kind", KINDS)
def test_rotation_to_the_second_pinned_key_is_accepted(
    tmp_path: Path, keys: Keys, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The publisher retired its first key and signs with the second one it pinned."""
    signed_pack(tmp_path, keys.second, kind, version="1.2.0")
    spy = ParseSpy(monkeypatch)
    for policy in (keys.policy(), keys.policy(strict=True)):
        entry = listed(tmp_path, policy)
        assert entry.valid and entry.trust is not None
        assert entry.trust.status == "publisher"
        assert entry.trust.signers == (keys.second.id,)
        loaded = entry.open()
        assert loaded.trust == entry.trust and loaded.meta.version == "1.2.0"
    assert spy.count > 0  # accepted, so read


@pytest.mark.parametrize("kind", KINDS)
def test_a_threshold_of_two_needs_two_pinned_keys(
    tmp_path: Path, keys: Keys, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from decision_aid.content.trust.sign import sign_pack

    third = Keys()
    two = TrustPolicy(
        publishers=[
            type(keys.publisher())(
                "Two editors", (keys.first.public, keys.second.public, third.first.public), 2
            )
        ],
        strict=True,
        today=lambda: TODAY,
    )
    path = signed_pack(tmp_path, keys.first, kind)
    spy = ParseSpy(monkeypatch)
    [entry] = build_index([tmp_path], trust=two)
    assert not entry.valid and "1 valid signature by Two editors" in entry.problems[0].message
    assert spy.count == 0
    signed = sign_pack(path, keys.second)
    assert signed.kept == 1  # the first editor's signature stays beside the second's
    [entry] = build_index([tmp_path], trust=two)
    assert entry.valid and entry.trust is not None
    assert sorted(entry.trust.signers) == sorted([keys.first.id, keys.second.id])
