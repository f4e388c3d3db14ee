"""The record dialog's "What will be created": the files, in a GP's words.

It lists what the record dialog will write: the archival PDF (with an electronic copy of
the record inside it, unless an older archive's format is chosen), the electronic
record copy beside it for the record system, and, when asked for, the patient's
take-home sheet (with their name, identifier and date of birth only when ticked). The
technical names (PDF/A-3b, FHIR R4, PKCS#12, PAdES) are in a details line under it.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QVBoxLayout

from decision_aid.i18n import _
from decision_aid.report import pipeline
from decision_aid.ui.plain_text import plain_label, rich_label


class RecordOutputs(QGroupBox):
    """The files to be made, and the choices about them."""

    changed = Signal()
    """A choice changed: describe the files again."""

    def __init__(self) -> None:
        super().__init__(_("What will be created"))
        layout = QVBoxLayout(self)
        self.what = rich_label(wrap=True)
        self.pdfa1_check = QCheckBox(_("For an archive that takes only older archival PDFs"))
        self.pdfa1_check.setAccessibleName(
            _("Archival PDF for older archives, without the record copy inside")
        )
        self.pdfa1_check.setToolTip(
            _("The PDF then carries no electronic record copy inside it (PDF/A-1b).")
        )
        self.fhir_check = QCheckBox(_("Also save an electronic record copy beside it"))
        self.fhir_check.setAccessibleName(
            _("Also save an electronic record copy beside the PDF, for the record system")
        )
        self.fhir_check.setChecked(True)
        self.handout_check = QCheckBox(_("Also make a take-home sheet for the patient"))
        self.handout_check.setAccessibleName(_("Also make a take-home sheet for the patient"))
        self.handout_check.setToolTip(
            _("One page in the patient's language: what was discussed and what happens next.")
        )
        self.identifiers_check = QCheckBox(
            _("Put the patient's name, identifier and date of birth on the sheet")
        )
        self.identifiers_check.setAccessibleName(
            _("Put the patient's name, identifier and date of birth on the take-home sheet")
        )
        self.identifiers_check.setEnabled(False)
        self.handout_check.toggled.connect(self.identifiers_check.setEnabled)
        for check in (self.pdfa1_check, self.fhir_check, self.handout_check):
            check.toggled.connect(self.changed)
        self.details = plain_label(wrap=True)
        self.details.setAccessibleName(_("Technical details"))
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        muted = self.details.palette()
        muted.setColor(self.details.foregroundRole(), muted.color(muted.ColorRole.PlaceholderText))
        self.details.setPalette(muted)
        layout.addWidget(self.what)
        layout.addWidget(self.pdfa1_check)
        layout.addWidget(self.fhir_check)
        layout.addWidget(self.handout_check)
        indented = QHBoxLayout()  # a choice about the sheet, under it
        style = self.style()
        indented.addSpacing(
            style.pixelMetric(style.PixelMetric.PM_IndicatorWidth)
            + style.pixelMetric(style.PixelMetric.PM_CheckBoxLabelSpacing)
        )
        indented.addWidget(self.identifiers_check, 1)
        layout.addLayout(indented)
        layout.addWidget(self.details)

    def describe(self, target: Path | None) -> None:
        """Say what will be written for the record ``target``, and the technical details."""
        if self.pdfa1_check.isChecked():
            pdf = _("An archival PDF of the consultation for the notes.")
            details = [_("Archival PDF: PDF/A-1b, without attachments.")]
        else:
            pdf = _(
                "An archival PDF of the consultation for the notes, with an electronic copy "
                "of the record inside it."
            )
            details = [
                _(
                    "Archival PDF: PDF/A-3b, with the session record (JSON) and a FHIR R4 "
                    "bundle attached."
                )
            ]
        items = [pdf]
        if self.fhir_check.isChecked():
            name = pipeline.fhir_path_for(target).name if target else ""
            items.append(
                _("An electronic record copy beside it, for the record system: {name}").format(
                    name=name
                )
            )
            details.append(_("Electronic record copy: a FHIR R4 bundle carrying the PDF."))
        if self.handout_check.isChecked():
            name = pipeline.handout_path_for(target).name if target else ""
            items.append(_("A take-home sheet for the patient: {name}").format(name=name))
        details.append(_("Signing certificate: a PKCS#12 file; the signature is PAdES."))
        self.what.setText("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>")
        self.details.setText(_("Details: {details}").format(details=" ".join(details)))
