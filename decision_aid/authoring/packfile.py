"""What the commands that change a pack's own files share: the pack must be a folder, and
an edited pack.yaml must still be valid before it is written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from decision_aid.authoring.errors import AuthoringError
from decision_aid.authoring.roundtrip import Document, open_document
from decision_aid.content.loader import LoadedPack, validate_file
from decision_aid.content.model import PackMeta
from decision_aid.content.parse import ParseError, parse
from decision_aid.content.source import FolderSource
from decision_aid.i18n import _


def pack_folder(loaded: LoadedPack) -> Path:
    """The folder of a pack, or an error for an archive (which is never changed)."""
    if not isinstance(loaded.source, FolderSource):
        raise AuthoringError(
            str(loaded.source.location),
            _("a pack archive cannot be changed; unpack it into a folder and work on that"),
        )
    return loaded.source.location


def meta_document(loaded: LoadedPack) -> Document:
    """pack.yaml (or pack.json) of a pack folder, open for an edit that keeps its layout."""
    return open_document(pack_folder(loaded) / loaded.files["pack"])


def checked_meta(document: Document) -> PackMeta:
    """The metadata the edited document holds; an error naming the problem when it is not
    valid (nothing is written then)."""
    try:
        parsed = parse(document.path.name, document.encoded())
    except ParseError as exc:
        raise AuthoringError(str(document.path), exc.message) from exc
    meta, problems = validate_file(PackMeta, parsed, str(document.path))
    if meta is None:
        first = problems[0]
        raise AuthoringError(
            str(document.path),
            _("the change would make the file invalid ({problem}); nothing was written").format(
                problem=f"{first.path}: {first.message}"
            ),
        )
    return meta


def day_value(document: Document, day: date) -> object:
    """A date as the file writes it: a YAML date, or ISO text in JSON."""
    return day if document.path.suffix != ".json" else day.isoformat()
