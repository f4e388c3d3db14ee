"""No English left on a translated screen.

Every screen is rendered twice from the same consultation: in English, and in Welsh,
Polish or Arabic (screen and patient alike). Every visible text of the translated
screen (labels, buttons, group titles, placeholders, list and table cells, headers,
menus, window titles, the status bar) that is identical to a text of the English screen
is a leak: a message the catalog never saw, or pack text that was never translated.
The only texts allowed to stay the same are names, numbers and citations (ALLOWED and
``allowed_here``), each with the reason it stays.

Screens: the library, each step of the consultation in the clinician's view and in the
patient's, and the dialogs (a cell's details, the record and the verify dialogs).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import LoadedPack, load_pack
from decision_aid.content.risk_text import short_citation
from decision_aid.i18n import NATIVE_NAMES, translate, using
from decision_aid.i18n.bidi import strip_isolates
from decision_aid.session.model import STEPS, SessionRecord
from decision_aid.session.state import Session
from decision_aid.settings import Settings
from decision_aid.ui.consultation_window import ConsultationWindow
from decision_aid.ui.dialogs.record_dialog import RecordDialog
from decision_aid.ui.dialogs.verify_dialog import VerifyDialog
from decision_aid.ui.language import apply_language
from decision_aid.ui.library_window import LibraryWindow
from decision_aid.ui.steps.check_step import SURE_SOURCE
from decision_aid.ui.steps.grid_step import GridStep
from tests.conftest import ROOT, SHIPPED

PACKS = ["knee-osteoarthritis", "psa-screening", "statins-primary-prevention"]
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)

ALLOWED_WORDS = (
    # Names of tests, scales and services, kept in every language (as in the packs).
    "SURE",
    "CollaboRATE",
    "PSA",
    "NHS",
    "MRI",
    "BMI",
    "PDF",
    "FHIR",
    # Names of the identifier systems in a reference ("DOI 10.1056/...", "PubMed 26488691").
    "DOI",
    "PubMed",
    # The product's name.
    "decision-aid",
    # Languages are listed by their own names on every screen.
    *NATIVE_NAMES.values(),
)
ADDRESSES = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\S*/\S*")
"""Web and e-mail addresses, and paths: addresses, not words."""
QT_WITHOUT_WELSH = {"OK", "Cancel", "Close", "Open", "Save", "Yes", "No", "Apply", "Reset"}
"""Qt ships no Welsh catalog: its standard buttons stay English in Welsh (see README)."""
SPELT_THE_SAME = {"pl": ("Plan", "Folder", "Status")}
"""Words a language spells as English does: the catalog's translation is the same word
(checked below, so that nothing untranslated hides here)."""


def allowed_here(loaded: LoadedPack, record: SessionRecord) -> set[str]:
    """The names and citations of this pack and consultation, which no language changes."""
    content, meta = loaded.pack.content, loaded.meta
    names = {p.name for p in (*meta.authors, *meta.reviewers)}
    # Support groups keep their own names in the translations (Tackle Prostate Cancer ...).
    names |= {r.name for r in content.support}
    cited = {r.citation for r in content.references} | {SURE_SOURCE}
    cited |= {short_citation(c) for c in cited}
    typed = {*record.plan.questions, record.plan.next_steps}
    typed |= {p.name for p in record.plan.supporters} | {p.note for p in record.plan.supporters}
    typed |= {c.text for c in record.own_concerns}
    for person in (record.patient, record.clinician):
        if person is not None:
            typed |= {person.name, person.role or "", person.identifier or ""}
            typed.add(", ".join(p for p in (person.name, person.role, person.identifier) if p))
    return {t for t in names | cited | typed if t}


def has_words(text: str, allowed: set[str], same: tuple[str, ...] = ()) -> bool:
    """True when ``text`` holds a word that is not a name, a number, a citation or an
    address (something a translator should have translated)."""
    for kept in sorted(allowed, key=len, reverse=True):
        text = text.replace(kept, " ")
    text = ADDRESSES.sub(" ", text)
    for word in (*ALLOWED_WORDS, *same):
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", " ", text)
    return re.search(r"[^\W\d_]{2,}", text) is not None


# -- what a screen shows -------------------------------------------------------------------


def _lines(text: str, rich: bool = False) -> list[str]:
    if rich:
        document = QTextDocument()
        document.setHtml(text)
        text = document.toPlainText()
    text = strip_isolates(text).replace("\u2028", "\n").replace("&&", "\0")
    text = text.replace("&", "").replace("\0", "&")
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _label_lines(label: QLabel) -> list[str]:
    text = label.text()
    rich = label.textFormat().name == "RichText" or (
        label.textFormat().name == "AutoText" and text.lstrip().startswith("<")
    )
    return _lines(text, rich)


def _menu_lines(menu: QMenu) -> Iterator[str]:
    for action in menu.actions():
        if action.text():
            yield from _lines(action.text().split("\t")[0])
        if action.menu() is not None:
            yield from _menu_lines(action.menu())


def _view_lines(view: QAbstractItemView) -> Iterator[str]:
    model = view.model()
    if model is None:
        return
    for column in range(model.columnCount()):
        header = model.headerData(column, Qt.Orientation.Horizontal)
        if isinstance(header, str):
            yield from _lines(header)
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            value = model.index(row, column).data()
            if isinstance(value, str):
                yield from _lines(value)


def visible_texts(root: QWidget) -> set[str]:
    """Every text line ``root`` shows (visible widgets only, menus included)."""
    found: list[str] = []
    if root.windowTitle():
        found += _lines(root.windowTitle())
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLabel):
            found += _label_lines(widget)
        elif isinstance(widget, QAbstractButton | QToolButton):
            found += _lines(widget.text())
        elif isinstance(widget, QGroupBox):
            found += _lines(widget.title())
        elif isinstance(widget, QLineEdit):
            found += _lines(widget.placeholderText())
        elif isinstance(widget, QPlainTextEdit):
            found += _lines(widget.placeholderText()) + _lines(widget.toPlainText())
        elif isinstance(widget, QTextEdit):
            found += _lines(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            found += [line for i in range(widget.count()) for line in _lines(widget.itemText(i))]
        elif isinstance(widget, QAbstractItemView):
            found += list(_view_lines(widget))
    if isinstance(root, QMainWindow):
        for action in root.menuBar().actions():
            found += _lines(action.text())
            if action.menu() is not None:
                found += list(_menu_lines(action.menu()))
        found += _lines(root.statusBar().currentMessage())
    return set(found)


# -- rendering every screen ----------------------------------------------------------------

Screens = dict[str, set[str]]


def render_all(qtbot: QtBot, pack_id: str, language: str) -> tuple[Screens, set[str]]:
    """Every screen's texts, with the screen and the patient in ``language``."""
    apply_language(language)
    screens: Screens = {}
    library = LibraryWindow([SHIPPED], today=lambda: date(2026, 12, 1))
    qtbot.addWidget(library)
    library.resize(1180, 820)
    library.show()
    qtbot.waitUntil(lambda: library.task is not None and not library.task.running)
    entry = library.entry_for(pack_id)
    assert entry is not None
    library._select(entry)
    screens["library"] = visible_texts(library)

    loaded = load_pack(SHIPPED / pack_id)
    text = (ROOT / "examples" / f"{pack_id}.session.json").read_text(encoding="utf-8")
    record = SessionRecord.model_validate_json(text)
    session = Session(
        loaded.pack,
        content_hash=loaded.content_hash,
        record=record,
        clock=lambda: NOW,
        translations=loaded.translations,
    )
    session.set_language(language)
    outcomes = [o.id for o in loaded.pack.content.outcomes]
    for outcome_id, view in zip(outcomes, ("icons", "bar", "words"), strict=False):
        session.set_risk_view(outcome_id, view)  # type: ignore[arg-type]
    window = ConsultationWindow(loaded, session, None)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.set_patient_view(True)
    patient = window.patient_window
    assert patient is not None
    for step in STEPS:
        window.go_to(step)
        page = window.pages[step]
        for button in page.findChildren(QToolButton):
            if button.isCheckable():
                button.setChecked(True)  # 'Focus', 'How we know': what they open is shown
        QApplication.processEvents()
        screens[f"clinician {step}"] = visible_texts(window)
        screens[f"patient {step}"] = visible_texts(patient)
    grid_page = window.pages["grid"]
    assert isinstance(grid_page, GridStep)
    question = loaded.pack.content.questions[0].id
    option = loaded.pack.content.options[0].id
    detail = grid_page.grid.open_detail(grid_page.grid.grid_model.index(0, 1))
    assert detail is not None
    screens["cell details"] = visible_texts(detail)
    detail.close()
    del question, option
    dialogs: list[tuple[str, Callable[[], QWidget]]] = [
        ("record dialog", lambda: RecordDialog(loaded, session, settings=Settings())),
        ("verify dialog", lambda: VerifyDialog(settings=Settings())),
    ]
    for name, make in dialogs:
        dialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        screens[name] = visible_texts(dialog)
        dialog.close()
    window.set_patient_view(False)
    window.close()
    library.close()
    apply_language("en")
    return screens, allowed_here(loaded, record)


