"""The workbench's actions on a whole pack: a new pack (from the template or a
spreadsheet), a new translation, a version bump, a review sign-off, and Compare with….

The version bump and the sign-off run the authoring tools on a copy of the pack as it
stands and come back as one undoable step (:mod:`.tools`); a new pack is written by the
template and then opened; Compare with… compares another version, a folder or an
archive, with the pack as it stands.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from decision_aid.authoring.compare import Change, compare_packs
from decision_aid.authoring.document import DocumentError
from decision_aid.authoring.errors import AuthoringError
from decision_aid.authoring.new_translation import locale_problem, translation_text
from decision_aid.authoring.review import record_sign_off
from decision_aid.authoring.sheet import read_grid
from decision_aid.authoring.template import Grid, new_pack
from decision_aid.authoring.versions import Part, bump_version
from decision_aid.content.errors import PackError
from decision_aid.content.library import user_packs_dir
from decision_aid.content.loader import LoadedPack, load_pack
from decision_aid.i18n import _, native_name
from decision_aid.ui.author.compare_view import CompareDialog, where_of_change
from decision_aid.ui.author.form import EditRequest
from decision_aid.ui.author.pack_dialogs import (
    BumpDialog,
    NewPackDialog,
    SignOffDialog,
    TranslationDialog,
)
from decision_aid.ui.author.tools import ToolError, tool_edits
from decision_aid.ui.plain_text import ask, typed

if TYPE_CHECKING:
    from decision_aid.ui.author.window import AuthorWindow


class PackActions(QObject):
    """What the Pack menu (and File › New pack…, Import from spreadsheet…) does."""

    def __init__(self, window: AuthorWindow) -> None:
        super().__init__(window)
        self.window = window
        self.compare: CompareDialog | None = None

    # -- helpers ----------------------------------------------------------------------

    def _say(self, title: str, message: str) -> None:
        ask(self.window, QMessageBox.Icon.Warning, title, message)

    def _run_tool(self, text: str, action: Callable[[LoadedPack], Any]) -> Any:
        """Run an authoring tool on the pack as it stands, as one undoable step."""
        document = self.window.document
        if document is None:
            return None
        if document.read_only is not None:
            self._say(_("Read-only pack"), document.read_only)
            return None
        try:
            result, edits = tool_edits(document, action)
        except ToolError as exc:
            self._say(text, str(exc))
            return None
        if edits:
            self.window.edit(EditRequest(edits, text))
        return result

    # -- new packs --------------------------------------------------------------------

    def new_pack(self, grid: Grid | None = None, sheet: Path | None = None) -> Path | None:
        """Ask for a new pack's id, title and folder; write it from the template and open it."""
        if not self.window.confirm_discard():
            return None
        dialog = NewPackDialog(self.window, user_packs_dir(), self.window.today(), grid, sheet)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        folder, pack_id, title = dialog.values()
        return self.make_pack(folder, pack_id, title, grid)

    def make_pack(self, folder: Path, pack_id: str, title: str, grid: Grid | None) -> Path | None:
        """Write a new pack from the template (with a spreadsheet's grid) and open it."""
        try:
            made = new_pack(folder, pack_id, title, self.window.today(), grid)
        except AuthoringError as exc:
            self._say(_("No pack made"), str(exc))
            return None
        self.window.open_pack(made)
        return made

    def import_sheet(self) -> Path | None:
        """A new pack whose grid comes from a CSV or XLSX spreadsheet."""
        chosen, _filter = QFileDialog.getOpenFileName(
            self.window,
            _("A spreadsheet with the grid"),
            "",
            _("Spreadsheets (*.csv *.xlsx)"),
        )
        if not chosen:
            return None
        return self.import_from(Path(chosen))

    def import_from(self, sheet: Path) -> Path | None:
        try:
            grid = read_grid(sheet)
        except AuthoringError as exc:
            self._say(_("The spreadsheet cannot be used"), str(exc))
            return None
        return self.new_pack(grid, sheet)

    # -- the pack as it stands --------------------------------------------------------

    def _source_language(self) -> str:
        document = self.window.document
        assert document is not None
        found = document.get((document.parts["pack"], "source_language"))
        return found if isinstance(found, str) else "en"

    def ask_translation(self) -> None:
        """Ask which language to translate the pack into; then add its translation."""
        document = self.window.document
        if document is None:
            return
        if document.read_only is not None:
            self._say(_("Read-only pack"), document.read_only)
            return
        dialog = TranslationDialog(self.window, self._source_language(), set(document.parts))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add_translation(dialog.code())

    def add_translation(self, locale: str) -> bool:
        """Add an empty translation into ``locale`` (one undoable step, written by Save) and
        open it side by side, the preview in that language."""
        document = self.window.document
        if document is None or document.read_only is not None:
            return False
        problem = locale_problem(locale, self._source_language(), set(document.parts))
        if problem is not None:
            self._say(_("No translation added"), problem)
            return False
        try:
            edit = document.add_translation(locale, translation_text(locale))
        except DocumentError as exc:
            self._say(_("No translation added"), "\n".join(str(p) for p in exc.problems))
            return False
        name = native_name(locale)
        self.window.edit(
            EditRequest([edit], _("Add the translation into {language}").format(language=name))
        )
        self.window.check_now()
        self.window.show_translations(locale)
        return True

    def ask_bump(self) -> None:
        """Ask which part of the version to raise and what changed; then bump."""
        loaded = self.window.loaded
        if self.window.document is None or loaded is None:
            return
        reviewed = loaded.meta.review.status == "reviewed"
        dialog = BumpDialog(self.window, loaded.meta.version, reviewed, self.window.today())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.bump(dialog.part(), dialog.notes_given(), dialog.day_given())

    def bump(self, part: Part, notes: list[str], day: date) -> None:
        """Raise the version with a changelog entry (one undoable step)."""
        bump = self._run_tool(
            _("Bump the version"), lambda copy: bump_version(copy, part, notes, day)
        )
        if bump is not None:
            self.window.statusBar().showMessage(
                _("Version {old} raised to {new}; save to keep it.").format(
                    old=bump.old, new=bump.new
                ),
                10000,
            )

    def ask_sign_off(self) -> None:
        """Ask who signs off, as what; then record it."""
        loaded = self.window.loaded
        if self.window.document is None or loaded is None:
            return
        dialog = SignOffDialog(self.window, loaded, self.window.today())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.sign_off(**dialog.values())

    def sign_off(
        self, *, role: str, name: str, interests: str, day: date, credentials: str | None = None
    ) -> None:
        """Record a reviewer's sign-off of the pack exactly as it is (one undoable step)."""
        done = self._run_tool(
            _("Review sign-off"),
            lambda copy: record_sign_off(
                copy, role=role, name=name, interests=interests, day=day, credentials=credentials
            ),
        )
        if done is not None:
            self.window.statusBar().showMessage(
                _("Sign-off by {name} recorded; save to keep it.").format(name=done.name),
                10000,
            )

    def compare_with(self, path: Path | None = None) -> CompareDialog | None:
        """Compare another version (a folder or an archive) with the pack as it stands."""
        loaded = self.window.loaded
        if loaded is None:
            return None
        if path is None:
            chosen = QFileDialog.getExistingDirectory(
                self.window, _("The other version of the pack (a folder)")
            )
            if not chosen:
                return None
            path = Path(chosen)
        try:
            other = load_pack(path, check_review=False)
        except PackError as exc:
            self._say(
                _("That version cannot be read"), "\n".join(str(p) for p in exc.problems[:10])
            )
            return None
        changes = compare_packs(other, loaded)
        if self.compare is None:
            self.compare = CompareDialog(self.window)
            self.compare.change_chosen.connect(self._open_change)
        old = _("version {version} ({path})").format(
            version=other.meta.version, path=typed(str(path))
        )
        new = _("version {version} (as it stands here)").format(version=loaded.meta.version)
        self.compare.show_changes(changes, old, new)
        self.compare.show()
        self.compare.activateWindow()
        return self.compare

    def _open_change(self, change: Change) -> None:
        document = self.window.document
        if document is None:
            return
        where = where_of_change(document, change)
        if where is not None:
            self.window.open_place(where)
