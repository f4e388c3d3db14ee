"""The summary step: the review of the record, identification, and confirmation."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import load_pack
from decision_aid.i18n.bidi import strip_isolates
from decision_aid.report.fhir.config import parse_fhir_settings
from decision_aid.report.fhir.identifiers import NHS_NUMBER
from decision_aid.report.when import local_zone, moment_text
from decision_aid.session.model import Person, Supporter
from decision_aid.session.state import Session
from decision_aid.settings import Settings, save_settings
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.steps.summary_step import SummaryStep, summary_html
from tests.conftest import MINIMAL, SHIPPED

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def make_session(path: object = MINIMAL) -> Session:
    loaded = load_pack(path)  # type: ignore[arg-type]
    return Session(loaded.pack, content_hash=loaded.content_hash, clock=lambda: NOW)


@pytest.fixture
def session() -> Session:
    return make_session()


def make_page(qtbot: QtBot, session: Session, *, patient: bool = False) -> SummaryStep:
    page = SummaryStep(SessionBinding(session), patient=patient)
    qtbot.addWidget(page)
    page.resize(1100, 750)
    page.show()
    qtbot.waitExposed(page)
    return page


def shown(page: SummaryStep) -> str:
    """The review as the reader sees it, with no-break spaces as plain spaces."""
    text = page.browser.toPlainText().replace("\u202f", " ").replace("\xa0", " ")
    return strip_isolates(text)  # invisible: they keep typed text and addresses in order


def test_decision_and_pack_are_named(qtbot: QtBot, session: Session) -> None:
    text = shown(make_page(qtbot, session))
    assert "Should I take the tablet?" in text
    assert "Test pack" in text
    assert "0.1.0" in text
    assert "Example — not clinically reviewed" in text


def test_options_discussed_and_not_discussed(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    assert "Not discussed" not in shown(page)
    session.set_option_hidden("nothing", True)
    text = shown(page)
    assert "Take the tablet" in text
    assert "Not discussed: No tablet" in text


def test_risk_figures_shown_are_written_out(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    assert "No risk figures were shown." in shown(page)
    session.mark_shown("risks", "outcome:bad-days", "icons")
    session.mark_shown("risks", "outcome:bad-days", "words")
    text = shown(page)
    assert (
        "Take the tablet: Out of 100 people like you, over 1 year, 20 will have a bad week, "
        "and 80 will not. The evidence says it could be anywhere from 15 to 25." in text
    )
    assert "No tablet: Out of 100 people like you, over 1 year, 30 will have a bad week" in text
    assert "Shown as: icon array, words." in text
    assert "feel sick" not in text


def test_a_known_rating_and_the_fit(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    assert "Not taking tablets\nNot rated" in shown(page)
    session.rate("avoid-tablets", 3)
    session.add_own_concern("Sleeping well", 4)
    text = shown(page)
    assert "Not taking tablets\nA lot" in text
    assert "Sleeping well (in your own words)\nExtremely" in text
    # weights 3 and 4; the tablet fares -2 on the first, nothing on the second: -6 / 14
    # the direction is said: a concern that pulls away never reads as a reason to choose
    assert (
        "Take the tablet: Fits poorly\nReasons to choose it: none.\n"
        "Reasons to avoid it: Not taking tablets." in text
    )
    assert "No tablet: Fits partly" in text
    assert "It is not a recommendation." in text


def test_knowledge_and_sure_score(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    assert "0 of 1 answered correctly (0 answered)" in shown(page)
    assert "SURE test\nNot completed" in shown(page)
    session.answer_knowledge("k1", "b")
    for item, value in (
        ("sure", True),
        ("understand", True),
        ("risk_benefit", False),
        ("encouragement", True),
    ):
        session.answer_sure(item, value)  # type: ignore[arg-type]
    text = shown(page)
    assert "1 of 1 answered correctly" in text
    assert "3 of 4: decisional conflict" in text
    session.answer_sure("risk_benefit", True)
    assert "4 of 4: no decisional conflict" in shown(page)


def test_plan_is_reviewed(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    assert "Leaning: Not chosen yet" in shown(page)
    session.set_leaning("option:tablet")
    session.set_questions(["Can I <stop> later?"])
    session.set_supporters([Supporter(name="Anna", relationship="carer", note="Drives me")])
    session.set_resources(["helpline"])
    session.set_next_steps("Blood test\nReview in a month")
    session.set_follow_up(date(2026, 12, 23))
    text = shown(page)
    assert "Leaning: Take the tablet" in text
    assert "Can I <stop> later?" in text
    assert "Anna (Carer): Drives me" in text
    assert "Test helpline — https://example.org" in text
    assert "Next steps\nBlood test\nReview in a month" in text
    assert "Follow-up: Wednesday, 23 December 2026" in text  # British conventions


def test_pack_and_patient_text_is_escaped() -> None:
    session = make_session()
    session.set_questions(["<script>alert(1)</script> & more"])
    page = summary_html(session)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page


def test_confirm_finishes_with_the_injected_clock(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    assert page.confirmed.text() == ""
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    assert session.record.finished == NOW
    # in the clinic's time zone (none set: the computer's), as the record says it
    when = moment_text(NOW, "en", local_zone())
    assert page.confirmed.text() == f"Confirmed at {when}"
    assert not page.confirm_button.isEnabled()
    assert f"Confirmed at {when}" in shown(page)


def test_the_confirmation_time_is_in_the_clinics_time_zone(qtbot: QtBot, session: Session) -> None:
    save_settings(Settings(time_zone="Asia/Tokyo"))
    page = make_page(qtbot, session)
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    assert page.confirmed.text() == "Confirmed at 25 November 2026, 19:00 Japan Standard Time"


def test_identification_fields_write_the_record(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    name = page.fields["patient.name"]
    qtbot.keyClicks(name, "Sam Patel")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert session.record.patient == Person(name="Sam Patel")
    qtbot.keyClicks(page.fields["clinician.role"], "GP")
    qtbot.keyClick(page.fields["clinician.role"], Qt.Key.Key_Return)
    assert session.record.clinician == Person(role="GP")
    assert "People\nPatient\nSam Patel\nClinician\nGP" in shown(page)
    name.clear()
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert session.record.patient is None


def test_session_people_fill_the_fields(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    session.set_patient(Person(identifier="A-123"))
    assert page.fields["patient.identifier"].text() == "A-123"
    assert page.fields["patient.name"].text() == ""
    session.set_patient(None)
    assert page.fields["patient.identifier"].text() == ""


def test_confirm_keeps_fields_typed_but_not_yet_committed(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    page.fields["clinician.name"].setText("Dr Okafor")
    page.fields["clinician.name"].setModified(True)
    page.confirm()
    assert session.record.clinician == Person(name="Dr Okafor")
    assert session.record.finished == NOW


def test_identification_is_optional_and_says_so(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    labels = [w.text() for w in page.findChildren(QWidget) if hasattr(w, "text")]
    assert "Optional. Leave empty if not needed." in labels
    assert set(page.fields) == {
        "patient.name",
        "patient.identifier",
        "patient.birth_date",
        "clinician.name",
        "clinician.role",
        "clinician.identifier",
    }


def test_patient_mirror_has_no_controls_or_identifiers(qtbot: QtBot, session: Session) -> None:
    session.set_patient(Person(name="Sam Patel"))
    session.set_leaning("later")
    page = make_page(qtbot, session, patient=True)
    assert page.findChildren(QLineEdit) == []
    assert page.findChildren(QPushButton) == []
    text = shown(page)
    assert "Sam Patel" not in text
    assert "Leaning: I want to decide later" in text


def test_every_focusable_control_has_an_accessible_name(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    focusable = [
        w
        for w in page.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisible()
    ]
    assert len(focusable) >= 7
    assert [w for w in focusable if not w.accessibleName()] == []


@pytest.mark.parametrize(
    "pack", ["knee-osteoarthritis", "psa-screening", "statins-primary-prevention"]
)
def test_shipped_packs_summarise_every_shown_outcome(qtbot: QtBot, pack: str) -> None:
    session = make_session(SHIPPED / pack)
    baseline = session.pack.content.baseline
    if baseline is not None:
        session.set_risk_group(baseline.groups[-1].id)
    for outcome in session.pack.content.outcomes:
        session.mark_shown("risks", f"outcome:{outcome.id}", "icons")
    page = make_page(qtbot, session)
    text = shown(page)
    for outcome in session.pack.content.outcomes:
        assert f"How many will {outcome.event}?" in text
    assert text.count("Out of ") >= len(session.pack.content.outcomes)
    if baseline is not None:  # the chosen group's figures only
        assert "20 will get heart disease" in text and "10 will get heart disease" not in text
    page.confirm_button.click()
    assert session.record.finished == NOW


def test_a_mistyped_nhs_number_is_caught_where_it_is_typed(qtbot: QtBot, session: Session) -> None:
    """The clinic's default identifier is the NHS number: one that fails its check digit is
    named at once and not written, so no record is ever filed against someone else."""
    page = make_page(qtbot, session)
    field = page.fields["patient.identifier"]
    assert field.placeholderText() == "e.g. NHS number"
    assert page.identifier_kind is None  # one kind of identifier: nothing to choose
    qtbot.keyClicks(field, "943 476 5918")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert session.record.patient is None
    assert page.identifier_problem.isVisible()
    assert "Not a valid NHS number" in page.identifier_problem.text()
    field.clear()
    qtbot.keyClicks(field, "943 476 5919")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert not page.identifier_problem.isVisible()
    assert session.record.patient == Person(
        identifier="943 476 5919", identifier_system="https://fhir.nhs.uk/Id/nhs-number"
    )


def test_the_kind_of_identifier_is_chosen_from_the_settings(qtbot: QtBot, session: Session) -> None:
    clinic = "https://riverside.example/Id/clinic-number"
    save_settings(
        Settings(
            fhir=parse_fhir_settings(
                {
                    "patient_identifiers": [
                        {"system": clinic, "name": "Clinic number"},
                        {"system": "https://fhir.nhs.uk/Id/nhs-number", "name": "NHS number"},
                    ]
                }
            )
        )
    )
    page = make_page(qtbot, session)
    kind = page.identifier_kind
    assert kind is not None and kind.accessibleName() == "Patient: kind of identifier"
    assert [kind.itemText(i) for i in range(kind.count())] == ["Clinic number", "NHS number"]
    field = page.fields["patient.identifier"]
    assert field.placeholderText() == "e.g. Clinic number"
    qtbot.keyClicks(field, "MRN 42")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert session.record.patient == Person(identifier="MRN 42", identifier_system=clinic)
    kind.setCurrentIndex(1)  # now it reads as an NHS number, which it is not
    assert session.record.patient == Person(identifier="MRN 42", identifier_system=clinic)
    assert "Not a valid NHS number" in page.identifier_problem.text()
    # The record's choice shows when the record changes.
    kind.setCurrentIndex(0)
    session.set_patient(Person(identifier="9434765919", identifier_system=NHS_NUMBER))
    assert kind.currentIndex() == 1
