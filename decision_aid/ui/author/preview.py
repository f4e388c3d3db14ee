"""The live preview: the pack as the consultation shows it, with the consultation's own
pages (the option grid, the risk pictures, the values step), in any of its languages.

A page in another language speaks it throughout, as the patient's own view does: the
pack's text and the page's words, right to left for Arabic. The tabs and the language
box around the pages stay in the workbench's language.

Every time the pack is checked and loads, the page on view is built again from it (the
others when they are next chosen), and ``painted`` fires once it is on screen. The
baseline group chosen on the risks page and the place scrolled to stay across rebuilds.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QEvent, QObject, QPoint, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from decision_aid.content.loader import LoadedPack
from decision_aid.content.model import Pack
from decision_aid.i18n import _, native_name, translate, using
from decision_aid.session.model import Step
from decision_aid.session.state import Session
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.language import direction, load_fonts
from decision_aid.ui.pages import PAGE_CLASSES
from decision_aid.ui.plain_text import buddy_label, plain_label
from decision_aid.ui.steps.base import STEP_TITLES, StepPage
from decision_aid.ui.steps.risks_step import RisksStep
from decision_aid.ui.type_scale import relative_font

STEPS: tuple[Step, ...] = ("grid", "risks", "values")
"""The consultation's pages the preview shows."""
PREVIEW_SCALE = 0.85
"""The pages' text, relative to the workbench's: a little smaller, so that more of a page
designed for a whole screen fits beside the structure and the form."""


