"""CollaboRATE answered privately at the kiosk after the consultation, tied to it by a code.

CollaboRATE asks the patient how much effort the clinician made to involve them, so the
patient answers where the clinician cannot watch. At the kiosk it goes like this:

1. In the consultation, "Answer on the kiosk" gives a code (:func:`give_code`): a new code
   of the hand-over kind (:mod:`decision_aid.kiosk.codes`), never used in the spool yet,
   and the empty file ``<CODE>.collaborate-wait`` in the spool. The consultation keeps the
   code (``SessionRecord.collaborate.kiosk``), so it survives saving and recovery.
2. At the kiosk, "I have seen my clinician": the patient enters the code, the kiosk asks
   the spool whether it waits for answers (:func:`code_state`), and the patient answers
   the three items, one per screen.
3. The kiosk seals :class:`KioskAnswers` to the clinic's public key (as a hand-over is
   sealed, with the magic ``DA-CRATE``; see :mod:`decision_aid.kiosk.sealing`) into
   ``<CODE>.collaborate`` (:func:`put_answers`), atomically and never over another
   file, and removes the waiting file. It cannot read the answers back.
4. The consultation that gave the code (open, recovered from its draft, or found by
   "Open from kiosk…" with the code) reads them with the clinic's private key
   (:func:`open_answers`), fills its CollaboRATE items, marked as answered at the kiosk,
   and once that is saved shreds the file (:func:`remove_answers`).

Sealed answers expire, and are shredded unread, as hand-overs do (see
:mod:`decision_aid.kiosk.spool`); so does a code that waited that long for answers.
What is sealed is the three answers and when they were given: nothing about the patient,
the clinician, the consultation or its topic.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

from decision_aid.atomic import write_new_atomic
from decision_aid.i18n import _
from decision_aid.kiosk.codes import spaced
from decision_aid.kiosk.handover import (
    DamagedError,
    ExpiredError,
    HandoverError,
    UnknownCodeError,
    WrongKeyError,
    wrong_key_message,
)
from decision_aid.kiosk.sealing import (
    MAX_FILE_BYTES,
    SealError,
    open_bytes,
    padded,
    seal_bytes,
)
from decision_aid.kiosk.spool import (
    ANSWERS,
    ANSWERS_EXPIRED,
    ANSWERS_OPENED,
    WAITING,
    Spool,
    shred,
)
from decision_aid.session.model import Timestamp

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )

MAGIC = b"DA-CRATE"
"""The first bytes of sealed CollaboRATE answers."""
ITEMS = ("explained", "listened", "included")
"""The CollaboRATE items, in the instrument's order (as in the session record)."""

Answer = Annotated[StrictInt, Field(ge=0, le=9)] | None
CodeState = Literal["waiting", "answered", "expired", "unknown"]


