"""Writes of the registration side: applications, decisions, places, offers, requests to the prison.

Services raise ``PermissionDenied`` when the actor's role does not allow the action and
``ValidationError`` (with field names the forms and the API understand) when the data breaks
a rule. ``application_move`` is the only code that changes an application's status: it checks
the move against ``APPLICATION_TRANSITIONS`` (models.py) and never lets an edition exceed its
capacity, locking the edition's row while it counts the places taken (``SELECT … FOR UPDATE``
on PostgreSQL). Locks are always taken application first, then edition, so that no two
requests wait on each other in a circle.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from concerto.accounts.models import User
from concerto.accounts.permissions import Actor
from concerto.catalogue.models import ActivityStatus, Edition
from concerto.core import events
from concerto.detainees.models import Detainee, PresenceStatus
from concerto.detainees.permissions import detainee_visibility, registrable_visibility
from concerto.organisations.models import Organisation
from concerto.privacy.models import AccessAction, AccessPurpose
from concerto.privacy.services import access_log
from concerto.reference.models import Language, TargetGroup
from concerto.registrations import permissions
from concerto.registrations.models import (
    APPLICATION_TRANSITIONS,
    OPEN_STATUSES,
    PLACE_TAKING_STATUSES,
    TAKES_A_PLACE,
    Application,
    ApplicationSource,
    ApplicationStatus,
    EditionScreening,
    PrisonRequest,
    RefusalReason,
)
from concerto.registrations.screening import Check, screening_checks, screening_checks_for
from concerto.registrations.selectors import edition_places, waiting_list_order

__all__ = [
    "SYSTEM",
    "Check",
    "application_create",
    "application_decide",
    "application_move",
    "detainee_departed",
    "edition_screening_update",
    "offers_expire",
    "prison_answer_due",
    "prison_request_decide",
    "prison_request_record",
    "screening_checks",
    "screening_checks_for",
    "screening_for",
    "waiting_list_promote",
]

logger = logging.getLogger(__name__)
S = ApplicationStatus
# Automatic moves (offers to the waiting list, expired offers, departures) are made by the system.
SYSTEM = Actor(user_id=None, is_admin=True)
FIRST_YEAR = 2000
MAX_PRIORITY = 100
MAX_CHECKLIST_QUESTIONS = 20
Decision = Literal["accept", "refuse", "waiting_list"]
DECISIONS: tuple[Decision, ...] = ("accept", "refuse", "waiting_list")


def status_label(status: str) -> str:
    try:
        return str(S(status).label)
    except ValueError:
        return status


def screening_for(edition: Edition) -> EditionScreening:
    """The edition's screening settings, or the defaults (unsaved) when none were set."""
    return EditionScreening.objects.filter(edition_id=edition.pk).first() or EditionScreening(edition=edition)


def _as_history_user(instance: Any, actor: Actor) -> None:
    # The request's user is taken by simple-history's middleware; tasks and commands have none.
    if actor.user_id is not None:
        instance._history_user = User(pk=actor.user_id)


def _log_change(actor: Actor, application: Application, detail: str, action: str = AccessAction.CHANGE) -> None:
    access_log(
        actor=actor,
        action=action,
        purpose=AccessPurpose.REGISTRATION,
        subject=Detainee(pk=application.detainee_id),
        detail=f"application {application.pk}: {detail}",
    )


# --- Applications ---------------------------------------------------------------------------


def _duplicate_message(existing: Application) -> str:
    return _(
        "This person already applied to this edition on %(day)s (status: %(status)s); "
        "a second application is not possible. Change the existing one instead."
    ) % {"day": date_format(existing.applied_on, "SHORT_DATE_FORMAT"), "status": status_label(existing.status)}


