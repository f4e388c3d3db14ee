"""What the signature check found about one pack: its trust, in data and in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from decision_aid.i18n import _, translate

Status = Literal["publisher", "example", "untrusted", "unsigned"]


@dataclass(frozen=True)
class PackTrust:
    """A pack's trust.

    - ``publisher``: signed by at least its threshold of a trusted publisher's keys, every
      file as signed;
    - ``example``: signed with the project's example-content key, every file as signed;
      trusted as example content only;
    - ``untrusted``: signed, but not by enough keys this computer trusts (its files were
      not checked, since nobody trusted vouches for them);
    - ``unsigned``: no signature.
    """

    status: Status
    publisher: str = ""
    """The publisher's name (the example key's is translated when shown)."""
    signers: tuple[str, ...] = ()
    """Key ids: those whose signatures verified, or for ``untrusted`` the keys not trusted."""
    threshold: int = 0
    version: str | None = None
    """The version the manifest signs."""
    signed_at: datetime | None = None
    expires: date | None = None
    """The manifest's own expiry."""
    files: int = 0
    """Files checked against the manifest."""
    note: str = ""
    """For ``untrusted``: why, in plain words."""

    @property
    def verified(self) -> bool:
        """Signed by someone trusted, and every file as signed."""
        return self.status in ("publisher", "example")

    def frozen(self, today: date) -> bool:
        """Whether the manifest has expired (a stale copy, maybe held back on purpose)."""
        return self.expires is not None and self.expires < today

    def publisher_name(self) -> str:
        return translate(self.publisher) if self.status == "example" else self.publisher

    def summary(self) -> str:
        """One short phrase for the library's status column and the command line."""
        if self.status == "publisher":
            return _("Signed by {publisher}").format(publisher=self.publisher)
        if self.status == "example":
            return _("Signed as example content by {publisher}").format(
                publisher=self.publisher_name()
            )
        if self.status == "untrusted":
            return _("Unverified content: signed by a key this computer does not trust")
        return _("Unverified content: not signed")

    def explanation(self) -> str:
        """What the trust means for the person about to use the pack."""
        if self.status == "publisher":
            return _(
                "Every file is exactly as {publisher} signed it, with {count} of their keys."
            ).format(publisher=self.publisher, count=len(self.signers))
        if self.status == "example":
            return _(
                "Every file is exactly as the project signed it, as example content. The "
                "example-content key never vouches for a clinical review."
            )
        reason = self.note or _("Nobody this computer trusts has signed this pack.")
        return " ".join(
            [
                reason,
                _(
                    "Its content may have been changed by anyone. Check where it came from "
                    "before using it with a patient; a clinic trusts a publisher in its "
                    "settings ('pack_publishers')."
                ),
            ]
        )


UNSIGNED = PackTrust("unsigned")
