"""The format of a community directory (``directory.yaml``), strict: unknown fields are
errors, every entry says what it is, who it is for, when and where, what it costs, how
accessible it is, the languages it runs in, how to join, how to get in touch, its topics
and when it was last checked.

An entry's text is written in the directory's own ``language``; its ``translations`` give
the same text in the other languages it runs in, so that a Welsh or Arabic speaker reads
about a group run in Welsh or Arabic in their own language."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, ClassVar, Literal

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
from decision_aid.i18n import N_, _

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


TEXT_FIELDS = (
    "name",
    "organisation",
    "what",
    "who_for",
    "when",
    "where",
    "cost",
    "accessibility",
    "how_to_join",
)
"""The fields of an entry that a person reads, and a translation may give in its language."""


class EntryText(Strict):
    """An entry's text in one more language. Every field is optional: a field left out is
    shown as the entry gives it, so leave a field out only when its text is the same in
    this language (a name, an address, a price); otherwise the patient reads a mix of two
    languages. A translation gives at least one field."""

    name: PlainStr | None = None
    """The name of the group or service in this language, when it has one."""
    organisation: PlainStr | None = None
    """Who runs it, when the organisation has a name in this language."""
    what: PlainStr | None = None
    """What it is and what happens there, in plain words."""
    who_for: PlainStr | None = None
    """Who it is for."""
    when: PlainStr | None = None
    """When it runs."""
    where: PlainStr | None = None
    """Where it runs (keep the names of places as they are)."""
    cost: PlainStr | None = None
    """What it costs."""
    accessibility: PlainStr | None = None
    """How accessible it is."""
    how_to_join: PlainStr | None = None
    """How to join or be referred."""

    @model_validator(mode="after")
    def _not_empty(self) -> EntryText:
        if not self.given():
            raise ValueError(
                _(
                    "the translation gives no text; add the fields it translates (such as "
                    "'what' and 'when'), or remove it"
                )
            )
        return self

    def given(self) -> dict[str, str]:
        """The fields this translation gives."""
        return {name: value for name in TEXT_FIELDS if (value := getattr(self, name))}


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
    translations: dict[LocaleCode, EntryText] = Field(default_factory=dict)
    """The entry's text in other languages it runs in, by language code, such as
    'cy: {what: ..., when: ...}'. Each language must be one of the entry's languages and
    not the directory's own."""

    def translation(self, language: str) -> tuple[str, EntryText] | None:
        """The translation for ``language`` ('cy', or 'pt_BR' falling back to 'pt') and
        its code; None when the entry has none."""
        if language in self.translations:
            return language, self.translations[language]
        base = language.split("_", maxsplit=1)[0]
        for code, text in self.translations.items():
            if code.split("_", maxsplit=1)[0] == base:
                return code, text
        return None


class Directory(Strict):
    """A community directory (directory.yaml)."""

    UNKNOWN_FIELD_HELP: ClassVar[str] = N_(
        "unknown field '{field}'; remove it or check the spelling (see 'decision-aid "
        "directory schema' for the allowed fields)"
    )
    """What a field the format does not know is told (the packs' message names packs)."""

    format_version: FormatVersion
    """Version of this format. Always 1 for now."""
    id: Id
    """The directory's identifier; the same as its folder or archive name."""
    version: SemVer
    """Raised with every change, so that an older copy is refused once a newer was seen."""
    title: PlainStr
    """Such as 'Riverside community support'."""
    language: LocaleCode = "en"
    """The language the entries' text is written in ('en' when left out). An entry's
    translations give it in other languages."""
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


def directory_json_schema() -> dict[str, Any]:
    """JSON Schema of directory.yaml, with each field's documentation, for keepers' editors."""
    import sys

    from decision_aid.content.docs import attribute_docs, describe

    schema = describe(
        Directory.model_json_schema(), "Directory", attribute_docs(sys.modules[__name__])
    )
    return {
        **schema,
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "decision-aid community directory, format version 1",
        "description": __doc__,
    }
