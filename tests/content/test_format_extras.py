"""The optional fields of the format: every one in use, each checked, today's packs valid."""

from __future__ import annotations

from pathlib import Path

import pytest

from decision_aid.content.dump import dump_pack
from decision_aid.content.errors import PackError
from decision_aid.content.loader import load_pack
from decision_aid.content.strings import pack_strings
from tests.conftest import FIXTURES, MINIMAL, SHIPPED

EXTRAS = FIXTURES / "lint" / "format-extras"
SICK_NOTHING = "nothing: {count: 2, out_of: 100, over: 1 year}"
REFERENCES = "references:\n"


def problems_of(
    make_pack, edits: dict[str, list[tuple[str, str]]], name: str = "minimal"
) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(PackError) as caught:
        load_pack(make_pack(name=name, edits=edits))
    return [str(p) for p in caught.value.problems]


def test_every_new_field_loads_and_round_trips(tmp_path: Path) -> None:
    loaded = load_pack(EXTRAS)
    meta, content = loaded.meta, loaded.content
    assert meta.condition_citations == ("trial",) and meta.population_citations == ("trial",)
    tablet = content.option("tablet")
    assert tablet.eligibility == "Only for people aged 18 or over."
    assert tablet.citations == ("trial",)
    assert tablet.living_with.whole and tablet.living_with.physical is None
    assert content.values[0].citations == ("trial",)
    assert content.knowledge[0].citations == ("trial",)
    helpline = content.support[0]
    assert (helpline.region, helpline.hours, helpline.cost) == (
        "England and Wales",
        "Monday to Friday, 9am to 5pm",
        "Free",
    )
    assert content.shared[0].text.startswith("Whatever you choose")
    assert content.glossary[0].forms == ("tablet", "tablets")
    figures = content.outcomes[1].figures
    assert figures is not None
    zero = figures["nothing"]
    assert zero.zero_events is not None and zero.zero_events.studied == 300
    assert zero.basis == "measured"
    again = load_pack(dump_pack(loaded, tmp_path / "format-extras"))
    assert again.pack == loaded.pack


def test_new_texts_are_translatable() -> None:
    paths = {s.path for s in pack_strings(load_pack(EXTRAS).pack)}
    for path in (
        "options.tablet.eligibility",
        "options.tablet.living_with.text",
        "shared.0.text",
        "glossary.tablet.term",
        "glossary.tablet.also",
        "glossary.tablet.meaning",
        "support.helpline.region",
        "support.helpline.hours",
        "support.helpline.cost",
    ):
        assert path in paths


@pytest.mark.parametrize(
    "pack", ["knee-osteoarthritis", "psa-screening", "statins-primary-prevention"]
)
def test_todays_packs_stay_valid_without_a_new_format_version(pack: str) -> None:
    loaded = load_pack(SHIPPED / pack)
    assert loaded.meta.format_version == 1


def test_living_with_is_three_parts_or_one_text(make_pack) -> None:  # type: ignore[no-untyped-def]
    both = "      physical: Nothing to take.\n      text: All of it in one.\n"
    found = problems_of(make_pack, {"content.yaml": [("      physical: Nothing to take.\n", both)]})
    assert any("give either 'text' or the three parts" in p for p in found)
    found = problems_of(
        make_pack, {"content.yaml": [("      physical: Nothing to take.\n", "")]}, name="second"
    )
    assert any("'physical' is missing; give all three parts" in p for p in found)


def test_every_option_uses_the_same_form_of_living_with(make_pack) -> None:  # type: ignore[no-untyped-def]
    old = (
        "      physical: Nothing to take.\n      emotional: Some people worry.\n"
        "      social: No change to work.\n"
    )
    found = problems_of(
        make_pack, {"content.yaml": [(old, "      text: Nothing to take, no worry.\n")]}
    )
    assert any("use the same form for every option" in p for p in found)


@pytest.mark.parametrize(
    ("where", "old", "new"),
    [
        (
            "options[0].citations",
            "    description: You take one tablet each day.\n",
            "    description: You take one tablet each day.\n    citations: [nope]\n",
        ),
        (
            "values[0].citations",
            "      nothing: {score: 2}\n",
            "      nothing: {score: 2}\n    citations: [nope]\n",
        ),
        (
            "support[0].citations",
            "    contact: https://example.org\n",
            "    contact: https://example.org\n    citations: [nope]\n",
        ),
        (
            "shared[0].citations",
            REFERENCES,
            "shared:\n  - {text: Keep active., citations: [nope]}\n" + REFERENCES,
        ),
        (
            "glossary[0].citations",
            REFERENCES,
            "glossary:\n  - {id: t, term: tablet, meaning: A pill., citations: [nope]}\n"
            + REFERENCES,
        ),
    ],
)
def test_new_citations_must_name_a_reference(make_pack, where: str, old: str, new: str) -> None:  # type: ignore[no-untyped-def]
    found = problems_of(make_pack, {"content.yaml": [(old, new)]})
    assert any(f"{where}: citation 'nope' is not in references" in p for p in found), found


