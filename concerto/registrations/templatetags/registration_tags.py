"""Template helpers of the registration side; the rules stay in ``registrations.permissions``."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from concerto.accounts.permissions import actor_for
from concerto.detainees.models import Detainee
from concerto.registrations import permissions
from concerto.registrations.models import Application, ApplicationStatus
from concerto.registrations.wording import local_datetime, waiting_rank

register = template.Library()


@register.simple_tag(takes_context=True)
def can_open_registrations(context: dict[str, Any], edition: Any) -> bool:
    """``{% can_open_registrations edition as show %}``: whether to link to the edition's registrations."""
    request = context.get("request")
    actor = context.get("actor") or actor_for(getattr(request, "user", None))
    return permissions.can_open_registrations(actor, edition)


@register.filter
def person_name(detainee: Detainee, full_identity: bool) -> str:
    """Full name, or first name and initial for those who may see no more (partner facilitators)."""
    if full_identity:
        return detainee.listed_name
    return detainee.short_name


@register.simple_tag
def waiting_status(application: Application, position: int | None) -> str:
    """The status in the person's terms: "4th on the waiting list", "Place offered until …", else the status."""
    if position is not None:
        return waiting_rank(position)
    if application.status == ApplicationStatus.OFFERED and application.offer_expires_at:
        return _("Place offered until %(deadline)s") % {"deadline": local_datetime(application.offer_expires_at)}
    return str(application.get_status_display())
