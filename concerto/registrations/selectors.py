"""Reads of the registration side, always scoped to what the acting user may see.

Places are counted from the applications' live rows (``PLACE_TAKING_STATUSES``), never
from a stored counter, so a withdrawal frees a place by itself. Selectors do not log:
the pages and the API that show personal data call ``privacy.services.access_log`` with
the purpose of the read (see ``log_read``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from concerto.accounts.permissions import Actor
from concerto.catalogue.codes import edition_pk_from_code
from concerto.catalogue.models import ActivityStatus, Edition
from concerto.catalogue.permissions import edition_visibility
from concerto.detainees.models import Detainee, PresenceStatus
from concerto.detainees.permissions import detainee_visibility, registrable_visibility
from concerto.privacy.models import AccessAction, AccessPurpose
from concerto.privacy.services import access_log, safe_count
from concerto.registrations import permissions
from concerto.registrations.models import (
    OPEN_STATUSES,
    PLACE_TAKING_STATUSES,
    Application,
    ApplicationStatus,
    PrisonRequest,
    RefusalReason,
)
from concerto.registrations.permissions import PARTICIPANT_STATUSES

S = ApplicationStatus


class Places(NamedTuple):
    taken: int
    capacity: int
    free: int


def waiting_list_order() -> tuple[str, ...]:
    """The order of the waiting list: higher priority first, then earlier application, then first recorded."""
    return ("-priority", "applied_on", "pk")


def edition_places(edition: Edition) -> Places:
    """Places taken, capacity and places free, counted now from the applications' rows."""
    taken = Application.objects.filter(edition_id=edition.pk, status__in=PLACE_TAKING_STATUSES).count()
    return Places(taken=taken, capacity=edition.capacity, free=max(edition.capacity - taken, 0))


def _with_people(queryset: QuerySet[Application]) -> QuerySet[Application]:
    return queryset.select_related(
        "detainee__unit", "edition__activity", "refusal_reason", "recorded_for", "referred_by", "recorded_by"
    )


def application_list(*, actor: Actor, edition: Edition | None = None) -> QuerySet[Application]:
    """The full application records ``actor`` may read (of one edition if given)."""
    # The rule reads the application's own columns (no join that could repeat a row), so it
    # filters the list directly: PostgreSQL picks the visible rows by index before sorting.
    queryset = Application.objects.filter(permissions.application_visibility(actor))
    if edition is not None:
        queryset = queryset.filter(edition_id=edition.pk)
    return _with_people(queryset).prefetch_related("prison_requests").order_by(*waiting_list_order())


def application_get(*, actor: Actor, pk: int) -> Application:
    """One application, or 404 when it does not exist or ``actor`` may not read its full record."""
    visible = Application.objects.filter(permissions.application_visibility(actor)).values("pk")
    return get_object_or_404(
        _with_people(Application.objects.filter(pk__in=visible)).prefetch_related(
            "prison_requests", "detainee__languages_read", "detainee__languages_spoken"
        ),
        pk=pk,
    )


def waiting_list(*, actor: Actor, edition: Edition) -> QuerySet[Application]:
    """The edition's waiting list in its order (priority, then date), as far as ``actor`` may read it."""
    return application_list(actor=actor, edition=edition).filter(status=S.WAITING_LIST).order_by(*waiting_list_order())


def participants(*, actor: Actor, edition: Edition) -> QuerySet[Application]:
    """The people in the edition's group (confirmed, taking part, completed) ``actor`` may see.

    Prison staff of the edition's prison and the edition's facilitators see them too; show
    facilitators ``detainee.short_name`` only (see ``detainees.permissions.sees_full_identity``).
    """
    visible = Application.objects.filter(
        permissions.participant_visibility(actor), edition_id=edition.pk, status__in=PARTICIPANT_STATUSES
    ).values("pk")
    return (
        Application.objects.filter(pk__in=visible)
        .select_related("detainee__unit")
        .order_by("detainee__last_name", "detainee__first_name", "pk")
    )


def participant_list(*, actor: Actor) -> QuerySet[Application]:
    """Participants of every edition ``actor`` may see the group of (for the API)."""
    visible = Application.objects.filter(
        permissions.participant_visibility(actor), status__in=PARTICIPANT_STATUSES
    ).values("pk")
    return (
        Application.objects.filter(pk__in=visible)
        .select_related("detainee__unit", "edition")
        .order_by("edition_id", "detainee__last_name", "detainee__first_name", "pk")
    )


def status_counts(edition: Edition) -> dict[str, int]:
    """Applications of the edition per status (every status present, zeros included)."""
    counts = dict.fromkeys(S.values, 0)
    rows = Application.objects.filter(edition_id=edition.pk).values("status").annotate(n=Count("pk"))
    for row in rows:
        counts[row["status"]] = row["n"]
    return counts


