from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from concerto.accounts.models import Membership


def memberships_of(user: Any) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("organisation")
        .order_by("organisation__name", "role")
    )
