"""The author's workbench: the pack's structure, a form for the part chosen, a live
preview with the consultation's own pages, and the lint panel.

Every edit is one undoable step. After a change the pack is checked in memory through
the real loader within :data:`CHECK_DELAY_MS` (a burst of typing is checked as it goes,
not only when it stops); the preview shows it as soon as it loads, and the linter runs
on it off the GUI thread. Saving keeps the author's files as written (see
:mod:`decision_aid.authoring.document`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from decision_aid.authoring.document import DocumentError, PackDocument, Put, Where, plain
from decision_aid.content.errors import Problem
from decision_aid.content.loader import LoadedPack
from decision_aid.i18n import _, ngettext
from decision_aid.ui.author.commands import EditCommand
from decision_aid.ui.author.form import EditRequest, FormPanel
from decision_aid.ui.author.grade import warm_up, warmth
from decision_aid.ui.author.lint_panel import LintPanel
from decision_aid.ui.author.menus import build_menus
from decision_aid.ui.author.pack_actions import PackActions
from decision_aid.ui.author.preview import PreviewPanel
from decision_aid.ui.author.schema import root_model, spec_at
from decision_aid.ui.author.structure import Node, StructureTree
from decision_aid.ui.author.translation_view import TranslationsDialog
from decision_aid.ui.plain_text import ask, plain_label, window_title
from decision_aid.ui.tasks import Task, run_task
from decision_aid.ui.theme import ensure_installed
from decision_aid.ui.window_size import open_size

CHECK_DELAY_MS = 40
"""The most a change waits before the pack is checked and the preview follows it."""
LINT_DELAY_MS = 400
"""How long the author pauses before the pack's files are written out in full (in
memory), checked line by line and linted."""


def signed_notice() -> str:
    """What the workbench says above a signed pack."""
    return _(
        "This pack is signed. Saving a change leaves its signature behind: the library and "
        "the kiosk then refuse the pack until it is signed again (decision-aid packs sign)."
    )


PREVIEW_STEP = {
    "options": "grid",
    "questions": "grid",
    "outcomes": "risks",
    "baseline": "risks",
    "values": "values",
}
"""The preview's page for each part of the content."""


def is_structural(document: PackDocument, where: Where) -> bool:
    """True when a change at ``where`` adds, moves or removes a row of the structure."""
    part = document.part_of(str(where[0]))
    loc = tuple(where[1:])
    if not loc:
        return True
    if part not in ("pack", "content") and loc[0] in ("strings", "source_hashes"):
        return False  # shown side by side, not as rows of the structure
    root = root_model(part)
    if isinstance(loc[-1], int):
        holder = spec_at(root, loc[:-1])
        return holder is not None and holder.kind == "models"
    spec = spec_at(root, loc)
    return spec is None or not spec.scalar


