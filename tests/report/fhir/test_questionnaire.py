"""Each pack's Questionnaire: canonical URL and version, every item the response uses,
the translations, the status, and its words kept equal to the screens'."""

from __future__ import annotations

from typing import Any

import pytest

from decision_aid.content.library import pack_paths
from decision_aid.content.loader import load_pack
from decision_aid.report.fhir import codes
from decision_aid.report.fhir.instruments import COLLABORATE_QUESTIONS, SURE_QUESTIONS
from decision_aid.report.fhir.questionnaire import build_questionnaire, check_questionnaire
from tests.conftest import MINIMAL, SHIPPED

PACKS = pack_paths([SHIPPED])


def link_ids(items: list[dict[str, Any]]) -> list[str]:
    found = []
    for item in items:
        found.append(item["linkId"])
        found += link_ids(item.get("item", []))
    return found


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.name)
def test_shipped_pack_questionnaire(path: Any) -> None:
    loaded = load_pack(path)
    questionnaire = build_questionnaire(loaded)
    check_questionnaire(questionnaire)
    assert questionnaire["url"] == f"https://decision-aid.org/fhir/Questionnaire/{loaded.meta.id}"
    assert questionnaire["version"] == loaded.meta.version
    assert questionnaire["status"] == "draft" and questionnaire["experimental"] is True
    content = loaded.content
    assert link_ids(questionnaire["item"]) == [
        "values",
        *[f"values/{v.id}" for v in content.values],
        "values/own",
        "values/own/concern",
        "values/own/importance",
        "knowledge",
        *[
            link
            for q in content.knowledge
            for link in (f"knowledge/{q.id}", f"knowledge/{q.id}/correct")
        ],
        "sure",
        *[f"sure/{key}" for key, _words in SURE_QUESTIONS],
        "collaborate",
        *[f"collaborate/{key}" for key, _words in COLLABORATE_QUESTIONS],
    ]
    knowledge = questionnaire["item"][1]["item"][0]
    first = content.knowledge[0]
    assert [o["valueCoding"]["code"] for o in knowledge["answerOption"]] == [
        c.id for c in first.choices
    ]
    assert knowledge["answerOption"][0]["valueCoding"]["system"] == codes.knowledge_system(
        loaded.meta.id, first.id
    )
    # Every language of the pack is there, as FHIR's translation extension.
    translated = {
        ext["extension"][0]["valueCode"]
        for ext in questionnaire["_title"]["extension"]
        if ext["url"] == codes.TRANSLATION
    }
    assert translated == set(loaded.languages[1:])


def test_a_reviewed_pack_gives_an_active_questionnaire(make_pack: Any) -> None:
    from datetime import date

    from decision_aid.authoring.review import record_sign_off

    folder = make_pack()
    record_sign_off(  # a clinician's sign-off of this exact version marks it reviewed
        load_pack(folder, check_review=False),
        role="clinician",
        name="Dr R",
        interests="None declared",
        day=date(2026, 1, 9),
    )
    questionnaire = build_questionnaire(load_pack(folder))
    assert questionnaire["status"] == "active" and questionnaire["experimental"] is False


def test_the_words_are_the_screens() -> None:
    """The same message ids as the Check and Afterwards steps (so the same translations)."""
    from decision_aid.ui.steps.afterwards_step import ITEMS
    from decision_aid.ui.steps.check_step import SURE_ITEMS

    assert dict(COLLABORATE_QUESTIONS) == ITEMS
    assert list(SURE_QUESTIONS) == list(SURE_ITEMS)


def test_minimal_pack_has_no_knowledge_group_when_it_has_no_questions(make_pack: Any) -> None:
    questionnaire = build_questionnaire(load_pack(MINIMAL))
    check_questionnaire(questionnaire)
    assert [i["linkId"] for i in questionnaire["item"]][-2:] == ["sure", "collaborate"]
