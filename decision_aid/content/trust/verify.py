"""Check a pack's signature on its raw bytes, before anything of it is parsed.

In this order, each step only once the one before it passed:

1. the signature folder holds the manifest and the signatures file, and nothing else;
2. the signatures over the manifest's exact bytes, by the keys the clinic pinned (and the
   example-content key), meet a publisher's threshold;
3. the manifest, now known to be the publisher's, is read: it names this pack;
4. every file of the pack is in the manifest and every file of the manifest is in the
   pack, each with the size and SHA-256 signed;
5. the version is not below the highest version of this pack seen before (rollback);
6. in strict mode (the kiosk), the manifest has not expired (freeze).

Only then does the loader parse YAML or JSON, from the very bytes that were checked
(:class:`BytesSource`), so a file changed between the check and the parse is never
read. An unsigned or untrusted pack is refused in strict mode and passed on, marked,
otherwise.

A community directory is checked by the same code (``kind='directory'``), and every
message about it names a directory, not a pack.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from decision_aid.content.errors import PackError, Problem
from decision_aid.content.source import SIGNATURE_DIR, PackSource, SourceError, open_source
from decision_aid.content.trust.keys import short_id
from decision_aid.content.trust.manifest import (
    MANIFEST_FILE,
    SIGNATURES_FILE,
    Manifest,
    ManifestError,
    context,
    is_signature_file,
    parse_manifest,
    parse_signatures,
)
from decision_aid.content.trust.policy import TrustPolicy, judge, shown_name, untrusted_note
from decision_aid.content.trust.status import UNSIGNED, PackTrust
from decision_aid.i18n import _

if TYPE_CHECKING:
    from decision_aid.content.loader import LoadedPack
    from decision_aid.content.model import PackMeta

RULE = "signature"
WHERE = "(signature)"


class BytesSource(PackSource):
    """The bytes of a pack held in memory (as they were checked), named as the original."""

    def __init__(self, original: PackSource, data: dict[str, bytes]) -> None:
        self.location = original.location
        self.name = original.name
        self._original = original
        self._data = data

    def files(self) -> list[str]:
        return sorted(self._data)

    def exists(self, relpath: str) -> bool:
        return relpath in self._data

    def read(self, relpath: str) -> bytes:
        try:
            return self._data[relpath]
        except KeyError:
            raise SourceError(self.display(relpath), _("no such file in the pack")) from None

    def display(self, relpath: str) -> str:
        return self._original.display(relpath)


@dataclass(frozen=True)
class Checked:
    """A pack that passed the check: the bytes to parse, and its trust."""

    source: PackSource
    trust: PackTrust
    manifest: Manifest | None = None


def _refuse(source: PackSource, rel: str, message: str) -> PackError:
    where = source.display(rel) if rel else str(source.location)
    return PackError([Problem(where, None, WHERE, message, rule=RULE)])


def _directory(kind: str) -> bool:
    return kind == "directory"


def _sign_again(kind: str = "pack") -> str:
    if _directory(kind):
        return _(
            "If the directory was changed on purpose, its publisher signs it again with "
            "'decision-aid directory sign'; otherwise get a fresh copy from the publisher."
        )
    return _(
        "If the pack was changed on purpose, its publisher signs it again with 'decision-aid "
        "packs sign'; otherwise get a fresh copy from the publisher."
    )


def is_signed(source: PackSource) -> bool:
    """Whether the pack has a signature folder (whatever it holds)."""
    return any(is_signature_file(rel) for rel in source.files())


def signature_present(path: Path) -> bool:
    """A quick look, without reading the pack: does it seem to have a signature folder?

    For a folder, one ``lstat``; for an archive, its directory. A wrong answer costs
    time only: :func:`check_source` decides from the pack's files.
    """
    import os
    import zipfile

    if path.is_dir():
        return os.path.lexists(path / SIGNATURE_DIR)
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return False
    marker = SIGNATURE_DIR + "/"
    return any(n.startswith(marker) or n.partition("/")[2].startswith(marker) for n in names)


def _signature_files(source: PackSource, kind: str = "pack") -> tuple[bytes, bytes]:
    """The raw bytes of the signatures file and the manifest; PackError when the
    signature folder does not hold exactly those two."""
    found = [rel for rel in source.files() if is_signature_file(rel)]
    for rel in found:
        if rel not in (MANIFEST_FILE, SIGNATURES_FILE):
            stray = (
                _(
                    "the signature folder holds a file that is not part of a signature; "
                    "nothing of the directory is used. {fix}"
                )
                if _directory(kind)
                else _(
                    "the signature folder holds a file that is not part of a signature; "
                    "nothing of the pack is used. {fix}"
                )
            )
            raise _refuse(source, rel, stray.format(fix=_sign_again(kind)))
    for rel in (SIGNATURES_FILE, MANIFEST_FILE):
        if rel not in found:
            missing = (
                _("the directory's signature is incomplete: this file is missing. {fix}")
                if _directory(kind)
                else _("the pack's signature is incomplete: this file is missing. {fix}")
            )
            raise _refuse(source, rel, missing.format(fix=_sign_again(kind)))
    return source.read(SIGNATURES_FILE), source.read(MANIFEST_FILE)


def _verdict_or_refuse(
    source: PackSource,
    policy: TrustPolicy,
    signatures_raw: bytes,
    manifest_raw: bytes,
    kind: str = "pack",
) -> tuple[PackTrust, Manifest | None]:
    """Steps 2 and 3: the pack's trust, and its manifest when the trust is a publisher's."""
    try:
        signatures = parse_signatures(signatures_raw)
    except ManifestError as exc:
        raise _refuse(source, SIGNATURES_FILE, f"{exc}. {_sign_again(kind)}") from None
    verdict = judge(policy, signatures, context(kind) + manifest_raw)
    if verdict.publisher is None:
        if verdict.bad:
            publisher, key = verdict.bad[0]
            mismatch = (
                _(
                    "the signature by {publisher} (key {key}) does not match the manifest: "
                    "the manifest was changed after it was signed, or the signature is "
                    "damaged. Nothing of the directory is used. {fix}"
                )
                if _directory(kind)
                else _(
                    "the signature by {publisher} (key {key}) does not match the manifest: "
                    "the manifest was changed after it was signed, or the signature is "
                    "damaged. Nothing of the pack is used. {fix}"
                )
            )
            raise _refuse(
                source,
                MANIFEST_FILE,
                mismatch.format(
                    publisher=shown_name(publisher), key=short_id(key), fix=_sign_again(kind)
                ),
            )
        note = untrusted_note(policy, verdict)
        return PackTrust("untrusted", signers=verdict.unknown, note=note), None
    try:
        manifest = parse_manifest(manifest_raw, kind)
    except ManifestError as exc:
        raise _refuse(source, MANIFEST_FILE, f"{exc}. {_sign_again(kind)}") from None
    if manifest.pack != source.name:
        renamed = (
            _(
                "the signature is for the directory '{signed}', but this directory is named "
                "'{name}'; a signed directory keeps its name. Nothing of it is used."
            )
            if _directory(kind)
            else _(
                "the signature is for the pack '{signed}', but this pack is named '{name}'; "
                "a signed pack keeps its name. Nothing of it is used."
            )
        )
        raise _refuse(source, MANIFEST_FILE, renamed.format(signed=manifest.pack, name=source.name))
    return PackTrust(
        "example" if verdict.publisher.example else "publisher",
        publisher=verdict.publisher.name,
        signers=verdict.valid,
        threshold=verdict.publisher.threshold,
        version=manifest.version,
        signed_at=manifest.signed_at,
        expires=manifest.expires,
        files=len(manifest.files),
    ), manifest


def _file_messages(kind: str) -> tuple[str, str, str]:
    """What step 4 says about a file added, missing or changed."""
    if _directory(kind):
        return (
            _(
                "this file is not in the directory's signed manifest: it was added after "
                "signing. The directory is refused; remove the file, or have the directory "
                "signed again with it."
            ),
            _(
                "this file is in the directory's signed manifest but missing from the "
                "directory. The directory is refused; get a complete copy from its publisher."
            ),
            _(
                "this file is not the one signed (its size or SHA-256 differs): it was changed "
                "after signing, or comes from another version. The directory is refused. {fix}"
            ),
        )
    return (
        _(
            "this file is not in the pack's signed manifest: it was added after "
            "signing. The pack is refused; remove the file, or have the pack "
            "signed again with it."
        ),
        _(
            "this file is in the pack's signed manifest but missing from the pack. "
            "The pack is refused; get a complete copy from its publisher."
        ),
        _(
            "this file is not the one signed (its size or SHA-256 differs): it "
            "was changed after signing, or comes from another version. The pack "
            "is refused. {fix}"
        ),
    )


def _files(source: PackSource, manifest: Manifest, kind: str = "pack") -> dict[str, bytes]:
    """Step 4: every file as signed; PackError naming every file that is not."""
    added, missing, changed = _file_messages(kind)
    problems: list[Problem] = []
    data: dict[str, bytes] = {}
    present = [rel for rel in source.files() if not is_signature_file(rel)]
    for rel in present:
        if rel not in manifest.files:
            problems.append(
                Problem(
                    source.display(rel),
                    None,
                    WHERE,
                    added,
                    rule=RULE,
                )
            )
    for rel in sorted(set(manifest.files) - set(present)):
        problems.append(
            Problem(
                source.display(rel),
                None,
                WHERE,
                missing,
                rule=RULE,
            )
        )
    for rel in present:
        entry = manifest.files.get(rel)
        if entry is None:
            continue
        raw = source.read(rel)
        if len(raw) != entry.size or hashlib.sha256(raw).hexdigest() != entry.sha256:
            problems.append(
                Problem(
                    source.display(rel),
                    None,
                    WHERE,
                    changed.format(fix=_sign_again(kind)),
                    rule=RULE,
                )
            )
        data[rel] = raw
    if problems:
        raise PackError(problems)
    return data


def check_source(source: PackSource, policy: TrustPolicy, kind: str = "pack") -> Checked:
    """Check the pack in ``source`` (see the module notes). Raises PackError when it is
    refused; returns the bytes to parse and the pack's trust otherwise. ``kind`` is
    'directory' for a community directory, checked the same way against a manifest of
    its own kind."""
    try:
        return _check(source, policy, kind)
    except SourceError as exc:
        where = "(directory)" if _directory(kind) else "(pack)"
        raise PackError([Problem(exc.where, None, where, exc.message)]) from None


def _check(source: PackSource, policy: TrustPolicy, kind: str) -> Checked:
    directory = _directory(kind)
    if not is_signed(source):
        if policy.strict:
            unsigned = (
                _(
                    "this directory is not signed, so none of its entries is offered here: "
                    "only directories signed by a publisher this clinic trusts are. Its "
                    "publisher signs it with 'decision-aid directory sign'."
                )
                if directory
                else _(
                    "this pack is not signed, so it is not shown here: only packs signed by "
                    "a publisher this clinic trusts are. Its publisher signs it with "
                    "'decision-aid packs sign'."
                )
            )
            raise _refuse(source, "", unsigned)
        return Checked(source, UNSIGNED)
    signatures_raw, manifest_raw = _signature_files(source, kind)
    trust, manifest = _verdict_or_refuse(source, policy, signatures_raw, manifest_raw, kind)
    if manifest is None:
        if policy.strict:
            untrusted = (
                _(
                    "this directory is not signed by a publisher this clinic trusts, so none "
                    "of its entries is offered here. {why}"
                )
                if directory
                else _(
                    "this pack is not signed by a publisher this clinic trusts, so it is not "
                    "shown here. {why}"
                )
            )
            raise _refuse(source, SIGNATURES_FILE, untrusted.format(why=trust.note))
        return Checked(source, trust)
    data = _files(source, manifest, kind)
    data[SIGNATURES_FILE], data[MANIFEST_FILE] = signatures_raw, manifest_raw
    _check_rollback(source, policy, manifest)
    if policy.strict and trust.frozen(policy.today()):
        assert trust.expires is not None
        expired = (
            _(
                "the directory's signed manifest expired on {date}, so this copy may be stale "
                "or held back; none of its entries is offered here. Get the current copy from "
                "its publisher, who signs it again."
            )
            if directory
            else _(
                "the pack's signed manifest expired on {date}, so this copy may be stale or "
                "held back; it is not shown here. Get the current copy from its publisher, "
                "who signs it again."
            )
        )
        raise _refuse(source, MANIFEST_FILE, expired.format(date=trust.expires.isoformat()))
    if policy.history is not None:
        policy.history.note({manifest.pack: manifest.version})
    return Checked(BytesSource(source, data), trust, manifest)


def _check_rollback(source: PackSource, policy: TrustPolicy, manifest: Manifest) -> None:
    from decision_aid.content.trust.history import newer

    if policy.history is None:
        return
    highest = policy.history.highest(manifest.pack)
    if highest is not None and newer(highest, manifest.version):
        raise _refuse(
            source,
            MANIFEST_FILE,
            _(
                "this is version {version} of '{id}', but version {highest} was seen on this "
                "computer before: an older version is refused, so that nobody can bring "
                "back content that was corrected. Use version {highest} or later."
            ).format(version=manifest.version, id=manifest.pack, highest=highest),
        )


def check_path(path: Path, policy: TrustPolicy) -> Checked:
    """:func:`check_source` for the pack folder or archive at ``path``."""
    try:
        source = open_source(path)
    except SourceError as exc:
        raise PackError([Problem(exc.where, None, "(pack)", exc.message)]) from None
    return check_source(source, policy)


def signed_version(path: Path, policy: TrustPolicy) -> tuple[str, str] | None:
    """The pack id and version a trusted signature vouches for, without checking the
    files (for noting versions across a library before checking each pack); None when
    the pack is unsigned, untrusted or unreadable."""
    try:
        source = open_source(path)
        if not is_signed(source):
            return None
        signatures_raw, manifest_raw = _signature_files(source)
        _untrusted, manifest = _verdict_or_refuse(source, policy, signatures_raw, manifest_raw)
    except (PackError, SourceError):
        return None
    if manifest is None:
        return None
    return manifest.pack, manifest.version


def note_versions(paths: list[Path], policy: TrustPolicy) -> None:
    """Note the highest signed version of each pack id among ``paths`` in the history, so
    that an older copy found in the same library is refused whatever the order."""
    from decision_aid.content.trust.history import newer

    if policy.history is None:
        return
    highest: dict[str, str] = {}
    for path in paths:
        if not signature_present(path):
            continue
        found = signed_version(path, policy)
        if found is None:
            continue
        pack, version = found
        if pack not in highest or newer(version, highest[pack]):
            highest[pack] = version
    if highest:
        policy.history.note(highest)


def after_parse(trust: PackTrust, meta: PackMeta, display: str) -> list[Problem]:
    """What a verified pack's metadata must agree with: the signed version, and for the
    example-content key, example content."""
    problems: list[Problem] = []
    if trust.verified and trust.version is not None and meta.version != trust.version:
        problems.append(
            Problem(
                display,
                None,
                "version",
                _(
                    "the pack says version {version}, but its signature is for version "
                    "{signed}; the publisher signs it again."
                ).format(version=meta.version, signed=trust.version),
                rule=RULE,
            )
        )
    if trust.status == "example" and meta.review.status != "example":
        problems.append(
            Problem(
                display,
                None,
                "review.status",
                _(
                    "the pack says it was clinically reviewed, but it is signed only with the "
                    "project's example-content key, which vouches for example content only. "
                    "It is refused; its publisher signs it with their own key."
                ),
                rule=RULE,
            )
        )
    return problems


def stored_trust(loaded: LoadedPack, policy: TrustPolicy | None = None) -> PackTrust:
    """The trust of a pack loaded from the pack store (a copy kept for the record of a
    consultation): its signature and files checked against the same publishers, but not
    against the version history or the day, since it is the version a patient was shown."""
    import dataclasses

    from decision_aid.content.trust.policy import default_policy

    base = policy if policy is not None else default_policy()
    relaxed = dataclasses.replace(base, history=None, strict=False)
    try:
        return check_source(loaded.source, relaxed).trust
    except PackError:
        return PackTrust(
            "untrusted",
            note=_("The copy kept in the pack store does not match its signature."),
        )
