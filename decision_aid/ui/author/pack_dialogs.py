"""The workbench's dialogs for a new pack (from the template or a spreadsheet), a version
bump, a reviewer's sign-off and a new translation. Each asks for what the tool needs and
checks it; the window runs the tool (:mod:`decision_aid.authoring`)."""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from decision_aid.authoring.new_translation import SUGGESTED, locale_problem
from decision_aid.authoring.template import Grid
from decision_aid.authoring.versions import PARTS, Part, next_version
from decision_aid.content.fields import ID_PATTERN
from decision_aid.content.loader import LoadedPack
from decision_aid.content.model_parts import REVIEW_ROLES
from decision_aid.content.review import pack_review_hash
from decision_aid.i18n import _, native_name, ngettext
from decision_aid.ui.plain_text import buddy_label, literal_ampersands, plain_label, window_title


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    ok = box.addButton(literal_ampersands(ok_text), QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setDefault(True)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


class _Checked(QDialog):
    """A dialog that says what is missing instead of closing with it."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.problem = plain_label(wrap=True)
        self.problem.setAccessibleName(_("What is missing"))
        self.problem.setStyleSheet("QLabel { color: #8a1c00; font-weight: bold; }")
        self.problem.hide()

    def missing(self) -> str:
        """What the author still has to give ('' when nothing)."""
        return ""

    def accept(self) -> None:
        problem = self.missing()
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        if not problem:
            super().accept()


class NewPackDialog(_Checked):
    """A new pack's id, title and folder (and the grid a spreadsheet gave, if any)."""

    def __init__(
        self,
        parent: QWidget | None,
        folder: Path,
        today: date,
        grid: Grid | None = None,
        sheet: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.grid = grid
        self.today = today
        title = _("Import a pack from a spreadsheet") if grid else _("New pack")
        self.setWindowTitle(window_title(title))
        self.pack_id = QLineEdit()
        self.pack_id.setAccessibleName(_("Pack id"))
        self.pack_id.setPlaceholderText(_("e.g. hip-osteoarthritis"))
        self.title = QLineEdit()
        self.title.setAccessibleName(_("Title"))
        self.title.setPlaceholderText(_("e.g. Hip osteoarthritis: treatment options"))
        self.folder = QLineEdit(str(folder))
        self.folder.setAccessibleName(_("Folder"))
        browse = QPushButton(literal_ampersands(_("Choose…")))
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow(_("Id (also the folder's name)"), self.pack_id)
        form.addRow(_("Title"), self.title)
        form.addRow(_("In the folder"), where)
        layout = QVBoxLayout(self)
        if grid is not None and sheet is not None:
            layout.addWidget(
                plain_label(
                    _(
                        "From {sheet}: {options} and {questions}. The answers become the grid's "
                        "cells; everything else starts from the template, to be written."
                    ).format(
                        sheet=sheet.name,
                        options=ngettext("{n} option", "{n} options", len(grid.options)).format(
                            n=len(grid.options)
                        ),
                        questions=ngettext(
                            "{n} question", "{n} questions", len(grid.questions)
                        ).format(n=len(grid.questions)),
                    ),
                    wrap=True,
                )
            )
        else:
            layout.addWidget(
                plain_label(
                    _(
                        "The new pack starts from the template: every text still to write is "
                        "in [square brackets], and the problems list says what is left."
                    ),
                    wrap=True,
                )
            )
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(_buttons(self, _("Create")))
        self.resize(560, self.sizeHint().height())

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Folder for the new pack"))
        if chosen:
            self.folder.setText(chosen)

    def missing(self) -> str:
        if not re.fullmatch(ID_PATTERN, self.pack_id.text().strip()):
            return _(
                "Give an id of lower-case letters, digits, '-' and '_', such as "
                "'hip-osteoarthritis'."
            )
        if not self.title.text().strip():
            return _("Give the pack a title.")
        if not self.folder.text().strip():
            return _("Choose the folder to make the pack in.")
        return ""

    def values(self) -> tuple[Path, str, str]:
        """(folder, id, title)."""
        return Path(self.folder.text().strip()), self.pack_id.text().strip(), self.title.text()


class BumpDialog(_Checked):
    """Which part of the version to raise, and the changelog lines."""

    def __init__(self, parent: QWidget | None, version: str, reviewed: bool, today: date) -> None:
        super().__init__(parent)
        self.setWindowTitle(window_title(_("Bump the version")))
        self.version = version
        self.parts = QButtonGroup(self)
        words = {"major": _("Major"), "minor": _("Minor"), "patch": _("Patch")}
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(_("Version {version} now.").format(version=version)))
        for index, part in enumerate(PARTS):
            button = QRadioButton(
                literal_ampersands(
                    _("{part}: {version}").format(
                        part=words[part], version=next_version(version, part)
                    )
                )
            )
            button.setChecked(part == "minor")
            self.parts.addButton(button, index)
            layout.addWidget(button)
        layout.addWidget(plain_label(_("What changed, one line for each change:")))
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(_("What changed"))
        self.notes.setTabChangesFocus(True)
        layout.addWidget(self.notes)
        self.day = QLineEdit(today.isoformat())
        self.day.setAccessibleName(_("Date"))
        form = QFormLayout()
        form.addRow(_("Date (YYYY-MM-DD)"), self.day)
        layout.addLayout(form)
        if reviewed:
            layout.addWidget(
                plain_label(
                    _(
                        "The pack is reviewed now. A new version is new content: it goes back "
                        "to example until a clinician signs the new version off."
                    ),
                    wrap=True,
                )
            )
        layout.addWidget(
            plain_label(
                _("The change is one step you can undo; Save (Ctrl+S) writes it."), wrap=True
            )
        )
        layout.addWidget(self.problem)
        layout.addWidget(_buttons(self, _("Bump")))
        self.resize(520, 420)

    def part(self) -> Part:
        return PARTS[max(self.parts.checkedId(), 0)]

    def notes_given(self) -> list[str]:
        return [line.strip() for line in self.notes.toPlainText().splitlines() if line.strip()]

    def missing(self) -> str:
        if not self.notes_given():
            return _("Say what changed in this version, one line for each change.")
        if _day(self.day.text()) is None:
            return _("Write the date as YYYY-MM-DD.")
        return ""

    def day_given(self) -> date:
        found = _day(self.day.text())
        assert found is not None
        return found


class SignOffDialog(_Checked):
    """A reviewer's sign-off of the pack exactly as it is."""

    def __init__(self, parent: QWidget | None, loaded: LoadedPack, today: date) -> None:
        super().__init__(parent)
        self.setWindowTitle(window_title(_("Review sign-off")))
        meta = loaded.meta
        status = (
            _("reviewed by {who} on {date}").format(who=meta.review.reviewer, date=meta.review.date)
            if meta.review.status == "reviewed"
            else _("example — not clinically reviewed")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                _(
                    "You sign off version {version} exactly as it is now (review hash "
                    "{hash}…). Status now: {status}. Any later change to the content needs a "
                    "new sign-off; Compare with… shows what changed since the last version."
                ).format(version=meta.version, hash=pack_review_hash(loaded)[7:19], status=status),
                wrap=True,
            )
        )
        if meta.reviewers:
            lines = [
                _("{name} ({role}), {date}").format(
                    name=r.name, role=r.role, date=r.date or _("no date")
                )
                for r in meta.reviewers
            ]
            earlier: QLabel = plain_label(
                _("Recorded sign-offs: {list}").format(list="; ".join(lines)), wrap=True
            )
            layout.addWidget(earlier)
        self.role = QComboBox()
        self.role.setAccessibleName(_("Role"))
        for role in REVIEW_ROLES:
            self.role.addItem(role, role)
        self.name = QLineEdit()
        self.name.setAccessibleName(_("Name"))
        self.credentials = QLineEdit()
        self.credentials.setAccessibleName(_("Credentials"))
        self.credentials.setPlaceholderText(_("e.g. GP, MRCGP (optional)"))
        self.interests = QLineEdit()
        self.interests.setAccessibleName(_("Competing interests"))
        self.interests.setPlaceholderText(_("'None declared.' when there are none"))
        self.day = QLineEdit(today.isoformat())
        self.day.setAccessibleName(_("Date"))
        form = QFormLayout()
        form.addRow(_("Role"), self.role)
        form.addRow(_("Name"), self.name)
        form.addRow(_("Credentials"), self.credentials)
        form.addRow(_("Competing interests"), self.interests)
        form.addRow(_("Date (YYYY-MM-DD)"), self.day)
        layout.addLayout(form)
        layout.addWidget(
            plain_label(
                _(
                    "A clinician's sign-off marks the pack reviewed. The sign-off is one step "
                    "you can undo; Save (Ctrl+S) writes it."
                ),
                wrap=True,
            )
        )
        layout.addWidget(self.problem)
        layout.addWidget(_buttons(self, _("Sign off")))
        self.resize(600, self.sizeHint().height())

    def missing(self) -> str:
        if not self.name.text().strip():
            return _("Give the reviewer's name.")
        if not self.interests.text().strip():
            return _("Declare competing interests ('None declared.' when there are none).")
        if _day(self.day.text()) is None:
            return _("Write the date as YYYY-MM-DD.")
        return ""

    def values(self) -> dict[str, Any]:
        """The keyword arguments of :func:`decision_aid.authoring.review.record_sign_off`."""
        day = _day(self.day.text())
        assert day is not None
        return {
            "role": str(self.role.currentData()),
            "name": self.name.text(),
            "interests": self.interests.text(),
            "credentials": self.credentials.text().strip() or None,
            "day": day,
        }


