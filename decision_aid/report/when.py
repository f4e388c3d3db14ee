"""Dates and times as the record prints them: one format, the clinic's time zone.

Every date and time in the record, its take-home sheet, the signature stamp and
``report verify`` goes through here, in the document's language (Babel):

* a moment: the long date, the time to the minute and the zone's name, in the clinic's
  time zone (``settings.time_zone``, by default the computer's): in English, with
  British conventions, "4 December 2026, 14:05 GMT" (or "BST" in summer);
* a day: the long date, "4 December 2026"; an appointment adds the weekday,
  "Friday 4 December 2026";
* until when a kiosk code works, in words read at a glance: "Valid until 17:40 today.",
  "Valid until 09:30 tomorrow.", or further ahead "Valid until 17:40 on Friday
  11 December 2026." (the slip, the take-home sheet, the consultation's screen).

Never an ISO date, a US date or a bare UTC offset next to them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from functools import cache
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time, get_datetime_format

from decision_aid.i18n import FORMAT_LOCALES, _, current_language


@cache
def local_zone() -> tzinfo:
    """The computer's own time zone (with its daylight-saving rules, where known)."""
    from babel.localtime import get_localzone

    found: tzinfo = get_localzone()
    return found


def clinic_zone(name: str | None) -> tzinfo:
    """The zone of an IANA name (checked when the settings are read), or the computer's."""
    return ZoneInfo(name) if name else local_zone()


@cache
def conventions(locale: str) -> str:
    """The Babel locale whose conventions a language follows: British ones for English; a
    locale Babel does not know (a test's pseudo-language) follows its language's."""
    from babel import Locale, UnknownLocaleError

    code = locale.replace("-", "_")
    for wanted in (code, code.split("_")[0]):
        candidate = FORMAT_LOCALES.get(wanted, wanted)
        try:
            Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
        return candidate
    return FORMAT_LOCALES["en"]


def zone_name(moment: datetime, locale: str) -> str:
    """The zone's name at ``moment``, as the language writes it: an abbreviation where the
    language has one ('GMT', 'BST', 'CET'), else its full name."""
    short = str(format_time(moment, "z", tzinfo=moment.tzinfo, locale=locale))
    if short[:1] not in "+-" and short:
        return short
    return str(format_time(moment, "zzzz", tzinfo=moment.tzinfo, locale=locale))


def moment_text(moment: datetime, locale: str, zone: tzinfo) -> str:
    """'4 December 2026, 14:05 GMT': ``moment`` (aware) in ``zone``."""
    if moment.tzinfo is None:
        raise ValueError("a moment needs a time zone")
    locale = conventions(locale)
    local = moment.astimezone(zone)
    day = str(format_date(local, format="long", locale=locale))
    time = str(format_time(local, "HH:mm", tzinfo=zone, locale=locale))
    glue = str(get_datetime_format("medium", locale=locale))
    return glue.replace("{1}", day).replace("{0}", f"{time} {zone_name(local, locale)}")


def day_text(day: date, locale: str, *, weekday: bool = False) -> str:
    """'4 December 2026', or with ``weekday`` 'Friday 4 December 2026'."""
    form = "full" if weekday else "long"
    return str(format_date(day, format=form, locale=conventions(locale)))


def until_text(expires: datetime, now: datetime, zone: tzinfo) -> str:
    """'Valid until 17:40 today.' for a code that stops working at ``expires`` (aware),
    seen at ``now``, in ``zone`` and the current language."""
    if expires.tzinfo is None or now.tzinfo is None:
        raise ValueError("the times of a code need a time zone")
    locale = conventions(current_language())
    end = expires.astimezone(zone)
    today = now.astimezone(zone).date()
    time = str(format_time(end, "HH:mm", tzinfo=zone, locale=locale))
    if end.date() == today:
        return _("Valid until {time} today.").format(time=time)
    if end.date() == today + timedelta(days=1):
        return _("Valid until {time} tomorrow.").format(time=time)
    day = day_text(end.date(), current_language(), weekday=True)
    return _("Valid until {time} on {day}.").format(time=time, day=day)
