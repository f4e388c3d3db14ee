"""Question prompts: a pack's list of questions patients often want to ask, cited, checked,
translated like every other text, and linted for plain words."""

from __future__ import annotations

import pytest

from decision_aid.content.errors import PackError
from decision_aid.content.lint import lint
from decision_aid.content.loader import load_pack
from decision_aid.content.model import MAX_PROMPTS, pack_json_schema
from decision_aid.content.strings import localize, pack_strings
from tests.conftest import SHIPPED
from tests.content.lint.lint_support import TODAY, by_rule

ASK_3_QUESTIONS = [
    "What are my options?",
    "What are the pros and cons of each option for me?",
    "How do I get support to help me make a decision that is right for me?",
]
"""The NHS's 'Ask 3 Questions' (AQuA, from the MAGIC programme), word for word."""
PACKS = ["knee-osteoarthritis", "psa-screening", "statins-primary-prevention"]
BEFORE_REFERENCES = "references:\n"


def prompts_yaml(*items: tuple[str, str, str]) -> str:
    lines = ["prompts:"]
    for prompt_id, text, cites in items:
        lines += [f"  - id: {prompt_id}", f"    text: {text}", f"    citations: [{cites}]"]
    return "\n".join(lines) + "\n"


def with_prompts(make_pack, *items: tuple[str, str, str]):  # type: ignore[no-untyped-def]
    block = prompts_yaml(*items)
    return make_pack(edits={"content.yaml": [(BEFORE_REFERENCES, block + BEFORE_REFERENCES)]})


def problems(make_pack, *items: tuple[str, str, str]) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(PackError) as caught:
        load_pack(with_prompts(make_pack, *items))
    return [str(p) for p in caught.value.problems]


def test_prompts_load_with_their_citations(make_pack) -> None:  # type: ignore[no-untyped-def]
    loaded = load_pack(with_prompts(make_pack, ("options", "What are my options?", "trial")))
    [prompt] = loaded.content.prompts
    assert (prompt.id, prompt.text) == ("options", "What are my options?")
    assert prompt.citations == ("trial",)


@pytest.mark.parametrize("pack", PACKS)
def test_each_shipped_pack_starts_with_ask_3_questions_and_cites_every_prompt(pack: str) -> None:
    loaded = load_pack(SHIPPED / pack)
    prompts = loaded.content.prompts
    assert [p.text for p in prompts[:3]] == ASK_3_QUESTIONS
    assert all(p.citations == ("ask3",) for p in prompts[:3])
    assert 6 <= len(prompts) <= MAX_PROMPTS
    assert all(p.citations for p in prompts)
    assert all(p.text.endswith("?") for p in prompts)
    references = {r.id: r for r in loaded.content.references}
    assert references["shepherd2011"].doi == "10.1016/j.pec.2011.07.022"
    assert all(text in references["ask3"].citation for text in ASK_3_QUESTIONS)


@pytest.mark.parametrize("pack", PACKS)
def test_every_prompt_is_translated_into_welsh_polish_and_arabic(pack: str) -> None:
    loaded = load_pack(SHIPPED / pack)
    paths = {s.path for s in pack_strings(loaded.pack)}
    keys = {f"prompts.{p.id}.text" for p in loaded.content.prompts}
    assert keys <= paths
    assert set(loaded.translations) == {"cy", "pl", "ar"}
    for translation in loaded.translations.values():
        localized, missing = localize(loaded.pack, translation)
        assert not keys & set(missing)
        texts = [p.text for p in localized.content.prompts]
        assert [p.id for p in localized.content.prompts] == [p.id for p in loaded.content.prompts]
        assert not set(texts) & {p.text for p in loaded.content.prompts}
        mark = "؟" if translation.locale == "ar" else "?"
        assert all(text.endswith(mark) for text in texts), translation.locale


def test_the_welsh_ask_3_questions() -> None:
    loaded = load_pack(SHIPPED / "statins-primary-prevention")
    localized, _ = localize(loaded.pack, loaded.translations["cy"])
    assert localized.content.prompts[0].text == "Beth yw fy newisiadau?"


def test_a_prompt_citing_an_unknown_reference_is_an_error(make_pack) -> None:  # type: ignore[no-untyped-def]
    [problem] = problems(make_pack, ("options", "What are my options?", "nowhere"))
    assert "content.yaml" in problem and "prompts[0].citations" in problem
    assert "citation 'nowhere' is not in references" in problem


def test_two_prompts_with_one_id_are_an_error(make_pack) -> None:  # type: ignore[no-untyped-def]
    [problem] = problems(
        make_pack,
        ("options", "What are my options?", "trial"),
        ("options", "What are the pros and cons?", "trial"),
    )
    assert "prompts: id 'options' is used twice" in problem


def test_more_prompts_than_a_screen_holds_are_an_error(make_pack) -> None:  # type: ignore[no-untyped-def]
    items = [(f"q{n}", f"Question number {n}?", "trial") for n in range(MAX_PROMPTS + 1)]
    [problem] = problems(make_pack, *items)
    assert f"prompts: expected at most {MAX_PROMPTS} items, found {MAX_PROMPTS + 1}" in problem


def test_a_reference_cited_only_by_a_prompt_counts_as_cited(make_pack) -> None:  # type: ignore[no-untyped-def]
    edits = {
        "content.yaml": [
            (
                BEFORE_REFERENCES,
                prompts_yaml(("options", "What are my options?", "ask3")) + BEFORE_REFERENCES,
            ),
            (
                "    url: https://example.org/trial\n",
                "    url: https://example.org/trial\n"
                "  - id: ask3\n    citation: Ask 3 Questions.\n"
                "    url: https://aqua.nhs.uk/resources/shared-decision-making-case-studies/\n",
            ),
        ]
    }
    found = lint(load_pack(make_pack(edits=edits)), TODAY)
    assert not [p for p in by_rule(found, "ipdas.C2") if "ask3" in p.message]


def test_the_linter_reads_prompts_as_it_reads_every_text(make_pack) -> None:  # type: ignore[no-untyped-def]
    loaded = load_pack(
        with_prompts(
            make_pack,
            ("filler", "TBD", "trial"),
            ("scan", "Will I need an MRI?", "trial"),
            (
                "hard",
                "Notwithstanding considerable interindividual heterogeneity, what "
                "comprehensive multidisciplinary rehabilitation considerations predominate?",
                "trial",
            ),
        )
    )
    found = lint(loaded, TODAY)
    [filler] = by_rule(found, "text.placeholder")
    assert filler.path == "prompts[0].text" and filler.severity == "error"
    [jargon] = by_rule(found, "plain.jargon")
    assert jargon.path == "prompts[1].text" and "MRI" in jargon.message
    assert [p.path for p in by_rule(found, "readability")] == ["prompts[2].text"]


def test_the_schema_documents_prompts() -> None:
    content = pack_json_schema()["$defs"]["content.yaml"]
    prompts = content["properties"]["prompts"]
    assert prompts["maxItems"] == MAX_PROMPTS
    assert "'prompts.<id>.text'" in prompts["description"]
    prompt = content["$defs"]["Prompt"]
    assert "Ask 3 Questions" in prompt["description"]
    assert set(prompt["required"]) == {"id", "text"}
    for field in ("id", "text", "citations"):
        assert prompt["properties"][field]["description"]
