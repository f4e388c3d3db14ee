"""The library index as a Qt table model, and a filter for the search box."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from decision_aid.i18n import N_, _, format_date, native_name, ngettext, translate
from decision_aid.ui.plain_text import tooltip, typed

if TYPE_CHECKING:
    from decision_aid.content.library import Entry
    from decision_aid.content.model import PackMeta

COLUMNS = (N_("Title"), N_("Version"), N_("Languages"), N_("Expires"), N_("Status"))
STATUS_COLUMN = 4
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


def language_names(codes: list[str]) -> str:
    """'English, Cymraeg, Polski, العربية': each language by its own name, each name kept
    in its own direction (an Arabic name in a Welsh list, a Welsh one in an Arabic list)."""
    return ", ".join(typed(native_name(code)) for code in codes)


def duplicate_text(entry: Entry) -> str | None:
    """What the status says about other copies of the same pack id; None when there are none."""
    used = entry.used_instead
    if used is not None and used.meta is not None:
        return _("Duplicate, not used: version {version} is used").format(version=used.meta.version)
    if entry.duplicates:
        return ngettext(
            "Used; {n} other copy is not used",
            "Used; {n} other copies are not used",
            len(entry.duplicates),
        ).format(n=len(entry.duplicates))
    return None


def status_text(entry: Entry, today: date, dates: Callable[[date], str] = format_date) -> str:
    """The status column, translated (``dates`` writes a date)."""
    if not entry.valid or entry.meta is None:
        return _("Invalid: cannot be opened")
    parts = []
    if (duplicate := duplicate_text(entry)) is not None:
        parts.append(duplicate)
    if entry.expired(today):
        parts.append(_("Expired {date}").format(date=dates(entry.meta.expires)))
    elif entry.meta.review_due < today:
        parts.append(_("Review overdue"))
    trust = entry.trust
    if trust is not None and trust.expires is not None and trust.frozen(today):
        parts.append(_("Signature expired {date}").format(date=dates(trust.expires)))
    if entry.meta.review.status == "example":
        parts.append(_("Example — not clinically reviewed"))
    else:
        parts.append(
            _("Reviewed by {who} on {date}").format(
                who=entry.meta.review.reviewer, date=entry.meta.review.date
            )
        )
    if trust is not None and not trust.verified:
        parts.append(_("Unverified content"))
    elif trust is not None and trust.status == "publisher":
        parts.append(_("Signed by {publisher}").format(publisher=trust.publisher))
    return "; ".join(parts)


class LibraryModel(QAbstractTableModel):
    """Rows are library entries; the model owns no state beyond the list it is given, and
    each pack's metadata in the screen language (see :meth:`set_local_meta`)."""

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__()
        self._entries: list[Entry] = []
        self._local: dict[Entry, PackMeta] = {}
        self._today = today
        self._search: list[str] | None = None
        self._texts: dict[tuple[int, date], list[str]] = {}
        self._dates: dict[date, str] = {}
        self._languages: dict[tuple[str, ...], str] = {}
        self.generation = 0
        """Changes whenever the rows' texts may have changed (see :meth:`search_texts`)."""

    def set_entries(self, entries: list[Entry], local: dict[Entry, PackMeta] | None = None) -> None:
        """Show ``entries``; with ``local``, these packs' metadata in the screen language
        (see :meth:`set_local_meta`), in the same reset: the table then measures its
        columns once, not twice, over every pack."""
        self.beginResetModel()
        self._entries = list(entries)
        if local is not None:
            self._local = dict(local)
        else:
            kept = set(self._entries)
            self._local = {e: meta for e, meta in self._local.items() if e in kept}
        self._changed()
        self.endResetModel()

    def _changed(self) -> None:
        self._search = None
        self._texts = {}
        self._dates: dict[date, str] = {}
        self._languages: dict[tuple[str, ...], str] = {}
        self.generation += 1

    def _date(self, day: date) -> str:
        """``format_date``, once per distinct date (10 000 packs share a few dozen)."""
        text = self._dates.get(day)
        if text is None:
            text = self._dates[day] = format_date(day)
        return text

    def set_local_meta(self, local: dict[Entry, PackMeta]) -> None:
        """Show these packs' titles and details in the screen language (the others as
        written, in their source language)."""
        self._local = dict(local)
        self._changed()
        if self._entries:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._entries) - 1, len(COLUMNS) - 1)
            )

    def meta(self, entry: Entry) -> PackMeta | None:
        """The entry's metadata in the screen language when the pack has that translation,
        else as written; None when it could not be read."""
        return self._local.get(entry, entry.meta)

    def entries(self) -> list[Entry]:
        return list(self._entries)

    def search_texts(self) -> list[str]:
        """Each row's searchable text, lower-case: made once per list of entries (and per
        screen language), so that a search of 10 000 packs only compares strings."""
        if self._search is None:
            self._search = [self._search_text(entry) for entry in self._entries]
        return self._search

    def column_texts(self, column: int) -> list[str]:
        """The distinct texts of ``column`` over every row, as shown (for the column widths:
        10 000 packs have few versions, dates and statuses)."""
        today = self._today()
        key = (column, today)
        texts = self._texts.get(key)
        if texts is None:
            texts = sorted({self._display(entry, column, today) for entry in self._entries})
            self._texts[key] = texts
        return texts

    def _search_text(self, entry: Entry) -> str:
        meta = entry.meta
        if meta is None:
            return entry.id.lower()
        words = [meta.id, meta.title, meta.condition, meta.decision, *meta.keywords]
        local = self._local.get(entry)
        if local is not None:  # either language finds it
            words += [local.title, local.condition, local.decision, *local.keywords]
        return " ".join(words).lower()

    def entry(self, row: int) -> Entry:
        return self._entries[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return translate(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if role == ENTRY_ROLE:
            return entry
        if role == SEARCH_ROLE:
            return self._search_text(entry)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(str(self.data(index, Qt.ItemDataRole.DisplayRole)))
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, column)
        if role == Qt.ItemDataRole.ForegroundRole and column in (1, 3, STATUS_COLUMN):
            from PySide6.QtGui import QColor

            if column == 1:  # a duplicate that is not used shows it by its version too
                return QColor("#b00020") if not entry.used else None
            today = self._today()
            if not entry.valid or not entry.used or entry.expired(today) or entry.frozen(today):
                return QColor("#b00020")
        return None

    def _display(self, entry: Entry, column: int, today: date | None = None) -> str:
        meta = entry.meta
        if column == 0:
            local = self.meta(entry)
            return local.title if local else entry.path.name
        if column == 1:
            return meta.version if meta else "—"
        if column == 2:
            if meta is None:
                return "—"
            codes = tuple(entry.languages)
            names = self._languages.get(codes)
            if names is None:
                names = self._languages[codes] = language_names(entry.languages)
            return names
        if column == 3:
            return self._date(meta.expires) if meta else "—"
        return status_text(entry, self._today() if today is None else today, self._date)


class LibraryFilter(QSortFilterProxyModel):
    """Keeps the rows whose title, condition, decision, id or keywords hold every word typed.

    Every row is matched at once, in Python, when the query or the rows change (see
    :attr:`LibraryModel.generation`); Qt then asks row by row, and each answer is one list
    look-up, so a search of 10 000 packs costs little more than Qt's own filtering.
    """

    def __init__(self) -> None:
        super().__init__()
        self._words: list[str] = []
        self._accepted: list[bool] = []
        self._generation = -1
        self._library: LibraryModel | None = None

    def setSourceModel(self, model: QAbstractItemModel) -> None:  # noqa: N802
        self._library = model if isinstance(model, LibraryModel) else None
        self._generation = -1
        super().setSourceModel(model)

    def set_query(self, text: str) -> None:
        self._words = text.lower().split()
        self._generation = -1
        # The mapping made anew in one layout change: removing and inserting the rows run
        # by run signals the table thousands of times when the matches are scattered.
        self.invalidate()

    def _match(self, library: LibraryModel) -> None:
        texts = library.search_texts()
        words = self._words
        if not words:
            self._accepted = [True] * len(texts)
        elif len(words) == 1:
            word = words[0]
            self._accepted = [word in text for text in texts]
        else:
            self._accepted = [all(word in text for word in words) for text in texts]
        self._generation = library.generation

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        library = self._library
        if library is not None:
            if self._generation != library.generation:
                self._match(library)
            return source_row < len(self._accepted) and self._accepted[source_row]
        model = self.sourceModel()
        haystack = str(model.data(model.index(source_row, 0, source_parent), SEARCH_ROLE))
        return all(word in haystack for word in self._words)
