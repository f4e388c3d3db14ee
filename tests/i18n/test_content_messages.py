"""Loader and linter messages go through gettext: a catalog translates them."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from decision_aid import i18n
from decision_aid.content.errors import PackError
from decision_aid.content.lint import lint
from decision_aid.content.loader import load_pack
from tests.conftest import FIXTURES, MINIMAL

MISSING = "the required field '{field}' is missing; add it"
MISSING_CY = "mae'r maes '{field}' yn eisiau; ychwanegwch ef"
EXAMPLE = "example content, not clinically reviewed; do not use it with patients"
EXAMPLE_CY = "cynnwys enghreifftiol, heb adolygiad clinigol; peidiwch â'i ddefnyddio gyda chleifion"


@pytest.fixture
def welsh(tmp_path: Path) -> Iterator[Path]:
    """Welsh switched on from a tiny compiled catalog; English again afterwards."""
    catalog = Catalog(locale="cy")
    catalog.add(MISSING, MISSING_CY)
    catalog.add(EXAMPLE, EXAMPLE_CY)
    catalog.add("info", "gwybodaeth")
    locale_dir = tmp_path / "locale"
    mo = locale_dir / "cy" / "LC_MESSAGES" / "decision_aid.mo"
    mo.parent.mkdir(parents=True)
    with mo.open("wb") as handle:
        write_mo(handle, catalog)
    try:
        assert i18n.set_language("cy", locale_dir) == "cy"
        yield tmp_path
    finally:
        i18n.set_language("en")


def test_loader_message_is_translated(welsh: Path) -> None:
    pack = shutil.copytree(FIXTURES / "invalid" / "missing-funding", welsh / "missing-funding")
    with pytest.raises(PackError) as caught:
        load_pack(pack)
    messages = [p.message for p in caught.value.problems]
    assert MISSING_CY.format(field="funding") in messages
    assert MISSING.format(field="funding") not in messages


def test_lint_message_and_severity_are_translated(welsh: Path) -> None:
    problems = lint(load_pack(MINIMAL), date(2026, 6, 1))
    example = [p for p in problems if p.rule == "review.example"]
    assert [p.message for p in example] == [EXAMPLE_CY]
    assert str(example[0]).endswith(f"review.status: gwybodaeth: {EXAMPLE_CY}")


def test_english_text_is_the_msgid(tmp_path: Path) -> None:
    pack = shutil.copytree(FIXTURES / "invalid" / "missing-funding", tmp_path / "missing-funding")
    with pytest.raises(PackError) as caught:
        load_pack(pack)
    assert MISSING.format(field="funding") in [p.message for p in caught.value.problems]
