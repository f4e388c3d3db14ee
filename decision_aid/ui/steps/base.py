"""What every step page shares."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

from PySide6.QtWidgets import QWidget

from decision_aid.i18n import N_, translate, using
from decision_aid.session.model import Step
from decision_aid.session.state import Session
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.theme import PATIENT_VIEW
from decision_aid.ui.type_scale import relative_font

PATIENT_SCALE = 1.4
"""The patient's mirror shows text this much larger than the application's."""

STEP_TITLES: dict[str, str] = {
    "grid": N_("Options"),
    "risks": N_("Risks and benefits"),
    "values": N_("What matters to you"),
    "check": N_("Check"),
    "plan": N_("Plan"),
    "summary": N_("Summary"),
    "afterwards": N_("Afterwards"),
}


class StepPage(QWidget):
    """One step of the journey, bound to the session.

    A page built with ``patient=True`` is the patient's mirror: large, plain, and
    without the clinician's controls. Pages refresh themselves from the session
    whenever ``binding.changed`` fires, so two pages on one session stay in step.
    """

    step: Step = "grid"
    language: str | None = None
    """The language this page speaks when it is not the UI's (the patient's mirror)."""

    def __init__(
        self, binding: SessionBinding, *, patient: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.binding = binding
        self.patient = patient
        if patient:
            # Larger, and following the clinician's Larger/Smaller text; its controls are
            # touch-sized (see decision_aid.ui.theme).
            self.setProperty(PATIENT_VIEW, True)
            relative_font(self, PATIENT_SCALE)
        binding.changed.connect(self._on_changed)

    @property
    def session(self) -> Session:
        return self.binding.session

    def title(self) -> str:
        """The step's heading, translated."""
        with self.speaking():
            return translate(STEP_TITLES[self.step])

    def speaking(self) -> AbstractContextManager[object]:
        """A context in which ``_`` speaks this page's language."""
        return using(self.language) if self.language else nullcontext()

    def content_language(self) -> AbstractContextManager[object]:
        """A context in which ``_`` speaks the patient's language, the language of the pack's
        text on screen: for every sentence that holds pack text, so that none mixes two
        languages (the clinician's controls around it keep the screen language)."""
        return using(self.session.language)

    def refresh(self) -> None:
        """Re-read everything shown from the session. Pages override this."""

    def commit(self) -> None:
        """Write any edit still held by a widget (e.g. text waiting for a typing pause)."""

    def _on_changed(self, topic: str) -> None:
        with self.speaking():
            self.refresh()
