"""The round-trip editing document: one edit, one changed line; the pack checked in memory."""

from __future__ import annotations

import difflib
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from decision_aid.authoring.document import (
    MISSING,
    DocumentError,
    DropFile,
    PackDocument,
    Remove,
    parse_field_path,
)
from decision_aid.authoring.layout import merge_lines, refold
from decision_aid.authoring.new_translation import translation_text
from decision_aid.content.errors import Problem
from decision_aid.content.loader import load_pack
from tests.conftest import MINIMAL, SHIPPED


def _copy(pack: Path, tmp_path: Path) -> Path:
    target = tmp_path / pack.name
    shutil.copytree(pack, target)
    return target


def _diff(before: str, after: str) -> list[str]:
    return list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


# One cell of each shipped pack, a few words changed in one of its lines.
CELLS = {
    "knee-osteoarthritis": (
        ("content.yaml", "questions", 0, "answers", "exercise", "text"),
        "A programme\nwithout surgery",
        "A programme\nwith no surgery",
        [
            "@@ -110 +110 @@",
            "-          without surgery also helped people who had been offered a new knee.",
            "+          with no surgery also helped people who had been offered a new knee.",
        ],
    ),
    "psa-screening": (
        ("content.yaml", "questions", 0, "answers", "psa-test", "text"),
        "If your PSA is raised",
        "If your PSA level is high",
        [
            "@@ -62 +62 @@",
            "-        You have a blood test at your GP surgery. If your PSA is raised, your",
            "+        You have a blood test at your GP surgery. If your PSA level is high, your",
        ],
    ),
    "statins-primary-prevention": (
        ("content.yaml", "questions", 0, "answers", "no-statin", "text"),
        "drinking less alcohol",
        "drinking less",
        [
            "@@ -65 +65 @@",
            "-        active, eating well and drinking less alcohol.",
            "+        active, eating well and drinking less.",
        ],
    ),
}


def test_every_shipped_pack_is_covered() -> None:
    assert sorted(CELLS) == sorted(p.name for p in SHIPPED.iterdir() if p.is_dir())


@pytest.mark.parametrize("pack", sorted(CELLS))
def test_editing_one_cell_changes_exactly_one_line(pack: str, tmp_path: Path) -> None:
    folder = _copy(SHIPPED / pack, tmp_path)
    where, old, new, expected = CELLS[pack]
    before = _snapshot(folder)
    doc = PackDocument(folder)
    text = doc.get(where)
    flat_old = old.replace("\n", " ")
    assert flat_old in text
    doc.set(where, text.replace(flat_old, new.replace("\n", " ")))
    assert doc.check().problems == []
    assert doc.save() == ["content.yaml"]
    after = _snapshot(folder)
    assert _diff(before["content.yaml"].decode(), after["content.yaml"].decode())[2:] == expected
    assert {k: v for k, v in after.items() if k != "content.yaml"} == {
        k: v for k, v in before.items() if k != "content.yaml"
    }
    saved = load_pack(folder)
    questions = saved.content.questions
    assert new.replace("\n", " ") in questions[where[2]].answers[str(where[4])].text


@pytest.mark.parametrize("pack", sorted(CELLS))
def test_saving_without_a_change_writes_nothing(pack: str, tmp_path: Path) -> None:
    folder = _copy(SHIPPED / pack, tmp_path)
    before = _snapshot(folder)
    doc = PackDocument(folder)
    for rel in doc.files:
        assert doc.data(rel) == before[rel]
    where = CELLS[pack][0]
    text = doc.get(where)
    undo = doc.set(where, text + " More.")
    doc.apply(undo)  # and back: the bytes are the author's again
    assert doc.modified() == []
    assert doc.save() == []
    assert _snapshot(folder) == before


def test_comments_quotes_and_key_order_stay(make_pack) -> None:
    folder = make_pack(
        edits={
            "content.yaml": [
                (
                    "    name: Take the tablet\n",
                    "    # shown as the column heading\n    name: 'Take the tablet'\n",
                ),
                ("        text: Out of 100 people, 20", '        text: "Out of 100 people, 20'),
                (
                    "20 have a bad day each week.\n",
                    '20 have a bad day each week."  # from the trial\n',
                ),
            ]
        }
    )
    before = (folder / "content.yaml").read_text()
    doc = PackDocument(folder)
    doc.set(("content.yaml", "options", 0, "name"), "Take a tablet")
    doc.set(
        ("content.yaml", "questions", 0, "answers", "tablet", "text"),
        "Out of 100 people, 21 have a bad day each week.",
    )
    doc.save()
    assert _diff(before, (folder / "content.yaml").read_text())[2:] == [
        "@@ -5 +5 @@",
        "-    name: 'Take the tablet'",
        "+    name: 'Take a tablet'",
        "@@ -28 +28 @@",
        '-        text: "Out of 100 people, 20 have a bad day each week."  # from the trial',
        '+        text: "Out of 100 people, 21 have a bad day each week."  # from the trial',
    ]


