"""Raise a pack's version with a changelog entry, keeping pack.yaml as the author wrote it.

The changelog lives in pack.yaml (``changelog``: version, date and the lines of what
changed, oldest first), so that the workbench, the compare view and a reviewer read it as
data. A new version is new content: a pack marked 'reviewed' goes back to 'example' until a
clinician signs the new version off (its review hash changes with the version).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from decision_aid.authoring.errors import AuthoringError
from decision_aid.authoring.packfile import checked_meta, day_value, meta_document
from decision_aid.authoring.roundtrip import block_list, new_list, new_map, set_scalar
from decision_aid.content.loader import LoadedPack
from decision_aid.i18n import _

Part = Literal["major", "minor", "patch"]
PARTS: tuple[Part, ...] = ("major", "minor", "patch")

__all__ = ["PARTS", "Bump", "Part", "bump_version", "next_version"]


@dataclass(frozen=True)
class Bump:
    """A version raised."""

    old: str
    new: str
    back_to_example: bool
    """True when the pack was 'reviewed' and is now 'example' until the new version is
    signed off."""


def next_version(version: str, part: Part) -> str:
    """'1.2.3' raised by one part: major '2.0.0', minor '1.3.0', patch '1.2.4'."""
    major, minor, patch = (int(n) for n in version.split("."))
    if part == "major":
        return f"{major + 1}.0.0"
    if part == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def bump_version(loaded: LoadedPack, part: Part, notes: Sequence[str], day: date) -> Bump:
    """Raise the version of a pack folder by ``part`` and add a changelog entry of ``notes``.

    Raises :class:`AuthoringError`, writing nothing, for an unknown part, no note (or an
    empty one), a pack archive, or a changelog that already has the new version.
    """
    if part not in PARTS:
        raise AuthoringError(
            "--part",
            _("'{part}' is not a part of a version; expected one of: {parts}").format(
                part=part, parts=", ".join(PARTS)
            ),
        )
    lines = [" ".join(note.split()) for note in notes]
    if not lines or not all(lines):
        raise AuthoringError(
            "--note",
            _("say what changed in this version, in a line of its own for each change"),
        )
    old = loaded.meta.version
    new = next_version(old, part)
    if any(entry.version == new for entry in loaded.meta.changelog):
        raise AuthoringError(
            loaded.source.display(loaded.files["pack"]),
            _("the changelog already has an entry for version {version}").format(version=new),
        )
    document = meta_document(loaded)
    data = document.data
    set_scalar(data, "version", new)
    changelog = block_list(data, "changelog")
    changelog.append(
        new_map(
            data,
            {"version": new, "date": day_value(document, day), "changes": new_list(data, lines)},
        )
    )
    back_to_example = loaded.meta.review.status == "reviewed"
    if back_to_example:
        review = data["review"]
        set_scalar(review, "status", "example")
        for key in ("reviewer", "date"):
            if key in review:
                del review[key]
    checked_meta(document)
    document.save()
    return Bump(old, new, back_to_example)
