"""Whom to trust, and how strictly: the publishers, the anti-rollback history, the day.

The **library** (``strict=False``) lists unsigned and untrusted packs, marked as
unverified, and signed packs whose manifest has expired, marked as such. The **kiosk**
(``strict=True``) refuses all three before reading anything of them. Both refuse a signed
pack that was changed, has a file added or removed, or is older than a version seen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from decision_aid.content.trust.history import VersionHistory
from decision_aid.content.trust.keys import key_id, short_id
from decision_aid.content.trust.publishers import Publisher, example_publisher
from decision_aid.i18n import _, ngettext, translate

if TYPE_CHECKING:
    from decision_aid.content.trust.manifest import Signature


@dataclass
class TrustPolicy:
    publishers: list[Publisher] = field(default_factory=list)
    """The publishers pinned in the settings (the example-content key is added)."""
    history: VersionHistory | None = None
    """The anti-rollback history; None checks no versions (a copy kept for a record)."""
    strict: bool = False
    """Refuse unsigned, untrusted and expired-manifest packs before reading them."""
    today: Callable[[], date] = date.today
    settings_problem: str | None = None
    """Why the settings' publishers could not be read, when they could not."""

    def all_publishers(self) -> list[Publisher]:
        return [*self.publishers, example_publisher()]


@dataclass(frozen=True)
class Verdict:
    """What the signatures over a manifest's bytes show."""

    publisher: Publisher | None = None
    """The first publisher (in the settings' order) whose threshold is met."""
    valid: tuple[str, ...] = ()
    """Key ids of that publisher whose signatures verified."""
    bad: tuple[tuple[Publisher, str], ...] = ()
    """(publisher, key id) of trusted keys whose signature does not verify."""
    unknown: tuple[str, ...] = ()
    """Key ids nobody trusted pinned."""
    short: tuple[tuple[Publisher, int], ...] = ()
    """Publishers with some valid signatures, but fewer than their threshold."""


def judge(policy: TrustPolicy, signatures: list[Signature], message: bytes) -> Verdict:
    """Verify every signature by a trusted key over ``message``."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    pinned: dict[str, tuple[int, bytes]] = {}
    publishers = policy.all_publishers()
    for index, publisher in enumerate(publishers):
        for raw in publisher.keys:
            pinned[key_id(raw)] = (index, raw)
    valid: dict[int, list[str]] = {}
    bad: list[tuple[Publisher, str]] = []
    unknown: list[str] = []
    for signature in signatures:
        found = pinned.get(signature.key_id)
        if found is None:
            unknown.append(signature.key_id)
            continue
        index, raw = found
        try:
            Ed25519PublicKey.from_public_bytes(raw).verify(signature.value, message)
        except InvalidSignature:
            bad.append((publishers[index], signature.key_id))
            continue
        valid.setdefault(index, []).append(signature.key_id)
    for index, publisher in enumerate(publishers):
        keys = valid.get(index, [])
        if len(keys) >= publisher.threshold:
            return Verdict(publisher, tuple(keys))
    short = tuple((publishers[i], len(keys)) for i, keys in sorted(valid.items()))
    return Verdict(None, (), tuple(bad), tuple(unknown), short)


def shown_name(publisher: Publisher) -> str:
    """A publisher's name as shown: the example-content key's in the screen language."""
    return translate(publisher.name) if publisher.example else publisher.name


def untrusted_note(policy: TrustPolicy, verdict: Verdict) -> str:
    """Why a signed pack is not trusted, in plain words."""
    parts: list[str] = []
    for publisher, count in verdict.short:
        parts.append(
            ngettext(
                "It has {count} valid signature by {publisher}, who needs {threshold}.",
                "It has {count} valid signatures by {publisher}, who needs {threshold}.",
                count,
            ).format(count=count, publisher=shown_name(publisher), threshold=publisher.threshold)
        )
    if verdict.unknown:
        parts.append(
            _("It is signed by keys this computer does not trust: {keys}.").format(
                keys=", ".join(short_id(k) for k in verdict.unknown)
            )
        )
    if policy.settings_problem:
        parts.append(
            _("The trusted publishers could not be read: {problem}").format(
                problem=policy.settings_problem
            )
        )
    return " ".join(parts)


def default_policy(*, strict: bool = False, today: Callable[[], date] = date.today) -> TrustPolicy:
    """The policy of this user: the publishers in their settings file (none, noted as a
    problem, when it cannot be read) and their anti-rollback history."""
    from decision_aid.settings import SettingsError, load_settings

    problem = None
    try:
        publishers = load_settings().pack_publishers
    except SettingsError as exc:
        publishers, problem = [], str(exc)
    return TrustPolicy(
        publishers=list(publishers),
        history=VersionHistory(),
        strict=strict,
        today=today,
        settings_problem=problem,
    )
