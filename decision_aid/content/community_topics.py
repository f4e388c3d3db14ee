"""The topics that link a pack to the community resources of a local directory.

A pack names the topics its decision touches (``community_topics`` in ``pack.yaml``); a
community directory tags each of its entries with the same names. The plan step offers
the entries that share a topic with the pack, so a pack never names a local group and a
directory never names a pack. The names are a fixed vocabulary, so that a typing slip
is refused instead of silently matching nothing.
"""

from __future__ import annotations

import difflib
from typing import Annotated, Literal, get_args

from pydantic import BeforeValidator

from decision_aid.i18n import N_, _, translate

CommunityTopicName = Literal[
    "physical-activity",
    "weight",
    "healthy-eating",
    "smoking",
    "alcohol",
    "mental-wellbeing",
    "peer-support",
    "long-term-conditions",
    "pain",
    "joints-and-mobility",
    "heart-health",
    "cancer-support",
    "pregnancy-and-baby",
    "carers",
    "money-and-debt",
    "housing",
    "social-connection",
    "interpreting",
    "bereavement",
]
"""The topic names, in the order they are listed to authors."""

COMMUNITY_TOPICS: tuple[str, ...] = get_args(CommunityTopicName)

TOPIC_LABELS: dict[str, str] = {
    "physical-activity": N_("Being active"),
    "weight": N_("Weight"),
    "healthy-eating": N_("Healthy eating"),
    "smoking": N_("Stopping smoking"),
    "alcohol": N_("Alcohol"),
    "mental-wellbeing": N_("Mental wellbeing"),
    "peer-support": N_("Peer support"),
    "long-term-conditions": N_("Living with a long-term condition"),
    "pain": N_("Living with pain"),
    "joints-and-mobility": N_("Joints and getting about"),
    "heart-health": N_("Heart health"),
    "cancer-support": N_("Cancer support"),
    "pregnancy-and-baby": N_("Pregnancy and baby"),
    "carers": N_("Carers"),
    "money-and-debt": N_("Money and debt"),
    "housing": N_("Housing"),
    "social-connection": N_("Meeting people"),
    "interpreting": N_("Interpreting"),
    "bereavement": N_("Bereavement"),
}
"""What each topic is called on screen and in the record."""


def topic_label(name: str) -> str:
    """The topic's name in the current language."""
    label = TOPIC_LABELS.get(name)
    return translate(label) if label is not None else name


def unknown_topic_message(given: object) -> str:
    """What a topic field says about a name outside the vocabulary."""
    names = ", ".join(COMMUNITY_TOPICS)
    if not isinstance(given, str):
        return _("expected the name of a community topic as text, one of: {names}").format(
            names=names
        )
    close = difflib.get_close_matches(given.strip().lower(), COMMUNITY_TOPICS, n=1)
    if close:
        return _(
            "'{given}' is not a community topic; did you mean '{close}'? The topics are: {names}"
        ).format(given=given, close=close[0], names=names)
    return _("'{given}' is not a community topic; use one of: {names}").format(
        given=given, names=names
    )


def _known(value: object) -> object:
    if isinstance(value, str) and value in COMMUNITY_TOPICS:
        return value
    raise ValueError(unknown_topic_message(value))


CommunityTopic = Annotated[CommunityTopicName, BeforeValidator(_known)]
"""One name of the community-topic vocabulary."""
