"""Check an audit log's chain from its first line to its head, and name the first break.

Every line must be an entry (:mod:`.chain`) whose hash is the hash of its content, whose
number follows the one before, and whose link (``prev``) is that entry's hash; the last
entry must be the one the head file records (or a later one: the head lags when it
could not be written). The only line that may be no entry is one a crash cut short,
and only when the very next line is the ``audit.torn`` entry the app wrote about it. An
``audit.gap`` entry (the app found entries missing from the end) is always a break.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from decision_aid.audit.chain import GENESIS, Entry, NotAnEntryError, hash_holds, parse_entry
from decision_aid.audit.log import (
    Head,
    HeadError,
    HeadState,
    Line,
    head_path,
    lost_end,
    read_head,
    read_lines,
)
from decision_aid.i18n import _


@dataclass(frozen=True)
class Break:
    """The first broken link: where, what is wrong, and what to do."""

    line: int
    """The line it is on; for a break at the end, the line after the last."""
    problem: str
    fix: str
    at_end: bool = False
    """The log's end is not what its head records (nothing is wrong on a line)."""


@dataclass
class Verdict:
    """What checking a log found."""

    path: Path
    entries: int = 0
    last: Head | None = None
    broken: Break | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.broken is None


def evidence_fix() -> str:
    return _(
        "Keep the log and its head file as they are, as evidence, and tell whoever looks "
        "after the clinic's records. To start a new log, move both files elsewhere; the app "
        "starts a new one with the next event."
    )


def _torn_fix() -> str:
    return (
        _(
            "If decision-aid or the computer stopped while writing (a crash or a power cut), "
            "this is expected: the next event the app records notes the cut line and carries "
            "on. If nothing stopped then, the log was cut here."
        )
        + " "
        + evidence_fix()
    )


@dataclass
class _Walk:
    """The chain as far as it has been followed."""

    seq: int = 0
    link: str = GENESIS
    last_line: int = 0
    at_head: str | None = None
    """The hash of the entry numbered as the head, once passed."""
    cut: Line | None = None
    """A line that is no entry, waiting to see whether an ``audit.torn`` entry names it."""
    cut_problem: str = ""


def check_log(path: Path) -> Verdict:
    """Follow the chain of the log at ``path``. Raises OSError when the log cannot be read
    (FileNotFoundError when there is none and no head either)."""
    verdict = Verdict(path)
    state: HeadState = "ok"
    damage = ""
    try:
        head = read_head(path)
    except HeadError as exc:
        head, state, damage = None, "damaged", str(exc)
    if head is None and state == "ok":
        state = "missing"
    if not path.exists() and head is not None:
        verdict.broken = Break(
            1,
            _(
                "The log is missing, but its head file {head} records {count} entries: the "
                "log was removed or moved."
            ).format(head=head_path(path), count=head.seq),
            evidence_fix(),
        )
        return verdict
    walk = _Walk()
    for line in read_lines(path):
        broken = _step(walk, line, head, verdict)
        if broken is not None:
            verdict.broken = broken
            return verdict
    if walk.cut is not None:
        verdict.broken = Break(walk.cut.number, _not_entry(walk.cut_problem), evidence_fix())
        return verdict
    verdict.broken = _check_end(walk, head, state, path)
    if state == "damaged" and verdict.broken is not None:
        verdict.broken = Break(
            walk.last_line + 1,
            _("The head file {head} is damaged ({problem}).").format(
                head=head_path(path), problem=damage
            ),
            evidence_fix(),
            at_end=True,
        )
    if verdict.broken is None and head is not None and head.seq < walk.seq:
        verdict.notes.append(
            _(
                "The head file is {count} entries behind the log (it could not be updated "
                "then); the next event brings it up to date."
            ).format(count=walk.seq - head.seq)
        )
    return verdict


def _not_entry(problem: str) -> str:
    return _("The line is not an audit entry: {problem}.").format(problem=problem)


