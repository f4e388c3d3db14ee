"""What the coverage-guided fuzzer feeds, and what it may get back.

Each target turns one input (bytes) into what the app reads from outside: a pack's
``pack.yaml`` or ``content.yaml``, a whole pack folder or zip archive, a session file, a
draft file (or the drafts' index). It then runs the real loader on it, exactly as the
app does. The loader may accept the input or refuse it with its own error
(:class:`PackError`, :class:`SessionReadError`, :class:`DraftError`); anything else that
escapes, or a hang, is a defect.

These targets hold no fuzzing machinery: :mod:`tests.fuzz.harness` runs them under
atheris, and the tests replay the seed corpus and every input that once found a defect.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import os
import re
import secrets
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import BytesIO
from itertools import chain
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "option_grids"
MINIMAL = ROOT / "tests" / "fixtures" / "packs" / "minimal"
INVALID = ROOT / "tests" / "fixtures" / "invalid"
EXAMPLES = ROOT / "examples"
REGRESSIONS = Path(__file__).resolve().parent / "regressions"
"""One folder per target, holding every input that once found a defect."""

FUZZ_KEY = bytes(range(32))
"""The draft key of the draft target: fixed, so that seeds encrypted with it stay valid."""
DRAFT_ID = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"
"""The record id a draft is named after when its input names none."""

_ID = re.compile(rb"^id:[ \t]*['\"]?([a-z0-9][a-z0-9-]{0,63})", re.MULTILINE)
_JSON_ID = re.compile(rb'"id"\s*:\s*"([A-Za-z0-9_-]{1,128})"')


def _base_packs() -> dict[str, Path]:
    """The valid packs a single-file input is dropped into, by pack id."""
    packs = {"minimal": MINIMAL}
    for folder in sorted(SHIPPED.iterdir()):
        if (folder / "pack.yaml").is_file():
            packs[folder.name] = folder
    return packs


def _pack_id(data: bytes, fallback: str) -> str:
    """The id a pack.yaml names, when it names a usable one: the folder is given that
    name, as an author's would be, so that the fuzzer gets past the name check."""
    found = _ID.search(data)
    return found.group(1).decode() if found else fallback


def allowed_pack_errors() -> tuple[type[BaseException], ...]:
    from decision_aid.content.errors import PackError

    return (PackError,)


def _load_pack_both_ways(path: Path) -> None:
    """Load a pack as the library lists it, as it opens it (signature first), and as
    an author's ``packs lint`` reads it (no signature check)."""
    from decision_aid.content.errors import PackError
    from decision_aid.content.loader import load_meta, load_pack
    from decision_aid.content.trust.policy import TrustPolicy
    from decision_aid.content.trust.verify import after_parse, check_path

    policy = TrustPolicy(history=None)
    try:
        checked = check_path(path, policy)
    except PackError:
        # Refused for its signature: an author's command still reads it.
        with contextlib.suppress(PackError):
            load_meta(path)
        load_pack(path)
        return
    _, meta, _locales = load_meta(path, source=checked.source)
    after_parse(checked.trust, meta, str(path))
    loaded = load_pack(path, source=checked.source)
    after_parse(checked.trust, loaded.meta, str(path))


def _clear(folder: Path) -> None:
    if folder.exists() or folder.is_symlink():
        shutil.rmtree(folder)


@dataclass
class Target:
    """One fuzz target: a name, what it does with one input, and its seed inputs."""

    name: str
    run: Callable[[bytes], None]
    """Feed one input to the loader; raises only on a defect."""
    seeds: Callable[[], Iterator[tuple[str, bytes]]]
    """Named seed inputs: the shipped packs, the invalid fixtures, the examples."""
    structured_zip: bool = False
    """The input is a zip archive: the harness mutates its entries as well as its bytes."""
    words: Callable[[], list[bytes]] = lambda: []
    """Tokens for libFuzzer's dictionary: the field names and fixed values of the format."""


