"""How long a code works, in words: in the clinic's time zone and the patient's language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from decision_aid.i18n import using
from decision_aid.report.when import until_text

NOW = datetime(2026, 12, 4, 9, 30, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")


def test_today_tomorrow_and_later() -> None:
    assert until_text(NOW + timedelta(hours=8, minutes=10), NOW, LONDON) == (
        "Valid until 17:40 today."
    )
    assert until_text(NOW + timedelta(hours=24), NOW, LONDON) == "Valid until 09:30 tomorrow."
    assert until_text(NOW + timedelta(days=3), NOW, LONDON) == (
        "Valid until 09:30 on Monday, 7 December 2026."
    )


def test_the_clinics_time_zone_decides_the_day() -> None:
    late = datetime(2026, 12, 4, 22, 0, tzinfo=UTC)
    # 23:30 in London is still today there; in Warsaw it is already tomorrow.
    assert until_text(late + timedelta(hours=1, minutes=30), late, LONDON) == (
        "Valid until 23:30 today."
    )
    assert until_text(late + timedelta(hours=1, minutes=30), late, ZoneInfo("Europe/Warsaw")) == (
        "Valid until 00:30 tomorrow."
    )
    summer = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
    assert until_text(summer + timedelta(hours=8), summer, LONDON) == "Valid until 18:00 today."


def test_in_the_patients_language() -> None:
    with using("cy"):
        text = until_text(NOW + timedelta(hours=8, minutes=10), NOW, LONDON)
    assert "17:40" in text and text != "Valid until 17:40 today."


def test_a_time_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        until_text(datetime(2026, 12, 4, 18, 0), NOW, LONDON)
