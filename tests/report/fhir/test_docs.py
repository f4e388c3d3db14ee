"""docs/fhir/README.md describes every code the export uses, and the canonical base."""

from __future__ import annotations

from decision_aid.report.fhir import codes
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "fhir" / "README.md").read_text(encoding="utf-8")


def test_every_code_system_and_code_is_described() -> None:
    for system, entries in codes.CODE_SYSTEMS.items():
        section = DOC.split(f"### `{system}`", 1)
        assert len(section) == 2, f"{system} has no section"
        body = section[1].split("\n### ", 1)[0]
        for entry in entries:
            row = f"| `{entry.code}` | {entry.display} | {entry.definition} |"
            assert row in body, row
        listed = [line for line in body.splitlines() if line.startswith("| `")]
        assert len(listed) == len(entries), f"{system}: a code is described that is not used"


def test_canonical_base_and_identifier_systems_are_named() -> None:
    assert f"**`{codes.CANONICAL_BASE}`** is the project's canonical base" in DOC
    for system in (codes.CONSULTATION_ID, codes.OBSERVATION_ID, codes.DOCUMENT_ID):
        assert f"| `{system}` |" in DOC
    assert codes.questionnaire_url("<pack id>") in DOC
    assert codes.options_system("<pack id>") in DOC
    assert codes.knowledge_system("<pack id>", "<question id>") in DOC
    assert f"LOINC `{codes.SUMMARY_NOTE[0]}` *{codes.SUMMARY_NOTE[1]}*" in DOC