def _schema_words(models: list[str], quoted: bool) -> list[bytes]:
    """Every field name, fixed value and enumerated value of the models' JSON schemas, as
    a YAML key (``name:``) or a JSON string (``"name"``)."""
    import importlib

    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "properties" and isinstance(value, dict):
                    found.update(value)
                if key in ("enum", "const"):
                    found.update(str(v) for v in (value if isinstance(value, list) else [value]))
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for dotted in models:
        module, name = dotted.rsplit(".", 1)
        walk(getattr(importlib.import_module(module), name).model_json_schema())
    return sorted(
        (f'"{word}"' if quoted else f"{word}:").encode() for word in found if word.isprintable()
    )


def _pack_words() -> list[bytes]:
    models = ["PackMeta", "PackContent", "TranslationFile"]
    return _schema_words([f"decision_aid.content.model.{m}" for m in models], quoted=False)


def _session_words() -> list[bytes]:
    return _schema_words(["decision_aid.session.model.SessionRecord"], quoted=True)


class Workspace:
    """A private folder per process for the files each input becomes; nothing outside."""

    def __init__(self) -> None:
        given = os.environ.get("DECISION_AID_FUZZ_WORK")
        if given:
            self.root = Path(given) / "work"
            self.root.mkdir(parents=True, exist_ok=True)
            return
        shm = Path("/dev/shm")
        parent = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
        self.root = Path(tempfile.mkdtemp(prefix="decision-aid-fuzz-", dir=parent))
        atexit.register(self.remove)  # made here (the tests): removed at exit

    def fresh(self, name: str) -> Path:
        folder = self.root / name
        _clear(folder)
        folder.mkdir(parents=True)
        return folder

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


@functools.cache
def workspace() -> Workspace:
    """This process's workspace, made when first needed."""
    return Workspace()


# ---------------------------------------------------------------- one file of a pack


def _single_file_target(part: str) -> Target:
    """``pack.yaml`` or ``content.yaml`` replaced by the input, in a copy of a valid pack
    (the one whose id, or one of whose option ids, the input names)."""
    bases = _base_packs()
    markers = {pack_id: _first_option_id(folder) for pack_id, folder in bases.items()}

    def base_for(data: bytes) -> str:
        if part == "pack":
            pack_id = _pack_id(data, "minimal")
            return pack_id if pack_id in bases else "minimal"
        for pack_id, marker in markers.items():
            if pack_id != "minimal" and marker and marker in data:
                return pack_id
        return "minimal"

    copies: dict[str, Path] = {}

    def run(data: bytes) -> None:
        base = base_for(data)
        name = _pack_id(data, base) if part == "pack" else base
        # One copy of each base pack, renamed as the input asks; only the file changes.
        folder = copies.get(base)
        if folder is None or not folder.is_dir():
            folder = workspace().fresh(f"{part}-{base}") / base
            shutil.copytree(bases[base], folder, ignore=shutil.ignore_patterns(f"{part}.*"))
        if folder.name != name:
            folder = folder.rename(folder.with_name(name))
        copies[base] = folder
        (folder / f"{part}.yaml").write_bytes(data)
        _load_pack_both_ways(folder)

    def seeds() -> Iterator[tuple[str, bytes]]:
        for pack_id, folder in bases.items():
            yield f"{pack_id}-{part}.yaml", (folder / f"{part}.yaml").read_bytes()
        for folder in sorted(INVALID.iterdir()):
            for path in sorted(folder.glob(f"{part}.*")) if folder.is_dir() else []:
                yield f"invalid-{folder.name}-{path.name}", path.read_bytes()
        yield from _deep_seeds()

    return Target(f"{part}-yaml", run, seeds, words=_pack_words)


def _deep_seeds() -> Iterator[tuple[str, bytes]]:
    """Nesting just past the parser's limit, in each style the hypothesis tests build."""
    from decision_aid.content.parse import MAX_DEPTH
    from tests.content.hostile import STYLES, deep_yaml

    for style in (*STYLES, "block-map"):
        yield f"deep-{style}.yaml", deep_yaml(style, MAX_DEPTH + 2)


def _first_option_id(folder: Path) -> bytes | None:
    found = re.search(rb"^  - id: ([a-z0-9_]+)", (folder / "content.yaml").read_bytes(), re.M)
    return b"id: " + found.group(1) if found else None


