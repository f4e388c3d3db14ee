"""A new pack from the template."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from decision_aid.authoring.errors import AuthoringError
from decision_aid.authoring.template import Grid, new_pack, slug
from decision_aid.content.lint import lint
from decision_aid.content.loader import load_pack
from tests.content.lint.lint_support import by_rule

DAY = date(2026, 12, 5)


def test_the_template_is_valid_and_lints_with_only_its_own_warnings(tmp_path: Path) -> None:
    folder = new_pack(tmp_path, "falls-prevention", "Preventing falls at home", DAY)
    assert folder == tmp_path / "falls-prevention"
    assert sorted(p.name for p in folder.iterdir()) == ["content.yaml", "evidence.md", "pack.yaml"]
    loaded = load_pack(folder)
    assert loaded.meta.id == "falls-prevention"
    assert loaded.meta.title == "Preventing falls at home"
    assert loaded.meta.review.status == "example"
    assert (loaded.meta.published, loaded.meta.review_due) == (DAY, date(2027, 12, 5))
    problems = lint(loaded, DAY)
    assert [p for p in problems if p.severity == "error"] == []
    warnings = [p for p in problems if p.severity == "warning"]
    assert warnings and {p.rule for p in warnings} == {"template.text"}
    notes = {p.rule for p in problems if p.severity == "info"}
    assert notes == {"review.example", "ipdas.present", "readability.summary"}
    decision = next(p for p in warnings if p.path == "decision")
    assert decision.file.endswith("pack.yaml")
    assert decision.line == 12
    assert "still the template's instruction" in decision.message


def test_the_template_guides_the_author_in_comments(tmp_path: Path) -> None:
    folder = new_pack(tmp_path, "falls", "Falls", DAY)
    pack = (folder / "pack.yaml").read_text(encoding="utf-8")
    content = (folder / "content.yaml").read_text(encoding="utf-8")
    assert pack.startswith("# A new option-grid pack, made by 'decision-aid packs new'.")
    assert "# Raise the version for every published change: decision-aid packs bump" in pack
    assert "decision-aid packs review FOLDER --role clinician" in pack
    assert "THESE\n# FIGURES ARE MADE UP" in content
    assert "- id: option-1" in content and "- id: question-1" in content


def test_a_written_text_is_no_longer_flagged(tmp_path: Path) -> None:
    folder = new_pack(tmp_path, "falls", "Falls", DAY)
    path = folder / "pack.yaml"
    text = path.read_text(encoding="utf-8")
    old = '"[The choice as a patient would ask it, such as: Should I have the operation?]"'
    path.write_text(text.replace(old, "Should I do balance exercises?"), encoding="utf-8")
    places = {p.path for p in by_rule(lint(load_pack(folder), DAY), "template.text")}
    assert "decision" not in places
    assert "condition" in places


def test_an_existing_folder_is_never_touched(tmp_path: Path) -> None:
    (tmp_path / "falls").mkdir()
    (tmp_path / "falls" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(AuthoringError, match="already exists"):
        new_pack(tmp_path, "falls", "Falls", DAY)
    assert [p.name for p in (tmp_path / "falls").iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["falls"]


@pytest.mark.parametrize(
    ("pack_id", "title", "where"),
    [("Falls Prevention", "Falls", "--id"), ("../up", "Falls", "--id"), ("falls", "  ", "--title")],
)
def test_bad_ids_and_titles(tmp_path: Path, pack_id: str, title: str, where: str) -> None:
    with pytest.raises(AuthoringError) as caught:
        new_pack(tmp_path, pack_id, title, DAY)
    assert caught.value.where == where
    assert list(tmp_path.iterdir()) == []


def test_a_grid_gives_the_options_questions_and_answers(tmp_path: Path) -> None:
    grid = Grid(
        options=("Exercise classes", "Home check", "Exercise classes!"),
        questions=("What does it involve?", "Będzie bolało?"),
        answers=(("Classes.", "A visit.", "More classes."), ("Rarely.", "No.", "Yes.")),
    )
    loaded = load_pack(new_pack(tmp_path, "falls", "Falls", DAY, grid))
    content = loaded.content
    assert [o.id for o in content.options] == [
        "exercise-classes",
        "home-check",
        "exercise-classes-2",
    ]
    assert [o.name for o in content.options] == list(grid.options)
    assert [q.id for q in content.questions] == ["what-does-it-involve", "b-dzie-bola-o"]
    assert content.questions[1].text == "Będzie bolało?"
    assert content.questions[0].answers["home-check"].text == "A visit."
    assert {o.id for o in content.outcomes} == {"benefit-1", "harm-1"}
    assert set(content.outcomes[0].figures or {}) == {o.id for o in content.options}


def test_slug() -> None:
    taken: set[str] = set()
    assert slug("Knee replacement", "option-1", taken) == "knee-replacement"
    assert slug("Knee  replacement!", "option-2", taken) == "knee-replacement-2"
    assert slug("العلاج الطبيعي", "option-3", taken) == "option-3"
