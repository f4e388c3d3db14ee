"""Offers speak the patient's language: each entry comes with its text in that language
where its directory translates it, and says which language its text is really in; the
record keeps the text as offered."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from decision_aid.directory.available import choice
from decision_aid.directory.load import load_directory
from decision_aid.directory.match import Offer, Source, localised, offers
from decision_aid.directory.model import Directory
from tests.directory.support import EXAMPLE, unsigned_directory

TODAY = date(2026, 12, 4)
EVERY_TOPIC = ("physical-activity", "pain", "peer-support", "money-and-debt", "heart-health")


def source(directory: Directory) -> Source:
    return Source(directory.id, directory.title, True, directory.entries, directory.language)


def offered(directory: Directory, language: str) -> dict[str, Offer]:
    found = offers([source(directory)], EVERY_TOPIC, language, TODAY)
    return {offer.entry.id: offer for offer in found}


def example() -> Directory:
    return load_directory(EXAMPLE, today=TODAY).directory


def test_a_welsh_speaker_is_offered_welsh_text() -> None:
    welsh = offered(example(), "cy")
    assert set(welsh) == {"joint-pain-peer-group", "money-advice"}
    group = welsh["joint-pain-peer-group"]
    assert group.text_language == "cy"
    assert group.entry.name == "Byw'n Dda gyda Phoen yn y Cymalau"
    assert group.entry.when == "Dydd Mercher cyntaf y mis, 2yp tan 3.30yp"
    assert group.entry.contact.phone == "01632 960202"  # what is not text stays as it is


def test_arabic_and_polish_speakers_read_their_own_language() -> None:
    arabic = offered(example(), "ar")
    assert {o.text_language for o in arabic.values()} == {"ar"}
    assert arabic["heart-health-cafe"].entry.cost == "مجاني"
    polish = offered(example(), "pl_PL")  # a regional code finds the language's text
    assert polish["riverside-walks"].entry.cost == "Bezpłatnie"
    assert polish["riverside-walks"].text_language == "pl"


def test_english_is_the_directorys_own_text() -> None:
    english = offered(example(), "en_GB")
    assert english["money-advice"].entry.name == "Riverside Money Advice"
    assert {o.text_language for o in english.values()} == {"en"}


def test_without_a_translation_the_offer_says_its_text_is_in_the_directorys_language(
    tmp_path: Path,
) -> None:
    folder = unsigned_directory(tmp_path, ("      cy:\n        name: Byw'n Dda", "      xx:\n"))
    text = (folder / "directory.yaml").read_text(encoding="utf-8")
    start = text.index("    translations:\n      xx:\n")
    end = text.index("  - id: heart-health-cafe")
    (folder / "directory.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    group = offered(load_directory(folder, today=TODAY).directory, "cy")["joint-pain-peer-group"]
    assert group.text_language == "en"
    assert group.entry.name == "Living Well with Joint Pain"


def test_a_translation_that_leaves_a_field_out_keeps_the_directorys_text_for_it() -> None:
    entry = next(e for e in example().entries if e.id == "riverside-walks")
    text = entry.translations["pl"].model_copy(update={"where": None})
    partial = entry.model_copy(update={"translations": {"pl": text}})
    shown, language = localised(partial, "pl", "en")
    assert language == "pl" and shown.where == entry.where and shown.cost == "Bezpłatnie"


def test_the_record_keeps_the_text_as_offered() -> None:
    group = offered(example(), "cy")["joint-pain-peer-group"]
    chosen = choice(group, "1.1.0")
    assert chosen.name == "Byw'n Dda gyda Phoen yn y Cymalau"
    assert chosen.organisation == "Cyfeillion Arthritis Riverside (sefydliad ffuglennol)"
    assert chosen.when.startswith("Dydd Mercher") and chosen.where.startswith("Ystafell 2")
    assert chosen.how_to_join.startswith("Ffoniwch")
    assert chosen.contact == "01632 960202 · jointpain@example.org"
