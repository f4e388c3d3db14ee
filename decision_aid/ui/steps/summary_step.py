"""The summary: a review of everything that goes into the record, and its confirmation.

The review is generated HTML in a read-only browser (every pack and patient string
escaped). The clinician may add minimal, optional identification for the patient and
for themselves, and confirms the summary, which finishes the session.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from decision_aid.content.model import Outcome
from decision_aid.content.risk_text import (
    certainty_text,
    figure_sentence,
    outcome_heading,
    reference_text,
)
from decision_aid.i18n import N_, _, translate
from decision_aid.report.fhir.identifiers import (
    DEFAULT_PATIENT_SYSTEMS,
    NHS_NUMBER,
    IdentifierSystem,
    nhs_number_valid,
    system_name,
)
from decision_aid.session import scoring
from decision_aid.session.fit_words import reasons_lines
from decision_aid.session.model import CommunityChoice, Person, SessionRecord
from decision_aid.session.state import Session
from decision_aid.session.summary_text import kiosk_text, knowledge_text
from decision_aid.session.summary_text import sure_text as summary_sure_text
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.birth_date import EXAMPLE as EXAMPLE_BIRTH_DATE
from decision_aid.ui.birth_date import birth_date_text, parse_birth_date
from decision_aid.ui.clinic_time import clinic_moment
from decision_aid.ui.plain_text import buddy_label, escaped, plain_label
from decision_aid.ui.steps.base import StepPage
from decision_aid.ui.steps.community_part import choice_html
from decision_aid.ui.steps.plan_parts import linked, supporter_text
from decision_aid.ui.steps.plan_step import follow_up_text, leaning_text
from decision_aid.ui.steps.values_step import fit_verdict
from decision_aid.ui.widgets.scale_buttons import IMPORTANCE

SHORT_MAX = 500
SIDE_BY_SIDE_AT = 110
"""Page width, in average characters, from which the fields sit beside the review."""
VIEWS = {"icons": N_("icon array"), "bar": N_("bar"), "words": N_("words")}

esc = html.escape


def _patient_systems() -> tuple[IdentifierSystem, ...]:
    """The clinic's patient identifier systems, the default first (the NHS number when the
    settings name none, or cannot be read: the record dialog says why)."""
    from decision_aid.settings import SettingsError, load_settings

    try:
        return load_settings().fhir.patient_identifiers
    except (SettingsError, OSError, ValueError):
        return DEFAULT_PATIENT_SYSTEMS


def confirmed_text(finished: datetime) -> str:
    """'Confirmed at <date and time>', in the clinic's time zone, as the record says it."""
    when = clinic_moment(finished)
    return _("Confirmed at {time}").format(time=when)


def _section(title: str, body: str) -> str:
    return f"<h3>{esc(title)}</h3>{body}"


def _items(items: list[str], empty: str) -> str:
    """An HTML list of already-escaped items, or the escaped ``empty`` text."""
    if not items:
        return f"<p><i>{esc(empty)}</i></p>"
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _rows(rows: list[tuple[str, str]]) -> str:
    """A two-column table of already-escaped (label, value) pairs."""
    cells = "".join(
        f"<tr><td valign='top' style='padding-right:12px'><b>{k}</b></td><td>{v}</td></tr>"
        for k, v in rows
    )
    return f"<table cellspacing='2'>{cells}</table>"


def _para(text: str, tag: str) -> str:
    """``text`` escaped, in a paragraph of bold (``b``) or italic (``i``) type."""
    return f"<p><{tag}>{esc(text)}</{tag}></p>"


def _labelled(label: str, value: str) -> str:
    """'<b>Label:</b> value' as a paragraph; ``value`` is already escaped."""
    return "<p>" + _("{label}: {value}").format(label=f"<b>{esc(label)}</b>", value=value) + "</p>"


