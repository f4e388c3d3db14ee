"""The participants' page in a real browser (Debian's Chromium, driven by Selenium): three
participants join, rate, lean and ask, and the facilitator's projector view updates; the
local groups and services the facilitator ticks reach the phones, as text, right to left
and readable at 200 %."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import LoadedPack, load_pack
from decision_aid.directory.available import Available
from decision_aid.ui.group.window import GroupWindow
from tests.conftest import SHIPPED
from tests.group.conftest import example_directories, knee_with_topics
from tests.group.test_resources import PEERS, TODAY, WALKS

CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def knee() -> LoadedPack:
    return load_pack(SHIPPED / "knee-osteoarthritis")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if shutil.which("chromium") is None or shutil.which("chromedriver") is None:
        pytest.skip(
            "chromium and chromium-driver are not installed "
            "(scripts/setup.sh test installs them when run as root)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="group-browser-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",  # the tests may run as root, where Chromium's sandbox cannot start
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=412,915",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_three_participants_reach_the_projector(
    qtbot: QtBot, knee: LoadedPack, browser: object
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    assert isinstance(driver, WebDriver)
    window = GroupWindow(knee, ["127.0.0.1"], threshold=3)
    qtbot.addWidget(window)
    window.show()
    server = window.server
    assert server is not None
    concern = window.counts.concern_ids[0]
    status, bars = window.spread_rows[concern]
    try:
        for number, rating in enumerate((1, 3, 3)):
            driver.get(server.url + ("?lang=ar" if number == 2 else ""))
            if number == 2:
                assert driver.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
            driver.find_element(
                By.CSS_SELECTOR, f'input[data-concern="{concern}"][value="{rating}"]'
            ).click()
            driver.find_element(By.CSS_SELECTOR, 'input[name="leaning"][value="unsure"]').click()
            driver.find_element(By.ID, "send").click()
            WebDriverWait(driver, 15).until(
                lambda d: d.find_element(By.ID, "sent-status").text != ""
            )
            assert driver.find_element(By.ID, "send").get_attribute("disabled") is not None
            assert driver.get_cookies() == []
            if number == 0:
                driver.find_element(By.ID, "question").send_keys("<b>Can I still drive?</b>")
                driver.find_element(By.ID, "ask").click()
                WebDriverWait(driver, 15).until(
                    lambda d: d.find_element(By.ID, "ask-status").text != ""
                )
                qtbot.waitUntil(lambda: "1 has answered" in status.text(), timeout=10_000)
                assert bars.counts is None  # one person: no spread yet
        qtbot.waitUntil(lambda: bars.counts == (0, 1, 0, 2, 0), timeout=10_000)
        assert window.questions_table.item(0, 0).text() == "<b>Can I still drive?</b>"
        assert "3 participants" in window.participants.text()
        window.reveal.click()
        qtbot.waitUntil(lambda: "Not sure yet: 3" in window.leanings_text.text())
    finally:
        window.end_session()
    from selenium.common.exceptions import WebDriverException

    with pytest.raises(WebDriverException, match="ERR_CONNECTION_REFUSED"):
        driver.get(server.url)  # the session has ended: nothing listens any more


HOSTILE = 'Riverside Health Walks <img src=x onerror="document.title=1">'


def hostile_directories() -> Available:
    """The example directory, its walking group's name carrying markup."""
    found = example_directories()
    [loaded] = found.directories
    entries = tuple(
        e.model_copy(update={"name": HOSTILE}) if e.id == "riverside-walks" else e
        for e in loaded.directory.entries
    )
    directory = loaded.directory.model_copy(update={"entries": entries})
    return Available([replace(loaded, directory=directory)], found.refused)


def test_phones_show_the_groups_discussed_as_they_are_ticked(
    qtbot: QtBot, browser: object, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    assert isinstance(driver, WebDriver)
    window = GroupWindow(
        knee_with_topics(tmp_path),
        ["127.0.0.1"],
        threshold=3,
        available=hostile_directories(),
        today=TODAY,
    )
    qtbot.addWidget(window)
    window.show()
    server, panel = window.server, window.community
    assert server is not None and panel is not None

    def cards() -> list[Any]:
        return driver.find_elements(By.CSS_SELECTOR, "#resources article")

    try:
        driver.get(server.url + "?lang=ar")
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
        assert not driver.find_element(By.ID, "resources").is_displayed()  # nothing yet
        panel.boxes[WALKS].click()
        driver.get(server.url + "?lang=ar")
        WebDriverWait(driver, 15).until(lambda d: len(cards()) == 1)
        [card] = cards()
        name = card.find_element(By.CSS_SELECTOR, "h3")
        assert HOSTILE in name.text and "(" in name.text  # "(example data)", in Arabic
        assert card.find_elements(By.TAG_NAME, "img") == []  # the name stayed text
        assert driver.title != "1"
        assert "Turn up on the day" in card.text and "English, Polski" in card.text
        phone = card.find_element(By.CSS_SELECTOR, ".r-contact a")
        assert phone.get_attribute("href") == "tel:01632960101" and phone.text == "01632 960101"
        # Ticked while the page is open: it arrives without a reload.
        panel.boxes[PEERS].click()
        WebDriverWait(driver, 15).until(lambda d: len(cards()) == 2)
        assert "jointpain@example.org" in cards()[1].text
        # Readable at 200 %: the text reflows, nothing runs off the side.
        driver.execute_script("document.documentElement.style.fontSize = '200%'")
        widths = driver.execute_script(
            "var r = document.getElementById('resources');"
            "return [r.scrollWidth, r.clientWidth, document.documentElement.scrollWidth,"
            " document.documentElement.clientWidth];"
        )
        assert widths[0] <= widths[1] and widths[2] <= widths[3]
        panel.boxes[WALKS].click()
        panel.boxes[PEERS].click()
        WebDriverWait(driver, 15).until(
            lambda d: not d.find_element(By.ID, "resources").is_displayed()
        )
    finally:
        window.end_session()
