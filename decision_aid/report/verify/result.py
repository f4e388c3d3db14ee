"""What verifying a record found: each signature's check, what changed, and the verdict.

The verdict is :attr:`VerifyResult.ok`. A record is sound (:attr:`VerifyResult.sound`)
only when its first signature, the clinic's, is intact and valid, covers the record as
it was signed, and everything after it is an allowed addition for long-term archiving
(document time-stamps, validation data). It is OK when it is sound and, if trust roots
are set, the clinic's certificate is trusted by them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Kind(StrEnum):
    SIGNATURE = "signature"
    """A person's or an organisation's signature (/Sig)."""
    TIMESTAMP = "timestamp"
    """A document time-stamp from a time-stamp server (/DocTimeStamp)."""


class Coverage(StrEnum):
    WHOLE_FILE = "whole_file"
    """The signature covers every byte of the file."""
    REVISION = "revision"
    """It covers the file as it was when signed; more was appended after it."""
    PART = "part"
    """It covers only part of a revision: nothing it covers can be relied on."""


class Changes(StrEnum):
    """What followed a signature, from pyHanko's difference analysis under the verify policy."""

    NONE = "none"
    """Nothing: the signature covers the whole file."""
    ARCHIVAL = "archival"
    """Document time-stamps and validation data (DSS) only, with their bookkeeping."""
    FORM_FILLING = "form_filling"
    """Form fields filled in or further signatures."""
    ANNOTATIONS = "annotations"
    """Annotations (comments) as well."""
    OTHER = "other"
    """Anything else: content, pages, metadata ..."""
    UNKNOWN = "unknown"
    """The analysis could not be made."""


ALLOWED_CHANGES = frozenset({Changes.NONE, Changes.ARCHIVAL})


class ChangeKind(StrEnum):
    CONTENT = "content"
    PAGE_ADDED = "page_added"
    PAGE_REMOVED = "page_removed"
    ANNOTATION_ADDED = "annotation_added"
    ANNOTATION_CHANGED = "annotation_changed"
    INFO = "info"
    XMP = "xmp"
    SIGNED_AGAIN = "signed_again"
    APPENDED = "appended"
    """Bytes after the last revision that belong to no revision."""
    OTHER = "other"


@dataclass(frozen=True)
class Change:
    """One thing that changed after the record was signed."""

    kind: ChangeKind
    page: int | None = None  # 1-based, for changes on a page
    who: str | None = None  # the signer, for SIGNED_AGAIN


@dataclass
class SignatureCheck:
    """One signature or document time-stamp in the file, as checked."""

    field_name: str
    kind: Kind
    revision: int
    """The file revision it signed (0 is the first)."""
    signer: str | None = None
    """The certificate's common name (for a time-stamp, the time-stamp server's)."""
    signing_time: datetime | None = None
    """As the signer reported it (for a time-stamp, the server's time)."""
    timestamp: datetime | None = None
    """From a time-stamp server (B-T), when there is one."""
    intact: bool = False
    """The signed bytes are unchanged (their digest matches)."""
    valid: bool = False
    """The signature was made with the certificate's key over those bytes."""
    trusted: bool = False
    long_term: bool = False
    """Trusted through the record's archive time-stamps and validation data, the signer's
    certificate being no longer valid (PAdES B-LTA)."""
    self_signed: bool = False
    not_after: datetime | None = None
    """When the certificate expires."""
    coverage: Coverage = Coverage.PART
    changes: Changes = Changes.UNKNOWN
    certification: int | None = None
    """The DocMDP permission when the signature certifies the document (1: no changes)."""
    docmdp_ok: bool | None = None
    """Whether what followed is within the certification's permission (None: not certified)."""
    error: str | None = None
    """Why it could not be checked at all."""

    @property
    def sound(self) -> bool:
        """Checked, intact and valid."""
        return self.error is None and self.intact and self.valid


@dataclass
class VerifyResult:
    signatures: list[SignatureCheck] = field(default_factory=list)
    """Every signature and document time-stamp, in signing order."""
    changes: list[Change] = field(default_factory=list)
    """What changed after the first signature that is not an allowed addition."""
    provenance: dict[str, str] = field(default_factory=dict)
    """From the revision the first signature signed (the latest one when unsigned)."""
    problems: list[str] = field(default_factory=list)
    """Plain sentences, for people."""
    roots_set: bool = False
    """Trust roots were given (whether or not they could be read)."""
    trust_required: bool = False
    """The clinic's certificate must be trusted by the roots (the default when they are set)."""

    @property
    def signed(self) -> bool:
        return bool(self.signatures)

    @property
    def record_signature(self) -> SignatureCheck | None:
        """The first signature: the one the record was made with."""
        return self.signatures[0] if self.signatures else None

    @property
    def later(self) -> list[SignatureCheck]:
        return self.signatures[1:]

    # the record signature's facts, for a short display
    @property
    def signer(self) -> str | None:
        first = self.record_signature
        return first.signer if first else None

    @property
    def signing_time(self) -> datetime | None:
        first = self.record_signature
        return first.signing_time if first else None

    @property
    def timestamp(self) -> datetime | None:
        first = self.record_signature
        return first.timestamp if first else None

    @property
    def intact(self) -> bool:
        first = self.record_signature
        return bool(first and first.error is None and first.intact)

    @property
    def valid(self) -> bool:
        first = self.record_signature
        return bool(first and first.sound)

    @property
    def whole_file(self) -> bool:
        first = self.record_signature
        return bool(first and first.coverage is Coverage.WHOLE_FILE)

    @property
    def trusted(self) -> bool:
        first = self.record_signature
        return bool(first and first.trusted)

    @property
    def self_signed(self) -> bool:
        first = self.record_signature
        return bool(first and first.self_signed)

    @property
    def sound(self) -> bool:
        """Signed by a person first, unchanged since but for allowed additions."""
        first = self.record_signature
        if first is None or first.kind is not Kind.SIGNATURE or not first.sound:
            return False
        if first.coverage is Coverage.PART or first.changes not in ALLOWED_CHANGES:
            return False
        if first.docmdp_ok is False or self.changes:
            return False
        return all(later.kind is Kind.TIMESTAMP and later.sound for later in self.later)

    @property
    def untrusted_refused(self) -> bool:
        """Sound, but trust roots are set and the clinic's certificate is not trusted."""
        return self.sound and self.trust_required and not self.trusted

    @property
    def ok(self) -> bool:
        """The verdict: sound and, when trust roots are set, trusted."""
        return self.sound and (self.trusted or not self.trust_required)
