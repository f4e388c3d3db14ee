"""A record's references to its pack are checked: every id the pack's, each once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from decision_aid.content.library import pack_paths
from decision_aid.content.loader import LoadedPack, load_pack
from decision_aid.session.check import describe_problems, session_problems
from decision_aid.session.model import (
    KnowledgeAnswer,
    OwnConcern,
    Rating,
    SessionRecord,
)
from decision_aid.session.reading import parse_session
from decision_aid.session.state import RecordMismatchError, Session
from tests.conftest import ROOT, SHIPPED

STATINS = SHIPPED / "statins-primary-prevention"
T0 = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def statins() -> LoadedPack:
    return load_pack(STATINS)


def example() -> SessionRecord:
    path = ROOT / "examples" / "statins-primary-prevention.session.json"
    return parse_session(path.read_bytes())


def problems_of(record: SessionRecord, loaded: LoadedPack) -> list[str]:
    return [str(p) for p in session_problems(record, loaded.pack, loaded.languages)]


@pytest.mark.parametrize("path", pack_paths([SHIPPED]), ids=lambda p: p.name)
def test_every_example_fits_its_pack(path) -> None:  # type: ignore[no-untyped-def]
    loaded = load_pack(path)
    record = parse_session((ROOT / "examples" / f"{path.name}.session.json").read_bytes())
    assert problems_of(record, loaded) == []


Change = Callable[[SessionRecord], None]


def _leaning(r: SessionRecord) -> None:
    r.plan.leaning = "option:surgery"


def _rating(r: SessionRecord) -> None:
    r.ratings = [*r.ratings, Rating(concern_id="flying", importance=2)]


def _twice(r: SessionRecord) -> None:
    r.ratings = [*r.ratings, Rating(concern_id=r.ratings[0].concern_id, importance=0)]


def _question(r: SessionRecord) -> None:
    r.knowledge = [*r.knowledge, KnowledgeAnswer(question_id="k9", choice_id="a")]


def _choice(r: SessionRecord) -> None:
    first = r.knowledge[0]
    r.knowledge = [KnowledgeAnswer(question_id=first.question_id, choice_id="zz"), *r.knowledge[1:]]


def _answered_twice(r: SessionRecord) -> None:
    r.knowledge = [*r.knowledge, r.knowledge[0]]


def _resource(r: SessionRecord) -> None:
    r.plan.resources = ["nowhere"]


def _resource_twice(r: SessionRecord) -> None:
    r.plan.resources = ["bhf", "bhf"]


def _hidden(r: SessionRecord) -> None:
    r.hidden_options = ["surgery"]


def _all_hidden(r: SessionRecord) -> None:
    r.hidden_options = ["statin", "no-statin"]


def _row(r: SessionRecord) -> None:
    r.hidden_rows = ["nowhere"]


def _view(r: SessionRecord) -> None:
    r.risk_views = {"nowhere": "bar"}


def _own_fare(r: SessionRecord) -> None:
    r.own_concerns = [OwnConcern(id="own-1", text="Walking", fares={"surgery": 1})]


def _own_id(r: SessionRecord) -> None:
    r.own_concerns = [OwnConcern(id="lower-risk", text="Walking")]


def _own_twice(r: SessionRecord) -> None:
    r.own_concerns = [OwnConcern(id="own-1", text="A"), OwnConcern(id="own-1", text="B")]


def _language(r: SessionRecord) -> None:
    r.pack.language = "de"


def _risk_group(r: SessionRecord) -> None:
    r.risk_group = "qrisk-15"


CASES: list[tuple[Change, str]] = [
    (_leaning, "plan.leaning: no option 'surgery' in the pack; expected one of: statin, no-statin"),
    (
        _rating,
        "ratings[5].concern_id: no concern 'flying' in the pack; expected one of: lower-risk",
    ),
    (_twice, "ratings[5].concern_id: 'lower-risk' is listed more than once; keep one"),
    (_question, "knowledge[4].question_id: no knowledge question 'k9' in the pack"),
    (_choice, "knowledge[0].choice_id: no answer 'zz' to this question; expected one of:"),
    (_answered_twice, "knowledge[4].question_id: 'how-many-helped' is listed more than once"),
    (_resource, "plan.resources[0]: no support resource 'nowhere' in the pack"),
    (_resource_twice, "plan.resources[1]: 'bhf' is listed more than once; keep one"),
    (_hidden, "hidden_options[0]: no option 'surgery' in the pack"),
    (_all_hidden, "hidden_options: every option is hidden; at least one must show"),
    (_row, "hidden_rows[0]: no row 'nowhere' in the pack"),
    (_view, "risk_views.nowhere: no outcome 'nowhere' in the pack"),
    (_own_fare, "own_concerns[0].fares.surgery: no option 'surgery' in the pack"),
    (_own_id, "own_concerns[0].id: 'lower-risk' is the id of one of the pack's concerns"),
    (_own_twice, "own_concerns[1].id: 'own-1' is listed more than once; keep one"),
    (_language, "pack.language: the pack has no 'de' text; expected one of: en, ar, cy, pl"),
    (
        _risk_group,
        "risk_group: no baseline group 'qrisk-15' in the pack; expected one of: qrisk-10, qrisk-20",
    ),
]


@pytest.mark.parametrize(("change", "expected"), CASES, ids=[c.__name__ for c, _ in CASES])
def test_a_reference_the_pack_lacks_is_named_with_what_is_expected(
    statins: LoadedPack, change: Change, expected: str
) -> None:
    record = example()
    change(record)
    [problem] = problems_of(record, statins)
    assert problem.startswith(expected)


def test_a_record_of_another_pack_has_one_problem(statins: LoadedPack) -> None:
    record = example()
    record.pack.id = "knee-osteoarthritis"
    assert problems_of(record, statins) == [
        "pack.id: the session is for the pack 'knee-osteoarthritis', not "
        "'statins-primary-prevention'"
    ]


def test_the_summary_is_capped_and_names_a_different_version(statins: LoadedPack) -> None:
    record = example()
    record.plan.resources = [f"r{n}" for n in range(15)]
    record.pack.version = "0.9.0"
    problems = session_problems(record, statins.pack, statins.languages)
    text = describe_problems(record, statins.pack, problems).splitlines()
    assert len(text) == 12
    assert text[10] == "… and 5 more problems"
    assert text[11].startswith("The session was made with version 0.9.0 of the pack; this is")


def test_a_recovered_record_that_does_not_fit_is_refused_by_the_session(
    statins: LoadedPack,
) -> None:
    record = example()
    record.plan.leaning = "option:surgery"
    with pytest.raises(RecordMismatchError) as caught:
        Session(
            statins.pack,
            content_hash=statins.content_hash,
            record=record,
            translations=statins.translations,
        )
    message = str(caught.value)
    assert message.startswith("The consultation does not fit the pack ")
    assert "plan.leaning: no option 'surgery'" in message
    assert [p.where for p in caught.value.problems] == ["plan.leaning"]


def test_a_fitting_record_in_a_translation_is_accepted(statins: LoadedPack) -> None:
    record = example()
    record.pack.language = "cy"
    session = Session(
        statins.pack,
        content_hash=statins.content_hash,
        record=record,
        translations=statins.translations,
    )
    assert session.language == "cy"


def test_a_risk_group_for_a_pack_without_groups_is_named() -> None:
    """A record naming a risk group is refused against a pack that has none (not dropped)."""
    knee = load_pack(SHIPPED / "knee-osteoarthritis")
    record = parse_session((ROOT / "examples" / "knee-osteoarthritis.session.json").read_bytes())
    assert problems_of(record, knee) == []
    record.risk_group = "qrisk-10"
    assert problems_of(record, knee) == [
        "risk_group: the pack has no baseline groups to choose from; remove 'risk_group'"
    ]
    with pytest.raises(RecordMismatchError, match="risk_group"):
        Session(knee.pack, content_hash=knee.content_hash, record=record)
