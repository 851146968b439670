"""History pages: who changed what and when, from django-simple-history records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

# Our own labels: simple-history has no Dutch catalogue, and Django would fall back to French.
HISTORY_KINDS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


@dataclass
class HistoryChange:
    field: str
    old: Any
    new: Any


@dataclass
class HistoryEntry:
    when: Any
    who: Any
    kind: str
    reason: str
    changes: list[HistoryChange]


def _display(record: Any, field_name: str, value: Any) -> Any:
    try:
        field = record.instance_type._meta.get_field(field_name)
    except Exception:  # noqa: BLE001 - unknown fields are shown raw
        return value
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if value else "—"
    if getattr(field, "choices", None):
        return dict(field.flatchoices).get(value, value)
    return "—" if value in (None, "") else value


def history_of(instance: Any, limit: int = 200) -> list[HistoryEntry]:
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )  # type: ignore[attr-defined]
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes: list[HistoryChange] = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in ("updated_at",):
                    continue
                old, new = change.old, change.new
                if isinstance(old, list):
                    old = [str(v) for v in _m2m_names(record, change.field, old)]
                    new = [str(v) for v in _m2m_names(record, change.field, new)]
                verbose = _verbose(record, change.field)
                changes.append(
                    HistoryChange(verbose, _display(record, change.field, old), _display(record, change.field, new))
                )
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                kind=str(HISTORY_KINDS.get(record.history_type, record.history_type)),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def _verbose(record: Any, field_name: str) -> str:
    try:
        return str(record.instance_type._meta.get_field(field_name).verbose_name)
    except Exception:  # noqa: BLE001
        return field_name


def _m2m_names(record: Any, field_name: str, rows: list[dict[str, Any]]) -> list[Any]:
    try:
        field = record.instance_type._meta.get_field(field_name)
    except Exception:  # noqa: BLE001
        return rows
    target = field.related_model
    key = f"{target._meta.model_name}"
    ids = [row.get(key) for row in rows if isinstance(row, dict)]
    names = {obj.pk: obj for obj in target.objects.filter(pk__in=[i for i in ids if i is not None])}
    return [names.get(i, i) for i in ids]
