"""The events the audit trail records, and the only fields each may carry.

This list is the audit trail's privacy boundary: an event not named here, or a field not
listed for its event, is refused before anything is written, and no field is free text
about a patient. What a consultation or a record is about stays in the consultation and
the record; the trail holds only identifiers and hashes that let the clinic match an
event to the record, the pack or the sealed hand-over it concerns.

- ``pack.loaded``: a pack opened for use (from the library or the pack store): its id,
  version and content hash, its trust status and signer (the publisher, when verified);
- ``consultation.started`` / ``.recovered`` / ``.finished``: the consultation's random
  id and the pack (id, version, content hash); ``from_kiosk`` when it started from a
  patient's hand-over;
- ``record.built``: the record's PDF as written (its SHA-256), whether it is signed;
- ``record.signed``: the signed PDF's SHA-256, the signing certificate's subject (the
  clinician or the clinic) and the PAdES level;
- ``record.verified``: a PDF's SHA-256 and the verdict (signed; OK);
- ``kiosk.handover_written`` / ``kiosk.handover_opened``: the SHA-256 of the sealed file
  only. Never its code: the spool names each file by its code, so a code in the trail
  would tie the trail's times to a patient's slip;
- ``kiosk.idle_wipe``: nothing but that it happened;
- ``audit.torn`` / ``audit.gap``: what the log itself found when appending (a line cut
  short by a crash; entries missing from its end).

A kiosk records only :data:`KIOSK_EVENTS`: nothing about which topic a patient looked at.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from decision_aid.audit.chain import Value, is_hex
from decision_aid.i18n import _

EVENTS: dict[str, tuple[str, ...]] = {
    "pack.loaded": ("pack_id", "version", "content_hash", "trust", "signer", "source"),
    "consultation.started": ("record_id", "pack_id", "version", "content_hash", "from_kiosk"),
    "consultation.recovered": ("record_id", "pack_id", "version", "content_hash"),
    "consultation.finished": ("record_id", "pack_id", "version", "content_hash"),
    "record.built": ("record_id", "pack_id", "version", "content_hash", "pdf_sha256", "signed"),
    "record.signed": ("record_id", "pdf_sha256", "signer", "level"),
    "record.verified": ("pdf_sha256", "signed", "ok"),
    "kiosk.handover_written": ("sealed_sha256",),
    "kiosk.handover_opened": ("sealed_sha256",),
    "kiosk.idle_wipe": (),
    "audit.torn": ("line", "bytes", "sha256"),
    "audit.gap": ("head_seq", "head_hash", "found_seq"),
}
"""Every event, with the fields it may carry (all of them optional)."""

KIOSK_EVENTS = frozenset(
    {"pack.loaded", "kiosk.handover_written", "kiosk.idle_wipe", "audit.torn", "audit.gap"}
)
"""What a kiosk records; anything else asked of it there is left out."""

_TOKEN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9:_.+-]{0,159}$")
_HEX_FIELDS = frozenset({"pdf_sha256", "sealed_sha256", "sha256"})
_FLAGS = frozenset({"signed", "ok", "from_kiosk"})
_NUMBERS = frozenset({"line", "bytes", "head_seq", "found_seq"})
_TEXT = frozenset({"signer", "level", "trust", "source"})
MAX_TEXT = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class FieldValueError(ValueError):
    """A field's value is not of the form its field holds (nothing was written)."""


def check_event(kind: str, fields: Mapping[str, Value]) -> dict[str, Value]:
    """The fields of a ``kind`` event, checked. Raises ValueError (a programming error)
    for an unknown event or a field not listed for it, FieldValueError for a value of
    the wrong form."""
    allowed = EVENTS.get(kind)
    if allowed is None:
        raise ValueError(f"unknown audit event {kind!r}")
    checked: dict[str, Value] = {}
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(f"the audit event {kind} has no field {name!r}")
        if value is not None and not _fits(name, value):
            raise FieldValueError(
                _("the audit field {field} cannot hold {value}").format(
                    field=f"{kind}.{name}", value=repr(value)[:80]
                )
            )
        checked[name] = value
    return checked


def _fits(name: str, value: Value) -> bool:
    if name in _FLAGS:
        return isinstance(value, bool)
    if name in _NUMBERS:
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0
    if not isinstance(value, str):
        return False
    if name in _HEX_FIELDS or name == "head_hash":
        return is_hex(value)
    if name in _TEXT:
        return len(value) <= MAX_TEXT and not _CONTROL.search(value)
    return _TOKEN.match(value) is not None