@dataclass
class StatusCount:
    status: str
    label: str
    count: int | None  # None: fewer than the minimum count, shown as such

    @property
    def takes_a_place(self) -> bool:
        return self.status in PLACE_TAKING_STATUSES


@dataclass
class RegistrationsOverview:
    edition: Edition
    places: Places
    counts: list[StatusCount]
    sees_applications: bool  # full records of at least some applications
    may_manage: bool
    may_record: bool
    counts_are_exact: bool


def edition_overview(*, actor: Actor, edition: Edition) -> RegistrationsOverview:
    """Places and applications per status of one edition.

    Those who manage the edition's registrations see exact counts; everyone else sees
    statistics, where a count under the minimum (5) is hidden (``privacy.safe_count``).
    """
    may_manage = permissions.can_manage_registrations(actor, edition)
    exact = may_manage
    counts = [
        StatusCount(status=status, label=str(S(status).label), count=n if exact else safe_count(n))
        for status, n in status_counts(edition).items()
    ]
    return RegistrationsOverview(
        edition=edition,
        places=edition_places(edition),
        counts=counts,
        sees_applications=permissions.sees_applications(actor),
        may_manage=may_manage,
        may_record=permissions.can_record_application(actor, edition)
        and edition.activity.status == ActivityStatus.PUBLISHED,
        counts_are_exact=exact,
    )


def prison_request_list(*, actor: Actor) -> QuerySet[PrisonRequest]:
    """Requests to the prison of the applications ``actor`` may read."""
    visible = Application.objects.filter(permissions.application_visibility(actor)).values("pk")
    return (
        PrisonRequest.objects.filter(application_id__in=visible)
        .select_related("application")
        .order_by("application_id", "kind")
    )


def prison_request_get(*, actor: Actor, pk: int) -> PrisonRequest:
    return get_object_or_404(prison_request_list(actor=actor), pk=pk)


def refusal_reasons() -> QuerySet[RefusalReason]:
    return RefusalReason.objects.all()


def choosable_people(*, actor: Actor) -> QuerySet[Detainee]:
    """Everyone ``actor`` may choose in an application form: the people they follow, and those
    they may register (``detainees.permissions.registrable_visibility``); present, not anonymised.

    This validates a choice; it is never listed: the forms list only what a search found.
    """
    visible = Detainee.objects.filter(detainee_visibility(actor) | registrable_visibility(actor)).values("pk")
    return (
        Detainee.objects.filter(pk__in=visible, presence=PresenceStatus.PRESENT, anonymised_at__isnull=True)
        .select_related("unit", "prison")
        .order_by("last_name", "first_name", "pk")
    )


def eligible_detainees(*, actor: Actor, edition: Edition) -> QuerySet[Detainee]:
    """People ``actor`` may choose for ``edition``: in its prison, present, not anonymised (``choosable_people``)."""
    return choosable_people(actor=actor).filter(prison_id=edition.prison_id)


def detainee_search(*, actor: Actor, edition: Edition, text: str, limit: int = 20) -> list[Detainee]:
    """Among the people ``actor`` follows in the edition's prison: by prison number (exact) or words of their names."""
    followed = applicable_people(actor=actor).filter(prison_id=edition.prison_id)
    return people_search(people=followed, text=text, limit=limit)


# Finding someone the service does not follow yet, to register them: narrow on purpose, so the
# search cannot page through a prison's list (see docs/detainees.md, "Finding someone new").
REGISTER_SEARCH_LIMIT = 10
REGISTER_SEARCH_MIN_LETTERS = 3


@dataclass
class RegisterSearch:
    """People not followed yet that a search found (a short match each), or why it found nobody."""

    people: list[Detainee]
    too_short: bool = False  # neither an exact prison number nor a name of at least three letters


def search_to_register(
    *, actor: Actor, text: str, prison_id: int | None = None, limit: int = REGISTER_SEARCH_LIMIT
) -> RegisterSearch:
    """People ``actor`` may register but does not follow yet: the exact prison number, or names
    holding every word when one word has at least three letters; at most ``limit`` of them.

    Show them as a short match (``Detainee.identity``: name, prison number, unit), never their legal
    status, languages or release date, and log them with the purpose "search to register".
    """
    text = " ".join(text.split())
    if not text:
        return RegisterSearch(people=[])
    followed = Detainee.objects.filter(detainee_visibility(actor)).values("pk")
    candidates = Detainee.objects.filter(
        registrable_visibility(actor), presence=PresenceStatus.PRESENT, anonymised_at__isnull=True
    ).exclude(pk__in=followed)
    if prison_id is not None:
        candidates = candidates.filter(prison_id=prison_id)
    candidates = candidates.select_related("unit").order_by("last_name", "first_name", "pk")
    exact = list(candidates.filter(prison_number__iexact=text)[:1])
    if exact:
        return RegisterSearch(people=exact)
    words = text.split()[:4]
    if not any(sum(char.isalpha() for char in word) >= REGISTER_SEARCH_MIN_LETTERS for word in words):
        return RegisterSearch(people=[], too_short=True)
    for word in words:
        candidates = candidates.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return RegisterSearch(people=list(candidates[:limit]))


