"""Translatable strings are addressed by id paths, and translations fall back visibly."""

from __future__ import annotations

from decision_aid.content.loader import load_pack
from decision_aid.content.model import TranslationFile
from decision_aid.content.strings import localize, pack_strings, unknown_keys
from tests.conftest import MINIMAL


def test_paths_use_ids() -> None:
    paths = {s.path: s.text for s in pack_strings(load_pack(MINIMAL).pack)}
    assert paths["title"] == "Test pack"
    assert paths["options.tablet.name"] == "Take the tablet"
    assert paths["options.tablet.benefits.0"] == "Fewer bad days."
    assert paths["questions.effect.answers.nothing.text"].startswith("Out of 100")
    assert paths["knowledge.k1.choices.b.text"] == "10"
    # Names, citations and contacts are not translated.
    assert not any(p.startswith("references") for p in paths)
    assert "support.helpline.offers" in paths
    assert "support.helpline.name" not in paths


def test_localize_replaces_and_reports_missing() -> None:
    pack = load_pack(MINIMAL).pack
    translation = TranslationFile(
        format_version=1,
        locale="cy",
        status="draft",
        strings={"title": "Pecyn prawf", "options.tablet.name": "Cymryd y dabled", "nope": "x"},
    )
    localized, missing = localize(pack, translation)
    assert localized.meta.title == "Pecyn prawf"
    assert localized.content.options[0].name == "Cymryd y dabled"
    assert localized.content.options[1].name == "No tablet"  # falls back
    assert "options.nothing.name" in missing
    assert "title" not in missing
    assert len(missing) == len(pack_strings(pack)) - 2
    assert unknown_keys(pack, translation) == ["nope"]


def test_no_translation_is_identity() -> None:
    pack = load_pack(MINIMAL).pack
    assert localize(pack, None) == (pack, [])
