"""The verify dialog: verdicts in words, every signature's facts, provenance and problems.

``verify_pdf`` is replaced by a fake here (it is called through the verify module);
test_record_dialog_real.py checks a really signed record, and the last tests here a
really forged one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel
from pytestqt.qtbot import QtBot

from decision_aid.report import verify
from decision_aid.report.verify import (
    Change,
    ChangeKind,
    Changes,
    Coverage,
    Kind,
    SignatureCheck,
    VerifyResult,
)
from decision_aid.settings import Settings, settings_path
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
MARKUP = '<img src="/dev/zero"><b style="font-size:90pt;color:red">BIG</b><a href="x">link</a>'


def signature(**changes: Any) -> SignatureCheck:
    values: dict[str, Any] = {
        "field_name": "DecisionAidSignature",
        "kind": Kind.SIGNATURE,
        "revision": 1,
        "signer": "Dr Ada Jones",
        "signing_time": SIGNED_AT,
        "intact": True,
        "valid": True,
        "trusted": True,
        "coverage": Coverage.WHOLE_FILE,
        "changes": Changes.NONE,
        "certification": 1,
        "docmdp_ok": True,
    }
    values.update(changes)
    return SignatureCheck(**values)


def timestamp(**changes: Any) -> SignatureCheck:
    values: dict[str, Any] = {
        "field_name": "Timestamp-1",
        "kind": Kind.TIMESTAMP,
        "revision": 2,
        "signer": "Test TSA",
        "signing_time": SIGNED_AT,
        "timestamp": SIGNED_AT,
        "intact": True,
        "valid": True,
    }
    values.update(changes)
    return signature(**values)


def result(*signatures: SignatureCheck, **changes: Any) -> VerifyResult:
    values: dict[str, Any] = {
        "signatures": list(signatures) if signatures else [signature()],
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


Check = Callable[..., tuple[VerifyDialog, FakeVerify]]


@pytest.fixture
def check(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, pdf: Path, tmp_path: Path) -> Check:
    def run(answer: VerifyResult | Exception, path: Path = pdf) -> tuple[VerifyDialog, FakeVerify]:
        fake = FakeVerify(answer)
        monkeypatch.setattr(verify, "verify_pdf", fake)
        settings = Settings(trust_roots=[tmp_path / "root.pem"])
        dialog = VerifyDialog(path, settings=settings)
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


def test_intact_and_trusted(check: Check, pdf: Path, tmp_path: Path) -> None:
    dialog, fake = check(result())
    assert fake.calls == [(pdf.read_bytes(), [tmp_path / "root.pem"])]
    assert fake.threads[0] != threading.get_ident()
    assert verdict(dialog).startswith("✓ This record is intact and signed by Dr Ada Jones on ")
    assert "2026" in verdict(dialog)
    assert "⚠" not in verdict(dialog)
    assert field(dialog, "signer") == "Dr Ada Jones"
    assert "2026" in field(dialog, "time")
    assert field(dialog, "status") == "✓ valid"
    assert field(dialog, "coverage") == "the whole file"
    assert field(dialog, "changes") == "✓ none"
    assert field(dialog, "certification") == "certified: no changes allowed; kept"
    assert field(dialog, "trusted") == "✓ yes"
    for key, value in PROVENANCE.items():
        assert field(dialog, key) == value
        assert dialog.fields[key].accessibleDescription() == value
    assert dialog.problems.text() == "None"
    assert dialog.later_group.isHidden()
    assert dialog.path_edit.text() == str(pdf)
    assert not dialog.progress.isVisible()
    [line] = dialog.verdict_labels()
    assert "#1b5e20" in line.styleSheet()


def test_times_are_in_the_clinics_time_zone(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, pdf: Path
) -> None:
    """As the record prints them ('25 November 2026, 19:00 Japan Standard Time'), not in
    the computer's zone."""
    monkeypatch.setattr(verify, "verify_pdf", FakeVerify(result()))
    dialog = VerifyDialog(pdf, settings=Settings(time_zone="Asia/Tokyo"))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.task is not None and not dialog.task.running)
    assert "on 25 November 2026, 19:00 Japan Standard Time." in verdict(dialog)
    assert field(dialog, "time") == "25 November 2026, 19:00 Japan Standard Time"


def test_a_long_hash_is_shown_on_two_lines(check: Check) -> None:
    digest = "sha256:" + "0123456789abcdef" * 4
    dialog, _fake = check(result(provenance={**PROVENANCE, "hash": digest}))
    assert field(dialog, "hash") == "sha256:" + "0123456789abcdef" * 2 + "\n" + (
        "0123456789abcdef" * 2
    )
    assert dialog.fields["hash"].accessibleDescription() == digest


