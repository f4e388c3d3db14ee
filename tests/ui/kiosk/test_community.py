"""The kiosk's "Local groups and services": after "Who helps you decide?", only when the pack
names community topics and a trusted, recently checked entry matches them in the patient's
language; large toggles, plain words, nothing to open; the choices go in the sealed
hand-over, open chosen (not referred) in the clinician's plan step, and print on the slip."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import load_pack
from decision_aid.directory.available import Available
from decision_aid.directory.load import load_directory
from decision_aid.kiosk.community import kiosk_offers
from decision_aid.session.state import Session
from decision_aid.settings import Settings, save_settings
from decision_aid.ui.dialogs.kiosk_open_dialog import KioskOpenDialog
from decision_aid.ui.kiosk.answers import PeopleScreen
from decision_aid.ui.kiosk.community import CommunityScreen
from decision_aid.ui.kiosk.config import load_config
from decision_aid.ui.kiosk.controller import Kiosk
from decision_aid.ui.kiosk.handover_screen import HandoverScreen
from decision_aid.ui.kiosk.parts import BigButton
from decision_aid.ui.kiosk.script import screen_script
from decision_aid.ui.language import apply_language
from decision_aid.ui.library_window import LibraryWindow
from decision_aid.ui.steps.community_part import CommunityBox
from tests.conftest import SHIPPED
from tests.directory.support import unsigned_directory
from tests.ui.consult_support import store_in
from tests.ui.kiosk.community_support import OFFERED, loaded_with_topics
from tests.ui.kiosk.conftest import LANGUAGES, PASSPHRASE, Clinic, FakeClock, PdfPrinters
from tests.ui.kiosk.journey_support import answer, start, tap, walk
from tests.ui.kiosk.size_support import LEAST, check_screen

STATINS = "statins-primary-prevention"


def to_community(qtbot: QtBot, kiosk: Kiosk, language: str, pack: str = STATINS) -> list[str]:
    """From the welcome to the first screen after "Who helps you decide?" (or the
    hand-over); returns the names of the screens on the way."""
    start(qtbot, kiosk, language, pack)
    for _pass in range(2):  # the new language's layout settles in two passes, as in use
        QApplication.processEvents()
    seen = []
    while not isinstance(kiosk.screen, CommunityScreen | HandoverScreen):
        seen.append(type(kiosk.screen).__name__)
        tap(qtbot, kiosk.screen.next_button)
    return seen


def offered(screen: CommunityScreen) -> list[str]:
    return [offer.entry.id for offer, _button in screen.toggles]


def texts(root: QWidget) -> str:
    found = [w.text() for w in root.findChildren(QLabel) if w.isVisibleTo(root)]
    return "\n".join(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_screen_follows_who_helps_and_offers_the_matching_entries(
    qtbot: QtBot, kiosk: Kiosk, language: str
) -> None:
    seen = to_community(qtbot, kiosk, language)
    screen = kiosk.screen
    assert isinstance(screen, CommunityScreen)
    assert seen[-1] == PeopleScreen.__name__
    assert isinstance(kiosk.screens[kiosk.index + 1], HandoverScreen)
    assert offered(screen) == OFFERED[language]
    assert "joint-pain-peer-group" not in offered(screen)  # stale: for staff only
    check_screen(kiosk)
    shown = texts(screen)
    for offer, button in screen.toggles:
        entry = offer.entry
        assert button.isCheckable() and button.width() >= LEAST and button.height() >= LEAST
        assert entry.name in button.text_shown()
        assert button.text_shown() != entry.name  # "(example data)", in the language
        for value in (entry.what, entry.when, entry.where, entry.cost, entry.how_to_join):
            assert value in shown
        if entry.contact.phone:
            assert entry.contact.phone in shown
    assert "http" not in shown and "www." not in shown
    assert "12" not in screen.heading.text() and "staff" not in shown.lower()


def test_nothing_on_the_screen_can_be_opened_or_selected(qtbot: QtBot, kiosk: Kiosk) -> None:
    to_community(qtbot, kiosk, "en")
    screen = kiosk.screen
    labels = [w for w in screen.findChildren(QLabel) if w.isVisibleTo(screen)]
    assert len(labels) > 3 * len(screen.toggles)
    for label in labels:
        assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
        assert not label.openExternalLinks()
        if isinstance(label.parentWidget(), BigButton):  # a button's words: the button's
            assert label.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        else:
            assert label.textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction


def test_each_tap_is_written_and_the_screen_keeps_it(qtbot: QtBot, kiosk: Kiosk) -> None:
    to_community(qtbot, kiosk, "en")
    screen = kiosk.screen
    assert isinstance(screen, CommunityScreen) and kiosk.session is not None
    buttons = [button for _offer, button in screen.toggles]
    tap(qtbot, buttons[2])
    tap(qtbot, buttons[0])
    plan = kiosk.session.record.plan
    assert [c.entry for c in plan.community] == ["riverside-walks", "money-advice"]
    assert plan.community[0].contact == "01632 960101 · https://walks.example.org"
    assert plan.community[0].example and not plan.community_referral
    tap(qtbot, screen.back_button)
    tap(qtbot, kiosk.screen.next_button)
    assert [b.isChecked() for b in buttons] == [True, False, True]
    tap(qtbot, buttons[0])
    assert [c.entry for c in kiosk.session.record.plan.community] == ["money-advice"]


@pytest.mark.parametrize(
    ("pack", "topics"),
    [
        ("psa-screening", ()),  # a pack that names no community topic
        ("knee-osteoarthritis", ("pregnancy-and-baby",)),  # no entry has the topic
        ("knee-osteoarthritis", ("pain",)),  # the only entry is stale
    ],
)
def test_no_screen_when_nothing_is_offered(
    qtbot: QtBot,
    kiosk: Kiosk,
    tmp_path: Path,
    pack: str,
    topics: tuple[str, ...] | None,
) -> None:
    if topics is not None:
        copy = loaded_with_topics(tmp_path / "other", pack, topics)
        kiosk.config.packs = [copy if p.meta.id == pack else p for p in kiosk.config.packs]
    seen = to_community(qtbot, kiosk, "en", pack)
    assert isinstance(kiosk.screen, HandoverScreen)
    assert seen[-1] == PeopleScreen.__name__


def test_a_refused_directory_is_not_offered_and_the_patient_is_not_told(
    qtbot: QtBot,
    clinic: Clinic,
    clock: FakeClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    extra = tmp_path / "more"
    unsigned_directory(
        extra,
        ("id: example-community", "id: unsigned-one"),
        ("topics: [money-and-debt, housing]", "topics: [bereavement]"),
        name="unsigned-one",
    )
    monkeypatch.setenv("DECISION_AID_DIRECTORIES", str(extra))
    config = load_config(clinic.settings, [SHIPPED])
    assert config.directories is not None
    assert [d.directory.id for d in config.directories.directories] == ["example-community"]
    described = config.describe()
    assert "Community directory not offered:" in described
    assert "unsigned-one" in described and "not signed" in described
    assert "Riverside community support (example data)" in described
    knee = loaded_with_topics(tmp_path / "topics", "knee-osteoarthritis", ("bereavement",))
    config.packs = [knee if p.meta.id == knee.meta.id else p for p in config.packs]
    kiosk = Kiosk(config, clock=clock, wall=clock, speech="mock")
    try:
        kiosk.window.show()
        start(qtbot, kiosk, "en", "knee-osteoarthritis")
        while not isinstance(kiosk.screen, HandoverScreen):
            assert "signed" not in texts(kiosk.screen) and "directory" not in texts(kiosk.screen)
            assert not isinstance(kiosk.screen, CommunityScreen)
            tap(qtbot, kiosk.screen.next_button)
    finally:
        kiosk.exit()
        apply_language("en")


def test_without_a_trusted_directory_no_screen(qtbot: QtBot, kiosk: Kiosk) -> None:
    kiosk.config.directories = None
    to_community(qtbot, kiosk, "en")
    assert isinstance(kiosk.screen, HandoverScreen)
    assert "No community directory is offered" in kiosk.config.describe()


def test_the_hand_over_opens_with_the_groups_chosen_and_no_referral(
    qtbot: QtBot,
    kiosk: Kiosk,
    clinic: Clinic,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code = walk(qtbot, kiosk, "en", STATINS)
    assert kiosk.session is not None
    chosen = list(kiosk.session.record.plan.community)
    assert [c.entry for c in chosen] == OFFERED["en"]
    # The clinician's computer: the same pack in its library, the clinic's private key.
    save_settings(
        Settings(
            kiosk_spool=clinic.spool,
            kiosk_public_key=clinic.public_key,
            kiosk_private_key=clinic.private_key,
        )
    )
    library = LibraryWindow(
        [tmp_path / "topics"], today=lambda: date(2026, 12, 4), store=store_in(tmp_path)
    )
    qtbot.addWidget(library)
    library.show()
    qtbot.waitUntil(lambda: library.task is not None and not library.task.running)

    def exec_(dialog: KioskOpenDialog) -> int:
        dialog.code.setText(code)
        dialog.passphrase.setText(PASSPHRASE.decode())
        dialog.try_open()
        return int(dialog.result())

    monkeypatch.setattr(KioskOpenDialog, "exec", exec_)
    library.open_from_kiosk()
    qtbot.waitUntil(lambda: len(library.consultations) == 1)
    consultation = library.consultations[0]
    qtbot.addWidget(consultation)
    record = consultation.session.record
    assert record.plan.community == chosen and record.plan.community_referral is False
    assert record.kiosk is not None and "community" in record.kiosk.parts
    notes = [
        label.text()
        for label in consultation.findChildren(QLabel)
        if label.text().startswith("Prepared by the patient at the kiosk")
    ]
    assert len(notes) == 1 and "local groups and services" in notes[0]
    consultation.go_to("plan")
    [box] = consultation.findChildren(CommunityBox)
    ticked = [offer.entry.id for offer, check in box.boxes if check.isChecked()]
    assert ticked == OFFERED["en"]
    assert box.consent.isEnabled() and not box.consent.isChecked()
    qtbot.waitUntil(lambda: not (clinic.spool / f"{code}.handover").exists())


@pytest.mark.usefixtures("printers")
def test_the_slip_lists_the_chosen_groups_and_how_to_reach_them(
    qtbot: QtBot, kiosk: Kiosk, printers: PdfPrinters
) -> None:
    kiosk.config.printer = "Reception"
    to_community(qtbot, kiosk, "en")
    screen = kiosk.screen
    assert isinstance(screen, CommunityScreen)
    tap(qtbot, screen.toggles[0][1])
    tap(qtbot, screen.next_button)
    tap(qtbot, kiosk.screen.seal_button)
    text = " ".join(printers.text().split())
    assert "Local groups and services you chose:" in text
    assert "Riverside Health Walks (example data)" in text
    assert "How to join: Turn up on the day" in text
    assert "01632 960101" in text and "walks.example.org" in text
    assert "Heart Health" not in text and "Money Advice" not in text  # not chosen


@pytest.mark.usefixtures("printers")
def test_a_slip_without_chosen_groups_has_no_such_heading(
    qtbot: QtBot, kiosk: Kiosk, printers: PdfPrinters
) -> None:
    kiosk.config.printer = "Reception"
    to_community(qtbot, kiosk, "en")
    tap(qtbot, kiosk.screen.next_button)
    tap(qtbot, kiosk.screen.seal_button)
    assert "groups and services" not in printers.text()


def test_the_arabic_screen_runs_right_to_left(qtbot: QtBot, kiosk: Kiosk) -> None:
    to_community(qtbot, kiosk, "ar")
    screen = kiosk.screen
    assert isinstance(screen, CommunityScreen) and screen.isRightToLeft()
    window = kiosk.window
    heading = screen.heading.mapTo(window, screen.heading.rect().topRight()).x()
    assert heading > window.width() / 2
    answer(qtbot, kiosk)
    assert all(button.isChecked() for _offer, button in screen.toggles)
    check_screen(kiosk)


def test_an_entry_without_the_patients_language_says_so_and_is_read_in_its_own(
    qtbot: QtBot, tmp_path: Path
) -> None:
    # The café runs in Arabic, but this copy of the directory has no Arabic text for it.
    folder = unsigned_directory(tmp_path / "dirs")
    path = folder / "directory.yaml"
    text = path.read_text(encoding="utf-8")
    start_at = text.index("    translations:\n      ar:\n        name: مقهى")
    path.write_text(text[:start_at] + text[text.index("  - id: polish-wellbeing-circle") :])
    available = Available(directories=[load_directory(folder)])
    loaded = load_pack(SHIPPED / STATINS)
    apply_language("ar")
    session = Session(
        loaded.pack,
        content_hash=loaded.content_hash,
        clock=lambda: datetime(2026, 12, 1, 10, tzinfo=UTC),
        language="ar",
        translations=loaded.translations,
    )
    offers = kiosk_offers(available, loaded.meta.community_topics, "ar", date(2026, 12, 1))
    [cafe] = [o for o in offers if o.entry.id == "heart-health-cafe"]
    assert cafe.text_language == "en"
    screen = CommunityScreen(session, offers, available)
    qtbot.addWidget(screen)
    screen.show()
    script = [(p.text, p.language) for p in screen_script(screen, "ar")]
    # Said in Arabic, naming the language the details are in ...
    assert ("التفاصيل بلغة: English", "ar") in script
    # ... what the café is, read by the English voice; the screen's own lines in Arabic.
    assert (cafe.entry.what, "en") in script
    assert all(language == "ar" for text, language in script if text != cafe.entry.what)
    apply_language("en")