def log_search_to_register(*, actor: Actor, people: Iterable[Detainee], detail: str) -> None:
    """One access-log entry naming the people a search to register showed (nothing when it showed nobody)."""
    access_log(
        actor=actor, action=AccessAction.VIEW, purpose=AccessPurpose.SEARCH_TO_REGISTER, subjects=people, detail=detail
    )


def log_chosen_to_register(*, actor: Actor, detainee: Detainee, detail: str) -> None:
    """Choosing someone not followed yet in an application form opens their record: logged with that purpose."""
    access_log(
        actor=actor, action=AccessAction.VIEW, purpose=AccessPurpose.REGISTRATION, subject=detainee, detail=detail
    )


def is_followed(*, actor: Actor, detainee: Detainee) -> bool:
    """Whether ``actor`` may read ``detainee`` in full already (their service follows them, or another role)."""
    return Detainee.objects.filter(detainee_visibility(actor), pk=detainee.pk).exists()


def log_read(
    *,
    actor: Actor,
    applications: Iterable[Application],
    purpose: str = AccessPurpose.REGISTRATION,
    action: str = AccessAction.VIEW,
    detail: str = "",
) -> None:
    """Record that ``actor`` saw these applications' people (one access row per person)."""
    people = {a.detainee_id: Detainee(pk=a.detainee_id) for a in applications}
    if people:
        access_log(actor=actor, action=action, purpose=purpose, subjects=people.values(), detail=detail)


# --- For the home pages (bounded lists of work to do) --------------------------------------

# Applications that wait for the managers: screening to start, or a decision after it.
TO_SCREEN_STATUSES = (S.APPLIED, S.IN_SCREENING)
# An offer counts as about to expire when its deadline is this close.
OFFER_EXPIRY_WARNING = dt.timedelta(days=2)


def applications_to_screen(*, actor: Actor) -> QuerySet[Application]:
    """Applications to screen or decide in the editions ``actor``'s services manage, oldest first."""
    return (
        Application.objects.filter(edition_id__in=permissions.managed_edition_ids(actor), status__in=TO_SCREEN_STATUSES)
        .select_related("detainee__unit", "edition__activity")
        .order_by("applied_on", "pk")
    )


def offers_expiring(*, actor: Actor, within: dt.timedelta = OFFER_EXPIRY_WARNING) -> QuerySet[Application]:
    """Places offered whose answer is due within ``within`` (or overdue), among the service staff's applications."""
    if not actor.is_service_staff:
        return Application.objects.none()
    return (
        Application.objects.filter(
            permissions.application_visibility(actor),
            status=S.OFFERED,
            offer_expires_at__lte=timezone.now() + within,
        )
        .select_related("detainee__unit", "edition__activity")
        .order_by("offer_expires_at", "pk")
    )


def waiting_lists_that_can_move(*, actor: Actor) -> QuerySet[Edition]:
    """Editions ``actor``'s services manage, not over, with a free place and people waiting.

    Each carries ``waiting`` and ``places_free``, counted live from the applications.
    """
    taking = Q(applications__status__in=PLACE_TAKING_STATUSES)
    return (
        Edition.objects.filter(pk__in=permissions.managed_edition_ids(actor), ends_on__gte=timezone.localdate())
        .select_related("activity", "prison")
        .annotate(
            waiting=Count("applications", filter=Q(applications__status=S.WAITING_LIST)),
            places_taken=Count("applications", filter=taking),
        )
        .annotate(places_free=F("capacity") - F("places_taken"))
        .filter(waiting__gt=0, places_free__gt=0)
        .order_by("starts_on", "pk")
    )


def prison_requests_waiting(*, actor: Actor) -> QuerySet[PrisonRequest]:
    """Requests (clearance, movement permission) still unanswered, for the prison staff of the edition's prison.

    Only requests of applications still open; prison staff see the people of their prison anyway.
    """
    if not actor.is_prison_staff:
        return PrisonRequest.objects.none()
    return (
        PrisonRequest.objects.filter(
            status=PrisonRequest.Status.REQUESTED,
            application__edition__prison_id__in=actor.staff_prison_ids,
            application__status__in=OPEN_STATUSES,
        )
        .select_related("application__detainee__unit", "application__edition__activity")
        .order_by("requested_on", "pk")
    )


