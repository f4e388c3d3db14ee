"""How long a kiosk code works, in words a patient reads at a glance.

A code (a hand-over's, or the one for answering CollaboRATE at the kiosk) works for the
spool's keeping time. On the slip and the consultation's screens its end is said in the
clinic's time zone (the ``time_zone`` setting, else the computer's) and the patient's
language: "Valid until 17:40 today.", "Valid until 09:30 tomorrow.", or, further ahead,
"Valid until 17:40 on Friday 11 December 2026."
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from decision_aid.i18n import _, current_language


def clock_time(moment: datetime, zone: tzinfo) -> str:
    """'17:40': the time of day of ``moment`` (aware) in ``zone``, 24-hour, as the current
    language writes it (Latin digits, as everywhere in the app)."""
    from babel.dates import format_time

    from decision_aid.report.when import conventions

    local = moment.astimezone(zone)
    return str(format_time(local, "HH:mm", tzinfo=zone, locale=conventions(current_language())))


def until_text(expires: datetime, now: datetime, zone: tzinfo) -> str:
    """'Valid until 17:40 today.' for a code that stops working at ``expires`` (aware)."""
    from decision_aid.report.when import day_text

    if expires.tzinfo is None or now.tzinfo is None:
        raise ValueError("the times of a code need a time zone")
    end = expires.astimezone(zone)
    today = now.astimezone(zone).date()
    time = clock_time(expires, zone)
    if end.date() == today:
        return _("Valid until {time} today.").format(time=time)
    if end.date() == today + timedelta(days=1):
        return _("Valid until {time} tomorrow.").format(time=time)
    day = day_text(end.date(), current_language(), weekday=True)
    return _("Valid until {time} on {day}.").format(time=time, day=day)
