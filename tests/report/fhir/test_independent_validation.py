"""Every example bundle passes two FHIR validators that share no code with the app:
FHIR.js (the R4 4.0.1 structure definitions) and the official R4 JSON schema, both run
with Node.js from the packages scripts/setup.sh installs into .node/ (pinned by
tools/fhir-validator/package-lock.json)."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from decision_aid.content.loader import load_pack
from decision_aid.report.fhir.bundle import Parties, build_bundle
from decision_aid.report.fhir.config import Practitioner
from decision_aid.report.fhir.identifiers import ODS_CODE, Identifier
from decision_aid.report.fhir.questionnaire import build_questionnaire
from decision_aid.session.model import SessionRecord
from tests.conftest import ROOT, SHIPPED
from tests.report.common import build

VALIDATOR = ROOT / "tools" / "fhir-validator" / "validate.js"
INSTALLED = ROOT / ".node" / "node_modules"
EXAMPLE_BUNDLES = sorted((ROOT / "examples").glob("*.fhir.json"))
PARTIES = Parties(
    organisation="Riverside Health Centre",
    organisation_identifier=Identifier(ODS_CODE, "A81001"),
    practitioner=Practitioner(
        "Dr A. Example", Identifier("https://fhir.hl7.org.uk/Id/gmc-number", "1234567")
    ),
)


def validate(*files: Path) -> list[dict[str, Any]]:
    """The validators' reports, one per file."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed: scripts/setup.sh test installs it (CI runs it)")
    if not INSTALLED.is_dir():
        pytest.fail("the FHIR validators are missing from .node/: run scripts/setup.sh test")
    result = subprocess.run(
        [node, str(VALIDATOR), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode in (0, 1), result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_there_are_example_bundles() -> None:
    assert len(EXAMPLE_BUNDLES) == len(list((ROOT / "examples").glob("*.session.json"))) >= 3


def test_every_example_bundle_passes_both_validators(tmp_path: Path) -> None:
    """The committed examples, and each example made again with its signed PDF, the
    organisation and the practitioner (every resource the export can make), and each
    pack's Questionnaire on its own."""
    files = list(EXAMPLE_BUNDLES)
    for path in EXAMPLE_BUNDLES:
        pack_id = path.name.removesuffix(".fhir.json")
        loaded = load_pack(SHIPPED / pack_id)
        session = ROOT / "examples" / f"{pack_id}.session.json"
        record = SessionRecord.model_validate_json(session.read_text())
        assert record.finished is not None
        full = build_bundle(
            loaded,
            record,
            pdf=build(pack_id),
            signer="Dr A. Example",
            now=record.finished,
            parties=PARTIES,
        )
        kinds = {e["resource"]["resourceType"] for e in full["entry"]}
        assert kinds >= {"Patient", "Organization", "Practitioner", "Provenance"}
        files.append(tmp_path / f"{pack_id}-full.json")
        files[-1].write_text(json.dumps(full))
        files.append(tmp_path / f"{pack_id}-questionnaire.json")
        files[-1].write_text(json.dumps(build_questionnaire(loaded)))
    reports = validate(*files)
    assert [r["file"] for r in reports] == [str(f) for f in files]
    for report in reports:
        assert report["errors"] == [], report["file"]
        # Only the project's own observation codes are outside the example value set.
        for warning in report["warnings"]:
            assert "decision-aid.org/fhir/CodeSystem/measures" in warning, warning


def response(bundle: dict[str, Any]) -> dict[str, Any]:
    (found,) = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    ]
    return found  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda b: response(b).update(status="done"), 'Code "done"'),
        (lambda b: response(b).update(colour="red"), "colour"),
        (lambda b: b["entry"][0]["request"].update(method="SEND"), 'Code "SEND"'),
    ],
)
def test_the_validators_catch_a_broken_bundle(tmp_path: Path, change: Any, words: str) -> None:
    """They are not asleep: a wrong status, an unknown property or a wrong method fails."""
    bundle = json.loads(EXAMPLE_BUNDLES[0].read_text())
    broken = copy.deepcopy(bundle)
    change(broken)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken))
    (report,) = validate(path)
    assert any(words in error for error in report["errors"]), report
