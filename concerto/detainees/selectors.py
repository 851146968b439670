"""Reads of detainee data, always scoped to what the acting user may see.

Selectors do not log: the views and the API do, because they know why the data is read
(registration, import...). A record the actor may not read is a 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Length
from django.shortcuts import get_object_or_404
from django.utils import timezone

from concerto.accounts.permissions import Actor
from concerto.detainees import permissions
from concerto.detainees.models import Detainee, DetaineeImport, DetaineeNote, ImportStatus
from concerto.prisons.models import Unit


@dataclass
class DetaineeFilters:
    text: str = ""
    prison: int | None = None
    unit: int | None = None
    legal_status: str = ""
    presence: str = ""


def _visible(actor: Actor) -> QuerySet[Detainee]:
    # The rules reach applications through subqueries only (no join), so a person is never
    # listed twice and the filter applies directly.
    return Detainee.objects.filter(permissions.detainee_visibility(actor))


def detainee_list(*, actor: Actor, filters: DetaineeFilters | None = None) -> QuerySet[Detainee]:
    """The detainees ``actor`` may read (anonymised records left out), filtered and sorted by name.

    Those who see only first names search only first names, and cannot filter by legal status
    or presence: a search or filter on what they may not see would reveal it.
    """
    filters = filters or DetaineeFilters()
    queryset = _visible(actor).filter(anonymised_at__isnull=True).select_related("unit", "prison")
    full = permissions.sees_full_identity(actor)
    for word in filters.text.split():
        if full:
            queryset = queryset.filter(
                Q(prison_number__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word)
            )
        else:
            queryset = queryset.filter(first_name__icontains=word)
    if filters.prison:
        queryset = queryset.filter(prison_id=filters.prison)
    if filters.unit:
        queryset = queryset.filter(unit_id=filters.unit)
    if filters.legal_status and full:
        queryset = queryset.filter(legal_status=filters.legal_status)
    if filters.presence and full:
        queryset = queryset.filter(presence=filters.presence)
    return queryset.order_by("last_name", "first_name", "pk")


def detainee_get(*, actor: Actor, pk: int) -> Detainee:
    """One detainee, or 404 when it does not exist or ``actor`` may not read it."""
    return get_object_or_404(
        _visible(actor).select_related("prison", "unit").prefetch_related("languages_read", "languages_spoken"),
        pk=pk,
    )


def detainee_by_prison_number(*, actor: Actor, prison_id: int, prison_number: str) -> Detainee | None:
    """The person with exactly this prison number in this prison, typed from a paper form.

    Among the people ``actor`` reads in full, and those they may find to register
    (``permissions.registrable_visibility``): an exact prison number is the narrow search that
    need to know allows for people the service does not follow yet. The caller logs the use.
    """
    scope = permissions.detainee_visibility(actor) | permissions.registrable_visibility(actor)
    return (
        Detainee.objects.filter(scope, prison_id=prison_id, prison_number=prison_number, anonymised_at__isnull=True)
        .order_by("pk")
        .first()
    )


def detainee_is_visible(*, actor: Actor, pk: int) -> bool:
    """Whether ``actor`` may read this person in full (``detainee_get`` would not answer 404)."""
    return _visible(actor).filter(pk=pk).exists()


def note_list(*, actor: Actor, detainee: Detainee) -> QuerySet[DetaineeNote]:
    """The notes the actor's own services wrote about ``detainee``; other services' stay hidden."""
    return (
        DetaineeNote.objects.filter(permissions.note_visibility(actor), detainee=detainee)
        .select_related("organisation", "author")
        .order_by("-created_at", "-pk")
    )


def import_list(*, actor: Actor) -> QuerySet[DetaineeImport]:
    """The imports of the prisons whose list ``actor`` may import, newest first (file content deferred)."""
    return (
        DetaineeImport.objects.filter(prison__in=permissions.import_prisons(actor))
        .defer("content")
        .annotate(file_bytes=Length("content"))
        .select_related("prison", "uploaded_by")
        .order_by("-created_at", "-pk")
    )


def import_get(*, actor: Actor, pk: int) -> DetaineeImport:
    return get_object_or_404(import_list(actor=actor), pk=pk)


def import_units(*, detainee_import: DetaineeImport) -> list[Unit]:
    """The active units of the import's prison, by the name the reader sees, to map the list's own names onto."""
    units = Unit.objects.filter(prison_id=detainee_import.prison_id, is_active=True)
    return sorted(units, key=lambda unit: str(unit).casefold())


def detainees_by_ids(*, actor: Actor, ids: list[int]) -> QuerySet[Detainee]:
    """Those of ``ids`` the actor may read (e.g. the people an import marks as left)."""
    return _visible(actor).filter(pk__in=ids).select_related("unit").order_by("last_name", "first_name", "pk")


# --- For the home pages (bounded lists of work to do) --------------------------------------

# An import whose latest state is one of these waits for someone (choose the columns, fix the
# file, confirm the preview, or upload again after a failure).
IMPORT_STATUSES_TO_LOOK_AT = (ImportStatus.UPLOADED, ImportStatus.INVALID, ImportStatus.PREVIEW, ImportStatus.FAILED)


def imports_needing_attention(*, actor: Actor, now: dt.datetime | None = None) -> QuerySet[DetaineeImport]:
    """Per prison whose list ``actor`` may import, its latest import when it waits for someone or stalled.

    An import is superseded by a later one of the same prison, so an old failure followed by a
    good import does not ask for a look.
    """
    # The same rule as the one that marks stalled imports as failed, kept in one place.
    from concerto.detainees.services import _stalled

    later = DetaineeImport.objects.filter(prison_id=OuterRef("prison_id"), created_at__gt=OuterRef("created_at"))
    stalled = _stalled(now or timezone.now())
    return import_list(actor=actor).exclude(Exists(later)).filter(Q(status__in=IMPORT_STATUSES_TO_LOOK_AT) | stalled)
