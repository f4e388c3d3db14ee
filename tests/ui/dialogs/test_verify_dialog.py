"""The verify dialog: verdicts in words, the signature facts, provenance and problems.

``verify_pdf`` is replaced by a fake here (it is called through the verify module);
test_record_dialog_real.py checks a really signed record.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from decision_aid.report import verify
from decision_aid.report.verify import VerifyResult
from decision_aid.settings import Settings
from decision_aid.ui.dialogs.verify_dialog import VerifyDialog
from tests.ui.dialogs.dialog_support import unnamed_focusable

SIGNED_AT = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
PROVENANCE = {
    "pack": "knee-osteoarthritis",
    "version": "1.2.0",
    "hash": "sha256:abc123",
    "published": "2026-01-10",
    "review_due": "2027-01-10",
    "session": "0f3c9a",
}


def result(**changes: Any) -> VerifyResult:
    values: dict[str, Any] = {
        "signed": True,
        "signer": "Dr Ada Jones",
        "signing_time": SIGNED_AT,
        "intact": True,
        "valid": True,
        "whole_file": True,
        "trusted": True,
        "self_signed": False,
        "provenance": dict(PROVENANCE),
        "problems": [],
    }
    values.update(changes)
    return VerifyResult(**values)


class FakeVerify:
    def __init__(self, answer: VerifyResult | Exception) -> None:
        self.answer = answer
        self.calls: list[tuple[bytes, list[Path]]] = []
        self.threads: list[int] = []

    def __call__(self, data: bytes, trust_roots: Any = ()) -> VerifyResult:
        self.calls.append((data, list(trust_roots)))
        self.threads.append(threading.get_ident())
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "record.pdf"
    path.write_bytes(b"%PDF-1.7 pretend\n")
    return path


@pytest.fixture
def check(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, pdf: Path, tmp_path: Path
) -> Callable[..., tuple[VerifyDialog, FakeVerify]]:
    def run(answer: VerifyResult | Exception) -> tuple[VerifyDialog, FakeVerify]:
        fake = FakeVerify(answer)
        monkeypatch.setattr(verify, "verify_pdf", fake)
        settings = Settings(trust_roots=[tmp_path / "root.pem"])
        dialog = VerifyDialog(pdf, settings=settings)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.waitUntil(lambda: dialog.task is not None and not dialog.task.running)
        return dialog, fake

    return run


def verdict(dialog: VerifyDialog) -> str:
    return dialog.verdict.accessibleDescription()


def field(dialog: VerifyDialog, key: str) -> str:
    return dialog.fields[key].text()


def test_intact_and_trusted(
    check: Callable[..., tuple[VerifyDialog, FakeVerify]], pdf: Path, tmp_path: Path
) -> None:
    dialog, fake = check(result())
    assert fake.calls == [(pdf.read_bytes(), [tmp_path / "root.pem"])]
    assert fake.threads[0] != threading.get_ident()
    assert verdict(dialog).startswith("✓ This record is intact and signed by Dr Ada Jones on ")
    assert "2026" in verdict(dialog)
    assert "⚠" not in verdict(dialog)
    assert field(dialog, "signer") == "Dr Ada Jones"
    assert "2026" in field(dialog, "time")
    for key in ("intact", "valid", "whole_file", "trusted"):
        assert field(dialog, key) == "✓ Yes"
    for key, value in PROVENANCE.items():
        assert field(dialog, key) == value
        assert dialog.fields[key].accessibleDescription() == value
    assert dialog.problems.text() == "None"
    assert dialog.path_edit.text() == str(pdf)
    assert not dialog.progress.isVisible()


def test_a_long_hash_is_shown_on_two_lines(
    check: Callable[..., tuple[VerifyDialog, FakeVerify]],
) -> None:
    digest = "sha256:" + "0123456789abcdef" * 4
    dialog, _fake = check(result(provenance={**PROVENANCE, "hash": digest}))
    assert field(dialog, "hash") == "sha256:" + "0123456789abcdef" * 2 + "\n" + (
        "0123456789abcdef" * 2
    )
    assert dialog.fields["hash"].accessibleDescription() == digest


def test_self_signed_is_intact_but_not_trusted(
    check: Callable[..., tuple[VerifyDialog, FakeVerify]],
) -> None:
    dialog, _fake = check(result(trusted=False, self_signed=True))
    lines = verdict(dialog).splitlines()
    assert lines[0].startswith("✓ This record is intact and signed by Dr Ada Jones")
    assert lines[1].startswith("⚠ The certificate is self-signed (a pilot key)")
    assert field(dialog, "trusted") == "✗ No (self-signed certificate)"


def test_changed_after_signing(check: Callable[..., tuple[VerifyDialog, FakeVerify]]) -> None:
    problems = ["The signed bytes do not match the signature (digest mismatch)."]
    dialog, _fake = check(result(intact=False, valid=False, problems=problems))
    assert verdict(dialog) == "✗ This record has been changed after it was signed."
    assert field(dialog, "intact") == "✗ No"
    assert field(dialog, "valid") == "✗ No"
    assert "digest mismatch" in dialog.problems.text()


def test_content_appended_after_signing(
    check: Callable[..., tuple[VerifyDialog, FakeVerify]],
) -> None:
    dialog, _fake = check(result(whole_file=False))
    assert verdict(dialog) == (
        "✗ This record has been changed after it was signed. "
        "Content was added to the file after the signature."
    )
    assert field(dialog, "whole_file") == "✗ No"


def test_an_invalid_signature(check: Callable[..., tuple[VerifyDialog, FakeVerify]]) -> None:
    dialog, _fake = check(result(valid=False, problems=["The certificate had expired."]))
    assert verdict(dialog) == "✗ The signature on this record is not valid."


def test_an_unsigned_draft(check: Callable[..., tuple[VerifyDialog, FakeVerify]]) -> None:
    dialog, _fake = check(
        result(
            signed=False,
            signer=None,
            signing_time=None,
            intact=False,
            valid=False,
            whole_file=False,
            trusted=False,
        )
    )
    assert verdict(dialog).startswith("✗ This record is not digitally signed")
    assert field(dialog, "signer") == "—"
    assert field(dialog, "intact") == "✗ Not signed"
    assert field(dialog, "session") == PROVENANCE["session"]


def test_a_file_that_cannot_be_checked(
    check: Callable[..., tuple[VerifyDialog, FakeVerify]],
) -> None:
    dialog, _fake = check(ValueError("not a PDF file"))
    assert verdict(dialog) == "✗ This file could not be checked: not a PDF file"
    assert field(dialog, "signer") == "—"
    assert dialog.choose_button.isEnabled()


def test_choose_another_file(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    other = tmp_path / "other.pdf"
    other.write_bytes(b"%PDF other")
    fake = FakeVerify(result(signer="Clinic key"))
    monkeypatch.setattr(verify, "verify_pdf", fake)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(other), ""))
    )
    dialog = VerifyDialog(settings=Settings())
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.task is None
    assert verdict(dialog) == "Choose a PDF record to check its signature."
    assert unnamed_focusable(dialog) == []
    assert dialog.focusWidget() is dialog.choose_button
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_ is not None)
    assert fake.calls == [(b"%PDF other", [])]
    assert "signed by Clinic key" in verdict(dialog)


def test_a_missing_file(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = VerifyDialog(tmp_path / "gone.pdf", settings=Settings())
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.task is not None and not dialog.task.running)
    assert verdict(dialog) == "✗ This file could not be checked: No such file or directory"