def _service_for(
    actor: Actor, edition: Edition, recorded_for: Organisation | None, errors: dict[str, list[str]]
) -> Organisation | None:
    """The service that follows the application: given, or the actor's only (or managing) service."""
    own = actor.service_organisation_ids
    if recorded_for is not None:
        if not actor.is_admin and recorded_for.pk not in own:
            errors.setdefault("recorded_for", []).append(_("Choose one of your own services."))
        return recorded_for
    managing = {edition.activity.organiser_id, *edition.activity.partners.values_list("pk", flat=True)} & own
    candidates = managing or own
    if len(candidates) == 1:
        return Organisation.objects.get(pk=next(iter(candidates)))
    if not candidates:
        return edition.activity.organiser  # an administrator without a service
    errors.setdefault("recorded_for", []).append(_("Choose the service that follows this application."))
    return None


@transaction.atomic
def application_create(
    *,
    actor: Actor,
    detainee: Detainee,
    edition: Edition,
    source: str,
    applied_on: dt.date,
    referred_by: Organisation | None = None,
    recorded_for: Organisation | None = None,
    priority: int = 0,
) -> Application:
    """Record an application (paper slip, referral, kiosk) of ``detainee`` to ``edition``.

    The author (``recorded_by``), source and date are kept. Fails with PermissionDenied when
    the actor does not record applications (service staff and administrators do), and with
    ValidationError when the activity is not published, the person is in another prison, has
    left it or was anonymised, when a referral names no referring organisation, when the date
    is in the future, or when the person already applied to this edition (field ``detainee``).
    """
    actor.require(
        permissions.can_record_application(actor, edition),
        _("Only the staff of a service record applications."),
    )
    actor.require(
        # The people the service follows, or may register (found by the search to register).
        Detainee.objects.filter(detainee_visibility(actor) | registrable_visibility(actor), pk=detainee.pk).exists(),
        _("You may not record an application for this person."),
    )
    errors: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    if edition.activity.status != ActivityStatus.PUBLISHED:
        add("edition", _("Applications open once the activity is published."))
    if detainee.is_anonymised:
        add("detainee", _("This record was anonymised; it cannot apply."))
    elif detainee.presence != PresenceStatus.PRESENT:
        add(
            "detainee",
            _("This person has left the prison (%(presence)s).")
            % {"presence": detainee.get_presence_display().lower()},
        )
    elif detainee.prison_id != edition.prison_id:
        add("detainee", _("This person is in another prison than the edition."))
    if source not in ApplicationSource.values:
        add("source", _("Choose how the application reached you."))
    elif source == ApplicationSource.SERVICE_REFERRAL and referred_by is None:
        add("referred_by", _("Say which service referred the person."))
    if applied_on > timezone.localdate():
        add("applied_on", _("The application date cannot be in the future."))
    elif applied_on.year < FIRST_YEAR:
        add("applied_on", _("Give a date from %(first)d on.") % {"first": FIRST_YEAR})
    if not 0 <= priority <= MAX_PRIORITY:
        add("priority", _("Give a priority from 0 to %(max)d.") % {"max": MAX_PRIORITY})
    service = _service_for(actor, edition, recorded_for, errors)
    existing = Application.objects.filter(detainee_id=detainee.pk, edition_id=edition.pk).first()
    if existing is not None:
        add("detainee", _duplicate_message(existing))
    if errors:
        raise ValidationError(errors)
    application = Application(
        detainee=detainee,
        edition=edition,
        status=S.APPLIED,
        source=source,
        referred_by=referred_by,
        applied_on=applied_on,
        recorded_by_id=actor.user_id,
        recorded_for=service,
        priority=priority,
    )
    _as_history_user(application, actor)
    application._change_reason = _("Application recorded (%(source)s).") % {  # type: ignore[attr-defined]
        "source": ApplicationSource(source).label
    }
    try:
        # A savepoint: two simultaneous recordings of the same person both pass the check above.
        with transaction.atomic():
            application.save()
    except IntegrityError:
        existing = Application.objects.filter(detainee_id=detainee.pk, edition_id=edition.pk).first()
        if existing is None:
            raise
        raise ValidationError({"detainee": [_duplicate_message(existing)]}) from None
    _log_change(actor, application, "created", action=AccessAction.CREATE)
    logger.info("application recorded", extra={"application": application.pk, "edition": edition.pk})
    return application