def test_pack_yaml_citations_must_name_a_reference(make_pack) -> None:  # type: ignore[no-untyped-def]
    old = "population: Test readers.\n"
    found = problems_of(make_pack, {"pack.yaml": [(old, old + "population_citations: [nope]\n")]})
    assert any("pack.yaml:" in p and "population_citations: citation 'nope'" in p for p in found)


@pytest.mark.parametrize(
    ("figure", "words"),
    [
        (
            "{count: 2, out_of: 100, over: 1 year, zero_events: {studied: 300, up_to: 1}}",
            "'zero_events' is for a count of 0",
        ),
        (
            "{count: 0, out_of: 100, over: 1 year, zero_events: {studied: 300, up_to: 101}}",
            "'zero_events.up_to' 101 is above the denominator 100",
        ),
        (
            "{count: 0, out_of: 100, over: 1 year, range: {low: 0, high: 1},"
            " zero_events: {studied: 300, up_to: 1}}",
            "not both",
        ),
        ("{no_data: Not counted., basis: measured}", "a 'basis' says how a count was got"),
        (
            "{count: 2, out_of: 100, over: 1 year, does_not_apply: true}",
            "'does_not_apply' goes with 'no_data'",
        ),
        ("{count: 2, out_of: 100, over: 1 year, basis: guessed}", "'guessed' is not allowed"),
    ],
)
def test_figure_extras_are_checked(make_pack, figure: str, words: str) -> None:  # type: ignore[no-untyped-def]
    found = problems_of(make_pack, {"content.yaml": [(SICK_NOTHING, f"nothing: {figure}")]})
    assert any(words in p for p in found), found


def test_does_not_apply_needs_its_reason(make_pack) -> None:  # type: ignore[no-untyped-def]
    found = problems_of(
        make_pack, {"content.yaml": [(SICK_NOTHING, "nothing: {does_not_apply: true}")]}
    )
    assert any("give a 'count' with 'out_of' and 'over', or say in 'no_data'" in p for p in found)


def test_an_http_reference_is_valid(make_pack) -> None:  # type: ignore[no-untyped-def]
    folder = make_pack(
        edits={
            "content.yaml": [("url: https://example.org/trial", "url: http://example.org/trial")]
        }
    )
    assert load_pack(folder).content.references[0].url == "http://example.org/trial"


@pytest.mark.parametrize(
    ("file", "old", "new", "where", "words"),
    [
        (
            "pack.yaml",
            "version: 0.1.0",
            "version: '1.0'",
            "version",
            "expected a version of three whole numbers",
        ),
        (
            "content.yaml",
            "  - id: tablet\n",
            "  - id: Tablet One\n",
            "options[0].id",
            "expected an identifier: lower-case letters",
        ),
        (
            "content.yaml",
            "over: 1 year, range",
            "over: one year, range",
            "outcomes[0].figures.tablet.over",
            "expected a time frame of a whole number from 1 to 999",
        ),
        (
            "content.yaml",
            "url: https://example.org/trial",
            "url: ftp://example.org/trial",
            "references[0].url",
            "expected a web address starting with https://",
        ),
        (
            "pack.yaml",
            "source_language: en",
            "source_language: English",
            "source_language",
            "expected a language code",
        ),
    ],
)
def test_pattern_errors_say_what_is_expected_in_words(  # type: ignore[no-untyped-def]
    make_pack, file: str, old: str, new: str, where: str, *, words: str
) -> None:
    """Validation messages showed regexes ('pattern ^https://\\S+$')."""
    found = problems_of(make_pack, {file: [(old, new)]})
    message = next(p for p in found if f": {where}: " in p).split(f": {where}: ", 1)[1]
    assert words in message
    assert "pattern" not in message and "^" not in message and "\\d" not in message


def test_the_minimal_pack_still_loads() -> None:
    assert load_pack(MINIMAL).meta.id == "minimal"
