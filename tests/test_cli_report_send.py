"""``report send`` against a FHIR server started by the test, ``report fhir``'s file, and
``packs fhir-questionnaire``."""

from __future__ import annotations

import json
import os
import stat
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from decision_aid.cli import main
from decision_aid.report.fhir.outbox import default_queue_dir
from tests.conftest import ROOT
from tests.report.fhir.server import FhirTestServer, outcome

EXAMPLE = ROOT / "examples" / "knee-osteoarthritis.session.json"
TOKEN = "s3cret-bearer-token-for-tests"
ONE_SET = Counter(
    {
        "Patient": 1,
        "Questionnaire": 1,
        "QuestionnaireResponse": 1,
        "DocumentReference": 1,
        "Observation": 3,
        "Provenance": 1,
        "Organization": 1,
        "Practitioner": 1,
    }
)


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert TOKEN not in out + err, "the token was printed"
    return code, out, err


def write_settings(data: dict[str, Any]) -> Path:
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "decision-aid" / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))
    return path


@pytest.fixture
def server() -> Iterator[FhirTestServer]:
    with FhirTestServer(TOKEN) as running:
        yield running


@pytest.fixture
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The client's waits between tries, recorded instead of slept."""
    waits: list[float] = []
    monkeypatch.setattr("decision_aid.report.fhir.client.time.sleep", waits.append)
    return waits


@pytest.fixture
def configured(tmp_path: Path, server: FhirTestServer, no_waiting: list[float]) -> Path:
    """Settings naming the test server, a token file (0600), the organisation and the
    practitioner."""
    token = tmp_path / "token"
    token.write_text(TOKEN + "\n")
    token.chmod(0o600)
    return write_settings(
        {
            "organisation": "Riverside Health Centre",
            "fhir": {
                "server": server.url,
                "token_file": str(token),
                "organisation_identifier": {
                    "system": "https://fhir.nhs.uk/Id/ods-organization-code",
                    "value": "A81001",
                },
                "practitioner": {
                    "name": "Dr A. Example",
                    "system": "https://fhir.hl7.org.uk/Id/gmc-number",
                    "value": "1234567",
                },
            },
        }
    )


@pytest.fixture
def record(capsys: pytest.CaptureFixture[str], tmp_path: Path, configured: Path) -> Path:
    """The example's record, built and signed with its FHIR copy; the copy's path."""
    secret = tmp_path / "passphrase.txt"
    secret.write_text("a long pilot passphrase\n")
    key = tmp_path / "pilot.p12"
    code, _, err = run(
        capsys, "keys", "init", "--out", key, "--name", "Dr A. Example", "--passphrase-file", secret
    )
    assert code == 0, err
    pdf = tmp_path / "record.pdf"
    code, _, err = run(
        capsys,
        "report", "build", "--pack", "knee-osteoarthritis", "--session", EXAMPLE, "--out", pdf,
        "--sign", key, "--passphrase-file", secret,
    )  # fmt: skip
    assert code == 0, err
    return tmp_path / "record.fhir.json"


def queued() -> list[Path]:
    return sorted(default_queue_dir().glob("*.json"))