def test_a_new_key_goes_where_the_format_puts_it(make_pack) -> None:
    folder = make_pack()
    doc = PackDocument(folder)
    where = ("content.yaml", "questions", 0, "answers", "tablet", "detail")
    order = ("text", "citations", "certainty", "detail")
    doc.set(where, "More about it.", order)
    eligibility = ("content.yaml", "options", 0, "eligibility")
    doc.set(
        eligibility,
        "Adults only.",
        ("id", "name", "description", "is_no_treatment", "eligibility", "benefits", "harms"),
    )
    assert list(doc.get(("content.yaml", "options", 0)))[:4] == [
        "id",
        "name",
        "description",
        "eligibility",
    ]
    assert doc.check().problems == []
    doc.save()
    loaded = load_pack(folder)
    assert loaded.content.questions[0].answers["tablet"].detail == "More about it."
    assert loaded.content.options[0].eligibility == "Adults only."


def test_removing_a_key_and_undoing_it_restores_the_file(make_pack) -> None:
    folder = make_pack()
    before = (folder / "content.yaml").read_bytes()
    doc = PackDocument(folder)
    undo = doc.set(("content.yaml", "questions", 0, "answers", "tablet", "certainty"), MISSING)
    assert doc.get(("content.yaml", "questions", 0, "answers", "tablet", "certainty")) is MISSING
    assert b"certainty: moderate" in doc.data("content.yaml")
    doc.apply(undo)
    assert doc.data("content.yaml") == before


def test_list_items_insert_and_remove(make_pack) -> None:
    folder = make_pack()
    before = (folder / "content.yaml").read_bytes()
    doc = PackDocument(folder)
    reference = {"id": "review", "citation": "A review. 2021.", "url": "https://example.org/r"}
    undo_insert = doc.apply(doc.insert(("content.yaml", "references", 1), reference))
    assert doc.check().problems == []
    assert doc.get(("content.yaml", "references", 1, "id")) == "review"
    doc.apply(undo_insert)
    undo_remove = doc.apply(Remove(("content.yaml", "options", 0, "benefits", 0)))
    assert doc.get(("content.yaml", "options", 0, "benefits")) == []
    doc.apply(undo_remove)
    assert doc.data("content.yaml") == before


def test_the_pack_is_checked_after_each_change_in_memory(make_pack) -> None:
    folder = make_pack()
    doc = PackDocument(folder)
    assert doc.check().loaded is not None
    doc.set(("content.yaml", "outcomes", 0, "figures", "tablet", "count"), 200)
    result = doc.check()
    assert result.loaded is None
    messages = [str(p) for p in result.problems]
    assert any(
        str(folder / "content.yaml") in m and "outcomes[0].figures.tablet" in m for m in messages
    ), messages
    problem = result.problems[0]
    assert doc.where_of(problem) is not None
    assert doc.where_of(problem)[0] == "content.yaml"
    assert (folder / "content.yaml").read_bytes() == (MINIMAL / "content.yaml").read_bytes()
    assert not list(folder.parent.glob("**/*.tmp"))


def test_text_that_would_read_as_a_number_is_quoted(make_pack) -> None:
    folder = make_pack()
    doc = PackDocument(folder)
    where = ("content.yaml", "knowledge", 0, "choices", 0, "text")
    for text in ("2027", "0x10", "true", "1_000", "- a list?", "null"):
        doc.set(where, text)
        result = doc.check()
        assert result.problems == [], (text, result.problems)
        assert result.loaded is not None
        assert result.loaded.content.knowledge[0].choices[0].text == text


def test_refold_keeps_the_lines_that_did_not_change() -> None:
    old = "one two three four. five six seven eight. nine ten eleven twelve."
    folds = [19, 41]
    lines = ["one two three four.", "five six seven eight.", "nine ten eleven twelve."]
    assert [old[a:b] for a, b in zip([0, 20, 42], [19, 41, len(old)], strict=True)] == lines
    new = old.replace("six", "sixty-six")
    positions = refold(old, folds, new)
    assert [new[: positions[0]], new[positions[0] + 1 : positions[1]]] == [
        "one two three four.",
        "five sixty-six seven eight.",
    ]
    assert new[positions[1] + 1 :] == "nine ten eleven twelve."
    # several lines rewritten: wrapped to the old lines' width
    longer = "one two three four. " + "word " * 12 + "nine ten eleven twelve."
    positions = refold(old, folds, longer)
    assert positions[0] == 19 and longer[positions[-1] + 1 :] == "nine ten eleven twelve."


