"""Risks step: figures side by side, the view switcher bound to the session both ways."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QPushButton,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import load_pack
from decision_aid.session.state import Session
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.steps.base import PATIENT_SCALE
from decision_aid.ui.steps.risks_step import RisksStep
from decision_aid.ui.widgets.icon_array import IconArray
from decision_aid.ui.widgets.legend_parts import LegendIcon
from decision_aid.ui.widgets.risk_bar import RiskBar
from tests.conftest import SHIPPED

STATINS = SHIPPED / "statins-primary-prevention"
OUTCOME = "heart-stroke"


def clock() -> datetime:
    return datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


_HELD: list[QWidget] = []


@pytest.fixture(autouse=True)
def _hold_pages() -> Iterator[None]:
    """Keep pages alive until teardown (pytest-qt holds widgets only weakly)."""
    yield
    _HELD.clear()


def _page(
    qtbot: QtBot, path: Path, *, patient: bool = False, group: str | None = "qrisk-10"
) -> RisksStep:
    loaded = load_pack(path)
    session = Session(loaded.pack, content_hash=loaded.content_hash, clock=clock)
    if group is not None and loaded.content.baseline is not None:
        session.set_risk_group(group)
    page = RisksStep(SessionBinding(session), patient=patient)
    qtbot.addWidget(page)
    _HELD.append(page)
    page.resize(1100, 900)
    return page


def _texts(widget: QWidget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)]


def test_statins_outcome_shows_both_arrays_and_sentences(qtbot: QtBot) -> None:
    page = _page(qtbot, STATINS)
    page.show()
    section = page.sections[OUTCOME]
    arrays = section.pictures
    assert list(arrays) == ["statin", "no-statin"]
    assert all(isinstance(a, IconArray) for a in arrays.values())
    assert [(a.count, a.denominator) for a in arrays.values()] == [(7, 100), (10, 100)]
    statin = arrays["statin"]
    assert isinstance(statin, IconArray)
    assert (statin.low, statin.high) == (6, 8)
    assert statin.range_cells() == [6, 7], "the range reaches either side of the count"
    assert statin.changed_cells() == [7, 8, 9]
    event = "get heart disease (such as a heart attack or angina) or have a stroke"
    figure = (
        f"Out of 100 people like you, over 10 years, 7 will {event}, and 93 will not. "
        "The evidence says it could be anywhere from 6 to 8."
    )
    basis = "This figure was worked out from study results, not counted directly."
    assert section.sentences["statin"].text() == f"{figure} {basis}"
    change = f"3 people will not {event} because of “Take a statin”. Without it, they would."
    # a screen reader hears what a sighted reader sees beside the picture, basis included
    assert statin.accessibleDescription() == f"{figure} {basis} {change}"
    assert section.changes["statin"].text() == change
    assert "no-statin" not in section.changes
    assert section.sentences["no-statin"].text() == (
        f"Out of 100 people like you, over 10 years, 10 will {event}, and 90 will not."
    )
    texts = _texts(section)
    assert f"How many will {event}?" in texts
    assert "Take a statin" in texts and "No statin: healthy habits only" in texts
    assert "Certainty of the evidence: moderate" in texts
    # Identical pictures side by side.
    no_statin = arrays["no-statin"]
    assert isinstance(no_statin, IconArray)
    assert statin.size() == no_statin.size()
    assert statin.cell_rect(99) == no_statin.cell_rect(99)


def test_benefits_and_harms_have_headings_of_equal_style(qtbot: QtBot) -> None:
    page = _page(qtbot, STATINS)
    labels = {label.text(): label for label in page.findChildren(QLabel)}
    benefits, harms = labels["Possible benefits"], labels["Possible harms"]
    assert benefits.font() == harms.font()
    kinds = {page.sections[o].outcome.kind for o in page.sections}
    assert kinds == {"benefit", "harm"}
    sizes = {
        (type(p).__name__, p.width())
        for s in page.sections.values()
        for p in s.pictures.values()
        if p.denominator == 100
    }
    assert len(sizes) == 1, "every 100-person picture has one size, benefit or harm"


def test_psa_pack_uses_arrays_of_1000(qtbot: QtBot) -> None:
    page = _page(qtbot, SHIPPED / "psa-screening")
    section = page.sections["false-alarm"]
    arrays = section.pictures
    assert [(a.count, a.denominator) for a in arrays.values()] == [(178, 1000)]
    assert isinstance(arrays["psa-test"], IconArray)
    assert arrays["psa-test"].shape == (50, 20)
    # No test, no false alarm: the reason stands in for a picture of nobody.
    assert "no test result that could be wrong" in section.sentences["no-test"].text()


def test_view_switcher_changes_the_session(qtbot: QtBot) -> None:
    page = _page(qtbot, STATINS)
    page.show()
    section = page.sections[OUTCOME]
    session = page.session
    qtbot.mouseClick(section.view_buttons["bar"], Qt.MouseButton.LeftButton)
    assert session.risk_view(OUTCOME) == "bar"
    assert all(isinstance(p, RiskBar) for p in section.pictures.values())
    assert "7 out of 100" in _texts(section)
    # Keyboard alone: focus the words button and press space.
    words = section.view_buttons["words"]
    words.setFocus()
    qtbot.keyClick(words, Qt.Key.Key_Space)
    assert session.risk_view(OUTCOME) == "words"
    assert section.pictures == {}
    assert section.sentences["statin"].text().startswith("Out of 100 people like you")
    assert not section.legend.isVisibleTo(section)
    # Other outcomes keep their own view.
    assert session.risk_view("muscle-aches") == "icons"
    shown = [(s.item, s.view) for s in session.record.shown]
    assert (f"outcome:{OUTCOME}", "bar") in shown
    assert shown[-1] == (f"outcome:{OUTCOME}", "words")


def test_session_change_shows_in_the_switcher(qtbot: QtBot) -> None:
    page = _page(qtbot, STATINS)
    section = page.sections[OUTCOME]
    assert section.view_buttons["icons"].isChecked()
    page.session.set_risk_view(OUTCOME, "bar")
    assert section.view_buttons["bar"].isChecked()
    assert not section.view_buttons["icons"].isChecked()
    assert all(isinstance(p, RiskBar) for p in section.pictures.values())
    page.session.undo()
    assert section.view_buttons["icons"].isChecked()
    assert all(isinstance(p, IconArray) for p in section.pictures.values())


def test_showing_the_page_records_each_outcome(qtbot: QtBot) -> None:
    page = _page(qtbot, STATINS)
    assert page.session.record.shown == []
    page.show()
    shown = [(s.step, s.item, s.view) for s in page.session.record.shown]
    outcomes = [o.id for o in page.session.pack.content.outcomes]
    assert sorted(shown) == sorted(("risks", f"outcome:{o}", "icons") for o in outcomes)
    assert all(s.at == clock() for s in page.session.record.shown)


def test_figures_that_depend_on_the_group_wait_for_it(qtbot: QtBot) -> None:
    page = _page(qtbot, STATINS, group=None)
    page.show()
    section = page.sections[OUTCOME]
    assert section.outcome is None and section.pictures == {}
    assert section.waiting is not None
    assert "Choose the group at the top of this step" in section.waiting.text()
    assert "“People like you” means" not in " ".join(_texts(section))
    # Nothing of it is recorded as shown until a group is chosen.
    assert f"outcome:{OUTCOME}" not in [s.item for s in page.session.record.shown]
    assert page.sections["muscle-aches"].pictures, "outcomes for everyone show at once"
    chooser = page.chooser
    assert chooser is not None
    assert "Not chosen yet" in chooser.choice.text()
    assert "does not work out a personal risk" in chooser.scope.text()
    assert [b.text() for b in chooser.buttons.values()] == [
        "A risk of 10 out of 100 in the next 10 years",
        "A risk of 20 out of 100 in the next 10 years",
    ]
    radio = chooser.buttons["qrisk-20"]
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert page.session.risk_group == "qrisk-20"
    arrays = section.pictures
    assert [(a.count, a.denominator) for a in arrays.values()] == [(14, 100), (20, 100)]
    assert "6 people will not" in section.changes["statin"].text()
    assert f"outcome:{OUTCOME}" in [s.item for s in page.session.record.shown]
    # One picture per patient: the other group's figures are nowhere on the page.
    assert not any("10 will get heart disease" in t for t in _texts(page))
    # The model drives the radio buttons, undo included.
    page.session.set_risk_group("qrisk-10")
    assert chooser.buttons["qrisk-10"].isChecked() and not chooser.buttons["qrisk-20"].isChecked()
    page.session.undo()
    assert chooser.buttons["qrisk-20"].isChecked()
    page.session.undo()
    assert not any(b.isChecked() for b in chooser.buttons.values())
    assert section.pictures == {}


def test_the_patients_view_names_the_group_and_has_no_choice(qtbot: QtBot) -> None:
    clinician = _page(qtbot, STATINS, group=None)
    patient = RisksStep(clinician.binding, patient=True)
    qtbot.addWidget(patient)
    _HELD.append(patient)
    chooser = patient.chooser
    assert chooser is not None and chooser.buttons == {}
    assert "Not chosen yet" in chooser.choice.text()
    assert "will show here once your doctor or nurse has chosen" in (
        patient.sections[OUTCOME].waiting.text()  # type: ignore[union-attr]
    )
    assert "does not work out your own personal risk" in chooser.scope.text()
    clinician.session.set_risk_group("qrisk-20")
    assert chooser.choice.text() == (
        "These figures are for: A risk of 20 out of 100 in the next 10 years"
    )
    counts = [p.count for p in patient.sections[OUTCOME].pictures.values()]
    assert counts == [14, 20]


def test_good_and_bad_events_are_told_apart_by_colour_and_word(qtbot: QtBot) -> None:
    statins = _page(qtbot, STATINS)
    knee = _page(qtbot, SHIPPED / "knee-osteoarthritis")
    bad = statins.sections[OUTCOME]
    good = knee.sections["own_knee_5y"]
    assert bad.valence is not None and good.valence is not None
    assert bad.valence.accessibleName() == "A bad outcome"
    assert good.valence.accessibleName() == "A good outcome"
    # Both are benefits, drawn in different colours.
    assert bad.pack_outcome.kind == good.pack_outcome.kind == "benefit"
    bad_picture = bad.pictures["no-statin"]
    good_picture = good.pictures["carry_on"]
    assert isinstance(bad_picture, IconArray) and isinstance(good_picture, IconArray)
    assert bad_picture.colours.event != good_picture.colours.event
    # Four more people keep their own knee with exercise: a gain, in the gain colour.
    exercise = good.pictures["exercise"]
    assert isinstance(exercise, IconArray)
    assert exercise.changed_cells() == [66, 67, 68, 69]
    assert exercise.colours.changed == bad.pictures["statin"].colours.changed  # type: ignore[union-attr]
    assert "4 people will still have their own knee" in good.changes["exercise"].text()


def test_the_range_note_sits_under_the_picture_that_has_the_range(qtbot: QtBot) -> None:
    page = _page(qtbot, STATINS)
    page.show()
    section = page.sections["muscle-aches"]  # 27 (27 to 28) against 27: one striped icon
    [label] = section.range_notes["statin"]
    assert label.text() == "not in the best estimate, but the range says maybe"
    assert "no-statin" not in section.range_notes
    statin, none = section.pictures["statin"], section.pictures["no-statin"]

    def x(widget: QWidget) -> int:
        return widget.mapTo(section, widget.rect().topLeft()).x()

    assert x(statin) <= x(label) < x(none)
    # The shared legend names only what every picture shares.
    legend = [w.text() for w in section.legend.findChildren(QLabel) if w.text()]
    assert legend == ["will report muscle aches or weakness", "will not"]


def test_mixing_100_and_1000_is_said_in_large_type(qtbot: QtBot) -> None:
    knee = _page(qtbot, SHIPPED / "knee-osteoarthritis")
    assert knee.mixed.isVisibleTo(knee)
    assert knee.mixed.font().pointSizeF() > knee.font().pointSizeF() * 1.2
    assert knee.sections["infection_2y"].scale.text() == "Pictures of 1000 people"
    assert knee.sections["own_knee_5y"].scale.text() == "Pictures of 100 people"
    for path in (STATINS, SHIPPED / "psa-screening"):
        same = _page(qtbot, path)
        assert not same.mixed.isVisibleTo(same)
        assert all(not s.scale.isVisibleTo(s) for s in same.sections.values())


def _psa_with_no_false_alarm_drawn(tmp_path: Path) -> Path:
    """The PSA pack with a count of 0 false alarms without the test, drawn as a picture."""
    folder = tmp_path / "psa-screening"
    shutil.copytree(SHIPPED / "psa-screening", folder)
    content = folder / "content.yaml"
    text = content.read_text(encoding="utf-8")
    reason = (
        '      no_data: "Does not apply: with no test, there is no test result that could '
        'be wrong."\n      does_not_apply: true\n'
    )
    assert text.count(reason) == 1
    zero = '      count: 0\n      out_of: 1000\n      over: "10 years"\n'
    content.write_text(text.replace(reason, zero), encoding="utf-8")
    return folder


def test_arrays_of_1000_are_magnified_where_the_people_are(qtbot: QtBot, tmp_path: Path) -> None:
    page = _page(qtbot, _psa_with_no_false_alarm_drawn(tmp_path))
    page.show()
    false_alarm = page.sections["false-alarm"]
    test, none = false_alarm.pictures["psa-test"], false_alarm.pictures["no-test"]
    assert isinstance(test, IconArray) and isinstance(none, IconArray)
    assert test.zoom == none.zoom == 2
    assert "The first 200 of the 1000 people are also drawn bigger" in " ".join(_texts(false_alarm))
    assert test.range_cells() == []
    assert "anywhere from 125 to 200" in false_alarm.sentences["psa-test"].text()
    assert false_alarm.range_notes == {}
    # Nobody has a false alarm without the test: every coloured person is a changed one,
    # so the legend does not name a colour no picture shows.
    assert test.changed_cells() == list(range(178))
    legend = [w.text() for w in false_alarm.legend.findChildren(QLabel) if w.text()]
    assert legend == ["will not"]


def test_hidden_option_is_not_shown(qtbot: QtBot) -> None:
    page = _page(qtbot, STATINS)
    page.session.set_option_hidden("no-statin", True)
    section = page.sections[OUTCOME]
    assert list(section.pictures) == ["statin"]
    assert "No statin: healthy habits only" not in _texts(page)
    page.session.set_option_hidden("no-statin", False)
    assert list(section.pictures) == ["statin", "no-statin"]


def test_no_data_shows_its_reason(qtbot: QtBot, make_pack) -> None:  # type: ignore[no-untyped-def]
    path = make_pack(
        "nodata",
        {
            "content.yaml": [
                (
                    "nothing: {count: 30, out_of: 100, over: 1 year}",
                    "nothing: {no_data: Nobody has counted this without the tablet.}",
                )
            ]
        },
    )
    page = _page(qtbot, path)
    section = page.sections["bad-days"]
    assert list(section.pictures) == ["tablet"]
    reason = "No figure for this option. Nobody has counted this without the tablet."
    assert section.sentences["nothing"].text() == reason
    assert reason in _texts(section)
    page.session.set_risk_view("bad-days", "bar")
    assert list(section.pictures) == ["tablet"]
    assert section.sentences["nothing"].text() == reason


def test_patient_mirror_has_no_switchers_and_larger_text(qtbot: QtBot) -> None:
    clinician = _page(qtbot, STATINS)
    patient = RisksStep(clinician.binding, patient=True)
    qtbot.addWidget(patient)
    _HELD.append(patient)
    assert patient.findChildren(QPushButton) == []
    assert patient.findChildren(QToolButton) == []
    assert patient.font().pointSizeF() == pytest.approx(clinician.font().pointSizeF() * 1.4)
    # The mirror shows what the clinician picked.
    clinician.session.set_risk_view(OUTCOME, "words")
    assert patient.sections[OUTCOME].pictures == {}
    clinician.session.set_risk_view(OUTCOME, "bar")
    assert all(isinstance(p, RiskBar) for p in patient.sections[OUTCOME].pictures.values())
    # Showing the mirror does not add to the record: the clinician's page does that.
    patient.show()
    assert patient.session.record.shown == []


def test_how_we_know_opens_the_note_and_sources(qtbot: QtBot) -> None:
    page = _page(qtbot, STATINS)
    page.show()
    section = page.sections[OUTCOME]
    assert section.how_button is not None and section.how_text is not None
    assert not section.how_text.isVisible()
    qtbot.mouseClick(section.how_button, Qt.MouseButton.LeftButton)
    assert section.how_text.isVisible()
    note = section.outcome.note
    assert note is not None and note in section.how_text.text()
    assert section.sources.text().startswith("Sources: National Institute for Health")


@pytest.mark.parametrize(
    "pack", ["statins-primary-prevention", "psa-screening", "knee-osteoarthritis"]
)
def test_every_control_has_an_accessible_name(qtbot: QtBot, pack: str) -> None:
    page = _page(qtbot, SHIPPED / pack)
    page.show()
    buttons = page.findChildren(QAbstractButton)
    assert buttons
    for widget in buttons:
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert widget.accessibleName().strip(), widget.text()
    for section in page.sections.values():
        for picture in section.pictures.values():
            assert picture.accessibleName() and picture.accessibleDescription()


@pytest.fixture
def _app_font() -> Iterator[QFont]:
    """The application's font, put back after the test."""
    before = QApplication.font()
    yield QFont(before)
    QApplication.setFont(before)