def test_self_signed_without_roots_is_ok_with_a_warning(check: Check) -> None:
    dialog, _fake = check(result(signature(trusted=False, self_signed=True)))
    lines = verdict(dialog).splitlines()
    assert lines[0].startswith("✓ This record is intact and signed by Dr Ada Jones")
    assert lines[1].startswith("⚠ The certificate is self-signed (a pilot key)")
    assert field(dialog, "trusted") == "✗ no (self-signed pilot certificate)"
    colours = [label.styleSheet() for label in dialog.verdict_labels()]
    assert "#1b5e20" in colours[0] and "#8a5300" in colours[1]


def test_untrusted_when_roots_are_set_is_not_accepted(check: Check) -> None:
    """As ``report verify`` exits 1, the dialog says the record is not accepted."""
    answer = result(signature(trusted=False, self_signed=True), roots_set=True, trust_required=True)
    dialog, _fake = check(answer)
    lines = verdict(dialog).splitlines()
    assert lines[0].startswith("✗ This record is intact and signed by Dr Ada Jones")
    assert lines[1] == (
        "✗ Its certificate is not trusted by the trust roots in the settings, so the record "
        "is not accepted."
    )
    assert not any(line.startswith("✓") for line in lines)


def test_a_byte_changed_after_signing(check: Check) -> None:
    problems = ["The signed content has changed since it was signed."]
    dialog, _fake = check(result(signature(intact=False), problems=problems))
    assert verdict(dialog) == "✗ This record has been changed after it was signed."
    assert field(dialog, "status") == "✗ NOT valid: changed after signing"
    assert dialog.problems.text() == "• The signed content has changed since it was signed."


def test_changed_then_signed_again_shows_both_signatures(check: Check) -> None:
    """The forgery: content changed after signing, then a second signature over it all."""
    first = signature(coverage=Coverage.REVISION, changes=Changes.OTHER, docmdp_ok=False)
    second = signature(
        field_name="Countersignature",
        revision=3,
        trusted=False,
        self_signed=True,
        certification=None,
    )
    changes = [
        Change(ChangeKind.CONTENT, page=1),
        Change(ChangeKind.SIGNED_AGAIN, who="Dr Ada Jones"),
    ]
    dialog, _fake = check(result(first, second, changes=changes))
    assert verdict(dialog).splitlines() == [
        "✗ This record has been changed after it was signed.",
        "The content of page 1 was changed after signing.",
        "The record was signed again after that change, by Dr Ada Jones: a later signature "
        "does not make a change good.",
    ]
    assert field(dialog, "coverage") == "the file as it was signed; more was added after it"
    assert field(dialog, "changes") == "✗ NOT allowed: content, pages or metadata changed"
    assert field(dialog, "certification") == (
        "certified: no changes allowed; NOT kept: the file was changed against it"
    )
    assert not dialog.later_group.isHidden()
    [box] = dialog.later_boxes
    assert box.title() == "Signature 2 of 2: a later signature"
    assert box.fields["signer"].text() == "Dr Ada Jones"
    assert box.fields["status"].text() == "✓ valid"
    assert box.fields["certification"].text() == "not certified"


def test_a_later_timestamp_is_fine(check: Check) -> None:
    first = signature(coverage=Coverage.REVISION, changes=Changes.ARCHIVAL)
    dialog, _fake = check(result(first, timestamp()))
    lines = verdict(dialog).splitlines()
    assert lines[0].startswith("✓ This record is intact")
    assert (
        lines[1] == "✓ Time-stamps or validation data were added later; they change nothing in it."
    )
    assert field(dialog, "changes") == "✓ document time-stamps or validation data only (allowed)"
    [box] = dialog.later_boxes
    assert box.title() == "Signature 2 of 2: a document time-stamp"
    assert box.fields["signer"].text() == "Test TSA"
    assert box.fields["certification"].text() == "—"


def test_a_broken_later_timestamp_is_not_ok(check: Check) -> None:
    first = signature(coverage=Coverage.REVISION, changes=Changes.ARCHIVAL)
    dialog, _fake = check(result(first, timestamp(intact=False)))
    assert (
        verdict(dialog) == "✗ A signature or time-stamp added to this record later does not verify."
    )
    assert dialog.later_boxes[0].fields["status"].text() == "✗ NOT valid: changed after signing"


def test_an_invalid_signature(check: Check) -> None:
    dialog, _fake = check(result(signature(valid=False), problems=["The certificate had expired."]))
    assert verdict(dialog) == "✗ The signature on this record is not valid."