# ---------------------------------------------------------------- whole packs


def zip_entries(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]] | None:
    """The entries of an input that is a readable zip archive; None when it is not one."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > 600:
                return None
            entries = []
            for info in infos:
                if info.file_size > 4 << 20:
                    return None
                entries.append((info, b"" if info.is_dir() else zf.read(info)))
            return entries
    except Exception:  # the harness's own reading; the loader reads the bytes itself
        return None


def make_zip(entries: list[tuple[str, bytes]], top: str = "", stored: bool = False) -> bytes:
    buffer = BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", method) as zf:
        for name, data in entries:
            zf.writestr(top + name, data)
    return buffer.getvalue()


def _folder_entries(folder: Path) -> list[tuple[str, bytes]]:
    return [
        (path.relative_to(folder).as_posix(), path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    ]


def _archive_pack_id(entries: list[tuple[zipfile.ZipInfo, bytes]] | None) -> str:
    for info, data in entries or []:
        if PurePosixPath(info.filename).name in ("pack.yaml", "pack.yml", "pack.json"):
            found = _ID.search(data) or _JSON_ID.search(data)
            if found:
                return found.group(1).decode()[:64]
    return "pack"


def _whole_pack_seeds() -> Iterator[tuple[str, bytes]]:
    for pack_id, folder in _base_packs().items():
        entries = _folder_entries(folder)
        yield f"{pack_id}.zip", make_zip(entries)
        yield f"{pack_id}-in-folder.zip", make_zip(entries, top=f"{pack_id}/")
        if pack_id == "minimal":
            yield f"{pack_id}-stored.zip", make_zip(entries, stored=True)
    for path in sorted(INVALID.iterdir()):
        if path.is_dir():
            yield f"invalid-{path.name}.zip", make_zip(_folder_entries(path))
        elif path.suffix == ".zip":
            yield f"invalid-{path.name}", path.read_bytes()


def _archive_run(data: bytes) -> None:
    """The input is the archive itself, named after the id its pack.yaml gives."""
    name = _archive_pack_id(zip_entries(data))
    work = workspace().fresh("archive")
    archive = work / f"{name}.zip"
    archive.write_bytes(data)
    _load_pack_both_ways(archive)


_UNSAFE_NAME = re.compile(r"(^/)|(\\)|(\x00)|(^|/)\.\.?(/|$)")


def _inside(folder: Path, rel: str) -> Path | None:
    """Where an entry goes in ``folder``, its parent folders made; None when a parent is
    a link or a file (nothing is ever written through a link, or outside ``folder``)."""
    current = folder
    for part in rel.split("/")[:-1]:
        current = current / part
        if current.is_symlink():
            return None
        if not current.exists():
            current.mkdir()
        elif not current.is_dir():
            return None
    return current / rel.rsplit("/", maxsplit=1)[-1]


def _folder_run(data: bytes) -> None:
    """The input's zip entries become a pack folder: files, folders, and the links and
    FIFOs that the entries' Unix modes ask for (a folder can hold those; an archive's
    loader sees only their modes). An entry whose name is taken already is left out."""
    entries = zip_entries(data)
    if entries is None:
        return
    name = _archive_pack_id(entries)
    work = workspace().fresh("folder")
    folder = work / name
    folder.mkdir()
    for info, content in entries:
        rel = info.filename.rstrip("/")
        if not rel or _UNSAFE_NAME.search(rel) or len(rel) > 200:
            continue
        mode = info.external_attr >> 16
        try:
            target = _inside(folder, rel)
            if target is None or target.is_symlink() or target.exists():
                continue
            if info.is_dir() or stat.S_ISDIR(mode):
                target.mkdir()
            elif stat.S_ISLNK(mode):
                link = content.decode("utf-8", "replace").replace("\x00", "")[:200]
                os.symlink(link or ".", target)
            elif stat.S_ISFIFO(mode):
                os.mkfifo(target)
            else:
                flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                with open(os.open(target, flags, 0o644), "wb") as handle:
                    handle.write(content)
        except (OSError, ValueError):
            continue  # a name the file system refuses is left out
    _load_pack_both_ways(folder)


# ---------------------------------------------------------------- sessions and drafts


def allowed_session_errors() -> tuple[type[BaseException], ...]:
    from decision_aid.session.reading import SessionReadError

    return (SessionReadError,)


_LOADED_PACKS: dict[str, object] = {}


def _loaded(pack_id: str) -> object | None:
    """A shipped pack, loaded once, to check a record against (as ``report build`` does)."""
    from decision_aid.content.loader import load_pack

    bases = _base_packs()
    if pack_id not in bases:
        return None
    if pack_id not in _LOADED_PACKS:
        _LOADED_PACKS[pack_id] = load_pack(bases[pack_id], check_review=False)
    return _LOADED_PACKS[pack_id]


def _session_run(data: bytes) -> None:
    """A session file as ``report build`` and ``report fhir`` read it: parsed, then
    checked against its pack."""
    from decision_aid.content.loader import LoadedPack
    from decision_aid.session.check import describe_problems, session_problems
    from decision_aid.session.reading import SessionReadError, parse_session

    try:
        record = parse_session(data)
    except SessionReadError as exc:
        assert str(exc), "a refusal with no message"
        return
    loaded = _loaded(record.pack.id) or _loaded("minimal")
    assert isinstance(loaded, LoadedPack)
    problems = session_problems(record, loaded.pack, loaded.languages)
    describe_problems(record, loaded.pack, problems)


def _session_seeds() -> Iterator[tuple[str, bytes]]:
    for path in sorted(EXAMPLES.glob("*.session.json")):
        yield path.name, path.read_bytes()


def _hostile_session_seeds() -> Iterator[tuple[str, bytes]]:
    """The example, bent the ways the session reader refuses (see its tests)."""
    name, data = next(_session_seeds())
    text = data.decode()
    yield "bom-" + name, b"\xef\xbb\xbf" + data
    yield "twice-" + name, text.replace('"step":', '"step": "grid", "step":', 1).encode()
    yield "nan-" + name, text.replace('"importance": 4', '"importance": NaN', 1).encode()
    yield "hex-" + name, text.replace('"importance": 4', '"importance": "0x4"', 1).encode()
    yield (
        "long-number-" + name,
        text.replace('"importance": 4', '"importance": 4' + "0" * 40, 1).encode(),
    )
    yield "deep.json", b'{"a": ' * 30 + b"1" + b"}" * 30


DRAFT_MODES = (b"F", b"P", b"I")
"""First byte of a draft input: the rest is the draft File's bytes; the Plain record,
encrypted and saved as a draft; or the drafts' Index, next to one good draft."""
STAMP = b'"STAMP"'
"""In an index input, stands for the good draft's real stamp (which no input can know)."""


