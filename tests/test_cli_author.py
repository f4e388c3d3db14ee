"""decision-aid author [PACK]: a pack by its folder, or by its id in the library."""

from __future__ import annotations

from pathlib import Path

import pytest

from decision_aid.cli import build_parser
from decision_aid.cli.author import find_pack_path
from decision_aid.cli.common import UsageError
from tests.conftest import SHIPPED


def test_the_command_takes_an_optional_pack() -> None:
    parser = build_parser()
    assert parser.parse_args(["author"]).pack is None
    assert parser.parse_args(["author", "knee-osteoarthritis"]).pack == "knee-osteoarthritis"


def test_a_pack_by_folder_or_by_id(tmp_path: Path) -> None:
    assert find_pack_path(str(SHIPPED / "psa-screening"), [SHIPPED]) == SHIPPED / "psa-screening"
    assert find_pack_path("psa-screening", [SHIPPED]) == SHIPPED / "psa-screening"
    with pytest.raises(UsageError, match="no pack with that id"):
        find_pack_path("no-such-pack", [tmp_path])
