"""Expiry and review dates, checked against an injected 'today'."""

from __future__ import annotations

from datetime import date

from decision_aid.content.errors import Problem
from decision_aid.content.loader import LoadedPack

REVIEW_NOTICE_DAYS = 60
"""Days ahead of review_due when the linter starts to mention it."""


def check(loaded: LoadedPack, today: date) -> list[Problem]:
    """'dates.expired' once expired; 'dates.review-due' when the review is due or near."""
    meta = loaded.meta
    if meta.expires < today:
        return [
            loaded.problem(
                "pack",
                ("expires",),
                f"the pack expired on {meta.expires}; check the evidence and publish a new "
                "version before it is used",
                rule="dates.expired",
            )
        ]
    days = (meta.review_due - today).days
    if days < 0:
        return [
            loaded.problem(
                "pack",
                ("review_due",),
                f"the evidence review was due on {meta.review_due} ({-days} days ago); "
                "check the evidence and update review_due",
                severity="warning",
                rule="dates.review-due",
            )
        ]
    if days <= REVIEW_NOTICE_DAYS:
        when = "today" if days == 0 else f"in {days} days"
        return [
            loaded.problem(
                "pack",
                ("review_due",),
                f"the evidence review is due {when} ({meta.review_due}); plan it",
                severity="info",
                rule="dates.review-due",
            )
        ]
    return []