def shown_outcomes(session: Session) -> list[tuple[Outcome, list[str]]]:
    """The outcomes shown during the consultation, in the order first shown, with the views.

    An outcome with figures per baseline group has the chosen group's figures (and is
    left out while no group is chosen: its figures were not shown).
    """
    content = session.pack.content
    group = content.baseline_group(session.risk_group)
    outcomes = {o.id: o.stratum(group) for o in content.outcomes}
    seen: dict[str, list[str]] = {}
    for entry in session.record.shown:
        key = entry.item.removeprefix("outcome:")
        if entry.item.startswith("outcome:") and outcomes.get(key) is not None:
            views = seen.setdefault(key, [])
            if entry.view is not None and entry.view not in views:
                views.append(entry.view)
    return [(shown, views) for key, views in seen.items() if (shown := outcomes[key])]


def _decision(session: Session) -> str:
    meta = session.pack.meta
    if meta.review.status == "example":
        review = _("Example — not clinically reviewed")
    else:
        review = _("Reviewed by {who} on {date}").format(
            who=meta.review.reviewer, date=meta.review.date
        )
    return _rows(
        [
            (esc(_("Decision")), esc(meta.decision)),
            (esc(_("Option grid")), esc(meta.title)),
            (esc(_("Version")), esc(meta.version)),
            (esc(_("Review")), esc(review)),
        ]
    )


def _options(session: Session) -> str:
    content = session.pack.content
    visible = session.visible_options()
    body = _items([esc(content.option(o).name) for o in visible], _("None"))
    hidden = [content.option(o).name for o in session.record.hidden_options]
    if hidden:
        body += "<p>" + esc(_("Not discussed: {options}").format(options=", ".join(hidden)))
        body += "</p>"
    return body


def _risks(session: Session) -> str:
    content = session.pack.content
    shown = shown_outcomes(session)
    if not shown:
        return _para(_("No risk figures were shown."), "i")
    parts = []
    for outcome, views in shown:
        sentences = [
            f"<b>{esc(content.option(o).name)}:</b> "
            f"{esc(figure_sentence(outcome, outcome.figures[o]))}"
            for o in session.visible_options()
            if o in outcome.figures
        ]
        notes = [reference_text(outcome), certainty_text(outcome.certainty)]
        if views:
            shown_as = ", ".join(translate(VIEWS[v]) for v in views)
            notes.append(_("Shown as: {views}.").format(views=shown_as))
        parts.append(
            f"<p><b>{esc(outcome_heading(outcome))}</b></p>"
            + _items(sentences, "")
            + f"<p style='color:#444'>{'<br>'.join(esc(n) for n in notes)}</p>"
        )
    return "".join(parts)


def _values(session: Session) -> str:
    content, record = session.pack.content, session.record
    rows = []
    for value in content.values:
        importance = session.importance(value.id)
        label = _("Not rated") if importance is None else translate(IMPORTANCE[importance])
        rows.append((esc(value.concern), esc(label)))
    for own in record.own_concerns:
        concern = _("{concern} (in your own words)").format(concern=own.text)
        rows.append((esc(concern), esc(translate(IMPORTANCE[own.importance]))))
    body = _rows(rows) if rows else _para(_("This pack lists no concerns."), "i")
    fits = [
        f for f in scoring.option_fits(content, record) if f.option_id in session.visible_options()
    ]
    if all(f.fit is None for f in fits):
        return body + _para(_("No fit: nothing was rated as mattering."), "i")
    lines = []
    for fit in fits:
        if fit.fit is None:
            continue
        line = f"<b>{esc(content.option(fit.option_id).name)}:</b> {esc(fit_verdict(fit.fit))}"
        for reasons in reasons_lines(fit.towards, fit.away):
            line += f"<br><span style='color:#444'>{esc(reasons)}</span>"
        lines.append(line)
    note = _("This shows how the ratings line up with the options. It is not a recommendation.")
    return (
        body
        + _para(_("How the options fit"), "b")
        + _items(lines, "")
        + f"<p style='color:#444'>{esc(note)}</p>"
    )