def test_sending_twice_creates_one_patient_one_questionnaire_and_one_set(
    capsys: pytest.CaptureFixture[str], record: Path, server: FhirTestServer
) -> None:
    code, out, err = run(capsys, "report", "send", record)
    assert code == 0, err
    assert "10 resources, 10 new, 0 already there" in out
    assert server.store.counts() == ONE_SET
    code, out, _ = run(capsys, "report", "send", record)
    assert code == 0
    assert "10 resources, 0 new, 10 already there" in out
    assert server.store.counts() == ONE_SET
    assert queued() == []
    # What the server received: a transaction at its base, with the token.
    for headers in server.store.headers:
        assert headers["Authorization"] == f"Bearer {TOKEN}"
        assert headers["Content-Type"] == "application/fhir+json"
    (patient,) = server.store.all("Patient")
    assert patient["identifier"] == [
        {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9991112227"}
    ]
    # The resources point to each other by the server's ids.
    (response,) = server.store.all("QuestionnaireResponse")
    assert response["subject"]["reference"] == f"Patient/{patient['id']}"
    (questionnaire,) = server.store.all("Questionnaire")
    assert response["questionnaire"] == f"{questionnaire['url']}|{questionnaire['version']}"
    (document,) = server.store.all("DocumentReference")
    (organisation,) = server.store.all("Organization")
    assert document["custodian"]["reference"] == f"Organization/{organisation['id']}"


def test_a_copy_in_another_language_adds_only_its_document(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, record: Path, server: FhirTestServer
) -> None:
    welsh = tmp_path / "record-cy.pdf"
    code, _, err = run(
        capsys,
        "report", "build", "--pack", "knee-osteoarthritis", "--session", EXAMPLE,
        "--out", welsh, "--lang", "cy",
    )  # fmt: skip
    assert code == 0, err
    assert run(capsys, "report", "send", record)[0] == 0
    assert run(capsys, "report", "send", tmp_path / "record-cy.fhir.json")[0] == 0
    counts = server.store.counts()
    assert counts["DocumentReference"] == 2 and counts["Patient"] == 1
    assert counts["QuestionnaireResponse"] == 1 and counts["Questionnaire"] == 1
    languages = sorted(
        d["content"][0]["attachment"]["language"] for d in server.store.all("DocumentReference")
    )
    assert languages == ["cy", "en"]


def test_a_server_error_keeps_the_record_queued_until_it_is_accepted(
    capsys: pytest.CaptureFixture[str],
    record: Path,
    server: FhirTestServer,
    no_waiting: list[float],
) -> None:
    for _attempt in range(3):
        server.store.fail_next(503, outcome("the database is down"))
    code, _, err = run(capsys, "report", "send", record)
    assert code == 1
    assert "the server had a problem (HTTP 503)" in err
    assert "the database is down" in err
    assert "report send --retry" in err
    assert len(server.store.headers) == 3  # tried three times
    assert no_waiting == [2.0, 8.0]
    assert server.store.counts() == Counter()
    (waiting,) = queued()
    assert stat.S_IMODE(waiting.stat().st_mode) == 0o600
    assert stat.S_IMODE(waiting.parent.stat().st_mode) == 0o700
    kept = json.loads(waiting.read_text())
    assert kept["attempts"] == 3 and "HTTP 503" in kept["problem"]
    assert TOKEN not in waiting.read_text()
    code, out, _ = run(capsys, "report", "send", "--list")
    assert code == 0 and "3 tries" in out and "HTTP 503" in out

    code, out, _ = run(capsys, "report", "send", "--retry")
    assert code == 0, out
    assert server.store.counts() == ONE_SET
    assert queued() == []
    code, out, _ = run(capsys, "report", "send", "--retry")
    assert code == 0 and "The queue is empty" in out


def test_a_dropped_connection_is_tried_again(
    capsys: pytest.CaptureFixture[str], record: Path, server: FhirTestServer
) -> None:
    server.store.fail_next("drop")
    code, _out, err = run(capsys, "report", "send", record)
    assert code == 0, err
    assert server.store.counts() == ONE_SET
    assert queued() == []
    for _attempt in range(3):
        server.store.fail_next("drop")
    code, _, err = run(capsys, "report", "send", record)
    assert code == 1
    assert "the server did not answer" in err
    assert len(queued()) == 1
    assert server.store.counts() == ONE_SET  # nothing made twice on the way


def test_a_refusal_is_shown_plainly_and_the_record_kept(
    capsys: pytest.CaptureFixture[str], record: Path, server: FhirTestServer
) -> None:
    server.store.fail_next(
        422, outcome("Patient.birthDate is after today", where="Bundle.entry[3].resource")
    )
    code, _, err = run(capsys, "report", "send", record)
    assert code == 1
    assert "Not sent: the server refused the record (HTTP 422)." in err
    assert "  Error: Patient.birthDate is after today (at Bundle.entry[3].resource)" in err
    assert len(server.store.headers) == 1  # a refusal is not tried again at once
    assert len(queued()) == 1


def test_a_wrong_token_is_refused_and_never_shown(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, record: Path, server: FhirTestServer
) -> None:
    wrong = tmp_path / "wrong-token"
    wrong.write_text("not-the-token\n")
    wrong.chmod(0o600)
    code, _, err = run(capsys, "report", "send", record, "--token-file", wrong)
    assert code == 1
    assert "refused the token (HTTP 401)" in err
    assert "not-the-token" not in err
    assert "not-the-token" not in queued()[0].read_text()
    wrong.chmod(0o644)
    code, _, err = run(capsys, "report", "send", record, "--token-file", wrong)
    assert code == 2 and "can be read by other users" in err


def test_unfinished_and_unidentified_records_are_not_sent(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, configured: Path, server: FhirTestServer
) -> None:
    session = json.loads(EXAMPLE.read_text())
    for change, words in (
        ({"finished": None}, "not finished"),
        ({"patient": None}, "no patient identifier"),
    ):
        changed = tmp_path / "session.json"
        changed.write_text(json.dumps({**session, **change}))
        bundle = tmp_path / "copy.fhir.json"
        code, _, err = run(
            capsys, "report", "fhir", "--session", changed, "--out", bundle, "--force"
        )
        assert code == 0, err
        code, _, err = run(capsys, "report", "send", bundle)
        assert code == 2 and words in err
    assert server.store.headers == [] and queued() == []


def test_a_wrong_nhs_number_is_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, configured: Path
) -> None:
    session = json.loads(EXAMPLE.read_text())
    session["patient"]["identifier"] = "999 111 2228"
    changed = tmp_path / "session.json"
    changed.write_text(json.dumps(session))
    code, _, err = run(capsys, "report", "fhir", "--session", changed, "--out", tmp_path / "x.json")
    assert code == 1
    assert "'999 111 2228' is not a valid NHS number" in err
    assert not (tmp_path / "x.json").exists()


