"""Phone numbers, web and e-mail addresses keep their written order in right-to-left text.

In an Arabic line the bidirectional algorithm would show a support line's
"0808 808 00 00" as "00 00 808 0808" (a misdial), move a web address's trailing "/" to
its front, and turn an address that starts with digits inside out. For each case: the
text the app gives Qt holds the run inside left-to-right isolates, and Qt's own layout,
right to left, draws the run's characters in the order they were written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import LoadedPack, load_pack
from decision_aid.i18n.bidi import LRI, PDI, strip_isolates
from decision_aid.session.state import Session
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.language import apply_language
from decision_aid.ui.pages import build_pages
from decision_aid.ui.plain_text import escaped, literal_ampersands, message_box, plain_label
from decision_aid.ui.plain_text import tooltip as tooltip_text
from decision_aid.ui.steps.plan_step import PlanStep
from tests.conftest import SHIPPED
from tests.ui.bidi_support import reads_left_to_right
from tests.ui.consult_support import ticking_clock

PHONE = "0808 808 00 00"
"""Macmillan's support line, in the PSA pack's Arabic contact."""
URL = "https://escape-pain.org/i-have-knee-hip-pain/"
"""ESCAPE-pain's address, in the knee pack, with its trailing '/'."""
EMAIL = "111@nhs.example.uk"
"""An e-mail address that starts with digits."""


@pytest.fixture(autouse=True)
def _back_to_english() -> Iterator[None]:
    yield
    apply_language("en")


def arabic_session(pack_id: str, contacts: dict[str, str] | None = None) -> Session:
    """A consultation in Arabic; ``contacts`` replaces support contacts in the translation."""
    loaded: LoadedPack = load_pack(SHIPPED / pack_id)
    translations = dict(loaded.translations)
    if contacts:
        strings = dict(translations["ar"].strings)
        strings.update({f"support.{key}.contact": text for key, text in contacts.items()})
        translations["ar"] = translations["ar"].model_copy(update={"strings": strings})
    return Session(
        loaded.pack,
        content_hash=loaded.content_hash,
        clock=ticking_clock(),  # type: ignore[arg-type]
        language="ar",
        translations=translations,
    )


def patient_plan(qtbot: QtBot, session: Session) -> PlanStep:
    page = build_pages(SessionBinding(session), patient=True, language="ar")["plan"]
    qtbot.addWidget(page)
    page.show()
    assert isinstance(page, PlanStep)
    return page


def strip_markup_anchor(markup: str) -> str:
    """The markup with link tags taken out (the address is a link inside its isolates)."""
    return re.sub(r"</?a[^>]*>", "", markup)


def label_holding(labels: list[QLabel], run: str) -> QLabel:
    found = [label for label in labels if run in label.text()]
    assert found, f"no label shows {run!r}"
    return found[0]


def test_a_support_line_reads_in_its_written_order(qtbot: QtBot) -> None:
    session = arabic_session("psa-screening")
    session.set_resources(["macmillan"])
    page = patient_plan(qtbot, session)
    label = page.patient_labels["resources"]
    assert f"{LRI}{PHONE}{PDI}" in label.text()
    assert reads_left_to_right(label.text(), PHONE, rich=True)
    # Without the isolates, the same line would be shown with its digit groups reversed.
    assert not reads_left_to_right(strip_isolates(label.text()), PHONE, rich=True)


def test_a_web_address_keeps_its_trailing_slash_at_the_end(qtbot: QtBot) -> None:
    """The clinician's plan, in Arabic, lists the support the pack offers."""
    apply_language("ar")
    session = arabic_session("knee-osteoarthritis")
    page = build_pages(SessionBinding(session))["plan"]
    qtbot.addWidget(page)
    page.show()
    label = label_holding(page.findChildren(QLabel), URL)
    assert f"{LRI}{URL}{PDI}" in strip_markup_anchor(label.text())
    assert reads_left_to_right(label.text(), URL, rich=True)
    assert not reads_left_to_right(strip_isolates(label.text()), URL, rich=True)


def test_an_email_address_reads_in_its_written_order(qtbot: QtBot) -> None:
    session = arabic_session("psa-screening", {"gp-practice": f"اكتب إلى {EMAIL} أو اتصل بعيادتك"})
    session.set_resources(["gp-practice"])
    page = patient_plan(qtbot, session)
    label = page.patient_labels["resources"]
    assert f"{LRI}{EMAIL}{PDI}" in label.text()
    assert reads_left_to_right(label.text(), EMAIL, rich=True)
    assert not reads_left_to_right(strip_isolates(label.text()), EMAIL, rich=True)


@pytest.mark.parametrize("run", [PHONE, URL, EMAIL])
def test_every_helper_that_shows_outside_text_isolates_the_runs(qtbot: QtBot, run: str) -> None:
    sentence = f"اتصلوا {run} الآن"
    label = plain_label()
    qtbot.addWidget(label)
    label.setText(sentence)  # also text set after the label was made
    box = message_box(None, QMessageBox.Icon.Information, "", sentence)
    qtbot.addWidget(box)
    for shown in (
        label.text(),
        escaped(sentence),
        literal_ampersands(sentence),
        tooltip_text(sentence),
        box.text(),
    ):
        assert f"{LRI}{run}{PDI}" in shown
    assert reads_left_to_right(label.text(), run)
    QApplication.processEvents()
