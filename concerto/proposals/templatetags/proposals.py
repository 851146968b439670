"""Template helpers of the design workspace; the rules stay in ``proposals.permissions``."""

from __future__ import annotations

from typing import Any

from django import template

from concerto.accounts.permissions import actor_for
from concerto.catalogue.models import Activity
from concerto.proposals import selectors
from concerto.proposals.models import ActivityProposal

register = template.Library()


@register.simple_tag(takes_context=True)
def proposal_of(context: dict[str, Any], activity: Activity) -> ActivityProposal | None:
    """``{% proposal_of activity as proposal %}``: the proposal the activity came from, if the reader may read it."""
    request = context.get("request")
    actor = context.get("actor") or actor_for(getattr(request, "user", None))
    return selectors.proposal_of_activity(actor=actor, activity=activity)