_english: dict[str, Screens] = {}


@pytest.fixture(autouse=True)
def _back_to_english() -> Iterator[None]:
    yield
    apply_language("en")


@pytest.mark.parametrize("pack_id", PACKS)
@pytest.mark.parametrize("language", ["cy", "pl", "ar"])
def test_no_english_on_a_translated_screen(qtbot: QtBot, pack_id: str, language: str) -> None:
    if pack_id not in _english:
        _english[pack_id] = render_all(qtbot, pack_id, "en")[0]
    english = _english[pack_id]
    translated, allowed = render_all(qtbot, pack_id, language)
    assert translated.keys() == english.keys()
    assert all(len(texts) >= 3 for texts in translated.values()), "every screen shows text"
    if language == "cy":
        allowed |= QT_WITHOUT_WELSH
    same = SPELT_THE_SAME.get(language, ())
    with using(language):
        assert [translate(word) for word in same] == list(same)
    leaks = [
        f"{screen}: {text!r}"
        for screen, texts in translated.items()
        for text in sorted(texts & english[screen])
        if text not in allowed and has_words(text, allowed, same)
    ]
    assert leaks == [], f"{len(leaks)} English texts on {language} screens:\n" + "\n".join(leaks)


def test_the_check_finds_english_and_allows_names_numbers_and_citations() -> None:
    allowed = {"Skou ST et al., 2015", "Versus Arthritis"}
    assert has_words("How the options fit", allowed)
    assert has_words("Contact:", allowed)
    for kept in (
        "25/11/2026",
        "1.0.0",
        "Versus Arthritis",
        "Skou ST et al., 2015",
        "https://www.nhs.uk/better-health/",
        "0808 808 00 00",
        "SURE: 3/4",
        "English, Cymraeg, Polski, العربية",
        "option_grids/psa-screening",
    ):
        assert not has_words(kept, allowed), kept