class AuthorWindow(QMainWindow):
    """The workbench for one pack at a time."""

    checked = Signal()
    """The pack was checked after a change (and the preview asked to follow)."""
    linted = Signal()

    # The menus' actions (see .menus.build_menus).
    new_action: QAction
    import_action: QAction
    open_action: QAction
    save_action: QAction
    reload_action: QAction
    close_action: QAction
    undo_action: QAction
    redo_action: QAction
    pack_menu_actions: list[QAction]

    def __init__(
        self,
        path: Path | None = None,
        *,
        today: Callable[[], date] = date.today,
        check_delay_ms: int = CHECK_DELAY_MS,
        lint_delay_ms: int = LINT_DELAY_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        ensure_installed()
        self.today = today
        self.path: Path | None = None
        self.document: PackDocument | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(lambda clean: self.setWindowModified(not clean))
        self.last_changed: Where | None = None
        self.lint_task: Task | None = None
        self.lint_waiting: LoadedPack | None = None
        self.loaded: LoadedPack | None = None
        self.loaded_problems: list[Problem] = []
        """What the loader found wrong with a pack that loads (a stale sign-off)."""

        self.notice: QLabel = plain_label(wrap=True)
        self.notice.setAccessibleName(_("Notice"))
        self.notice.setStyleSheet(
            "QLabel { background: #fff4ce; color: #3b2f00; border: 1px solid #c8a600; "
            "padding: 0.3em; }"
        )
        self.notice.hide()
        self.tree = StructureTree()
        self.form = FormPanel()
        self.preview = PreviewPanel()
        self.lint = LintPanel()
        self.tree.node_selected.connect(self._node_selected)
        self.form.edit_requested.connect(self.edit)
        self.lint.problem_chosen.connect(self.jump_to)
        self.form.translations_requested.connect(self.show_translations)
        self.translations: TranslationsDialog | None = None
        warmth.ready.connect(self.tree.refresh_labels)

        self.panes = QSplitter(Qt.Orientation.Horizontal)
        self.panes.setChildrenCollapsible(False)
        for pane in (self.tree, self.form, self.preview):
            self.panes.addWidget(pane)
        self.panes.setStretchFactor(0, 2)
        self.panes.setStretchFactor(1, 3)
        self.panes.setStretchFactor(2, 5)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.panes)
        self.split.addWidget(self.lint)
        self.split.setStretchFactor(0, 4)
        self.split.setStretchFactor(1, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.notice)
        layout.addWidget(self.split, 1)
        self.setCentralWidget(central)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(check_delay_ms)
        self.timer.timeout.connect(self.check_now)
        self.lint_timer = QTimer(self)
        self.lint_timer.setSingleShot(True)
        self.lint_timer.setInterval(lint_delay_ms)
        self.lint_timer.timeout.connect(self.check_lines)
        self.pack_actions = PackActions(self)
        build_menus(self)
        self.form.add_translation_requested.connect(self.pack_actions.ask_translation)
        self.resize(open_size(self, 1366, 768))
        self.panes.setSizes([275, 355, 730])  # the parts of the pack named in full
        self.split.setSizes([600, 110])
        self._title()
        warm_up(self)
        for action in self.pack_menu_actions:
            action.setEnabled(False)
        if path is not None:
            self.open_pack(path)
        else:
            self.form.show_message(
                _(
                    "No pack is open. Open a pack folder (Ctrl+O), make a new pack from the "
                    "template (Ctrl+N), or import a first draft of a grid from a spreadsheet "
                    "(File › Import from spreadsheet…)."
                )
            )

    def _title(self) -> None:
        name = self.path.name if self.path is not None else _("no pack open")
        self.setWindowTitle(
            _("{name} — decision-aid author's workbench").format(name=window_title(name) + "[*]")
        )

    # -- opening --------------------------------------------------------------------

    def choose_pack(self) -> None:
        if not self.confirm_discard():
            return
        folder = QFileDialog.getExistingDirectory(self, _("Open a pack folder"))
        if folder:
            self.open_pack(Path(folder))

    def open_pack(self, path: Path) -> bool:
        """Open the pack at ``path``; a pack that cannot be read lists its problems."""
        self.path = path
        self._title()
        self.lint.folder = str(path)
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.undo_stack.clear()
        self.document = None
        self.loaded = None
        if self.translations is not None:
            self.translations.close()
            self.translations.deleteLater()
            self.translations = None
        try:
            document = PackDocument(path)
        except DocumentError as exc:
            self.tree.rebuild(None)
            self.form.show_message(
                _(
                    "This pack cannot be opened for editing: the problems below say which "
                    "file and where. Fix them in a text editor, then reload the pack (F5)."
                )
            )
            self.lint.show_problems(exc.problems)
            self._say_notice("")
            return False
        self.document = document
        self._unsubscribe = document.subscribe(self._document_changed)
        self._say_notice(document.read_only or (signed_notice() if document.signed else ""))
        self.save_action.setEnabled(document.read_only is None)
        self.tree.rebuild(document)
        self.check_now()
        self.check_lines()
        return True

    def reload(self) -> None:
        if self.path is not None and self.confirm_discard():
            self.open_pack(self.path)

    def _say_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    # -- editing --------------------------------------------------------------------

    def edit(self, request: EditRequest) -> None:
        """Make the edits asked for as one undoable step (nothing, when they change
        nothing)."""
        if self.document is None or self.document.read_only is not None:
            return
        if all(
            isinstance(e, Put) and plain(e.node) == self.document.get(e.where)
            for e in request.edits
        ):
            return
        self.undo_stack.push(
            EditCommand(self.document, request.edits, request.text, request.typing)
        )

    def undo(self) -> None:
        self.last_changed = None
        self.undo_stack.undo()
        self._reveal()

    def redo(self) -> None:
        self.last_changed = None
        self.undo_stack.redo()
        self._reveal()

    def _reveal(self) -> None:
        """Show where an undo or redo changed the pack."""
        where = self.last_changed
        if where is None:
            return
        node = self.tree.current_node()
        if node is None or where[: len(node.where)] != node.where or node.kind == "list":
            self.tree.select(where)

    def _document_changed(self, where: Where) -> None:
        assert self.document is not None
        self.last_changed = where
        if is_structural(self.document, where):
            self.tree.rebuild(self.document)
        else:
            self.tree.refresh_labels(tuple(where[:-1]))
            self.form.document_changed(where)
        if self.translations is not None:
            if self.translations.view.rel not in self.document.files:
                self.translations.close()  # its translation was taken out (or undone)
            else:
                self.translations.view.document_changed(where)
        if not self.timer.isActive():
            self.timer.start()
        self.lint_timer.start()

    # -- checking -------------------------------------------------------------------

    def check_now(self) -> None:
        """Check the pack as it stands and show it in the preview (the quick check: the
        loader on the data, see :meth:`PackDocument.quick_check`)."""
        self.timer.stop()
        if self.document is None:
            return
        result = self.document.quick_check()
        if result.loaded is None:
            self._show_load_problems(result.problems)
        else:
            self.loaded = result.loaded
            self.preview.set_banner("")
            self.preview.show_pack(result.loaded)
            if self.translations is not None and self.translations.isVisible():
                self.translations.view.refresh_states(result.loaded)
            if self.lint_timer.isActive() or self.lint.checking:
                self.lint.set_checking(True)
        for action in self.pack_menu_actions:
            action.setEnabled(self.loaded is not None)
        self.checked.emit()

    def check_lines(self) -> None:
        """Check the files as they would be saved, line by line, and lint the pack."""
        self.lint_timer.stop()
        if self.document is None:
            return
        result = self.document.check()
        if result.loaded is None:
            self.lint_waiting = None
            self._show_load_problems(result.problems)
        else:
            self.loaded_problems = result.problems
            self._lint(result.loaded)

    def _show_load_problems(self, problems: list[Problem]) -> None:
        self.lint.show_problems(problems, checking=self.lint_timer.isActive())
        count = sum(p.severity == "error" for p in problems)
        self.preview.set_banner(
            ngettext(
                "The pack has {n} error, so the preview shows its last version that "
                "loaded. The problems list says what to fix.",
                "The pack has {n} errors, so the preview shows its last version that "
                "loaded. The problems list says what to fix.",
                count,
            ).format(n=count)
            if self.loaded is not None
            else _("The preview appears once the pack loads: fix the errors listed below.")
        )

    def _lint(self, loaded: LoadedPack) -> None:
        if self.lint_task is not None and self.lint_task.running:
            self.lint_waiting = loaded
            self.lint.set_checking(True)
            return
        from decision_aid.content.lint import lint

        today = self.today()
        self.lint.set_checking(True)
        self.lint_task = run_task(
            self,
            lambda: lint(loaded, today),
            lambda problems: self._linted(loaded, problems),
            lambda exc: self._linted(loaded, [Problem(str(self.path), None, "(pack)", str(exc))]),
        )

    def _linted(self, loaded: LoadedPack, problems: list[Problem]) -> None:
        waiting, self.lint_waiting = self.lint_waiting, None
        # Shown even when the author typed on meanwhile: the count says a newer check is due.
        self.lint.show_problems(
            [*self.loaded_problems, *problems],
            checking=waiting is not None or self.lint_timer.isActive(),
        )
        if waiting is not None:
            QTimer.singleShot(0, lambda: self._lint(waiting))
        else:
            self.linted.emit()

    # -- choosing -------------------------------------------------------------------

    def _node_selected(self, node: Node | None) -> None:
        if self.document is None:
            return
        language = self.document.get((self.document.parts["pack"], "source_language"))
        self.form.show_node(self.document, node, language if isinstance(language, str) else "en")
        if node is not None and len(node.where) > 1:
            step = PREVIEW_STEP.get(str(node.where[1]))
            if step is not None and node.where[0] == self.document.parts["content"]:
                self.preview.show_step(step)  # type: ignore[arg-type]
            if step == "risks" and len(node.where) > 2 and self.loaded is not None:
                index = node.where[2]
                outcomes = self.loaded.content.outcomes
                if isinstance(index, int) and index < len(outcomes):
                    self.preview.reveal_outcome(outcomes[index].id)

    def show_translations(self, locale: str | None = None) -> None:
        """Open the translations of ``locale`` (the preview's language, else the first
        translation) side by side with the source text."""
        if self.document is None or self.loaded is None:
            return
        locales = [p for p in self.document.parts if p not in ("pack", "content")]
        if not locales:
            self.statusBar().showMessage(_("This pack has no translations yet."), 8000)
            return
        if locale not in locales:
            locale = self.preview.language if self.preview.language in locales else locales[0]
        assert locale is not None
        if self.translations is None:
            self.translations = TranslationsDialog(self, self.undo, self.redo)
            self.translations.view.edit_requested.connect(self.edit)
        self.translations.show_translation(self.document, self.loaded, locale)
        self.preview.set_language(locale)
        self.translations.show()
        self.translations.activateWindow()

    def jump_to(self, problem: Problem) -> None:
        """Open the field a problem is about."""
        if self.document is None:
            return
        where = self.document.where_of(problem)
        if where is None:
            self.statusBar().showMessage(
                _("This problem is not about a field the workbench edits: {problem}").format(
                    problem=problem
                ),
                8000,
            )
            return
        self.open_place(where)

    def open_place(self, where: Where) -> None:
        """Show the part of the pack that holds ``where`` and put the focus on its field."""
        if self.document is None:
            return
        part = self.document.part_of(str(where[0]))
        if part not in (None, "pack", "content") and len(where) > 1 and where[1] == "strings":
            self.show_translations(part)
            if self.translations is not None and len(where) > 2:
                self.translations.view.select(str(where[2]))
            return
        self.tree.select(where)
        self.form.focus_field(where)
        self.activateWindow()

    def next_problem(self) -> None:
        count = self.lint.list.count()
        if not count:
            return
        row = (self.lint.list.currentRow() + 1) % count
        self.lint.list.setCurrentRow(row)
        problem = self.lint.list.item(row).data(Qt.ItemDataRole.UserRole)
        if isinstance(problem, Problem):
            self.jump_to(problem)

    # -- saving and closing ---------------------------------------------------------

    def save(self, *, overwrite: bool = False) -> bool:
        """Save every changed file; False when nothing could be saved."""
        if self.document is None:
            return False
        try:
            written = self.document.save(overwrite=overwrite)
        except DocumentError as exc:
            changed = any("changed on disk" in p.message for p in exc.problems)
            if changed and not overwrite:
                answer = ask(
                    self,
                    QMessageBox.Icon.Warning,
                    _("Files changed on disk"),
                    "\n".join(str(p) for p in exc.problems),
                    buttons=QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
                    default=QMessageBox.StandardButton.Cancel,
                )
                if answer == QMessageBox.StandardButton.Save:
                    return self.save(overwrite=True)
                return False
            ask(
                self,
                QMessageBox.Icon.Critical,
                _("Not saved"),
                "\n".join(str(p) for p in exc.problems),
            )
            return False
        self.undo_stack.setClean()
        errors = sum(p.severity == "error" for p in self.lint.problems)
        message = (
            ngettext("Saved {n} file.", "Saved {n} files.", len(written)).format(n=len(written))
            if written
            else _("Nothing to save: the files are as on disk.")
        )
        if errors and self.document.check().loaded is None:
            message += " " + ngettext(
                "The pack still has {n} error; the library will not open it until it is fixed.",
                "The pack still has {n} errors; the library will not open it until they are fixed.",
                errors,
            ).format(n=errors)
        if written and self.document.signed:
            message += " " + _("Sign the pack again before it is published.")
        self.statusBar().showMessage(message, 10000)
        return True

    def confirm_discard(self) -> bool:
        """Ask what to do with unsaved changes: True to go on (saved or discarded)."""
        if self.undo_stack.isClean() or self.document is None:
            return True
        if self.document.read_only is not None:
            buttons = QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
        else:
            buttons = (
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel
            )
        answer = ask(
            self,
            QMessageBox.Icon.Question,
            _("Unsaved changes"),
            _("The pack {name} has changes that are not saved. Save them?").format(
                name=self.path.name if self.path else ""
            ),
            buttons=buttons,
            default=QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self.confirm_discard():
            event.ignore()
            return
        self.timer.stop()
        self.lint_timer.stop()
        if self.translations is not None:
            self.translations.close()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        super().closeEvent(event)