def test_an_unsigned_draft(check: Check) -> None:
    dialog, _fake = check(VerifyResult(provenance=dict(PROVENANCE)))
    assert verdict(dialog).startswith("✗ This record is not digitally signed")
    assert field(dialog, "signer") == "—"
    assert field(dialog, "status") == "✗ Not signed"
    assert field(dialog, "session") == PROVENANCE["session"]


def test_a_file_that_cannot_be_checked(check: Check) -> None:
    dialog, _fake = check(ValueError("not a PDF file"))
    assert verdict(dialog) == "✗ This file could not be checked: not a PDF file"
    assert field(dialog, "signer") == "—"
    assert dialog.choose_button.isEnabled()


def test_choose_another_file(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    other = tmp_path / "other.pdf"
    other.write_bytes(b"%PDF other")
    fake = FakeVerify(result(signature(signer="Clinic key")))
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


# --- hostile text and broken settings ------------------------------------------------------------


def test_markup_in_any_text_is_never_rendered(check: Check, tmp_path: Path) -> None:
    """A signer, a field, a provenance value, a problem or a file name of markup is shown
    as its characters: Qt must never render it (an <img> of /dev/zero reads until memory
    runs out)."""
    folder = tmp_path / MARKUP.replace("/", "∕")
    folder.mkdir()
    path = folder / "record.pdf"
    path.write_bytes(b"%PDF")
    first = signature(
        signer=MARKUP, trusted=False, coverage=Coverage.REVISION, changes=Changes.OTHER
    )
    second = signature(field_name=MARKUP, signer=MARKUP, revision=2, trusted=False)
    answer = result(
        first,
        second,
        provenance=dict.fromkeys(PROVENANCE, MARKUP),
        problems=[MARKUP],
        changes=[Change(ChangeKind.SIGNED_AGAIN, who=MARKUP)],
    )
    dialog, _fake = check(answer, path)
    labels = dialog.findChildren(QLabel)
    assert labels
    rich = [label.text()[:40] for label in labels if label.textFormat() != Qt.TextFormat.PlainText]
    assert rich == []
    shown = "\n".join(label.text() for label in labels)
    assert shown.count(MARKUP) >= len(PROVENANCE) + 4  # signers, provenance, problem, verdict
    assert field(dialog, "signer") == MARKUP
    assert dialog.problems.text() == "• " + MARKUP
    assert MARKUP in verdict(dialog)
    assert dialog.later_boxes[0].fields["signer"].text() == MARKUP
    from tests.ui.markup_support import markup_problems

    assert markup_problems(dialog) == []  # the walk every other window and dialog passes


def test_settings_that_cannot_be_read_are_said_not_raised(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, pdf: Path
) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'{"organisation": "\xff\xfe not UTF-8"}')
    fake = FakeVerify(result())
    monkeypatch.setattr(verify, "verify_pdf", fake)

    dialog = VerifyDialog(pdf)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.task is not None and not dialog.task.running)
    note = dialog.settings_note
    assert note.isVisible()
    assert note.textFormat() == Qt.TextFormat.PlainText
    assert note.text().startswith("The settings could not be read, so no trust roots are used:")
    assert str(path) in note.text()
    assert fake.calls == [(pdf.read_bytes(), [])]
    assert verdict(dialog).startswith("✓ This record is intact")


# --- a real forgery, end to end ------------------------------------------------------------------


def test_a_real_forged_record(qtbot: QtBot, tmp_path: Path) -> None:
    from datetime import timedelta

    from decision_aid.report.keys import create_self_signed
    from decision_aid.report.sign import sign_pdf
    from tests.report import tamper
    from tests.report.signing import PASSPHRASE, make_pdf

    keys = []
    for who in ("clinic", "forger"):
        key = tmp_path / f"{who}.p12"
        create_self_signed(key, "Dr Ada Jones", PASSPHRASE, now=datetime.now(UTC) - timedelta(1))
        keys.append(key)
    signed = sign_pdf(make_pdf(), keys[0], PASSPHRASE)
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(tamper.resign(tamper.change_content(signed), keys[1]))

    dialog = VerifyDialog(forged, settings=Settings())
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.task is not None and not dialog.task.running, timeout=30000)
    lines = verdict(dialog).splitlines()
    assert lines[0] == "✗ This record has been changed after it was signed."
    assert "The content of page 1 was changed after signing." in lines
    assert len(dialog.later_boxes) == 1
    assert field(dialog, "pack") == "test-pack"