def _check_prison_requests(application: Application) -> None:
    screening = screening_for(application.edition)
    needed = []
    if screening.requires_security_clearance:
        needed.append(PrisonRequest.Kind.SECURITY_CLEARANCE)
    if screening.requires_movement_permission:
        needed.append(PrisonRequest.Kind.MOVEMENT_PERMISSION)
    if not needed:
        return
    granted = set(
        application.prison_requests.filter(kind__in=needed, status=PrisonRequest.Status.GRANTED).values_list(
            "kind", flat=True
        )
    )
    missing = [str(PrisonRequest.Kind(kind).label).lower() for kind in needed if kind not in granted]
    if missing:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: [
                    _("This edition needs the prison's %(missing)s before a place is confirmed.")
                    % {
                        "missing": missing[0]
                        if len(missing) == 1
                        else _("%(first)s and %(second)s") % {"first": missing[0], "second": missing[1]}
                    }
                ]
            }
        )


def _count_taken(edition_id: int) -> int:
    return Application.objects.filter(edition_id=edition_id, status__in=PLACE_TAKING_STATUSES).count()


def _move(
    *,
    actor: Actor,
    application: Application,
    to_status: str,
    reason: str = "",
    refusal_reason: RefusalReason | None = None,
    check_permission: bool = True,
    changes: dict[str, Any] | None = None,
) -> Application:
    """The one place where an application's status changes (see ``application_move``)."""
    locked = (
        Application.objects.select_for_update(of=("self",)).select_related("edition__activity").get(pk=application.pk)
    )
    current = locked.status
    if to_status not in S.values:
        raise ValidationError({"to_status": [_("“%(to)s” is not a status of an application.") % {"to": to_status}]})
    if to_status not in APPLICATION_TRANSITIONS[current]:
        raise ValidationError(
            {
                "to_status": [
                    _("An application cannot go from “%(from)s” to “%(to)s”.")
                    % {"from": status_label(current), "to": status_label(to_status)}
                ]
            }
        )
    if check_permission:
        actor.require(
            permissions.can_move_application(actor, locked, to_status),
            _("Your role does not allow moving this application to “%(to)s”.") % {"to": status_label(to_status)},
        )
    if to_status == S.REFUSED and refusal_reason is None:
        raise ValidationError({"refusal_reason": [_("Choose the reason for the refusal.")]})
    if to_status == S.CONFIRMED:
        _check_prison_requests(locked)
    now = timezone.now()
    if TAKES_A_PLACE[to_status] and not TAKES_A_PLACE[current]:
        # The lock makes simultaneous requests count one after the other: none can see a
        # place that another is taking at the same moment.
        edition = Edition.objects.select_for_update().get(pk=locked.edition_id)
        taken = _count_taken(edition.pk)
        if taken >= edition.capacity:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: [
                        _("No place left: %(taken)d of %(capacity)d taken; put the person on the waiting list.")
                        % {"taken": taken, "capacity": edition.capacity}
                    ]
                }
            )
    fields = ["status", "status_changed_at", "offer_expires_at"]
    locked.status = to_status
    locked.status_changed_at = now
    if to_status == S.OFFERED:
        days = screening_for(locked.edition).offer_response_days
        # Same wall-clock time N days later in Brussels, across a daylight-saving change too.
        locked.offer_expires_at = timezone.localtime(now) + dt.timedelta(days=days)
        locked.offer_lapsed_at = None
        fields.append("offer_lapsed_at")
    else:
        locked.offer_expires_at = None
    if current == S.OFFERED and to_status == S.WAITING_LIST:
        locked.offer_lapsed_at = now
        fields.append("offer_lapsed_at")
    if to_status == S.REFUSED:
        locked.refusal_reason = refusal_reason
        fields.append("refusal_reason")
    for name, value in (changes or {}).items():
        setattr(locked, name, value)
        fields.append(name)
    _as_history_user(locked, actor)
    locked._change_reason = reason or f"{status_label(current)} → {status_label(to_status)}"  # type: ignore[attr-defined]
    locked.save(update_fields=fields)
    _log_change(actor, locked, f"{current} -> {to_status}")
    logger.info(
        "application moved",
        extra={"application": locked.pk, "edition": locked.edition_id, "from": current, "to": to_status},
    )
    if TAKES_A_PLACE[current] and not TAKES_A_PLACE[to_status]:
        # After the commit, so that the freed place is visible to the next transaction. Robust:
        # the move is committed by then and must not turn into an error page if a follow-up fails.
        edition_id, application_id = locked.edition_id, locked.pk
        transaction.on_commit(lambda: _place_freed(edition_id), robust=True)
        if to_status == S.WITHDRAWN:
            # Followed up like a dropout (a feedback interview): attendance receives the event.
            events.publish(events.ParticipantWithdrew(application_id=application_id))
    return locked