def _step(walk: _Walk, line: Line, head: Head | None, verdict: Verdict) -> Break | None:
    """Take one more line into the chain; the break it makes, if any."""
    if not line.complete:
        return Break(
            line.number,
            _("The last line is cut short: it has no end, so it is no whole entry."),
            _torn_fix(),
        )
    try:
        if line.content is None:
            raise NotAnEntryError(_("it is far longer than an entry"))
        entry = parse_entry(line.content)
    except NotAnEntryError as exc:
        if walk.cut is not None:
            return Break(walk.cut.number, _not_entry(walk.cut_problem), evidence_fix())
        walk.cut, walk.cut_problem = line, str(exc)
        return None
    if walk.cut is not None:
        cut = walk.cut
        if not _names_cut(entry, cut):
            return Break(cut.number, _not_entry(walk.cut_problem), evidence_fix())
        verdict.notes.append(
            _(
                "Line {cut} was cut short when decision-aid or the computer stopped while "
                "writing it; the app noted it on line {line}."
            ).format(cut=cut.number, line=line.number)
        )
        walk.cut = None
    elif entry.kind == "audit.torn":
        return Break(
            line.number,
            _("The entry says the line before it was cut short, but that line is whole."),
            evidence_fix(),
        )
    broken = _link(walk, line.number, entry)
    if broken is not None:
        return broken
    if entry.kind == "audit.gap":
        return Break(line.number, _gap_problem(entry), evidence_fix())
    walk.seq, walk.link, walk.last_line = entry.seq, entry.hash, line.number
    verdict.entries += 1
    verdict.last = Head(entry.seq, entry.hash)
    if head is not None and entry.seq == head.seq:
        walk.at_head = entry.hash
    return None


def _names_cut(entry: Entry, cut: Line) -> bool:
    return entry.kind == "audit.torn" and entry.fields == {
        "line": cut.number,
        "bytes": cut.size,
        "sha256": cut.sha256,
    }


def _link(walk: _Walk, number: int, entry: Entry) -> Break | None:
    """The break when ``entry`` does not hold, or does not follow on from the chain."""
    if not hash_holds(entry):
        return Break(
            number,
            _("The entry's content does not match its hash: it was changed after it was written."),
            evidence_fix(),
        )
    if entry.seq != walk.seq + 1:
        return Break(
            number,
            _(
                "The entry is number {found}, where number {expected} was due: entries "
                "were removed, added or moved here."
            ).format(found=entry.seq, expected=walk.seq + 1),
            evidence_fix(),
        )
    if entry.prev != walk.link:
        return Break(
            number,
            _(
                "The entry does not follow on from the one before it (its link to it is "
                "wrong): an entry before it was changed, replaced or moved."
            ),
            evidence_fix(),
        )
    return None


def _gap_problem(entry: Entry) -> str:
    found = entry.fields.get("found_seq")
    head_seq = entry.fields.get("head_seq")
    if head_seq is None:
        return _(
            "When the app wrote this entry, the log's head file was missing or damaged, so "
            "entries after number {found} may have been removed from the end."
        ).format(found=found)
    if isinstance(found, int) and isinstance(head_seq, int) and head_seq <= found:
        return _(
            "When the app wrote this entry, the log's entry {head} was not the one its head "
            "file recorded: the log was changed from there on, or replaced."
        ).format(head=head_seq)
    return _(
        "When the app wrote this entry, the log ended at entry {found} but its head file "
        "recorded entry {head}: entries were removed from the end, or the log was replaced."
    ).format(found=found, head=head_seq)


def _check_end(walk: _Walk, head: Head | None, state: HeadState, path: Path) -> Break | None:
    """The break at the end of the log: its head names an entry it does not end with."""
    last = Head(walk.seq, walk.link) if walk.seq else None
    after = walk.last_line + 1
    if head is not None and walk.at_head is not None and walk.at_head != head.hash:
        return Break(
            after,
            at_end=True,
            problem=_(
                "Entry {seq} is not the entry the head file {head} records: the log was "
                "changed from there on, or replaced."
            ).format(seq=head.seq, head=head_path(path)),
            fix=evidence_fix(),
        )
    if not lost_end(last, walk.last_line > 0, head, state):
        return None
    if head is None:
        return Break(
            after,
            at_end=True,
            problem=_(
                "The head file {head} is missing, so the end of the log cannot be "
                "confirmed: entries may have been removed from the end."
            ).format(head=head_path(path)),
            fix=evidence_fix(),
        )
    return Break(
        after,
        at_end=True,
        problem=_(
            "The log ends at entry {found}, but its head file {head} records entry "
            "{recorded}: entries were removed from the end, or the log was replaced."
        ).format(found=walk.seq, head=head_path(path), recorded=head.seq),
        fix=evidence_fix(),
    )
