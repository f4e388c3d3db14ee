"""What the intended-purpose guard reads: every number shown as a risk, and where it may
come from.

The app may show a pack's figures (a count, its denominator, its range, a zero's bound
and how many were studied, its time frame) and two pieces of arithmetic on one outcome's
figures: the people without the event (denominator minus count) and the difference of an
option's count from the "no treatment" option's (same outcome, group, denominator and
time frame). Numbers written in the pack's own words about the outcome (its event, who
"people like you" are, its note, its sources) are shown as written. Anything else is a
number the app made up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from html import unescape
from typing import Any

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table

from decision_aid.content.model import Outcome, PackContent
from decision_aid.content.risk_difference import mixed_denominators_text, outcome_zoom, zoom_text
from decision_aid.i18n import current_language, using

_NUMBER = re.compile(
    r"(?P<number>\d+(?:[.,\u066b\u066c\u00a0\u202f]\d+)*)(?P<percent>\s?[%\u066a])?"
)
_GROUPED = re.compile(r"^\d{1,3}(?:[,.\u066c\u00a0\u202f]\d{3})+$")


def numbers(text: str) -> list[str]:
    """Every number in ``text``, as written: '1,447' is one number; '2.5' and '23%' are
    kept as written so that a decimal or a percentage is never read as a whole count."""
    found = []
    for match in _NUMBER.finditer(text):
        number = match["number"]
        if match["percent"]:
            found.append(number + "%")
        elif _GROUPED.match(number):
            found.append(re.sub(r"\D", "", number))
        else:
            found.append(number)
    return found


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def allowed(content: PackContent, outcome: Outcome) -> set[str]:
    """The numbers one outcome's pictures and words may show."""
    ok: set[int] = set()
    for figure in outcome.figures.values():
        if figure.count is None or figure.out_of is None:
            continue
        ok |= {figure.count, figure.out_of, figure.out_of - figure.count}
        if figure.range is not None:
            ok |= {figure.range.low, figure.range.high}
        if figure.zero_events is not None:
            ok |= {figure.zero_events.studied, figure.zero_events.up_to}
    # the difference from "no treatment", worked out here, not by the code under test
    base = next((o for o in content.options if o.is_no_treatment), None)
    base_figure = outcome.figures.get(base.id) if base else None
    if base_figure is not None and base_figure.count is not None:
        for figure in outcome.figures.values():
            if figure.count is not None:
                ok.add(abs(figure.count - base_figure.count))
    shown = {str(n) for n in ok}
    # the pack's own words about this outcome, as written (time frames included)
    words = [outcome.model_dump(mode="json", exclude={"figures"})]
    words += [
        f.model_dump(mode="json", exclude={"count", "out_of"}) for f in outcome.figures.values()
    ]
    references = {r.id: r for r in content.references}
    words += [references[c].citation for c in outcome.citations if c in references]
    if content.baseline is not None:
        words.append(content.baseline.model_dump(mode="json"))
    for text in _strings(words):
        shown.update(numbers(text))
    return shown


def fixed_texts(content: PackContent, outcome: Outcome, language: str) -> list[str]:
    """The app's own sentences with numbers that are not risks (the magnified part of an
    array of 1000, the warning that pictures count different numbers of people), in the
    screen's language and in ``language``: removed before reading."""
    texts = []
    for speaking in dict.fromkeys((current_language(), language)):
        with using(speaking):
            texts.append(mixed_denominators_text())
            zoom = outcome_zoom(content.options, outcome)
            if zoom:
                texts.append(zoom_text(zoom, outcome.denominator))
    return texts


def made_up(texts: Iterable[str], allowed_numbers: set[str], fixed: Iterable[str]) -> list[str]:
    """Each number in ``texts`` that is not allowed, with the text it is in."""
    wrong = []
    fixed = [f for f in fixed if f]
    for text in texts:
        rest = text
        for sentence in fixed:
            rest = rest.replace(sentence, " ")
        wrong += [f"{n!r} in {text!r}" for n in numbers(rest) if n not in allowed_numbers]
    return wrong


def own_texts(widget: QWidget) -> list[str]:
    """What one widget shows or says: its text, accessible texts and tooltip."""
    texts = [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip()]
    if isinstance(widget, QLabel | QAbstractButton):
        texts.append(widget.text())
    face = QAccessible.queryAccessibleInterface(widget)
    if face is not None and face.isValid():
        texts += [face.text(QAccessible.Text.Name), face.text(QAccessible.Text.Description)]
    return [t for t in texts if t]


def widget_texts(root: QWidget) -> list[str]:
    """What a widget and everything in it shows or says."""
    return [t for widget in [root, *root.findChildren(QWidget)] for t in own_texts(widget)]


def flowable_texts(flowables: Iterable[Any]) -> list[str]:
    """The text of every paragraph in a record's flowables, tables and kept groups."""
    texts: list[str] = []
    for item in flowables:
        if isinstance(item, Paragraph):
            texts.append(unescape(item.getPlainText()))
        elif isinstance(item, Table):
            for row in item._cellvalues:
                texts += flowable_texts(row)
        elif isinstance(item, KeepTogether):
            texts += flowable_texts(item._content)
        elif isinstance(item, list | tuple):
            texts += flowable_texts(item)
        elif isinstance(item, str):
            texts.append(item)
        elif not isinstance(item, Flowable):
            raise TypeError(f"unexpected part of the record: {item!r}")
    return texts


def html_text(markup: str) -> str:
    """Rich text as the reader sees it (tags dropped, entities read)."""
    return unescape(re.sub(r"<[^>]+>", " ", markup))
