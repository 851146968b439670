"""Read and move the publication stamp (``concerto.public.models.PublicationStamp``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F
from django.utils import timezone

from concerto.public.models import PublicationStamp


def PUBLIC_SOURCES() -> list[type[Any]]:
    """The models whose rows reach a public output (registrations count: they make an edition full)."""
    from concerto.catalogue.models import Activity, Edition, Session
    from concerto.organisations.models import Community, Organisation
    from concerto.prisons.models import Prison, Unit
    from concerto.reference.models import Aim, Category, Language, TargetGroup
    from concerto.registrations.models import Application

    return [
        Activity,
        Edition,
        Session,
        Organisation,
        Community,
        Prison,
        Unit,
        Aim,
        Category,
        Language,
        TargetGroup,
        Application,
    ]


def current() -> PublicationStamp:
    """The stamp (created on first use)."""
    stamp, _ = PublicationStamp.objects.get_or_create(pk=1)
    return stamp


def bump() -> None:
    updated = PublicationStamp.objects.filter(pk=1).update(version=F("version") + 1, changed_at=timezone.now())
    if not updated:
        PublicationStamp.objects.get_or_create(pk=1)


def etag_for(stamp: PublicationStamp, *parts: str) -> str:
    """A strong validator for one public response: the stamp's version and what varies the body."""
    return '"' + "-".join([f"v{stamp.version}", *parts]) + '"'


def last_modified(stamp: PublicationStamp) -> dt.datetime:
    return stamp.changed_at.replace(microsecond=0)
