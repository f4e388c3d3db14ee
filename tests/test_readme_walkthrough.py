"""The README's first-pack walkthrough, followed exactly as written: a pack from the
template, previewed in Arabic, signed, and opened in the library with its signer shown.

The steps are read from the README's walkthrough section, in order. Each command runs as a
user runs it, in its own process, in a temporary home; the two commands that open a window
(``decision-aid author PACK`` and ``decision-aid --packs DIR``) are parsed by the real
command line and their windows opened in this process, as their commands open them. The
menus, buttons, cells and labels the README names are found by those names, so the test
fails when the README and the windows part ways.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from decision_aid.cli import build_parser
from decision_aid.cli.author import find_pack_path
from decision_aid.cli.common import pack_roots
from decision_aid.ui.author import window as window_module
from decision_aid.ui.author.window import AuthorWindow
from decision_aid.ui.library_model import STATUS_COLUMN
from decision_aid.ui.library_window import LibraryWindow
from tests.conftest import ROOT
from tests.test_readme_commands import PASSPHRASE, command_words

README = ROOT / "README.md"
SECTION = re.compile(r"<!-- walkthrough:start -->(.*?)<!-- walkthrough:end -->", re.DOTALL)
FIRST_WORDS = "Exercise and physiotherapy"
"""What the new author types into the field of the first problem (the first option's name)."""
ARABIC = "ما الذي يحدث لألم الورك؟"


def walkthrough() -> str:
    found = SECTION.search(README.read_text(encoding="utf-8"))
    assert found, "the README has no walkthrough section"
    return found.group(1)


def steps(text: str) -> list[tuple[str, str]]:
    """The walkthrough's commands and settings, in order: ('sh', line) or ('json', text)."""
    found: list[tuple[str, str]] = []
    for kind, body in re.findall(r"```(sh|json)\n(.*?)```", text, re.DOTALL):
        if kind == "json":
            found.append(("json", body))
            continue
        for line in body.splitlines():
            if line.strip().startswith("decision-aid "):
                found.append(("sh", line.strip()))
    return found


def named(text: str, pattern: str) -> str:
    """The one thing the README names in bold after ``pattern`` (a menu, a button ...)."""
    match = re.search(pattern, " ".join(text.split()))
    assert match, f"the walkthrough no longer says {pattern!r}"
    return match.group(1)


def plain(label: str) -> str:
    return label.replace("&", "")


def menu_action(window: AuthorWindow, path: str):  # type: ignore[no-untyped-def]
    """The action a README path such as 'Pack › Add a translation…' names."""
    menu_name, action_name = (part.strip() for part in path.split("›"))
    for menu_action_ in window.menuBar().actions():
        if plain(menu_action_.text()) == menu_name:
            menu = menu_action_.menu()
            for action in menu.actions():  # type: ignore[union-attr]
                if plain(action.text()) == action_name:
                    return action
    raise AssertionError(f"no menu item {path}")


class Home:
    """A new user's home: the README's '~' paths, the app's folders under it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.path = Path(os.environ["HOME"])
        for var, sub in (
            ("XDG_CONFIG_HOME", ".config"),
            ("XDG_DATA_HOME", ".local/share"),
            ("XDG_STATE_HOME", ".local/state"),
        ):
            monkeypatch.setenv(var, str(self.path / sub))
        self.passphrase = self.path / "passphrase.txt"
        self.passphrase.write_text(PASSPHRASE + "\n", encoding="utf-8")

    def expand(self, word: str) -> str:
        return str(self.path) + word[1:] if word.startswith("~/") else word

    def words(self, line: str) -> list[str]:
        return [self.expand(word) for word in shlex.split(line)]

    def run(self, words: list[str]) -> None:
        """A command as typed; one that asks for a passphrase is given it in a file (the
        test has no terminal to type it into)."""
        if command_words(words) in (("packs", "keygen"), ("packs", "sign")):
            words = [*words, "--passphrase-file", str(self.passphrase)]
        result = subprocess.run(
            [sys.executable, "-c", "from decision_aid.cli import run; run()", *words[1:]],
            cwd=self.path,
            env=dict(os.environ),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, f"{shlex.join(words)}\n{result.stdout}\n{result.stderr}"


def in_workbench(qtbot: QtBot, words: list[str], text: str) -> None:
    """Steps 2 and 3: write a text, add the Arabic translation, preview it, save."""
    args = build_parser().parse_args(words[1:])
    window = AuthorWindow(find_pack_path(args.pack, pack_roots(args)))  # as `author` does
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: window.lint_task is not None and not window.lint_task.running)

    # "Click a problem: its field opens in the form, ready to type into, and the preview
    # on the right follows what you type."
    assert "Click a problem" in text
    problems = window.lint.list
    row = next(
        r
        for r in range(problems.count())
        if "[" in str(problems.item(r).data(Qt.ItemDataRole.UserRole).message)
        or "template" in str(problems.item(r).data(Qt.ItemDataRole.UserRole).rule)
    )
    item = problems.item(row)
    problems.scrollToItem(item)
    qtbot.mouseClick(
        problems.viewport(), Qt.MouseButton.LeftButton, pos=problems.visualItemRect(item).center()
    )
    field = QApplication.focusWidget()
    assert field is not None and window.form.isAncestorOf(field), field
    field.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(field, FIRST_WORDS)
    qtbot.waitUntil(lambda: any(FIRST_WORDS in t for t in _grid_texts(window)))

    # "Choose Pack › Add a translation…, then العربية (ar), then Add."
    add_path = named(text, r"\*\*(Pack › Add a translation…)\*\*")
    language = named(text, r"then \*\*([^*]+)\*\*, then \*\*Add\*\*")
    button = named(text, r"then \*\*(Add)\*\*\.")
    chosen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        combo = dialog.language  # type: ignore[attr-defined]
        index = combo.findText(language)
        assert index >= 0, [combo.itemText(i) for i in range(combo.count())]
        combo.setCurrentIndex(index)
        chosen.append(combo.currentText())
        push = next(b for b in dialog.findChildren(QPushButton) if plain(b.text()) == button)
        push.click()

    QTimer.singleShot(0, answer)
    menu_action(window, add_path).trigger()
    assert chosen == [language]
    side = window.translations
    assert side is not None and side.isVisible()
    qtbot.waitExposed(side)
    side.windowHandle().requestActivate()
    qtbot.waitUntil(side.isActiveWindow)

    # "Type the Arabic of the first question into its Translation cell."
    column = named(text, r"into its \*\*([^*]+)\*\* cell")
    table = side.findChild(QTableWidget)
    assert table is not None
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert window.loaded is not None
    first = f"questions.{window.loaded.content.questions[0].id}.text"
    cell = table.item(side.view.rows[first], headers.index(column))
    table.setCurrentItem(cell)
    table.editItem(cell)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QWidget) and table.isAncestorOf(editor)
    type_text(editor, ARABIC)
    qtbot.keyClick(editor, Qt.Key.Key_Return)

    # "The preview switches to Arabic (Preview in: switches back): the page reads right to
    # left."
    label = named(text, r"\(\*\*([^*]+)\*\* switches back\)")
    preview_label = next(
        lab for lab in window.preview.findChildren(QLabel) if plain(lab.text()) == label
    )
    assert preview_label.buddy() is window.preview.languages
    assert window.preview.languages.currentText() == language
    qtbot.waitUntil(lambda: any(ARABIC in t for t in _grid_texts(window)))
    page = window.preview.pages["grid"]
    assert page.layoutDirection() == Qt.LayoutDirection.RightToLeft

    # "Then File › Save (Ctrl+S) writes translations/ar.yaml."
    menu_action(window, named(text, r"\*\*(File › Save)\*\*")).trigger()
    saved = named(text, r"writes\s+`([^`]+)`")
    assert window.path is not None and (window.path / saved).is_file()
    assert window.undo_stack.isClean()
    window.close()


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` as an Arabic keyboard layout does: a key press carrying each letter
    (QTest's key clicks take Latin-1 only)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def _grid_texts(window: AuthorWindow) -> list[str]:
    page = window.preview.pages.get("grid")
    if page is None:
        return []
    model = page.grid.grid_model  # type: ignore[attr-defined]
    cells = [
        str(model.index(row, column).data())
        for row in range(model.rowCount())
        for column in range(model.columnCount())
    ]
    heads = [
        str(model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole))
        for column in range(model.columnCount())
    ]
    return cells + heads


def trust(home: Home, body: str, text: str) -> None:
    """Step 5: the settings the README shows, each '<the line in FILE>' that file's line."""
    target = Path(home.expand(named(text, r"Write `(~/[^`]+settings\.json)`")))

    def line_in(match: re.Match[str]) -> str:
        return Path(home.expand(match.group(1))).read_text(encoding="utf-8").strip()

    filled = re.sub(r"<the line in ([^>]+)>", line_in, body)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(json.loads(filled), indent=2), encoding="utf-8")


