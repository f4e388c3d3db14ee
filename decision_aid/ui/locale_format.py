"""Dates and times on screen from Qt's own locale data, so the GUI does not load Babel's too.

Qt and Babel both carry CLDR; loading Babel's for a date on screen costs about 8 MB.
The styles the screens use are made here to read exactly as Babel makes them (the
record keeps Babel): the long date ('Wednesday, 4 November 2026') is Qt's long format,
the medium one ('4 Nov 2026') the day, abbreviated month and year in that order, the
short time and date Qt's short formats, joined as CLDR joins them. Digits are Latin in
every language, as in the record.
Anything else falls back to Babel (:class:`decision_aid.i18n.Formats`).
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QLocale, QTime

from decision_aid.i18n import FORMAT_LOCALES, Formats

LATIN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
RLM = "\u200f"
MEDIUM = {"ar": f"dd{RLM}/MM{RLM}/yyyy"}
"""The medium date where it is not day, abbreviated month, year."""
DATE_AND_TIME = {"cy": "{date} {time}", "ar": "{date}، {time}"}
"""How a short date and time are joined where it is not '{date}, {time}'."""
SHIPPED = ("en", "cy", "pl", "ar")
"""Languages whose formats are checked against Babel's (tests/ui/test_locale_format.py)."""


def _locale(language: str) -> QLocale:
    return QLocale(FORMAT_LOCALES.get(language, language))


class QtFormats(Formats):
    """Dates and times for the screen, from QLocale."""

    def date(self, value: date, style: str, language: str) -> str | None:
        if language not in SHIPPED:
            return None
        locale = _locale(language)
        if style == "full":
            pattern = locale.dateFormat(QLocale.FormatType.LongFormat)
        elif style == "medium":
            pattern = MEDIUM.get(language, "d MMM yyyy")
        else:
            return None
        day = QDate(value.year, value.month, value.day)
        return locale.toString(day, pattern).translate(LATIN_DIGITS)

    def time(self, value: datetime, style: str, language: str) -> str | None:
        if language not in SHIPPED or style != "short":
            return None
        locale = _locale(language)
        moment = QTime(value.hour, value.minute, value.second)
        return locale.toString(moment, QLocale.FormatType.ShortFormat).translate(LATIN_DIGITS)

    def datetime(self, value: datetime, style: str, language: str) -> str | None:
        if language not in SHIPPED or style != "short":
            return None
        locale = _locale(language)
        day = QDate(value.year, value.month, value.day)
        short = QLocale.FormatType.ShortFormat
        return (
            DATE_AND_TIME.get(language, "{date}, {time}")
            .format(date=locale.toString(day, short), time=self.time(value, "short", language))
            .translate(LATIN_DIGITS)
        )
