"""Pack, patient and session text never acts as markup anywhere in the UI.

The attack: a pack (or a patient's answer) holding ``<img src="/dev/zero">`` made Qt
read the device until memory ran out, at every start while a draft for that pack was
waiting; harmless markup rendered (a huge red "BIG", links), and an ``&`` in an option
name became a keyboard shortcut. Here every text field of a pack and of a session
carries markup whose image is a probe file, and every widget of every step (the
clinician's and the patient's view), the library, the recovery banner, the cell
detail, the record dialog and every message box is walked: each must show the markup
as written, and the probe must never be opened.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QToolTip, QWidget
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import LoadedPack, load_pack
from decision_aid.session import scoring
from decision_aid.session.model import STEPS, Person, Supporter
from decision_aid.session.state import Session
from decision_aid.settings import Settings
from decision_aid.ui import app as ui_app
from decision_aid.ui import plain_text
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.consultation_window import ConsultationWindow
from decision_aid.ui.dialogs.record_dialog import RecordDialog
from decision_aid.ui.library_window import LibraryWindow
from decision_aid.ui.steps.grid_step import GridStep
from decision_aid.ui.steps.plan_step import PlanStep
from decision_aid.ui.steps.values_step import ValuesStep
from tests.conftest import MINIMAL, SHIPPED
from tests.fixtures.hostile import OpenWatch, hostile_pack, hostile_record, markup, write_probe
from tests.ui.consult_support import START, store_in
from tests.ui.markup_support import (
    markup_problems,
    showing,
    shown_texts,
    title_shown,
    without_mnemonics,
)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")
"""Tooltips pop up here; the offscreen platform warns that it cannot raise them."""

TODAY = date(2026, 11, 25)
Probe = tuple[Path, OpenWatch]
PACKS = {"minimal": MINIMAL} | {p.name: p for p in sorted(SHIPPED.iterdir()) if p.is_dir()}


@pytest.fixture
def probe(tmp_path: Path) -> Iterator[Probe]:
    """The image the markup points at, and a watch that tells if anything opened it."""
    path = write_probe(tmp_path / "probe.png")
    watch = OpenWatch(path)
    yield path, watch
    watch.close()


def fill(session: Session) -> None:
    """Answer everything a consultation can hold, so every text has a place on screen."""
    content = session.pack.content
    for value in content.values:
        session.rate(value.id, 4)
    for text in ("Cost of travel", "Being able to drive"):
        concern = session.add_own_concern(text, importance=3)
        session.set_own_fare(concern, content.options[0].id, 2)
    for question in content.knowledge:
        wrong = next(c.id for c in question.choices if c.id != question.answer)
        session.answer_knowledge(question.id, wrong)
    for item in ("sure", "understand", "risk_benefit"):
        session.answer_sure(item, True)  # type: ignore[arg-type]
    session.answer_sure("encouragement", False)
    fits = scoring.option_fits(content, session.record)
    worst = min(fits, key=lambda f: f.fit if f.fit is not None else 0)
    session.set_leaning(f"option:{worst.option_id}")
    session.set_questions(["How long is the wait?", "Can I change my mind?"])
    session.set_supporters([Supporter(name="Sam", relationship="carer", note="Will drive me")])
    session.set_resources([r.id for r in content.support])
    session.set_next_steps("Book a review.\nBring the leaflet.")
    session.set_follow_up(date(2026, 12, 20))
    session.set_patient(Person(name="Alex Patient", identifier="C123"))
    session.set_clinician(Person(name="Dr Example", role="GP", identifier="G1"))
    for item in ("explained", "listened", "included"):
        session.set_collaborate(item, 9)


@pytest.fixture(params=list(PACKS))
def hostile(
    request: pytest.FixtureRequest, tmp_path: Path, probe: Probe
) -> tuple[LoadedPack, Session]:
    """A pack with markup in every text field, and a filled session with markup in its own."""
    src, _watch = probe
    folder = hostile_pack(PACKS[request.param], tmp_path / "packs" / request.param, src)
    loaded = load_pack(folder)
    plain = Session(loaded.pack, content_hash=loaded.content_hash, clock=lambda: START)
    fill(plain)
    record = hostile_record(plain.record, src)
    session = Session(
        loaded.pack,
        content_hash=loaded.content_hash,
        record=record,
        clock=lambda: START,
        translations=loaded.translations,
    )
    return loaded, session


class Boxes:
    """Message boxes as they would be shown, walked, then answered at once with no button."""

    def __init__(self) -> None:
        self.shown: list[list[str]] = []
        """What each box showed, text by text."""
        self.problems: list[str] = []

    def exec(self, box: QMessageBox) -> int:
        box.show()
        box.grab()
        self.problems += markup_problems(box)
        self.shown.append([item.shown for item in shown_texts(box)])
        box.hide()
        box.deleteLater()
        return 0

    def showing(self, text: str) -> list[list[str]]:
        """The boxes that showed ``text`` as written."""
        return [texts for texts in self.shown if any(text in t for t in texts)]


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    found = Boxes()

    def exec_(box: QMessageBox) -> int:
        return found.exec(box)

    monkeypatch.setattr(QMessageBox, "exec", exec_)

    def static(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("Qt's own message boxes guess whether the text is markup")

    for name in ("about", "critical", "information", "question", "warning"):
        monkeypatch.setattr(QMessageBox, name, static)
    return found


def look(widget: QWidget) -> None:
    """Lay out and paint ``widget`` (painting is when Qt would load an image)."""
    QApplication.processEvents()
    widget.grab()


def show_tooltips(root: QWidget) -> None:
    """Show every tooltip under ``root`` that carries pack or session text."""
    for widget in [root, *root.findChildren(QWidget)]:
        if "BIG" in widget.toolTip():
            QToolTip.showText(QPoint(10, 10), widget.toolTip(), widget)
            QApplication.processEvents()
    QToolTip.hideText()


# --- the walk ----------------------------------------------------------------------------------


def test_every_step_shows_markup_as_written(
    qtbot: QtBot, hostile: tuple[LoadedPack, Session], probe: Probe, boxes: Boxes
) -> None:
    src, watch = probe
    loaded, session = hostile
    window = ConsultationWindow(loaded, session, None)
    qtbot.addWidget(window)
    window.resize(1180, 800)
    window.show()
    for step in STEPS:
        window.go_to(step)
        look(window)
    grid = window.pages["grid"].grid  # type: ignore[attr-defined]
    window.pages["grid"].focus_toggle.setChecked(True)  # type: ignore[attr-defined]
    window.pages["values"].how_button.setChecked(True)  # type: ignore[attr-defined]
    show_tooltips(window)

    window.set_patient_view(True)
    patient = window.patient_window
    assert patient is not None
    qtbot.addWidget(patient)
    for step in STEPS:
        window.go_to(step)
        look(patient)

    question, option = session.pack.content.questions[0], session.pack.content.options[0]
    detail = grid.open_detail(grid.cell_index(question.id, option.id))
    assert detail is not None
    look(detail)

    window.confirm_close_unsaved(markup(src))
    problems = markup_problems(window, patient, detail) + boxes.problems
    for language in session.languages()[1:2]:  # a translation of the pack carries markup too
        session.set_language(language)
        for step in STEPS:
            window.go_to(step)
            look(window)
            look(patient)
        problems += markup_problems(window, patient)
    session.set_language(session.languages()[0])
    assert problems == []
    assert not watch.check(), "an <img src> in pack or session text was loaded"

    # The markup reached the screen, as written, on every step that shows pack text.
    literal = markup(src)
    for step in ("grid", "risks", "values", "check", "plan", "summary"):
        assert showing(literal, window.pages[step]), step  # type: ignore[arg-type]
        assert showing(literal, patient.pages[step]), f"patient's {step}"  # type: ignore[arg-type]
    assert showing(literal, grid), "the grid's painted cells"
    assert showing(literal, detail)
    assert boxes.showing(literal)
    grid_page = window.pages["grid"]
    assert isinstance(grid_page, GridStep)
    assert grid_page.decision.text() == session.pack.meta.decision
    assert grid_page.decision.textFormat() == Qt.TextFormat.PlainText
    assert title_shown(window.windowTitle()).startswith(session.pack.meta.title)


def test_library_banner_and_boxes_show_markup_as_written(
    qtbot: QtBot, hostile: tuple[LoadedPack, Session], probe: Probe, boxes: Boxes, tmp_path: Path
) -> None:
    src, watch = probe
    _loaded, session = hostile
    store = store_in(tmp_path)
    # An unfinished consultation (under an id the store accepts): the banner names its pack.
    store.save(session.record.model_copy(update={"id": "0123456789abcdef"}))
    window = LibraryWindow([tmp_path / "packs"], today=lambda: TODAY, store=store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.task is not None and not window.task.running)
    window.table.selectRow(0)
    assert window.banner.isVisible()
    look(window)
    show_tooltips(window)
    entry = window.selected_entry()
    assert entry is not None
    window.confirm_expired(entry)
    window._load_failed(OSError(markup(src)))
    ui_app._excepthook(RuntimeError, RuntimeError(markup(src)), None)

    assert markup_problems(window) + boxes.problems == []
    assert not watch.check(), "an <img src> in pack or session text was loaded"
    literal = markup(src)
    assert showing(literal, window.banner), "the recovery banner"
    assert showing(literal, window.details), "the pack's details"
    assert showing(literal, window.table), "the library table"
    assert len(boxes.shown) == 3
    assert len(boxes.showing(literal)) == 3


def test_record_dialog_shows_markup_as_written(
    qtbot: QtBot,
    hostile: tuple[LoadedPack, Session],
    probe: Probe,
    boxes: Boxes,
    tmp_path: Path,
) -> None:
    src, watch = probe
    loaded, session = hostile
    literal = markup(src)
    settings = Settings(organisation=literal, tsa_url="https://tsa.example" + literal)
    dialog = RecordDialog(
        loaded, session, settings=settings, clock=lambda: datetime(2026, 11, 25, tzinfo=UTC)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    look(dialog)
    taken = Path(f"{tmp_path}/records/{literal}.pdf")  # its slashes make folders
    taken.parent.mkdir(parents=True)
    taken.write_bytes(b"old")
    dialog.output_edit.setText(str(taken))
    dialog.create_record()  # asks before replacing the file
    dialog.show_message(literal, ok=False)
    look(dialog)
    assert markup_problems(dialog) + boxes.problems == []
    assert not watch.check(), "an <img src> in pack or session text was loaded"
    assert showing(literal, dialog.timestamp) and showing(literal, dialog.message)
    assert boxes.showing(str(taken))


# --- the helpers and the tells themselves ------------------------------------------------------


def test_markup_in_a_rich_label_would_load_the_image(qtbot: QtBot, probe: Probe) -> None:
    """The attack itself, on a label left to guess: the walk and the watch both see it."""
    src, watch = probe
    label = QLabel(markup(src))  # what the steps did before
    qtbot.addWidget(label)
    label.show()
    label.grab()
    assert watch.check(), "the probe is not a faithful stand-in for /dev/zero"
    problems = markup_problems(label)
    assert any("guess" in p for p in problems)
    assert any("BIG" in p for p in problems)
    assert any("image" in p for p in problems)


def test_the_helpers_show_text_as_written(qtbot: QtBot, probe: Probe) -> None:
    src, watch = probe
    text = markup(src) + "\nsecond line [*]"
    root = QWidget()
    qtbot.addWidget(root)
    root.setWindowTitle(plain_text.window_title(text))
    root.setToolTip(plain_text.tooltip(text))
    label = plain_text.plain_label(text, parent=root)
    plain_text.rich_label(f"<b>{plain_text.escaped(text)}</b>", parent=root)
    box = plain_text.message_box(root, QMessageBox.Icon.Warning, text, text)
    root.show()
    box.show()
    for widget in (root, box):
        widget.grab()
    QToolTip.showText(QPoint(5, 5), root.toolTip(), root)
    QApplication.processEvents()
    QToolTip.hideText()
    assert markup_problems(root, box) == []
    assert not watch.check()
    assert label.text() == text
    assert title_shown(root.windowTitle()) == text
    assert without_mnemonics(plain_text.literal_ampersands("A & B &Amp")) == "A & B &Amp"
    assert plain_text.tooltip("") == ""


def test_an_ampersand_in_an_option_is_not_a_shortcut(
    qtbot: QtBot, make_pack: Callable[..., Path]
) -> None:
    folder = make_pack(edits={"content.yaml": [("name: Take the tablet", "name: Diet & Exercise")]})
    loaded = load_pack(folder)
    session = Session(loaded.pack, content_hash=loaded.content_hash, clock=lambda: START)
    binding = SessionBinding(session)
    page = ValuesStep(binding)
    qtbot.addWidget(page)
    concern = session.add_own_concern("Cost")
    fare_labels = [
        label
        for label in page.findChildren(QLabel)
        if label.buddy() is page.fares[(concern, "tablet")]
    ]
    assert [without_mnemonics(label.text()) for label in fare_labels] == [
        "For Diet & Exercise, this is:"
    ]
    grid = GridStep(binding)
    qtbot.addWidget(grid)
    box = grid.option_boxes["tablet"]
    assert without_mnemonics(box.text()) == "Diet & Exercise"
    assert box.shortcut().isEmpty()
    plan = PlanStep(binding)
    qtbot.addWidget(plan)
    radio = plan.leaning_buttons["option:tablet"]
    assert without_mnemonics(radio.text()) == "Diet & Exercise"
    assert radio.shortcut().isEmpty()
