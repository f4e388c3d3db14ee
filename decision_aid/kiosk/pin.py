"""The staff PIN that lets staff leave the kiosk, and the lock-out after wrong PINs.

The PIN is stored in the settings as a scrypt hash (``cryptography``'s Scrypt KDF) with
its salt and parameters, never as the PIN; it is checked by deriving the hash again and
comparing in constant time.

After ``FREE_TRIES`` wrong PINs in a row, each further try must wait: 30 seconds after the
fifth, then twice as long after each more (1, 2, 4 ... minutes), at most an hour. While the
wait runs, a PIN is not even checked. A right PIN ends the count. The count and the end
of the wait are kept in a small state file (``kiosk-pin.json`` in the user's state folder),
so restarting the kiosk does not reset them; a state file that cannot be read counts as
``FREE_TRIES`` wrong PINs (a wait, never a way round it).
"""

from __future__ import annotations

import contextlib
import hmac
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from decision_aid.atomic import write_atomic
from decision_aid.i18n import _
from decision_aid.settings import PinHash

FREE_TRIES = 5
"""Wrong PINs allowed in a row before the waits begin."""
FIRST_WAIT = 30.0
"""Seconds to wait after the FREE_TRIES-th wrong PIN; doubled after each more."""
LONGEST_WAIT = 3600.0
MIN_PIN = 6
MAX_PIN = 20
SCRYPT_N = 2**15
"""scrypt's cost (32 MiB of memory, about a tenth of a second): a PIN is short, so every
guess must be slow."""
SCRYPT_R = 8
SCRYPT_P = 1
HASH_BYTES = 32
SALT_BYTES = 16
MAX_STATE_BYTES = 4096


class PinError(ValueError):
    """A PIN that cannot be set (too short, not digits); the message says what is needed."""


def check_new_pin(pin: str) -> str:
    """``pin`` when it can be a staff PIN: MIN_PIN to MAX_PIN digits 0-9."""
    if not (pin.isascii() and pin.isdigit()):
        raise PinError(_("A staff PIN is made of the digits 0 to 9 only."))
    if not MIN_PIN <= len(pin) <= MAX_PIN:
        raise PinError(
            _("A staff PIN has {least} to {most} digits; this one has {count}.").format(
                least=MIN_PIN, most=MAX_PIN, count=len(pin)
            )
        )
    return pin


def _derive(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=HASH_BYTES, n=n, r=r, p=p).derive(pin.encode("ascii"))


def hash_pin(pin: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> PinHash:
    """The stored form of a new PIN (checked first: PinError when it cannot be one)."""
    check_new_pin(pin)
    salt = secrets.token_bytes(SALT_BYTES)
    return PinHash(salt=salt, n=n, r=r, p=p, hash=_derive(pin, salt, n, r, p))


def pin_matches(pin: str, stored: PinHash) -> bool:
    """Whether ``pin`` is the PIN ``stored`` was made from (constant-time comparison)."""
    if not (pin.isascii() and 0 < len(pin) <= MAX_PIN):
        return False
    derived = _derive(pin, stored.salt, stored.n, stored.r, stored.p)
    return hmac.compare_digest(derived, stored.hash)


def state_path() -> Path:
    from decision_aid.paths import state_dir

    return state_dir() / "kiosk-pin.json"


@dataclass(frozen=True)
class Attempt:
    """What a PIN try came to."""

    accepted: bool
    wait: float = 0.0
    """Seconds before the next try is checked (0: at once)."""
    failures: int = 0
    """Wrong PINs in a row so far."""


def wait_after(failures: int) -> float:
    """Seconds to wait after ``failures`` wrong PINs in a row."""
    if failures < FREE_TRIES:
        return 0.0
    return min(LONGEST_WAIT, FIRST_WAIT * 2.0 ** min(failures - FREE_TRIES, 16))


class PinGuard:
    """Checks PINs against ``stored``, counting wrong ones in the state file at ``path``.

    ``clock`` gives the time in seconds (``time.time`` unless a test injects one)."""

    def __init__(self, stored: PinHash | None, path: Path, clock: Callable[[], float]) -> None:
        self.stored = stored
        self.path = path
        self.clock = clock

    def _load(self) -> tuple[int, float]:
        """(wrong PINs in a row, when the wait ends); FREE_TRIES and a fresh wait when the
        file cannot be read."""
        from decision_aid.session.files import read_limited

        try:
            data = json.loads(read_limited(self.path, MAX_STATE_BYTES).decode("utf-8"))
            failures, until = data["failures"], data["until"]
            if isinstance(failures, int) and isinstance(until, int | float) and failures >= 0:
                return failures, float(until)
        except FileNotFoundError:
            return 0, 0.0
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return FREE_TRIES, self.clock() + wait_after(FREE_TRIES)

    def _save(self, failures: int, until: float) -> None:
        """Keep the count; a state file that cannot be written changes no answer."""
        text = json.dumps({"failures": failures, "until": until})
        with contextlib.suppress(OSError):
            write_atomic(self.path, text.encode("utf-8"), 0o600)

    def wait_left(self) -> float:
        """Seconds before a PIN is checked again (0: now)."""
        _failures, until = self._load()
        return max(0.0, until - self.clock())

    def attempt(self, pin: str) -> Attempt:
        """Check ``pin``: accepted, or refused with the wait before the next try.

        With no PIN set, nothing is accepted. During a wait, the PIN is not checked and
        the try does not count."""
        failures, until = self._load()
        now = self.clock()
        if now < until:
            return Attempt(False, until - now, failures)
        if self.stored is not None and pin_matches(pin, self.stored):
            if failures or until:
                self._save(0, 0.0)
            return Attempt(True)
        failures += 1
        wait = wait_after(failures)
        self._save(failures, now + wait)
        return Attempt(False, wait, failures)

    def reset(self) -> None:
        """Forget wrong PINs (a new PIN was set)."""
        self._save(0, 0.0)
