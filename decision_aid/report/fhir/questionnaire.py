"""A pack's questions as a FHIR R4 Questionnaire: what the QuestionnaireResponse answers.

One Questionnaire per pack version: canonical URL ``<base>/Questionnaire/<pack id>``,
``version`` the pack's. Its groups, with the linkIds the response uses:

* ``values``: one integer item (0 to 4) per concern of the pack, ``values/<concern id>``,
  and a repeating group ``values/own`` for the patient's own concerns
  (``values/own/concern``, their words; ``values/own/importance``, 0 to 4);
* ``knowledge``: one choice item per knowledge question, ``knowledge/<question id>``,
  its choices coded in the pack's code system of that question, with a read-only
  boolean ``knowledge/<question id>/correct`` under the answer;
* ``sure``: the four SURE items, ``sure/<item>``, yes or no;
* ``collaborate``: the three CollaboRATE items, ``collaborate/<item>``, 0 to 9.

The text is the pack's source language (``language``), with every translation the pack
and the app have as the standard ``translation`` extension, so one Questionnaire serves
records in every language. An example pack (not clinically reviewed) gives a ``draft``,
``experimental`` Questionnaire; a reviewed one an ``active`` one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

from decision_aid.content.loader import LoadedPack
from decision_aid.content.model import PackContent, PackMeta
from decision_aid.content.strings import localize, localize_meta
from decision_aid.i18n import N_, translate, using
from decision_aid.report.fhir import codes
from decision_aid.report.fhir.instruments import (
    COLLABORATE_QUESTIONS,
    SURE_QUESTIONS,
    measure_code,
)

Json = dict[str, Any]

GROUPS = {
    "values": N_("What matters to you"),
    "own": N_("The patient's own concerns"),
    "knowledge": N_("Knowledge check"),
    "sure": N_("SURE test"),
    "collaborate": N_("CollaboRATE"),
}
OWN_CONCERN = N_("Concern, in the patient's words")
OWN_IMPORTANCE = N_("How much it matters")
CORRECT = N_("Answered correctly")


def localized(loaded: LoadedPack, language: str) -> PackContent:
    """The pack content in ``language`` (the source text where it has no translation)."""
    if language == loaded.meta.source_language or language not in loaded.translations:
        return loaded.content
    pack, _missing = localize(loaded.pack, loaded.translations[language])
    return pack.content


def ui_text(language: str, message: str) -> str:
    """An app message (marked with N_) in ``language``."""
    with using(language):
        return translate(message)


class _Texts:
    """Text in the source language, with its translations as FHIR's extension."""

    def __init__(self, loaded: LoadedPack) -> None:
        self.source = loaded.meta.source_language
        self.languages = loaded.languages
        self.contents = {lang: localized(loaded, lang) for lang in self.languages}

    def field(self, name: str, get: Callable[[str], str | None]) -> Json:
        """``{name: source text, _name: translations}``; translations equal to the source
        (a language without that text) are left out."""
        text = get(self.source)
        if not text:
            return {}
        result: Json = {name: text}
        translations = []
        for lang in self.languages[1:]:
            other = get(lang)
            if other and other != text:
                translations.append(
                    {
                        "url": codes.TRANSLATION,
                        "extension": [
                            {"url": "lang", "valueCode": codes.fhir_language(lang)},
                            {"url": "content", "valueString": other},
                        ],
                    }
                )
        if translations:
            result["_" + name] = {"extension": translations}
        return result

    def ui(self, message: str) -> Json:
        return self.field("text", lambda lang: ui_text(lang, message))

    def pack(self, get: Callable[[PackContent], str | None], name: str = "text") -> Json:
        return self.field(name, lambda lang: get(self.contents[lang]))


def _concern(index: int, content: PackContent) -> str:
    return content.values[index].concern


def _question(index: int, content: PackContent) -> str:
    return content.knowledge[index].question


def _choice(question: int, choice: int, content: PackContent) -> str:
    return content.knowledge[question].choices[choice].text


def _bounds(low: int, high: int) -> list[Json]:
    return [
        {"url": codes.MIN_VALUE, "valueInteger": low},
        {"url": codes.MAX_VALUE, "valueInteger": high},
    ]


def _group(link_id: str, texts: Json, items: list[Json], **more: Any) -> list[Json]:
    """A group item, or nothing when it would be empty (FHIR allows no empty group)."""
    if not items:
        return []
    return [{"linkId": link_id, **texts, "type": "group", **more, "item": items}]


