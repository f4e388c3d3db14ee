"""``decision-aid screenshots --pack ID --out DIR --kiosk [--lang L]``: every kiosk screen
as PNG files, offscreen, on a landscape (1280×800) and a portrait (1080×1920) screen.

The screens are those of a kiosk offering the library's valid packs (the one asked for
first) and the local groups and services of the community directories a kiosk would trust
(their screen is there when the pack names community topics that some entry matches; the
first entry is chosen), with a throw-away key pair and hand-over folder, so the hand-over
screen shows a real code; then the slip that code would print, and the screens after the appointment
(the code typed, the three CollaboRATE questions, the thanks). Nothing is written outside
a temporary folder but the PNGs.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from decision_aid.i18n import _

if TYPE_CHECKING:
    from decision_aid.directory.available import Available
    from decision_aid.ui.kiosk.controller import Kiosk

SIZES = ((1280, 800), (1080, 1920))
"""A landscape kiosk screen and a portrait (standing) one."""


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def render_kiosk(
    pack_id: str, out: Path, language: str = "en", roots: list[Path] | None = None
) -> list[Path]:
    """Write ``kiosk-WxH-NN-name.png`` for every screen and overlay; return their paths."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from decision_aid.content.errors import PackError
    from decision_aid.content.library import build_index, default_pack_dirs, used_entry
    from decision_aid.ui import theme
    from decision_aid.ui.screenshots import ScreenshotError

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    theme.install(app)
    entries = build_index(roots or default_pack_dirs())
    entry = used_entry(entries, pack_id)
    if entry is None:
        raise ScreenshotError(_("No pack with the id '{id}' was found.").format(id=pack_id))
    packs = [entry.open()]
    if language not in packs[0].languages:
        raise ScreenshotError(
            _("The pack '{id}' has no '{language}' translation.").format(
                id=pack_id, language=language
            )
        )
    for other in entries:
        if other.valid and other.used and other.id != pack_id:
            try:
                packs.append(other.open())
            except PackError:
                continue
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    directories = _directories()
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            written += _render(packs, language, Path(folder), size, out, directories=directories)
    return written


def _directories() -> Available:
    """The community directories a kiosk of this computer would offer from (its versions
    seen are consulted, not noted: nothing is written)."""
    import dataclasses

    from decision_aid.content.trust.history import VersionHistory
    from decision_aid.content.trust.policy import default_policy
    from decision_aid.directory.available import find_directories

    policy = default_policy(strict=True)
    return find_directories(
        dataclasses.replace(policy, history=VersionHistory(read_only=True)), today=policy.today()
    )


def _save_slip(kiosk: Kiosk, path: Path) -> None:
    """The slip the hand-over just shown would print, as a picture of its page."""
    from datetime import UTC, datetime

    from decision_aid.report.when import clinic_zone
    from decision_aid.ui.kiosk.handover_screen import HandoverScreen
    from decision_aid.ui.kiosk.slip import make_slip, slip_image
    from decision_aid.ui.screenshots import ScreenshotError

    screen = kiosk.screen
    assert isinstance(screen, HandoverScreen) and screen.sealed_code and kiosk.session
    now = datetime.now(UTC)
    slip = make_slip(
        screen.sealed_code,
        kiosk.session.pack.meta.title,
        now + kiosk.config.spool.keep,
        now,
        clinic_zone(kiosk.config.time_zone),
        community=kiosk.session.record.plan.community,
    )
    if not slip_image(slip).save(str(path)):
        raise ScreenshotError(_("Could not write {path}.").format(path=path))


