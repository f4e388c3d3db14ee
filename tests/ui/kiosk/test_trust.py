"""The kiosk shows only packs signed by a publisher the clinic trusts (or the shipped
example content) with a signature that has not expired; it reads nothing of the others."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from decision_aid.ui.kiosk.config import KioskSetupError, load_config
from tests.conftest import SHIPPED
from tests.content.trust.support import Keys, ParseSpy, signed_pack, unsigned_copy
from tests.ui.kiosk.conftest import Clinic

TODAY = date(2026, 12, 4)
PACK = "knee-osteoarthritis"


def test_an_unsigned_pack_is_never_offered_nor_read(
    clinic: Clinic, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "mine"
    unsigned_copy(mine, version="1.5.0")  # a newer copy, but nobody signed it
    clinic.settings.kiosk_packs = ["knee-osteoarthritis"]
    spy = ParseSpy(monkeypatch)
    with pytest.raises(KioskSetupError) as caught:
        load_config(clinic.settings, [mine], today=lambda: TODAY)
    assert spy.count == 0
    assert "'knee-osteoarthritis' in 'kiosk_packs' cannot be offered" in str(caught.value)
    assert "this pack is not signed, so it is not shown here" in str(caught.value)
    clinic.settings.kiosk_packs = []
    config = load_config(clinic.settings, [SHIPPED, mine], today=lambda: TODAY)
    shipped = re.search(r"^version: (.*)$", (SHIPPED / PACK / "pack.yaml").read_text(), re.M)
    assert shipped is not None
    assert [p.meta.version for p in config.packs if p.meta.id == PACK] == [
        shipped.group(1)
    ]  # the shipped, signed copy
    assert all(p.trust is not None and p.trust.verified for p in config.packs)


def test_a_trusted_publishers_pack_is_offered(clinic: Clinic, tmp_path: Path) -> None:
    keys = Keys()
    signed_pack(tmp_path, keys.first, version="1.2.0")
    clinic.settings.kiosk_packs = ["knee-osteoarthritis"]
    with pytest.raises(KioskSetupError, match="not signed by a publisher this clinic trusts"):
        load_config(clinic.settings, [tmp_path], today=lambda: TODAY)
    clinic.settings.pack_publishers = [keys.publisher()]
    [loaded] = load_config(clinic.settings, [tmp_path], today=lambda: TODAY).packs
    assert loaded.meta.version == "1.2.0" and loaded.trust is not None
    assert loaded.trust.publisher == "Riverside editorial team"


def test_an_expired_signature_is_refused_unread(
    clinic: Clinic, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = Keys()
    clinic.settings.pack_publishers = [keys.publisher()]
    signed = datetime(2026, 1, 5, tzinfo=UTC)
    signed_pack(tmp_path, keys.first, now=signed, expires=date(2026, 6, 1))
    clinic.settings.kiosk_packs = ["knee-osteoarthritis"]
    spy = ParseSpy(monkeypatch)
    with pytest.raises(KioskSetupError, match="signed manifest expired on 2026-06-01"):
        load_config(clinic.settings, [tmp_path], today=lambda: TODAY)
    assert spy.count == 0
