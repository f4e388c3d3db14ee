"""The field types every pack model is built from, and the base model.

Text a patient reads (:data:`Text`, which a translation may replace), plain strings,
identifiers, versions, language codes, time frames, dates and whole numbers. Each
pattern a field must match is described in words in :data:`PATTERN_WORDS`, so that a
validation message says what is expected instead of showing a pattern.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, StrictStr, StringConstraints

from decision_aid.i18n import N_, _


class _Translatable:
    """Marks a text field whose value a translation file may replace."""

    def __repr__(self) -> str:
        return "TRANSLATABLE"


TRANSLATABLE = _Translatable()


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: object) -> object:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(
                _("'{value}' is not a real calendar date").format(value=value)
            ) from exc
    raise ValueError(_("expected a date written as YYYY-MM-DD"))


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
"""A calendar date written as YYYY-MM-DD."""

Text = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1), TRANSLATABLE]
"""Text a patient reads; translation files may replace it."""

PlainStr = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1)]
"""Text that is not translated (names, citations, addresses)."""

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
SEMVER_PATTERN = r"^\d+\.\d+\.\d+$"
LOCALE_PATTERN = r"^[a-z]{2,3}(_[A-Z]{2})?$"
TIME_FRAME_PATTERN = r"^[1-9]\d{0,2} (day|week|month|year)s?$"
DOI_PATTERN = r"^10\.\d{4,9}/\S+$"
PMID_PATTERN = r"^\d{1,9}$"
URL_PATTERN = r"^https?://\S+$"
SOURCE_HASH_PATTERN = r"^[0-9a-f]{12}$"
REVIEW_HASH_PATTERN = r"^sha256:[0-9a-f]{64}$"
PHONE_PATTERN = r"^\+?[0-9][0-9 ]{5,19}$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"

PATTERN_WORDS: dict[str, str] = {
    ID_PATTERN: N_(
        "an identifier: lower-case letters, digits, '-' and '_', starting with a letter or "
        "a digit, at most 64 characters, such as 'knee-replacement'"
    ),
    SEMVER_PATTERN: N_("a version of three whole numbers with dots between them, such as '1.2.0'"),
    LOCALE_PATTERN: N_(
        "a language code of two or three lower-case letters, such as 'cy', optionally with "
        "a country in capitals, such as 'en_GB'"
    ),
    TIME_FRAME_PATTERN: N_(
        "a time frame of a whole number from 1 to 999 and one of day, week, month or year, "
        "such as '10 years' or '1 month'"
    ),
    DOI_PATTERN: N_("a DOI starting with '10.', such as '10.1056/NEJMoa1505467', without spaces"),
    PMID_PATTERN: N_("a PubMed identifier of 1 to 9 digits, such as '22607822'"),
    URL_PATTERN: N_("a web address starting with https:// (or http://), without spaces"),
    SOURCE_HASH_PATTERN: N_(
        "a source hash of 12 digits 0-9 and letters a-f, in quotes, as 'decision-aid packs "
        "translations --mark-current' writes it"
    ),
    PHONE_PATTERN: N_(
        "a phone number of 6 to 20 digits and spaces, optionally starting with '+', such as "
        "'01632 960123'"
    ),
    EMAIL_PATTERN: N_("an email address such as 'hello@example.org', without spaces"),
    REVIEW_HASH_PATTERN: N_(
        "a review hash such as 'sha256:' and 64 digits 0-9 and letters a-f, as 'decision-aid "
        "packs review' writes it"
    ),
}
"""What each pattern of the format expects, in words: validation messages never show a pattern."""

Id = Annotated[StrictStr, StringConstraints(pattern=ID_PATTERN)]
"""A short identifier: lower-case letters, digits, '-' and '_', starting with a letter or digit."""

SemVer = Annotated[StrictStr, StringConstraints(pattern=SEMVER_PATTERN)]
LocaleCode = Annotated[StrictStr, StringConstraints(pattern=LOCALE_PATTERN)]
TimeFrame = Annotated[StrictStr, StringConstraints(pattern=TIME_FRAME_PATTERN)]
"""A time frame such as '10 years' or '12 months'."""
SourceHash = Annotated[StrictStr, StringConstraints(pattern=SOURCE_HASH_PATTERN)]
"""The fingerprint of a source text: 12 hexadecimal digits (see content.translation_state)."""
ReviewHash = Annotated[StrictStr, StringConstraints(pattern=REVIEW_HASH_PATTERN)]
"""The hash of a pack's content as a reviewer signed it off (see content.review)."""

Certainty = Literal["high", "moderate", "low", "very low"]
"""GRADE certainty of the evidence behind a statement."""


def whole_number_message(given: object) -> str:
    """What every whole-number field says when it gets anything else."""
    return _(
        "expected a whole number written with the digits 0 to 9 only, such as 20; got {given}"
    ).format(given=repr(given))


def _whole_number(value: object) -> object:
    """Refuse anything but a whole number before a choice of numbers is checked.

    A choice such as ``Literal[100, 1000]`` would take ``100.0`` or ``true`` for a number.
    """
    if type(value) is not int:
        raise ValueError(whole_number_message(value))
    return value


Denominator = Annotated[Literal[100, 1000], BeforeValidator(_whole_number)]
"""How many people a figure counts out of: 100, or 1000."""
FormatVersion = Annotated[Literal[1], BeforeValidator(_whole_number)]
"""The version of the pack format, a whole number."""


class Strict(BaseModel):
    """Base for every pack model: unknown fields are errors and loaded packs are frozen."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        validate_default=True,
        # Schemas are built on first use: the library index needs only PackMeta.
        defer_build=True,
    )
