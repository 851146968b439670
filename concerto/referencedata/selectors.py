"""Reads of reference data: the index's counts, a kind's list, one record, what still uses it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Count, ForeignObjectRel, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalChanges

from concerto.accounts.permissions import Actor
from concerto.core.translation import current_language
from concerto.referencedata.registry import KINDS, ReferenceKind


@dataclass(frozen=True)
class KindSummary:
    kind: ReferenceKind
    total: int
    archived: int


def kind_summaries(*, actor: Actor) -> list[KindSummary]:
    """Every kind the actor may manage, with how many records it has (one query per kind)."""
    summaries = []
    for kind in KINDS.values():
        if not kind.may_manage(actor):
            continue
        counts = {"total": Count("pk")}
        if kind.archivable:
            counts["archived"] = Count("pk", filter=Q(is_active=False))
        figures = kind.model._default_manager.aggregate(**counts)
        summaries.append(KindSummary(kind, figures["total"], figures.get("archived", 0)))
    return summaries


class State(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("reference records", "Active")
    ARCHIVED = "archived", pgettext_lazy("reference records", "Archived")
    ALL = "all", pgettext_lazy("reference records", "Active and archived")


@dataclass(frozen=True)
class RecordFilters:
    scope: int | None = None  # the prison or organisation (``kind.scoped_by``)
    state: str = State.ACTIVE
    text: str = ""


def record_list(*, kind: ReferenceKind, filters: RecordFilters) -> QuerySet[Any]:
    """The kind's records, sorted by name in the reader's language, filtered."""
    records = kind.model._default_manager.all()
    if kind.select:
        records = records.select_related(*kind.select)
    if kind.prefetch:
        records = records.prefetch_related(*kind.prefetch)
    if kind.scoped_by and filters.scope:
        records = records.filter(**{f"{kind.scoped_by}_id": filters.scope})
    if kind.archivable and filters.state != State.ALL:
        records = records.filter(is_active=filters.state == State.ACTIVE)
    if kind.search and filters.text:
        matches = Q()
        for name in kind.search:
            matches |= Q(**{f"{name}__icontains": filters.text})
        records = records.filter(matches)
    return records.order_by(*kind.order(current_language()))


def record_get(*, kind: ReferenceKind, pk: int) -> Any:
    records = kind.model._default_manager.all()
    if kind.select:
        records = records.select_related(*kind.select)
    return get_object_or_404(records, pk=pk)


@dataclass(frozen=True)
class Cell:
    value: Any
    numeric: bool


@dataclass(frozen=True)
class Row:
    record: Any
    cells: list[Cell]


def record_rows(*, kind: ReferenceKind, records: Iterable[Any]) -> list[Row]:
    """What each list row shows, column by column (the first one names the record)."""
    return [Row(record, [Cell(column.value(record), column.numeric) for column in kind.columns]) for record in records]


@dataclass(frozen=True)
class Use:
    label: Any  # e.g. "activities"
    count: int


def uses_of(record: models.Model) -> list[Use]:
    """The records that still name this one (foreign keys and many-to-many), history tables aside.

    Protected foreign keys would stop a deletion anyway, but a many-to-many link would be
    dropped silently: an activity would lose its target group without anyone noticing.
    """
    uses = []
    for relation in record._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ForeignObjectRel):
            continue  # this model's own fields, its many-to-many links included: they go with it
        related_model: Any = relation.related_model
        if issubclass(related_model, HistoricalChanges) or related_model._meta.auto_created:
            continue  # history rows, and the link tables of many-to-many fields (counted by the field)
        count = related_model._default_manager.filter(**{relation.field.name: record}).count()
        if count:
            uses.append(Use(related_model._meta.verbose_name_plural, count))
    return uses
