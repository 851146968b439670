"""Writes to the catalogue. Each service checks permission and rules, then writes in one transaction.

Services raise ``PermissionDenied`` when the actor may not act and ``ValidationError``
(with field names the forms and the API understand) when the data breaks a rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history, update_change_reason

from concerto.accounts.models import Role, User
from concerto.accounts.permissions import Actor
from concerto.catalogue import permissions
from concerto.catalogue.models import (
    ACTIVITY_TRANSITIONS,
    Activity,
    ActivityStatus,
    Edition,
    Session,
    SessionStatus,
)
from concerto.catalogue.scheduling import aware, local_zone, occurrence_dates, parse_rule, validate_rule
from concerto.core import events
from concerto.organisations.models import Organisation
from concerto.prisons.models import Prison, Room, Unit
from concerto.prisons.services import PrisonCalendar
from concerto.reference.models import TargetGroup

TRANSLATED_ACTIVITY_FIELDS = ("title", "summary", "description", "objectives", "screening")
ACTIVITY_M2M_FIELDS = ("aims", "target_groups", "languages", "partners")


# --- Activities ---------------------------------------------------------------------------


def _check_activity_data(data: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    if not any((data.get(f"title_{code}") or "").strip() for code in ("fr", "nl", "en")):
        errors["title_fr"] = [_("Give the title in at least one language.")]
    if "target_groups" in data and not data["target_groups"]:
        errors["target_groups"] = [_("Choose at least one target group.")]
    if "languages" in data and not data["languages"]:
        errors["languages"] = [_("Choose at least one language of delivery.")]
    organiser = data.get("organiser")
    partners = list(data.get("partners") or [])
    if organiser is not None and organiser in partners:
        errors["partners"] = [_("The organiser cannot also be a partner of its own activity.")]
    contact = data.get("contact")
    if (
        contact is not None
        and organiser is not None
        and contact.organisation_id
        not in {
            organiser.pk,
            *(p.pk for p in partners),
        }
    ):
        errors["contact"] = [_("The contact person must work for the organiser or a partner.")]
    if errors:
        raise ValidationError(errors)


def _assign(instance: Any, data: dict[str, Any], m2m_fields: Iterable[str]) -> dict[str, Any]:
    m2m = {name: data.pop(name) for name in list(data) if name in m2m_fields}
    for name, value in data.items():
        setattr(instance, name, value)
    return m2m


@transaction.atomic
def activity_create(*, actor: Actor, data: dict[str, Any]) -> Activity:
    """Create a draft activity for one of the actor's organisations.

    Fails with PermissionDenied when the actor does not write for ``data["organiser"]``,
    and with ValidationError when the data is incomplete.
    """
    data = dict(data)
    organiser: Organisation = data["organiser"]
    actor.require(
        actor.is_admin or organiser.pk in actor.service_organisation_ids,
        _("You can only create activities for your own organisation."),
    )
    _check_activity_data(data)
    data.pop("status", None)
    activity = Activity(status=ActivityStatus.DRAFT)
    m2m = _assign(activity, data, ACTIVITY_M2M_FIELDS)
    activity.full_clean()
    activity.save()
    for name, values in m2m.items():
        getattr(activity, name).set(values)
    return activity


@transaction.atomic
def activity_update(*, actor: Actor, activity: Activity, data: dict[str, Any]) -> Activity:
    """Change an activity's content (not its status: see activity_change_status)."""
    actor.require(permissions.can_edit_activity(actor, activity))
    data = dict(data)
    data.pop("status", None)
    new_organiser = data.get("organiser")
    if new_organiser is not None and new_organiser.pk != activity.organiser_id:
        actor.require(
            actor.is_admin or new_organiser.pk in actor.service_organisation_ids,
            _("You can only hand an activity to an organisation you work for."),
        )
    merged = {**{f"title_{c}": getattr(activity, f"title_{c}") for c in ("fr", "nl", "en")}, **data}
    merged.setdefault("organiser", activity.organiser)
    merged.setdefault("partners", list(activity.partners.all()))
    _check_activity_data(merged)
    m2m = _assign(activity, data, ACTIVITY_M2M_FIELDS)
    activity.full_clean()
    activity.save()
    for name, values in m2m.items():
        getattr(activity, name).set(values)
    return activity


