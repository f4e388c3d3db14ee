"""The signed manifest of a pack, and its detached signatures.

A signed pack holds a folder ``signature/`` with exactly two files:

- ``manifest.json``: the pack id, its version, every other file's SHA-256 and size, the
  signing time, the manifest's own expiry date and the key id of the key that made it,
  as canonical JSON (keys sorted, no spaces, ASCII only, one line). Any other spelling of
  the same data is refused, so the signed bytes and the data read from them are one.
- ``signatures.txt``: one line per signature, ``ed25519 <key id> <signature in Base64>``.
  Each signs the bytes of ``manifest.json`` prefixed with :data:`CONTEXT`, so a signature
  made for anything else can never pass as one over a manifest. Several lines from
  different keys are how a publisher's threshold of signatures is met.

Both are read as raw bytes. The signature lines are checked by a fixed pattern, not a
parser; the manifest's JSON is read only after a trusted signature over its bytes has
been verified (see ``verify``).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import PurePosixPath
from typing import Any

from decision_aid.content.source import SIGNATURE_DIR
from decision_aid.i18n import _

MANIFEST_FILE = "signature/manifest.json"
SIGNATURES_FILE = "signature/signatures.txt"
CONTEXT = b"decision-aid signed pack manifest, format 1\n"
"""What every signature over a pack signs before the manifest's bytes (domain separation)."""
TYPE = "decision-aid pack manifest"
DIRECTORY_CONTEXT = b"decision-aid signed directory manifest, format 1\n"
"""The same for a community directory, so that neither signature passes as the other."""
DIRECTORY_TYPE = "decision-aid directory manifest"
_KINDS = {"pack": (TYPE, CONTEXT), "directory": (DIRECTORY_TYPE, DIRECTORY_CONTEXT)}


def context(kind: str) -> bytes:
    """What a signature over a manifest of this kind ('pack' or 'directory') signs first."""
    return _KINDS[kind][1]


