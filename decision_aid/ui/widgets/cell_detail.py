"""The layered view of one grid cell: the answer, its detail, certainty and full sources.

Its text is the pack's, so it is written in the patient's language and runs in its
direction; the dialog's own button follows the screen.
"""

from __future__ import annotations

import html
from urllib.parse import quote

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from decision_aid.content.fields import Certainty
from decision_aid.content.model import PackContent, Reference
from decision_aid.i18n import N_, _, current_language, translate, using
from decision_aid.ui.language import direction, html_dir
from decision_aid.ui.plain_text import escaped, window_title

CERTAINTY_LABELS: dict[str, str] = {
    "high": N_("high"),
    "moderate": N_("moderate"),
    "low": N_("low"),
    "very low": N_("very low"),
}
"""GRADE certainty levels, as shown on screen."""

CERTAINTY_MEANINGS: dict[str, str] = {
    "high": N_(
        "The research gives a very good indication of the likely effect. "
        "New research is unlikely to change it much."
    ),
    "moderate": N_(
        "The research gives a good indication of the likely effect. New research could change it."
    ),
    "low": N_(
        "The research gives some indication of the likely effect, "
        "but the true effect may be quite different."
    ),
    "very low": N_(
        "The research does not give a reliable indication. "
        "The true effect is likely to be quite different."
    ),
}
"""One plain sentence per GRADE level (after the GRADE plain-language wording)."""


def certainty_label(level: Certainty) -> str:
    """'Certainty: moderate', translated."""
    return _("Certainty: {level}").format(level=translate(CERTAINTY_LABELS[level]))


def reference_links(reference: Reference) -> list[tuple[str, str]]:
    """(label, address) pairs for a reference's DOI, PubMed id and web address."""
    links: list[tuple[str, str]] = []
    if reference.doi:
        links.append(
            (_("DOI {doi}").format(doi=reference.doi), "https://doi.org/" + quote(reference.doi))
        )
    if reference.pmid:
        links.append(
            (
                _("PubMed {pmid}").format(pmid=reference.pmid),
                f"https://pubmed.ncbi.nlm.nih.gov/{reference.pmid}/",
            )
        )
    if reference.url:
        links.append((reference.url, reference.url))
    return links


def _heading(text: str) -> str:
    return "<h3>" + escaped(text) + "</h3>"


def _para(text: str) -> str:
    return "<p>" + escaped(text) + "</p>"


def cell_detail_html(content: PackContent, row_id: str, option_id: str) -> str:
    """The dialog's text: question, option, answer, detail, certainty and sources."""
    esc = escaped
    question = next(q for q in content.questions if q.id == row_id)
    option = content.option(option_id)
    cell = question.answers[option_id]
    parts = [
        f"<h2>{esc(question.text)}</h2>",
        f"<p><b>{esc(option.name)}</b><br>{esc(option.description)}</p>",
        _heading(_("Answer")),
        _para(cell.text),
    ]
    if cell.detail:
        parts += [_heading(_("More detail")), _para(cell.detail)]
    parts.append(_heading(_("How sure we are")))
    if cell.certainty is not None:
        meaning = translate(CERTAINTY_MEANINGS[cell.certainty])
        parts.append(f"<p><b>{esc(certainty_label(cell.certainty))}</b><br>{esc(meaning)}</p>")
    else:
        parts.append(_para(_("The pack does not grade the certainty of this answer.")))
    parts.append(_heading(_("Sources")))
    references = {r.id: r for r in content.references}
    cited = [references[c] for c in cell.citations if c in references]
    if cited:
        items = []
        for reference in cited:
            links = " · ".join(
                f"<a href='{html.escape(address, quote=True)}'>{esc(label)}</a>"
                for label, address in reference_links(reference)
            )
            items.append(f"<li style='margin-bottom:6px'>{esc(reference.citation)}<br>{links}</li>")
        parts.append("<ol>" + "".join(items) + "</ol>")
    else:
        parts.append(_para(_("The pack gives no source for this answer.")))
    return f"<div dir='{html_dir(current_language())}'>" + "".join(parts) + "</div>"


class CellDetailDialog(QDialog):
    """Shows one cell in full. Links open in the system's web browser."""

    def __init__(
        self,
        content: PackContent,
        row_id: str,
        option_id: str,
        parent: QWidget | None = None,
        *,
        language: str | None = None,
    ) -> None:
        """``language``: the language of ``content`` (the patient's); the screen's by default."""
        super().__init__(parent)
        self.row_id = row_id
        self.option_id = option_id
        if parent is not None:
            self.setFont(parent.font())
        option = content.option(option_id)
        language = language or current_language()
        with using(language):
            self.setWindowTitle(window_title(_("Details: {option}").format(option=option.name)))
            text = cell_detail_html(content, row_id, option_id)

        self.browser = QTextBrowser()
        self.browser.setLayoutDirection(direction(language))
        self.browser.setOpenExternalLinks(True)
        self.browser.setAccessibleName(_("Details and sources"))
        self.browser.document().setDocumentMargin(self.fontMetrics().height() * 0.6)
        self.browser.setHtml(text)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(_("Close details"))
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(self.buttons)
        metrics = self.fontMetrics()
        width, height = metrics.averageCharWidth() * 96, metrics.height() * 36
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(
            min(width, round(screen.width() * 0.9)), min(height, round(screen.height() * 0.9))
        )
        self.browser.setFocus()

    def text(self) -> str:
        """Everything the dialog shows, as plain text."""
        return self.browser.toPlainText()