@transaction.atomic
def activity_change_status(*, actor: Actor, activity: Activity, to_status: str, note: str = "") -> Activity:
    """Move an activity along draft → proposed → published → archived.

    Fails with ValidationError when the move is not one of ACTIVITY_TRANSITIONS or the
    activity is not ready to publish, and with PermissionDenied when the actor's role may
    not make it.
    """
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    allowed = ACTIVITY_TRANSITIONS.get(activity.status, frozenset())
    if to_status not in allowed:
        raise ValidationError(
            _("An activity cannot go from “%(from)s” to “%(to)s”.")
            % {"from": ActivityStatus(activity.status).label, "to": _label(to_status)}
        )
    actor.require(
        permissions.can_move_activity(actor, activity, to_status),
        _("Your role does not allow moving this activity to “%(to)s”.") % {"to": _label(to_status)},
    )
    if to_status == ActivityStatus.PUBLISHED:
        missing = []
        if not activity.target_groups.exists():
            missing.append(_("target groups"))
        if not activity.languages.exists():
            missing.append(_("languages of delivery"))
        if not (activity.summary_fr or activity.summary_nl or activity.summary_en):
            missing.append(_("a summary"))
        if missing:
            raise ValidationError(
                _("Before publishing, add: %(missing)s.") % {"missing": ", ".join(str(m) for m in missing)}
            )
    activity.status = to_status
    activity.save(update_fields=["status", "updated_at"])
    if note:
        update_change_reason(activity, note)
    return activity


def _label(status: str) -> str:
    try:
        return str(ActivityStatus(status).label)
    except ValueError:
        return status


# --- Editions and their sessions -----------------------------------------------------------


@dataclass
class EditionData:
    prison: Prison
    units: Sequence[Unit]
    starts_on: dt.date
    ends_on: dt.date
    capacity: int
    room: Room | None = None
    facilitators: Sequence[User] = ()
    recurrence: str = ""
    session_starts_at: dt.time | None = None
    session_ends_at: dt.time | None = None
    excluded_dates: Sequence[dt.date] = field(default_factory=list)


@dataclass(frozen=True)
class PlannedSlot:
    starts_at: dt.datetime
    ends_at: dt.datetime
    room_id: int | None


@dataclass(frozen=True)
class ScheduleChange:
    """What edition_update did: the edition, and the weekly occurrences it left out.

    ``met_already`` are the edition's own sessions (one-off, moved or kept) that sit on an
    occurrence of the new schedule: the edition already meets then, so no second session is
    generated at that time.
    """

    edition: Edition
    met_already: list[Session] = field(default_factory=list)


@dataclass(frozen=True)
class BookingConflict:
    field: str  # "room" or "facilitators"
    message: str


