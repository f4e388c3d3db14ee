"""Plain words for what verifying found, shared by ``report verify`` and the Verify dialog."""

from __future__ import annotations

from decision_aid.i18n import N_, _
from decision_aid.report.verify.result import (
    Change,
    ChangeKind,
    Changes,
    Coverage,
    Kind,
    SignatureCheck,
    VerifyResult,
)

PROVENANCE_LABELS = {
    "pack": N_("Pack"),
    "version": N_("Version"),
    "hash": N_("Content hash"),
    "published": N_("Published"),
    "review_due": N_("Review due"),
    "session": N_("Session"),
}
"""Labels of the provenance keys (``provenance.KEYS``), in display order; translate on use."""


def role_text(check: SignatureCheck, index: int) -> str:
    """What the signature is: the record's own, a later signature, or a time-stamp."""
    if check.kind is Kind.TIMESTAMP:
        return _("a document time-stamp")
    if index == 0:
        return _("the record's signature")
    return _("a later signature")


def validity_text(check: SignatureCheck) -> str:
    if check.error is not None:
        return _("NOT valid: it could not be checked ({reason})").format(reason=check.error)
    if not check.intact:
        return _("NOT valid: changed after signing")
    if not check.valid:
        return _("NOT valid: the signature does not match the certificate")
    return _("valid")


def coverage_text(check: SignatureCheck) -> str:
    if check.coverage is Coverage.WHOLE_FILE:
        return _("the whole file")
    if check.coverage is Coverage.REVISION:
        return _("the file as it was signed; more was added after it")
    return _("only part of the file")


def changes_text(check: SignatureCheck) -> str:
    """What followed the signature, by the difference analysis."""
    return {
        Changes.NONE: _("none"),
        Changes.ARCHIVAL: _("document time-stamps or validation data only (allowed)"),
        Changes.FORM_FILLING: _("NOT allowed: form fields filled in, or signed again"),
        Changes.ANNOTATIONS: _("NOT allowed: annotations added or changed"),
        Changes.OTHER: _("NOT allowed: content, pages or metadata changed"),
        Changes.UNKNOWN: _("could not be analysed"),
    }[check.changes]


def certification_text(check: SignatureCheck) -> str:
    """The DocMDP permission the signature certifies with, and whether what followed kept it."""
    if check.certification == 1:
        text = _("certified: no changes allowed")
    elif check.certification == 2:
        text = _("certified: form filling and signing allowed")
    elif check.certification == 3:
        text = _("certified: form filling, signing and comments allowed")
    else:
        return _("not certified")
    if check.docmdp_ok is True:
        return text + "; " + _("kept")
    if check.docmdp_ok is False:
        return text + "; " + _("NOT kept: the file was changed against it")
    return text


def trust_text(check: SignatureCheck) -> str:
    answer = _("yes") if check.trusted else _("no")
    if check.long_term:
        answer += " " + _("(through the archive time-stamps: the certificate has expired)")
    if check.self_signed:
        answer += " " + _("(self-signed pilot certificate)")
    return answer


def change_sentence(change: Change, *, after_a_change: bool = False) -> str:
    """One change after signing, as a sentence; ``after_a_change`` for a re-signature that
    follows another change."""
    page = change.page
    who = change.who or _("an unnamed signer")
    if change.kind is ChangeKind.SIGNED_AGAIN:
        if after_a_change:
            return _(
                "The record was signed again after that change, by {who}: a later "
                "signature does not make a change good."
            ).format(who=who)
        return _(
            "The record was signed again after it was signed, by {who}. A signed record is "
            "final, so this counts as a change."
        ).format(who=who)
    sentences = {
        ChangeKind.CONTENT: _("The content of page {page} was changed after signing."),
        ChangeKind.PAGE_ADDED: _("A page was added after signing (page {page})."),
        ChangeKind.PAGE_REMOVED: _("A page was removed after signing (from page {page} on)."),
        ChangeKind.ANNOTATION_ADDED: _(
            "An annotation (a note, mark or form field) was added to page {page} after signing."
        ),
        ChangeKind.ANNOTATION_CHANGED: _(
            "An annotation on page {page} was changed or removed after signing."
        ),
        ChangeKind.INFO: _(
            "The document information (title, author, subject or keywords) was changed "
            "after signing."
        ),
        ChangeKind.XMP: _(
            "The XMP metadata (the record's description and provenance) was changed after signing."
        ),
        ChangeKind.APPENDED: _(
            "Data that is not part of the document was added to the end of the file after signing."
        ),
        ChangeKind.OTHER: _("Other parts of the file were changed after signing."),
    }
    return sentences[change.kind].format(page=page)


def change_sentences(result: VerifyResult) -> list[str]:
    """Every change after signing, in order; a re-signature says whether it followed one."""
    changed = any(c.kind is not ChangeKind.SIGNED_AGAIN for c in result.changes)
    return [change_sentence(c, after_a_change=changed) for c in result.changes]


def reason(result: VerifyResult) -> str:
    """Why the verdict is what it is, in one sentence (after 'OK:' or 'NOT OK:')."""
    first = result.record_signature
    if first is None:
        return _("the record is not signed, so changes to it cannot be detected.")
    if first.kind is not Kind.SIGNATURE:
        return _("the file's first signature is a time-stamp, not the clinic's signature.")
    if not first.sound:
        return _("the record's signature does not verify; the file is damaged or was changed.")
    if not result.sound:
        if result.changes or first.changes not in (Changes.NONE, Changes.ARCHIVAL):
            return _("the record was changed after it was signed.")
        return _("a signature or time-stamp added later does not verify.")
    if result.untrusted_refused:
        return _("the signer's certificate is not trusted by the trust roots that are set.")
    if first.coverage is Coverage.WHOLE_FILE:
        return _("the record is intact and signed, and nothing was added after the signature.")
    return _(
        "the record is intact and signed; only time-stamps or validation data were added "
        "after the signature."
    )
