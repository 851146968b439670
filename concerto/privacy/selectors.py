"""Reading the access log: administrators and privacy officers audit who opened which personal
data, and why, and see the reading that looks unusual."""

from __future__ import annotations

import datetime as dt
import importlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from concerto.accounts.models import Membership, User
from concerto.accounts.permissions import SERVICE_ROLES, Actor
from concerto.organisations.models import Organisation
from concerto.privacy import permissions
from concerto.privacy.models import AccessAction, AuditEntry, DisclosurePolicy, PersonalDataAccess
from concerto.privacy.subject import Subject, SubjectSection, person_module, subject_sections

PERSON_TYPE = "detainees.detainee"
# Night reading, Brussels time: from 22:00 to 06:00.
NIGHT_STARTS, NIGHT_ENDS = 22, 6


def night() -> Q:
    """Entries made at night, Brussels time (the lookup converts to the current time zone)."""
    return Q(at__hour__gte=NIGHT_STARTS) | Q(at__hour__lt=NIGHT_ENDS)


def access_log_list(
    *,
    actor: Actor,
    user_id: int | None = None,
    action: str = "",
    purpose: str = "",
    subject_type: str = "",
    subject_id: int | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    at_night: bool = False,
    min_count: int | None = None,
) -> QuerySet[PersonalDataAccess]:
    """The access log, newest first. Administrators and privacy officers read it (PermissionDenied otherwise).

    ``since`` and ``until`` are Brussels days, both included; ``at_night`` keeps 22:00-06:00;
    ``min_count`` keeps entries naming at least that many records (bulk reading).
    """
    actor.require(permissions.can_read_access_log(actor))
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
    if until:
        rows = rows.filter(at__date__lte=until)
    if at_night:
        rows = rows.filter(night())
    if min_count:
        rows = rows.filter(count__gte=min_count)
    return rows


# --- The audit trail ----------------------------------------------------------------------


