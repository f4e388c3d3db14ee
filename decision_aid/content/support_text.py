"""The words around a support resource: where, when and at what cost, as the pack gives them.

No Qt: the plan step and the take-home sheet say the same thing.
"""

from __future__ import annotations

from decision_aid.content.model import SupportResource
from decision_aid.i18n import _


def support_details(resource: SupportResource) -> str:
    """'Where: England · When: Monday to Friday, 9am to 5pm · Cost: Free' ('' when none)."""
    parts = []
    if resource.region:
        parts.append(_("Where: {region}").format(region=resource.region))
    if resource.hours:
        parts.append(_("When: {hours}").format(hours=resource.hours))
    if resource.cost:
        parts.append(_("Cost: {cost}").format(cost=resource.cost))
    return " · ".join(parts)
