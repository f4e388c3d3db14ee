"""A pseudo-language 40 % longer than English: every screen still fits, nothing overlaps,
under the app's own font and under DejaVu Sans (the ``ui_font`` fixture).

The pseudo catalog is made from translations/messages.pot at test time: each
message keeps its placeholders, accelerators and markup, swaps letters for
accented ones and grows by about 40 %.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLayout,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from decision_aid import i18n
from decision_aid.session.model import STEPS
from decision_aid.ui.consultation_window import ConsultationWindow
from decision_aid.ui.dialogs.record_dialog import RecordDialog
from decision_aid.ui.dialogs.verify_dialog import VerifyDialog
from decision_aid.ui.library_window import LibraryWindow
from tests.conftest import ROOT, SHIPPED
from tests.ui.consult_support import new_session
from tests.ui.layout_support import settle

ACCENTS = str.maketrans("aeiouyAEIOUYcnszCNSZ", "áéíóúýÁÉÍÓÚÝçñšžÇÑŠŽ")
KEEP = re.compile(r"(\{[a-z_]+\}|&\w|<[^>]+>|\\n|%\w)")
PSEUDO = "en_XA"


def pseudo(text: str) -> str:
    """Accented, and about 40 % longer, with everything machine-readable kept."""
    if not text:
        return text
    parts = KEEP.split(text)
    out = "".join(p if KEEP.fullmatch(p) else p.translate(ACCENTS) for p in parts)
    visible = len(KEEP.sub("", text))
    return out + " " + "ǂ" * max(1, round(visible * 0.4) - 1)


@pytest.fixture
def pseudo_language(tmp_path: Path) -> Iterator[str]:
    with (ROOT / "translations" / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    catalog = Catalog(locale="en")
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            catalog.add(message.id, tuple(pseudo(message.id[i]) for i in (0, 1)))
        else:
            catalog.add(message.id, pseudo(message.id))
    mo = tmp_path / PSEUDO / "LC_MESSAGES" / "decision_aid.mo"
    mo.parent.mkdir(parents=True)
    with mo.open("wb") as handle:
        write_mo(handle, catalog)
    assert i18n.set_language(PSEUDO, tmp_path) == PSEUDO
    try:
        yield PSEUDO
    finally:
        i18n.set_language("en")


def problems(root: QWidget) -> list[str]:
    """Widgets squeezed below the room their text needs, and layout siblings that overlap."""
    found: list[str] = []

    def name(w: QWidget) -> str:
        text = getattr(w, "text", lambda: "")()
        return f"{type(w).__name__}({str(text)[:30]!r})"

    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root):
            continue
        hint = widget.minimumSizeHint()
        texty = isinstance(widget, QLabel | QAbstractButton | QLineEdit | QComboBox)
        if (
            texty
            and hint.isValid()
            and (widget.width() + 1 < hint.width() or widget.height() + 1 < hint.height())
        ):
            found.append(f"clipped: {name(widget)} {widget.size().toTuple()} < {hint.toTuple()}")
        layout = widget.layout()
        if isinstance(layout, QLayout):
            # indexOf, not itemAt: see tests/ui/test_layout_items.py.
            children = widget.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
            )
            shown = [w for w in children if layout.indexOf(w) >= 0 and w.isVisibleTo(root)]
            for i, a in enumerate(shown):
                for b in shown[i + 1 :]:
                    if (
                        a.geometry()
                        .adjusted(1, 1, -1, -1)
                        .intersects(b.geometry().adjusted(1, 1, -1, -1))
                    ):
                        found.append(f"overlap: {name(a)} and {name(b)}")
    return found


def test_pseudo_translation_keeps_what_machines_read() -> None:
    text = pseudo("&Open {title}\\n<b>now</b>")
    assert text.startswith("&Opéñ {title}")
    assert "{title}" in text and "<b>" in text and "\\n" in text
    assert len(text) >= len("&Open {title}\\n<b>now</b>") + 3


@pytest.mark.parametrize(
    "pack_id", ["knee-osteoarthritis", "psa-screening", "statins-primary-prevention"]
)
def test_every_screen_fits_in_the_pseudo_language(
    qtbot: QtBot, ui_font: str, pseudo_language: str, pack_id: str
) -> None:
    library = LibraryWindow([SHIPPED])
    qtbot.addWidget(library)
    library.resize(1180, 800)
    library.show()
    qtbot.waitUntil(lambda: library.task is not None and not library.task.running)
    settle(library)
    assert "ǂ" in library.windowTitle()
    assert problems(library) == []

    loaded, session = new_session(pack_id)
    window = ConsultationWindow(loaded, session, None)
    qtbot.addWidget(window)
    window.resize(1180, 800)
    window.show()
    for step in STEPS:
        window.go_to(step)
        settle(window)
        assert "ǂ" in window.current_page().title()
        assert problems(window) == [], step

    for dialog in (RecordDialog(loaded, session, parent=window), VerifyDialog(parent=window)):
        qtbot.addWidget(dialog)
        dialog.show()
        settle(dialog)
        assert problems(dialog) == [], type(dialog).__name__
        dialog.close()
