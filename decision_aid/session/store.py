"""Encrypted, atomic autosave of unfinished consultations ("drafts"), and recovery.

Each unfinished :class:`~decision_aid.session.model.SessionRecord` is kept as
``<drafts>/<record id>.draft``::

    b"DADRAFT2" | 8-byte key id | 12-byte random nonce | AES-256-GCM ciphertext and tag

The ciphertext holds the record's JSON; the 16-byte header is the associated data, so
it is authenticated too. Every save uses a fresh nonce and is written atomically
(temp file, fsync, rename) with user-only permissions, so a crash or a full disk
leaves the previous draft intact. Drafts of the first format (``DADRAFT1``, no key id)
are still read. A finished consultation keeps its draft while the patient may still
answer CollaboRATE at the kiosk for it (until those answers are read in, or could no
longer arrive).

The key is described in :mod:`decision_aid.session.draft_key`. What happens to a draft
that cannot be opened depends on why:

- its key is missing, or it was saved with another key (its key id says so): it is
  **kept as it is**, listed with the reason, and offered again once its key is back.
  While drafts wait for a missing key, no new key is made on its own (that would leave
  them behind for good): saving says so, until the key is back or the user chooses
  :meth:`DraftStore.new_key`;
- it is open in another window or another running copy of the app (its lock is held,
  :mod:`decision_aid.session.draft_lock`): it is listed as such and left alone;
- its name does not match the consultation inside it (a copy, or renamed): it is kept
  and reported, and never offered under the wrong name;
- it is damaged (cut short, wrong header, changed bytes, far too large, a record that
  does not validate): it is renamed to ``<name>.damaged``, never deleted, and reported
  once.

Drafts are listed from a small index that holds no patient content
(:mod:`decision_aid.session.draft_index`), so listing decrypts only the drafts that
changed since the index last saw them. A path that is a folder or a FIFO is reported,
never read (which would fail or hang).
No traceback reaches the user: every failure is a :class:`DraftError`.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from decision_aid.atomic import write_atomic
from decision_aid.i18n import _
from decision_aid.session import draft_lock
from decision_aid.session.draft_index import DraftIndex, Entry, stamp
from decision_aid.session.draft_key import (
    KEY_ID_SIZE,
    KEY_SIZE,
    DraftError,
    DraftKeyMissingError,
    DraftLockedError,
    create_key,
    key_id,
    read_key,
    reason,
)
from decision_aid.session.files import FileTooLargeError, NotAFileError, read_limited
from decision_aid.session.model import (
    MAX_SESSION_BYTES,
    SessionRecord,
    audit_consultation,
    awaiting_kiosk,
)
from decision_aid.session.reading import SessionReadError, parse_session

if TYPE_CHECKING:  # cryptography is imported when a draft is first written or read
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = [
    "KEY_SIZE",
    "DraftError",
    "DraftInfo",
    "DraftKeyMissingError",
    "DraftLockedError",
    "DraftStore",
    "default_store",
]

MAGIC = b"DADRAFT2"
"""File header of the current format."""
MAGIC_V1 = b"DADRAFT1"
"""File header of the first format: no key id; its associated data is the header."""
HEADER_SIZE = len(MAGIC) + KEY_ID_SIZE
"""Header and key id: the associated data of the cipher."""
NONCE_SIZE = 12
TAG_SIZE = 16
MAX_DRAFT_BYTES = HEADER_SIZE + NONCE_SIZE + MAX_SESSION_BYTES + TAG_SIZE
"""Largest file read as a draft; anything larger cannot be one."""
SUFFIX = ".draft"
DAMAGED_SUFFIX = ".damaged"
_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")

State = Literal["ok", "locked", "key_missing", "kept", "damaged"]
"""What can be done with a draft: recover it ('ok'); wait, as it is open elsewhere
('locked') or its key is missing ('key_missing'); nothing until the reason given is
dealt with ('kept'); or nothing, as it was damaged and set aside ('damaged')."""


@dataclass(frozen=True)
class DraftInfo:
    """One draft found on disk, for the recovery prompt."""

    path: Path
    """Where the file is now (for a damaged draft: the ``.damaged`` file)."""
    id: str
    """The record id, from the file name."""
    pack_id: str | None
    """The pack the consultation used; None when it could not be read."""
    updated: datetime
    """Last change to the record (when it could not be read: the file's modification time)."""
    problem: str | None = None
    """Why the draft cannot be recovered now, for the user; None when it can."""
    state: State = "ok"

    @property
    def damaged(self) -> bool:
        """Set aside as damaged (reported once)."""
        return self.state == "damaged"

    @property
    def recoverable(self) -> bool:
        return self.state == "ok"


class _DamageError(Exception):
    """Internal: the bytes are not a draft (set aside)."""


class _KeptError(Exception):
    """Internal: a draft that cannot be opened now, kept as it is; the message says why."""

    def __init__(self, message: str, state: State = "kept", record: SessionRecord | None = None):
        super().__init__(message)
        self.state = state
        self.record = record


def default_store() -> DraftStore:
    """The store in the user's folders (decision_aid.paths): the drafts in the data
    folder, their key in the settings folder."""
    from decision_aid.paths import folders

    found = folders()
    return DraftStore(found.data / "drafts", found.config / "draft.key")


def _mtime(path: Path) -> datetime:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError:
        return datetime.now(UTC)


class DraftStore:
    """Drafts in ``drafts_dir``, encrypted with the key in ``key_path``.

    The store locks each draft it saves or opens (see :meth:`lock`) until
    :meth:`release`, so another store, in this process or another, cannot take it.
    """

    def __init__(self, drafts_dir: Path, key_path: Path) -> None:
        if key_path.resolve().is_relative_to(drafts_dir.resolve()):
            raise ValueError("the draft key must be kept outside the drafts folder")
        self.drafts_dir = drafts_dir
        self.key_path = key_path
        self._ciphers: dict[bytes, AESGCM] = {}
        self._locks: dict[str, draft_lock.DraftLock] = {}

    # -- the key ---------------------------------------------------------------------

    def _cipher(self, key: bytes) -> AESGCM:
        cipher = self._ciphers.get(key)
        if cipher is None:
            from cryptography.hazmat.primitives.ciphers.aead import AESGCM

            cipher = self._ciphers[key] = AESGCM(key)
        return cipher

    def _waiting_for_key(self, besides: Path | None = None) -> bool:
        """Are there drafts (other than ``besides``) that a missing key would open?"""
        try:
            return any(p != besides for p in self.drafts_dir.glob(f"*{SUFFIX}"))
        except OSError:
            return False

    def _key_for_saving(self, path: Path) -> bytes:
        key = read_key(self.key_path)
        if key is not None:
            return key
        if self._waiting_for_key(besides=path):
            raise DraftKeyMissingError(self.key_missing_message(), path=self.key_path)
        return create_key(self.key_path)

    def key_missing_message(self) -> str:
        """Why nothing is saved while drafts wait for the missing key, and what to do."""
        return _(
            "The draft key {key} is missing, and unfinished consultations in {folder} were "
            "saved with it. They are kept, and offered again when the key is back: restore "
            "the file, or start decision-aid with the same settings folder as before. Until "
            "then nothing is saved as a draft. To start again with a new key instead, choose "
            "“Use a new key” in the library."
        ).format(key=self.key_path, folder=self.drafts_dir)

    def new_key(self) -> None:
        """Make a new key although drafts wait for the missing one (the user chose to).

        Those drafts are kept as they are; they open again if their key comes back.
        Raises DraftError if there is a key already (it is never replaced).
        """
        if read_key(self.key_path) is not None:
            raise DraftError(
                _("The draft key {path} is there; it is not replaced.").format(path=self.key_path),
                path=self.key_path,
            )
        create_key(self.key_path)

    # -- locks -----------------------------------------------------------------------

    def _lock_path(self, record_id: str) -> Path:
        return self.drafts_dir / f"{record_id}{draft_lock.LOCK_SUFFIX}"

    def lock(self, record_id: str) -> None:
        """Hold the lock of ``record_id``'s draft (nothing if this store holds it already).

        Raises DraftLockedError when another window or copy of the app has it open.
        """
        path = self.path_for(record_id)
        held = self._locks.get(record_id)
        if held is not None and held.held:
            return
        try:
            self.drafts_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            lock = draft_lock.acquire(self._lock_path(record_id))
        except OSError as exc:
            raise DraftError(
                _("The draft {path} could not be locked: {reason}.").format(
                    path=path, reason=reason(exc)
                ),
                path=path,
            ) from exc
        if lock is None:
            raise DraftLockedError(self._locked_message(path), path=path)
        self._locks[record_id] = lock

    def release(self, record_id: str) -> None:
        """Give up the lock of ``record_id``'s draft, if this store holds it."""
        lock = self._locks.pop(record_id, None)
        if lock is not None:
            lock.release()

    def holds(self, record_id: str) -> bool:
        lock = self._locks.get(record_id)
        return lock is not None and lock.held

    def _locked_elsewhere(self, record_id: str) -> bool:
        return not self.holds(record_id) and draft_lock.is_locked(self._lock_path(record_id))

    @staticmethod
    def _locked_message(path: Path) -> str:
        return _(
            "The unfinished consultation {path} is open in another window of decision-aid. "
            "Carry on there, or close it there first."
        ).format(path=path)

    # -- files -----------------------------------------------------------------------

    def path_for(self, record_id: str) -> Path:
        """Where the draft of ``record_id`` is kept."""
        if not _SAFE_ID.match(record_id):
            raise DraftError(
                _("The consultation id {id} cannot be used as a file name.").format(
                    id=repr(record_id[:200])
                )
            )
        return self.drafts_dir / f"{record_id}{SUFFIX}"

    def save(self, record: SessionRecord) -> Path:
        """Write the record's draft atomically; a finished record's draft is removed instead,
        unless the patient may still answer CollaboRATE at the kiosk for it (its answers
        are read into the draft: see :func:`~decision_aid.session.model.awaiting_kiosk`).

        Locks the draft first (DraftLockedError when it is open elsewhere). Returns the
        draft's path (for a finished record, where the draft was).
        """
        path = self.path_for(record.id)
        self.lock(record.id)
        if record.finished is not None and not awaiting_kiosk(record, datetime.now(UTC)):
            self.discard(record.id)
            return path
        key = self._key_for_saving(path)
        nonce = secrets.token_bytes(NONCE_SIZE)
        header = MAGIC + key_id(key)
        data = (
            header
            + nonce
            + self._cipher(key).encrypt(nonce, record.model_dump_json().encode(), header)
        )
        try:
            write_atomic(path, data, mode=0o600)
        except OSError as exc:
            raise DraftError(
                _(
                    "The consultation could not be saved to {path}: {reason}. The last saved "
                    "copy is unchanged. Free some disk space or fix the folder's permissions "
                    "so that the next save works."
                ).format(path=path, reason=reason(exc)),
                path=path,
            ) from exc
        index = DraftIndex(self.drafts_dir)
        self._remember(index, path, record, key)
        index.save()
        return path

    @staticmethod
    def _remember(index: DraftIndex, path: Path, record: SessionRecord, key: bytes) -> None:
        """Put what listing needs (no patient content) into the index, for the file as it is."""
        now = stamp(path)
        if now is None:
            index.forget(path)
            return
        pack = record.pack
        index.put(
            path,
            Entry(
                now,
                key_id(key).hex(),
                record.id,
                pack.id,
                pack.version,
                pack.language,
                record.step,
                record.started,
                record.updated,
            ),
        )

    def _decode(self, data: bytes, path: Path) -> SessionRecord:
        """The record in a draft's bytes; _DamageError or _KeptError when it cannot be opened."""
        from cryptography.exceptions import InvalidTag

        if data.startswith(MAGIC):
            if len(data) < HEADER_SIZE + NONCE_SIZE + TAG_SIZE:
                raise _DamageError(_("it is cut short"))
            header, rest = data[:HEADER_SIZE], data[HEADER_SIZE:]
            key = read_key(self.key_path)
            if key is None:
                raise _KeptError(self._key_missing(path), "key_missing")
            if key_id(key) != header[len(MAGIC) :]:
                raise _KeptError(
                    _(
                        "The draft {path} was saved with another draft key than {key}. It is "
                        "kept as it is, and offered again when that key is back."
                    ).format(path=path, key=self.key_path)
                )
            try:
                plain = self._cipher(key).decrypt(rest[:NONCE_SIZE], rest[NONCE_SIZE:], header)
            except InvalidTag:
                raise _DamageError(_("it is damaged or was changed outside decision-aid")) from None
        elif data.startswith(MAGIC_V1):
            if len(data) < len(MAGIC_V1) + NONCE_SIZE + TAG_SIZE:
                raise _DamageError(_("it is cut short"))
            key = read_key(self.key_path)
            if key is None:
                raise _KeptError(self._key_missing(path), "key_missing")
            rest = data[len(MAGIC_V1) :]
            try:
                plain = self._cipher(key).decrypt(rest[:NONCE_SIZE], rest[NONCE_SIZE:], MAGIC_V1)
            except InvalidTag:
                raise _KeptError(
                    _(
                        "The draft {path} cannot be opened with the draft key {key}: it was "
                        "saved with another key, or it is damaged. It is kept as it is."
                    ).format(path=path, key=self.key_path)
                ) from None
        elif len(data) < len(MAGIC):
            raise _DamageError(_("it is cut short"))
        else:
            raise _DamageError(_("it is not a decision-aid draft"))
        try:
            record = parse_session(plain)
        except SessionReadError:
            raise _DamageError(
                _("its contents are not a consultation this version can read")
            ) from None
        if path.name != f"{record.id}{SUFFIX}":
            raise _KeptError(
                _(
                    "The draft {path} holds the consultation {id}, so its name does not match: "
                    "it is a copy, or was renamed. It is kept as it is but not offered; "
                    "rename it to {name} to recover it, or remove it if it is a copy."
                ).format(path=path, id=record.id, name=f"{record.id}{SUFFIX}"),
                record=record,
            )
        return record

    def _key_missing(self, path: Path) -> str:
        return _(
            "The draft {path} cannot be opened now: the draft key {key} is missing. It is "
            "kept as it is, and offered again when the key is back."
        ).format(path=path, key=self.key_path)

    def _read(self, path: Path) -> SessionRecord:
        """Read and open a draft (no lock, nothing moved); DraftError or an internal error."""
        try:
            data = read_limited(path, MAX_DRAFT_BYTES)
        except NotAFileError as exc:
            raise DraftError(
                _("The draft {path} is a folder or a special file, not a draft.").format(path=path),
                path=path,
            ) from exc
        except FileTooLargeError as exc:
            raise _DamageError(
                _("it is {size} bytes, far more than a draft can be").format(size=exc.size)
            ) from exc
        except OSError as exc:
            raise DraftError(
                _("The draft {path} could not be read: {reason}.").format(
                    path=path, reason=reason(exc)
                ),
                path=path,
            ) from exc
        return self._decode(data, path)

    def _set_aside(self, path: Path) -> Path | None:
        """Rename a damaged draft to ``<name>.damaged`` (never overwriting); None if that fails."""
        target = path.with_name(path.name + DAMAGED_SUFFIX)
        number = 1
        while target.exists():
            number += 1
            target = path.with_name(f"{path.name}.{number}{DAMAGED_SUFFIX}")
        try:
            os.replace(path, target)
        except OSError:
            return None
        return target

    def _damaged(self, path: Path, damage: _DamageError) -> DraftError:
        kept = self._set_aside(path)
        if kept is not None:
            message = _(
                "The draft {path} cannot be opened: {reason}. It has been kept as {kept} "
                "and will not be offered again; the consultation needs to be started anew."
            ).format(path=path, reason=damage, kept=kept)
        else:
            message = _(
                "The draft {path} cannot be opened: {reason}. It could not be moved aside "
                "either; move or delete it yourself."
            ).format(path=path, reason=damage)
        return DraftError(message, path=path, kept_as=kept)

    def load(self, path: Path) -> SessionRecord:
        """Open a draft to recover it, and hold its lock (until :meth:`release`).

        Raises DraftLockedError when it is open elsewhere, and DraftError when it cannot
        be opened: a damaged one is renamed to ``.damaged``, any other is kept as it is.
        """
        record_id = path.name.removesuffix(SUFFIX)
        locked_here = self.holds(record_id)
        if not locked_here and _SAFE_ID.match(record_id):
            self.lock(record_id)
        try:
            record = self._read(path)
        except _DamageError as damage:
            if not locked_here:
                self.release(record_id)
            raise self._damaged(path, damage) from None
        except (_KeptError, DraftError) as exc:
            if not locked_here:
                self.release(record_id)
            if isinstance(exc, DraftError):
                raise
            raise DraftError(str(exc), path=path) from None
        audit_consultation("consultation.recovered", record)
        return record

    def unfinished(self) -> list[DraftInfo]:
        """Every draft, newest first, each with its state (see :class:`DraftInfo`).

        Drafts the index knows, unchanged since, are listed from it without being
        decrypted; the others are opened and checked, and the index renewed. Damaged ones
        are set aside and listed once. Raises DraftError only when the key itself cannot
        be used (see :mod:`decision_aid.session.draft_key`).
        """
        try:
            paths = sorted(self.drafts_dir.glob(f"*{SUFFIX}"))
        except OSError:
            paths = []
        index = DraftIndex(self.drafts_dir)
        keys: list[bytes | None] = []

        def current_key() -> bytes | None:
            if not keys:
                keys.append(read_key(self.key_path))
            return keys[0]

        found: list[DraftInfo] = []
        for path in paths:
            if not path.is_file():
                continue
            info = self._listed(path, index, current_key)
            if info is not None:
                found.append(info)
        index.keep_only({path.name for path in paths if path.is_file()})
        if paths or index.path.exists():
            index.save()
        found.sort(key=lambda info: (info.updated, info.id), reverse=True)
        return found

    def _listed(
        self, path: Path, index: DraftIndex, current_key: Callable[[], bytes | None]
    ) -> DraftInfo | None:
        """One draft for the list: from the index when it can be trusted, else opened."""
        record_id = path.name.removesuffix(SUFFIX)
        entry = index.trusted(path)
        if entry is not None and entry.id != record_id:
            index.forget(path)
            entry = None
        if self._locked_elsewhere(record_id):
            if entry is None:
                return self._locked_info(path, record_id)
            message = self._locked_message(path)
            return DraftInfo(path, record_id, entry.pack_id, entry.updated, message, "locked")
        if entry is not None:
            key = current_key()
            if key is None:
                message = self._key_missing(path)
                return DraftInfo(
                    path, record_id, entry.pack_id, entry.updated, message, "key_missing"
                )
            if key_id(key).hex() == entry.key_id:
                return DraftInfo(path, record_id, entry.pack_id, entry.updated)
            index.forget(path)  # saved with another key: opened below, for the exact reason
        info, record = self._inspect(path)
        if record is not None:
            key = current_key()
            if key is not None:
                self._remember(index, path, record, key)
        else:
            index.forget(path)
        return info

    def _inspect(self, path: Path) -> tuple[DraftInfo | None, SessionRecord | None]:
        """A draft opened and checked: its listing, and its record when it can be recovered."""
        record_id = path.name.removesuffix(SUFFIX)
        try:
            record = self._read(path)
        except _DamageError as damage:
            error = self._damaged(path, damage)
            where = error.kept_as or path
            return DraftInfo(where, record_id, None, _mtime(where), str(error), "damaged"), None
        except _KeptError as kept:
            inside = kept.record
            pack_id = inside.pack.id if inside else None
            updated = inside.updated if inside else _mtime(path)
            return DraftInfo(path, record_id, pack_id, updated, str(kept), kept.state), None
        except DraftError as exc:
            if exc.path == self.key_path:
                raise
            if not path.exists():
                return None, None  # removed meanwhile (finished in another window)
            return DraftInfo(path, record_id, None, _mtime(path), str(exc), "kept"), None
        if record.finished is not None and not awaiting_kiosk(record, datetime.now(UTC)):
            with contextlib.suppress(OSError):
                path.unlink()
            return None, None
        return DraftInfo(path, record.id, record.pack.id, record.updated), record

    def _locked_info(self, path: Path, record_id: str) -> DraftInfo:
        """A draft open elsewhere: read only to name its pack; nothing is moved."""
        try:
            record: SessionRecord | None = self._read(path)
        except (_DamageError, _KeptError, DraftError):
            record = None
        return DraftInfo(
            path,
            record_id,
            record.pack.id if record else None,
            record.updated if record else _mtime(path),
            self._locked_message(path),
            "locked",
        )

    def discard(self, draft: DraftInfo | str) -> None:
        """Remove a draft: exactly the file listed (a DraftInfo), or a record's own draft.

        Refused (DraftLockedError) while it is open in another window.
        """
        if isinstance(draft, DraftInfo):
            path, record_id = draft.path, draft.id
        else:
            path, record_id = self.path_for(draft), draft
        if _SAFE_ID.match(record_id) and self._locked_elsewhere(record_id):
            raise DraftLockedError(self._locked_message(path), path=path)
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise DraftError(
                _("The draft {path} could not be removed: {reason}.").format(
                    path=path, reason=reason(exc)
                ),
                path=path,
            ) from exc
        index = DraftIndex(self.drafts_dir)
        index.forget(path)
        index.save()
        if path == self.drafts_dir / f"{record_id}{SUFFIX}":
            if self.holds(record_id):
                self.release(record_id)
            else:  # a lock file a crashed process left: removed with its draft
                with contextlib.suppress(OSError):
                    stale = draft_lock.acquire(self._lock_path(record_id))
                    if stale is not None:
                        stale.release()
