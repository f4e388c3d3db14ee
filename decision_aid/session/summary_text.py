"""Sentences about a consultation's results, shared by the summary screen and the record."""

from __future__ import annotations

from decision_aid.content.model import PackContent
from decision_aid.i18n import _, ngettext
from decision_aid.session import scoring
from decision_aid.session.model import SessionRecord


def knowledge_text(content: PackContent, record: SessionRecord) -> str:
    """'3 of 4 answered correctly', with how many were answered when not all were."""
    knowledge = scoring.knowledge_score(content, record)
    if knowledge.total == 0:
        return _("This pack has no knowledge questions.")
    text = ngettext(
        "{correct} of {total} answered correctly",
        "{correct} of {total} answered correctly",
        knowledge.total,
    ).format(correct=knowledge.correct, total=knowledge.total)
    if knowledge.answered < knowledge.total:
        text += " " + _("({answered} answered)").format(answered=knowledge.answered)
    return text


def sure_text(record: SessionRecord) -> str:
    """The SURE score with its meaning, or that the test was not completed."""
    sure = scoring.sure_score(record.sure)
    if sure.score is None:
        return _("Not completed")
    if sure.conflict:
        return _(
            "{score} of 4: decisional conflict. Talk more about the options, what matters "
            "most, or who can help, before deciding."
        ).format(score=sure.score)
    return _("{score} of 4: no decisional conflict").format(score=sure.score)
