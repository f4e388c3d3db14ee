"""Recording a reviewer's sign-off in pack.yaml."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from decision_aid.authoring.errors import AuthoringError
from decision_aid.authoring.review import record_sign_off
from decision_aid.content.errors import PackError
from decision_aid.content.loader import load_pack
from decision_aid.content.review import pack_review_hash
from tests.authoring.support import SHIPPED_IDS, changed_lines, copy_pack, shipped
from tests.conftest import MINIMAL

DAY = date(2026, 12, 5)


@pytest.mark.parametrize("pack_id", SHIPPED_IDS)
def test_a_clinician_sign_off_changes_only_its_lines(pack_id: str, tmp_path: Path) -> None:
    folder = shipped(pack_id, tmp_path)
    before = (folder / "pack.yaml").read_text(encoding="utf-8")
    current = pack_review_hash(load_pack(folder))
    sign_off = record_sign_off(
        load_pack(folder),
        role="clinician",
        name="Dr A. Example",
        interests="None declared.",
        credentials="GP, MRCGP",
        day=DAY,
    )
    assert sign_off.reviewed_hash == current
    assert sign_off.reviewed and not sign_off.updated
    after = (folder / "pack.yaml").read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        "-reviewers: []",
        "+reviewers:",
        "+  - name: Dr A. Example",
        "+    role: clinician",
        "+    credentials: GP, MRCGP",
        "+    competing_interests: None declared.",
        "+    date: 2026-12-05",
        f'+    reviewed_hash: "{current}"',
        "-  status: example",
        "+  status: reviewed",
        "+  reviewer: Dr A. Example",
        "+  date: 2026-12-05",
    ]
    loaded = load_pack(folder)
    assert loaded.meta.review_label == "reviewed by Dr A. Example on 2026-12-05"
    assert pack_review_hash(loaded) == current


def test_a_patient_sign_off_leaves_the_pack_an_example(tmp_path: Path) -> None:
    folder = copy_pack(MINIMAL, tmp_path)
    sign_off = record_sign_off(
        load_pack(folder), role="patient", name="Pat Smith", interests="None declared.", day=DAY
    )
    assert not sign_off.reviewed
    meta = load_pack(folder).meta
    assert meta.review.status == "example"
    assert [(r.name, r.role, r.credentials) for r in meta.reviewers] == [
        ("Pat Smith", "patient", None)
    ]


def test_signing_again_after_a_change_updates_the_entry(tmp_path: Path) -> None:
    folder = copy_pack(MINIMAL, tmp_path)
    record_sign_off(
        load_pack(folder), role="clinician", name="Dr A", interests="None declared.", day=DAY
    )
    content = folder / "content.yaml"
    content.write_text(content.read_text().replace("{count: 20,", "{count: 22,"), encoding="utf-8")
    with pytest.raises(PackError, match="content changed after Dr A signed it off"):
        load_pack(folder)
    again = record_sign_off(
        load_pack(folder, check_review=False),
        role="clinician",
        name="Dr A",
        interests="Paid speaker for a maker of statins.",
        day=date(2026, 12, 9),
    )
    assert again.updated
    meta = load_pack(folder).meta
    assert len(meta.reviewers) == 1
    assert meta.reviewers[0].competing_interests == "Paid speaker for a maker of statins."
    assert meta.reviewers[0].reviewed_hash == again.reviewed_hash
    assert meta.review.date == date(2026, 12, 9)


@pytest.mark.parametrize(
    ("kwargs", "where", "message"),
    [
        ({"role": "friend"}, "--role", "'friend' is not a review role"),
        ({"name": "  "}, "--name", "cannot be empty"),
        ({"interests": ""}, "--interests", "cannot be empty"),
    ],
)
def test_bad_sign_offs_write_nothing(
    tmp_path: Path, kwargs: dict[str, str], where: str, message: str
) -> None:
    folder = copy_pack(MINIMAL, tmp_path)
    before = (folder / "pack.yaml").read_bytes()
    arguments = {"role": "clinician", "name": "Dr A", "interests": "None declared.", **kwargs}
    with pytest.raises(AuthoringError, match=message) as caught:
        record_sign_off(load_pack(folder), day=DAY, **arguments)
    assert caught.value.where == where
    assert (folder / "pack.yaml").read_bytes() == before


def test_a_pack_json_keeps_its_layout(tmp_path: Path) -> None:
    import json

    folder = copy_pack(MINIMAL, tmp_path)
    meta = load_pack(folder).meta.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    (folder / "pack.yaml").unlink()
    (folder / "pack.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    record_sign_off(
        load_pack(folder), role="clinician", name="Dr A", interests="None declared.", day=DAY
    )
    written = json.loads((folder / "pack.json").read_text(encoding="utf-8"))
    assert written["review"] == {"status": "reviewed", "reviewer": "Dr A", "date": "2026-12-05"}
    assert load_pack(folder).meta.review.status == "reviewed"
