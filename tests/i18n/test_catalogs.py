"""The shipped catalogs: valid, complete, and loadable."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from babel.messages.pofile import read_po

from decision_aid import i18n
from decision_aid.i18n import _, ngettext
from tests.conftest import ROOT

LOCALES = ["cy", "pl", "ar"]
PO = {code: ROOT / "translations" / code / "LC_MESSAGES" / "decision_aid.po" for code in LOCALES}


@pytest.mark.parametrize("code", LOCALES)
def test_msgfmt_check(code: str) -> None:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt is missing: run ./check.sh as root to install gettext"
    result = subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", str(PO[code])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("code", LOCALES)
def test_every_ui_string_is_translated(code: str) -> None:
    with PO[code].open("rb") as handle:
        catalog = read_po(handle, locale=code)
    missing = [
        m.id
        for m in catalog
        if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else (m.string,)))
    ]
    assert missing == [], f"{len(missing)} untranslated in {code}, e.g. {missing[:3]}"
    with (ROOT / "translations" / "messages.pot").open("rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    assert {m.id for m in catalog if m.id} >= template, "run scripts/update_catalogs.py"


@pytest.mark.parametrize("code", LOCALES)
def test_locale_loads_and_resolves(code: str) -> None:
    assert code in i18n.available_languages(), "catalogs are compiled by scripts/setup.sh"
    try:
        assert i18n.set_language(code) == code
        for message in ("Options", "What matters to you", "Show to patient", "Next"):
            assert _(message) and _(message) != message
        assert "{n}" not in ngettext("{n} pack", "{n} packs", 3).format(n=3)
    finally:
        i18n.set_language("en")


def test_native_language_names_in_the_menu() -> None:
    assert [i18n.native_name(c) for c in ["cy", "pl", "ar"]] == ["Cymraeg", "Polski", "العربية"]
