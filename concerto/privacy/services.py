"""Logging every access to personal data, and hiding small counts in statistics."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models

from concerto.accounts.permissions import Actor
from concerto.privacy.models import PersonalDataAccess


def access_log(
    *,
    actor: Actor,
    action: str,
    purpose: str,
    subject: models.Model | None = None,
    subjects: Iterable[models.Model] | None = None,
    subject_type: str = "",
    detail: str = "",
) -> None:
    """Record that ``actor`` viewed, exported or changed personal data, and why.

    Give ``subject`` for one record or ``subjects`` for a list (one row per record, so a
    person's own access history is complete). ``detail`` must not hold names or free text.
    """
    if subject is not None:
        PersonalDataAccess.objects.create(
            user_id=actor.user_id,
            action=action,
            purpose=purpose,
            subject_type=subject_type or subject._meta.label_lower,
            subject_id=subject.pk,
            detail=detail[:200],
        )
        return
    rows = [
        PersonalDataAccess(
            user_id=actor.user_id,
            action=action,
            purpose=purpose,
            subject_type=subject_type or item._meta.label_lower,
            subject_id=item.pk,
            detail=detail[:200],
        )
        for item in subjects or []
    ]
    PersonalDataAccess.objects.bulk_create(rows, batch_size=1000)


def safe_count(value: int) -> int | None:
    """A count fit for statistics: ``None`` (shown as "< 5") when it could identify people."""
    return value if value == 0 or value >= settings.CONCERTO_MIN_COUNT else None
