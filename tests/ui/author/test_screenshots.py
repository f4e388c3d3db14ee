"""decision-aid screenshots --author renders the workbench, never changing the pack."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from decision_aid.cli import main
from tests.conftest import SHIPPED


def test_screenshots_of_the_workbench(qtbot: QtBot, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    pack = SHIPPED / "statins-primary-prevention"
    before = {p: p.read_bytes() for p in pack.rglob("*") if p.is_file()}
    code = main(["screenshots", "--author", "--pack", pack.name, "--out", str(tmp_path)])
    assert code == 0, capsys.readouterr().err
    names = sorted(p.stem for p in tmp_path.glob("*.png"))
    assert names == [
        "author-01-cell",
        "author-02-figure",
        "author-03-values",
        "author-04-lint",
        "author-05-preview-ar",
        "author-06-translations",
        "author-07-compare",
    ]
    image = QImage(str(tmp_path / "author-04-lint.png"))
    assert image.width() >= 1000 and image.height() >= 700
    assert {p: p.read_bytes() for p in pack.rglob("*") if p.is_file()} == before


def test_an_unknown_pack_is_a_clear_error(qtbot: QtBot, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["screenshots", "--author", "--pack", "no-such", "--out", str(tmp_path)]) == 1
    assert "No pack with the id 'no-such'" in capsys.readouterr().err
