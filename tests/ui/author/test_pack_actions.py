"""New pack, import from a spreadsheet, bump the version, review sign-off, compare with…"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import load_pack
from decision_aid.i18n.bidi import strip_isolates
from decision_aid.ui.author import pack_actions
from decision_aid.ui.author.compare_view import KEY_KINDS
from decision_aid.ui.author.pack_dialogs import BumpDialog, NewPackDialog, SignOffDialog
from tests.ui.author.support import TODAY, finish, open_workbench


def test_a_new_pack_from_the_template_opens_with_what_to_write(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_workbench(qtbot, None)
    made = window.pack_actions.make_pack(tmp_path, "hip-pain", "Hip pain: what to do", None)
    assert made == tmp_path / "hip-pain"
    assert window.document is not None and window.path == made
    qtbot.waitUntil(lambda: window.loaded is not None)
    assert window.loaded is not None and window.loaded.meta.title == "Hip pain: what to do"
    assert window.tree.topLevelItemCount() > 5
    finish(window)


def _fill_new_pack(folder: Path, pack_id: str, title: str):  # type: ignore[no-untyped-def]
    """What the author types into the New pack dialog, then Create."""

    def fill(dialog: NewPackDialog) -> int:
        dialog.pack_id.setText(pack_id)
        dialog.title.setText(title)
        dialog.folder.setText(str(folder))
        dialog.accept()
        return dialog.result()

    return fill


def test_file_new_pack_asks_and_opens_the_template(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        NewPackDialog, "exec", _fill_new_pack(tmp_path, "hip-pain", "Hip pain: what to do")
    )
    window = open_workbench(qtbot, None)
    window.new_action.trigger()
    assert window.path == tmp_path / "hip-pain"
    qtbot.waitUntil(lambda: window.loaded is not None)
    assert window.loaded is not None and window.loaded.meta.title == "Hip pain: what to do"
    text = (tmp_path / "hip-pain" / "content.yaml").read_text()
    assert "[What the option involves, in one or two plain sentences.]" in text
    qtbot.waitUntil(lambda: any(p.rule == "template.text" for p in window.lint.problems))
    finish(window)


def _sheet(path: Path, rows: list[list[str]]) -> Path:
    if path.suffix == ".csv":
        import csv

        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
        return path
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_pack_from_a_spreadsheet(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    sheet = _sheet(
        tmp_path / f"grid{suffix}",
        [
            ["Question", "Physio", "Surgery"],
            ["How long until I feel better?", "About 6 weeks.", "About 3 months."],
            ["What are the risks?", "Aching at first.", "Infection in 1 out of 100."],
        ],
    )
    monkeypatch.setattr(
        pack_actions.QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(sheet), "")
    )
    monkeypatch.setattr(NewPackDialog, "exec", _fill_new_pack(tmp_path / "packs", "hip", "Hip"))
    window = open_workbench(qtbot, None)
    window.import_action.trigger()
    qtbot.waitUntil(lambda: window.loaded is not None)
    assert window.loaded is not None and window.path == tmp_path / "packs" / "hip"
    assert [o.name for o in window.loaded.content.options] == ["Physio", "Surgery"]
    assert window.loaded.content.questions[1].text == "What are the risks?"
    assert window.loaded.content.questions[1].answers["surgery"].text == (
        "Infection in 1 out of 100."
    )
    finish(window)


def test_a_bad_spreadsheet_is_named_not_raised(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(pack_actions, "ask", lambda *args, **kw: said.append(args[3]))
    sheet = tmp_path / "grid.csv"
    sheet.write_text("Question,Physio,Surgery\nHow long?,About 6 weeks.\n")
    window = open_workbench(qtbot, None)
    assert window.pack_actions.import_from(sheet) is None
    assert said and "grid.csv" in said[0] and "row 2" in said[0]
    finish(window)


def test_bump_is_one_undoable_step_saved_with_the_rest(qtbot: QtBot, make_pack) -> None:
    folder = make_pack()
    before = (folder / "pack.yaml").read_bytes()
    window = open_workbench(qtbot, folder, lint=False)
    window.pack_actions.bump("minor", ["Figures checked against the 2026 review."], TODAY)
    assert window.document is not None
    assert window.document.get(("pack.yaml", "version")) == "0.2.0"
    changelog = window.document.get(("pack.yaml", "changelog"))
    assert changelog[-1]["changes"] == ["Figures checked against the 2026 review."]
    assert (folder / "pack.yaml").read_bytes() == before  # nothing written until saved
    assert window.undo_stack.count() == 1
    window.undo()
    assert window.document.data("pack.yaml") == before
    window.redo()
    window.save()
    assert load_pack(folder).meta.version == "0.2.0"
    text = (folder / "pack.yaml").read_text()
    assert text.startswith("# A small, valid pack used by the tests.")  # comments kept
    finish(window)


def test_a_clinicians_sign_off_marks_the_pack_reviewed(qtbot: QtBot, make_pack) -> None:
    folder = make_pack()
    window = open_workbench(qtbot, folder, lint=False)
    window.pack_actions.sign_off(
        role="patient", name="A. Reader", interests="None declared.", day=TODAY
    )
    window.check_now()
    assert window.loaded is not None and window.loaded.meta.review.status == "example"
    assert [r.role for r in window.loaded.meta.reviewers] == ["patient"]
    window.pack_actions.sign_off(
        role="clinician", name="Dr A. Example", interests="None declared.", day=TODAY
    )
    qtbot.waitUntil(
        lambda: window.loaded is not None and window.loaded.meta.review.status == "reviewed"
    )
    window.save()
    meta = load_pack(folder).meta  # the loader checks the sign-off matches the content
    assert meta.review.reviewer == "Dr A. Example" and meta.review.date == TODAY
    # Any later change to the content leaves the sign-off behind: the problems say so.
    window.document.set(("content.yaml", "options", 0, "name"), "Take two tablets")  # type: ignore[union-attr]
    window.check_now()
    window.check_lines()
    qtbot.waitUntil(
        lambda: any(p.rule == "review.sign-off" for p in window.lint.problems), timeout=60000
    )
    assert window.preview.loaded is not None  # the preview goes on
    finish(window)


def test_compare_highlights_changed_figures(qtbot: QtBot, make_pack, tmp_path: Path) -> None:
    folder = make_pack()
    old = tmp_path / "old" / "minimal"
    shutil.copytree(folder, old)
    window = open_workbench(qtbot, folder, lint=False)
    assert window.document is not None
    window.document.set(("content.yaml", "outcomes", 0, "figures", "tablet", "count"), 18)
    window.document.set(("content.yaml", "outcomes", 0, "figures", "tablet", "over"), "2 years")
    window.document.set(("content.yaml", "outcomes", 0, "figures", "nothing", "over"), "2 years")
    window.check_now()
    dialog = window.pack_actions.compare_with(old)
    assert dialog is not None
    kinds = {c.kind for c in dialog.changes}
    assert {"figure", "time frame"} <= kinds
    group = dialog.tree.topLevelItem(0)
    assert group.text(0).startswith("Figures")
    change = group.child(0)
    assert strip_isolates(change.text(1)) == "20" and strip_isolates(change.text(2)) == "18"
    assert change.background(0).color().name() == "#fff0b3"
    dialog.key_only.setChecked(True)
    shown = {
        dialog.tree.topLevelItem(i).text(0).split(" (")[0]
        for i in range(dialog.tree.topLevelItemCount())
    }
    assert shown <= {"Figures", "Denominators", "Time frames", "Citations"}
    assert {"figure", "time frame"} <= KEY_KINDS
    change = dialog.tree.topLevelItem(0).child(0)  # the list was filled again
    dialog.tree.itemActivated.emit(change, 0)
    node = window.tree.current_node()
    assert node is not None and node.where[:5] == (
        "content.yaml",
        "outcomes",
        0,
        "figures",
        "tablet",
    )
    finish(window)


def test_the_dialogs_say_what_is_missing(qtbot: QtBot, make_pack, tmp_path: Path) -> None:
    new = NewPackDialog(None, tmp_path, TODAY)
    qtbot.addWidget(new)
    new.pack_id.setText("Not An Id")
    new.accept()
    assert new.problem.isVisibleTo(new) and "lower-case" in new.problem.text()
    bump = BumpDialog(None, "1.2.3", True, TODAY)
    qtbot.addWidget(bump)
    assert "1.3.0" in bump.parts.checkedButton().text()
    bump.accept()
    assert "one line for each change" in bump.problem.text()
    loaded = load_pack(make_pack())
    sign = SignOffDialog(None, loaded, date(2026, 6, 1))
    qtbot.addWidget(sign)
    sign.name.setText("Dr B")
    sign.accept()
    assert "competing interests" in sign.problem.text().lower()
