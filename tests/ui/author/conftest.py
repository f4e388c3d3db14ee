"""No workbench test can hang on a question: closing with unsaved changes discards them,
unless the test answers the question itself."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from decision_aid.ui.author import window


@pytest.fixture(autouse=True)
def _no_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(window, "ask", lambda *_args, **_kw: QMessageBox.StandardButton.Discard)