class TranslationDialog(_Checked):
    """The language of a new translation: chosen from a list, or its code typed."""

    def __init__(
        self, parent: QWidget | None, source_language: str, existing: Collection[str]
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(window_title(_("Add a translation")))
        self.source_language = source_language
        self.existing = set(existing)
        self.language = QComboBox()
        self.language.setEditable(True)
        self.language.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.language.setAccessibleName(_("Language"))
        for code in SUGGESTED:
            if code != source_language and code not in self.existing:
                self.language.addItem(f"{native_name(code)} ({code})", code)
        self.language.setCurrentIndex(-1)
        self.language.lineEdit().setPlaceholderText(_("a language, or its code, such as 'ur'"))
        form = QFormLayout()
        form.addRow(buddy_label(_("&Language"), self.language), self.language)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                _(
                    "The new translation starts empty: each text shows in the source language "
                    "until it is translated, side by side with the source. Adding it is one "
                    "step you can undo; Save (Ctrl+S) writes its file."
                ),
                wrap=True,
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(_buttons(self, _("Add")))
        self.resize(520, self.sizeHint().height())

    def choose(self, code: str) -> None:
        """Choose a language by its code (as a click in the list does)."""
        index = self.language.findData(code)
        if index >= 0:
            self.language.setCurrentIndex(index)
        else:
            self.language.setEditText(code)

    def code(self) -> str:
        """The code of the language chosen or typed."""
        text = self.language.currentText().strip()
        index = self.language.findText(text)
        if index >= 0:
            return str(self.language.itemData(index))
        return text

    def missing(self) -> str:
        return locale_problem(self.code(), self.source_language, self.existing) or ""
