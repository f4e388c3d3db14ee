"""A community organisation's way through the README, from an Open Referral export to its
entries offered in the clinician's plan step and on the kiosk, for the right topics and
languages: import, check, make a key, sign, verify, trust, and put the directory in place,
each step through the real commands and the app's own search for directories."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from decision_aid.cli import main
from decision_aid.content.loader import load_pack
from decision_aid.content.trust.policy import default_policy
from decision_aid.directory.available import find_directories
from decision_aid.i18n import using
from decision_aid.kiosk.community import kiosk_offers
from decision_aid.session.state import Session
from decision_aid.settings import settings_path
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.steps.plan_step import PlanStep
from tests.conftest import ROOT

EXPORT = ROOT / "examples" / "openreferral" / "oruk-services.json"
KNEE = ROOT / "option_grids" / "knee-osteoarthritis"
OURS = "riverside-community"


def command(*words: str) -> None:
    assert main(list(words)) == 0, words


@pytest.fixture
def published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The organisation's steps 1 to 4, then the clinic's: trust the key, point the app at
    the folder the directory was published to."""
    shelf = tmp_path / "published"
    folder = shelf / OURS
    passphrase = tmp_path / "passphrase"
    passphrase.write_text("a passphrase for the walkthrough\n", encoding="utf-8")
    key = tmp_path / "keys" / "riverside.key"
    # The sample's services were assured in 2026; this test may run years later, when they
    # would be stale and the kiosk would leave them out: the copy was assured last month.
    export = tmp_path / "export.json"
    recent = (datetime.now(UTC).date() - timedelta(days=30)).isoformat()
    text = EXPORT.read_text(encoding="utf-8")
    export.write_text(
        re.sub(r'"assured_date": "2026-[0-9-]+"', f'"assured_date": "{recent}"', text)
    )
    command(
        "directory", "import", str(export), "--out", str(folder),
        "--publisher", "Riverside Voluntary Action", "--contact", "directory@example.org",
        "--area", "Riverside",
    )  # fmt: skip
    command("directory", "validate", str(folder))
    spare = tmp_path / "keys" / "spare.key"
    for made in (key, spare):  # the key that signs, and one kept to replace it
        command("packs", "keygen", "--out", str(made), "--passphrase-file", str(passphrase))
    command(
        "directory", "sign", str(folder), "--key", str(key), "--passphrase-file", str(passphrase)
    )
    # The clinic trusts the publisher's keys, as the README says: in the settings file.
    public = [Path(f"{k}.pub").read_text(encoding="utf-8").strip() for k in (key, spare)]
    trusted = {"pack_publishers": [{"name": "Riverside Voluntary Action", "keys": public}]}
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text(json.dumps(trusted), encoding="utf-8")
    command("directory", "verify", str(folder))
    monkeypatch.setenv("DECISION_AID_DIRECTORIES", os.fspath(shelf))
    return folder


def ours_offered(language: str, today: datetime) -> list[str]:
    """The entries of the imported directory the kiosk offers for the knee pack."""
    loaded = load_pack(KNEE)
    available = find_directories(default_policy())
    assert not available.refused, [p.message for p in available.refused]
    offers = kiosk_offers(available, loaded.meta.community_topics, language, today.date())
    return [o.entry.name for o in offers if o.directory_id == OURS]


def plan_offers(qtbot: QtBot, language: str, now: datetime) -> list[str]:
    """The entries of the imported directory the clinician's plan step offers for the knee
    pack to a patient who speaks ``language``."""
    loaded = load_pack(KNEE)
    with using(language):
        session = Session(
            loaded.pack,
            content_hash=loaded.content_hash,
            clock=lambda: now,
            language=language,
            translations=loaded.translations,
        )
        step = PlanStep(SessionBinding(session))
        qtbot.addWidget(step)
        return [o.entry.name for o, _box in step.community.boxes if o.directory_id == OURS]


def test_an_imported_signed_directory_is_offered_for_its_topics_and_languages(
    qtbot: QtBot, published: Path
) -> None:
    assert published.name == OURS
    now = datetime.now(UTC)
    # The knee pack names being active, joints and getting about, pain and weight: the
    # strength classes (run in English and Polish) and the walking group (Welsh and
    # English) match; the debt advice (English, Arabic) does not.
    english = plan_offers(qtbot, "en", now)
    assert sorted(english) == ["Breathe Easy Walking Group", "Strength and Balance Classes"]
    assert plan_offers(qtbot, "pl", now) == ["Strength and Balance Classes"]
    assert plan_offers(qtbot, "cy", now) == ["Breathe Easy Walking Group"]
    assert plan_offers(qtbot, "ar", now) == []
    assert sorted(ours_offered("en", now)) == sorted(english)
    assert ours_offered("pl", now) == ["Strength and Balance Classes"]
    assert ours_offered("ar", now) == []
