"""Sign a pack: write its manifest and a signature into the folder or the archive.

The pack must be valid. Its manifest lists every file but the signature's own, with its
size and SHA-256, the pack's id and version, the signing time, the manifest's expiry and
the signing key's id. When the pack already carries a manifest for exactly these files,
version and expiry, the new signature is added beside the others (a second editor
co-signing, for a publisher whose threshold is more than one); otherwise a new manifest
replaces the old one, and the old signatures, which no longer match, go with it.

A folder's two signature files are written as one (both or neither); an archive is
written anew, atomically, holding the same files and the signature.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from decision_aid.atomic import write_all_atomic, write_atomic
from decision_aid.content.errors import PackError
from decision_aid.content.source import ArchiveSource, PackSource, SourceError, open_source
from decision_aid.content.trust.keys import SigningKey, key_id
from decision_aid.content.trust.manifest import (
    MANIFEST_FILE,
    SIGNATURES_FILE,
    FileEntry,
    Manifest,
    ManifestError,
    Signature,
    context,
    is_signature_file,
    parse_manifest,
    parse_signatures,
    signatures_bytes,
)
from decision_aid.content.trust.publishers import example_publisher
from decision_aid.content.trust.verify import BytesSource
from decision_aid.i18n import _

DEFAULT_DAYS = 365
"""A manifest's life when no expiry is given (never beyond the pack's own expiry)."""
MAX_DAYS = 5 * 366
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class SignError(Exception):
    """The pack could not be signed; nothing was written. The message says why."""


@dataclass(frozen=True)
class Signed:
    """What signing did."""

    path: Path
    manifest: Manifest
    kept: int
    """Signatures by other keys kept beside the new one (co-signing)."""
    dropped: int
    """Earlier signatures removed because the manifest changed."""


def _read_all(path: Path) -> tuple[PackSource, dict[str, bytes]]:
    try:
        source = open_source(path)
        return source, {rel: source.read(rel) for rel in source.files()}
    except SourceError as exc:
        raise SignError(str(exc)) from exc


def _expiry(given: date | None, pack_expires: date, today: date, kind: str = "pack") -> date:
    if given is None:
        return min(today + timedelta(days=DEFAULT_DAYS), pack_expires)
    if given <= today:
        raise SignError(
            _("The expiry date {date} is not in the future; give a later date.").format(
                date=given.isoformat()
            )
        )
    if given > pack_expires:
        if kind == "directory":
            raise SignError(
                _(
                    "The directory itself expires on {date}; its signature cannot outlive it. "
                    "Give --expires {date} or earlier."
                ).format(date=pack_expires.isoformat())
            )
        raise SignError(
            _(
                "The pack itself expires on {pack}; its signature cannot outlive it. Give "
                "--expires {pack} or earlier."
            ).format(pack=pack_expires.isoformat())
        )
    if given > today + timedelta(days=MAX_DAYS):
        raise SignError(
            _("A signature may last at most five years; give an earlier --expires date.")
        )
    return given


def _existing(data: dict[str, bytes], kind: str) -> tuple[Manifest | None, list[Signature]]:
    """The manifest and signatures already there, when they can be read (they are
    replaced otherwise: signing again is how a damaged signature is mended)."""
    if MANIFEST_FILE not in data or SIGNATURES_FILE not in data:
        return None, []
    try:
        return (
            parse_manifest(data[MANIFEST_FILE], kind),
            parse_signatures(data[SIGNATURES_FILE]),
        )
    except ManifestError:
        return None, []


@dataclass(frozen=True)
class Subject:
    """What a signature vouches for, read from the valid content about to be signed."""

    kind: str
    """'pack' or 'directory'."""
    id: str
    version: str
    expires: date
    """The content's own expiry: its signature never outlives it."""
    example: bool
    """Whether the content says it is example content (the example-content key signs only
    such content)."""
    not_example: str
    """What to say when the example-content key is asked to sign anything else."""