@transaction.atomic
def application_move(
    *,
    actor: Actor,
    application: Application,
    to_status: str,
    reason: str = "",
    refusal_reason: RefusalReason | None = None,
) -> Application:
    """Move an application to ``to_status``: the only way its status changes.

    Returns the application as saved (re-read under a row lock; the instance given is not
    changed). Fails with ValidationError when the move is not in APPLICATION_TRANSITIONS (field
    ``to_status``, naming both states), when a refusal has no ``refusal_reason``, when a
    confirmation lacks the prison's answers the edition requires, or when the move takes a place
    and none is left ("No place left: N of N taken"). Fails with PermissionDenied when the
    actor's role does not allow the move. When the application leaves a place, the waiting list
    is promoted once the transaction is committed (see ``waiting_list_promote``).
    """
    return _move(
        actor=actor, application=application, to_status=to_status, reason=reason, refusal_reason=refusal_reason
    )


def _clean_checklist(screening: EditionScreening, answers: dict[str, Any]) -> dict[str, bool]:
    questions = set(screening.checklist or [])
    unknown = [key for key in answers if key not in questions]
    if unknown:
        raise ValidationError(
            {"checklist_answers": [_("Not a question of this edition's checklist: %(q)s") % {"q": unknown[0]}]}
        )
    cleaned: dict[str, bool] = {}
    for key, value in answers.items():
        if not isinstance(value, bool):
            raise ValidationError({"checklist_answers": [_("Answer each question with yes or no.")]})
        cleaned[key] = value
    return cleaned


@transaction.atomic
def application_record(*, actor: Actor, accept: bool = False, **slip: Any) -> Application:
    """Record an application from a slip (``application_create``'s fields) and, if asked, accept it
    at once: all or nothing, so a decision that fails leaves nothing recorded."""
    if accept and not permissions.can_manage_registrations(actor, slip["edition"]):
        raise ValidationError(
            _("Your service does not decide on this edition's applications: record it for screening by the organiser.")
        )
    with transaction.atomic():
        application = application_create(actor=actor, **slip)
        if accept:
            application = application_decide(actor=actor, application=application, decision="accept")
    return application


