"""The language of an imported directory's text: an Open Referral export does not say it,
so the keeper does ('--language', English by default). The few words the import writes
itself (a weekday, 'Not stated: ask the service.') are in that language, whatever the
keeper's screen speaks; what it reports to the keeper is in the keeper's language."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from decision_aid import i18n
from decision_aid.directory.importing import Details, import_export
from decision_aid.directory.load import load_directory
from decision_aid.directory.openreferral import ExportError
from tests.conftest import ROOT

SAMPLE = ROOT / "examples" / "openreferral" / "oruk-services.json"
TODAY = date(2026, 12, 4)


@pytest.fixture
def welsh_screen() -> Iterator[None]:
    i18n.set_language("cy")
    try:
        yield
    finally:
        i18n.set_language("en")


def imported(tmp_path: Path, language: str | None = None) -> tuple[Path, list[str]]:
    details = Details("Riverside Voluntary Action", "directory@example.org", "Riverside")
    if language is not None:
        details = Details(details.publisher, details.contact, details.area, language=language)
    out = tmp_path / "riverside"
    _count, report = import_export(SAMPLE, out, details, today=TODAY)
    return out, report.lines


@pytest.mark.usefixtures("welsh_screen")
def test_an_english_export_imported_on_a_welsh_screen_stays_english(tmp_path: Path) -> None:
    out, lines = imported(tmp_path)
    directory = load_directory(out, today=TODAY).directory
    assert directory.language == "en"
    strength, _advice, walking = directory.entries
    assert strength.when == "Tuesday / Thursday, 10:00–11:00"
    assert walking.where == "Not stated: ask the service."
    report = "\n".join(lines)
    assert "'Not stated: ask the service.'" in report
    with i18n.using("cy"):
        welsh_report = i18n._("the export does not say {what}; '{filler}' is written")
    assert welsh_report != "the export does not say {what}; '{filler}' is written"
    assert welsh_report.split("{")[0] in report  # the keeper reads the report in Welsh


def test_a_welsh_export_says_so_and_gets_welsh_words(tmp_path: Path) -> None:
    out, _lines = imported(tmp_path, "cy")
    directory = load_directory(out, today=TODAY).directory
    assert directory.language == "cy"
    strength, _advice, walking = directory.entries
    assert strength.when == "Dydd Mawrth / Dydd Iau, 10:00–11:00"
    with i18n.using("cy"):
        filler = i18n._("Not stated: ask the service.")
    assert walking.where == filler != "Not stated: ask the service."


def test_a_language_that_is_not_a_code_is_refused_and_nothing_written(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="'Welsh' is not a language code"):
        imported(tmp_path, "Welsh")
    assert not (tmp_path / "riverside").exists()


def test_the_cli_takes_the_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from decision_aid.cli import main

    out = tmp_path / "riverside"
    code = main(
        [
            "directory", "import", str(SAMPLE), "--out", str(out), "--language", "cy",
            "--publisher", "Riverside Voluntary Action", "--contact", "https://rva.example.org",
            "--area", "Riverside",
        ]
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert load_directory(out, today=TODAY).directory.language == "cy"
