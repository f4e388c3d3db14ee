"""Verifying a signed record (``report verify`` and the Verify dialog).

:func:`verify_pdf` checks every signature and document time-stamp with pyHanko, runs its
difference analysis under a policy that holds the metadata still (:mod:`.policy`), says
in plain words what changed after the record was signed (:mod:`.changes`), and reads the
provenance from the revision the record's signature covers. The verdict is
:attr:`VerifyResult.ok`; :mod:`.words` has the sentences both front ends show.
"""

from decision_aid.report.verify.check import verify_pdf
from decision_aid.report.verify.result import (
    Change,
    ChangeKind,
    Changes,
    Coverage,
    Kind,
    SignatureCheck,
    VerifyResult,
)

__all__ = [
    "Change",
    "ChangeKind",
    "Changes",
    "Coverage",
    "Kind",
    "SignatureCheck",
    "VerifyResult",
    "verify_pdf",
]
