"""Write one example consultation per shipped pack to examples/<pack-id>.session.json,
and its FHIR copy (the transaction a record system takes) to examples/<pack-id>.fhir.json.

Run: .venv/bin/python scripts/make_examples.py
The sessions are made with the same Session methods the app uses, with a fixed
clock and id, so the files only change when a pack or the format changes. They
feed the screenshots and the report examples; the answers are illustrative. The
patient is made up: the NHS number is in the 999 range kept for testing, and passes
the check digit. The FHIR copies carry the structured record without the PDF (the
tests add one), as 'decision-aid report fhir --session FILE' writes them.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from decision_aid.atomic import write_atomic  # noqa: E402
from decision_aid.content.library import pack_paths  # noqa: E402
from decision_aid.content.loader import LoadedPack, load_pack  # noqa: E402
from decision_aid.report.fhir.bundle import build_bundle  # noqa: E402
from decision_aid.session.model import STEPS, Person, SessionRecord, Supporter  # noqa: E402
from decision_aid.session.state import Session  # noqa: E402

START = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def example_session(path: Path) -> SessionRecord:
    """A filled-in consultation for the pack at ``path``."""
    loaded = load_pack(path)
    content = loaded.content
    ticks = iter(START + timedelta(seconds=20 * i) for i in range(10_000))
    session = Session(loaded.pack, content_hash=loaded.content_hash, clock=lambda: next(ticks))
    session.record.id = f"example-{loaded.meta.id}"
    session.set_clinician(Person(name="Dr A. Example", role="GP"))
    session.set_patient(
        Person(name="Pat Example", identifier="999 111 2227", birth_date=date(1956, 5, 4))
    )
    for step in STEPS[:2]:
        session.go_to(step)
    session.mark_shown("grid", "row:" + content.questions[0].id)
    if content.baseline is not None and content.grouped:
        session.set_risk_group(content.baseline.groups[0].id)
    for outcome in content.outcomes:
        session.mark_shown("risks", f"outcome:{outcome.id}", "icons")
    session.go_to("values")
    for index, value in enumerate(content.values):
        session.rate(value.id, (4, 3, 1, 2, 0)[index % 5])
    own = session.add_own_concern("Being able to look after my grandchildren", 3)
    session.set_own_fare(own, content.options[0].id, 1)
    session.go_to("check")
    for index, question in enumerate(content.knowledge):
        wrong = [c.id for c in question.choices if c.id != question.answer]
        last = index == len(content.knowledge) - 1
        session.answer_knowledge(question.id, wrong[0] if last and wrong else question.answer)
    session.answer_sure("sure", True)
    session.answer_sure("understand", True)
    session.answer_sure("risk_benefit", True)
    session.answer_sure("encouragement", False)
    session.go_to("plan")
    session.set_leaning(f"option:{content.options[0].id}")
    session.set_questions(["What happens if I change my mind later?"])
    session.set_supporters([Supporter(name="Sam", relationship="family", note="My daughter")])
    session.set_resources([content.support[0].id] if content.support else [])
    session.set_next_steps("Talk it over at home and book a follow-up appointment.")
    session.set_follow_up(date(2026, 12, 9))
    session.go_to("summary")
    session.go_to("afterwards")
    for item, score in (("explained", 9), ("listened", 9), ("included", 8)):
        session.set_collaborate(item, score)
    session.go_to("summary")
    session.finish()
    return session.record


def example_bundle(loaded: LoadedPack, record: SessionRecord) -> bytes:
    """The FHIR transaction of an example consultation, as 'report fhir' writes it."""
    assert record.finished is not None
    bundle = build_bundle(loaded, record, now=record.finished)
    return (json.dumps(bundle, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def main() -> int:
    out = ROOT / "examples"
    for path in pack_paths([ROOT / "option_grids"]):
        record = example_session(path)
        target = out / f"{record.pack.id}.session.json"
        write_atomic(target, (record.model_dump_json(indent=2) + "\n").encode())
        print(f"wrote {target.relative_to(ROOT)}")
        bundle = out / f"{record.pack.id}.fhir.json"
        write_atomic(bundle, example_bundle(load_pack(path), record))
        print(f"wrote {bundle.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
