"""Render the author's workbench to PNG files, offscreen.

``decision-aid screenshots --author --pack ID --out DIR [--lang L]`` opens the pack in
the workbench (never saving it) and pictures its parts: a grid cell with its reading
grade and the options page of the preview, an outcome's figure with the risks page, a
concern with the values page, the lint panel with a problem chosen (an edit made in
memory only), the preview in Arabic when the pack has it, and a translation side by
side with the source text.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from decision_aid.i18n import _
from decision_aid.ui.screenshots import SIZE, ScreenshotError


def render_author(
    pack_id: str, out: Path, language: str = "en", roots: list[Path] | None = None
) -> list[Path]:
    """Write the workbench's pictures into ``out``; return their paths."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, Qt, QThreadPool
    from PySide6.QtWidgets import QApplication, QWidget

    from decision_aid.content.library import build_index, default_pack_dirs
    from decision_aid.ui import theme
    from decision_aid.ui.author import grade
    from decision_aid.ui.author.form import EditRequest
    from decision_aid.ui.author.window import AuthorWindow
    from decision_aid.ui.language import apply_language

    app = QApplication.instance() or QApplication(sys.argv[:1])
    theme.install()
    language = apply_language(language)
    roots = roots or default_pack_dirs()
    entries = [e for e in build_index(roots) if e.id == pack_id and e.valid and e.used]
    if not entries:
        raise ScreenshotError(_("No pack with the id '{id}' was found.").format(id=pack_id))
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def settle(until: Callable[[], bool] = lambda: True) -> None:
        for _round in range(400):
            app.processEvents()
            QThreadPool.globalInstance().waitForDone(25)
            busy = window.lint_task is not None and window.lint_task.running
            # Every check done: none running, none waiting, none due (the list current).
            waiting = window.lint_waiting is not None or window.lint.checking
            if not busy and not waiting and until() and not window.lint_timer.isActive():
                break
        app.processEvents()

    def save(name: str, widget: QWidget | None = None) -> None:
        settle()
        path = out / f"{name}.png"
        if not (widget or window).grab().save(str(path)):
            raise ScreenshotError(_("Could not write {path}.").format(path=path))
        written.append(path)

    window = AuthorWindow(entries[0].path)
    window.resize(*SIZE)
    window.show()
    settle(grade.is_ready)
    window.tree.refresh_labels()
    document = window.document
    if document is None or window.loaded is None:
        window.close()
        raise ScreenshotError(_("The pack '{id}' cannot be opened for editing.").format(id=pack_id))
    content = window.loaded.content
    rel = document.parts["content"]
    try:
        preview_language = language if language in window.loaded.languages else None
        if preview_language is not None:
            window.preview.set_language(preview_language)
        question = content.questions[0]
        option = content.options[0]
        window.tree.select((rel, "questions", 0, "answers", option.id))
        save("author-01-cell")
        if content.outcomes:
            outcome = content.outcomes[0]
            where = (rel, "outcomes", 0, "figures", option.id)
            if outcome.groups is not None:
                group = next(iter(outcome.groups))
                where = (rel, "outcomes", 0, "groups", group, "figures", option.id)
            window.tree.select(where)
            save("author-02-figure")
        if content.values:
            window.tree.select((rel, "values", 0, "fares", option.id))
            save("author-03-values")
        # A problem, in memory only: a '1 in X' figure in the first cell.
        cell = (rel, "questions", 0, "answers", option.id, "text")
        text = question.answers[option.id].text
        window.edit(EditRequest([document.put(cell, "About 1 in 5. " + text)], "screenshot"))
        window.check_lines()
        settle()
        for row in range(window.lint.list.count()):
            item = window.lint.list.item(row)
            if "1 in 5" in item.text() or "'1 in" in item.text():
                window.lint.list.setCurrentRow(row)
                window.lint.problem_chosen.emit(item.data(Qt.ItemDataRole.UserRole))
                break
        sizes = window.split.sizes()
        window.split.setSizes([sum(sizes) - 260, 260])  # the problems dragged taller
        save("author-04-lint")
        window.split.setSizes(sizes)
        window.undo()
        if "ar" in window.loaded.languages and preview_language != "ar":
            window.preview.set_language("ar")
            window.tree.select((rel, "questions", 0, "answers", option.id))
            save("author-05-preview-ar")
        locales = window.loaded.languages[1:]
        if locales:
            window.show_translations("cy" if "cy" in locales else locales[0])
            dialog = window.translations
            assert dialog is not None
            dialog.resize(*SIZE)
            save("author-06-translations", dialog)
            dialog.close()
        if content.outcomes:
            compare = _compare(window, document, content)
            if compare is not None:
                compare.resize(*SIZE)
                save("author-07-compare", compare)
                compare.close()
    finally:
        window.undo_stack.setClean()
        window.close()
        window.deleteLater()  # its pages and dialogs with it, now: nothing is left behind
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        apply_language("en")
    return written


def _compare(window: Any, document: Any, content: Any) -> Any:
    """Compare the pack as shipped with a new version made in memory: one figure, one time
    frame and one citation changed, as a reviewer would be shown them."""
    import tempfile

    from decision_aid.ui.author.form import EditRequest

    rel = document.parts["content"]
    outcome = content.outcomes[0]
    index = 0
    base: tuple[str | int, ...] = (rel, "outcomes", index, "figures")
    figures = outcome.figures or {}
    if outcome.groups:
        group = next(iter(outcome.groups))
        base = (rel, "outcomes", index, "groups", group, "figures")
        figures = outcome.groups[group].figures
    option, figure = next(((k, f) for k, f in figures.items() if f.count is not None), (None, None))
    if option is None or figure is None or figure.count is None:
        return None
    edits = [document.put((*base, option, "count"), figure.count + 1)]
    for key, each in figures.items():
        if each.over is not None:
            edits.append(document.put((*base, key, "over"), "2 years"))
    if len(content.references) > 1:
        cited = [*outcome.citations, content.references[-1].id]
        edits.append(
            document.put((rel, "outcomes", index, "citations"), list(dict.fromkeys(cited)))
        )
    with tempfile.TemporaryDirectory(prefix="decision-aid-shots-") as tmp:
        older = document.write_copy(Path(tmp))
        window.edit(EditRequest(edits, "screenshot"))
        window.check_now()
        return window.pack_actions.compare_with(older)
