"""Logging every access to personal data, recording privileged actions in the audit trail, hiding
small counts in statistics, and answering the people's requests about their data (access, erasure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from concerto.accounts.models import User
from concerto.accounts.permissions import Actor
from concerto.privacy import permissions
from concerto.privacy.models import (
    EXPORT_NAMES,
    AccessAction,
    AccessPurpose,
    AuditEntry,
    AuditKind,
    DisclosurePolicy,
    PersonalDataAccess,
    SubjectRequest,
    SubjectRequestKind,
)
from concerto.privacy.subject import Subject, SubjectSection, person_module, sections_as_json, subject_sections

PERSON_TYPE = "detainees.detainee"


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


# The transaction-local setting that the PostgreSQL trigger of migration 0006 accepts.
REWRITE_SETTING = "concerto.access_log_rewrite"


@contextmanager
def access_log_rewrite_allowed() -> Iterator[None]:
    """Inside this block (one transaction), the access log may be updated and deleted from.

    On PostgreSQL the log is append-only (a trigger refuses UPDATE and DELETE); only the retention
    purge and the anonymiser come through here. The setting is transaction-local and switched off
    again at the end of the block, so a caller's longer transaction does not keep it.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'on', true)", [REWRITE_SETTING])
        try:
            yield
        finally:
            if connection.vendor == "postgresql" and not connection.needs_rollback:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config(%s, 'off', true)", [REWRITE_SETTING])


def access_log_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the access-log entries older than ``CONCERTO_ACCESS_LOG_MONTHS`` (36); returns how many.

    Run daily (``manage.py purge_access_log``); on PostgreSQL the delete walks the index on
    ``at``, in batches (one short transaction each) so that no long lock is held.
    """
    months = int(getattr(settings, "CONCERTO_ACCESS_LOG_MONTHS", 36))
    cutoff = (now or timezone.now()) - dt.timedelta(days=round(months * 30.44))
    deleted = 0
    while True:
        with access_log_rewrite_allowed():
            batch = list(PersonalDataAccess.objects.filter(at__lt=cutoff).values_list("pk", flat=True)[:5000])
            if not batch:
                return deleted
            deleted += PersonalDataAccess.objects.filter(pk__in=batch).delete()[0]


# --- The audit trail of privileged actions ----------------------------------------------

# A detail value: a code, a count, a flag, or a short list of ids or codes. No free text.
DETAIL_TEXT_MAX = 60
DETAIL_KEYS_MAX = 12


def _detail_checked(detail: dict[str, Any]) -> dict[str, Any]:
    """``detail`` if it is small and made of codes and counts, else ValueError (a programming error)."""
    if len(detail) > DETAIL_KEYS_MAX:
        raise ValueError("An audit detail holds a few codes and counts, not a record.")

    def plain(value: Any) -> bool:
        if value is None or isinstance(value, bool | int):
            return True
        return isinstance(value, str) and len(value) <= DETAIL_TEXT_MAX

    for key, value in detail.items():
        values = value if isinstance(value, list) else [value]
        if not key.isidentifier() or len(values) > 50 or not all(plain(item) for item in values):
            raise ValueError(f"Audit detail {key!r}: only codes, counts, flags and short lists of them.")
    return detail


def audit_record(
    *,
    actor: Actor | User | None,
    kind: str,
    target: str = "",
    target_type: str = "",
    target_id: int | None = None,
    organisation_id: int | None = None,
    ip_address: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record one privileged action in the audit trail, in the caller's transaction.

    Written in the same transaction as the action (not after the commit): an action rolled back
    leaves no entry, and an action whose entry cannot be written fails rather than happening
    unrecorded. ``actor`` is the acting user (``None``: the system, e.g. a background task whose
    user is gone); their user name is copied, so the entry still says who acted after the account
    is deactivated. ``target`` is a short description that never names a detainee (give people
    by ``target_type`` and ``target_id``); ``detail`` holds codes and counts only (ValueError
    otherwise). ``kind`` must be an ``AuditKind`` (ValueError otherwise).
    """
    kind = AuditKind(kind).value
    user_id: int | None
    username = ""
    if isinstance(actor, User):
        user_id, username = actor.pk, actor.get_username()
    else:
        user_id = actor.user_id if actor is not None else None
        if user_id is not None:
            username = User.objects.filter(pk=user_id).values_list("username", flat=True).first() or ""
    return AuditEntry.objects.create(
        actor_id=user_id,
        actor_username=username,
        kind=kind,
        target=target[:200],
        target_type=target_type[:60],
        target_id=target_id,
        organisation_id=organisation_id,
        ip_address=ip_address or None,
        detail=_detail_checked(dict(detail or {})),
    )


def audit_record_told(sender: Any, **fact: Any) -> None:
    """The receiver of ``accounts.audit.privileged_action`` (connected in ``PrivacyConfig.ready``)."""
    fact.pop("signal", None)
    actor = fact.pop("actor")
    audit_record(actor=actor if isinstance(actor, User | Actor) or actor is None else None, **fact)


def audit_record_export(
    *,
    actor: Actor,
    export: str,
    file_format: str,
    target: str = "",
    target_type: str = "",
    target_id: int | None = None,
    organisation_id: int | None = None,
    records: int | None = None,
    ip_address: str | None = None,
) -> AuditEntry:
    """Record that ``actor`` exported or printed personal data (``export`` names which list, see
    ``EXPORT_NAMES``; ``records`` how many people or rows it held)."""
    detail: dict[str, Any] = {"export": export, "format": file_format}
    if records is not None:
        detail["records"] = records
    return audit_record(
        actor=actor,
        kind=AuditKind.EXPORT,
        target=target or str(EXPORT_NAMES.get(export, export)),
        target_type=target_type,
        target_id=target_id,
        organisation_id=organisation_id,
        ip_address=ip_address,
        detail=detail,
    )


