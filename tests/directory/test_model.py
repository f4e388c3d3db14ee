"""The directory format is strict, and every refusal names the file, the place and the fix."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from decision_aid.content.errors import PackError
from decision_aid.directory.load import load_directory
from tests.directory.support import EXAMPLE, unsigned_directory

TODAY = date(2026, 12, 4)


def problems_of(path: Path) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_directory(path, today=TODAY)
    return [str(problem) for problem in caught.value.problems]


def test_the_shipped_example_is_valid_and_marked_as_example_data() -> None:
    loaded = load_directory(EXAMPLE, today=TODAY)
    assert loaded.directory.example_data is True
    assert loaded.trust.status == "example"
    for entry in loaded.directory.entries:
        assert entry.contact.phone is None or entry.contact.phone.startswith(
            ("01632 960", "07700 900")
        )
        assert entry.contact.web is None or ".example.org" in entry.contact.web


def test_an_unknown_field_is_named_with_its_line(tmp_path: Path) -> None:
    folder = unsigned_directory(tmp_path, ("    cost: Free\n", "    cost: Free\n    price: 0\n"))
    [problem] = problems_of(folder)
    assert "directory.yaml:" in problem and "entries[0].price" in problem
    assert "unknown field 'price'" in problem


def test_a_missing_required_field_says_to_add_it(tmp_path: Path) -> None:
    folder = unsigned_directory(
        tmp_path, ("    accessibility: Flat, step-free route", "    access: Flat, step-free route")
    )
    found = problems_of(folder)
    assert any("entries[0].accessibility" in p and "add it" in p for p in found)


def test_a_topic_outside_the_vocabulary_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    folder = unsigned_directory(
        tmp_path, ("topics: [physical-activity,", "topics: [physical-activty,")
    )
    [problem] = problems_of(folder)
    assert "entries[0].topics[0]" in problem and "did you mean 'physical-activity'" in problem


def test_a_contact_needs_a_way_to_reach_it(tmp_path: Path) -> None:
    folder = unsigned_directory(tmp_path, ("      phone: 07700 900606\n", "      {}\n"))
    text = (
        (folder / "directory.yaml")
        .read_text()
        .replace("    contact:\n      {}\n", "    contact: {}\n")
    )
    (folder / "directory.yaml").write_text(text)
    found = problems_of(folder)
    assert any("entries[5].contact" in p and "phone number, an email" in p for p in found)


def test_a_phone_number_that_is_not_one_is_explained(tmp_path: Path) -> None:
    folder = unsigned_directory(tmp_path, ("phone: 01632 960101", "phone: call us"))
    [problem] = problems_of(folder)
    assert "entries[0].contact.phone" in problem and "01632 960123" in problem


def test_an_entry_needs_at_least_one_language(tmp_path: Path) -> None:
    folder = unsigned_directory(tmp_path, ("languages: [en, pl]", "languages: []"))
    [problem] = problems_of(folder)
    assert "entries[0].languages" in problem and "at least 1" in problem


def test_two_entries_with_one_id_are_refused(tmp_path: Path) -> None:
    folder = unsigned_directory(tmp_path, ("- id: mens-health-shed", "- id: riverside-walks"))
    [problem] = problems_of(folder)
    assert "two entries have the id 'riverside-walks'" in problem


def test_a_last_checked_date_in_the_future_is_refused(tmp_path: Path) -> None:
    folder = unsigned_directory(tmp_path, ("last_checked: 2026-10-01", "last_checked: 2027-01-01"))
    [problem] = problems_of(folder)
    assert "entries[0].last_checked" in problem and "in the future" in problem


def test_the_id_must_match_the_folder_name(tmp_path: Path) -> None:
    folder = unsigned_directory(tmp_path, name="riverside")
    [problem] = problems_of(folder)
    assert "does not match the directory's folder" in problem and "'riverside'" in problem


def test_the_example_data_flag_is_required_and_a_boolean(tmp_path: Path) -> None:
    folder = unsigned_directory(tmp_path, ("example_data: true", "example_data: yes please"))
    [problem] = problems_of(folder)
    assert "example_data" in problem and "true or false" in problem


def test_a_stray_file_in_a_directory_is_refused(tmp_path: Path) -> None:
    folder = unsigned_directory(tmp_path)
    (folder / "notes.txt").write_text("x")
    [problem] = problems_of(folder)
    assert "notes.txt" in problem and "only directory.yaml" in problem


def test_a_folder_without_directory_yaml_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "empty-directory"
    folder.mkdir()
    (folder / "readme.txt").write_text("x")
    found = problems_of(folder)
    assert any("there is no directory.yaml here" in p for p in found)


def test_a_zip_archive_of_a_directory_is_read(tmp_path: Path) -> None:
    import shutil

    folder = unsigned_directory(tmp_path / "src")
    archive = Path(shutil.make_archive(str(tmp_path / "example-community"), "zip", folder))
    loaded = load_directory(archive, today=TODAY)
    assert loaded.directory.id == "example-community" and loaded.trust.status == "unsigned"


def test_a_pack_names_community_topics_from_the_same_vocabulary(make_pack) -> None:  # type: ignore[no-untyped-def]
    from decision_aid.content.loader import load_pack

    good = make_pack(edits={"pack.yaml": [("kind: ", "community_topics: [pain]\nkind: ")]})
    assert load_pack(good).meta.community_topics == ("pain",)
    bad = make_pack("other", edits={"pack.yaml": [("kind: ", "community_topics: [pian]\nkind: ")]})
    with pytest.raises(PackError) as caught:
        load_pack(bad)
    assert any("did you mean 'pain'" in str(p) for p in caught.value.problems)
