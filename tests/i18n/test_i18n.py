"""gettext through Babel: catalogs load, languages switch, the template is current."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from decision_aid import i18n
from decision_aid.i18n import _, ngettext
from tests.conftest import ROOT


@pytest.fixture
def welsh_catalog(tmp_path: Path) -> Iterator[Path]:
    catalog = Catalog(locale="cy")
    catalog.add("Title", "Teitl")
    catalog.add(
        ("{n} pack", "{n} packs"),
        ("{n} pecyn", "{n} pecyn", "{n} phecyn", "{n} phecyn", "{n} pecyn", "{n} pecyn"),
    )
    mo = tmp_path / "cy" / "LC_MESSAGES" / "decision_aid.mo"
    mo.parent.mkdir(parents=True)
    with mo.open("wb") as handle:
        write_mo(handle, catalog)
    yield tmp_path
    i18n.set_language("en")


def test_switch_language_and_back(welsh_catalog: Path) -> None:
    heard: list[str] = []
    unsubscribe = i18n.on_language_changed(heard.append)
    try:
        assert i18n.set_language("cy", welsh_catalog) == "cy"
        assert _("Title") == "Teitl"
        assert _("Untranslated") == "Untranslated"
        assert i18n.current_language() == "cy"
        assert i18n.set_language("en", welsh_catalog) == "en"
        assert _("Title") == "Title"
    finally:
        unsubscribe()
    assert heard == ["cy", "en"]


def test_plural_forms_follow_the_catalog(welsh_catalog: Path) -> None:
    i18n.set_language("cy", welsh_catalog)
    assert ngettext("{n} pack", "{n} packs", 1).format(n=1) == "1 pecyn"
    assert ngettext("{n} pack", "{n} packs", 2).format(n=2) == "2 phecyn"


def test_unknown_language_falls_back_to_english(welsh_catalog: Path) -> None:
    assert i18n.set_language("xx", welsh_catalog) == "en"
    assert i18n.available_languages(welsh_catalog) == ["cy", "en"]


def test_native_names() -> None:
    assert i18n.native_name("cy") == "Cymraeg"
    assert i18n.native_name("pl") == "Polski"
    assert i18n.native_name("ar") == "العربية"


def test_preferred_language_from_environment(
    welsh_catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "cy_GB:en")
    assert i18n.preferred_language(welsh_catalog) == "cy"
    monkeypatch.setenv("LANGUAGE", "de")
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert i18n.preferred_language(welsh_catalog) == "en"


def test_template_is_current() -> None:
    """translations/messages.pot holds exactly the messages the code uses."""
    spec = importlib.util.spec_from_file_location(
        "extract", ROOT / "scripts" / "extract_messages.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = {m.id if isinstance(m.id, str) else m.id[0] for m in module.build_catalog() if m.id}
    with (ROOT / "translations" / "messages.pot").open("rb") as handle:
        committed = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    assert fresh == committed, "run: .venv/bin/python scripts/extract_messages.py"


def test_using_switches_for_a_block_only(welsh_catalog: Path) -> None:
    heard: list[str] = []
    unsubscribe = i18n.on_language_changed(heard.append)
    try:
        with i18n.using("cy", welsh_catalog) as code:
            assert code == "cy"
            assert _("Title") == "Teitl"
            assert i18n.current_language() == "cy"
        assert _("Title") == "Title"
        assert i18n.current_language() == "en"
        assert heard == []
    finally:
        unsubscribe()


def test_right_to_left() -> None:
    assert i18n.is_right_to_left("ar")
    assert not i18n.is_right_to_left("cy")
    assert not i18n.is_right_to_left("xx-nonsense")


def test_native_names_table_agrees_with_babel() -> None:
    from babel import Locale

    for code, name in i18n.NATIVE_NAMES.items():
        spelled = Locale.parse(code).get_display_name(code)
        assert name == spelled[:1].upper() + spelled[1:]
    assert i18n.native_name("de") == "Deutsch"


def test_peek_reads_one_message_as_the_whole_catalog_gives_it() -> None:
    from decision_aid.i18n import peek, using

    for code in ("cy", "pl", "ar"):
        for message in ("Welcome. Choose your language.", "Start again", "Back"):
            with using(code):
                whole = _(message)
            assert peek(code, message) == whole != message
    assert peek("en", "Back") == "Back"
    assert peek("xx", "Back") == "Back"  # no such catalog
    assert peek("cy", "a message no catalog has") == "a message no catalog has"


def test_peek_survives_a_damaged_catalog(tmp_path: Path) -> None:
    from decision_aid.i18n import peek

    folder = tmp_path / "cy" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "decision_aid.mo").write_bytes(b"\xde\x12\x04\x95" + b"\xff" * 10)
    assert peek("cy", "Back", tmp_path) == "Back"