def sign_pack(
    path: Path,
    key: SigningKey,
    *,
    expires: date | None = None,
    now: datetime | None = None,
) -> Signed:
    """Sign the pack at ``path`` with ``key``. Raises SignError (nothing written) when the
    pack is invalid, the expiry is not allowed, or the files cannot be written."""
    from decision_aid.content.loader import load_pack

    def subject(source: PackSource, data: dict[str, bytes]) -> Subject:
        try:
            loaded = load_pack(path, source=BytesSource(source, data))
        except PackError as exc:
            raise SignError(
                _("The pack is not valid, so it is not signed. Fix these problems first:")
                + "".join(f"\n  {problem}" for problem in exc.problems)
            ) from exc
        meta = loaded.meta
        return Subject(
            "pack",
            meta.id,
            meta.version,
            meta.expires,
            meta.review.status == "example",
            _(
                "This is the project's example-content key: it signs example content only, "
                "and this pack says it was clinically reviewed. Sign it with your own key."
            ),
        )

    return sign_content(path, key, subject, expires=expires, now=now)


def sign_content(
    path: Path,
    key: SigningKey,
    read_subject: Callable[[PackSource, dict[str, bytes]], Subject],
    *,
    expires: date | None = None,
    now: datetime | None = None,
) -> Signed:
    """Sign the folder or archive at ``path``, whose content ``read_subject`` validates
    (raising SignError when it is not valid) and describes."""
    moment = (now or datetime.now(UTC)).replace(microsecond=0)
    source, data = _read_all(path)
    strays = [r for r in data if is_signature_file(r) and r not in (MANIFEST_FILE, SIGNATURES_FILE)]
    if strays:
        raise SignError(
            _(
                "{file} is in the signature folder, which holds only the signature; move it "
                "out of the folder and sign again."
            ).format(file=source.display(strays[0]))
        )
    subject = read_subject(source, data)
    if key.id == key_id(example_publisher().keys[0]) and not subject.example:
        raise SignError(subject.not_example)
    files = {
        rel: FileEntry(hashlib.sha256(raw).hexdigest(), len(raw))
        for rel, raw in data.items()
        if not is_signature_file(rel)
    }
    old, signatures = _existing(data, subject.kind)
    same = (
        old is not None
        and old.pack == subject.id
        and old.version == subject.version
        and old.files == files
        and old.expires > moment.date()
        and (expires is None or expires == old.expires)
    )
    if old is not None and same:
        manifest = old
        others = [s for s in signatures if s.key_id != key.id]
        dropped = 0
    else:
        manifest = Manifest(
            pack=subject.id,
            version=subject.version,
            files=files,
            signed_at=moment,
            expires=_expiry(expires, subject.expires, moment.date(), subject.kind),
            key_id=key.id,
            kind=subject.kind,
        )
        others = []
        dropped = len([s for s in signatures if s.key_id != key.id])
    body = manifest.to_bytes()
    mine = Signature(key.id, key.private.sign(context(subject.kind) + body))
    signatures_file = signatures_bytes([*others, mine])
    _write(path, source, data, body, signatures_file)
    return Signed(path, manifest, kept=len(others), dropped=dropped)


def _write(
    path: Path, source: PackSource, data: dict[str, bytes], manifest: bytes, signatures: bytes
) -> None:
    try:
        if isinstance(source, ArchiveSource):
            files = {r: raw for r, raw in data.items() if not is_signature_file(r)}
            files[MANIFEST_FILE], files[SIGNATURES_FILE] = manifest, signatures
            mode = stat.S_IMODE(os.stat(path).st_mode)
            write_atomic(path, _archive(files, source.prefix), mode=mode)
        else:
            write_all_atomic(
                [
                    (path / MANIFEST_FILE, manifest, 0o644),
                    (path / SIGNATURES_FILE, signatures, 0o644),
                ]
            )
    except OSError as exc:
        raise SignError(
            _("{path} could not be written: {reason}; nothing was signed.").format(
                path=exc.filename or path, reason=exc.strerror or exc
            )
        ) from exc


def _archive(files: dict[str, bytes], prefix: str) -> bytes:
    """A zip archive of ``files`` under ``prefix``, the same bytes for the same files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for rel in sorted(files):
            info = zipfile.ZipInfo(prefix + rel, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, files[rel])
    return buffer.getvalue()
