"""A whole consultation, step by step, for every shipped pack, checking what the screen shows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from decision_aid.session import scoring
from decision_aid.session.scoring import option_fits
from decision_aid.ui.consultation_window import ConsultationWindow
from decision_aid.ui.widgets.icon_array import IconArray
from tests.ui.consult_support import START, new_session

PACKS = ["knee-osteoarthritis", "psa-screening", "statins-primary-prevention"]


def click(qtbot: QtBot, widget: object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


@pytest.mark.parametrize("pack_id", PACKS)
def test_full_journey(qtbot: QtBot, pack_id: str) -> None:
    loaded, session = new_session(pack_id)
    content = loaded.content
    window = ConsultationWindow(loaded, session, None)
    qtbot.addWidget(window)
    window.show()
    pages = window.pages

    # 1. Grid: the options are the columns, the questions the rows.
    labels = [w.text() for w in pages["grid"].findChildren(QLabel)]
    assert loaded.meta.decision in labels
    view = pages["grid"].grid  # type: ignore[attr-defined]
    assert view.column_names() == [o.name for o in content.options]
    assert view.row_questions()[: len(content.questions)] == [q.text for q in content.questions]

    # 2. Risks: one identical icon array per option with a count, and its sentence.
    window.next()
    outcome = next(s for o in content.outcomes if (s := o.stratum(None)) is not None)
    section = pages["risks"].sections[outcome.id]  # type: ignore[attr-defined]
    arrays = section.findChildren(IconArray)
    counted = outcome.counted()
    assert sorted(a.count for a in arrays) == sorted(f.count for f in counted.values())
    assert {a.denominator for a in arrays} == {outcome.denominator}
    figure = next(iter(counted.values()))
    array = next(a for a in arrays if a.count == figure.count)
    description = array.accessibleDescription()
    assert f"Out of {outcome.denominator} people like you" in description
    assert f", {figure.count} " in description
    click(qtbot, section.view_group.buttons()[2])
    assert session.risk_view(outcome.id) == "words"
    section.view_group.buttons()[0].click()
    assert session.risk_view(outcome.id) == "icons"

    # 3. What matters: rate every concern through the controls; fits appear.
    window.next()
    values = pages["values"]
    for index, value in enumerate(content.values):
        values.ratings[value.id].buttons[(4, 1, 3, 0, 2)[index % 5]].click()  # type: ignore[attr-defined]
    assert [r.importance for r in session.record.ratings] == [
        (4, 1, 3, 0, 2)[i % 5] for i in range(len(content.values))
    ]
    fits = option_fits(content, session.record)
    assert all(f.fit is not None for f in fits)
    shown = {o: view.verdict.text() for o, view in values.fit_rows.items()}  # type: ignore[attr-defined]
    assert all(shown.values())
    assert len(shown) == len(session.visible_options())

    # 4. Check: answer the knowledge questions right, and SURE with one 'No'.
    window.next()
    check = pages["check"]
    for question in content.knowledge:
        group = check.choices[question.id]  # type: ignore[attr-defined]
        choice_index = [c.id for c in question.choices].index(question.answer)
        group.buttons()[choice_index].click()
    assert (
        f"{len(content.knowledge)} of {len(content.knowledge)} correct"
        in check.knowledge_score.text()
    )  # type: ignore[attr-defined]
    for item, pair in check.sure_pairs.items():  # type: ignore[attr-defined]
        (pair.no if item == "encouragement" else pair.yes).click()
    assert "3 of 4" in check.sure_score.text()  # type: ignore[attr-defined]
    assert check.conflict.isVisible()  # type: ignore[attr-defined]

    # 5. Plan: lean to the first option, add a question and choose a resource.
    window.next()
    plan = pages["plan"]
    first = content.options[0]
    plan.leaning_buttons[f"option:{first.id}"].click()  # type: ignore[attr-defined]
    qtbot.keyClicks(plan.question_edit, "How soon do I need to decide?")  # type: ignore[attr-defined]
    click(qtbot, plan.question_add)  # type: ignore[attr-defined]
    if content.support:
        plan.resource_boxes[content.support[0].id].click()  # type: ignore[attr-defined]
    assert session.record.plan.leaning == f"option:{first.id}"
    assert session.record.plan.questions == ["How soon do I need to decide?"]

    # 6. Summary: everything above is in the review; confirming finishes the record.
    window.next()
    summary = pages["summary"]
    text = summary.browser.toPlainText()  # type: ignore[attr-defined]
    assert first.name in text
    assert "How soon do I need to decide?" in text
    assert "3 of 4" in text
    click(qtbot, summary.confirm_button)  # type: ignore[attr-defined]
    assert session.record.finished is not None and session.record.finished >= START

    # 7. Afterwards: the patient answers CollaboRATE in their own view, top score on all three.
    window.next()
    click(qtbot, pages["afterwards"].hand_over)  # type: ignore[attr-defined]
    assert window.patient_window is not None
    after = window.patient_window.pages["afterwards"]
    for scale in after.scales.values():  # type: ignore[attr-defined]
        scale.buttons[9].click()
    assert session.record.collaborate.explained == 9
    assert scoring.collaborate_top_box(session.record) == 1
    assert "all three" in pages["afterwards"].progress.text()  # type: ignore[attr-defined]
    window.set_patient_view(False)
    QApplication.processEvents()
