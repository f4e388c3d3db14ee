"""Sentences about a consultation's results, shared by the summary screen and the record."""

from __future__ import annotations

from decision_aid.content.model import PackContent
from decision_aid.i18n import FORMAT_LOCALES, N_, _, current_language, ngettext, translate
from decision_aid.session import scoring
from decision_aid.session.model import HandoverPart, KioskHandover, SessionRecord


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


HANDOVER_PART_NAMES: dict[HandoverPart, str] = {
    "ratings": N_("ratings of what matters"),
    "own_concerns": N_("concerns in their own words"),
    "questions": N_("questions"),
    "supporters": N_("who helps them decide"),
    "community": N_("local groups and services"),
    "leaning": N_("leaning"),
    "sure": N_("SURE answers"),
}


def kiosk_text(handover: KioskHandover, when: str) -> str:
    """'Prepared by the patient at the kiosk (<when>): ratings of what matters, questions
    ...', in the current language; ``when`` is the time as the screen or record writes it."""
    parts = [translate(HANDOVER_PART_NAMES[part]) for part in handover.parts]
    if not parts:
        return _("Prepared by the patient at the kiosk ({time}): nothing was filled in.").format(
            time=when
        )
    listed = _listed(parts)
    return _("Prepared by the patient at the kiosk ({time}): {parts}.").format(
        time=when, parts=listed
    )


def _listed(items: list[str]) -> str:
    """'a, b and c' as the current language writes a list."""
    from babel import UnknownLocaleError
    from babel.lists import format_list

    code = current_language()
    try:
        return str(format_list(items, locale=FORMAT_LOCALES.get(code, code)))
    except (UnknownLocaleError, ValueError):
        return ", ".join(items)