def _draft_store(folder: Path) -> object:
    from decision_aid.session.store import DraftStore

    key = folder / "config" / "draft.key"
    key.parent.mkdir(mode=0o700)
    fd = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with open(fd, "wb") as handle:
        handle.write(FUZZ_KEY)
    return DraftStore(folder / "drafts", key)


def encrypt_draft(plain: bytes) -> bytes:
    """A draft file holding ``plain`` as its record, in the store's current format."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from decision_aid.session.draft_key import key_id
    from decision_aid.session.store import MAGIC, NONCE_SIZE

    header = MAGIC + key_id(FUZZ_KEY)
    nonce = secrets.token_bytes(NONCE_SIZE)
    return header + nonce + AESGCM(FUZZ_KEY).encrypt(nonce, plain, header)


def _draft_run(data: bytes) -> None:
    """A draft as the recovery banner lists it and as recovering opens it."""
    from decision_aid.session.store import DraftError, DraftStore

    mode, rest = data[:1], data[1:]
    work = workspace().fresh("draft")
    store = _draft_store(work)
    assert isinstance(store, DraftStore)
    store.drafts_dir.mkdir(mode=0o700)
    found = _JSON_ID.search(rest) if mode == b"P" else None
    record_id = found.group(1).decode() if found else DRAFT_ID
    path = store.drafts_dir / f"{record_id}.draft"
    if mode == b"P":
        path.write_bytes(encrypt_draft(rest))
    elif mode == b"I":
        seed = next(_unfinished_sessions())[1]
        good = _JSON_ID.search(seed)
        assert good is not None
        path = store.drafts_dir / f"{good.group(1).decode()}.draft"
        path.write_bytes(encrypt_draft(seed))
        info = path.stat()
        real = f"[{info.st_size},{info.st_mtime_ns},{info.st_ctime_ns},{info.st_ino}]"
        (store.drafts_dir / "drafts.index").write_bytes(rest.replace(STAMP, real.encode()))
    else:
        path.write_bytes(rest)
    try:
        store.unfinished()
        if path.exists():
            with contextlib.suppress(DraftError):
                store.load(path)
        store.unfinished()
    finally:
        for lock in list(store._locks):
            store.release(lock)


def _unfinished_sessions() -> Iterator[tuple[str, bytes]]:
    """The example sessions as drafts hold them: not finished yet."""
    for name, data in _session_seeds():
        record = json.loads(data)
        record["finished"] = None
        yield name, json.dumps(record, indent=2).encode()


def _draft_seeds() -> Iterator[tuple[str, bytes]]:
    for name, data in _session_seeds():
        yield f"plain-finished-{name}", b"P" + data
    for name, data in _unfinished_sessions():
        yield f"plain-{name}", b"P" + data
        named = _JSON_ID.sub(f'"id": "{DRAFT_ID}"'.encode(), data, count=1)
        yield f"file-{name}", b"F" + encrypt_draft(named)
    yield "index-empty", b'I{"format": 1, "drafts": {}}'
    yield "index-good", b"I" + _good_index()


def _good_index() -> bytes:
    """The index the store writes for the first example session's draft, its stamp
    replaced by the placeholder."""
    from decision_aid.session.draft_index import DraftIndex
    from decision_aid.session.reading import parse_session
    from decision_aid.session.store import DraftStore

    work = workspace().fresh("index-seed")
    store = _draft_store(work)
    assert isinstance(store, DraftStore)
    record = parse_session(next(_unfinished_sessions())[1])
    store.save(record)
    store.release(record.id)
    index = DraftIndex(store.drafts_dir)
    raw = index.path.read_bytes()
    return re.sub(rb'"stamp":\[[0-9,]+\]', b'"stamp":' + STAMP, raw)


def allowed_draft_errors() -> tuple[type[BaseException], ...]:
    from decision_aid.session.store import DraftError

    return (DraftError,)


TARGETS: dict[str, tuple[Target, Callable[[], tuple[type[BaseException], ...]]]] = {}
"""Every target, with the loader's own error types it may raise."""


