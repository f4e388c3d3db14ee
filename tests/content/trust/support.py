"""Keys, publishers and signed packs (folders and archives) for the signing tests, and a
spy on the pack parser."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from decision_aid.content import parse as parse_module
from decision_aid.content.trust.history import VersionHistory
from decision_aid.content.trust.keys import SigningKey, raw_public
from decision_aid.content.trust.policy import TrustPolicy
from decision_aid.content.trust.publishers import Publisher
from decision_aid.content.trust.sign import sign_pack
from tests.conftest import SHIPPED

PACK = "knee-osteoarthritis"
NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
KINDS = ("folder", "zip")


def new_key() -> SigningKey:
    private = Ed25519PrivateKey.generate()
    return SigningKey(private, raw_public(private.public_key()))


@dataclass
class Keys:
    """A publisher's two pinned keys, and a key nobody pinned."""

    first: SigningKey = field(default_factory=new_key)
    second: SigningKey = field(default_factory=new_key)
    stranger: SigningKey = field(default_factory=new_key)

    def publisher(self, threshold: int = 1) -> Publisher:
        pinned = (self.first.public, self.second.public)
        return Publisher("Riverside editorial team", pinned, threshold)

    def policy(
        self, *, strict: bool = False, today: date = TODAY, threshold: int = 1
    ) -> TrustPolicy:
        return TrustPolicy(
            publishers=[self.publisher(threshold)],
            history=VersionHistory(),
            strict=strict,
            today=lambda: today,
        )


BASE_VERSION = "1.1.0"
"""The version of a copy of the knee pack made by :func:`unsigned_copy` (any version)."""


def unsigned_copy(
    root: Path, *, version: str | None = None, edit: str = "", count: int | None = None
) -> Path:
    """A copy of the shipped knee pack without its signature, in ``root``; with
    ``version`` (else BASE_VERSION) as its version, ``edit`` appended to its evidence
    document, and ``count`` as one of its figures."""
    folder = root / PACK
    shutil.copytree(SHIPPED / PACK, folder, ignore=shutil.ignore_patterns("signature"))
    # The tests' versions do not follow the shipped pack's: BASE_VERSION, or ``version``.
    meta = folder / "pack.yaml"
    text, found = re.subn(
        r"^version: .*$",
        f"version: {version or BASE_VERSION}",
        meta.read_text(),
        count=1,
        flags=re.M,
    )
    assert found == 1
    meta.write_text(text)
    if edit:
        with (folder / "evidence.md").open("a") as handle:
            handle.write(edit)
    if count is not None:
        content = folder / "content.yaml"
        figure = "exercise: {count: 70,"
        assert figure in content.read_text()
        content.write_text(content.read_text().replace(figure, f"exercise: {{count: {count},"))
    return folder


def zip_of(folder: Path, archive: Path) -> Path:
    """The folder as a zip archive with one top folder, as authors make them."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    return archive


def signed_pack(
    root: Path,
    key: SigningKey,
    kind: str = "folder",
    *,
    version: str | None = None,
    edit: str = "",
    count: int | None = None,
    expires: date | None = None,
    now: datetime = NOW,
) -> Path:
    """The knee pack signed with ``key``, as a folder or an archive in ``root``."""
    work = root / ".work" if kind == "zip" else root
    folder = unsigned_copy(work, version=version, edit=edit, count=count)
    path = folder
    if kind == "zip":
        path = zip_of(folder, root / f"{PACK}.zip")
        shutil.rmtree(work)
    sign_pack(path, key, expires=expires, now=now)
    return path


def entries_of(path: Path) -> dict[str, bytes]:
    """Every file of a pack folder or archive, by its path inside the pack."""
    if path.is_dir():
        return {
            p.relative_to(path).as_posix(): p.read_bytes() for p in path.rglob("*") if p.is_file()
        }
    with zipfile.ZipFile(path) as zf:
        return {i.filename.split("/", 1)[1]: zf.read(i) for i in zf.infolist() if not i.is_dir()}


def rewrite(path: Path, change: Callable[[dict[str, bytes]], None]) -> None:
    """Change a pack's files in place (a folder's files, or an archive written anew)."""
    files = entries_of(path)
    before = dict(files)
    change(files)
    if path.is_dir():
        for rel in set(before) - set(files):
            (path / rel).unlink()
        for rel, data in files.items():
            if before.get(rel) != data:
                (path / rel).parent.mkdir(parents=True, exist_ok=True)
                (path / rel).write_bytes(data)
        return
    top = PACK
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for rel in sorted(files):
            zf.writestr(f"{top}/{rel}", files[rel])


def flip(data: bytes, at: int | None = None) -> bytes:
    """``data`` with one byte changed (in the middle unless ``at`` says where)."""
    index = len(data) // 2 if at is None else at
    changed = bytes([data[index] ^ 0x01])
    if changed in (b"\n", b"\r"):
        changed = bytes([data[index] ^ 0x02])
    return data[:index] + changed + data[index + 1 :]


class ParseSpy:
    """Counts every call of the pack parser (YAML and JSON alike)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[int] = []
        for name in ("parse_yaml", "parse_json"):
            real = getattr(parse_module, name)

            def spy(raw: bytes, real: Callable[[bytes], object] = real) -> object:
                self.calls.append(len(raw))
                return real(raw)

            monkeypatch.setattr(parse_module, name, spy)

    @property
    def count(self) -> int:
        return len(self.calls)
