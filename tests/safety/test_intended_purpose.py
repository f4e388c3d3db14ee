"""The intended purpose, guarded: no code path turns a pack's figure into a new number
shown as a risk.

The app presents the pack's figures; the only arithmetic it may show is the people
without the event (denominator minus count) and an option's difference from "no
treatment" in the same outcome (see tests/safety/figures_shown.py). The guard renders
what shows risk figures, for generated packs and for every shipped pack in every
language and group: the consultation's risks step (clinician and patient, as icons, bars
and words; the kiosk shows the same sections), the summary step, and the record's risk
section. Every number in their texts, accessible texts and tooltips must be one of
those. A test proves the guard catches a number the app worked out.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import LoadedPack, load_pack
from decision_aid.content.model import Outcome, Pack
from decision_aid.i18n import using
from decision_aid.report import risk_figures
from decision_aid.report.blocks import Build, Words
from decision_aid.session.model import RiskView
from decision_aid.session.state import Session
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.steps import outcome_section, summary_step
from decision_aid.ui.steps.risks_step import RisksStep
from tests.conftest import MINIMAL, ROOT, SHIPPED
from tests.report.common import options
from tests.safety.figures_shown import (
    allowed,
    fixed_texts,
    flowable_texts,
    html_text,
    made_up,
    numbers,
    own_texts,
    widget_texts,
)

sys.path.insert(0, str(ROOT / "scripts"))
import safety_case
import safety_log

VIEWS: tuple[RiskView, ...] = ("icons", "bar", "words")
EVENTS = ("have a bad week", "feel sick", "need an operation", "stay well", "have a fall")
_HELD: list[QWidget] = []


@pytest.fixture(autouse=True)
def _hold_pages() -> Iterator[None]:
    """Keep pages alive until teardown (pytest-qt holds widgets only weakly)."""
    yield
    _HELD.clear()


def clock() -> datetime:
    return datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def shown_outcomes(session: Session) -> list[Outcome]:
    content = session.pack.content
    group = content.baseline_group(session.risk_group)
    return [s for o in content.outcomes if (s := o.stratum(group)) is not None]


def check_screens(qtbot: QtBot, session: Session) -> list[str]:
    """The numbers of the risks step (clinician in each view, and patient) that are not
    allowed, outcome by outcome, and of the rest of the step."""
    content = session.pack.content
    wrong: list[str] = []
    pages = [RisksStep(SessionBinding(session), patient=patient) for patient in (False, True)]
    for page in pages:
        qtbot.addWidget(page)
        _HELD.append(page)
    for view in VIEWS:
        for outcome in content.outcomes:
            session.set_risk_view(outcome.id, view)
        for page in pages:
            page.refresh()
            inside: set[int] = set()
            for section in page.sections.values():
                if section.outcome is None:
                    continue
                texts = widget_texts(section)
                inside |= {id(w) for w in section.findChildren(QWidget)} | {id(section)}
                wrong += made_up(
                    texts,
                    allowed(content, section.outcome),
                    fixed_texts(content, section.outcome, session.language),
                )
            rest = [
                text
                for widget in [page, *page.findChildren(QWidget)]
                if id(widget) not in inside
                for text in own_texts(widget)
            ]
            shown = shown_outcomes(session)
            everything = set().union(*(allowed(content, o) for o in shown))
            wrong += made_up(
                rest,
                everything,
                [t for o in shown for t in fixed_texts(content, o, session.language)],
            )
    return wrong


def check_summary(session: Session) -> list[str]:
    content = session.pack.content
    for outcome in content.outcomes:
        session.mark_shown("risks", f"outcome:{outcome.id}", session.risk_view(outcome.id))
    shown = shown_outcomes(session)
    with using(session.language):
        text = html_text(summary_step._risks(session))
    everything = set().union(*(allowed(content, o) for o in shown)) if shown else set()
    return made_up(
        [text], everything, [t for o in shown for t in fixed_texts(content, o, session.language)]
    )


def check_record(loaded: LoadedPack, session: Session) -> list[str]:
    """The record's risk section: each outcome's block, then the whole section."""
    content = session.pack.content
    language = session.language
    b = Build(loaded, session.pack.meta, content, session.record, options(), Words(language, UTC))
    wrong: list[str] = []
    shown = b.shown_outcomes()
    with using(language):
        for outcome in shown:
            texts = flowable_texts(risk_figures.outcome_block(b, outcome))
            fixed = [*fixed_texts(content, outcome, session.language), b.cite(outcome.citations)]
            wrong += made_up(texts, allowed(content, outcome), fixed)
        everything = set().union(*(allowed(content, o) for o in shown)) if shown else set()
        fixed = [
            t
            for o in shown
            for t in (*fixed_texts(content, o, session.language), b.cite(o.citations))
        ]
        wrong += made_up(flowable_texts(risk_figures.risks_section(b)), everything, fixed)
    return wrong


def check_all(qtbot: QtBot, loaded: LoadedPack, session: Session) -> list[str]:
    return check_screens(qtbot, session) + check_summary(session) + check_record(loaded, session)


# -- generated packs ---------------------------------------------------------------------

MINIMAL_PACK = load_pack(MINIMAL)


@st.composite
def figures(draw: st.DrawFn, option_ids: list[str], denominator: int, over: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for option in option_ids:
        if draw(st.integers(0, 5)) == 0:
            out[option] = {"no_data": "No study looked at this option."}
            continue
        count = draw(st.integers(0, denominator))
        figure: dict[str, Any] = {"count": count, "out_of": denominator, "over": over}
        extra = draw(st.sampled_from(["none", "range", "zero", "basis"]))
        if extra == "range":
            low = draw(st.integers(0, count))
            figure["range"] = {"low": low, "high": draw(st.integers(count, denominator))}
        elif extra == "zero" and count == 0:
            figure["zero_events"] = {
                "studied": draw(st.integers(1, 99_999)),
                "up_to": draw(st.integers(0, denominator)),
            }
        elif extra == "basis":
            figure["basis"] = draw(st.sampled_from(["measured", "estimated", "assumed"]))
        out[option] = figure
    if all("count" not in f for f in out.values()):
        out[option_ids[0]] = {
            "count": draw(st.integers(0, denominator)),
            "out_of": denominator,
            "over": over,
        }
    return out


@st.composite
def packs(draw: st.DrawFn) -> Pack:
    """The minimal pack with two to four options and one to three generated outcomes."""
    data = MINIMAL_PACK.pack.model_dump(mode="json", exclude_none=True)
    content = data["content"]
    extra = draw(st.integers(0, 2))
    for n, name in enumerate(("Walk each day", "Swim each week")[:extra]):
        option = dict(content["options"][0], id=f"extra-{n}", name=name)
        content["options"].append(option)
        for question in content["questions"]:
            question["answers"][option["id"]] = question["answers"]["tablet"]
        for value in content["values"]:
            value["fares"][option["id"]] = value["fares"]["tablet"]
    if not draw(st.booleans()):
        content["options"][1]["is_no_treatment"] = False
    ids = [o["id"] for o in content["options"]]
    outcomes = []
    for n in range(draw(st.integers(1, 3))):
        denominator = draw(st.sampled_from([100, 1000]))
        over = f"{draw(st.integers(1, 30))} {draw(st.sampled_from(['years', 'months', 'weeks']))}"
        outcome: dict[str, Any] = {
            "id": f"outcome-{n}",
            "event": draw(st.sampled_from(EVENTS)),
            "kind": draw(st.sampled_from(["benefit", "harm"])),
            "reference_class": "test readers",
            "figures": draw(figures(ids, denominator, over)),
            "certainty": draw(st.sampled_from(["high", "moderate", "low", "very low"])),
            "citations": ["trial"],
        }
        valence = draw(st.sampled_from([None, "good", "bad"]))
        if valence is not None:
            outcome["valence"] = valence
        outcomes.append(outcome)
    content["outcomes"] = outcomes
    return Pack.model_validate(data)


@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(pack=packs())
def test_every_number_shown_as_a_risk_comes_from_the_pack(qtbot: QtBot, pack: Pack) -> None:
    loaded = replace(MINIMAL_PACK, pack=pack)
    session = Session(pack, content_hash=loaded.content_hash, clock=clock)
    assert check_all(qtbot, loaded, session) == []


# -- the shipped packs -------------------------------------------------------------------


def shipped_cases() -> Iterator[Any]:
    for path in sorted(p for p in SHIPPED.iterdir() if (p / "pack.yaml").is_file()):
        loaded = load_pack(path)
        groups = (
            [g.id for g in loaded.content.baseline.groups] if loaded.content.baseline else [None]
        )
        for language in [loaded.meta.source_language, *sorted(loaded.translations)]:
            yield pytest.param(path.name, language, groups, id=f"{path.name}-{language}")


@pytest.mark.parametrize(("pack_id", "language", "groups"), list(shipped_cases()))
def test_the_shipped_packs_show_only_their_own_figures(
    qtbot: QtBot, pack_id: str, language: str, groups: list[str | None]
) -> None:
    loaded = load_pack(SHIPPED / pack_id)
    for group in groups:
        session = Session(
            loaded.pack,
            content_hash=loaded.content_hash,
            clock=clock,
            language=language,
            translations=loaded.translations,
        )
        if group is not None:
            session.set_risk_group(group)
        assert check_all(qtbot, loaded, session) == []


# -- the guard catches what it guards against --------------------------------------------


def test_the_guard_catches_a_number_the_app_worked_out(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A percentage, a relative change or a 'number needed to treat' worked out by the app
    and put into the sentences is caught on the screen, in the summary and in the record."""
    loaded = load_pack(SHIPPED / "statins-primary-prevention")
    real = outcome_section.figure_sentence

    def with_a_percentage(outcome: Outcome, figure: Any) -> str:
        sentence = real(outcome, figure)
        if figure.count is None or figure.out_of is None:
            return sentence
        return f"{sentence} That is {round(100 * figure.count / figure.out_of, 1)}%."

    def with_a_number_needed_to_treat(outcome: Outcome, figure: Any) -> str:
        sentence = real(outcome, figure)
        base = outcome.figures.get("no-statin")
        if figure.count is None or base is None or base.count in (None, figure.count):
            return sentence
        return (
            f"{sentence} One in {round(figure.out_of / abs(base.count - figure.count))} benefits."
        )

    monkeypatch.setattr(outcome_section, "figure_sentence", with_a_percentage)
    monkeypatch.setattr(summary_step, "figure_sentence", with_a_number_needed_to_treat)
    monkeypatch.setattr(risk_figures, "figure_sentence", with_a_percentage)
    session = Session(loaded.pack, content_hash=loaded.content_hash, clock=clock)
    session.set_risk_group("qrisk-10")
    screens = check_screens(qtbot, session)
    assert any("%" in problem for problem in screens), screens
    summary = check_summary(session)
    assert any("'33' in" in problem for problem in summary), summary  # 100 / (10 - 7)
    record = check_record(loaded, session)
    assert any("%" in problem for problem in record), record


def test_numbers_are_read_as_written() -> None:
    assert numbers("Out of 1000 people, 1,447 studied; 2.5 times; 23% and 23 %.") == [
        "1000",
        "1447",
        "2.5",
        "23%",
        "23%",
    ]
    assert numbers("1\u00a0447 osób") == ["1447"]


# -- the statement -----------------------------------------------------------------------


def test_the_readme_and_the_hazard_log_state_one_intended_purpose() -> None:
    """The README states the hazard log's intended purpose, word for word, near its top;
    the statement says what it does not do and exactly which arithmetic it shows."""
    log, problems = safety_log.load(safety_log.LOG)
    assert log is not None, problems.items
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split(safety_case.START, 1)[1].split(safety_case.END, 1)[0].strip()
    assert block == safety_case.readme_statement(log)
    assert readme.index(safety_case.START) < readme.index("## ")  # before the first section
    statement = " ".join(log.intended_purpose.split())
    for promise in (
        "presents referenced, population-level evidence",
        "It does not compute an individual's risk, and it does not recommend an option.",
        "the denominator minus the count",
        "the difference of their two counts",
    ):
        assert promise in statement