def test_merge_keeps_the_authors_formatting_outside_the_change() -> None:
    raw = ["a:   1\n", "b: x\n", "c: [1,2]\n", "d: y\n"]
    base = ["a: 1\n", "b: x\n", "c: [1, 2]\n", "d: y\n"]
    new = ["a: 1\n", "b: x\n", "c: [1, 2]\n", "d: z\n"]
    assert merge_lines(raw, base, new) == ["a:   1\n", "b: x\n", "c: [1,2]\n", "d: z\n"]
    assert merge_lines(raw, base, base) == raw


def test_an_odd_layout_keeps_its_lines(make_pack) -> None:
    folder = make_pack()
    content = folder / "content.yaml"
    odd = content.read_text().replace("      tablet: {count: 20", "      tablet: {   count: 20")
    content.write_text(odd.replace("\n", "\r\n"))
    doc = PackDocument(folder)
    doc.set(("content.yaml", "options", 1, "name"), "No tablets")
    doc.save()
    after = content.read_bytes().decode()
    assert "\r\n" in after and "\n" not in after.replace("\r\n", "")
    assert _diff(odd, after.replace("\r\n", "\n"))[2:] == [
        "@@ -13 +13 @@",
        "-    name: No tablet",
        "+    name: No tablets",
    ]


def test_a_json_pack_is_edited_the_same_way(tmp_path: Path) -> None:
    folder = tmp_path / "minimal"
    folder.mkdir()
    for stem in ("pack", "content"):
        data = load_pack(MINIMAL).meta if stem == "pack" else load_pack(MINIMAL).content
        (folder / f"{stem}.json").write_text(
            json.dumps(
                data.model_dump(mode="json", exclude_none=True), indent=2, ensure_ascii=False
            )
            + "\n"
        )
    before = (folder / "content.json").read_text()
    doc = PackDocument(folder)
    doc.set(("content.json", "options", 0, "name"), "Take a tablet")
    assert doc.check().problems == []
    doc.save()
    assert _diff(before, (folder / "content.json").read_text())[2:] == [
        "@@ -6 +6 @@",
        '-      "name": "Take the tablet",',
        '+      "name": "Take a tablet",',
    ]


def test_an_archive_opens_read_only(tmp_path: Path) -> None:
    archive = tmp_path / "minimal.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in MINIMAL.iterdir():
            zf.write(path, path.name)
    doc = PackDocument(archive)
    assert doc.read_only is not None and "archive" in doc.read_only
    assert doc.check().loaded is not None
    doc.set(("content.yaml", "options", 0, "name"), "Changed")
    with pytest.raises(DocumentError) as caught:
        doc.save()
    assert "unpack it into a folder" in str(caught.value)


def test_a_file_changed_on_disk_is_not_overwritten(make_pack) -> None:
    folder = make_pack()
    doc = PackDocument(folder)
    doc.set(("content.yaml", "options", 0, "name"), "Mine")
    (folder / "content.yaml").write_text((folder / "content.yaml").read_text() + "# theirs\n")
    with pytest.raises(DocumentError) as caught:
        doc.save()
    assert "changed on disk" in str(caught.value)
    assert (folder / "content.yaml").read_text().endswith("# theirs\n")
    assert doc.save(overwrite=True) == ["content.yaml"]
    assert "name: Mine" in (folder / "content.yaml").read_text()


def test_a_file_that_cannot_be_read_is_listed_not_raised(make_pack) -> None:
    folder = make_pack(edits={"content.yaml": [("questions:", "questions: [\n")]})
    with pytest.raises(DocumentError) as caught:
        PackDocument(folder)
    [problem] = caught.value.problems
    assert isinstance(problem, Problem)
    assert problem.file == str(folder / "content.yaml") and problem.line is not None


def test_a_hostile_file_is_refused_before_ruamel_reads_it(make_pack) -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\n"
    folder = make_pack(
        edits={"content.yaml": [("format_version: 1\n", f"format_version: 1\n{bomb}")]}
    )
    with pytest.raises(DocumentError) as caught:
        PackDocument(folder)
    assert "anchors and aliases" in str(caught.value)


def test_field_paths_read_back() -> None:
    assert parse_field_path("questions[2].answers.surgery.text") == (
        "questions",
        2,
        "answers",
        "surgery",
        "text",
    )
    assert parse_field_path("strings.options.a.name", translation=True) == (
        "strings",
        "options.a.name",
    )
    assert parse_field_path("(file)") == ()


def test_undoing_restores_the_old_style_exactly(make_pack) -> None:
    folder = make_pack()
    before = (folder / "content.yaml").read_bytes()
    doc = PackDocument(folder)
    where = ("content.yaml", "questions", 0, "answers", "tablet", "text")
    original = doc.node(where)
    first = doc.set(where, original + " ")  # a trailing space needs quotes
    doc.set(where, original + " more", like=original)
    assert b"text: Out of 100 people, 20 have a bad day each week. more\n" in doc.data(
        "content.yaml"
    )
    doc.apply(first)
    assert doc.data("content.yaml") == before


