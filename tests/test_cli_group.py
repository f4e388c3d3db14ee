"""``decision-aid group``: the threshold's bounds, an unknown pack, and the window opened
for a named pack with the threshold given."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from decision_aid.cli import main
from decision_aid.content.loader import LoadedPack
from tests.conftest import SHIPPED


def test_threshold_below_three_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--packs", str(SHIPPED), "group", "knee-osteoarthritis", "--threshold", "2"]) == 2
    assert "--threshold must be from 3 to 100" in capsys.readouterr().err


def test_unknown_pack_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--packs", str(SHIPPED), "group", "no-such-pack"]) == 2
    assert "no-such-pack" in capsys.readouterr().err


def test_named_pack_opens_with_the_threshold_and_address(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def fake_run(choose: Callable[[], LoadedPack | None], **kwargs: Any) -> int:
        loaded = choose()
        assert loaded is not None
        seen.update(kwargs, pack=loaded.meta.id)
        return 0

    monkeypatch.setattr("decision_aid.ui.group.run.run_group", fake_run)
    argv = ["--packs", str(SHIPPED), "group", "knee-osteoarthritis", "--threshold", "4"]
    assert main([*argv, "--address", "127.0.0.1"]) == 0
    assert seen == {"pack": "knee-osteoarthritis", "threshold": 4, "address": "127.0.0.1"}