def test_sending_needs_a_server(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    write_settings({})
    bundle = ROOT / "examples" / "knee-osteoarthritis.fhir.json"
    code, _, err = run(capsys, "report", "send", bundle)
    assert code == 2 and "no record system is set" in err
    code, _, err = run(capsys, "report", "send", bundle, "--fhir", "http://ehr.example.org/fhir")
    assert code == 2 and "must start with https://" in err
    code, out, _ = run(capsys, "report", "send")
    assert code == 0 and "The queue is empty" in out


def test_report_fhir_writes_a_file_only_its_owner_reads(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_file = tmp_path / "copy.fhir.json"
    code, _, err = run(capsys, "report", "fhir", "--session", EXAMPLE, "--out", out_file)
    assert code == 0, err
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    assert json.loads(out_file.read_text())["type"] == "transaction"


def test_report_fhir_takes_the_language_of_the_pdf(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    welsh = tmp_path / "record-cy.pdf"
    code, _, err = run(
        capsys,
        "report", "build", "--pack", "knee-osteoarthritis", "--session", EXAMPLE,
        "--out", welsh, "--lang", "cy", "--no-fhir",
    )  # fmt: skip
    assert code == 0, err
    out_file = tmp_path / "again.fhir.json"
    code, _, err = run(
        capsys, "report", "fhir", "--session", EXAMPLE, "--pdf", welsh, "--out", out_file
    )
    assert code == 0, err
    bundle = json.loads(out_file.read_text())
    (document,) = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "DocumentReference"
    ]
    assert document["identifier"][0]["value"].endswith("/cy")
    assert document["content"][0]["attachment"]["language"] == "cy"


def test_packs_fhir_questionnaire(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "packs", "fhir-questionnaire", "knee-osteoarthritis")
    assert code == 0
    questionnaire = json.loads(out)
    assert questionnaire["resourceType"] == "Questionnaire"
    assert questionnaire["url"] == "https://decision-aid.org/fhir/Questionnaire/knee-osteoarthritis"
    target = tmp_path / "q.json"
    code, out, _ = run(
        capsys,
        "packs",
        "fhir-questionnaire",
        ROOT / "option_grids" / "psa-screening",
        "--out",
        target,
    )
    assert code == 0 and json.loads(target.read_text())["name"] == "DecisionAidPsaScreening"
    code, _, err = run(capsys, "packs", "fhir-questionnaire", "no-such-pack")
    assert code == 2 and "no-such-pack" in err
