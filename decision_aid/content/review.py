"""Review sign-off: which exact content each reviewer signed off, and whether the pack may
say it is clinically reviewed.

The **review hash** names a pack's content as a reviewer saw it: SHA-256 over every file
of the pack, except

* the sign-offs themselves: ``reviewers`` and ``review`` in pack.yaml (so that recording a
  sign-off does not change what was signed off);
* the ``source_hashes`` of translation files (a translator marking a checked translation
  current changes no text anyone reads);
* the ``signature/`` folder of a signed pack (signing comes after the review).

pack.yaml, content.yaml and the translation files are hashed as their data, not their
bytes, so a comment or a re-wrapped paragraph leaves a sign-off standing while any change
to a text, a figure, a date or the version does not. Other files (evidence.md) are hashed
as they are.

A pack whose ``review.status`` is 'reviewed' needs a clinician's sign-off (role
'clinician', with a date) of its review hash as it is now, and ``review.reviewer`` and
``review.date`` must name that sign-off. The loader refuses it otherwise
(:func:`review_problems`), naming what is missing and how to fix it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from decision_aid.content.model import Loc, PackMeta
from decision_aid.content.model_parts import Reviewer
from decision_aid.content.parse import Parsed
from decision_aid.content.source import SIGNATURE_DIR, PackSource
from decision_aid.i18n import _

if TYPE_CHECKING:
    from decision_aid.content.loader import LoadedPack

CLINICIAN = "clinician"
"""The role whose sign-off lets a pack leave 'example'."""
SIGN_OFF_FIELDS = ("reviewers", "review")
"""pack.yaml fields the review hash leaves out."""


def _data_blob(part: str, data: Any) -> bytes:
    if isinstance(data, dict):
        if part == "pack":
            data = {k: v for k, v in data.items() if k not in SIGN_OFF_FIELDS}
        elif part != "content":
            data = {k: v for k, v in data.items() if k != "source_hashes"}
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def review_hash(source: PackSource, files: Mapping[str, str], parsed: Mapping[str, Parsed]) -> str:
    """The review hash of a pack whose parts ('pack', 'content' and locale codes) are the
    files ``files`` names, read into ``parsed``."""
    part_of = {rel: part for part, rel in files.items()}
    digest = hashlib.sha256()
    for rel in source.files():
        if rel.startswith(SIGNATURE_DIR + "/"):
            continue
        part = part_of.get(rel)
        if part is not None and part in parsed:
            name = part if part in ("pack", "content") else "translations/" + part
            blob = _data_blob(part, parsed[part].data)
            kind = b"data"
        else:
            name, blob, kind = rel, source.read(rel), b"file"
        digest.update(b"\0".join((kind, name.encode("utf-8"), str(len(blob)).encode(), b"")))
        digest.update(blob)
    return "sha256:" + digest.hexdigest()


def pack_review_hash(loaded: LoadedPack) -> str:
    """The review hash of a loaded pack as it is now."""
    return review_hash(loaded.source, loaded.files, loaded.parsed)


def is_clinician(reviewer: Reviewer) -> bool:
    """True for a reviewer whose role is 'clinician' (in any case)."""
    return reviewer.role.strip().casefold() == CLINICIAN


def sign_offs(meta: PackMeta, current: str) -> list[Reviewer]:
    """The reviewers who signed off the content whose review hash is ``current``."""
    return [r for r in meta.reviewers if r.reviewed_hash == current and r.date is not None]


def _short(hash_: str) -> str:
    return hash_.removeprefix("sha256:")[:12]


def review_problems(meta: PackMeta, current: str) -> list[tuple[Loc, str]]:
    """Why a pack that says it is reviewed may not say so (places in pack.yaml); none for
    an example pack or one a clinician signed off as it is."""
    if meta.review.status != "reviewed":
        return []
    clinicians = [r for r in sign_offs(meta, current) if is_clinician(r)]
    fix = _(
        "have a clinician review this version and record it with 'decision-aid packs review "
        "PACK --role clinician --name NAME --interests TEXT', or set review.status: example"
    )
    if not clinicians:
        earlier = [r for r in meta.reviewers if is_clinician(r) and r.reviewed_hash is not None]
        if earlier:
            last = earlier[-1]
            message = _(
                "the pack says it is clinically reviewed, but its content changed after "
                "{name} signed it off on {date} (review hash {signed}…, now {now}…); {fix}"
            ).format(
                name=last.name,
                date=last.date,
                signed=_short(last.reviewed_hash or ""),
                now=_short(current),
                fix=fix,
            )
        else:
            message = _(
                "the pack says it is clinically reviewed, but 'reviewers' records no "
                "clinician's sign-off of this version (role: clinician, with its date and "
                "reviewed_hash); {fix}"
            ).format(fix=fix)
        return [(("review", "status"), message)]
    if not any(r.name == meta.review.reviewer and r.date == meta.review.date for r in clinicians):
        named = "; ".join(f"{r.name}, {r.date}" for r in clinicians)
        return [
            (
                ("review", "reviewer"),
                _(
                    "review.reviewer and review.date must name a clinician who signed off "
                    "this version, with the day of the sign-off: {named}"
                ).format(named=named),
            )
        ]
    return []
