"""Translatable strings are addressed by id paths, and translations fall back visibly."""

from __future__ import annotations

import shutil
from pathlib import Path

from decision_aid.content.loader import load_pack
from decision_aid.content.model import TranslationFile
from decision_aid.content.strings import localize, meta_in, pack_strings, unknown_keys
from tests.conftest import MINIMAL, SHIPPED


def test_paths_use_ids() -> None:
    paths = {s.path: s.text for s in pack_strings(load_pack(MINIMAL).pack)}
    assert paths["title"] == "Test pack"
    assert paths["options.tablet.name"] == "Take the tablet"
    assert paths["options.tablet.benefits.0"] == "Fewer bad days."
    assert paths["questions.effect.answers.nothing.text"].startswith("Out of 100")
    assert paths["knowledge.k1.choices.b.text"] == "10"
    # Citations are not translated; everything a patient reads is, contacts included.
    assert not any(p.startswith("references") for p in paths)
    assert paths["support.helpline.offers"] == "Someone to talk to."
    assert paths["support.helpline.name"] == "Test helpline"
    assert paths["support.helpline.contact"] == "https://example.org"
    assert paths["funding"] == "No external funding."


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


def test_a_translated_contact_reaches_the_localized_pack() -> None:
    loaded = load_pack(SHIPPED / "psa-screening")
    localized, missing = localize(loaded.pack, loaded.translations["ar"])
    support = {r.id: r for r in localized.content.support}
    assert support["macmillan"].contact == "0808 808 00 00 أو https://www.macmillan.org.uk"
    assert support["gp-practice"].name == "عيادة طبيب الأسرة"
    assert missing == []


def test_meta_in_reads_the_title_from_the_translation_alone(tmp_path: Path) -> None:
    loaded = load_pack(SHIPPED / "statins-primary-prevention")
    meta = meta_in(SHIPPED / "statins-primary-prevention", loaded.meta, "cy")
    assert meta.title == loaded.translations["cy"].strings["title"]
    assert meta.funding == "Dim cyllid allanol."
    assert meta.id == loaded.meta.id and meta.expires == loaded.meta.expires
    assert meta_in(SHIPPED / "statins-primary-prevention", loaded.meta, "fr") == loaded.meta


def test_meta_in_keeps_the_source_text_when_the_translation_is_broken(tmp_path: Path) -> None:
    pack = tmp_path / "minimal"
    shutil.copytree(MINIMAL, pack)
    (pack / "translations").mkdir(exist_ok=True)
    (pack / "translations" / "cy.yaml").write_text("format_version: 1\nstrings: [", "utf-8")
    meta = load_pack(MINIMAL).meta
    assert meta_in(pack, meta, "cy") == meta
