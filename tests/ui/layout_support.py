"""Shared by the layout tests: the fonts they run under, and waiting for layouts to settle.

The layout tests run under the app's own font (Noto Sans, shipped) and once under DejaVu
Sans, the font a plain Debian machine has, so a layout tuned on one font cannot clip on
the other.
"""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

from decision_aid.ui import theme
from decision_aid.ui.language import FONTS_DIR

UI_FONTS = ("Noto Sans", "DejaVu Sans")
"""The shipped font, and Debian's default."""


def use_font(family: str) -> None:
    """Show the app in ``family`` (DejaVu from the app's own copy when the system lacks it)."""
    if family not in QFontDatabase.families():
        for path in sorted(FONTS_DIR.glob(family.replace(" ", "") + "*.ttf")):
            QFontDatabase.addApplicationFont(str(path))
    assert family in QFontDatabase.families(), f"{family} is not available"
    theme.install(family=family)


def settle(*roots: QWidget, rounds: int = 10) -> None:
    """Process events until no widget under ``roots`` moves or resizes any more.

    A font change or a page switch posts layout requests that post more (a scroll area
    sizes its page only once the page's layout has run); one pass is not enough.
    """

    def geometry() -> list[tuple[int, int, int, int]]:
        return [
            w.geometry().getRect()
            for root in roots
            for w in [root, *root.findChildren(QWidget)]
            if w.isVisible()
        ]

    before = geometry()
    for _ in range(rounds):
        QApplication.processEvents()
        after = geometry()
        if after == before:
            return
        before = after
    raise AssertionError("the layout did not settle")
