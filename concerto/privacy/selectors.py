"""Reading the access log: administrators audit who opened which personal data, and why."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from concerto.accounts.permissions import Actor
from concerto.privacy.models import PersonalDataAccess


def access_log_list(
    *,
    actor: Actor,
    user_id: int | None = None,
    action: str = "",
    purpose: str = "",
    subject_type: str = "",
    subject_id: int | None = None,
    since: dt.date | None = None,
) -> QuerySet[PersonalDataAccess]:
    """The access log, newest first. Only administrators read it (PermissionDenied otherwise)."""
    actor.require(actor.is_admin)
    rows = PersonalDataAccess.objects.select_related("user").order_by("-at", "-pk")
    if user_id:
        rows = rows.filter(user_id=user_id)
    if action:
        rows = rows.filter(action=action)
    if purpose:
        rows = rows.filter(purpose=purpose)
    if subject_type:
        rows = rows.filter(subject_type=subject_type)
    if subject_id:
        rows = rows.about(subject_id)
    if since:
        rows = rows.filter(at__date__gte=since)
    return rows