def _labelled(root: QWidget, text: str) -> QLabel:
    return next(label for label in root.findChildren(QLabel) if label.text() == text)


@pytest.mark.parametrize("patient", [False, True])
def test_headings_and_option_names_grow_with_the_text(
    qtbot: QtBot, _app_font: QFont, patient: bool
) -> None:
    """View › Larger text doubles the body; the headings and names double with it, so the
    hierarchy stays the right way up (and no text stays below the body's size)."""
    clinician = _page(qtbot, STATINS)
    page = clinician
    if patient:
        page = RisksStep(clinician.binding, patient=True)
        qtbot.addWidget(page)
        _HELD.append(page)
    page.show()
    section = page.sections[OUTCOME]
    chooser = page.chooser
    assert chooser is not None
    named = {
        **({} if patient else {"step": _labelled(page, "Risks and benefits")}),
        "kind": _labelled(page, "Possible benefits"),
        "group": chooser.title,
        "mixed": page.mixed,
        "question": section.heading,
        "scale": section.scale,
        "option": _labelled(section, "Take a statin"),
        "sources": section.sources,
    }

    def ratios() -> dict[str, float]:
        body = page.font().pointSizeF()
        return {key: label.font().pointSizeF() / body for key, label in named.items()}

    normal = ratios()
    assert normal.get("step", 2) > normal["kind"] > normal["question"] > normal["option"] == 1
    assert normal["sources"] == pytest.approx(1), "no text smaller than the body"
    assert named["option"].font().bold() and not named["sources"].font().bold()
    font = QFont(_app_font)
    font.setPointSizeF(_app_font.pointSizeF() * 2)
    QApplication.setFont(font)
    QApplication.processEvents()
    assert page.font().pointSizeF() == pytest.approx(
        font.pointSizeF() * (PATIENT_SCALE if patient else 1)
    )
    assert ratios() == pytest.approx(normal)