class KioskAnswers(BaseModel):
    """What the kiosk seals: the three answers (0 to 9, None when left out) and when."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    format_version: Literal[1] = 1
    answered: Timestamp
    """When the patient finished at the kiosk (the kiosk's clock)."""
    explained: Answer = None
    listened: Answer = None
    included: Answer = None

    def items(self) -> dict[str, int | None]:
        return {item: getattr(self, item) for item in ITEMS}

    def any_answered(self) -> bool:
        return any(value is not None for value in self.items().values())


class AnsweredError(HandoverError):
    """The code's questions were answered already (the answers wait, or were read)."""


class NotAnsweredError(HandoverError):
    """The code still waits for the patient's answers."""


@dataclass(frozen=True)
class OpenedAnswers:
    """Answers decrypted and validated; their file is still in the spool."""

    code: str
    path: Path
    answers: KioskAnswers


# -- the consultation gives a code ---------------------------------------------------------


def give_code(spool: Spool) -> str:
    """A new code waiting for answers (the empty ``<CODE>.collaborate-wait``); HandoverError
    naming the folder when it cannot be written."""
    spool.sweep()
    for _attempt in range(5):
        code = spool.new_code()
        try:
            write_new_atomic(spool.path(code, WAITING), b"", 0o600)
        except FileExistsError:
            continue
        except OSError as exc:
            raise HandoverError(
                _(
                    "The kiosk code could not be written into {path} ({reason}). Check that "
                    "the folder is connected, writable and not full."
                ).format(path=spool.folder, reason=exc.strerror or exc)
            ) from exc
        with contextlib.suppress(OSError):
            now = spool.clock().timestamp()
            os.utime(spool.path(code, WAITING), (now, now))
        return code
    raise HandoverError(
        _("No free kiosk code was found in {path}; remove old files from the folder.").format(
            path=spool.folder
        )
    )


def is_answers_code(spool: Spool, code: str) -> bool:
    """True when ``code`` was given for CollaboRATE answers (not a hand-over's code)."""
    kinds = (ANSWERS, WAITING, ANSWERS_EXPIRED, ANSWERS_OPENED)
    return any(os.path.lexists(spool.path(code, s)) for s in kinds)


# -- the kiosk -------------------------------------------------------------------------------


def code_state(spool: Spool, code: str) -> CodeState:
    """Whether ``code`` waits for answers at the kiosk (after a sweep); HandoverError when
    the folder is missing."""
    spool.sweep()
    if any(os.path.lexists(spool.path(code, s)) for s in (ANSWERS, ANSWERS_OPENED)):
        return "answered"
    if os.path.lexists(spool.path(code, WAITING)):
        return "waiting"
    if os.path.lexists(spool.path(code, ANSWERS_EXPIRED)):
        return "expired"
    return "unknown"


def answers_bytes(answers: KioskAnswers) -> bytes:
    return padded(answers.model_dump_json().encode("utf-8"))


def put_answers(
    spool: Spool, code: str, answers: KioskAnswers, public_key: X25519PublicKey
) -> None:
    """Seal ``answers`` under ``code`` into the spool, then drop the waiting file.

    AnsweredError, ExpiredError or UnknownCodeError when the code does not wait for
    answers; HandoverError naming the folder when it cannot be written.
    """
    state = code_state(spool, code)
    if state == "answered":
        raise AnsweredError(_("The questions for this code were answered already."))
    if state == "expired":
        raise ExpiredError(_("The code has expired."))
    if state == "unknown":
        raise UnknownCodeError(_("No consultation gave this code."))
    sealed = spool.clock()
    data = seal_bytes(answers_bytes(answers), public_key, code, sealed, MAGIC)
    try:
        write_new_atomic(spool.path(code, ANSWERS), data, 0o600)
    except FileExistsError:
        raise AnsweredError(_("The questions for this code were answered already.")) from None
    except OSError as exc:
        raise HandoverError(
            _(
                "The answers could not be written into {path} ({reason}). Check that the "
                "folder is connected, writable and not full."
            ).format(path=spool.folder, reason=exc.strerror or exc)
        ) from exc
    with contextlib.suppress(OSError):
        # Kept from the time it was sealed, by the spool's clock.
        os.utime(spool.path(code, ANSWERS), (sealed.timestamp(), sealed.timestamp()))
        spool.path(code, WAITING).unlink()


# -- the consultation reads them -------------------------------------------------------------


def answers_waiting(spool: Spool, code: str) -> bool:
    """True when the patient's sealed answers for ``code`` are in the spool (no key needed,
    nothing read); False too when the folder cannot be reached."""
    return os.path.lexists(spool.path(code, ANSWERS))


def open_answers(
    spool: Spool, code: str, private_key: X25519PrivateKey, key_path: Path
) -> OpenedAnswers:
    """The answers sealed under ``code``, decrypted and validated. The file stays until
    :func:`remove_answers`; on any error it stays untouched."""
    from decision_aid.session.files import FileTooLargeError, NotAFileError, read_limited

    spool.sweep()
    path = spool.path(code, ANSWERS)
    try:
        data = read_limited(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise _missing(spool, code) from None
    except (NotAFileError, FileTooLargeError) as exc:
        raise DamagedError(
            _(
                "{path}: not answers from the kiosk (a folder, a special file, or far too "
                "large). It is left alone; ask the clinic's IT admin to remove it."
            ).format(path=path)
        ) from exc
    except OSError as exc:
        raise HandoverError(
            _("{path} could not be read ({reason}); check the folder's permissions.").format(
                path=path, reason=exc.strerror or exc
            )
        ) from exc
    try:
        _header, plain = open_bytes(data, private_key, code, MAGIC)
    except SealError as error:
        if error.kind == "key":
            raise WrongKeyError(
                wrong_key_message(path, error.detail, key_path, private_key)
            ) from None
        raise DamagedError(_problem(error, path)) from None
    return OpenedAnswers(code, path, _answers(plain, path))


def _problem(error: SealError, path: Path) -> str:
    if error.kind == "not_sealed":
        return _(
            "{path}: not CollaboRATE answers from the kiosk (its first bytes are not their "
            "header, or it is cut short). It is kept as it is for the clinic's IT admin."
        ).format(path=path)
    if error.kind == "format":
        return _(
            "{path}: made in format {version}, which this version of decision-aid cannot "
            "read. It is kept as it is; update decision-aid on this computer to read it."
        ).format(path=path, version=error.detail)
    return _(
        "{path}: the answers were changed after they were sealed, so they are not read. "
        "The file is kept as it is for the clinic's IT admin."
    ).format(path=path)


def _answers(plain: bytes, path: Path) -> KioskAnswers:
    from decision_aid.session.reading import schema_problems

    problem: str | None = None
    try:
        data = json.loads(plain.decode("utf-8"))
        return KioskAnswers.model_validate(data)
    except ValidationError as exc:
        problem = schema_problems(exc)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        problem = str(exc)[:200]
    raise DamagedError(
        _(
            "{path}: the answers opened, but what they hold is not valid ({problem}). The "
            "file is kept as it is; tell the clinic's IT admin."
        ).format(path=path, problem=problem)
    )


def _missing(spool: Spool, code: str) -> HandoverError:
    shown = spaced(code)
    if os.path.lexists(spool.path(code, WAITING)):
        return NotAnsweredError(
            _(
                "The patient has not answered at the kiosk with the code {code} yet. Their "
                "answers are read in when they have."
            ).format(code=shown)
        )
    if os.path.lexists(spool.path(code, ANSWERS_EXPIRED)):
        hours = int(spool.keep.total_seconds() // 3600)
        return ExpiredError(
            _(
                "The code {code} has expired: the patient did not answer at the kiosk within "
                "{hours} hours, or their answers waited that long unread and were shredded."
            ).format(code=shown, hours=hours)
        )
    if os.path.lexists(spool.path(code, ANSWERS_OPENED)):
        return AnsweredError(
            _(
                "The answers for the code {code} were read already, into the consultation "
                "that gave it."
            ).format(code=shown)
        )
    return UnknownCodeError(
        _(
            "There are no answers from the kiosk with the code {code} in {folder}. Check the "
            "code, and that this computer's 'kiosk_spool' setting names the same folder as "
            "the kiosk's."
        ).format(code=shown, folder=spool.folder)
    )


def remove_answers(spool: Spool, opened: OpenedAnswers) -> None:
    """Shred the answers' file and leave ``<CODE>.collaborate-opened``; HandoverError when
    it cannot be removed (it then expires as any other)."""
    try:
        shred(opened.path)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise HandoverError(
            _(
                "{path} could not be removed after reading ({reason}); it will be shredded "
                "when it expires. Check the folder's permissions."
            ).format(path=opened.path, reason=exc.strerror or exc)
        ) from exc
    with contextlib.suppress(OSError):
        spool.mark(opened.code, ANSWERS_OPENED)
