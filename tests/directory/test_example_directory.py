"""The shipped example directory: signed with the example-content key, accepted by a
strict computer, marked as example data, and made up throughout (drama phone numbers,
example.org addresses, organisations marked fictional)."""

from __future__ import annotations

import re
from datetime import date

from decision_aid.content.trust.policy import TrustPolicy
from decision_aid.directory.load import default_directory_dirs, directory_paths, load_directory
from tests.directory.support import EXAMPLE

DRAMA = re.compile(r"^(01632 960\d{3}|07700 900\d{3})$")


def test_a_strict_computer_accepts_it_as_example_content() -> None:
    loaded = load_directory(EXAMPLE, TrustPolicy(strict=True), today=date(2026, 12, 4))
    assert loaded.trust.status == "example"
    assert loaded.directory.example_data is True
    assert "example data" in loaded.directory.title


def test_every_contact_is_made_up() -> None:
    directory = load_directory(EXAMPLE).directory
    assert directory.publisher.contact.email == "directory@example.org"
    for entry in directory.entries:
        assert "(fictional)" in entry.organisation
        assert entry.contact.phone is None or DRAMA.match(entry.contact.phone)
        assert entry.contact.email is None or entry.contact.email.endswith("@example.org")
        assert entry.contact.web is None or re.match(
            r"^https://[a-z-]+\.example\.org$", entry.contact.web
        )


def test_it_is_found_among_the_default_directories() -> None:
    assert EXAMPLE in directory_paths(default_directory_dirs())
