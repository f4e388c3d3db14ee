"""What a group has said, as counts only.

Anonymity by design:

* A participant's page carries a one-time **ballot**: a random id held in memory only
  until their answers are counted. The page keeps their choices until they press Send,
  so they may change any rating freely before then; once sent, the answers are added to
  the counts once and the ballot is forgotten. A replayed ballot is refused.
* Nothing per participant is kept after counting: the counts are tallies per concern
  and per leaning, with no link between one person's answers.
* A concern's **spread** is shown only once at least ``threshold`` people have answered
  it, and it then changes only in steps of at least ``threshold`` new answers, so that
  nobody can be singled out by watching the projector change as they press Send.
* The **leanings** tally is shown only when the facilitator reveals it, under the same
  threshold and steps.
* Questions are text only, with no sender; the facilitator can hide any of them.
"""

from __future__ import annotations

import secrets
import threading
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from decision_aid.i18n import N_, _

SCALE = (N_("Not at all"), N_("A little"), N_("Somewhat"), N_("A lot"), N_("Extremely"))
"""The five steps of the importance scale, 0 to 4 (the values step's scale)."""
UNSURE = "unsure"
"""The leaning of someone who is not sure yet."""
TOKEN_BYTES = 32
"""The join token's randomness: 256 bits (at least 128 are required)."""
MAX_PENDING = 2000
"""Most ballots handed out and not yet sent; the oldest is dropped beyond it."""
MAX_QUESTIONS = 300
"""Most questions one session takes."""
MAX_QUESTION_CHARS = 500
"""Most characters in one question."""
MAX_HANDS = 1000
"""Most people one show-of-hands entry may add."""


class GroupError(ValueError):
    """A refused request or entry, with a message for the person who made it."""


class BallotError(GroupError):
    """A ballot that is unknown or already counted (a replay, or a page from before)."""


@dataclass(frozen=True)
class Spread:
    """How much one concern matters to the people here."""

    concern_id: str
    answered: int
    """Everyone who has answered it so far."""
    shown: tuple[int, ...] | None
    """People per step of the scale, as last shown; None until the threshold is reached."""

    @property
    def shown_total(self) -> int:
        return sum(self.shown) if self.shown else 0


@dataclass(frozen=True)
class Question:
    """A question from the group, with no sender."""

    number: int
    text: str
    hidden: bool = False


class _Tally:
    """Live counts plus the counts last shown, which follow the live ones only in steps
    of at least ``threshold`` new answers."""

    def __init__(self, keys: tuple[str, ...], threshold: int) -> None:
        self.live = dict.fromkeys(keys, 0)
        self.shown: dict[str, int] | None = None
        self.threshold = threshold

    @property
    def total(self) -> int:
        return sum(self.live.values())

    def add(self, key: str, n: int = 1) -> None:
        self.live[key] += n
        self.publish()

    def publish(self) -> None:
        shown_total = sum(self.shown.values()) if self.shown else 0
        if self.total - shown_total >= self.threshold:
            self.shown = dict(self.live)


