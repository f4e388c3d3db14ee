"""The publishers a clinic trusts, read from its settings strictly: every mistake is named
with the settings file and its place in the setting."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from decision_aid.content.trust.keys import public_text
from decision_aid.content.trust.publishers import EXAMPLE_PUBLIC_KEY
from decision_aid.settings import (
    Settings,
    SettingsError,
    load_settings,
    save_settings,
    settings_path,
)
from tests.content.trust.support import Keys


def write(value: Any) -> Path:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"pack_publishers": value}))
    return path


def keys_text(keys: Keys) -> list[str]:
    return [public_text(keys.first.public), public_text(keys.second.public)]


def test_publishers_are_read_and_saved() -> None:
    keys = Keys()
    write([{"name": "Riverside editorial team", "keys": keys_text(keys)}])
    [publisher] = load_settings().pack_publishers
    assert publisher.name == "Riverside editorial team" and publisher.threshold == 1
    assert publisher.keys == (keys.first.public, keys.second.public)
    save_settings(Settings(pack_publishers=[keys.publisher(threshold=1)]))
    assert load_settings().pack_publishers == [keys.publisher(threshold=1)]


@pytest.mark.parametrize(
    ("value", "place", "words"),
    [
        ("all of them", "'pack_publishers'", "must be a list"),
        ([{"name": "A"}], "pack_publishers[0]", "a 'name', a list of 'keys'"),
        (
            [{"name": "A", "keys": ["ed25519:nope", "x"]}],
            "pack_publishers[0].keys[0]",
            "not a public key",
        ),
        ([{"name": "", "keys": []}], "pack_publishers[0].name", "give the publisher's name"),
        ([{"name": "A", "keys": "K1"}], "pack_publishers[0].keys", "expected a list"),
    ],
)
def test_a_wrong_value_is_named_with_file_and_place(value: Any, place: str, words: str) -> None:
    path = write(value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert str(path) in str(caught.value) and place in str(caught.value)
    assert words in str(caught.value)


def test_one_key_is_not_enough_to_rotate() -> None:
    keys = Keys()
    path = write([{"name": "A", "keys": keys_text(keys)[:1]}])
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert f"{path}: pack_publishers[0].keys: 1 keys are pinned; pin at least 2" in message
    assert "so that a key can be replaced" in message


def test_a_threshold_needs_one_key_more_than_it_counts() -> None:
    keys = Keys()
    write([{"name": "A", "keys": keys_text(keys), "threshold": 2}])
    with pytest.raises(SettingsError, match="pin at least 3"):
        load_settings()
    write([{"name": "A", "keys": keys_text(keys), "threshold": 0}])
    with pytest.raises(SettingsError, match=r"pack_publishers\[0\].threshold"):
        load_settings()


def test_the_example_key_can_never_be_pinned_for_a_publisher() -> None:
    """It vouches for example content only, so it cannot make a pack look reviewed."""
    keys = Keys()
    write([{"name": "A", "keys": [keys_text(keys)[0], EXAMPLE_PUBLIC_KEY]}])
    with pytest.raises(SettingsError, match=r"keys\[1\]: this is the project's example-content"):
        load_settings()


def test_a_key_pinned_twice_is_refused() -> None:
    keys = Keys()
    first, second = keys_text(keys)
    other = public_text(Keys().first.public)
    write([{"name": "A", "keys": [first, second]}, {"name": "B", "keys": [other, first]}])
    with pytest.raises(SettingsError, match=r"already pinned at pack_publishers\[0\].keys\[0\]"):
        load_settings()
