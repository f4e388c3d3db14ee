"""Every embedded font subset in a record has a tag of its own."""

from __future__ import annotations

from pathlib import Path

from decision_aid.report.font_subsets import subset_tag
from decision_aid.report.sign import sign_pdf
from tests.report.conftest import Records
from tests.report.signing import PASSPHRASE, run, write


def subset_names(path: Path) -> list[str]:
    rows = run("pdffonts", path).stdout.splitlines()[2:]
    return [row.split()[0] for row in rows]


def test_every_subset_in_a_signed_record_has_its_own_tag(
    records: Records, p12: Path, tmp_path: Path
) -> None:
    """The record's DejaVu Sans subset and the signature appearance's (another subset of
    the same font) were both AAAAAA+DejaVuSans."""
    signed = sign_pdf(records["knee-osteoarthritis", "3b"].read_bytes(), p12, PASSPHRASE)
    names = subset_names(write(tmp_path, "signed.pdf", signed))
    assert len(names) >= 3  # the record's regular and bold, the appearance's regular
    tags = [name.split("+", 1)[0] for name in names]
    assert all(len(tag) == 6 and tag.isalpha() and tag.isupper() for tag in tags)
    assert len(set(tags)) == len(tags), names
    assert "AAAAAA" not in tags


def test_a_pdfa1b_record_tags_every_subset(records: Records) -> None:
    names = subset_names(records["knee-osteoarthritis", "1b"])
    tags = [name.split("+", 1)[0] for name in names]
    assert len(set(tags)) == len(tags), names


def test_the_tag_follows_the_content() -> None:
    assert subset_tag("DejaVuSans", [65, 66]) == subset_tag("DejaVuSans", [65, 66])
    assert subset_tag("DejaVuSans", [65, 66]) != subset_tag("DejaVuSans", [65, 67])
    assert subset_tag("DejaVuSans", [65]) != subset_tag("DejaVuSans-Bold", [65])