def application_decide(
    *,
    actor: Actor,
    application: Application,
    decision: Decision,
    refusal_reason: RefusalReason | None = None,
    checklist_answers: dict[str, Any] | None = None,
) -> Application:
    """The staff's screening decision: accept, refuse (with a reason) or put on the waiting list.

    An application still "applied" goes through "in screening" first. "accept" then offers a
    place at once (accepted → offered, with the edition's response deadline) when a place is
    free for it, that is when the free places outnumber the people already on the waiting list
    (they come first); otherwise the person goes on the waiting list and the returned status
    says so. The person confirms the offer through staff (offered → confirmed), which is when
    the prison's answers are checked. Checklist answers (question → yes/no) are kept with the
    decision. Fails like ``application_move``, and with ValidationError (field ``decision``)
    for an unknown decision or (field ``checklist_answers``) for answers to unknown questions.
    """
    if decision not in DECISIONS:
        raise ValidationError({"decision": [_("Choose accept, refuse or waiting list.")]})
    actor.require(
        permissions.can_manage_registrations(actor, application.edition),
        _("Only the organiser's and partners' staff decide on applications."),
    )
    changes: dict[str, Any] = {}
    if checklist_answers is not None:
        changes["checklist_answers"] = _clean_checklist(screening_for(application.edition), checklist_answers)
    current = Application.objects.select_for_update().get(pk=application.pk)
    if current.status == S.APPLIED and decision != "refuse":
        current = _move(actor=actor, application=current, to_status=S.IN_SCREENING, reason=_("Screening started."))
    if decision == "refuse":
        return _move(
            actor=actor,
            application=current,
            to_status=S.REFUSED,
            refusal_reason=refusal_reason,
            reason=_("Refused after screening."),
            changes=changes,
        )
    if decision == "waiting_list":
        return _move(
            actor=actor,
            application=current,
            to_status=S.WAITING_LIST,
            reason=_("Put on the waiting list after screening."),
            changes=changes,
        )
    current = _move(
        actor=actor, application=current, to_status=S.ACCEPTED, reason=_("Accepted after screening."), changes=changes
    )
    edition = Edition.objects.select_for_update().get(pk=current.edition_id)
    free = edition_places(edition).free
    waiting = Application.objects.filter(edition_id=edition.pk, status=S.WAITING_LIST).count()
    if free > waiting:
        return _move(actor=actor, application=current, to_status=S.OFFERED, reason=_("Accepted: a place is offered."))
    return _move(
        actor=actor,
        application=current,
        to_status=S.WAITING_LIST,
        reason=_("Accepted, but no place is free: put on the waiting list."),
    )


# --- Waiting list and offers -----------------------------------------------------------------


def _place_freed(edition_id: int) -> None:
    edition = Edition.objects.select_related("activity").filter(pk=edition_id).first()
    if edition is not None:
        waiting_list_promote(edition=edition)


def waiting_list_promote(*, edition: Edition) -> list[Application]:
    """Give free places to the waiting list: offer them, or prompt the organiser's staff.

    With the edition's "offer automatically" setting, the next people on the waiting list
    (priority first, then application date) are offered the free places, each with the
    edition's response deadline; people whose earlier offer was declined or lapsed are skipped
    (staff may still offer them a place by hand). Otherwise, or when only such people wait,
    the organiser's service gets a notice to offer the place (event ``PlaceToOffer``). Returns
    the offers made. Runs after the commit that freed a place; each offer is its own transaction.
    """
    free = edition_places(edition).free
    if free <= 0:
        return []
    waiting = list(
        Application.objects.filter(edition_id=edition.pk, status=S.WAITING_LIST).order_by(*waiting_list_order())
    )
    if not waiting:
        return []
    offered: list[Application] = []
    if screening_for(edition).auto_offer:
        for candidate in waiting:
            if len(offered) >= free:
                break
            if candidate.offer_lapsed_at is not None:
                continue
            try:
                with transaction.atomic():
                    offered.append(
                        _move(
                            actor=SYSTEM,
                            application=candidate,
                            to_status=S.OFFERED,
                            reason=_("A place was freed: offered to the next person on the waiting list."),
                        )
                    )
            except ValidationError:
                # Taken or moved meanwhile by someone else: the next candidate, or nothing left.
                continue
    if len(offered) < free and len(offered) < len(waiting):
        # The organiser's staff are prompted to offer it (attendance sends the notice).
        events.publish(events.PlaceToOffer(edition_id=edition.pk))
    return offered


def offers_expire(*, now: dt.datetime | None = None) -> int:
    """Put offers not answered by their deadline back on the waiting list; returns how many.

    The person keeps their rank on the waiting list, but is not offered a place automatically
    again (staff may do it by hand); the freed place goes to the next person, or staff are
    prompted, like any freed place.
    """
    now = now or timezone.now()
    count = 0
    expired = Application.objects.filter(status=S.OFFERED, offer_expires_at__lt=now).order_by("offer_expires_at", "pk")
    for application in expired:
        try:
            with transaction.atomic():
                _move(
                    actor=SYSTEM,
                    application=application,
                    to_status=S.WAITING_LIST,
                    reason=_("No answer to the offer by the deadline: back on the waiting list."),
                )
        except ValidationError:
            continue  # answered or moved meanwhile
        count += 1
    if count:
        logger.info("offers expired", extra={"count": count})
    return count


