"""The step pages of the journey, in order, and how to build them."""

from __future__ import annotations

from contextlib import nullcontext

from PySide6.QtWidgets import QWidget

from decision_aid.i18n import using
from decision_aid.session.model import STEPS, Step
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.steps.afterwards_step import AfterwardsStep
from decision_aid.ui.steps.base import StepPage
from decision_aid.ui.steps.check_step import CheckStep
from decision_aid.ui.steps.grid_step import GridStep
from decision_aid.ui.steps.plan_step import PlanStep
from decision_aid.ui.steps.risks_step import RisksStep
from decision_aid.ui.steps.summary_step import SummaryStep
from decision_aid.ui.steps.values_step import ValuesStep

PAGE_CLASSES: dict[str, type[StepPage]] = {
    "grid": GridStep,
    "risks": RisksStep,
    "values": ValuesStep,
    "check": CheckStep,
    "plan": PlanStep,
    "summary": SummaryStep,
    "afterwards": AfterwardsStep,
}
assert tuple(PAGE_CLASSES) == STEPS


def build_pages(
    binding: SessionBinding,
    *,
    patient: bool = False,
    parent: QWidget | None = None,
    language: str | None = None,
) -> dict[Step, StepPage]:
    """One page per step, bound to the same session.

    With ``language``, the pages speak that language whatever the UI's is (the
    patient's view in a bilingual consultation).
    """
    pages: dict[Step, StepPage] = {}
    with using(language) if language else nullcontext():
        for step, cls in PAGE_CLASSES.items():
            page = cls(binding, patient=patient, parent=parent)  # type: ignore[misc]
            page.language = language
            pages[step] = page
    return pages
