"""Shared set-up for the record and verify dialog tests."""

from __future__ import annotations

import math
from datetime import UTC, datetime

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import LoadedPack, load_pack
from decision_aid.session.model import SessionRecord
from decision_aid.session.state import Session
from decision_aid.ui.widgets.signature_pad import SignaturePad
from tests.conftest import ROOT, SHIPPED

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def example_session(pack_id: str = "knee-osteoarthritis") -> tuple[LoadedPack, Session]:
    """A shipped pack with its example session, on a fixed clock."""
    loaded = load_pack(SHIPPED / pack_id)
    text = (ROOT / "examples" / f"{pack_id}.session.json").read_text(encoding="utf-8")
    record = SessionRecord.model_validate_json(text)
    session = Session(
        loaded.pack, content_hash=loaded.content_hash, record=record, clock=lambda: NOW
    )
    return loaded, session


def sign_pad(qtbot: QtBot, pad: SignaturePad) -> None:
    """Draw a short wavy stroke on the pad with the mouse."""
    canvas = pad.canvas
    points = [QPoint(20 + 5 * i, round(50 + 15 * math.sin(i / 2))) for i in range(30)]
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=points[0])
    for point in points[1:]:
        qtbot.mouseMove(canvas, point)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=points[-1])


def unnamed_focusable(root: QWidget) -> list[str]:
    """Focusable, visible widgets under ``root`` that have no accessible name."""
    return [
        f"{type(w).__name__}({w.objectName()})"
        for w in root.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and w.isVisibleTo(root)
        and not w.accessibleName()
    ]
