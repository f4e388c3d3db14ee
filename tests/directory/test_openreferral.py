"""An Open Referral UK export (JSON or CSV) becomes a valid directory; what cannot be
carried over is reported, service by service, and nothing is written on a failure."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from decision_aid.directory.importing import Details, import_export
from decision_aid.directory.load import load_directory
from decision_aid.directory.openreferral import ExportError
from tests.conftest import ROOT

SAMPLE = ROOT / "examples" / "openreferral"
TODAY = date(2026, 12, 4)
DETAILS = Details("Riverside Voluntary Action", "directory@example.org", "Riverside")


def imported(tmp_path: Path, export: Path, details: Details = DETAILS) -> tuple[Path, list[str]]:
    out = tmp_path / "riverside"
    _count, report = import_export(export, out, details, today=TODAY)
    return out, report.lines


def test_the_json_sample_becomes_a_valid_directory(tmp_path: Path) -> None:
    out, _lines = imported(tmp_path, SAMPLE / "oruk-services.json")
    directory = load_directory(out, today=TODAY).directory
    assert directory.example_data is False and directory.publisher.contact.email
    first = directory.entries[0]
    assert first.name == "Strength and Balance Classes"
    assert first.organisation == "Riverside Leisure Trust (fictional)"
    assert "<p>" not in first.what and "strength and steadiness" in first.what
    assert first.languages == ("en", "pl")
    assert first.topics == ("physical-activity", "joints-and-mobility")
    assert first.when == "Tuesday / Thursday, 10:00–11:00"
    assert first.where == "Riverside Leisure Centre, 2 Example Way, Riverside, ZZ1 1AA"
    assert first.cost == "Each class £2.50 paid on the day"
    assert first.accessibility == "Step-free access; Hearing loop"
    assert first.contact.phone == "01632 960701" and first.referral == "self"
    assert first.last_checked == date(2026, 9, 1)
    advice = directory.entries[1]
    assert advice.referral == "referral" and advice.cost == "Advice Free"
    assert advice.who_for == "Residents of Riverside aged 18 to 120"


def test_what_cannot_be_carried_over_is_reported(tmp_path: Path) -> None:
    out, lines = imported(tmp_path, SAMPLE / "oruk-services.json")
    text = "\n".join(lines)
    assert "not carried over: fundings, service_areas" in text
    assert "'Makaton' is not one the app knows" in text
    assert "status is 'inactive'; it is left out" in text
    assert "'Library services' matches no community topic" in text
    assert "'call the leisure centre' is not one" in text
    assert "does not say where it runs" in text
    ids = [e.id for e in load_directory(out, today=TODAY).directory.entries]
    assert ids == [
        "strength-and-balance-classes",
        "debt-and-benefits-advice",
        "breathe-easy-walking-group",
    ]


def test_a_missing_assured_date_is_reported_and_today_written(tmp_path: Path) -> None:
    export = tmp_path / "one.json"
    service = json.loads((SAMPLE / "oruk-services.json").read_text())["content"][0]
    del service["assured_date"]
    export.write_text(json.dumps([service]))
    out, lines = imported(tmp_path, export)
    assert any("gives no assured date" in line for line in lines)
    assert load_directory(out, today=TODAY).directory.entries[0].last_checked == TODAY


def test_the_csv_sample_becomes_a_valid_directory(tmp_path: Path) -> None:
    out, lines = imported(tmp_path, SAMPLE / "oruk-services.csv")
    [entry] = load_directory(out, today=TODAY).directory.entries
    assert entry.languages == ("en", "pl") and entry.when == "Tuesdays and Thursdays, 10am to 11am"
    assert entry.accessibility == "Step-free access; Hearing loop"
    assert any("columns are not carried over: funding" in line for line in lines)


def test_two_services_with_one_name_get_ids_of_their_own(tmp_path: Path) -> None:
    service = json.loads((SAMPLE / "oruk-services.json").read_text())["content"][0]
    export = tmp_path / "twice.json"
    export.write_text(json.dumps({"content": [service, service]}))
    out, _lines = imported(tmp_path, export)
    ids = [e.id for e in load_directory(out, today=TODAY).directory.entries]
    assert ids == ["strength-and-balance-classes", "strength-and-balance-classes-2"]


def test_an_export_that_is_not_one_is_refused_and_nothing_written(tmp_path: Path) -> None:
    export = tmp_path / "wrong.json"
    export.write_text('{"hello": "world"}')
    with pytest.raises(ExportError, match="not an Open Referral UK export"):
        imported(tmp_path, export)
    export.write_text("{not json")
    with pytest.raises(ExportError, match="not valid JSON"):
        imported(tmp_path, export)
    assert not (tmp_path / "riverside").exists()


def test_an_export_without_a_usable_service_is_refused(tmp_path: Path) -> None:
    services = json.loads((SAMPLE / "oruk-services.json").read_text())["content"][2:4]
    export = tmp_path / "none.json"
    export.write_text(json.dumps(services))
    with pytest.raises(ExportError, match=r"no service in .* could become an entry"):
        imported(tmp_path, export)
    assert not (tmp_path / "riverside").exists()


def test_an_existing_folder_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "riverside").mkdir()
    (tmp_path / "riverside" / "directory.yaml").write_text("mine")
    with pytest.raises(ExportError, match="already exists"):
        imported(tmp_path, SAMPLE / "oruk-services.json")
    assert (tmp_path / "riverside" / "directory.yaml").read_text() == "mine"


def test_the_folder_name_must_be_an_id(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="lower-case"):
        import_export(SAMPLE / "oruk-services.json", tmp_path / "My Directory", DETAILS)


def test_a_csv_without_a_name_column_is_refused(tmp_path: Path) -> None:
    export = tmp_path / "bad.csv"
    export.write_text("title,phone\nA walk,01632 960000\n")
    with pytest.raises(ExportError, match="no 'name' column"):
        imported(tmp_path, export)


def test_the_cli_imports_reports_and_says_what_to_do_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from decision_aid.cli import main

    out = tmp_path / "riverside"
    code = main(
        [
            "directory", "import", str(SAMPLE / "oruk-services.json"), "--out", str(out),
            "--publisher", "Riverside Voluntary Action", "--contact", "https://rva.example.org",
            "--area", "Riverside", "--example",
        ]
    )  # fmt: skip
    printed = capsys.readouterr().out
    assert code == 0 and "3 entries; 2 services left out" in printed
    assert "directory sign" in printed
    directory = load_directory(out).directory
    assert directory.example_data is True and directory.publisher.contact.web