def _check(session: Session) -> str:
    content, record = session.pack.content, session.record
    known = knowledge_text(content, record)
    sure_text = summary_sure_text(record)
    return _rows([(esc(_("Knowledge")), esc(known)), (esc(_("SURE test")), esc(sure_text))])


def _plan(session: Session) -> str:
    plan = session.record.plan
    resources = {r.id: r for r in session.pack.content.support}
    chosen = [
        f"<b>{esc(resources[key].name)}</b> — {linked(resources[key].contact)}"
        for key in plan.resources
        if key in resources
    ]
    follow_up = follow_up_text(plan.follow_up) if plan.follow_up else _("No follow-up date")
    next_steps = escaped(plan.next_steps) if plan.next_steps else ""
    return (
        _labelled(_("Leaning"), esc(leaning_text(session)))
        + _para(_("Questions"), "b")
        + _items([esc(q) for q in plan.questions], _("None"))
        + _para(_("Who else is involved"), "b")
        + _items([esc(supporter_text(s)) for s in plan.supporters], _("Nobody named"))
        + _para(_("Support chosen"), "b")
        + _items(chosen, _("None"))
        + _community(plan.community)
        + _para(_("Next steps"), "b")
        + (f"<p>{next_steps}</p>" if next_steps else _items([], _("None written")))
        + _labelled(_("Follow-up"), esc(follow_up))
    )


def _community(chosen: list[CommunityChoice]) -> str:
    """The local groups and services chosen, with how to reach them (nothing if none)."""
    if not chosen:
        return ""
    return _para(_("Local groups and services"), "b") + _items([choice_html(c) for c in chosen], "")


def _people(record: SessionRecord) -> str:
    rows = []
    for title, person in ((_("Patient"), record.patient), (_("Clinician"), record.clinician)):
        if person is None:
            continue
        born = birth_date_text(person.birth_date) if person.birth_date else None
        parts = [p for p in (person.name, person.role, person.identifier, born) if p]
        rows.append((esc(title), esc(", ".join(parts))))
    return _rows(rows) if rows else ""


def summary_html(session: Session, *, people: bool = True) -> str:
    """The whole review as HTML; ``people`` adds the identification entered."""
    record = session.record
    sections = [
        (_("The decision"), _decision(session)),
        (_("Options discussed"), _options(session)),
        (_("Risk figures shown"), _risks(session)),
        (_("What matters to you"), _values(session)),
        (_("Check"), _check(session)),
        (_("Plan"), _plan(session)),
    ]
    if people and (identified := _people(record)):
        sections.append((_("People"), identified))
    body = "".join(_section(title, part) for title, part in sections)
    if record.kiosk is not None:
        when = clinic_moment(record.kiosk.prepared)
        body = f"<p><i>{esc(kiosk_text(record.kiosk, when))}</i></p>" + body
    if record.finished is not None:
        body += f"<p><b>{esc(confirmed_text(record.finished))}</b></p>"
    return body