# --- Positions, the registrations entry page and a person's page ---------------------------------


def waiting_list_positions(edition_ids: Iterable[int]) -> dict[int, int]:
    """Each waiting application's place on its edition's waiting list (1 is the next offered), by id.

    One query for all the editions given, whoever reads: a position is not personal data of others.
    """
    positions: dict[int, int] = {}
    counters: dict[int, int] = {}
    rows = (
        Application.objects.filter(edition_id__in=sorted(set(edition_ids)), status=S.WAITING_LIST)
        .order_by("edition_id", *waiting_list_order())
        .values_list("edition_id", "pk")
    )
    for edition_id, pk in rows:
        counters[edition_id] = counters.get(edition_id, 0) + 1
        positions[pk] = counters[edition_id]
    return positions


def waiting_list_position(application: Application) -> int | None:
    """The application's place on the waiting list, or None when it is not waiting."""
    if application.status != S.WAITING_LIST:
        return None
    return waiting_list_positions([application.edition_id]).get(application.pk)


def open_editions(*, actor: Actor, prison_id: int | None = None) -> QuerySet[Edition]:
    """Editions that take applications now (published, not ended) that ``actor`` may read, soonest first."""
    visible = Edition.objects.filter(edition_visibility(actor)).values("pk")
    queryset = Edition.objects.filter(
        pk__in=visible, activity__status=ActivityStatus.PUBLISHED, ends_on__gte=timezone.localdate()
    )
    if prison_id is not None:
        queryset = queryset.filter(prison_id=prison_id)
    return queryset.select_related("activity", "prison").order_by("starts_on", "activity__title_fr", "pk")


def edition_by_code(*, actor: Actor, text: str) -> Edition | None:
    """The open edition whose printed code (catalogue/codes.py) ``text`` is, or None (wrong code, closed, unseen).

    The code comes from a flyer's slip; a wrong check character is refused rather than guessed.
    """
    pk = edition_pk_from_code(text)
    return open_editions(actor=actor).filter(pk=pk).first() if pk is not None else None


def edition_search(*, actor: Actor, text: str, limit: int = 10) -> list[Edition]:
    """Open editions whose activity title (in any language) holds every word of ``text``."""
    words = " ".join(text.split()).split()[:4]
    if not words:
        return []
    queryset = open_editions(actor=actor)
    for word in words:
        queryset = queryset.filter(
            Q(activity__title_fr__icontains=word)
            | Q(activity__title_nl__icontains=word)
            | Q(activity__title_en__icontains=word)
        )
    return list(queryset[:limit])


def applicable_people(*, actor: Actor) -> QuerySet[Detainee]:
    """People ``actor`` follows (may read in full) who may apply somewhere: present and not anonymised."""
    visible = Detainee.objects.filter(detainee_visibility(actor)).values("pk")
    return (
        Detainee.objects.filter(pk__in=visible, presence=PresenceStatus.PRESENT, anonymised_at__isnull=True)
        .select_related("unit", "prison")
        .order_by("last_name", "first_name", "pk")
    )


def people_search(*, people: QuerySet[Detainee], text: str, limit: int = 20) -> list[Detainee]:
    """Among ``people``: the one with this prison number (exact), else those whose names hold every word."""
    text = " ".join(text.split())
    if not text:
        return []
    exact = list(people.filter(prison_number__iexact=text)[:1])
    if exact:
        return exact
    queryset = people
    for word in text.split()[:4]:
        queryset = queryset.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return list(queryset[:limit])


@dataclass
class PersonApplication:
    """One of a person's applications as the reader may see it."""

    application: Application
    full_record: bool  # the reader may open the application page
    waiting_position: int | None


def person_applications(*, actor: Actor, detainee: Detainee) -> list[PersonApplication]:
    """The person's applications ``actor`` may see (full records, or participations), newest edition first.

    Services see the applications of their own editions and those recorded for them; prison
    staff and facilitators, the participations they may see (``permissions.participant_visibility``).
    """
    visible = Application.objects.filter(permissions.participant_visibility(actor), detainee_id=detainee.pk).values(
        "pk"
    )
    full = set(
        Application.objects.filter(permissions.application_visibility(actor), detainee_id=detainee.pk).values_list(
            "pk", flat=True
        )
    )
    applications = list(
        Application.objects.filter(pk__in=visible)
        .select_related("edition__activity", "edition__prison", "refusal_reason")
        .order_by("-edition__starts_on", "-pk")
    )
    waiting = [a.edition_id for a in applications if a.status == S.WAITING_LIST and a.pk in full]
    positions = waiting_list_positions(waiting) if waiting else {}
    return [
        PersonApplication(application=a, full_record=a.pk in full, waiting_position=positions.get(a.pk))
        for a in applications
    ]