# The transaction-local setting that the PostgreSQL trigger of migration 0008 accepts (deletes only).
AUDIT_REWRITE_SETTING = "concerto.audit_trail_rewrite"


def audit_trail_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the audit-trail entries older than ``CONCERTO_AUDIT_TRAIL_YEARS`` (10); returns how many.

    Ten years by default: longer than the access log (three), since the trail holds no personal
    data of detainees and answers questions asked late (a disputed role, an old export). Run
    daily with ``manage.py purge_access_log`` (which purges both); deletes in batches, each in
    its own short transaction, with the append-only trigger's permission (deletes only).
    """
    years = int(getattr(settings, "CONCERTO_AUDIT_TRAIL_YEARS", 10))
    cutoff = (now or timezone.now()) - dt.timedelta(days=round(years * 365.25))
    deleted = 0
    while True:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config(%s, 'on', true)", [AUDIT_REWRITE_SETTING])
            batch = list(AuditEntry.objects.filter(at__lt=cutoff).values_list("pk", flat=True)[:5000])
            if batch:
                deleted += AuditEntry.objects.filter(pk__in=batch).delete()[0]
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config(%s, 'off', true)", [AUDIT_REWRITE_SETTING])
        if not batch:
            return deleted


def safe_count(value: int) -> int | None:
    """A count fit for statistics: ``None`` (shown as "< 5") when it could identify people."""
    return value if value == 0 or value >= settings.CONCERTO_MIN_COUNT else None


# --- Subject rights (GDPR art. 15-17) -----------------------------------------------------


@dataclass(frozen=True)
class SubjectExport:
    """What a subject-access export holds, in the person's language."""

    subject: Subject
    language: str
    generated_at: dt.datetime
    sections: list[SubjectSection]

    def as_json(self) -> dict[str, Any]:
        return {
            "record": self.subject.pk,
            "language": self.language,
            "generated_at": self.generated_at.isoformat(),
            "sections": sections_as_json(self.sections),
        }


def access_log_subject(*, actor: Actor, subject: Subject, action: str) -> None:
    """Log that the privacy officer opened the person's page, to answer their request."""
    PersonalDataAccess.objects.create(
        user_id=actor.user_id,
        action=action,
        purpose=AccessPurpose.SUBJECT_ACCESS,
        subject_type=PERSON_TYPE,
        subject_id=subject.pk,
    )


def subject_access_export(
    *, actor: Actor, subject: Subject, file_format: str, ip_address: str | None = None
) -> SubjectExport:
    """Everything every app holds about the person (``privacy.subject``'s registry), for their request.

    Written in the person's language (``subject.language``). The contents of notes and interviews
    are given only for the services that agreed (``DisclosurePolicy``); other such records are
    listed as existing. The export is logged (``export``, "subject access request"), recorded
    as a request answered, and entered in the audit trail (by record number). Raises
    PermissionDenied for anyone but a privacy officer.
    """
    actor.require(permissions.can_answer_subject_requests(actor))
    disclosing = frozenset(
        DisclosurePolicy.objects.filter(disclose_contents=True).values_list("organisation_id", flat=True)
    )
    with translation.override(subject.language):
        sections = subject_sections(subject.pk, disclosing=disclosing)
    with transaction.atomic():
        PersonalDataAccess.objects.create(
            user_id=actor.user_id,
            action=AccessAction.EXPORT,
            purpose=AccessPurpose.SUBJECT_ACCESS,
            subject_type=PERSON_TYPE,
            subject_id=subject.pk,
            detail=file_format[:200],
        )
        SubjectRequest.objects.create(
            kind=SubjectRequestKind.ACCESS, subject_id=subject.pk, handled_by_id=actor.user_id, reason=""
        )
        audit_record_export(
            actor=actor,
            export="subject_access",
            file_format=file_format,
            target_type=PERSON_TYPE,
            target_id=subject.pk,
            ip_address=ip_address,
        )
    return SubjectExport(subject=subject, language=subject.language, generated_at=timezone.now(), sections=sections)


def subject_erase(*, actor: Actor, subject: Subject, reason: str) -> SubjectRequest:
    """Anonymise the person at their request, with the retention rule's anonymiser.

    Nothing identifies them afterwards (names, prison number, languages, notes, interview notes,
    free-text answers, the reasons in the applications' history); the figures stay (attendance,
    statuses, answers to closed questions). The request is recorded: who, when, why, the record
    number (never the name). Raises PermissionDenied for anyone but a privacy officer, and
    ValidationError (field ``reason``) without a reason.
    """
    actor.require(permissions.can_answer_subject_requests(actor))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [gettext("Say on what ground the person's data is erased.")]})
    with transaction.atomic():
        person_module().anonymise(subject.pk, actor=actor, purpose=AccessPurpose.SUBJECT_ERASURE)
        return SubjectRequest.objects.create(
            kind=SubjectRequestKind.ERASURE, subject_id=subject.pk, handled_by_id=actor.user_id, reason=reason
        )


def disclosure_set(*, actor: Actor, organisation_id: int, disclose_contents: bool) -> DisclosurePolicy:
    """A service's managers decide whether their notes' and interviews' contents go into exports."""
    actor.require(organisation_id in actor.managed_organisation_ids)
    policy, _created = DisclosurePolicy.objects.update_or_create(
        organisation_id=organisation_id, defaults={"disclose_contents": disclose_contents}
    )
    return policy
