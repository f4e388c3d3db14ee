"""Review sign-off: the review hash, and a pack marked reviewed only with a clinician's
sign-off of its exact content."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from decision_aid.content.errors import PackError
from decision_aid.content.lint import lint
from decision_aid.content.loader import load_pack
from decision_aid.content.review import pack_review_hash
from tests.conftest import MINIMAL
from tests.content.lint.lint_support import TODAY, by_rule, only

EXAMPLE = "review:\n  status: example\n"


def copy(tmp_path: Path, name: str = "a") -> Path:
    folder = tmp_path / name / "minimal"
    shutil.copytree(MINIMAL, folder)
    return folder


def edit(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def sign_off(folder: Path, role: str = "clinician", name: str = "Dr R. Eviewer") -> str:
    """Add a sign-off of the content as it is, by hand, and mark the pack reviewed."""
    current = pack_review_hash(load_pack(folder))
    entry = (
        f"reviewers:\n  - name: {name}\n    role: {role}\n"
        f"    competing_interests: None declared.\n    date: 2026-02-01\n"
        f'    reviewed_hash: "{current}"\n'
    )
    review = EXAMPLE
    if role == "clinician":
        review = f"review:\n  status: reviewed\n  reviewer: {name}\n  date: 2026-02-01\n"
    edit(folder, "pack.yaml", EXAMPLE, entry + review)
    return current


def test_the_review_hash_leaves_out_sign_offs_comments_and_signatures(tmp_path: Path) -> None:
    folder = copy(tmp_path)
    before = pack_review_hash(load_pack(folder))
    sign_off(folder, "patient", "Pat Smith")
    edit(folder, "content.yaml", "format_version: 1\n", "format_version: 1  # edited\n")
    (folder / "signature").mkdir()
    (folder / "signature" / "manifest.json").write_text("{}", encoding="utf-8")
    assert pack_review_hash(load_pack(folder)) == before


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("content.yaml", "tablet: {count: 20,", "tablet: {count: 21,"),
        ("content.yaml", "name: Take the tablet", "name: Take a tablet"),
        ("pack.yaml", "version: 0.1.0", "version: 0.2.0"),
        ("evidence.md", "", "More evidence.\n"),
    ],
)
def test_the_review_hash_changes_with_the_content(
    tmp_path: Path, file: str, old: str, new: str
) -> None:
    folder = copy(tmp_path)
    before = pack_review_hash(load_pack(folder))
    if old:
        edit(folder, file, old, new)
    else:
        (folder / file).write_text((folder / file).read_text() + new, encoding="utf-8")
    assert pack_review_hash(load_pack(folder)) != before


def test_a_folder_and_its_archive_have_the_same_review_hash(tmp_path: Path) -> None:
    folder = copy(tmp_path)
    archive = Path(shutil.make_archive(str(tmp_path / "minimal"), "zip", folder.parent, "minimal"))
    assert pack_review_hash(load_pack(archive)) == pack_review_hash(load_pack(folder))


def test_reviewed_without_any_sign_off_is_refused(tmp_path: Path) -> None:
    folder = copy(tmp_path)
    edit(
        folder,
        "pack.yaml",
        EXAMPLE,
        "review:\n  status: reviewed\n  reviewer: Dr A\n  date: 2026-02-01\n",
    )
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    problem = only(caught.value.problems, "review.sign-off")
    assert problem.file.endswith("pack.yaml")
    assert problem.path == "review.status"
    assert "records no clinician's sign-off of this version" in problem.message
    assert "decision-aid packs review PACK --role clinician" in problem.message
    assert "or set review.status: example" in problem.message
    assert load_pack(folder, check_review=False).meta.review.status == "reviewed"


def test_a_clinician_sign_off_of_this_content_is_accepted(tmp_path: Path) -> None:
    folder = copy(tmp_path)
    sign_off(folder)
    loaded = load_pack(folder)
    assert loaded.meta.review_label == "reviewed by Dr R. Eviewer on 2026-02-01"
    assert by_rule(lint(loaded, TODAY), "review.sign-off") == []


def test_a_change_after_the_sign_off_is_refused(tmp_path: Path) -> None:
    folder = copy(tmp_path)
    signed = sign_off(folder)
    edit(folder, "content.yaml", "tablet: {count: 20,", "tablet: {count: 22,")
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    message = only(caught.value.problems, "review.sign-off").message
    assert "content changed after Dr R. Eviewer signed it off on 2026-02-01" in message
    assert signed.removeprefix("sha256:")[:12] in message


def test_only_a_clinician_sign_off_counts(tmp_path: Path) -> None:
    folder = copy(tmp_path)
    sign_off(folder, "patient", "Pat Smith")
    edit(
        folder,
        "pack.yaml",
        EXAMPLE,
        "review:\n  status: reviewed\n  reviewer: Pat Smith\n  date: 2026-02-01\n",
    )
    with pytest.raises(PackError, match="no clinician's sign-off"):
        load_pack(folder)


def test_the_review_block_names_the_clinician_who_signed(tmp_path: Path) -> None:
    folder = copy(tmp_path)
    sign_off(folder)
    edit(folder, "pack.yaml", "  reviewer: Dr R. Eviewer\n", "  reviewer: Dr Someone Else\n")
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    problem = only(caught.value.problems, "review.sign-off")
    assert problem.path == "review.reviewer"
    assert "Dr R. Eviewer, 2026-02-01" in problem.message


def test_a_sign_off_needs_its_date(tmp_path: Path) -> None:
    folder = copy(tmp_path)
    sign_off(folder, "patient")
    edit(folder, "pack.yaml", "    date: 2026-02-01\n", "")
    with pytest.raises(PackError, match="needs the 'date'"):
        load_pack(folder)


def test_lint_notes_earlier_sign_offs_and_unknown_roles(tmp_path: Path) -> None:
    folder = copy(tmp_path)
    sign_off(folder, "peer", "Pat Smith")
    edit(folder, "content.yaml", "tablet: {count: 20,", "tablet: {count: 19,")
    problems = by_rule(lint(load_pack(folder), TODAY), "review.sign-off")
    assert [(p.severity, p.path) for p in problems] == [
        ("warning", "reviewers[0].role"),
        ("info", "reviewers[0].reviewed_hash"),
    ]
    assert "signed off an earlier version on 2026-02-01" in problems[1].message


def test_lint_asks_to_mark_a_signed_off_example_pack_reviewed(tmp_path: Path) -> None:
    folder = copy(tmp_path)
    sign_off(folder)
    edit(
        folder,
        "pack.yaml",
        "  status: reviewed\n  reviewer: Dr R. Eviewer\n  date: 2026-02-01\n",
        "  status: example\n",
    )
    problem = only(lint(load_pack(folder), TODAY), "review.sign-off", "warning")
    assert problem.path == "review.status"


def test_lint_asks_for_a_changelog_entry_of_this_version(tmp_path: Path) -> None:
    folder = copy(tmp_path)
    entry = "changelog:\n  - version: 0.1.0\n    date: 2026-01-10\n    changes: [First version.]\n"
    edit(folder, "pack.yaml", EXAMPLE, EXAMPLE + entry)
    loaded = load_pack(folder)
    assert loaded.meta.changelog[0].date == date(2026, 1, 10)
    assert by_rule(lint(loaded, TODAY), "changelog.version") == []
    edit(folder, "pack.yaml", "version: 0.1.0", "version: 0.2.0")
    problem = only(lint(load_pack(folder), TODAY), "changelog.version")
    assert problem.severity == "warning"
    assert "no entry for version 0.2.0" in problem.message
