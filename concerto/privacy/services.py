"""Logging every access to personal data, and hiding small counts in statistics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.utils import timezone

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

    Give ``subject`` for one record or ``subjects`` for a list: then one row names every record
    shown (``subject_ids``), and ``PersonalDataAccess.objects.about(id)`` still finds each
    person's accesses. ``detail`` must not hold names or free text.
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
    items = list(subjects or [])
    if not items:
        return
    ids = sorted({item.pk for item in items})
    PersonalDataAccess.objects.create(
        user_id=actor.user_id,
        action=action,
        purpose=purpose,
        subject_type=subject_type or items[0]._meta.label_lower,
        subject_id=ids[0] if len(ids) == 1 else None,
        subject_ids=ids if len(ids) > 1 else [],
        count=len(ids),
        detail=detail[:200],
    )


def access_log_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the access-log entries older than ``CONCERTO_ACCESS_LOG_MONTHS`` (36); returns how many.

    Run daily (``manage.py purge_access_log``); on PostgreSQL the delete walks the index on
    ``at``, in batches so that no long lock is held.
    """
    months = int(getattr(settings, "CONCERTO_ACCESS_LOG_MONTHS", 36))
    cutoff = (now or timezone.now()) - dt.timedelta(days=round(months * 30.44))
    deleted = 0
    while True:
        batch = list(PersonalDataAccess.objects.filter(at__lt=cutoff).values_list("pk", flat=True)[:5000])
        if not batch:
            return deleted
        deleted += PersonalDataAccess.objects.filter(pk__in=batch).delete()[0]


def safe_count(value: int) -> int | None:
    """A count fit for statistics: ``None`` (shown as "< 5") when it could identify people."""
    return value if value == 0 or value >= settings.CONCERTO_MIN_COUNT else None