# --- Departures -------------------------------------------------------------------------------

DEPARTURE_STATUSES = {"released": S.RELEASED, "transferred": S.TRANSFERRED}


@transaction.atomic
def detainee_departed(
    *,
    detainee: Detainee,
    kind: Literal["released", "transferred"],
    on: dt.date,
    actor: Actor | None = None,
) -> int:
    """Close every open application of a person who left the prison; returns how many.

    Called by the import of the prison's list when someone is no longer on it. Each open
    application moves to "released" or "transferred"; the places they held are offered to the
    waiting lists after the commit. The actor (if any) is recorded as the author; the move is a
    fact reported by the prison, so no role check applies. Fails with ValueError for another kind.
    """
    if kind not in DEPARTURE_STATUSES:
        raise ValueError(f"unknown departure kind: {kind!r}")
    to_status = DEPARTURE_STATUSES[kind]
    by = actor or SYSTEM
    reason = _("Left the prison on %(day)s (%(kind)s).") % {
        "day": date_format(on, "SHORT_DATE_FORMAT"),
        "kind": status_label(to_status).lower(),
    }
    count = 0
    for application in Application.objects.filter(detainee_id=detainee.pk, status__in=OPEN_STATUSES).order_by("pk"):
        _move(actor=by, application=application, to_status=to_status, reason=reason, check_permission=False)
        count += 1
    return count


# --- Requests to the prison --------------------------------------------------------------------


@transaction.atomic
def prison_request_record(
    *,
    actor: Actor,
    application: Application,
    kind: str,
    status: str,
    requested_on: dt.date,
    answered_on: dt.date | None = None,
) -> PrisonRequest:
    """Record a request to the prison (security clearance, movement permission) or its answer.

    One request per kind and application: recording again updates it. Fails with
    PermissionDenied unless the actor manages the edition's registrations, and with
    ValidationError for an unknown kind or status, an answer without its date (or a date
    without an answer), dates in the future or an answer before the request.
    """
    actor.require(
        permissions.can_manage_registrations(actor, application.edition),
        _("Only the organiser's and partners' staff record requests to the prison."),
    )
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if kind not in PrisonRequest.Kind.values:
        errors["kind"] = [_("Choose a kind of request.")]
    if status not in PrisonRequest.Status.values:
        errors["status"] = [_("Choose a status.")]
    if requested_on > today:
        errors["requested_on"] = [_("The request date cannot be in the future.")]
    elif requested_on.year < FIRST_YEAR:
        errors["requested_on"] = [_("Give a date from %(first)d on.") % {"first": FIRST_YEAR}]
    answered = status in (PrisonRequest.Status.GRANTED, PrisonRequest.Status.DENIED)
    if answered and answered_on is None:
        errors["answered_on"] = [_("Give the date of the prison's answer.")]
    elif not answered and answered_on is not None:
        errors["answered_on"] = [_("A request still waiting for an answer has no answer date.")]
    elif answered_on is not None and (answered_on > today or answered_on < requested_on):
        errors["answered_on"] = [_("The answer date must be between the request date and today.")]
    if errors:
        raise ValidationError(errors)
    request = PrisonRequest.objects.select_for_update().filter(application_id=application.pk, kind=kind).first()
    if request is None:
        request = PrisonRequest(application=application, kind=kind)
    request.status = status
    request.requested_on = requested_on
    request.due_on = request.due_on or prison_answer_due(application.edition, requested_on)
    request.answered_on = answered_on
    _as_history_user(request, actor)
    request.save()
    _log_change(actor, application, f"prison request {kind} {status}")
    return request


ANSWER_REASON_LENGTH = 300  # PrisonRequest.answer_reason
# The prison answers within this many days when the edition starts later than that or has begun.
PRISON_ANSWER_DAYS = 10


def prison_answer_due(edition: Edition, requested_on: dt.date) -> dt.date:
    """When the service needs the prison's answer: before the edition's first day, at least a few days on."""
    soonest = requested_on + dt.timedelta(days=3)
    if edition.starts_on > soonest:
        return edition.starts_on - dt.timedelta(days=1)
    return requested_on + dt.timedelta(days=PRISON_ANSWER_DAYS)


