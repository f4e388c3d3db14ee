"""``decision-aid screenshots --kiosk`` renders every kiosk screen, landscape and portrait
(with local groups and services, for a pack that names community topics)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from decision_aid.cli import main
from tests.conftest import SHIPPED
from tests.ui.kiosk.community_support import WITH_TOPICS, copy_with_topics


@pytest.mark.usefixtures("qtbot")
def test_every_kiosk_screen_in_arabic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = tmp_path / "library"
    for pack in SHIPPED.iterdir():
        if pack.name in WITH_TOPICS:
            copy_with_topics(library, pack.name)
        elif (pack / "pack.yaml").is_file():
            shutil.copytree(pack, library / pack.name)
    tmp_path /= "shots"
    code = main(
        ["--packs", str(library), "screenshots", "--pack", "statins-primary-prevention",
         "--out", str(tmp_path), "--kiosk", "--lang", "ar"]
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    names = sorted(p.stem for p in tmp_path.glob("*.png"))
    for size in ("1280x800", "1080x1920"):
        shot = [n.split("-", 3)[3] for n in names if n.startswith(f"kiosk-{size}-")]
        for screen in ("language", "topic", "options", "group", "outcome", "value", "sure",
                       "leaning", "questions", "people", "community", "handover", "code",
                       "start-again",
                       "idle-warning", "staff-pin", "slip", "code-entry", "question",
                       "thanks"):  # fmt: skip
            assert screen in shot, (size, screen)
        assert shot.count("outcome") == 3 and shot.count("question") == 3
        assert shot.index("people") + 1 == shot.index("community")
    image = QImage(str(next(tmp_path.glob("kiosk-1080x1920-*-code.png"))))
    assert (image.width(), image.height()) == (1080, 1920)
    assert list(tmp_path.iterdir()) == list(tmp_path.glob("*.png"))


def test_a_pack_without_the_language_is_a_clear_error(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["screenshots", "--pack", "psa-screening", "--out", str(tmp_path), "--kiosk",
                 "--lang", "fr"])  # fmt: skip
    assert code == 1 and "has no 'fr' translation" in capsys.readouterr().err