class SummaryStep(StepPage):
    record_requested = Signal()
    """The clinician asked for the signed record (the window opens the dialog)."""

    """Step 7: review the record, add optional identification, confirm."""

    step = "summary"

    def __init__(
        self, binding: SessionBinding, *, patient: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(binding, patient=patient, parent=parent)
        self.setAccessibleName(self.title())
        self._page: str | None = None
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(_("Summary of the consultation"))
        self.browser.setOpenExternalLinks(True)
        self.browser.setMinimumHeight(self.fontMetrics().lineSpacing() * 12)
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.columns.addWidget(self.browser, 3)
        self.fields: dict[str, QLineEdit] = {}
        if not patient:
            self.columns.addLayout(self._build_side(), 1)
        self.refresh()

    # -- building --------------------------------------------------------------

    def _build_side(self) -> QVBoxLayout:
        side = QVBoxLayout()
        note = plain_label(_("Optional. Leave empty if not needed."), wrap=True)
        side.addWidget(note)
        for who, title, keys in (
            ("patient", _("Patient"), ("name", "identifier", "birth_date")),
            ("clinician", _("Clinician"), ("name", "role", "identifier")),
        ):
            box = QGroupBox(title)
            form = QFormLayout(box)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            for key in keys:
                label = {
                    "name": _("Name"),
                    "identifier": _("Identifier"),
                    "role": _("Role"),
                    "birth_date": _("Date of birth"),
                }[key]
                edit = QLineEdit()
                edit.setMaxLength(SHORT_MAX)
                edit.setAccessibleName(_("{who}: {field}").format(who=title, field=label))
                if key == "identifier" and who == "patient":
                    edit.setPlaceholderText(_("e.g. clinic number"))
                if key == "role":
                    edit.setPlaceholderText(_("e.g. GP, practice nurse"))
                if key == "birth_date":
                    example = birth_date_text(EXAMPLE_BIRTH_DATE)
                    edit.setPlaceholderText(_("e.g. {example}").format(example=example))
                edit.editingFinished.connect(self._committer(who))
                form.addRow(buddy_label(label, edit), edit)
                self.fields[f"{who}.{key}"] = edit
                if who == "patient" and key == "identifier":
                    self._build_identifier_system(form, edit)
            side.addWidget(box)
        self.identifier_problem = plain_label(wrap=True)
        self.identifier_problem.setAccessibleName(_("Identifier"))
        self.identifier_problem.hide()
        side.addWidget(self.identifier_problem)
        self.birth_problem = plain_label(wrap=True)
        self.birth_problem.setAccessibleName(_("Date of birth"))
        self.birth_problem.hide()
        side.addWidget(self.birth_problem)
        self.confirm_button = QPushButton(_("Confirm summary"))
        self.confirm_button.setAccessibleName(_("Confirm summary"))
        self.confirm_button.clicked.connect(self.confirm)
        side.addWidget(self.confirm_button)
        self.record_button = QPushButton(_("Create signed record…"))
        self.record_button.setAccessibleName(_("Create signed record"))
        self.record_button.setToolTip(_("Make the PDF record of this consultation (Ctrl+E)"))
        self.record_button.clicked.connect(self.record_requested)
        side.addWidget(self.record_button)
        self.take_home_button = QPushButton(_("Take-home sheet…"))
        self.take_home_button.setAccessibleName(_("Take-home sheet for the patient"))
        self.take_home_button.setToolTip(
            _("Save or print a one-page sheet for the patient to keep, in their language")
        )
        self.take_home_button.clicked.connect(self.open_take_home)
        side.addWidget(self.take_home_button)
        self.confirmed = plain_label(wrap=True)
        self.confirmed.setAccessibleName(_("Confirmation"))
        side.addWidget(self.confirmed)
        side.addStretch(1)
        return side

    def _build_identifier_system(self, form: QFormLayout, edit: QLineEdit) -> None:
        """The kinds of patient identifier the clinic uses (settings:
        ``fhir.patient_identifiers``): the default one names the field's placeholder; a
        choice is offered only when there are several."""
        self.identifier_systems = _patient_systems()
        self.identifier_kind: QComboBox | None = None
        edit.setPlaceholderText(
            _("e.g. {kind}").format(kind=system_name(self.identifier_systems[0]))
        )
        if len(self.identifier_systems) < 2:
            return
        combo = QComboBox()
        for system in self.identifier_systems:
            combo.addItem(system_name(system), system.system)
        combo.setAccessibleName(_("Patient: kind of identifier"))
        combo.currentIndexChanged.connect(self._committer("patient"))
        form.addRow(buddy_label(_("Kind of identifier"), combo), combo)
        self.identifier_kind = combo

    def _identifier_system(self) -> str:
        if self.identifier_kind is not None:
            return str(self.identifier_kind.currentData())
        return self.identifier_systems[0].system

    # -- widget -> session -----------------------------------------------------

    def _committer(self, who: str) -> Callable[[], None]:
        return lambda: self.commit_person(who)

    def commit_person(self, who: str) -> None:
        """Write the patient's or clinician's fields to the record (all empty: no one)."""
        values: dict[str, object] = {
            key.split(".", 1)[1]: edit.text().strip() or None
            for key, edit in self.fields.items()
            if key.startswith(who + ".")
        }
        if values.get("birth_date"):
            try:
                values["birth_date"] = parse_birth_date(
                    str(values["birth_date"]), self.session.clock().date()
                )
            except ValueError:
                example = birth_date_text(EXAMPLE_BIRTH_DATE)
                self.birth_problem.setText(
                    "✗ "
                    + _("Not a date of birth: write it like {example}.").format(example=example)
                )
                self.birth_problem.show()
                return  # nothing is written until the date reads as a date
        if who == "patient" and values.get("identifier"):
            values["identifier_system"] = system = self._identifier_system()
            digits = "".join(str(values["identifier"]).replace("-", "").split())
            if system == NHS_NUMBER and not nhs_number_valid(digits):
                self.identifier_problem.setText(
                    "✗ "
                    + _(
                        "Not a valid NHS number: it has ten digits, and the last checks the "
                        "other nine. Check it with the patient or their record."
                    )
                )
                self.identifier_problem.show()
                return  # nothing is written until the number checks
        if who == "patient":
            self.identifier_problem.hide()
            self.birth_problem.hide()
        for key, edit in self.fields.items():
            if key.startswith(who + "."):
                edit.setModified(False)
        filled = {k: v for k, v in values.items() if k != "identifier_system"}
        person = Person.model_validate(values) if any(filled.values()) else None
        if who == "patient":
            self.session.set_patient(person)
        else:
            self.session.set_clinician(person)

    def open_take_home(self) -> None:
        """The take-home sheet dialog (save as PDF, or print), with the fields as typed."""
        from decision_aid.ui.dialogs.take_home_dialog import TakeHomeDialog

        for who in ("patient", "clinician"):
            if any(e.isModified() for k, e in self.fields.items() if k.startswith(who)):
                self.commit_person(who)
        TakeHomeDialog(self.session, parent=self).exec()

    def confirm(self) -> None:
        """Confirm the summary: the session is finished and no longer a draft."""
        for who in ("patient", "clinician"):
            if any(e.isModified() for k, e in self.fields.items() if k.startswith(who)):
                self.commit_person(who)
        self.session.finish()

    # -- session -> widgets ----------------------------------------------------

    def refresh(self) -> None:
        record = self.session.record
        page = summary_html(self.session, people=not self.patient)
        if page != self._page:
            self._page = page
            bar = self.browser.verticalScrollBar()
            position = bar.value()
            self.browser.setHtml(page)
            bar.setValue(position)
        if self.patient:
            return
        for who, person in (("patient", record.patient), ("clinician", record.clinician)):
            for key, edit in self.fields.items():
                if key.startswith(who + ".") and not edit.isModified():
                    value = getattr(person, key.split(".", 1)[1]) if person else None
                    text = birth_date_text(value) if isinstance(value, date) else value or ""
                    if edit.text() != text:
                        edit.setText(text)
        kind = getattr(self, "identifier_kind", None)
        chosen = record.patient.identifier_system if record.patient else None
        if kind is not None and chosen is not None and (index := kind.findData(chosen)) >= 0:
            with QSignalBlocker(kind):
                kind.setCurrentIndex(index)
        finished = record.finished
        self.confirm_button.setEnabled(finished is None)
        self.confirmed.setText(confirmed_text(finished) if finished else "")

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        if not self.patient:
            wide = event.size().width() >= self.fontMetrics().averageCharWidth() * SIDE_BY_SIDE_AT
            direction = QBoxLayout.Direction.TopToBottom
            if wide:
                direction = QBoxLayout.Direction.LeftToRight
            if self.columns.direction() != direction:
                self.columns.setDirection(direction)
        super().resizeEvent(event)