def _add(errors: dict[str, list[str]], key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def check_units_house_target_groups(units: Iterable[Unit], target_groups: Iterable[TargetGroup]) -> list[str]:
    """Messages for units that house none of the activity's groups of a dimension (gender, legal status)."""
    groups = list(target_groups)
    genders = {g.gender for g in groups if g.dimension == TargetGroup.Dimension.GENDER}
    statuses = {g.pk for g in groups if g.dimension == TargetGroup.Dimension.LEGAL_STATUS}
    problems = []
    for unit in units:
        if genders and unit.gender != unit.Gender.MIXED and unit.gender not in genders:
            problems.append(
                _("%(unit)s houses %(gender)s only, and this activity is for %(groups)s.")
                % {
                    "unit": unit,
                    "gender": unit.get_gender_display().lower(),
                    "groups": ", ".join(str(g) for g in groups if g.dimension == TargetGroup.Dimension.GENDER),
                }
            )
        housed = {ls.pk for ls in unit.legal_statuses.all()}
        if statuses and housed and not (statuses & housed):
            problems.append(
                _("%(unit)s houses no %(groups)s.")
                % {
                    "unit": unit,
                    "groups": ", ".join(
                        str(g).lower() for g in groups if g.dimension == TargetGroup.Dimension.LEGAL_STATUS
                    ),
                }
            )
    return problems


def _slot_label(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    local_start = starts_at.astimezone(local_zone())
    local_end = ends_at.astimezone(local_zone())
    return f"{date_format(local_start, 'SHORT_DATE_FORMAT')} {local_start:%H:%M}–{local_end:%H:%M}"


def find_booking_conflicts(
    *,
    slots: Sequence[PlannedSlot],
    facilitator_ids: Iterable[int],
    ignore_session_ids: Iterable[int] = (),
    ignore_edition_id: int | None = None,
) -> list[BookingConflict]:
    """Double bookings of a room or a facilitator among scheduled sessions overlapping ``slots``."""
    if not slots:
        return []
    facilitators = set(facilitator_ids)
    rooms = {slot.room_id for slot in slots if slot.room_id}
    if not rooms and not facilitators:
        return []
    period_start = min(slot.starts_at for slot in slots)
    period_end = max(slot.ends_at for slot in slots)
    who = Q(room_id__in=rooms)
    if facilitators:
        who |= Q(edition__facilitators__id__in=facilitators)
    candidates = (
        Session.objects.filter(who, status=SessionStatus.SCHEDULED, starts_at__lt=period_end, ends_at__gt=period_start)
        .exclude(pk__in=list(ignore_session_ids))
        .select_related("room", "edition__activity__organiser")
        .prefetch_related("edition__facilitators")
        .distinct()
        .order_by("starts_at")
    )
    if ignore_edition_id is not None:
        candidates = candidates.exclude(edition_id=ignore_edition_id)
    existing = list(candidates)
    conflicts: list[BookingConflict] = []
    for slot in slots:
        for other in existing:
            if not (other.starts_at < slot.ends_at and slot.starts_at < other.ends_at):
                continue
            context = {
                "when": _slot_label(other.starts_at, other.ends_at),
                "activity": other.edition.activity,
                "organisation": other.edition.activity.organiser,
            }
            if slot.room_id and other.room_id == slot.room_id:
                conflicts.append(
                    BookingConflict(
                        "room",
                        _("%(room)s is already booked on %(when)s for “%(activity)s” (%(organisation)s).")
                        % {**context, "room": other.room.name if other.room else ""},
                    )
                )
            shared = facilitators & {f.pk for f in other.edition.facilitators.all()}
            for facilitator in other.edition.facilitators.all():
                if facilitator.pk in shared:
                    conflicts.append(
                        BookingConflict(
                            "facilitators",
                            _("%(person)s already facilitates “%(activity)s” (%(organisation)s) on %(when)s.")
                            % {**context, "person": facilitator},
                        )
                    )
    return conflicts


def _raise_or_accept_conflicts(conflicts: list[BookingConflict], *, actor: Actor, double_booking_reason: str) -> str:
    """Refuse double bookings, unless a coordinator accepts them with a reason (returned)."""
    if not conflicts:
        return ""
    reason = double_booking_reason.strip()
    if reason and permissions.can_accept_double_booking(actor):
        return reason
    errors: dict[str, list[str]] = {}
    for conflict in conflicts[:10]:
        _add(errors, conflict.field, conflict.message)
    if len(conflicts) > 10:
        more = len(conflicts) - 10
        _add(
            errors,
            "__all__",
            ngettext("…and %(count)d more double booking.", "…and %(count)d more double bookings.", more)
            % {"count": more},
        )
    if reason:
        _add(errors, "__all__", _("Only a coordinator can accept a double booking."))
    raise ValidationError(errors)


# Dates outside these years are typing mistakes (and near year 1 or 9999 time arithmetic overflows).
FIRST_YEAR, LAST_YEAR = 2000, 2100


def facilitator_candidates(activity: Activity) -> QuerySet[User]:
    """People who may facilitate an edition: staff and partner facilitators of the organiser or a partner."""
    organisations = {activity.organiser_id, *activity.partners.values_list("pk", flat=True)}
    return (
        User.objects.filter(
            memberships__organisation_id__in=organisations,
            memberships__is_active=True,
            memberships__role__in=[Role.SERVICE_MANAGER, Role.SERVICE_WORKER, Role.PARTNER_FACILITATOR],
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def _validate_edition(activity: Activity, data: EditionData) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name in ("starts_on", "ends_on"):
        day = getattr(data, name)
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            _add(errors, name, _("Give a date from %(first)d to %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR})
    if errors:
        return errors
    if data.ends_on < data.starts_on:
        _add(errors, "ends_on", _("The last day is before the first day."))
    allowed_facilitators = set(facilitator_candidates(activity).values_list("pk", flat=True))
    for person in data.facilitators:
        if person.pk not in allowed_facilitators:
            _add(
                errors,
                "facilitators",
                _("%(person)s does not work for the organiser or a partner of this activity.") % {"person": person},
            )
    if data.room is not None:
        if data.room.prison_id != data.prison.pk:
            _add(errors, "room", _("This room is in another prison."))
        elif data.capacity > data.room.capacity:
            _add(
                errors,
                "capacity",
                _("%(capacity)d places is more than the room holds (%(room)s: %(room_capacity)d places).")
                % {"capacity": data.capacity, "room": data.room.name, "room_capacity": data.room.capacity},
            )
    if not data.units:
        _add(errors, "units", _("Choose at least one unit."))
    for unit in data.units:
        if unit.prison_id != data.prison.pk:
            _add(errors, "units", _("%(unit)s is in another prison.") % {"unit": unit})
    for problem in check_units_house_target_groups(data.units, activity.target_groups.all()):
        _add(errors, "units", problem)
    if data.recurrence:
        if data.session_starts_at is None or data.session_ends_at is None:
            _add(errors, "session_starts_at", _("A recurring schedule needs a start and an end time."))
        try:
            parse_rule(data.recurrence, data.starts_on)
        except ValidationError as error:
            _add(errors, "recurrence", error.messages[0])
    if data.session_starts_at and data.session_ends_at and data.session_ends_at <= data.session_starts_at:
        _add(errors, "session_ends_at", _("Sessions must end after they start."))
    return errors


def _recurring_slots(data: EditionData, *, from_day: dt.date) -> list[tuple[dt.date, dt.time, dt.time]]:
    if not data.recurrence or data.session_starts_at is None or data.session_ends_at is None:
        return []
    first = max(data.starts_on, from_day)
    if first > data.ends_on:
        return []
    days = occurrence_dates(data.recurrence, data.starts_on, data.ends_on, set(data.excluded_dates))
    return [(day, data.session_starts_at, data.session_ends_at) for day in days if day >= first]


def _plan_sessions(
    *,
    actor: Actor,
    data: EditionData,
    from_day: dt.date,
    skip_closed_days: bool,
    double_booking_reason: str,
    ignore_session_ids: Iterable[int] = (),
    own_sessions: Sequence[Session] = (),
    already_there: Iterable[dt.datetime] = (),
) -> tuple[list[PlannedSlot], list[dt.date], str]:
    """Check the recurring sessions against opening rules and bookings.

    Occurrences that overlap one of ``own_sessions`` (the edition's sessions that stay), or start
    at one of ``already_there``, are left out before the checks: the edition already meets then.
    Returns the slots to create, the closed days skipped, and the accepted double-booking reason.
    """
    slots = _recurring_slots(data, from_day=from_day)
    calendar = PrisonCalendar(data.prison)
    problems = calendar.problems(slots)
    closed_days = [p.day for p in problems if p.is_closure]
    errors: dict[str, list[str]] = {}
    for problem in problems:
        if problem.is_closure and skip_closed_days:
            continue
        _add(errors, "recurrence" if problem.is_closure else "session_starts_at", problem.reason)
    if errors:
        if closed_days and not skip_closed_days:
            _add(errors, "__all__", _("Tick “skip days when the prison is closed” to leave those dates out."))
        raise ValidationError(errors)
    kept = [s for s in slots if not (skip_closed_days and s[0] in closed_days)]
    planned = [
        PlannedSlot(aware(day, start), aware(day, end), data.room.pk if data.room else None) for day, start, end in kept
    ]
    left_out = set(already_there)
    planned = [slot for slot in planned if slot.starts_at not in left_out and not _overlapping(slot, own_sessions)]
    conflicts = find_booking_conflicts(
        slots=planned,
        facilitator_ids=[f.pk for f in data.facilitators],
        ignore_session_ids=ignore_session_ids,
    )
    accepted = _raise_or_accept_conflicts(conflicts, actor=actor, double_booking_reason=double_booking_reason)
    return planned, (closed_days if skip_closed_days else []), accepted


def _overlapping(slot: PlannedSlot, sessions: Iterable[Session]) -> list[Session]:
    return [s for s in sessions if s.starts_at < slot.ends_at and slot.starts_at < s.ends_at]


def _lock_bookings(room: Room | None, facilitator_ids: Iterable[int]) -> None:
    """Serialise bookings of the same room and facilitators (row locks on PostgreSQL).

    Every booking path (editions, one-off and moved sessions) takes these locks before it
    looks for conflicts, so two simultaneous requests cannot both find the slot free.
    """
    if room is not None:
        list(Room.objects.select_for_update().filter(pk=room.pk))
    ids = sorted(set(facilitator_ids))
    if ids:
        list(User.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


def _create_sessions(edition: Edition, slots: Sequence[PlannedSlot], accepted_reason: str, actor: Actor) -> None:
    # bulk_create_with_history records each new session in the history, with its author.
    bulk_create_with_history(
        [
            Session(
                edition=edition,
                room_id=slot.room_id,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                origin=Session.Origin.RECURRENCE,
                conflict_accepted_reason=accepted_reason,
            )
            for slot in slots
        ],
        Session,
        default_user=User.objects.filter(pk=actor.user_id).first() if actor.user_id else None,
    )


@transaction.atomic
def edition_create(
    *,
    actor: Actor,
    activity: Activity,
    data: EditionData,
    skip_closed_days: bool = False,
    double_booking_reason: str = "",
) -> Edition:
    """Create an edition and the sessions of its recurring schedule.

    Refuses (ValidationError) an inverted period, a capacity above the room's, units that do
    not house the activity's target groups, sessions outside the prison's activity hours or on
    closed days (unless ``skip_closed_days``), and double bookings of the room or a facilitator
    (unless a coordinator gives ``double_booking_reason``).
    """
    actor.require(permissions.can_manage_editions(actor, activity))
    errors = _validate_edition(activity, data)
    if errors:
        raise ValidationError(errors)
    _lock_bookings(data.room, [f.pk for f in data.facilitators])
    planned, skipped, accepted = _plan_sessions(
        actor=actor,
        data=data,
        from_day=data.starts_on,
        skip_closed_days=skip_closed_days,
        double_booking_reason=double_booking_reason,
    )
    edition = Edition(
        activity=activity,
        prison=data.prison,
        room=data.room,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        capacity=data.capacity,
        recurrence=validate_rule(data.recurrence) if data.recurrence.strip() else "",
        session_starts_at=data.session_starts_at,
        session_ends_at=data.session_ends_at,
        excluded_dates=sorted({d.isoformat() for d in [*data.excluded_dates, *skipped]}),
    )
    edition.save()
    edition.units.set(data.units)
    edition.facilitators.set(data.facilitators)
    _create_sessions(edition, planned, accepted, actor)
    return edition


@transaction.atomic
def edition_update(
    *,
    actor: Actor,
    edition: Edition,
    data: EditionData,
    skip_closed_days: bool = False,
    double_booking_reason: str = "",
) -> ScheduleChange:
    """Change an edition; future sessions from its schedule are generated again.

    Past sessions, and sessions staff moved, cancelled or added by hand, are kept as they are.
    An occurrence of the new schedule is left out when the edition already meets then (one of
    its kept sessions overlaps it, or it is the original time of a moved or cancelled session);
    the result names those sessions. Fails like edition_create.
    """
    actor.require(permissions.can_manage_edition(actor, edition))
    errors = _validate_edition(edition.activity, data)
    if errors:
        raise ValidationError(errors)
    _lock_bookings(data.room, [f.pk for f in data.facilitators])
    today = timezone.localdate()
    regenerated = edition.sessions.filter(
        origin=Session.Origin.RECURRENCE,
        moved_from__isnull=True,
        status=SessionStatus.SCHEDULED,
        starts_at__date__gte=today,
    )
    regenerated_ids = list(regenerated.values_list("pk", flat=True))
    kept = list(edition.sessions.exclude(pk__in=regenerated_ids).order_by("starts_at"))
    # A moved or cancelled occurrence stays as staff left it: do not create it a second time.
    already_there = {
        session.moved_from or session.starts_at for session in kept if session.origin == Session.Origin.RECURRENCE
    }
    meeting = [session for session in kept if session.status == SessionStatus.SCHEDULED]
    planned, skipped, accepted = _plan_sessions(
        actor=actor,
        data=data,
        from_day=today,
        skip_closed_days=skip_closed_days,
        double_booking_reason=double_booking_reason,
        ignore_session_ids=regenerated_ids,
        own_sessions=meeting,
        already_there=already_there,
    )
    occurrences = [
        PlannedSlot(aware(day, start), aware(day, end), None)
        for day, start, end in _recurring_slots(data, from_day=today)
    ]
    met_already = [session for session in meeting if any(_overlapping(slot, [session]) for slot in occurrences)]
    for name in ("prison", "room", "starts_on", "ends_on", "capacity", "session_starts_at", "session_ends_at"):
        setattr(edition, name, getattr(data, name))
    edition.recurrence = validate_rule(data.recurrence) if data.recurrence.strip() else ""
    edition.excluded_dates = sorted({d.isoformat() for d in [*data.excluded_dates, *skipped]})
    edition.save()
    edition.units.set(data.units)
    edition.facilitators.set(data.facilitators)
    Session.objects.filter(pk__in=regenerated_ids).delete()
    _create_sessions(edition, planned, accepted, actor)
    return ScheduleChange(edition=edition, met_already=met_already)


def met_already_message(session: Session) -> str:
    """Why the schedule has no occurrence at this session's time, in the reader's language."""
    when = {"when": _slot_label(session.starts_at, session.ends_at)}
    if session.moved_from is not None:
        return _("No weekly session was added on %(when)s: a session of this edition was moved to that time.") % when
    return _("No weekly session was added on %(when)s: this edition already has a one-off session then.") % when


def _check_session_slot(
    *,
    actor: Actor,
    edition: Edition,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    room: Room | None,
    double_booking_reason: str,
    ignore_session_ids: Iterable[int] = (),
) -> str:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": [_("The session must end after it starts.")]})
    local_start = starts_at.astimezone(local_zone())
    local_end = ends_at.astimezone(local_zone())
    if local_start.date() != local_end.date():
        raise ValidationError({"ends_at": [_("A session starts and ends on the same day.")]})
    if room is not None and room.prison_id != edition.prison_id:
        raise ValidationError({"room": [_("This room is in another prison.")]})
    if room is not None and edition.capacity > room.capacity:
        raise ValidationError(
            {
                "room": [
                    _("%(room)s holds %(room_capacity)d people; this edition has %(capacity)d places.")
                    % {"room": room.name, "room_capacity": room.capacity, "capacity": edition.capacity}
                ]
            }
        )
    problem = PrisonCalendar(edition.prison).problem(local_start.date(), local_start.time(), local_end.time())
    if problem is not None:
        raise ValidationError({"starts_at": [problem.reason]})
    facilitator_ids = list(edition.facilitators.values_list("pk", flat=True))
    _lock_bookings(room, facilitator_ids)
    conflicts = find_booking_conflicts(
        slots=[PlannedSlot(starts_at, ends_at, room.pk if room else None)],
        facilitator_ids=facilitator_ids,
        ignore_session_ids=ignore_session_ids,
    )
    return _raise_or_accept_conflicts(conflicts, actor=actor, double_booking_reason=double_booking_reason)


@transaction.atomic
def session_add(
    *,
    actor: Actor,
    edition: Edition,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    room: Room | None = None,
    double_booking_reason: str = "",
) -> Session:
    """Add a one-off session to an edition (same checks as the recurring ones)."""
    actor.require(permissions.can_manage_edition(actor, edition))
    room = room or edition.room
    accepted = _check_session_slot(
        actor=actor,
        edition=edition,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        double_booking_reason=double_booking_reason,
    )
    return Session.objects.create(
        edition=edition,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        origin=Session.Origin.ONE_OFF,
        conflict_accepted_reason=accepted,
    )


@transaction.atomic
def session_move(
    *,
    actor: Actor,
    session: Session,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    room: Room | None,
    reason: str,
    double_booking_reason: str = "",
) -> Session:
    """Move one session to another time or room; the reason is required and kept."""
    actor.require(permissions.can_manage_edition(actor, session.edition))
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the session moves.")]})
    if session.is_cancelled:
        raise ValidationError(_("A cancelled session cannot be moved; add a new session instead."))
    accepted = _check_session_slot(
        actor=actor,
        edition=session.edition,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        double_booking_reason=double_booking_reason,
        ignore_session_ids=[session.pk],
    )
    if session.moved_from is None:
        session.moved_from = session.starts_at
    session.starts_at = starts_at
    session.ends_at = ends_at
    session.room = room
    session.change_reason = reason.strip()
    session.conflict_accepted_reason = accepted
    session._change_reason = reason.strip()  # type: ignore[attr-defined]  # read by simple-history
    session.save()
    return session


@transaction.atomic
def session_cancel(*, actor: Actor, session: Session, reason: str) -> Session:
    """Cancel one session with a reason; it stays visible, struck through, in the calendar."""
    actor.require(permissions.can_manage_edition(actor, session.edition))
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the session is cancelled.")]})
    if session.is_cancelled:
        raise ValidationError(_("This session is already cancelled."))
    session.status = SessionStatus.CANCELLED
    session.change_reason = reason.strip()
    session._change_reason = reason.strip()  # type: ignore[attr-defined]  # read by simple-history
    session.save(update_fields=["status", "change_reason"])
    # The participants' services are told once it is safe (attendance receives the event).
    events.publish(events.SessionCancelled(session_id=session.pk))
    return session