class PreviewPanel(QWidget):
    """The consultation's pages for the pack as it stands."""

    painted = Signal()
    """The page on view was painted after it was built again."""
    language_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Preview"))
        self.loaded: LoadedPack | None = None
        self.language: str | None = None
        self.risk_group: str | None = None
        self.stale: set[Step] = set(STEPS)
        self.pages: dict[Step, StepPage] = {}
        self.shown: dict[Step, Pack] = {}
        """The pack (in the language shown) each page shows."""
        self._watched: StepPage | None = None
        self._wanted = ""
        """The outcome the author chose, to scroll the risks page to."""

        self.languages = QComboBox()
        self.languages.setAccessibleName(_("Preview language"))
        self.languages.activated.connect(
            lambda index: self.set_language(str(self.languages.itemData(index)))
        )
        top = QHBoxLayout()
        top.addWidget(buddy_label(_("Pre&view in:"), self.languages))
        top.addWidget(self.languages)
        top.addStretch(1)
        self.banner: QLabel = plain_label(wrap=True)
        self.banner.setAccessibleName(_("Preview status"))
        self.banner.setStyleSheet(
            "QLabel { background: #fff4ce; color: #3b2f00; border: 1px solid #c8a600; "
            "padding: 0.3em; }"
        )
        self.banner.hide()
        self.tabs = QTabWidget()
        self.scrolls: dict[Step, QScrollArea] = {}
        for step in STEPS:
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(plain_label(_("The preview appears once the pack loads."), wrap=True))
            self.scrolls[step] = scroll
            self.tabs.addTab(scroll, translate(STEP_TITLES[step]))
        self.tabs.currentChanged.connect(lambda _index: self._build_current())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)

    # -- what is shown --------------------------------------------------------------

    def show_pack(self, loaded: LoadedPack) -> None:
        """Show this version of the pack (the page on view at once, the others later)."""
        self.loaded = loaded
        codes = loaded.languages
        if self.language not in codes:
            self.language = codes[0]
        self.languages.blockSignals(True)
        self.languages.clear()
        for code in codes:
            self.languages.addItem(f"{native_name(code)} ({code})", code)
        self.languages.setCurrentIndex(codes.index(self.language))
        self.languages.blockSignals(False)
        self.stale = set(STEPS)
        self._build_current()

    def set_banner(self, text: str) -> None:
        """Say above the pages why they show an older version ('' hides it)."""
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def set_language(self, code: str) -> None:
        """Show the pages in another of the pack's languages."""
        if self.loaded is None or code not in self.loaded.languages or code == self.language:
            return
        self.language = code
        self.languages.setCurrentIndex(self.loaded.languages.index(code))
        self.stale = set(STEPS)
        self._build_current()
        self.language_changed.emit(code)

    def show_step(self, step: Step) -> None:
        """Bring one of the pages to view."""
        if step in STEPS:
            self.tabs.setCurrentIndex(STEPS.index(step))

    def reveal_outcome(self, outcome_id: str) -> None:
        """Scroll the risks page to one outcome (once the page is laid out)."""
        self._wanted = outcome_id
        QTimer.singleShot(0, self._scroll_to_wanted)

    def _scroll_to_wanted(self) -> None:
        page = self.pages.get("risks")
        section = page.sections.get(self._wanted) if isinstance(page, RisksStep) else None
        if isinstance(page, RisksStep) and section is not None and self.current_step() == "risks":
            top = section.mapTo(page, QPoint(0, 0)).y()
            self.scrolls["risks"].verticalScrollBar().setValue(top)

    def current_step(self) -> Step:
        return STEPS[self.tabs.currentIndex()]

    # -- building -------------------------------------------------------------------

    def _build_current(self) -> None:
        step = self.current_step()
        if self.loaded is None or step not in self.stale:
            return
        self.stale.discard(step)
        self._build(step, self.loaded)

    def _session(self, loaded: LoadedPack) -> Session:
        session = Session(
            loaded.pack,
            content_hash=loaded.content_hash,
            translations=loaded.translations,
            language=self.language,
        )
        baseline = session.pack.content.baseline
        groups = [g.id for g in baseline.groups] if baseline is not None else []
        if self.risk_group not in groups:
            self.risk_group = groups[0] if groups and session.pack.content.grouped else None
        if self.risk_group is not None:
            session.set_risk_group(self.risk_group)
        session.subscribe(lambda _topic: self._remember_group(session))
        return session

    def _remember_group(self, session: Session) -> None:
        self.risk_group = session.risk_group

    def _build(self, step: Step, loaded: LoadedPack) -> None:
        load_fonts(self.language)
        session = self._session(loaded)
        if self._update_in_place(step, session.pack):
            return
        scroll = self.scrolls[step]
        position = scroll.verticalScrollBar().value()
        binding = SessionBinding(session)
        self.shown[step] = session.pack
        language = self.language or loaded.meta.source_language
        with using(language):
            page = PAGE_CLASSES[step](binding)
        page.language = language
        scroll.setLayoutDirection(direction(language))
        relative_font(page, PREVIEW_SCALE)
        binding.setParent(page)
        self.pages[step] = page
        scroll.setWidget(page)
        self._watch(page)
        QTimer.singleShot(0, lambda: scroll.verticalScrollBar().setValue(position))

    def _update_in_place(self, step: Step, pack: Pack) -> bool:
        """Show the pack on the risks page by building again only the outcomes that
        changed, when nothing else on the page did; False when the page needs building."""
        page = self.pages.get(step)
        shown = self.shown.get(step)
        if not isinstance(page, RisksStep) or shown is None or shown.meta != pack.meta:
            return False
        old, new = shown.content, pack.content
        if [o.id for o in old.outcomes] != [o.id for o in new.outcomes]:
            return False
        if old.model_copy(update={"outcomes": ()}) != new.model_copy(update={"outcomes": ()}):
            return False
        if page.session.language != self.language:
            return False
        self.shown[step] = pack
        for before, after in zip(old.outcomes, new.outcomes, strict=True):
            if before != after:
                with page.speaking():
                    page.replace_outcome(after)
        self._watch(page)
        page.update()
        return True

    def _watch(self, page: StepPage) -> None:
        if self._watched is not None:
            with contextlib.suppress(RuntimeError):  # deleted with the scroll area's old page
                self._watched.removeEventFilter(self)
        self._watched = page
        page.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self._watched and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self._watched = None
            QTimer.singleShot(0, self.painted.emit)
        return super().eventFilter(watched, event)
