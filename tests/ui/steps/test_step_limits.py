"""Adding past a session bound (own concerns, questions, people) is refused in place with
a plain notice; nothing is lost from the field and no error escapes to the user."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from decision_aid.session.model import MAX_OWN_CONCERNS, MAX_QUESTIONS, MAX_SUPPORTERS, Supporter
from tests.ui.steps import test_plan_step as plan
from tests.ui.steps import test_values_step as values

# The notice pops up as a tooltip, which the offscreen platform cannot raise.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def test_one_own_concern_too_many_is_refused_with_a_notice(qtbot: QtBot) -> None:
    session = values.make_session()
    for n in range(MAX_OWN_CONCERNS):
        session.add_own_concern(f"concern {n}")
    page = values.make_page(qtbot, session)
    assert page.add_edit is not None
    page.add_edit.setText("One more thing")
    page._add_own()
    assert len(session.record.own_concerns) == MAX_OWN_CONCERNS
    assert page.add_edit.text() == "One more thing"
    assert f"At most {MAX_OWN_CONCERNS}" in page.add_edit.toolTip()


def test_one_question_or_person_too_many_is_refused_with_a_notice(qtbot: QtBot) -> None:
    session = plan.make_session()
    session.set_questions([f"q{n}" for n in range(MAX_QUESTIONS)])
    session.set_supporters([Supporter(name="Pat", relationship="friend")] * MAX_SUPPORTERS)
    page = plan.make_page(qtbot, session)
    page.question_edit.setText("Can I think about it?")
    page.add_question()
    assert len(session.record.plan.questions) == MAX_QUESTIONS
    assert page.question_edit.text() == "Can I think about it?"
    assert f"At most {MAX_QUESTIONS} questions" in page.question_edit.toolTip()
    page.supporter_name.setText("Sam")
    page.add_supporter()
    assert len(session.record.plan.supporters) == MAX_SUPPORTERS
    assert page.supporter_name.text() == "Sam"
    assert f"At most {MAX_SUPPORTERS} people" in page.supporter_name.toolTip()
