"""``decision-aid directory validate | list | topics | sign | verify`` from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from decision_aid.content.trust import keys as keys_module
from tests.directory.support import EXAMPLE, unsigned_directory
from tests.test_cli_pack_signing import keygen, passphrase_file, pin, run


@pytest.fixture(autouse=True)
def _least_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys_module, "SCRYPT_N", keys_module.SCRYPT_N_RANGE[0])


def test_validate_passes_the_example_and_names_each_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, "directory", "validate", EXAMPLE)
    assert code == 0 and "valid   " in out and "(example-community 1.1.0)" in out
    bad = unsigned_directory(tmp_path, ("cost: Free", "cost: ''"))
    code, out, _err = run(capsys, "directory", "validate", bad)
    assert code == 1 and "INVALID" in out and "entries[0].cost" in out


def test_list_shows_the_trust_the_entries_and_flags_stale_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _err = run(capsys, "directory", "list", EXAMPLE)
    assert code == 0
    assert "Signed as example content" in out and "Example data" in out
    assert "joint-pain-peer-group" in out and "more than 12 months ago" in out
    assert out.count("more than 12 months ago") == 1


def test_topics_lists_the_vocabulary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "directory", "topics")
    assert code == 0 and "physical-activity: Being active" in out


def test_sign_then_verify_with_a_pinned_publisher(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = keygen(tmp_path, capsys)
    second = keygen(tmp_path, capsys, "second.key")
    folder = unsigned_directory(tmp_path / "dirs")
    code, out, _err = run(capsys, "directory", "verify", folder)
    assert code == 1 and "NOT OK" in out
    secret = passphrase_file(tmp_path)
    code, out, err = run(
        capsys, "directory", "sign", folder, "--key", key, "--passphrase-file", secret
    )
    assert code == 0, err
    assert "Signed" in out and "example-community version 1.1.0" in out
    code, out, _err = run(capsys, "directory", "verify", folder)
    assert code == 1 and "not signed by anyone this computer trusts" in out
    pin(Path(f"{key}.pub"), Path(f"{second}.pub"))
    code, out, _err = run(capsys, "directory", "verify", folder)
    assert code == 0 and "OK: signed, trusted" in out


def test_sign_refuses_an_invalid_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = keygen(tmp_path, capsys)
    folder = unsigned_directory(tmp_path / "dirs", ("languages: [pl]", "languages: [polish]"))
    code, _out, err = run(
        capsys,
        "directory",
        "sign",
        folder,
        "--key",
        key,
        "--passphrase-file",
        passphrase_file(tmp_path),
    )
    assert code == 1 and "not valid, so it is not signed" in err and "entries[3].languages" in err


def test_list_names_the_languages_an_entry_runs_in_without_its_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, "directory", "list", EXAMPLE)
    assert code == 0 and "but its text is in" not in out  # the example speaks every language
    folder = unsigned_directory(tmp_path, ("languages: [en, cy]", "languages: [en, cy, de]"))
    code, out, _err = run(capsys, "directory", "list", folder)
    assert code == 0
    assert "runs in de, but its text is in en only" in out


def test_schema_documents_the_translations(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    code, out, _err = run(capsys, "directory", "schema")
    schema = json.loads(out)
    assert code == 0 and schema["properties"]["language"]["default"] == "en"
    text = schema["$defs"]["EntryText"]
    assert "leave a field out only when" in text["description"]
    assert text["additionalProperties"] is False and "cost" in text["properties"]