def test_the_legend_stands_on_one_line_when_the_width_allows(qtbot: QtBot) -> None:
    page = _page(qtbot, STATINS)
    page.show()
    section = page.sections[OUTCOME]
    entries = [w for w in section.legend.findChildren(QLabel) if w.text()]
    assert [w.text() for w in entries] == [
        "will get heart disease (such as a heart attack or angina) or have a stroke",
        "will not",
    ]
    line = entries[0].fontMetrics().lineSpacing()
    assert all(w.height() < 2 * line for w in entries), "one line each"
    assert (
        entries[1].mapTo(section, entries[1].rect().topLeft()).y()
        == entries[0].mapTo(section, entries[0].rect().topLeft()).y()
    )


def test_legend_icons_grow_with_the_text(qtbot: QtBot, _app_font: QFont) -> None:
    page = _page(qtbot, STATINS)
    page.show()
    icons = page.sections[OUTCOME].findChildren(LegendIcon)
    assert icons
    before = {icon: icon.pixmap().width() for icon in icons}
    font = QFont(_app_font)
    font.setPointSizeF(_app_font.pointSizeF() * 2)
    QApplication.setFont(font)
    QApplication.processEvents()
    assert all(icon.pixmap().width() > 1.5 * before[icon] for icon in icons)


def test_the_clinicians_group_chooser_shows_its_choice_in_the_buttons_only(
    qtbot: QtBot,
) -> None:
    page = _page(qtbot, STATINS)
    page.show()
    chooser = page.chooser
    assert chooser is not None
    assert not chooser.choice.isVisibleTo(chooser), "no stray line over the title"
    shown = [label for label in chooser.findChildren(QLabel) if label.isVisibleTo(chooser)]
    top = min(label.geometry().top() for label in shown)
    assert [label for label in shown if label.geometry().top() == top] == [chooser.title]
