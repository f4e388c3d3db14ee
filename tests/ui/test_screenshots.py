"""decision-aid screenshots renders every step of a pack to PNG files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from decision_aid.cli import main
from decision_aid.session.model import STEPS


def test_screenshots_of_every_step(qtbot: QtBot, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(["screenshots", "--pack", "psa-screening", "--out", str(tmp_path)])
    assert code == 0
    names = sorted(p.stem for p in tmp_path.glob("*.png"))
    assert names == sorted(
        ["00-library", *[f"{i:02d}-{s}" for i, s in enumerate(STEPS, 1)], "99-patient-view"]
    )
    image = QImage(str(tmp_path / "02-risks.png"))
    assert image.width() >= 1000 and image.height() >= 700
    assert str(tmp_path / "01-grid.png") in capsys.readouterr().out


def test_unknown_pack_is_a_clear_error(qtbot: QtBot, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["screenshots", "--pack", "no-such-pack", "--out", str(tmp_path)]) == 1
    assert "No pack with the id 'no-such-pack'" in capsys.readouterr().err
