"""The topic pictures a pack may name: a fixed set the app draws itself.

A pack is untrusted input, so it never brings a picture of its own (no SVG, no image file,
no path): ``icon`` in ``pack.yaml`` names one of :data:`TOPIC_ICONS`, and the screens draw
that picture from the app's own code. A pack without one gets a neutral picture of a
choice. This module is the list of names, without Qt; the field's documentation in
:class:`decision_aid.content.model.PackMeta` says what each picture shows.
"""

from __future__ import annotations

import difflib
from typing import Annotated, Literal, get_args

from pydantic import BeforeValidator

from decision_aid.i18n import _

TopicIconName = Literal[
    "general",
    "knee",
    "bone",
    "heart",
    "lungs",
    "medicine",
    "blood-test",
    "pregnancy",
    "child",
    "breast",
    "prostate",
    "eye",
    "mind",
    "surgery",
]
"""The names of the topic pictures, in the order authors see them listed."""

TOPIC_ICONS: tuple[str, ...] = get_args(TopicIconName)


def unknown_icon_message(given: object) -> str:
    """What ``icon`` says about a name the app has no picture for."""
    names = ", ".join(TOPIC_ICONS)
    if not isinstance(given, str):
        return _("expected the name of a topic picture as text, one of: {names}").format(
            names=names
        )
    close = difflib.get_close_matches(given.strip().lower(), TOPIC_ICONS, n=1)
    if close:
        return _(
            "'{given}' is not one of the topic pictures the app draws; did you mean "
            "'{close}'? The names are: {names}"
        ).format(given=given, close=close[0], names=names)
    return _(
        "'{given}' is not one of the topic pictures the app draws; use one of: {names} "
        "(or leave 'icon' out for a neutral picture)"
    ).format(given=given, names=names)


def _known(value: object) -> object:
    if isinstance(value, str) and value in TOPIC_ICONS:
        return value
    raise ValueError(unknown_icon_message(value))


TopicIcon = Annotated[TopicIconName, BeforeValidator(_known)]
"""The name of one of the app's own topic pictures."""