@transaction.atomic
def prison_request_decide(*, actor: Actor, request: PrisonRequest, approve: bool, reason: str = "") -> PrisonRequest:
    """The prison's answer to a request for one of its detainees: granted, or denied with a reason.

    Fails with PermissionDenied unless the actor is staff of the edition's prison (or an
    administrator), and with ValidationError when the request was answered already or a denial
    has no reason. The answer is dated today and signed by the actor.
    """
    locked = (
        PrisonRequest.objects.select_for_update().select_related("application__edition").filter(pk=request.pk).first()
    )
    if locked is None:
        raise ValidationError(_("This request no longer exists."))
    actor.require(
        permissions.can_answer_prison_requests(actor, locked.application.edition.prison_id),
        _("Only the prison's own staff answer its requests."),
    )
    reason = reason.strip()
    if locked.status != PrisonRequest.Status.REQUESTED:
        raise ValidationError(_("This request was answered already."))
    if not approve and not reason:
        raise ValidationError({"reason": [_("Say why the request is refused.")]})
    if len(reason) > ANSWER_REASON_LENGTH:
        raise ValidationError({"reason": [_("Keep the reason under 300 characters.")]})
    locked.status = PrisonRequest.Status.GRANTED if approve else PrisonRequest.Status.DENIED
    locked.answered_on = timezone.localdate()
    locked.answered_by_id = actor.user_id
    locked.answer_reason = reason
    _as_history_user(locked, actor)
    locked.save()
    _log_change(actor, locked.application, f"prison request {locked.kind} {locked.status}")
    return locked


# --- Screening settings ---------------------------------------------------------------------------


@transaction.atomic
def edition_screening_update(
    *,
    actor: Actor,
    edition: Edition,
    target_groups: Iterable[TargetGroup] | None = None,
    languages: Iterable[Language] | None = None,
    language_required: bool | None = None,
    checklist: Sequence[str] | None = None,
    requires_security_clearance: bool | None = None,
    requires_movement_permission: bool | None = None,
    auto_offer: bool | None = None,
    offer_response_days: int | None = None,
    dropout_after_absences: int | None = None,
) -> EditionScreening:
    """Set the edition's screening criteria and registration settings (created when missing).

    Arguments left to None keep their value. Fails with PermissionDenied unless the actor
    manages the edition's registrations, and with ValidationError for empty, too long or
    repeated checklist questions and out-of-range numbers of days or absences.
    """
    actor.require(
        permissions.can_manage_registrations(actor, edition),
        _("Only the organiser's and partners' staff set the screening criteria."),
    )
    screening = EditionScreening.objects.select_for_update().filter(edition_id=edition.pk).first()
    if screening is None:
        screening = EditionScreening(edition=edition)
    if checklist is not None:
        questions = [" ".join(str(q).split()) for q in checklist]
        questions = [q for q in questions if q]
        if len(questions) > MAX_CHECKLIST_QUESTIONS:
            raise ValidationError({"checklist": [_("At most %(max)d questions.") % {"max": MAX_CHECKLIST_QUESTIONS}]})
        if any(len(q) > 200 for q in questions):
            raise ValidationError({"checklist": [_("Keep each question under 200 characters.")]})
        if len(set(questions)) != len(questions):
            raise ValidationError({"checklist": [_("A question appears twice.")]})
        screening.checklist = questions
    for name, value in (
        ("language_required", language_required),
        ("requires_security_clearance", requires_security_clearance),
        ("requires_movement_permission", requires_movement_permission),
        ("auto_offer", auto_offer),
        ("offer_response_days", offer_response_days),
        ("dropout_after_absences", dropout_after_absences),
    ):
        if value is not None:
            setattr(screening, name, value)
    screening.full_clean(exclude=["edition"])
    _as_history_user(screening, actor)
    screening.save()
    if target_groups is not None:
        screening.target_groups.set(list(target_groups))
    if languages is not None:
        screening.languages.set(list(languages))
    return screening
