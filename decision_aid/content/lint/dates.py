"""Expiry and review dates, checked against an injected 'today'."""

from __future__ import annotations

from datetime import date

from decision_aid.content.errors import Problem
from decision_aid.content.loader import LoadedPack
from decision_aid.i18n import _, ngettext

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
                _(
                    "the pack expired on {date}; check the evidence and publish a new "
                    "version before it is used"
                ).format(date=meta.expires),
                rule="dates.expired",
            )
        ]
    days = (meta.review_due - today).days
    if days < 0:
        return [
            loaded.problem(
                "pack",
                ("review_due",),
                ngettext(
                    "the evidence review was due on {date} ({days} day ago); "
                    "check the evidence and update review_due",
                    "the evidence review was due on {date} ({days} days ago); "
                    "check the evidence and update review_due",
                    -days,
                ).format(date=meta.review_due, days=-days),
                severity="warning",
                rule="dates.review-due",
            )
        ]
    if days <= REVIEW_NOTICE_DAYS:
        if days == 0:
            message = _("the evidence review is due today ({date}); plan it")
        else:
            message = ngettext(
                "the evidence review is due in {days} day ({date}); plan it",
                "the evidence review is due in {days} days ({date}); plan it",
                days,
            )
        return [
            loaded.problem(
                "pack",
                ("review_due",),
                message.format(date=meta.review_due, days=days),
                severity="info",
                rule="dates.review-due",
            )
        ]
    return []