def clean_text(text: str) -> str:
    """A question as it may be shown: control and formatting characters removed (bidi
    overrides among them), spaces collapsed."""
    kept = "".join(
        " " if ch in "\r\n\t" else ch
        for ch in text
        if ch in "\r\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )
    return " ".join(kept.split())


class GroupCounts:
    """The counts of one group session for one pack. Safe to use from many threads."""

    def __init__(
        self,
        concern_ids: tuple[str, ...],
        option_ids: tuple[str, ...],
        *,
        threshold: int = 5,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        if threshold < 1:
            raise ValueError(threshold)
        self.threshold = threshold
        self.concern_ids = concern_ids
        self.option_ids = option_ids
        self.leaning_keys = (*(f"option:{o}" for o in option_ids), UNSURE)
        self.token = secrets.token_urlsafe(TOKEN_BYTES)
        self._lock = threading.Lock()
        self._pending: dict[str, None] = {}
        self._concerns = {
            c: _Tally(tuple(str(i) for i in range(5)), threshold) for c in concern_ids
        }
        self._leanings = _Tally(self.leaning_keys, threshold)
        self._revealed = False
        self._sent = 0
        self._hands_people = 0
        self._questions: list[Question] = []
        self._closed = False
        self._on_change = on_change
        self.version = 0

    # -- the participants' side --------------------------------------------------------

    def token_matches(self, token: str) -> bool:
        return secrets.compare_digest(token.encode(), self.token.encode())

    def issue_ballot(self) -> str:
        """A new one-time ballot for one participant's page."""
        ballot = secrets.token_urlsafe(16)
        with self._lock:
            self._refuse_when_closed()
            self._pending[ballot] = None
            while len(self._pending) > MAX_PENDING:
                del self._pending[next(iter(self._pending))]
        return ballot

    def send(self, ballot: str, ratings: Mapping[str, int], leaning: str | None) -> None:
        """Count one participant's answers once. Raises GroupError for a ballot that is
        unknown or already counted, an unknown concern or leaning, or a rating off the scale."""
        for concern, value in ratings.items():
            if concern not in self._concerns:
                raise GroupError(
                    _("There is no concern '{id}' in this session.").format(id=concern)
                )
            if type(value) is not int or not 0 <= value < len(SCALE):
                raise GroupError(_("A rating must be a whole number from 0 to 4."))
        if leaning is not None and leaning not in self.leaning_keys:
            raise GroupError(_("There is no leaning '{id}' in this session.").format(id=leaning))
        if not ratings and leaning is None:
            raise GroupError(_("There is nothing to send yet."))
        with self._lock:
            self._refuse_when_closed()
            if ballot not in self._pending:
                raise BallotError(_("These answers were already counted, or the page is too old."))
            del self._pending[ballot]
            for concern, value in ratings.items():
                self._concerns[concern].add(str(value))
            if leaning is not None:
                self._leanings.add(leaning)
            self._sent += 1
        self._changed()

    def ask(self, text: str) -> Question:
        """Add a question (no sender is kept)."""
        cleaned = clean_text(text)
        if not cleaned:
            raise GroupError(_("Write a question first."))
        if len(cleaned) > MAX_QUESTION_CHARS:
            raise GroupError(_("A question can have at most 500 characters."))
        with self._lock:
            self._refuse_when_closed()
            if len(self._questions) >= MAX_QUESTIONS:
                raise GroupError(_("This session takes no more questions."))
            question = Question(len(self._questions) + 1, cleaned)
            self._questions.append(question)
        self._changed()
        return question

    # -- the facilitator's side --------------------------------------------------------

    def hide_question(self, number: int, hidden: bool = True) -> None:
        with self._lock:
            for index, question in enumerate(self._questions):
                if question.number == number:
                    self._questions[index] = Question(number, question.text, hidden)
        self._changed()

    def add_hands(self, concern_id: str, step: int, people: int) -> None:
        """A show of hands: ``people`` raised a hand for ``step`` of the scale on a concern."""
        self._check_hands(people)
        if concern_id not in self._concerns or not 0 <= step < len(SCALE):
            raise GroupError(_("Choose a concern and a step of the scale."))
        with self._lock:
            self._refuse_when_closed()
            self._concerns[concern_id].add(str(step), people)
        self._changed()

    def add_hands_leaning(self, leaning: str, people: int) -> None:
        """A show of hands for one leaning."""
        self._check_hands(people)
        if leaning not in self.leaning_keys:
            raise GroupError(_("There is no leaning '{id}' in this session.").format(id=leaning))
        with self._lock:
            self._refuse_when_closed()
            self._leanings.add(leaning, people)
        self._changed()

    def add_hands_people(self, people: int) -> None:
        """People in the room who answer by show of hands, for the record's count."""
        self._check_hands(people)
        with self._lock:
            self._refuse_when_closed()
            self._hands_people += people
        self._changed()

    def reveal_leanings(self, revealed: bool = True) -> None:
        with self._lock:
            self._revealed = revealed
        self._changed()

    def close(self) -> None:
        """End the session: no more answers; every unsent ballot is forgotten."""
        with self._lock:
            self._closed = True
            self._pending.clear()
        self._changed()

    # -- what may be shown -------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def participants(self) -> int:
        """People who sent answers from a phone plus those counted by show of hands."""
        return self._sent + self._hands_people

    @property
    def sent(self) -> int:
        return self._sent

    @property
    def hands_people(self) -> int:
        return self._hands_people

    def spreads(self) -> list[Spread]:
        with self._lock:
            out = []
            for concern_id, tally in self._concerns.items():
                shown = None
                if tally.shown is not None:
                    shown = tuple(tally.shown[str(i)] for i in range(len(SCALE)))
                out.append(Spread(concern_id, tally.total, shown))
            return out

    @property
    def leanings_revealed(self) -> bool:
        return self._revealed

    @property
    def leanings_answered(self) -> int:
        return self._leanings.total

    def leanings(self) -> dict[str, int] | None:
        """The leanings tally as last shown; None unless revealed and over the threshold."""
        with self._lock:
            if not self._revealed or self._leanings.shown is None:
                return None
            return dict(self._leanings.shown)

    def questions(self, *, include_hidden: bool = False) -> list[Question]:
        with self._lock:
            return [q for q in self._questions if include_hidden or not q.hidden]

    # -- helpers -----------------------------------------------------------------------

    def _check_hands(self, people: int) -> None:
        if type(people) is not int or not 1 <= people <= MAX_HANDS:
            raise GroupError(_("Enter a number of people from 1 to 1000."))

    def _refuse_when_closed(self) -> None:
        if self._closed:
            raise GroupError(_("This group session has ended."))

    def _changed(self) -> None:
        with self._lock:
            self.version += 1
        if self._on_change is not None:
            self._on_change()
