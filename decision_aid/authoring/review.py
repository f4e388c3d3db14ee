"""Record a reviewer's sign-off of a pack exactly as it is (see content.review).

:func:`record_sign_off` adds the reviewer to ``reviewers`` in pack.yaml with the day and
the pack's review hash, or updates their earlier entry (same name and role). A clinician's
sign-off also sets ``review`` to 'reviewed' by them on that day, which the loader accepts
for as long as the content stays as signed off. Only pack.yaml changes, and only those
lines; the review hash leaves them out, so the sign-off stays valid once written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from decision_aid.authoring.errors import AuthoringError
from decision_aid.authoring.packfile import checked_meta, day_value, meta_document
from decision_aid.authoring.roundtrip import block_list, block_map, new_map, quoted, set_scalar
from decision_aid.content.loader import LoadedPack
from decision_aid.content.model_parts import REVIEW_ROLES
from decision_aid.content.review import CLINICIAN, pack_review_hash
from decision_aid.i18n import _

__all__ = ["REVIEW_ROLES", "SignOff", "record_sign_off"]


@dataclass(frozen=True)
class SignOff:
    """A sign-off as recorded."""

    name: str
    role: str
    date: date
    reviewed_hash: str
    """The review hash of the content signed off."""
    updated: bool
    """True when it replaced the same reviewer's earlier entry."""
    reviewed: bool
    """True when it made the pack 'reviewed' (a clinician's sign-off)."""


def _required(value: str | None, what: str) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise AuthoringError(what, _("give a value; it cannot be empty"))
    return text


def record_sign_off(
    loaded: LoadedPack,
    *,
    role: str,
    name: str,
    interests: str,
    day: date,
    credentials: str | None = None,
) -> SignOff:
    """Record ``name``'s sign-off, as ``role``, of the pack folder as it is now.

    Load the pack with ``load_pack(path, check_review=False)``, so that a pack whose
    earlier sign-off no longer matches can be signed off again. Raises
    :class:`AuthoringError` (writing nothing) for an unknown role, an empty name or
    declaration, or a pack archive.
    """
    if role not in REVIEW_ROLES:
        raise AuthoringError(
            "--role",
            _("'{role}' is not a review role; expected one of: {roles}").format(
                role=role, roles=", ".join(REVIEW_ROLES)
            ),
        )
    name = _required(name, "--name")
    interests = _required(interests, "--interests")
    current = pack_review_hash(loaded)
    document = meta_document(loaded)
    data = document.data
    reviewers = block_list(data, "reviewers")
    fields: dict[str, object] = {"name": name, "role": role}
    if credentials:
        fields["credentials"] = " ".join(credentials.split())
    fields["competing_interests"] = interests
    fields["date"] = day_value(document, day)
    fields["reviewed_hash"] = quoted(current)
    earlier = next(
        (
            entry
            for entry in reviewers
            if isinstance(entry, dict)
            and str(entry.get("name", "")).casefold() == name.casefold()
            and str(entry.get("role", "")).strip().casefold() == role
        ),
        None,
    )
    if earlier is not None:
        for key, value in fields.items():
            set_scalar(earlier, key, value)
    else:
        reviewers.append(new_map(data, fields))
    reviewed = role == CLINICIAN
    if reviewed:
        review = block_map(data, "review")
        set_scalar(review, "status", "reviewed")
        set_scalar(review, "reviewer", name)
        review["date"] = day_value(document, day)
    checked_meta(document)
    document.save()
    return SignOff(name, role, day, current, earlier is not None, reviewed)
