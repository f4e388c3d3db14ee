"""packaging/: the desktop entry and the AppStream metadata pass Debian's validators and agree
with the application (its id, version, languages, screenshots and icon)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from decision_aid import APP_ID, __version__
from tests.conftest import ROOT
from tests.packaging.validators import validate_appstream, validate_desktop

PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
ICON = PACKAGING / f"{APP_ID}.svg"
PUBLISHED_SCREENSHOTS = "https://decision-aid.org/screenshots/"
"""Where the project site publishes docs/screenshots/ (the same files)."""


def _metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


def test_desktop_file_validate_accepts_the_entry() -> None:
    validate_desktop(DESKTOP)


def test_appstreamcli_validate_accepts_the_metainfo() -> None:
    validate_appstream("validate", str(METAINFO))


def test_the_files_carry_the_reverse_dns_id() -> None:
    assert APP_ID.count(".") == 2 and "-" not in APP_ID
    root = _metainfo()
    assert root.findtext("id") == APP_ID
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP.name
    entry = dict(line.split("=", 1) for line in DESKTOP.read_text().splitlines() if "=" in line)
    assert entry["Icon"] == APP_ID == ICON.stem
    assert entry["Exec"].split()[0] == "decision-aid"
    assert root.findtext("provides/binary") == "decision-aid"


def test_the_latest_release_is_this_version() -> None:
    releases = _metainfo().findall("releases/release")
    assert releases, "no <releases>"
    assert releases[0].get("version") == __version__


def test_the_languages_are_the_shipped_catalogs() -> None:
    listed = {lang.text for lang in _metainfo().findall("languages/lang")}
    catalogs = {po.parent.parent.name for po in ROOT.glob("translations/*/LC_MESSAGES/*.po")}
    assert listed == {"en"} | catalogs
    assert len(listed) == 4


def test_the_screenshots_are_the_readme_pictures_as_published() -> None:
    images = _metainfo().findall("screenshots/screenshot/image")
    assert len(images) >= 3
    for image in images:
        url = image.text or ""
        assert url.startswith(PUBLISHED_SCREENSHOTS), url
        local = ROOT / "docs" / "screenshots" / url.removeprefix(PUBLISHED_SCREENSHOTS)
        assert local.is_file(), f"{url}: no {local}"
        png = local.read_bytes()
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert (image.get("width"), image.get("height")) == (str(width), str(height)), url


def test_the_content_rating_is_given() -> None:
    rating = _metainfo().find("content_rating")
    assert rating is not None and rating.get("type") == "oars-1.1"


def test_the_icon_is_an_svg() -> None:
    root = ET.parse(ICON).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