def _after_visit(
    kiosk: Kiosk, language: str, size: tuple[int, int], save: Callable[[str], None]
) -> None:
    """After the appointment: the code typed, the three questions answered, the thanks."""
    from decision_aid.kiosk.collaborate import give_code
    from decision_aid.ui.kiosk.after_visit import QuestionScreen
    from decision_aid.ui.kiosk.code_pad import CodeScreen
    from decision_aid.ui.kiosk.welcome import LanguageScreen

    kiosk.wipe()
    kiosk.window.resize(*size)
    welcome = kiosk.screen
    assert isinstance(welcome, LanguageScreen)
    welcome.after_visit[language].click()
    entry = kiosk.screen
    assert isinstance(entry, CodeScreen)
    for char in give_code(kiosk.config.spool):
        entry.pad.keys[char].click()
    save("code-entry")
    entry.next_button.click()
    for value in (7, 3, 9):
        question = kiosk.screen
        assert isinstance(question, QuestionScreen)
        question.scale.buttons[value].click()
        save("question")
        question.next_button.click()
    save("thanks")


def _render(
    packs: list,
    language: str,
    folder: Path,
    size: tuple[int, int],
    out: Path,
    *,
    directories: Available,
) -> list[Path]:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication, QWidget

    from decision_aid.kiosk.pin import hash_pin
    from decision_aid.kiosk.spool import Spool
    from decision_aid.ui.kiosk.community import CommunityScreen
    from decision_aid.ui.kiosk.config import KioskConfig
    from decision_aid.ui.kiosk.controller import Kiosk
    from decision_aid.ui.kiosk.handover_screen import HandoverScreen
    from decision_aid.ui.kiosk.screens import GroupScreen
    from decision_aid.ui.kiosk.welcome import LanguageScreen
    from decision_aid.ui.language import apply_language
    from decision_aid.ui.screenshots import ScreenshotError

    spool = folder / f"spool-{size[0]}x{size[1]}"
    spool.mkdir()
    languages = list(dict.fromkeys([language, *packs[0].languages]))
    config = KioskConfig(
        packs=packs,
        languages=["en", *[c for c in languages if c != "en"]],
        idle_seconds=120,
        warning_seconds=30,
        spool=Spool(spool, keep=timedelta(hours=24)),
        public_key=X25519PrivateKey.generate().public_key(),
        pin=hash_pin(str(secrets.randbelow(10**8)).zfill(8), n=2**14),
        pin_state=folder / "pin.json",
        directories=directories,
    )
    clock = _Clock()
    kiosk = Kiosk(config, clock=clock, wall=clock)
    written: list[Path] = []
    prefix = f"kiosk-{size[0]}x{size[1]}"

    def save(name: str, widget: QWidget | None = None) -> None:
        QApplication.processEvents()
        path = out / f"{prefix}-{len(written):02d}-{name}.png"
        if not (widget or kiosk.window).grab().save(str(path)):
            raise ScreenshotError(_("Could not write {path}.").format(path=path))
        written.append(path)

    try:
        kiosk.window.resize(*size)
        kiosk.window.show()
        save("language")
        first = kiosk.screen
        assert isinstance(first, LanguageScreen)
        first.buttons[language].click()
        if kiosk.session is None:
            save("topic")
            kiosk.screen.buttons[packs[0].meta.id].click()  # type: ignore[attr-defined]
        while not isinstance(kiosk.screen, HandoverScreen):
            if isinstance(kiosk.screen, GroupScreen):  # as a patient who knows their group
                next(iter(kiosk.screen.choices.buttons.values())).click()
            if isinstance(kiosk.screen, CommunityScreen):  # and who picks a local group
                kiosk.screen.toggles[0][1].click()
            save(type(kiosk.screen).__name__.removesuffix("Screen").lower())
            kiosk.forward()
        save("handover")
        kiosk.screen.seal_button.click()
        save("code")
        kiosk.window.confirm.open()
        save("start-again")
        kiosk.window.confirm.hide()
        clock.now += config.idle_seconds + 8
        kiosk.tick()
        save("idle-warning")
        kiosk.still_here()
        kiosk.window.pin.open()
        for digit in "1234":
            kiosk.window.pin.press(digit)
        save("staff-pin")
        kiosk.window.pin.hide()
        slip = out / f"{prefix}-{len(written):02d}-slip.png"
        _save_slip(kiosk, slip)
        written.append(slip)
        _after_visit(kiosk, language, size, save)
    finally:
        kiosk.exit()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        apply_language("en")
    return written
