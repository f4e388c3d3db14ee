"""A settings file that is not UTF-8 no longer stops the Verify dialog from opening: it
opens, says what is wrong with the file, and verifies without trust roots."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from decision_aid.settings import settings_path
from decision_aid.ui.dialogs.verify_dialog import VerifyDialog


def test_verify_dialog_opens_with_a_settings_file_that_is_not_utf8(qtbot: QtBot) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'{"organisation": "Caf\xe9"}')
    dialog = VerifyDialog()
    qtbot.addWidget(dialog)
    assert dialog.trust_roots == []
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "The settings could not be read" in texts and f"{path}:1: not UTF-8 text" in texts
