"""A directory's signature is checked by the packs' code, but what a keeper or a clinic
reads about a tampered, untrusted, incomplete or expired directory names a directory and
the directory commands, never a pack: the messages once said "The pack is refused ...
'decision-aid packs sign'" about a directory."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from decision_aid.content.errors import PackError
from decision_aid.content.source import MAX_ENTRY_BYTES, SourceError, open_source
from decision_aid.content.trust.manifest import MANIFEST_FILE, SIGNATURES_FILE
from decision_aid.content.trust.sign import SignError
from decision_aid.directory.load import load_directory
from decision_aid.directory.signing import sign_directory
from tests.content.trust.support import NOW, Keys
from tests.directory.support import EXAMPLE, unsigned_directory
from tests.test_cli_pack_signing import run

TODAY = date(2026, 12, 4)


def signed(root: Path, keys: Keys) -> Path:
    folder = unsigned_directory(root)
    sign_directory(folder, keys.first, now=NOW)
    return folder


def refusal(path: Path, keys: Keys, **policy: object) -> str:
    with pytest.raises(PackError) as caught:
        load_directory(path, keys.policy(**policy), today=TODAY)  # type: ignore[arg-type]
    return "\n".join(str(p) for p in caught.value.problems)


def names_a_directory(message: str) -> bool:
    return "directory" in message and "pack" not in message.lower()


def test_a_tampered_directory_is_named_as_a_directory(tmp_path: Path) -> None:
    keys = Keys()
    folder = signed(tmp_path, keys)
    path = folder / "directory.yaml"
    path.write_text(path.read_text().replace("01632 960505", "01632 960999"))
    message = refusal(folder, keys)
    assert "this file is not the one signed" in message and "The directory is refused" in message
    assert "'decision-aid directory sign'" in message and names_a_directory(message), message


def test_a_changed_manifest_is_named_as_a_directory(tmp_path: Path) -> None:
    keys = Keys()
    folder = signed(tmp_path, keys)
    manifest = folder / MANIFEST_FILE
    manifest.write_bytes(manifest.read_bytes().replace(b'"files"', b'"files" '))
    message = refusal(folder, keys)
    assert "does not match the manifest" in message and "Nothing of the directory" in message
    assert names_a_directory(message), message


def test_an_untrusted_or_unsigned_directory_on_a_strict_computer(tmp_path: Path) -> None:
    keys = Keys()
    unsigned = unsigned_directory(tmp_path / "unsigned")
    message = refusal(unsigned, keys, strict=True)
    assert "this directory is not signed, so none of its entries is offered" in message
    assert names_a_directory(message), message
    stranger = unsigned_directory(tmp_path / "stranger")
    sign_directory(stranger, keys.stranger, now=NOW)
    message = refusal(stranger, keys, strict=True)
    assert "this directory is not signed by a publisher this clinic trusts" in message
    assert names_a_directory(message), message


def test_an_incomplete_signature_or_a_stray_file_in_it(tmp_path: Path) -> None:
    keys = Keys()
    folder = signed(tmp_path / "incomplete", keys)
    (folder / SIGNATURES_FILE).unlink()
    message = refusal(folder, keys)
    assert "the directory's signature is incomplete" in message
    assert names_a_directory(message), message
    folder = signed(tmp_path / "stray", keys)
    (folder / "signature" / "notes.txt").write_text("x")
    message = refusal(folder, keys)
    assert "nothing of the directory is used" in message and names_a_directory(message)


def test_a_signed_directory_under_another_name(tmp_path: Path) -> None:
    keys = Keys()
    folder = signed(tmp_path / "a", keys)
    renamed = tmp_path / "b" / "riverside"
    renamed.parent.mkdir()
    shutil.move(folder, renamed)
    message = refusal(renamed, keys)
    assert "the signature is for the directory 'example-community'" in message
    assert names_a_directory(message), message


def test_an_expired_directory_on_a_strict_computer(tmp_path: Path) -> None:
    keys = Keys()
    folder = signed(tmp_path, keys)
    message = refusal(folder, keys, strict=True, today=date(2028, 1, 1))
    assert "the directory's signed manifest expired" in message
    assert names_a_directory(message), message


def test_a_signature_that_would_outlive_the_directory(tmp_path: Path) -> None:
    folder = unsigned_directory(tmp_path)
    with pytest.raises(SignError) as caught:
        sign_directory(folder, Keys().first, expires=date(2028, 1, 1), now=NOW)
    assert "The directory itself expires on 2027-11-30" in str(caught.value)
    assert names_a_directory(str(caught.value))


def test_directory_verify_names_the_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "example-community"
    shutil.copytree(EXAMPLE, folder)  # signed with the example-content key, which is trusted
    path = folder / "directory.yaml"
    path.write_text(path.read_text().replace("01632 960505", "01632 960999"))
    code, out, _err = run(capsys, "directory", "verify", folder)
    assert code == 1 and "NOT OK" in out
    assert "The directory is refused" in out and "pack" not in out.lower(), out


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda f: (f / "notes.txt").symlink_to(f / "directory.yaml"), "links are not allowed"),
        (lambda f: (f / "big.bin").write_bytes(b"0" * (MAX_ENTRY_BYTES + 1)), "the limit is"),
    ],
)
def test_what_a_directory_folder_may_not_hold_is_said_without_naming_a_pack(
    tmp_path: Path, make: Callable[[Path], object], said: str
) -> None:
    # The folder's own limits are the packs' code: its words once said "a pack" here.
    folder = unsigned_directory(tmp_path)
    make(folder)
    with pytest.raises((PackError, SourceError)) as caught:
        source = open_source(folder)
        for name in source.files():
            source.read(name)
    message = str(caught.value)
    assert said in message and "pack" not in message.lower(), message
