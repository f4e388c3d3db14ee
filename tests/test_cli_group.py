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


def test_check_says_what_a_session_would_use(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--packs", str(SHIPPED), "group", "knee-osteoarthritis", "--check"]
    assert main([*argv, "--address", "10.1.2.3", "--threshold", "6"]) == 0
    said = capsys.readouterr().out
    assert "(knee-osteoarthritis): 4 options, 6 concerns to rate" in said
    assert "once 6 people have answered" in said
    assert "The page can be served on: 10.1.2.3" in said


def test_check_without_a_pack_checks_every_pack(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--packs", str(SHIPPED), "group", "--check"]) == 0
    said = capsys.readouterr().out
    for pack_id in ("knee-osteoarthritis", "psa-screening", "statins-primary-prevention"):
        assert f"({pack_id})" in said


def test_address_must_be_ipv4(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--packs", str(SHIPPED), "group", "knee-osteoarthritis", "--check"]
    for bad in ("0.0.0.0", "0.0.0.0; rm", "::"):
        assert main([*argv, "--address", bad]) == 2
        assert "--address must be one IPv4 address" in capsys.readouterr().err
