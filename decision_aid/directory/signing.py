"""Sign a community directory with a publisher's key: the packs' own signing
(:func:`decision_aid.content.trust.sign.sign_content`), with a manifest of the directory
kind. The directory must be valid; the example-content key signs example data only."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from decision_aid.content.source import PackSource
from decision_aid.content.trust.keys import SigningKey
from decision_aid.content.trust.sign import Signed, SignError, Subject, sign_content
from decision_aid.content.trust.verify import BytesSource
from decision_aid.directory.load import read_directory
from decision_aid.i18n import _


def sign_directory(
    path: Path,
    key: SigningKey,
    *,
    expires: date | None = None,
    now: datetime | None = None,
) -> Signed:
    """Sign the directory at ``path``; SignError (nothing written) when it is invalid, the
    expiry is not allowed, or the files cannot be written."""
    moment = now or datetime.now()

    def subject(source: PackSource, data: dict[str, bytes]) -> Subject:
        directory, problems = read_directory(BytesSource(source, data), moment.date())
        if problems or directory is None:
            raise SignError(
                _("The directory is not valid, so it is not signed. Fix these problems first:")
                + "".join(f"\n  {problem}" for problem in problems)
            )
        return Subject(
            "directory",
            directory.id,
            directory.version,
            directory.expires,
            directory.example_data,
            _(
                "This is the project's example-content key: it signs example data only, and "
                "this directory says its entries are real. Sign it with your own key."
            ),
        )

    return sign_content(path, key, subject, expires=expires, now=now)
