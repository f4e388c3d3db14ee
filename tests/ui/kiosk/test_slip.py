"""The printed slip: the code, large, the topic, what to do with it and until when; nothing
of the patient's. A printer that is missing or fails leaves the code on the screen."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtPrintSupport import QPrinterInfo
from pytestqt.qtbot import QtBot

from decision_aid.cli import main
from decision_aid.kiosk.codes import ALPHABET, on_screen
from decision_aid.session.model import CommunityChoice
from decision_aid.settings import save_settings, settings_path
from decision_aid.ui.kiosk import slip as slip_module
from decision_aid.ui.kiosk.config import KioskConfig, KioskSetupError, load_config
from decision_aid.ui.kiosk.controller import Kiosk
from decision_aid.ui.kiosk.handover_screen import HandoverScreen
from tests.conftest import SHIPPED
from tests.ui.kiosk.conftest import Clinic, PdfPrinters
from tests.ui.kiosk.journey_support import CANARY, tap, walk
from tests.ui.kiosk.size_support import LEAST

MESSAGE = (
    "The slip could not be printed. Please write down the code or show this screen to reception."
)


@pytest.fixture
def printing(config: KioskConfig) -> KioskConfig:
    config.printer = "Reception"
    config.time_zone = "Europe/London"
    return config


@pytest.mark.usefixtures("printing")
def test_the_slip_has_the_code_the_title_and_the_expiry_and_no_answer(
    qtbot: QtBot, kiosk: Kiosk, printers: PdfPrinters
) -> None:
    code = walk(qtbot, kiosk, "en", "knee-osteoarthritis")
    assert printers.names == ["Reception"]
    text = printers.text()
    assert f"{code[:3]} {code[3:]}" in text
    assert kiosk.session is not None and kiosk.session.pack.meta.title in " ".join(text.split())
    # Sealed at 09:30 UTC on 4 December, kept 24 hours: 09:30 the next day in London.
    assert "Valid until 09:30 tomorrow." in text
    assert "Give this slip to your clinician or the receptionist." in " ".join(text.split())
    assert CANARY not in text and "CANARY" not in text
    for question in kiosk.session.record.plan.questions:
        assert question not in text
    screen = kiosk.screen
    assert isinstance(screen, HandoverScreen)
    assert screen.printing.text() == "A slip with this code is printing. Take it with you."
    assert screen.code.isVisible()
    button = screen.print_button
    assert button.isVisible() and button.width() >= LEAST and button.height() >= LEAST
    tap(qtbot, button)
    assert printers.names == ["Reception", "Reception"]
    assert f"{code[:3]} {code[3:]}" in printers.text(2)


@pytest.mark.usefixtures("printing")
def test_an_arabic_slip(qtbot: QtBot, kiosk: Kiosk, printers: PdfPrinters) -> None:
    code = walk(qtbot, kiosk, "ar", "knee-osteoarthritis")
    text = printers.text()
    assert f"{code[:3]} {code[3:]}" in text
    assert "09:30" in text and CANARY not in text


def test_a_missing_printer_leaves_the_code_on_screen(
    qtbot: QtBot, kiosk: Kiosk, capsys: pytest.CaptureFixture[str]
) -> None:
    kiosk.config.printer = "No such printer"
    code = walk(qtbot, kiosk, "en", "knee-osteoarthritis")
    screen = kiosk.screen
    assert isinstance(screen, HandoverScreen)
    assert screen.printing.isVisible() and screen.printing.text() == MESSAGE
    assert screen.code.isVisible() and screen.code.text() == on_screen(code)
    err = capsys.readouterr().err
    assert "'No such printer' is not known" in err
    assert code not in err and CANARY not in err
    tap(qtbot, screen.print_button)
    assert screen.printing.text() == MESSAGE and screen.code.isVisible()
    tap(qtbot, screen.next_button)  # Finish still clears the kiosk
    assert kiosk.session is None


def test_a_printer_that_fails_leaves_the_code_on_screen(
    qtbot: QtBot, kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(_slip: object, _name: str) -> None:
        raise slip_module.SlipError("the printer did not finish the slip")

    kiosk.config.printer = "Reception"
    monkeypatch.setattr(slip_module, "print_slip", failing)
    walk(qtbot, kiosk, "pl", "knee-osteoarthritis")
    screen = kiosk.screen
    assert isinstance(screen, HandoverScreen)
    assert screen.printing.isVisible() and screen.code.isVisible()
    assert screen.printing.text() != MESSAGE  # said in Polish


def test_without_a_printer_no_slip_and_no_button(qtbot: QtBot, kiosk: Kiosk) -> None:
    walk(qtbot, kiosk, "en", "knee-osteoarthritis")
    screen = kiosk.screen
    assert isinstance(screen, HandoverScreen)
    assert not screen.printing.isVisible() and not screen.print_button.isVisible()


def test_an_unknown_printer_stops_the_kiosk_naming_the_settings_file(
    clinic: Clinic, capsys: pytest.CaptureFixture[str]
) -> None:
    clinic.settings.kiosk_printer = "Front desk"
    with pytest.raises(KioskSetupError) as caught:
        load_config(clinic.settings, [SHIPPED])
    message = str(caught.value)
    assert str(settings_path()) in message
    assert "'Front desk' in 'kiosk_printer' is not known on this computer" in message
    save_settings(clinic.settings)
    assert main(["--packs", str(SHIPPED), "kiosk", "--check"]) == 2
    err = capsys.readouterr().err
    assert "'Front desk'" in err and str(settings_path()) in err and "Traceback" not in err


def test_a_known_printer_is_taken(
    clinic: Clinic, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(QPrinterInfo, "availablePrinterNames", lambda: ["Front desk"])
    clinic.settings.kiosk_printer = "Front desk"
    assert load_config(clinic.settings, [SHIPPED]).printer == "Front desk"
    save_settings(clinic.settings)
    assert main(["--packs", str(SHIPPED), "kiosk", "--check"]) == 0
    assert "Code slips are printed on 'Front desk'." in capsys.readouterr().out


@pytest.mark.usefixtures("qtbot")
def test_every_code_character_prints_as_itself(tmp_path: Path) -> None:
    now = datetime(2026, 12, 4, 9, 30, tzinfo=UTC)
    chars = ALPHABET + ALPHABET[:3]
    for start in range(0, len(chars), 6):
        code = chars[start : start + 6]
        slip = slip_module.make_slip(
            code, "A topic", now + timedelta(hours=2), now, ZoneInfo("UTC")
        )
        path = tmp_path / f"{code}.pdf"
        slip_module.print_on(slip_module.pdf_printer(str(path)), slip)
        text = PdfPrinters(tmp_path).text_of(path)
        assert f"{code[:3]} {code[3:]}" in text, text
        assert "Valid until 11:30 today." in text


def _groups(count: int) -> list[CommunityChoice]:
    return [
        CommunityChoice(
            directory="example-community",
            directory_version="1.0.0",
            entry=f"group-{n}",
            name=f"Group number {n}",
            organisation="Riverside Voluntary Action (fictional)",
            how_to_join=f"Phone first, then come along to a session; ask for Sam ({n}).",
            contact=f"01632 96010{n} · https://group{n}.example.org",
            example=n == 0,
        )
        for n in range(count)
    ]


@pytest.mark.usefixtures("qtbot")
def test_a_slip_with_many_groups_goes_on_over_pages_never_cut(tmp_path: Path) -> None:
    now = datetime(2026, 12, 4, 9, 30, tzinfo=UTC)
    groups = _groups(6)
    slip = slip_module.make_slip(
        "K7M4XP", "A topic", now + timedelta(hours=2), now, ZoneInfo("UTC"), community=groups
    )
    path = tmp_path / "long.pdf"
    slip_module.print_on(slip_module.pdf_printer(str(path)), slip)
    pages = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert int(re.search(r"^Pages:\s+(\d+)", pages.stdout, re.M).group(1)) >= 2
    text = " ".join(PdfPrinters.text_of(path).split())
    assert "K7M 4XP" in text and "Local groups and services you chose:" in text
    assert "Group number 0 (example data)" in text
    for group in groups:
        assert group.name in text and f"ask for Sam ({group.entry[-1]})" in text
        assert group.contact.split(" · ")[0] in text
        assert group.contact.split("https://")[1] in text.replace("https:// ", "https://")
    picture = slip_module.slip_image(slip)
    assert picture.height() > slip_module.PAGE_MM.height() * 8  # as long as the slip
    short = slip_module.slip_image(
        slip_module.make_slip("K7M4XP", "A topic", now, now, ZoneInfo("UTC"))
    )
    assert short.height() == round(slip_module.PAGE_MM.height() * 8)


@pytest.mark.usefixtures("qtbot")
def test_a_paragraph_longer_than_a_page_goes_on_line_by_line(tmp_path: Path) -> None:
    now = datetime(2026, 12, 4, 9, 30, tzinfo=UTC)
    words = " ".join(f"step{n}" for n in range(400))
    [group] = _groups(1)
    group.how_to_join = f"{words} FINALWORD."
    slip = slip_module.make_slip("K7M4XP", "A topic", now, now, ZoneInfo("UTC"), community=[group])
    path = tmp_path / "longest.pdf"
    slip_module.print_on(slip_module.pdf_printer(str(path)), slip)
    text = " ".join(PdfPrinters.text_of(path).split())
    assert "step0 " in text and "step200 " in text and "FINALWORD." in text
    assert "01632 960100" in text
