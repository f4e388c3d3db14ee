"""A directory is signed and checked with the packs' own code and trust settings: a
change after signing, an older version, a signature made for a pack, an unsigned copy on
a strict computer and real data under the example key are all refused."""

from __future__ import annotations

import base64
import shutil
from datetime import date
from pathlib import Path

import pytest

from decision_aid.content.errors import PackError
from decision_aid.content.trust.manifest import CONTEXT, MANIFEST_FILE, SIGNATURES_FILE
from decision_aid.content.trust.publishers import Publisher
from decision_aid.content.trust.sign import SignError
from decision_aid.directory.load import HISTORY_FILE, load_directory
from decision_aid.directory.signing import sign_directory
from tests.content.trust.support import NOW, Keys
from tests.directory.support import unsigned_directory

TODAY = date(2026, 12, 4)


def signed(root: Path, keys: Keys, *edits: tuple[str, str]) -> Path:
    folder = unsigned_directory(root, *edits)
    sign_directory(folder, keys.first, now=NOW)
    return folder


def refusal(path: Path, keys: Keys, **policy: object) -> str:
    with pytest.raises(PackError) as caught:
        load_directory(path, keys.policy(**policy), today=TODAY)  # type: ignore[arg-type]
    return "\n".join(str(p) for p in caught.value.problems)


def test_a_signed_directory_is_trusted_as_its_publishers(tmp_path: Path) -> None:
    keys = Keys()
    folder = signed(tmp_path, keys)
    loaded = load_directory(folder, keys.policy(strict=True), today=TODAY)
    assert loaded.trust.status == "publisher" and loaded.trust.version == "1.1.0"
    assert loaded.trust.publisher == "Riverside editorial team"


def test_a_zip_archive_is_signed_and_checked(tmp_path: Path) -> None:
    keys = Keys()
    folder = unsigned_directory(tmp_path / "src")
    archive = Path(shutil.make_archive(str(tmp_path / "example-community"), "zip", folder))
    sign_directory(archive, keys.first, now=NOW)
    assert load_directory(archive, keys.policy(strict=True), today=TODAY).trust.verified


def test_an_entry_changed_after_signing_is_refused(tmp_path: Path) -> None:
    keys = Keys()
    folder = signed(tmp_path, keys)
    path = folder / "directory.yaml"
    path.write_text(path.read_text().replace("01632 960505", "01632 960999"))
    assert "this file is not the one signed" in refusal(folder, keys)


def test_an_older_version_is_refused_once_a_newer_was_seen(tmp_path: Path) -> None:
    keys = Keys()
    newer = signed(tmp_path / "new", keys, ("version: 1.1.0", "version: 1.2.0"))
    load_directory(newer, keys.policy(), today=TODAY)
    older = signed(tmp_path / "old", keys)
    assert "version 1.2.0 was seen on this computer before" in refusal(older, keys)


def test_the_directories_keep_a_version_history_of_their_own(tmp_path: Path) -> None:
    keys = Keys()
    policy = keys.policy()
    load_directory(signed(tmp_path, keys), policy, today=TODAY)
    assert policy.history is not None
    assert (policy.history.path.parent / HISTORY_FILE).is_file()
    assert policy.history.highest("example-community") is None


def test_a_signature_made_for_a_pack_never_passes_for_a_directory(tmp_path: Path) -> None:
    keys = Keys()
    folder = signed(tmp_path, keys)
    manifest = (folder / MANIFEST_FILE).read_bytes()
    forged = base64.b64encode(keys.first.private.sign(CONTEXT + manifest)).decode()
    (folder / SIGNATURES_FILE).write_text(f"ed25519 {keys.first.id} {forged}\n")
    assert "does not match the manifest" in refusal(folder, keys)


def test_a_strict_computer_refuses_an_unsigned_directory(tmp_path: Path) -> None:
    keys = Keys()
    folder = unsigned_directory(tmp_path)
    assert "not signed" in refusal(folder, keys, strict=True)
    assert load_directory(folder, keys.policy(), today=TODAY).trust.status == "unsigned"


def test_a_directory_signed_by_a_stranger_is_refused_when_strict(tmp_path: Path) -> None:
    keys = Keys()
    folder = unsigned_directory(tmp_path)
    sign_directory(folder, keys.stranger, now=NOW)
    assert "not signed by a publisher this clinic trusts" in refusal(folder, keys, strict=True)


def test_an_invalid_directory_is_not_signed(tmp_path: Path) -> None:
    folder = unsigned_directory(tmp_path, ("languages: [en, pl]", "languages: []"))
    with pytest.raises(SignError, match="not valid, so it is not signed"):
        sign_directory(folder, Keys().first, now=NOW)
    assert not (folder / "signature").exists()


def test_a_signature_never_outlives_the_directory(tmp_path: Path) -> None:
    folder = unsigned_directory(tmp_path)
    with pytest.raises(SignError, match="2027-11-30"):
        sign_directory(folder, Keys().first, expires=date(2028, 1, 1), now=NOW)


def test_the_example_key_never_signs_real_data(tmp_path: Path) -> None:
    from decision_aid.content.trust.keys import SigningKey, key_id
    from decision_aid.content.trust.publishers import example_publisher

    class Pretend(SigningKey):
        @property
        def id(self) -> str:
            return key_id(example_publisher().keys[0])

    folder = unsigned_directory(tmp_path, ("example_data: true", "example_data: false"))
    key = Keys().first
    with pytest.raises(SignError, match="signs example data only"):
        sign_directory(folder, Pretend(key.private, key.public), now=NOW)


def test_real_data_under_the_example_key_is_refused_when_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from decision_aid.content.trust import policy as policy_module

    keys = Keys()
    pretend = Publisher("example", (keys.first.public,), 1, example=True)
    monkeypatch.setattr(policy_module, "example_publisher", lambda: pretend)
    folder = signed(tmp_path, keys, ("example_data: true", "example_data: false"))
    policy = keys.policy()
    policy.publishers = []
    with pytest.raises(PackError) as caught:
        load_directory(folder, policy, today=TODAY)
    assert any("example-content key" in str(p) for p in caught.value.problems)
