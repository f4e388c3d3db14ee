"""The consultation window: steps, keyboard, undo, patient view, autosave, text size."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget
from pytestqt.qtbot import QtBot

from decision_aid.session.model import STEPS
from decision_aid.ui.consultation_window import ConsultationWindow
from tests.ui.consult_support import new_session, store_in
from tests.ui.layout_support import settle


def open_window(
    qtbot: QtBot, pack_id: str = "statins-primary-prevention", store=None, autosave_ms: int = 5000
) -> ConsultationWindow:
    loaded, session = new_session(pack_id)
    window = ConsultationWindow(loaded, session, store, autosave_ms=autosave_ms)
    qtbot.addWidget(window)
    window.show()
    return window


def test_next_and_back_walk_every_step(qtbot: QtBot) -> None:
    window = open_window(qtbot)
    assert window.session.record.step == "grid"
    assert not window.back_button.isEnabled()
    seen = [window.session.record.step]
    for _ in STEPS[1:]:
        qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
        seen.append(window.session.record.step)
    assert tuple(seen) == STEPS
    assert not window.next_button.isEnabled()
    assert window.stack.currentIndex() == len(STEPS) - 1
    assert window.nav_buttons["afterwards"].isChecked()
    qtbot.mouseClick(window.back_button, Qt.MouseButton.LeftButton)
    assert window.session.record.step == "summary"


def test_keyboard_shortcuts_move_between_steps(qtbot: QtBot) -> None:
    window = open_window(qtbot)
    window.next_action.trigger()
    assert window.session.record.step == "risks"
    keys = {k.toString() for k in window.next_action.shortcuts()}
    assert {"Alt+Right", "Ctrl+PgDown"} <= keys
    assert "Alt+Left" in {k.toString() for k in window.back_action.shortcuts()}
    window.back_action.trigger()
    assert window.session.record.step == "grid"


def test_nav_buttons_jump_and_are_named(qtbot: QtBot) -> None:
    window = open_window(qtbot)
    qtbot.mouseClick(window.nav_buttons["plan"], Qt.MouseButton.LeftButton)
    assert window.session.record.step == "plan"
    assert all(b.accessibleName() for b in window.nav_buttons.values())


def test_steps_are_recorded_as_shown(qtbot: QtBot) -> None:
    window = open_window(qtbot)
    window.go_to("values")
    steps = [s.step for s in window.session.record.shown]
    assert steps[0] == "grid" and "values" in steps


def test_undo_and_redo(qtbot: QtBot) -> None:
    window = open_window(qtbot)
    concern = window.session.pack.content.values[0].id
    assert not window.undo_action.isEnabled()
    window.session.rate(concern, 4)
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert window.session.importance(concern) is None
    window.redo_action.trigger()
    assert window.session.importance(concern) == 4


def test_patient_view_mirrors_the_current_step(qtbot: QtBot) -> None:
    window = open_window(qtbot)
    qtbot.mouseClick(window.patient_button, Qt.MouseButton.LeftButton)
    patient = window.patient_window
    assert patient is not None and patient.isVisible()
    assert patient.current_page_title() == window.current_page().title()
    window.go_to("values")
    assert patient.current_page_title() == window.pages["values"].title()
    assert all(page.patient for page in patient.pages.values())
    qtbot.mouseClick(window.patient_button, Qt.MouseButton.LeftButton)
    assert window.patient_window is None


def test_autosave_writes_a_draft_soon_after_a_change(qtbot: QtBot, tmp_path: Path) -> None:
    store = store_in(tmp_path)
    window = open_window(qtbot, store=store, autosave_ms=20)
    window.session.set_leaning("option:statin")
    qtbot.waitUntil(lambda: store.path_for(window.session.record.id).exists())
    assert not window.session.dirty
    [info] = store.unfinished()
    assert store.load(info.path).plan.leaning == "option:statin"
    assert "Saved at" in window.statusBar().currentMessage()


def test_closing_saves_and_a_failed_save_asks_first(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from decision_aid.session.store import DraftError

    store = store_in(tmp_path)
    window = open_window(qtbot, store=store)
    window.session.set_questions(["Will it hurt?"])

    def full(_record: object) -> Path:
        raise DraftError("No space left on the disk")

    monkeypatch.setattr(store, "save", full)
    asked: list[str] = []
    monkeypatch.setattr(
        window, "confirm_close_unsaved", lambda problem: asked.append(problem) or False
    )
    window.close()
    assert asked == ["No space left on the disk"]
    assert window.isVisible(), "the window stays open so nothing is lost"
    monkeypatch.undo()
    window.close()
    assert not window.isVisible()
    [info] = store.unfinished()
    assert store.load(info.path).plan.questions == ["Will it hurt?"]


def test_text_scales_and_resets(qtbot: QtBot) -> None:
    window = open_window(qtbot)
    base = QApplication.font().pointSizeF()
    try:
        window.scale_text(2.0)
        assert QApplication.font().pointSizeF() == pytest.approx(base * 2)
        window.reset_text()
        assert QApplication.font().pointSizeF() == pytest.approx(base)
    finally:
        font = QApplication.font()
        font.setPointSizeF(base)
        QApplication.setFont(font)


def focusable(widget: QWidget) -> list[QWidget]:
    return [
        w
        for w in widget.findChildren(QWidget)
        if w.isVisibleTo(widget)
        and w.isEnabled()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and not w.objectName().startswith("qt_")
        and type(w).__name__ not in ("QScrollBar",)
    ]


@pytest.mark.parametrize(
    "pack_id", ["knee-osteoarthritis", "psa-screening", "statins-primary-prevention"]
)
def test_accessibility_walk(qtbot: QtBot, pack_id: str) -> None:
    """On every step, every focusable control has a name and sits in the Tab chain."""
    window = open_window(qtbot, pack_id)
    for step in STEPS:
        window.go_to(step)
        page = window.current_page()
        controls = focusable(window)
        unnamed = [
            f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}"
            for w in controls
            if not w.accessibleName() and not (isinstance(w, QAbstractButton) and w.text())
        ]
        assert unnamed == [], f"{step}: {unnamed}"
        chain: set[int] = set()
        current = window.nextInFocusChain()
        for _ in range(5000):
            chain.add(id(current))
            current = current.nextInFocusChain()
            if current is window:
                break
        missing = [type(w).__name__ for w in focusable(page) if id(w) not in chain]
        assert missing == [], f"{step}: not reachable with Tab: {missing}"


def test_nothing_clips_at_double_text_size(qtbot: QtBot) -> None:
    """At 200 % text every visible widget gets at least the room its text needs."""
    base = QApplication.font()
    big = QApplication.font()
    big.setPointSizeF(base.pointSizeF() * 2)
    QApplication.setFont(big)
    try:
        window = open_window(qtbot, "knee-osteoarthritis")
        window.resize(1180, 800)
        for step in STEPS:
            window.go_to(step)
            settle(window)
            page = window.current_page()
            cramped = [
                f"{type(w).__name__}:{getattr(w, 'text', lambda: '')()[:30]!r}"
                for w in page.findChildren(QWidget)
                if w.isVisibleTo(page)
                and w.minimumSizeHint().isValid()
                and (
                    w.width() + 1 < w.minimumSizeHint().width()
                    or w.height() + 1 < w.minimumSizeHint().height()
                )
            ]
            assert cramped == [], f"{step}: {cramped[:5]}"
    finally:
        QApplication.setFont(base)


def test_text_still_being_typed_is_saved_on_close(qtbot: QtBot, tmp_path: Path) -> None:
    store = store_in(tmp_path)
    window = open_window(qtbot, store=store)
    window.go_to("plan")
    page = window.pages["plan"]
    qtbot.keyClicks(page.next_steps, "Book a review in two weeks")  # type: ignore[attr-defined]
    window.close()
    [info] = store.unfinished()
    assert store.load(info.path).plan.next_steps == "Book a review in two weeks"
