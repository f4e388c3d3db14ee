"""Is this the pack the patient was shown? The session names its pack's version and hash.

A record is made only from that exact pack (``pipeline.make_record`` refuses any other).
:class:`PackDifference` names both packs when they differ, for the refusal and, when a
record is made from another pack on purpose, for the banner on every page of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from decision_aid.content.loader import LoadedPack
from decision_aid.session.model import SessionRecord


@dataclass(frozen=True)
class PackDifference:
    """The pack the session was shown, and the different one at hand."""

    pack_id: str
    shown_version: str
    shown_hash: str
    used_version: str
    used_hash: str


def pack_difference(loaded: LoadedPack, record: SessionRecord) -> PackDifference | None:
    """How ``loaded`` differs from the pack the session was shown; None when it is that one."""
    ref = record.pack
    if ref.version == loaded.meta.version and ref.content_hash == loaded.content_hash:
        return None
    return PackDifference(
        pack_id=ref.id,
        shown_version=ref.version,
        shown_hash=ref.content_hash,
        used_version=loaded.meta.version,
        used_hash=loaded.content_hash,
    )
