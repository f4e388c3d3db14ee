"""The patient's answers as the items of a QuestionnaireResponse to the pack's Questionnaire.

The linkIds and types are those of :mod:`decision_aid.report.fhir.questionnaire`; the
text is in the language the patient saw. Only what was answered is there: a group
with no answer is left out (FHIR allows no empty group).
"""

from __future__ import annotations

from typing import Any

from decision_aid.content.model import PackContent
from decision_aid.i18n import translate
from decision_aid.report.fhir import codes
from decision_aid.report.fhir.instruments import COLLABORATE_QUESTIONS, SURE_QUESTIONS
from decision_aid.report.fhir.questionnaire import CORRECT, GROUPS, OWN_CONCERN, OWN_IMPORTANCE
from decision_aid.session.model import SessionRecord

Json = dict[str, Any]


def _group(link_id: str, items: list[Json]) -> list[Json]:
    return [{"linkId": link_id, "text": translate(GROUPS[link_id]), "item": items}] if items else []


def _item(link_id: str, text: str | None, answer: list[Json]) -> Json:
    """An answered item; the text is left out when the pack no longer has it."""
    item: Json = {"linkId": link_id}
    if text:
        item["text"] = text
    item["answer"] = answer
    return item


def _values(content: PackContent, record: SessionRecord) -> list[Json]:
    concerns = {value.id: value.concern for value in content.values}
    items = [
        _item(
            f"values/{rating.concern_id}",
            concerns.get(rating.concern_id),
            [{"valueInteger": rating.importance}],
        )
        for rating in record.ratings
    ]
    for own in record.own_concerns:
        items.append(
            {
                "linkId": "values/own",
                "text": translate(GROUPS["own"]),
                "item": [
                    _item(
                        "values/own/concern", translate(OWN_CONCERN), [{"valueString": own.text}]
                    ),
                    _item(
                        "values/own/importance",
                        translate(OWN_IMPORTANCE),
                        [{"valueInteger": own.importance}],
                    ),
                ],
            }
        )
    return _group("values", items)


def _knowledge(
    content: PackContent, record: SessionRecord, pack_id: str, version: str
) -> list[Json]:
    questions = {q.id: q for q in content.knowledge}
    items = []
    for answer in record.knowledge:
        question = questions.get(answer.question_id)
        choices = {c.id: c.text for c in question.choices} if question else {}
        coding: Json = {
            "system": codes.knowledge_system(pack_id, answer.question_id),
            "version": version,
            "code": answer.choice_id,
        }
        if answer.choice_id in choices:
            coding["display"] = choices[answer.choice_id]
        correct = question is not None and question.answer == answer.choice_id
        link = f"knowledge/{answer.question_id}"
        mark = _item(f"{link}/correct", translate(CORRECT), [{"valueBoolean": correct}])
        items.append(
            _item(
                link,
                question.question if question else None,
                [{"valueCoding": coding, "item": [mark]}],
            )
        )
    return _group("knowledge", items)


def response_items(
    content: PackContent, record: SessionRecord, pack_id: str, version: str
) -> list[Json]:
    """Every answered item of the record, grouped as the Questionnaire groups them."""
    sure = [
        _item(f"sure/{key}", translate(question), [{"valueBoolean": value}])
        for key, question in SURE_QUESTIONS
        if (value := getattr(record.sure, key)) is not None
    ]
    collaborate = [
        _item(f"collaborate/{key}", translate(question), [{"valueInteger": value}])
        for key, question in COLLABORATE_QUESTIONS
        if (value := getattr(record.collaborate, key)) is not None
    ]
    return [
        *_values(content, record),
        *_knowledge(content, record, pack_id, version),
        *_group("sure", sure),
        *_group("collaborate", collaborate),
    ]
