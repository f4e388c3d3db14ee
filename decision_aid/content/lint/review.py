"""Sign-offs and the changelog.

* ``review.sign-off``: a note for each sign-off of an earlier version (the content changed
  since, so it no longer counts); a warning for a sign-off whose role is not one of the
  review roles, and for an example pack a clinician has signed off as it is (set
  ``review.status: reviewed`` to say so). A pack marked reviewed without a clinician's
  sign-off of its content is refused by the loader already (content.review);
* ``changelog.version``: a pack with a changelog whose version has no entry in it.
"""

from __future__ import annotations

from datetime import date

from decision_aid.content.errors import Problem
from decision_aid.content.loader import LoadedPack
from decision_aid.content.model_parts import REVIEW_ROLES
from decision_aid.content.review import is_clinician, pack_review_hash
from decision_aid.i18n import _


def _sign_offs(loaded: LoadedPack) -> list[Problem]:
    out: list[Problem] = []
    meta = loaded.meta
    signed = [r for r in meta.reviewers if r.reviewed_hash is not None]
    if not signed:
        return out
    current = pack_review_hash(loaded)
    for index, reviewer in enumerate(meta.reviewers):
        if reviewer.reviewed_hash is None:
            continue
        if reviewer.role.strip().casefold() not in REVIEW_ROLES:
            out.append(
                loaded.problem(
                    "pack",
                    ("reviewers", index, "role"),
                    _(
                        "'{role}' is not one of the review roles ({roles}); a clinician's "
                        "sign-off counts only with role: clinician"
                    ).format(role=reviewer.role, roles=", ".join(REVIEW_ROLES)),
                    severity="warning",
                    rule="review.sign-off",
                )
            )
        if reviewer.reviewed_hash != current:
            out.append(
                loaded.problem(
                    "pack",
                    ("reviewers", index, "reviewed_hash"),
                    _(
                        "{name} ({role}) signed off an earlier version on {date}; the content "
                        "changed since, so it needs their review again"
                    ).format(name=reviewer.name, role=reviewer.role, date=reviewer.date),
                    severity="info",
                    rule="review.sign-off",
                )
            )
    if meta.review.status == "example" and any(
        is_clinician(r) and r.reviewed_hash == current for r in signed
    ):
        out.append(
            loaded.problem(
                "pack",
                ("review", "status"),
                _(
                    "a clinician signed off this version, but the pack still says it is "
                    "example content; set review.status: reviewed with their name and date"
                ),
                severity="warning",
                rule="review.sign-off",
            )
        )
    return out


def _changelog(loaded: LoadedPack) -> list[Problem]:
    meta = loaded.meta
    if not meta.changelog or any(e.version == meta.version for e in meta.changelog):
        return []
    return [
        loaded.problem(
            "pack",
            ("changelog",),
            _(
                "the changelog has no entry for version {version}; say what changed, with "
                "'decision-aid packs bump' or by hand"
            ).format(version=meta.version),
            severity="warning",
            rule="changelog.version",
        )
    ]


def check(loaded: LoadedPack, today: date) -> list[Problem]:
    """Sign-offs of other versions, roles, and the changelog's entry for this version."""
    return _sign_offs(loaded) + _changelog(loaded)
