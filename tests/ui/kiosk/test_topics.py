"""The kiosk's topics show each pack's own picture beside its title, and its questions screen
offers the pack's question prompts, in the patient's language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import load_pack
from decision_aid.content.strings import localize
from decision_aid.session.state import Session
from decision_aid.ui.kiosk.answers import QuestionsScreen
from decision_aid.ui.kiosk.controller import Kiosk
from decision_aid.ui.kiosk.parts import BLACK, HIGH_CONTRAST, WHITE
from decision_aid.ui.kiosk.topic_button import DISC, INK, PICTURE_MAX, PICTURE_MIN
from decision_aid.ui.kiosk.welcome import TopicScreen
from decision_aid.ui.language import apply_language, direction
from tests.conftest import MINIMAL, SHIPPED
from tests.ui.kiosk.conftest import LANGUAGES
from tests.ui.kiosk.journey_support import tap
from tests.ui.kiosk.test_display import larger_to_the_end

ICONS = {
    "knee-osteoarthritis": "knee",
    "statins-primary-prevention": "heart",
    "psa-screening": "blood-test",
}


def topic_screen(qtbot: QtBot, language: str, *, minimal: bool = False) -> TopicScreen:
    packs = [load_pack(SHIPPED / pack_id) for pack_id in ICONS]
    if minimal:
        packs.append(load_pack(MINIMAL))
    screen = TopicScreen(packs, language)
    screen.setLayoutDirection(direction(language))
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def colours(widget) -> set[tuple[int, int, int]]:  # type: ignore[no-untyped-def]
    picture = widget.grab().toImage()
    return {
        picture.pixelColor(x, y).getRgb()[:3]
        for x in range(0, picture.width(), 2)
        for y in range(0, picture.height(), 2)
    }


def test_each_topic_shows_its_packs_picture_and_a_pack_without_one_the_default(
    qtbot: QtBot,
) -> None:
    screen = topic_screen(qtbot, "en", minimal=True)
    for pack_id, icon in ICONS.items():
        button = screen.buttons[pack_id]
        assert button.picture.name == icon and button.picture.isVisible()
        assert button.accessibleName().startswith(load_pack(SHIPPED / pack_id).meta.title)
    assert screen.buttons["minimal"].picture.name is None
    drawn = [screen.buttons[p].picture.grab().toImage() for p in [*ICONS, "minimal"]]
    for first in range(len(drawn)):
        for second in range(first + 1, len(drawn)):
            assert drawn[first] != drawn[second]
    assert INK.getRgb()[:3] in colours(screen.buttons["minimal"].picture)


def test_tapping_the_picture_chooses_the_topic(qtbot: QtBot) -> None:
    screen = topic_screen(qtbot, "en")
    picture = screen.buttons["psa-screening"].picture
    with qtbot.waitSignal(screen.chosen) as chosen:
        qtbot.mouseClick(picture, Qt.MouseButton.LeftButton, pos=picture.rect().center())
    assert chosen.args == ["psa-screening"]


def test_the_picture_is_at_the_start_of_the_line_in_english_and_arabic(qtbot: QtBot) -> None:
    try:
        for language, picture_first in (("en", True), ("ar", False)):
            apply_language(language)
            screen = topic_screen(qtbot, language)
            for button in screen.buttons.values():
                picture = button.picture.geometry().center().x()
                words = button.label.geometry().center().x()
                assert (picture < words) is picture_first, language
                assert button.label.isRightToLeft() is (language == "ar")
    finally:
        apply_language("en")


def test_the_picture_follows_high_contrast(qtbot: QtBot) -> None:
    screen = topic_screen(qtbot, "en")
    picture = screen.buttons["knee-osteoarthritis"].picture
    normal = colours(picture)
    assert DISC.getRgb()[:3] in normal and INK.getRgb()[:3] in normal
    screen.setProperty(HIGH_CONTRAST, True)
    high = colours(picture)
    assert {BLACK.getRgb()[:3], WHITE.getRgb()[:3]} <= high
    assert all(red == green == blue for red, green, blue in high), "white on black only"


def test_the_picture_grows_with_the_text_and_the_topic_stays_large_enough(
    qtbot: QtBot, kiosk: Kiosk
) -> None:
    tap(qtbot, kiosk.screen.buttons["en"])
    screen = kiosk.screen
    assert isinstance(screen, TopicScreen)
    QApplication.processEvents()
    before = {key: b.picture.width() for key, b in screen.buttons.items()}
    assert all(PICTURE_MIN <= side <= PICTURE_MAX for side in before.values())
    larger_to_the_end(qtbot, kiosk)
    QApplication.processEvents()
    for key, button in screen.buttons.items():
        assert before[key] < button.picture.width() <= PICTURE_MAX
        assert button.height() >= button.picture.height() + 20
        inside = button.picture.mapTo(button, QPoint(0, 0))
        assert inside.y() >= 0 and inside.y() + button.picture.height() <= button.height()


def suggested(pack_id: str, language: str, qtbot: QtBot) -> tuple[list[str], list[str]]:
    loaded = load_pack(SHIPPED / pack_id)
    session = Session(
        loaded.pack,
        content_hash=loaded.content_hash,
        translations=loaded.translations,
        language=language,
    )
    screen = QuestionsScreen(session)
    qtbot.addWidget(screen)
    translation = loaded.translations.get(language)
    localized, _missing = localize(loaded.pack, translation)
    return list(screen.suggested), [p.text for p in localized.content.prompts]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("pack_id", list(ICONS))
def test_the_questions_screen_offers_the_packs_prompts_in_the_patients_language(
    qtbot: QtBot, pack_id: str, language: str
) -> None:
    offered, prompts = suggested(pack_id, language, qtbot)
    assert offered == prompts and len(offered) >= 6
    english = [p.text for p in load_pack(SHIPPED / pack_id).content.prompts]
    assert (offered == english) is (language == "en")


def test_a_pack_without_prompts_offers_its_grids_questions(qtbot: QtBot) -> None:
    loaded = load_pack(MINIMAL)
    assert not loaded.content.prompts
    session = Session(loaded.pack, content_hash=loaded.content_hash)
    screen = QuestionsScreen(session)
    qtbot.addWidget(screen)
    assert list(screen.suggested) == [q.text for q in loaded.content.questions]


def test_tapped_prompts_and_typed_questions_go_to_the_record(qtbot: QtBot) -> None:
    loaded = load_pack(SHIPPED / "statins-primary-prevention")
    session = Session(
        loaded.pack,
        content_hash=loaded.content_hash,
        translations=loaded.translations,
        language="pl",
    )
    screen = QuestionsScreen(session)
    qtbot.addWidget(screen)
    screen.show()
    offered = list(screen.suggested)
    first, fifth = offered[0], offered[4]
    tap(qtbot, screen.suggested[fifth])
    tap(qtbot, screen.suggested[first])
    screen.field.setText("Czy mogę pić sok grejpfrutowy?")
    tap(qtbot, screen.add_button)
    assert session.record.plan.questions == [first, fifth, "Czy mogę pić sok grejpfrutowy?"]
    assert first == "Jakie mam możliwości?"
    tap(qtbot, screen.suggested[first])
    assert session.record.plan.questions == [fifth, "Czy mogę pić sok grejpfrutowy?"]


def test_normal_colours_are_strong_enough() -> None:
    from decision_aid.ui.kiosk.display import contrast

    assert contrast(INK, DISC) >= 7.0
    assert contrast(INK, QColor("#ffffff")) >= 7.0