def test_the_quick_check_names_the_real_files(make_pack) -> None:
    folder = make_pack()
    doc = PackDocument(folder)
    assert doc.quick_check().loaded is not None
    doc.set(("content.yaml", "options", 0, "name"), "")
    quick = doc.quick_check()
    assert quick.loaded is None
    [problem] = [p for p in quick.problems if p.path == "options[0].name"]
    assert problem.file == str(folder / "content.yaml") and problem.line is None
    [exact] = [p for p in doc.check().problems if p.path == "options[0].name"]
    assert exact.file == problem.file and exact.line == 4


def test_bytes_that_would_not_read_back_are_not_saved(make_pack, monkeypatch) -> None:
    folder = make_pack()
    before = (folder / "content.yaml").read_bytes()
    doc = PackDocument(folder)
    doc.set(("content.yaml", "options", 0, "name"), "Take a tablet")
    content = doc.files["content.yaml"]
    written = content.write
    monkeypatch.setattr(
        content, "write", lambda: [line.replace("name: No tablet", "name: 1") for line in written()]
    )
    with pytest.raises(DocumentError) as caught:
        doc.save()
    assert "does not read back as edited" in str(caught.value)
    assert (folder / "content.yaml").read_bytes() == before


def test_a_new_translation_is_written_on_save_and_deleted_when_undone(make_pack) -> None:
    folder = make_pack()
    doc = PackDocument(folder)
    target = folder / "translations" / "ar.yaml"
    undo_add = doc.apply(doc.add_translation("ar", translation_text("ar")))
    assert doc.parts["ar"] == "translations/ar.yaml"
    check = doc.check()
    assert check.loaded is not None and check.loaded.languages == ["en", "ar"]
    # The empty 'strings: {}' becomes a block once it holds a string.
    doc.set(("translations/ar.yaml", "strings", "title"), "حزمة الاختبار")
    assert "strings:\n  title: حزمة الاختبار\n" in doc.data("translations/ar.yaml").decode()
    assert doc.changed_on_disk() == []  # a new file is not 'changed on disk'
    assert doc.save() == ["translations/ar.yaml"]
    assert load_pack(folder).translations["ar"].strings == {"title": "حزمة الاختبار"}
    assert target.read_text().startswith("# The pack's text in 'ar'.")
    # Undone after saving: the next save deletes the file; redone: writes it again.
    redo_add = doc.apply(undo_add)
    assert "ar" not in doc.parts and doc.modified() == ["translations/ar.yaml"]
    assert doc.save() == ["translations/ar.yaml"] and not target.exists()
    assert load_pack(folder).languages == ["en"]
    doc.apply(redo_add)
    assert doc.save() == ["translations/ar.yaml"]
    assert load_pack(folder).translations["ar"].strings == {"title": "حزمة الاختبار"}


def test_a_translation_made_on_disk_meanwhile_is_not_overwritten(make_pack) -> None:
    folder = make_pack()
    doc = PackDocument(folder)
    doc.apply(doc.add_translation("cy", translation_text("cy")))
    (folder / "translations").mkdir()
    (folder / "translations" / "cy.yaml").write_text("# a translator's own file\n")
    with pytest.raises(DocumentError, match="changed on disk"):
        doc.save()
    assert (folder / "translations" / "cy.yaml").read_text() == "# a translator's own file\n"


def test_a_second_translation_into_one_language_is_refused(tmp_path: Path) -> None:
    folder = _copy(SHIPPED / "psa-screening", tmp_path)
    doc = PackDocument(folder)
    with pytest.raises(DocumentError, match="already"):
        doc.add_translation("cy", translation_text("cy"))
    with pytest.raises(KeyError):
        doc.apply(DropFile(("content.yaml",)))  # only a translation can be taken out


def test_taking_a_translation_out_deletes_it_on_save(tmp_path: Path) -> None:
    folder = _copy(SHIPPED / "psa-screening", tmp_path)
    before = _snapshot(folder)
    doc = PackDocument(folder)
    undo = doc.apply(DropFile(("translations/pl.yaml",)))
    assert doc.check().loaded is not None and "pl" not in doc.check().loaded.languages  # type: ignore[union-attr]
    doc.apply(undo)
    assert doc.modified() == []  # and back: nothing to write
    doc.apply(DropFile(("translations/pl.yaml",)))
    assert doc.save() == ["translations/pl.yaml"]
    assert _snapshot(folder) == {k: v for k, v in before.items() if k != "translations/pl.yaml"}
