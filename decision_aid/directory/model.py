"""The format of a community directory (``directory.yaml``), strict: unknown fields are
errors, every entry says what it is, who it is for, when and where, what it costs, how
accessible it is, the languages it runs in, how to join, how to get in touch, its topics
and when it was last checked."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StrictBool, StringConstraints, model_validator

from decision_aid.content.community_topics import CommunityTopic
from decision_aid.content.fields import (
    EMAIL_PATTERN,
    PHONE_PATTERN,
    URL_PATTERN,
    FormatVersion,
    Id,
    IsoDate,
    LocaleCode,
    PlainStr,
    SemVer,
    Strict,
)
from decision_aid.i18n import _

Phone = Annotated[str, StringConstraints(strict=True, pattern=PHONE_PATTERN)]
Email = Annotated[str, StringConstraints(strict=True, pattern=EMAIL_PATTERN)]
Url = Annotated[str, StringConstraints(strict=True, pattern=URL_PATTERN)]

Referral = Literal["self", "referral", "self-or-referral"]
"""How someone joins: on their own, only when referred, or either."""


class Contact(Strict):
    """How to get in touch: at least one of a phone number, an email or a web address."""

    phone: Phone | None = None
    """A phone number of digits and spaces, such as '01632 960123'."""
    email: Email | None = None
    """An email address, such as 'hello@example.org'."""
    web: Url | None = None
    """A web address starting with https://."""

    @model_validator(mode="after")
    def _reachable(self) -> Contact:
        if self.phone is None and self.email is None and self.web is None:
            raise ValueError(
                _("a contact needs a phone number, an email or a web address; add one")
            )
        return self


class Organisation(Strict):
    """Who keeps the directory and answers for it."""

    name: PlainStr
    contact: Contact


class Entry(Strict):
    """One local group or service."""

    id: Id
    """An identifier, unique in the directory, such as 'riverside-walks'."""
    name: PlainStr
    """The name of the group or service."""
    organisation: PlainStr
    """Who runs it."""
    what: PlainStr
    """What it is and what happens there, in plain words."""
    who_for: PlainStr
    """Who it is for (and who it is not for, when that matters)."""
    when: PlainStr
    """When it runs, such as 'Tuesdays, 10am to 11am'."""
    where: PlainStr
    """Where it runs: an address, or 'online' or 'by phone'."""
    cost: PlainStr
    """What it costs, such as 'Free' or '£2 a session'."""
    accessibility: PlainStr
    """Step-free access, hearing loop, a quiet room, and so on; or what is not accessible."""
    languages: tuple[LocaleCode, ...] = Field(min_length=1)
    """The languages it runs in, as language codes, such as 'en' and 'pl'."""
    referral: Referral
    """'self' (anyone may join), 'referral' (only when referred) or 'self-or-referral'."""
    how_to_join: PlainStr
    """How to join or be referred, in plain words."""
    contact: Contact
    """How to get in touch."""
    topics: tuple[CommunityTopic, ...] = Field(min_length=1)
    """The community topics it helps with; packs name the same topics."""
    last_checked: IsoDate
    """When the directory's keeper last checked the entry is still right."""


class Directory(Strict):
    """A community directory (directory.yaml)."""

    format_version: FormatVersion
    """Version of this format. Always 1 for now."""
    id: Id
    """The directory's identifier; the same as its folder or archive name."""
    version: SemVer
    """Raised with every change, so that an older copy is refused once a newer was seen."""
    title: PlainStr
    """Such as 'Riverside community support'."""
    area: PlainStr
    """The area it covers, such as 'Riverside borough'."""
    publisher: Organisation
    """The organisation that keeps it."""
    example_data: StrictBool
    """true for example content (fictional groups), which the app marks as such; false for a
    real directory, which only a publisher's own key may sign."""
    expires: IsoDate
    """The date after which the directory must not be used without being checked again."""
    entries: tuple[Entry, ...] = Field(min_length=1, max_length=2000)
    """The groups and services."""

    @model_validator(mode="after")
    def _unique_ids(self) -> Directory:
        seen: set[str] = set()
        for entry in self.entries:
            if entry.id in seen:
                raise ValueError(
                    _("two entries have the id '{id}'; give each entry an id of its own").format(
                        id=entry.id
                    )
                )
            seen.add(entry.id)
        return self

    def is_past(self, today: date) -> bool:
        """Whether the directory's own expiry date has passed."""
        return self.expires < today
