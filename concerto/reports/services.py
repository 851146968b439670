"""Writes of the yearly report: the coordinator's text of a section."""

from __future__ import annotations

from django.db import transaction

from concerto.accounts.permissions import Actor
from concerto.reports import permissions
from concerto.reports.models import ReportSection, ReportText
from concerto.reports.selectors import TextScope, text_lookup


@transaction.atomic
def report_text_save(*, actor: Actor, where: TextScope, section: str, text: str) -> ReportText:
    """Write (or replace) the text of ``section`` in the report ``where``; the history keeps the old one.

    Refuses (PermissionDenied) anyone but a coordinator or an administrator, and (ValueError) an
    unknown section.
    """
    actor.require(permissions.can_write_texts(actor))
    if section not in ReportSection.values:
        raise ValueError(f"unknown report section {section!r}")
    existing = ReportText.objects.select_for_update().filter(text_lookup(where), section=section).first()
    cleaned = text.strip()
    if existing is None:
        return ReportText.objects.create(
            year=where.year,
            section=section,
            prison_id=where.prison_id,
            organisation_id=where.organisation_id,
            text=cleaned,
            updated_by_id=actor.user_id,
        )
    if existing.text != cleaned:
        existing.text = cleaned
        existing.updated_by_id = actor.user_id
        existing.save(update_fields=["text", "updated_by", "updated_at"])
    return existing
