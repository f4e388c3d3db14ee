"""The screen's dates and times come from Qt's locale data, and read exactly as Babel's
(which the record uses), in every shipped language; lists of alternatives too."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from babel.dates import format_date, format_datetime, format_time
from babel.lists import format_list

from decision_aid import i18n
from decision_aid.ui.locale_format import SHIPPED, QtFormats

DAYS = [date(2026, 1, 1) + timedelta(days=31 * n + n % 7) for n in range(12)] + [
    date(1999, 12, 31),
    date(2031, 2, 9),
]
TIMES = [datetime(2026, 11, 4, h, m) for h, m in ((0, 0), (9, 5), (12, 30), (14, 5), (23, 59))]


def babel_code(language: str) -> str:
    return i18n.FORMAT_LOCALES.get(language, language)


@pytest.mark.parametrize("language", SHIPPED)
@pytest.mark.parametrize("style", ["medium", "full"])
def test_dates_read_as_babel_makes_them(language: str, style: str) -> None:
    formats = QtFormats()
    for day in DAYS:
        ours = formats.date(day, style, language)
        assert ours == format_date(day, style, locale=babel_code(language)), day


@pytest.mark.parametrize("language", SHIPPED)
def test_times_read_as_babel_makes_them(language: str) -> None:
    formats = QtFormats()
    for moment in TIMES:
        ours = formats.time(moment, "short", language)
        assert ours == format_time(moment, "short", locale=babel_code(language)), moment


@pytest.mark.parametrize("language", SHIPPED)
def test_dates_and_times_read_as_babel_makes_them(language: str) -> None:
    formats = QtFormats()
    for day in DAYS:
        for moment in TIMES:
            when = moment.replace(year=day.year, month=day.month, day=day.day)
            ours = formats.datetime(when, "short", language)
            assert ours == format_datetime(when, "short", locale=babel_code(language)), when


def test_other_styles_and_languages_are_left_to_babel() -> None:
    formats = QtFormats()
    assert formats.date(DAYS[0], "short", "en") is None
    assert formats.date(DAYS[0], "medium", "de") is None
    assert formats.time(TIMES[0], "full", "en") is None
    assert formats.datetime(TIMES[0], "medium", "en") is None


@pytest.mark.parametrize("language", SHIPPED)
def test_lists_of_alternatives_read_as_babel_makes_them(language: str) -> None:
    with i18n.using(language):
        for count in range(1, 5):
            items = ["alpha", "beta", "gamma", "delta"][:count]
            expected = format_list(items, style="or", locale=babel_code(language))
            assert i18n.or_list(items) == expected


def test_the_screen_formats_with_qt_once_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_formats", [i18n.Formats()])
    i18n.use_formats(QtFormats())
    with i18n.using("pl"):
        assert i18n.format_date(date(2026, 11, 4)) == "4 lis 2026"