def audit_trail_list(
    *,
    actor: Actor,
    actor_id: int | None = None,
    kind: str = "",
    organisation_id: int | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    """The audit trail, newest first (privacy officers and superusers; PermissionDenied otherwise).

    ``actor_id`` keeps one user's actions; ``since`` and ``until`` are Brussels days, both included.
    """
    actor.require(permissions.can_read_audit_trail(actor))
    rows = AuditEntry.objects.select_related("organisation").order_by("-at", "-pk")
    if actor_id:
        rows = rows.filter(actor_id=actor_id)
    if kind:
        rows = rows.filter(kind=kind)
    if organisation_id:
        rows = rows.filter(organisation_id=organisation_id)
    if since:
        rows = rows.filter(at__date__gte=since)
    if until:
        rows = rows.filter(at__date__lte=until)
    return rows


def audit_trail_table(rows: QuerySet[AuditEntry]) -> list[list[Any]]:
    """The trail as table rows for the CSV: a header, then one row per entry (Brussels times)."""
    header = [
        gettext("When"),
        gettext("Who"),
        gettext("Action"),
        gettext("Concerning"),
        gettext("Record type"),
        gettext("Record"),
        gettext("Organisation"),
        gettext("Address"),
        gettext("Detail"),
    ]
    table: list[list[Any]] = [header]
    for entry in rows.iterator(chunk_size=2000):
        table.append(
            [
                timezone.localtime(entry.at).strftime("%d/%m/%Y %H:%M:%S"),
                entry.actor_username,
                entry.get_kind_display(),
                entry.target,
                entry.target_type,
                entry.target_id if entry.target_id is not None else "",
                entry.organisation.name if entry.organisation else "",
                entry.ip_address or "",
                entry.detail_text(),
            ]
        )
    return table


# --- Unusual reading ----------------------------------------------------------------------


@dataclass(frozen=True)
class UnusualReading:
    """One flag: who, why (in words), and the access-log filters that show the entries behind it."""

    user: User | None
    kind: str  # "outside", "night", "bulk"
    reason: str
    count: int
    filters: dict[str, Any]


def thresholds() -> dict[str, int]:
    """What counts as unusual; tune with CONCERTO_UNUSUAL_READING = {"outside": 10, "night": 1, "bulk": 50}."""
    return {"outside": 10, "night": 1, "bulk": 50, **getattr(settings, "CONCERTO_UNUSUAL_READING", {})}


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    today = today or timezone.localdate()
    return today - dt.timedelta(days=30), today


def _followed_by(subject_ids: set[int], organisation_ids: frozenset[int]) -> set[int]:
    """Of ``subject_ids``, the people these services follow (the registry's contributors tell)."""
    followed: set[int] = set()
    for name in getattr(settings, "CONCERTO_SUBJECT_FOLLOWING", ("concerto.detainees.subject",)):
        followed |= importlib.import_module(name).followed_by(subject_ids, organisation_ids)
    return followed


def unusual_reading(
    *, actor: Actor, since: dt.date, until: dt.date, user_id: int | None = None
) -> list[UnusualReading]:
    """Reading worth a second look in the period, per user, with the reason:

    - *outside*: many people read whom none of the user's services follows (the need-to-know
      rule, ``detainees.permissions.followed_by_service``, through the registry). Only for service
      staff: prison staff read their prison's list and administrators fix records, by their role.
    - *night*: entries made between 22:00 and 06:00, Brussels time.
    - *bulk*: exports, or entries naming many people at once.

    A flag is not a finding: the officer reads the entries (each flag links to them) and asks.
    """
    limits = thresholds()
    period = access_log_list(actor=actor, user_id=user_id, since=since, until=until).exclude(user=None)
    base = {"since": since.isoformat(), "until": until.isoformat()}
    users = {user.pk: user for user in User.objects.filter(pk__in=period.values("user_id"))}
    flags: list[UnusualReading] = []

    services: dict[int, set[int]] = defaultdict(set)
    for member_id, organisation_id in Membership.objects.filter(
        user_id__in=users, role__in=SERVICE_ROLES, is_active=True
    ).values_list("user_id", "organisation_id"):
        services[member_id].add(organisation_id)
    read: dict[int, set[int]] = defaultdict(set)
    for reader, subject_id, subject_ids in period.filter(
        subject_type=PERSON_TYPE, user_id__in=list(services)
    ).values_list("user_id", "subject_id", "subject_ids"):
        read[reader].update([subject_id] if subject_id is not None else subject_ids)
    for reader, people in read.items():
        outside = len(people - _followed_by(people, frozenset(services[reader])))
        if outside >= limits["outside"]:
            flags.append(
                UnusualReading(
                    users[reader],
                    "outside",
                    ngettext(
                        "Read %(count)s person whom none of their services follows.",
                        "Read %(count)s people whom none of their services follows.",
                        outside,
                    )
                    % {"count": outside},
                    outside,
                    {**base, "user": reader, "subject_type": PERSON_TYPE},
                )
            )

    for reader, count in _per_user(period.filter(night())):
        if count >= limits["night"]:
            flags.append(
                UnusualReading(
                    users[reader],
                    "night",
                    ngettext(
                        "%(count)s access between 22:00 and 06:00.",
                        "%(count)s accesses between 22:00 and 06:00.",
                        count,
                    )
                    % {"count": count},
                    count,
                    {**base, "user": reader, "at_night": "on"},
                )
            )

    bulk = period.filter(Q(action=AccessAction.EXPORT, count__gte=limits["bulk"]) | Q(count__gte=limits["bulk"] * 2))
    for reader, count in _per_user(bulk):
        largest = bulk.filter(user_id=reader).aggregate(largest=Max("count"))["largest"]
        flags.append(
            UnusualReading(
                users[reader],
                "bulk",
                ngettext(
                    "%(count)s export or list of many people (%(largest)s in it).",
                    "%(count)s exports or lists of many people (up to %(largest)s in one).",
                    count,
                )
                % {"count": count, "largest": largest},
                count,
                {**base, "user": reader, "min_count": limits["bulk"]},
            )
        )
    order = {"outside": 0, "bulk": 1, "night": 2}
    return sorted(flags, key=lambda flag: (order[flag.kind], -flag.count, str(flag.user)))


def _per_user(rows: QuerySet[PersonalDataAccess]) -> list[tuple[int, int]]:
    counts: dict[int, int] = defaultdict(int)
    for reader in rows.values_list("user_id", flat=True):
        counts[reader] += 1
    return sorted(counts.items())


# --- Subject rights -----------------------------------------------------------------------


def subject_find(*, actor: Actor, query: str) -> list[Subject]:
    """People whose record number or prison number is ``query`` (privacy officers only)."""
    actor.require(permissions.can_answer_subject_requests(actor))
    found: list[Subject] = person_module().find(query)
    return found


def subject_get(*, actor: Actor, pk: int) -> Subject:
    """The person, or Http404 (privacy officers only)."""
    actor.require(permissions.can_answer_subject_requests(actor))
    subject: Subject | None = person_module().get(pk)
    if subject is None:
        raise Http404
    return subject


def disclosing_services() -> frozenset[int]:
    """The services that agreed to give their notes' and interviews' contents in an export."""
    return frozenset(DisclosurePolicy.objects.filter(disclose_contents=True).values_list("organisation_id", flat=True))


def subject_overview(*, actor: Actor, subject: Subject) -> list[SubjectSection]:
    """What exists about the person (the officer's page shows titles and counts; the export the rest)."""
    actor.require(permissions.can_answer_subject_requests(actor))
    return subject_sections(subject.pk, disclosing=disclosing_services())


def disclosure_policies(*, actor: Actor) -> list[tuple[Organisation, bool]]:
    """The services ``actor`` manages, each with whether it discloses contents in subject access."""
    actor.require(permissions.can_set_disclosure(actor))
    disclosed = set(
        DisclosurePolicy.objects.filter(
            organisation_id__in=actor.managed_organisation_ids, disclose_contents=True
        ).values_list("organisation_id", flat=True)
    )
    organisations = Organisation.objects.filter(pk__in=actor.managed_organisation_ids).order_by("name")
    return [(organisation, organisation.pk in disclosed) for organisation in organisations]
