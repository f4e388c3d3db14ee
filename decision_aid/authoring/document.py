"""A pack open for editing: its files as round-trip trees, checked after every change.

:class:`PackDocument` reads a pack's ``pack.yaml``, ``content.yaml`` and translation files
with ruamel.yaml's round-trip loader (JSON files with the standard library), so that a
value can be read and set at a place such as ``("content.yaml", "questions", 2,
"answers", "surgery", "text")``. After each change the whole pack is checked in memory
by the real loader (:func:`decision_aid.content.loader.load_pack`): the bytes checked are
exactly the bytes :meth:`PackDocument.save` would write, so what is checked is what is
saved.

Saving keeps the author's file as written. Comments, the order of keys, quotes and block
styles stay; a changed text keeps its style, and a folded text (``>-``) keeps the line
breaks of every line it shares with the old text, so editing a few words of one cell
changes one line of the file. Where ruamel would write part of a file differently from
the author (another indentation, a long line wrapped by hand), only the lines that
really changed are taken from ruamel's output; the rest stay byte for byte (see
:mod:`.layout`). Saving writes every changed file at once, atomically, and refuses to
overwrite a file that was changed on disk since it was read.

Archives (``.zip``) open read-only: they are checked, previewed and linted, but edits go
into a pack folder. Every file is read through the pack's own readers (size and shape
limits) and its strict parser before ruamel sees it, so a hostile file is refused the
same way the library refuses it.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from decision_aid.atomic import write_all_atomic
from decision_aid.authoring.edits import (
    AddFile,
    DropFile,
    Edit,
    Insert,
    MemorySource,
    Put,
    Remove,
    parse_field_path,
)
from decision_aid.authoring.layout import (
    MISSING,
    DocumentError,
    PackFile,
    Where,
    new_file,
    plain,
    read_file,
    split_lines,
    styled,
    yaml_writer,
)
from decision_aid.content.errors import PackError, Problem
from decision_aid.content.loader import (
    TRANSLATIONS_DIR,
    LoadedPack,
    find_file,
    load_pack,
    translation_files,
)
from decision_aid.content.parse import ParseError, parse
from decision_aid.content.review import pack_review_hash, review_problems
from decision_aid.content.source import ArchiveSource, SourceError, open_source
from decision_aid.content.trust.verify import is_signed
from decision_aid.i18n import _

__all__ = [
    "MISSING",
    "AddFile",
    "Check",
    "DocumentError",
    "DropFile",
    "Edit",
    "Insert",
    "PackDocument",
    "Put",
    "Remove",
    "Where",
    "parse_field_path",
    "plain",
]


# ---------------------------------------------------------------- edits


@dataclass
class Check:
    """The pack as it stands, checked by the loader: loaded, or the problems found (a
    loaded pack may have problems too: a sign-off that no longer matches its content)."""

    loaded: LoadedPack | None
    problems: list[Problem] = field(default_factory=list)


Listener = Callable[[Where], None]


class PackDocument:
    """A pack folder (or, read-only, an archive) open for editing."""

    def __init__(self, path: Path) -> None:
        try:
            source = open_source(path)
            parts = {"pack": find_file(source, "pack"), "content": find_file(source, "content")}
            locales = translation_files(source)
            names = source.files()
        except SourceError as exc:
            raise DocumentError([Problem(exc.where, None, "(pack)", exc.message)]) from None
        missing = [
            Problem(
                source.display(stem + ".yaml"),
                None,
                "(file)",
                _("the pack has no {stem}.yaml (or {stem}.json); every pack needs one").format(
                    stem=stem
                ),
            )
            for stem, rel in parts.items()
            if rel is None
        ]
        if missing:
            raise DocumentError(missing)
        self.path = path
        self.source = source
        self.parts: dict[str, str] = {k: v for k, v in {**parts, **locales}.items() if v}
        """File by part: 'pack', 'content', or a locale code."""
        self.files: dict[str, PackFile] = {}
        problems: list[Problem] = []
        for rel in self.parts.values():
            try:
                self.files[rel] = read_file(source, rel)
            except DocumentError as exc:
                problems += exc.problems
        if problems:
            raise DocumentError(problems)
        self.others: dict[str, bytes] = {}
        """The pack's other files (the evidence summary ...), as read; never edited."""
        try:
            for rel in names:
                if rel not in self.files:
                    self.others[rel] = source.read(rel)
        except SourceError as exc:
            raise DocumentError([Problem(exc.where, None, "(file)", exc.message)]) from None
        self.read_only: str | None = None
        """Why the pack cannot be saved where it is (None: it can)."""
        if isinstance(source, ArchiveSource):
            self.read_only = _(
                "{path} is an archive, which opens read-only. To edit the pack, unpack it "
                "into a folder named after its id and open that folder."
            ).format(path=path)
        self.signed = is_signed(source)
        """True when the pack carries a signature, which a saved change leaves behind."""
        self._listeners: list[Listener] = []
        self._checked: tuple[tuple[int, ...], Check] | None = None
        self._quick: tuple[tuple[int, ...], Check] | None = None
        self.dropped: dict[str, PackFile] = {}
        """Files on disk that were taken out of the pack: saving deletes them."""

    # -- places ------------------------------------------------------------------

    def part_of(self, rel: str) -> str | None:
        """'pack', 'content' or the locale of a file of the pack."""
        for part, name in self.parts.items():
            if name == rel:
                return part
        return None

    def rel_of_display(self, display: str) -> str | None:
        """The file a problem names (as the loader shows it), as the pack names it."""
        for rel in (*self.files, *self.others):
            if self.source.display(rel) == display:
                return rel
        return None

    def where_of(self, problem: Problem) -> Where | None:
        """The place a problem points at, when it is in one of the edited files."""
        rel = self.rel_of_display(problem.file)
        if rel is None or rel not in self.files:
            return None
        translation = self.part_of(rel) not in ("pack", "content")
        return (rel, *parse_field_path(problem.path, translation=translation))

    # -- reading -----------------------------------------------------------------

    def node(self, where: Where) -> Any:
        """The round-trip node at ``where``; MISSING when nothing is there."""
        rel, *loc = where
        doc = self.files.get(str(rel))
        if doc is None:
            return MISSING
        node = doc.tree
        for step in loc:
            in_block = isinstance(node, dict) and isinstance(step, str) and step in node
            in_list = isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)
            if not (in_block or in_list):
                return MISSING
            node = node[step]
        return node

    def get(self, where: Where) -> Any:
        """The plain value at ``where`` (see :func:`plain`); MISSING when absent."""
        node = self.node(where)
        return MISSING if node is MISSING else plain(node)

    # -- changing ----------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(where)`` after every change; returns an unsubscribe function."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def put(self, where: Where, value: Any, order: Sequence[str] = (), *, like: Any = None) -> Put:
        """An edit that sets ``value`` at ``where`` (MISSING or None removes the key).

        The new node is written the way the old one was, or the way ``like`` was (the
        node before the author began typing, so that a space typed on the way to the
        next word never leaves quotes behind). A key not there yet goes before the first
        key that ``order`` puts after it (else at the end).
        """
        old = self.node(where)
        if value is None or value is MISSING:
            return Put(where, MISSING)
        node = styled(old if like is None else like, value)
        index = None
        if old is MISSING and order:
            parent = self.node(where[:-1])
            key = where[-1]
            if isinstance(parent, dict) and key in order:
                later = set(order[order.index(str(key)) + 1 :])
                keys = list(parent)
                index = next((i for i, k in enumerate(keys) if k in later), None)
        return Put(where, node, index)

    def insert(self, where: Where, value: Any) -> Insert:
        """An edit that inserts ``value`` into a list at the index that ends ``where``."""
        return Insert(where, styled(MISSING, value))

    def apply(self, edit: Edit) -> Edit:
        """Make one edit; returns the edit that undoes it."""
        if isinstance(edit, AddFile | DropFile):
            undo = self._add_file(edit) if isinstance(edit, AddFile) else self._drop(edit)
            self._changed(edit.where)
            return undo
        rel, *loc = edit.where
        doc = self.files.get(str(rel))
        if doc is None or not loc:
            raise KeyError(edit.where)
        parent = self.node(edit.where[:-1])
        key = loc[-1]
        _open_up(parent, edit)
        inverse: Edit
        if isinstance(edit, Put):
            inverse = self._put(parent, key, edit)
        elif isinstance(edit, Insert):
            if not isinstance(parent, CommentedSeq | list) or not isinstance(key, int):
                raise KeyError(edit.where)
            parent.insert(key, edit.node)
            if edit.comment is not None and isinstance(parent, CommentedSeq):
                parent.ca.items[key] = edit.comment
            inverse = Remove(edit.where)
        else:
            if not isinstance(parent, list) or not isinstance(key, int):
                raise KeyError(edit.where)
            comment = parent.ca.items.get(key) if isinstance(parent, CommentedSeq) else None
            node = parent[key]
            del parent[key]
            inverse = Insert(edit.where, node, comment)
        doc.version += 1
        self._changed(edit.where)
        return inverse

    def _changed(self, where: Where) -> None:
        self._checked = self._quick = None
        for listener in list(self._listeners):
            listener(where)

    def _add_file(self, edit: AddFile) -> DropFile:
        rel = str(edit.where[0])
        if rel in self.files or edit.part in self.parts:
            raise KeyError(edit.where)
        self.files[rel] = edit.file
        self.parts[edit.part] = rel
        self.dropped.pop(rel, None)
        return DropFile(edit.where)

    def _drop(self, edit: DropFile) -> AddFile:
        rel = str(edit.where[0])
        part = self.part_of(rel)
        if rel not in self.files or part in (None, "pack", "content"):
            raise KeyError(edit.where)
        assert part is not None
        doc = self.files.pop(rel)
        del self.parts[part]
        if doc.on_disk:
            self.dropped[rel] = doc
        return AddFile(edit.where, doc, part)

    def add_translation(self, locale: str, text: str) -> AddFile:
        """An edit that adds a translation file for ``locale`` holding ``text`` (see
        :func:`decision_aid.authoring.new_translation.translation_text`)."""
        rel = f"{TRANSLATIONS_DIR}/{locale}.yaml"
        if locale in self.parts or rel in self.others:
            raise DocumentError(
                [
                    Problem(
                        self.source.display(rel),
                        None,
                        "(file)",
                        _("the pack has a translation into this language already"),
                    )
                ]
            )
        return AddFile(
            (rel,), new_file(rel, text.encode("utf-8"), self.source.display(rel)), locale
        )

    def _put(self, parent: Any, key: str | int, edit: Put) -> Put:
        if isinstance(parent, dict) and isinstance(key, str):
            keys = list(parent)
            had = key in parent
            old = parent[key] if had else MISSING
            old_index = keys.index(key) if had else None
            old_comment = parent.ca.items.get(key) if isinstance(parent, CommentedMap) else None
            if edit.node is MISSING:
                if had:
                    del parent[key]
                    if isinstance(parent, CommentedMap):
                        parent.ca.items.pop(key, None)
            elif had and isinstance(parent, CommentedMap):
                # Put in place of the old key: assigning would keep the old node's quotes.
                del parent[key]
                parent.insert(old_index, key, edit.node)
            elif had:
                parent[key] = edit.node
            elif isinstance(parent, CommentedMap) and edit.index is not None:
                parent.insert(edit.index, key, edit.node)
            else:
                parent[key] = edit.node
            restore = edit.node is not MISSING and not had and edit.comment is not None
            if restore and isinstance(parent, CommentedMap):
                parent.ca.items[key] = edit.comment
            return Put(edit.where, old, old_index, old_comment)
        if isinstance(parent, list) and isinstance(key, int) and 0 <= key < len(parent):
            if edit.node is MISSING:
                raise KeyError(edit.where)
            old = parent[key]
            list.__setitem__(parent, key, edit.node)
            return Put(edit.where, old)
        raise KeyError(edit.where)

    def set(self, where: Where, value: Any, order: Sequence[str] = (), *, like: Any = None) -> Edit:
        """Set ``value`` at ``where`` now (see :meth:`put`); returns the edit that undoes it."""
        return self.apply(self.put(where, value, order, like=like))

    # -- checking ----------------------------------------------------------------

    def data(self, rel: str) -> bytes:
        """The bytes saving would write into ``rel`` now."""
        return self.files[rel].data()

    def versions(self) -> tuple[int, ...]:
        """One number per file that changes with every edit of it."""
        return tuple(doc.version for doc in self.files.values())

    def check(self) -> Check:
        """Load the pack as it stands, in memory, through the real loader: the bytes
        saving would write, so every problem names its line."""
        versions = self.versions()
        if self._checked is not None and self._checked[0] == versions:
            return self._checked[1]
        files = {**self.others, **{rel: doc.data() for rel, doc in self.files.items()}}
        result = self._load(files, {})
        self._checked = (versions, result)
        return result

    def quick_check(self) -> Check:
        """The same check, quicker: the files' data handed to the loader as JSON.

        Writing a file out as YAML is the slow part of :meth:`check` (a few tenths of a
        second for a large pack on a busy machine); its data as JSON is the same data,
        which :meth:`save` makes sure of. The problems name their files as the pack
        does, without a line: :meth:`check` gives the lines.
        """
        versions = self.versions()
        if self._quick is not None and self._quick[0] == versions:
            return self._quick[1]
        if self._checked is not None and self._checked[0] == versions:
            return self._checked[1]
        served = {rel: _as_json_name(rel) for rel in self.files}
        files = dict(self.others)
        for rel, doc in self.files.items():
            files[served[rel]] = json.dumps(plain(doc.tree), ensure_ascii=False).encode("utf-8")
        shown = {
            self.source.display(name): self.source.display(rel) for rel, name in served.items()
        }
        result = self._load(files, shown)
        self._quick = (versions, result)
        return result

    def _load(self, files: dict[str, bytes], shown: dict[str, str]) -> Check:
        """The loader's verdict on these files; ``shown``: file names to put back.

        A pack that says it is clinically reviewed loads even when its content changed
        after the sign-off, so that its author can go on; that problem is listed.
        """
        loaded: LoadedPack | None
        try:
            loaded = load_pack(self.path, MemorySource(self.source, files), check_review=False)
        except PackError as exc:
            loaded, problems = None, exc.problems
        else:
            current = pack_review_hash(loaded)
            problems = [
                loaded.problem("pack", loc, message, rule="review.sign-off")
                for loc, message in review_problems(loaded.meta, current)
            ]
        if shown:
            problems = [
                replace(p, file=shown[p.file], line=None) if p.file in shown else p
                for p in problems
            ]
        return Check(loaded, problems)

    def write_copy(self, folder: Path) -> Path:
        """Write the pack as it stands into ``folder``/<its name>, for a tool that works on
        a pack folder (a version bump, a sign-off); returns that folder."""
        target = folder / self.source.name
        for rel, data in {**self.others, **{r: d.data() for r, d in self.files.items()}}.items():
            path = target / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return target

    def edits_to(self, rel: str, raw: bytes) -> list[Edit]:
        """The edits that make ``rel`` hold the data of ``raw`` (that file as a tool wrote
        it): one per top-level field that differs, each written as the tool wrote it."""
        doc = self.files[rel]
        text = "".join(split_lines(raw)[0])
        new = json.loads(text) if doc.is_json else (doc.yaml or yaml_writer(2, 2, 0)).load(text)
        old = doc.tree
        if not isinstance(new, dict) or not isinstance(old, dict):
            raise ValueError(rel)
        edits: list[Edit] = []
        keys = list(new)
        for index, key in enumerate(keys):
            if key not in old or plain(old[key]) != plain(new[key]):
                edits.append(Put((rel, key), new[key], index if key not in old else None))
        edits += [Put((rel, key), MISSING) for key in old if key not in new]
        return edits

    def modified(self) -> list[str]:
        """The files whose bytes would change on saving (or that saving deletes)."""
        changed = [rel for rel, doc in self.files.items() if doc.data() != doc.raw]
        return changed + list(self.dropped)

    # -- saving ------------------------------------------------------------------

    def _reads_back(self, rel: str) -> bool:
        """True when the bytes saving would write read back as the data that was checked."""
        doc = self.files[rel]
        try:
            return bool(parse(rel, doc.data()).data == plain(doc.tree))
        except ParseError:
            return False

    def changed_on_disk(self) -> list[str]:
        """The files that were changed (or removed, or made) on disk since they were read
        (since the workbench made them, for a new file)."""
        changed = []
        for rel, doc in [*self.files.items(), *self.dropped.items()]:
            try:
                now: bytes | None = (self.path / rel).read_bytes()
            except FileNotFoundError:
                now = None
            except OSError:
                changed.append(rel)
                continue
            if now != (doc.raw if doc.on_disk else None):
                changed.append(rel)
        return changed

    def save(self, *, overwrite: bool = False) -> list[str]:
        """Write every changed file at once, atomically; returns the files written.

        Refuses (DocumentError) an archive, and, unless ``overwrite``, a file changed on
        disk since it was read: saving would lose that change.
        """
        if self.read_only is not None:
            raise DocumentError([Problem(str(self.path), None, "(pack)", self.read_only)])
        changed = self.modified()
        if not changed:
            return []
        if not overwrite:
            elsewhere = [rel for rel in self.changed_on_disk() if rel in changed]
            if elsewhere:
                raise DocumentError(
                    [
                        Problem(
                            self.source.display(rel),
                            None,
                            "(file)",
                            _(
                                "the file was changed on disk after it was opened here; saving "
                                "would lose that change. Reload the pack, or save anyway to "
                                "replace it"
                            ),
                        )
                        for rel in elsewhere
                    ]
                )
        written = [rel for rel in changed if rel in self.files]
        unfaithful = [rel for rel in written if not self._reads_back(rel)]
        if unfaithful:
            raise DocumentError(
                [
                    Problem(
                        self.source.display(rel),
                        None,
                        "(file)",
                        _(
                            "the file as it would be saved does not read back as edited, so it "
                            "was not saved; report this, with the pack, to the decision-aid "
                            "developers"
                        ),
                    )
                    for rel in unfaithful
                ]
            )
        writes = []
        for rel in written:
            target = self.path / rel
            try:
                mode = stat.S_IMODE(os.stat(target).st_mode)
            except OSError:
                mode = 0o644
            writes.append((target, self.files[rel].data(), mode))
        try:
            for target, _data, _mode in writes:
                target.parent.mkdir(parents=True, exist_ok=True)  # a new translations folder
            write_all_atomic(writes)
            for rel in list(self.dropped):
                (self.path / rel).unlink(missing_ok=True)
                doc = self.dropped.pop(rel)
                doc.raw, doc.lines, doc.base = b"", [], []
                doc.on_disk, doc.clean = False, -1
        except OSError as exc:
            raise DocumentError(
                [
                    Problem(
                        str(exc.filename or self.path),
                        None,
                        "(file)",
                        _("cannot be saved ({reason}); nothing was changed on disk").format(
                            reason=exc.strerror or exc
                        ),
                    )
                ]
            ) from exc
        for rel in written:
            doc = self.files[rel]
            doc.raw = doc.data()
            doc.lines, doc.bom, doc.newline = split_lines(doc.raw)
            doc.base = doc.write()
            doc.clean = doc.version
            doc.on_disk = True
        return changed


def _open_up(parent: Any, edit: Edit) -> None:
    """An empty ``{}`` that gets its first key, or an empty ``[]`` its first block, is
    written as a block from then on (``strings: {}`` of a new translation: one string a
    line, as the author would write them)."""
    first_key = isinstance(edit, Put) and edit.node is not MISSING
    first_block = isinstance(edit, Insert) and isinstance(edit.node, dict)
    container = CommentedMap if first_key else CommentedSeq if first_block else None
    empty = container is not None and isinstance(parent, container) and not parent
    if empty and parent.fa.flow_style():
        parent.fa.set_block_style()


def _as_json_name(rel: str) -> str:
    """The name a file's data has when handed to the loader as JSON."""
    return rel.rsplit(".", 1)[0] + ".json"