def _register() -> None:
    TARGETS["pack-yaml"] = (_single_file_target("pack"), allowed_pack_errors)
    TARGETS["content-yaml"] = (_single_file_target("content"), allowed_pack_errors)
    TARGETS["pack-archive"] = (
        Target(
            "pack-archive", _archive_run, _whole_pack_seeds, structured_zip=True, words=_pack_words
        ),
        allowed_pack_errors,
    )
    TARGETS["pack-folder"] = (
        Target(
            "pack-folder", _folder_run, _whole_pack_seeds, structured_zip=True, words=_pack_words
        ),
        allowed_pack_errors,
    )
    TARGETS["session"] = (
        Target(
            "session",
            _session_run,
            lambda: chain(_session_seeds(), _hostile_session_seeds()),
            words=_session_words,
        ),
        allowed_session_errors,
    )
    TARGETS["draft"] = (
        Target("draft", _draft_run, _draft_seeds, words=_session_words),
        allowed_draft_errors,
    )


_register()


def feed(name: str, data: bytes) -> None:
    """Run one input through a target; the loader's own errors are an allowed outcome."""
    target, allowed = TARGETS[name]
    try:
        target.run(data)
    except allowed():
        pass


def regression_inputs(name: str) -> list[Path]:
    folder = REGRESSIONS / name
    return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