def in_library(qtbot: QtBot, words: list[str], text: str) -> None:
    """Step 6: the library lists the pack, its status ending with its signer."""
    args = build_parser().parse_args(words[1:])
    window = LibraryWindow(args.pack_dirs)  # as the bare command opens it
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.task is not None and not window.task.running)
    title = named(text, r"lists \*([^*]+)\*")
    signer = named(text, r"status ending \*\*([^*]+)\*\*")
    rows = [r for r in range(window.proxy.rowCount()) if window.proxy.index(r, 0).data() == title]
    assert len(rows) == 1, [window.proxy.index(r, 0).data() for r in range(window.proxy.rowCount())]
    status = str(window.proxy.index(rows[0], STATUS_COLUMN).data())
    assert status.endswith(" ".join(signer.split())), status
    window.table.selectRow(rows[0])
    details = window.details.toPlainText()
    team = " ".join(signer.split()).removeprefix("Signed by ")
    assert f"Signed by\n{team} (key " in details, details
    assert "Signature expires" in details
    window.close()


def test_a_new_user_follows_the_walkthrough(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    # A failed step never leaves the test waiting on "Save the changes?".
    monkeypatch.setattr(window_module, "ask", lambda *_a, **_k: QMessageBox.StandardButton.Discard)
    home = Home(monkeypatch)
    text = walkthrough()
    done: list[str] = []
    for kind, payload in steps(text):
        if kind == "json":
            trust(home, payload, text)
            done.append("trust")
            continue
        words = home.words(payload)
        command = command_words(words)
        if command == ("author",):
            in_workbench(qtbot, words, text)
        elif command == ():
            in_library(qtbot, words, text)
        else:
            home.run(words)
        done.append(" ".join(command[:2]) or "library")
    assert done == [
        "packs new",
        "author",
        "packs keygen",
        "packs keygen",
        "packs sign",
        "trust",
        "library",
    ]