FORMAT = 1
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_SIGNATURES_BYTES = 16 * 1024
MAX_SIGNATURES = 32
_SIGNATURE_LINE = re.compile(rb"^ed25519 ([0-9a-f]{64}) ([A-Za-z0-9+/]{86}==)$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_VERSION = re.compile(r"^[0-9]{1,9}\.[0-9]{1,9}\.[0-9]{1,9}$")
_PACK_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_MOMENT = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")
_KEYS = {"type", "format", "pack", "version", "files", "signed_at", "expires", "key_id"}


class ManifestError(Exception):
    """The manifest or the signatures file is not in the expected form."""


def is_signature_file(relpath: str) -> bool:
    """Whether a pack file belongs to the signature (and so is not listed in it)."""
    return relpath.startswith(SIGNATURE_DIR + "/")


@dataclass(frozen=True)
class FileEntry:
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    """What a publisher signs about one version of a pack."""

    pack: str
    version: str
    files: dict[str, FileEntry]
    signed_at: datetime
    expires: date
    key_id: str
    """The key that made this manifest (other keys may co-sign the same bytes)."""
    kind: str = "pack"
    """What is signed: 'pack', or 'directory' (a community directory)."""

    def to_bytes(self) -> bytes:
        """The canonical bytes: what is signed and written."""
        data: dict[str, Any] = {
            "type": _KINDS[self.kind][0],
            "format": FORMAT,
            "pack": self.pack,
            "version": self.version,
            "files": {
                rel: {"sha256": entry.sha256, "size": entry.size}
                for rel, entry in sorted(self.files.items())
            },
            "signed_at": self.signed_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "expires": self.expires.isoformat(),
            "key_id": self.key_id,
        }
        return _canonical(data)


def _canonical(data: Any) -> bytes:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return text.encode("ascii") + b"\n"


@dataclass(frozen=True)
class Signature:
    key_id: str
    value: bytes


def signatures_bytes(signatures: list[Signature]) -> bytes:
    """The signatures file: one line per signature, in key id order."""
    lines = [
        f"ed25519 {s.key_id} {base64.b64encode(s.value).decode('ascii')}\n"
        for s in sorted(signatures, key=lambda s: s.key_id)
    ]
    return "".join(lines).encode("ascii")


def parse_signatures(raw: bytes) -> list[Signature]:
    """The signature lines; ManifestError when any line is not one."""
    if len(raw) > MAX_SIGNATURES_BYTES:
        raise ManifestError(_("the signatures file is larger than a signatures file may be"))
    lines = raw.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    if not lines:
        raise ManifestError(_("the signatures file holds no signature"))
    if len(lines) > MAX_SIGNATURES:
        raise ManifestError(
            _("the signatures file holds more than {limit} signatures").format(limit=MAX_SIGNATURES)
        )
    found: list[Signature] = []
    for number, line in enumerate(lines, start=1):
        match = _SIGNATURE_LINE.match(line)
        if match is None:
            raise ManifestError(
                _(
                    "line {line} of the signatures file is not a signature "
                    "('ed25519', a key id and a signature)"
                ).format(line=number)
            )
        try:
            value = base64.b64decode(match.group(2), validate=True)
        except (binascii.Error, ValueError):
            raise ManifestError(
                _("line {line} of the signatures file is not a signature").format(line=number)
            ) from None
        key = match.group(1).decode("ascii")
        if any(s.key_id == key for s in found):
            raise ManifestError(
                _("the signatures file holds two signatures by the key {key}").format(key=key[:16])
            )
        found.append(Signature(key, value))
    return found


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ManifestError(_("the manifest names '{key}' twice").format(key=key[:80]))
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise ManifestError(_("the manifest holds '{name}'").format(name=name))


def _file_entry(rel: Any, value: Any, kind: str = "pack") -> FileEntry:
    from decision_aid.content.source import MAX_ENTRY_BYTES

    bad = _("the manifest's entry for '{file}' is not a SHA-256 and a size").format(
        file=str(rel)[:200]
    )
    path = PurePosixPath(rel) if isinstance(rel, str) else None
    if (
        path is None
        or not rel
        or path.is_absolute()
        or ".." in path.parts
        or str(path) != rel
        or "\\" in rel
        or is_signature_file(rel)
    ):
        outside = (
            _("the manifest names a file outside the directory: '{file}'")
            if kind == "directory"
            else _("the manifest names a file outside the pack: '{file}'")
        )
        raise ManifestError(outside.format(file=str(rel)[:200]))
    if not isinstance(value, dict) or set(value) != {"sha256", "size"}:
        raise ManifestError(bad)
    digest, size = value["sha256"], value["size"]
    if not isinstance(digest, str) or not _HEX64.match(digest):
        raise ManifestError(bad)
    if isinstance(size, bool) or not isinstance(size, int) or not 0 <= size <= MAX_ENTRY_BYTES:
        raise ManifestError(bad)
    return FileEntry(digest, size)


def parse_manifest(raw: bytes, kind: str = "pack") -> Manifest:
    """The manifest in ``raw``, which must be its canonical bytes; ManifestError if not.

    Called only on bytes whose signature has been verified.
    """
    from decision_aid.content.source import MAX_ENTRIES

    if len(raw) > MAX_MANIFEST_BYTES:
        raise ManifestError(_("the manifest is larger than a manifest may be"))
    try:
        data = json.loads(
            raw.decode("ascii"), object_pairs_hook=_no_duplicates, parse_constant=_no_constant
        )
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ManifestError(_("the manifest is not valid JSON")) from None
    if not isinstance(data, dict) or set(data) != _KEYS:
        raise ManifestError(
            _("the manifest does not hold exactly: {keys}").format(keys=", ".join(sorted(_KEYS)))
        )
    if data["type"] != _KINDS[kind][0] or data["format"] != FORMAT:
        if kind == "directory":
            raise ManifestError(
                _("the manifest is not a decision-aid directory manifest of format 1")
            )
        raise ManifestError(_("the manifest is not a decision-aid pack manifest of format 1"))
    pack, version, files = data["pack"], data["version"], data["files"]
    if not isinstance(pack, str) or not _PACK_ID.match(pack):
        if kind == "directory":
            raise ManifestError(_("the manifest's directory id is not a directory id"))
        raise ManifestError(_("the manifest's pack id is not a pack id"))
    if not isinstance(version, str) or not _VERSION.match(version):
        raise ManifestError(_("the manifest's version is not a version such as '1.2.0'"))
    if not isinstance(files, dict) or not files or len(files) > MAX_ENTRIES:
        raise ManifestError(_("the manifest's list of files is empty or too long"))
    entries = {rel: _file_entry(rel, value, kind) for rel, value in files.items()}
    key = data["key_id"]
    if not isinstance(key, str) or not _HEX64.match(key):
        raise ManifestError(_("the manifest's key id is not a key id"))
    try:
        signed_text, expires_text = data["signed_at"], data["expires"]
        if not (
            isinstance(signed_text, str)
            and _MOMENT.match(signed_text)
            and isinstance(expires_text, str)
            and _DAY.match(expires_text)
        ):
            raise ValueError
        signed_at = datetime.strptime(signed_text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        expires = date.fromisoformat(expires_text)
    except ValueError:
        raise ManifestError(
            _("the manifest's signing time or expiry date is not a date and time")
        ) from None
    manifest = Manifest(pack, version, entries, signed_at, expires, key, kind)
    if manifest.to_bytes() != raw:
        if kind == "directory":
            raise ManifestError(
                _("the manifest is not written in its one canonical form; sign the directory again")
            )
        raise ManifestError(
            _("the manifest is not written in its one canonical form; sign the pack again")
        )
    return manifest