def _values(texts: _Texts, content: PackContent) -> list[Json]:
    importance = [codes.coding(codes.MEASURES, "importance")]
    items: list[Json] = []
    for index, value in enumerate(content.values):
        items.append(
            {
                "extension": _bounds(0, 4),
                "linkId": f"values/{value.id}",
                "code": importance,
                **texts.pack(partial(_concern, index)),
                "type": "integer",
            }
        )
    own = {
        "linkId": "values/own",
        **texts.ui(GROUPS["own"]),
        "type": "group",
        "repeats": True,
        "item": [
            {"linkId": "values/own/concern", **texts.ui(OWN_CONCERN), "type": "string"},
            {
                "extension": _bounds(0, 4),
                "linkId": "values/own/importance",
                "code": importance,
                **texts.ui(OWN_IMPORTANCE),
                "type": "integer",
            },
        ],
    }
    return _group("values", texts.ui(GROUPS["values"]), [*items, own])


def _knowledge(texts: _Texts, content: PackContent, pack_id: str, version: str) -> list[Json]:
    items = []
    for q_index, question in enumerate(content.knowledge):
        system = codes.knowledge_system(pack_id, question.id)
        options = []
        for c_index, choice in enumerate(question.choices):
            coding: Json = {"system": system, "version": version, "code": choice.id}
            coding.update(texts.pack(partial(_choice, q_index, c_index), "display"))
            options.append({"valueCoding": coding})
        link = f"knowledge/{question.id}"
        items.append(
            {
                "linkId": link,
                **texts.pack(partial(_question, q_index)),
                "type": "choice",
                "answerOption": options,
                "item": [
                    {
                        "linkId": f"{link}/correct",
                        **texts.ui(CORRECT),
                        "type": "boolean",
                        "readOnly": True,
                    }
                ],
            }
        )
    return _group("knowledge", texts.ui(GROUPS["knowledge"]), items)


def _instruments(texts: _Texts) -> list[Json]:
    sure = [
        {
            "linkId": f"sure/{key}",
            "code": [codes.coding(codes.MEASURES, measure_code("sure", key))],
            **texts.ui(question),
            "type": "boolean",
        }
        for key, question in SURE_QUESTIONS
    ]
    collaborate = [
        {
            "extension": _bounds(0, 9),
            "linkId": f"collaborate/{key}",
            "code": [codes.coding(codes.MEASURES, measure_code("collaborate", key))],
            **texts.ui(question),
            "type": "integer",
        }
        for key, question in COLLABORATE_QUESTIONS
    ]
    return [
        *_group("sure", texts.ui(GROUPS["sure"]), sure),
        *_group("collaborate", texts.ui(GROUPS["collaborate"]), collaborate),
    ]


def computable_name(pack_id: str) -> str:
    """A FHIR computable name: 'DecisionAid' and the pack id in CamelCase."""
    return "DecisionAid" + "".join(part.capitalize() for part in re.split(r"[-_]", pack_id))


def build_questionnaire(loaded: LoadedPack) -> Json:
    """The JSON-ready Questionnaire of ``loaded`` (see the module notes)."""
    meta = loaded.meta
    texts = _Texts(loaded)
    reviewed = meta.review.status == "reviewed"
    questionnaire: Json = {
        "resourceType": "Questionnaire",
        "language": codes.fhir_language(meta.source_language),
        "url": codes.questionnaire_url(meta.id),
        "version": meta.version,
        "name": computable_name(meta.id),
        **texts.field("title", lambda lang: _meta(loaded, lang).title),
        "status": "active" if reviewed else "draft",
        "experimental": not reviewed,
        "subjectType": ["Patient"],
        "date": meta.published.isoformat(),
        "publisher": ", ".join(author.name for author in meta.authors),
        **texts.field("description", lambda lang: _meta(loaded, lang).decision),
        "item": [
            *_values(texts, loaded.content),
            *_knowledge(texts, loaded.content, meta.id, meta.version),
            *_instruments(texts),
        ],
    }
    return questionnaire


def _meta(loaded: LoadedPack, language: str) -> PackMeta:
    translation = loaded.translations.get(language)
    return loaded.meta if translation is None else localize_meta(loaded.meta, translation)


def check_questionnaire(questionnaire: Json) -> None:
    """Check a Questionnaire with the FHIR model (fhir.resources, R4B, which matches R4
    here) and its status; ValueError naming the problem."""
    from fhir.resources.R4B.questionnaire import Questionnaire
    from pydantic import ValidationError

    if questionnaire.get("status") not in ("draft", "active", "retired", "unknown"):
        raise ValueError(f"status {questionnaire.get('status')!r} is not a FHIR one")
    try:
        Questionnaire.model_validate(questionnaire)
    except ValidationError as exc:
        raise ValueError(str(exc)) from exc
