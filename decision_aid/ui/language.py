"""Languages on screen: the UI language, Qt's own strings, layout direction and fonts.

The app's messages come from decision_aid.i18n. Here the Qt side follows: Qt's
qtbase translations for standard dialogs and buttons, right-to-left layout for
Arabic, and the shipped Arabic font. Numbers keep Latin digits in every language,
as in the packs and the printed record.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QAction, QActionGroup, QFontDatabase
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from decision_aid.i18n import (
    FORMAT_LOCALES,
    available_languages,
    current_language,
    is_right_to_left,
    native_name,
    set_language,
)

FONTS_DIR = Path(__file__).resolve().parent.parent / "report" / "fonts"
_translators: list[QTranslator] = []
_fonts_loaded: list[int] = []


def load_fonts(code: str | None = None) -> None:
    """Make the shipped Arabic font available to Qt, once, when a right-to-left language
    is first shown: no start-up pays for it. (The screens' own Noto Sans, for every
    language, is registered before the first window: see decision_aid.ui.theme.)"""
    if _fonts_loaded or (code is not None and not is_right_to_left(code)):
        return
    for path in sorted(FONTS_DIR.glob("NotoNaskhArabic-*.ttf")):
        _fonts_loaded.append(QFontDatabase.addApplicationFont(str(path)))


def qt_locale(code: str) -> QLocale:
    """Qt's locale for a language, with Latin digits, as Babel and the packs write numbers.

    Qt's default Arabic locale (Egypt's) writes Arabic-Indic digits, and Qt has no
    Latin-script Arabic; but several Arabic locales write Latin digits. Among those with
    the same month names, the language's world-wide one ('ar_001') is preferred.
    """
    locale = QLocale(FORMAT_LOCALES.get(code, code))
    if locale.zeroDigit() == "0":
        return locale
    months = [locale.monthName(month) for month in range(1, 13)]
    latin = [
        candidate
        for candidate in QLocale.matchingLocales(
            locale.language(), QLocale.Script.AnyScript, QLocale.Country.AnyTerritory
        )
        if candidate.zeroDigit() == "0"
        and [candidate.monthName(month) for month in range(1, 13)] == months
    ]
    latin.sort(key=lambda candidate: candidate.territory() != QLocale.Country.World)
    return latin[0] if latin else locale


def direction(code: str) -> Qt.LayoutDirection:
    return (
        Qt.LayoutDirection.RightToLeft if is_right_to_left(code) else Qt.LayoutDirection.LeftToRight
    )


def html_dir(code: str) -> str:
    """The HTML ``dir`` of text in ``code``: every paragraph and list item of rich text
    written in that language then runs (and aligns) that way, whatever word it starts
    with (a Latin name starting an Arabic line would otherwise turn it left to right)."""
    return "rtl" if is_right_to_left(code) else "ltr"


def apply_language(code: str) -> str:
    """Switch the whole UI to ``code`` (falls back to English); returns the language used."""
    used = set_language(code)
    load_fonts(used)
    app = QApplication.instance()
    if isinstance(app, QApplication):
        for translator in _translators:
            app.removeTranslator(translator)
        _translators.clear()
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if used != "en" and translator.load(f"qtbase_{used}", folder):
            app.installTranslator(translator)
            _translators.append(translator)
        app.setLayoutDirection(direction(used))
        QLocale.setDefault(qt_locale(used))
    return used


def language_menu(
    parent: QWidget, title: str, codes: list[str], current: str, choose: Callable[[str], None]
) -> QMenu:
    """A menu listing languages by their own names ('Cymraeg', 'Polski', 'العربية')."""
    menu = QMenu(title, parent)
    group = QActionGroup(menu)
    group.setExclusive(True)
    for code in codes:
        action = QAction(native_name(code), menu)
        action.setCheckable(True)
        action.setChecked(code == current)
        action.setData(code)
        action.triggered.connect(lambda _checked=False, c=code: choose(c))
        group.addAction(action)
        menu.addAction(action)
    return menu


def ui_languages() -> list[str]:
    """The languages the UI can be shown in."""
    return available_languages()


def ui_language() -> str:
    return current_language()
