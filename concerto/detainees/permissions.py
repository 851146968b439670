"""Who may read detainee data, and how much of it. The rules are written here once.

- Administrators: every detainee (to fix mistakes), but no service's notes.
- Service managers and workers: **need to know**. They list and read in full only the people
  their service follows (``followed_by_service``): an application recorded for, referred by or
  to an edition of their service (organiser or partner), a feedback interview of their service,
  or a note of their service. Working in a prison does not open its whole list: to register
  someone not followed yet, they *find* them in the prisons where their service works
  (``registrable_visibility``: exact prison number, or a name of at least three letters; a short
  match, logged as a search to register) and choose them in the application form, which is
  logged with that purpose; once the application exists, the service follows them. They create
  and correct detainees in those prisons by hand, and read and write the notes of their own
  service only (professional secrecy).
- Prison staff: the detainees of their prison (names, number, unit: they know them already);
  they may import their prison's list, but write nothing else here.
- Partner facilitators: only their own participants (a place-taking application to an
  edition they facilitate), and only first name, initial and unit.
- Coordinators without a service role: no personal data at all, only statistics.

Service managers may import the list of the prisons where their service works; prison staff
that of their prison; administrators any prison's. An import stalled (its worker died) may be
marked as failed by its uploader, the managers of the uploader's organisations and
administrators.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from concerto.accounts.models import Membership
from concerto.accounts.permissions import Actor
from concerto.attendance.models import FeedbackInterview
from concerto.catalogue.models import Edition
from concerto.detainees.models import DetaineeImport, DetaineeNote
from concerto.prisons.models import Prison
from concerto.registrations.models import PLACE_TAKING_STATUSES, Application


def service_prison_ids(organisation_ids: frozenset[int]) -> QuerySet[Edition, int]:
    """The prisons where these organisations work: they organise or partner an edition there."""
    return (
        Edition.objects.filter(
            Q(activity__organiser_id__in=organisation_ids) | Q(activity__partners__in=organisation_ids)
        )
        .order_by()  # the default ordering would make DISTINCT keep one row per edition
        .values_list("prison_id", flat=True)
        .distinct()
    )


def followed_by_service(organisation_ids: frozenset[int] | set[int]) -> Q:
    """A filter on Detainee: the people these services follow, and so may read in full (need to know).

    A service follows a person with an application recorded for it, referred by it, or to an
    edition of an activity it organises or partners; with a feedback interview it holds; or with
    a note it wrote. Each condition is a subquery on indexed columns (no join: nobody is listed
    twice). Later kinds of follow-up (referrals, release plans) add their condition here, so
    every page, the API, the exports and the searches keep one rule.
    """
    organisations = sorted(organisation_ids)
    if not organisations:
        return Q(pk__in=[])
    editions = Edition.objects.filter(
        Q(activity__organiser_id__in=organisations) | Q(activity__partners__in=organisations)
    ).values("pk")
    applications = Application.objects.filter(
        Q(recorded_for_id__in=organisations) | Q(referred_by_id__in=organisations) | Q(edition_id__in=editions)
    ).values("detainee_id")
    interviews = FeedbackInterview.objects.filter(organisation_id__in=organisations).values("application__detainee_id")
    notes = DetaineeNote.objects.filter(organisation_id__in=organisations).values("detainee_id")
    return Q(pk__in=applications) | Q(pk__in=interviews) | Q(pk__in=notes)


def detainee_visibility(actor: Actor) -> Q:
    """A filter on Detainee keeping the people ``actor`` may list and read in full."""
    if not actor.is_authenticated:
        return Q(pk__in=[])
    if actor.is_admin:
        return Q()
    visible = Q(pk__in=[])
    if actor.is_service_staff:
        visible |= followed_by_service(actor.service_organisation_ids)
    if actor.is_prison_staff:
        visible |= Q(prison_id__in=actor.staff_prison_ids)
    if actor.is_partner_facilitator and actor.user_id is not None:
        visible |= Q(
            pk__in=Application.objects.filter(
                edition__facilitators__id=actor.user_id, status__in=PLACE_TAKING_STATUSES
            ).values("detainee_id")
        )
    return visible


def registrable_visibility(actor: Actor) -> Q:
    """A filter on Detainee: the people ``actor`` may *find and choose* to register an application.

    Service staff: anyone in a prison where their service works, found only by the narrow search
    (``registrations.selectors.search_to_register``, which keeps those present) and shown as a
    short match; this filter never lists anyone by itself. Administrators: anyone. Nobody else
    records applications. Whether the person may still apply (present, not anonymised, in the
    edition's prison) is the registration service's rule, with its own messages.
    """
    if not actor.is_authenticated:
        return Q(pk__in=[])
    if actor.is_admin:
        return Q()
    if not actor.is_service_staff:
        return Q(pk__in=[])
    # The prisons are read first (a handful of ids), so the condition is on an indexed column.
    return Q(prison_id__in=sorted(service_prison_ids(actor.service_organisation_ids)))


def can_read_detainees(actor: Actor) -> bool:
    """Whether the detainee pages open at all (what they list is then scoped by visibility)."""
    return actor.is_admin or actor.is_service_staff or actor.is_prison_staff or actor.is_partner_facilitator


def sees_full_identity(actor: Actor) -> bool:
    """Full name and prison number; partner facilitators see first name and initial only."""
    return actor.is_admin or actor.is_service_staff or actor.is_prison_staff


def manageable_prisons(actor: Actor) -> QuerySet[Prison]:
    """Prisons where ``actor`` may create and correct detainees by hand."""
    if actor.is_admin:
        return Prison.objects.filter(is_active=True)
    if actor.is_service_staff:
        return Prison.objects.filter(is_active=True, pk__in=service_prison_ids(actor.service_organisation_ids))
    return Prison.objects.none()


def can_manage_detainees(actor: Actor) -> bool:
    return actor.is_admin or (actor.is_service_staff and manageable_prisons(actor).exists())


def can_manage_detainee_in(actor: Actor, prison_id: int) -> bool:
    return manageable_prisons(actor).filter(pk=prison_id).exists()


def import_prisons(actor: Actor) -> QuerySet[Prison]:
    """Prisons whose list ``actor`` may import (and whose imports they may follow)."""
    if actor.is_admin:
        return Prison.objects.filter(is_active=True)
    allowed = Q(pk__in=actor.staff_prison_ids)
    if actor.managed_organisation_ids:
        allowed |= Q(pk__in=service_prison_ids(actor.managed_organisation_ids))
    return Prison.objects.filter(allowed, is_active=True)


def can_import_prison_list(actor: Actor, prison: Prison | None = None) -> bool:
    """Any prison (``prison`` None: may the import pages open?) or that one."""
    if not actor.is_authenticated:
        return False
    if not (actor.is_admin or actor.is_prison_staff or actor.managed_organisation_ids):
        return False
    prisons = import_prisons(actor)
    return prisons.filter(pk=prison.pk).exists() if prison is not None else prisons.exists()


def can_mark_import_failed(actor: Actor, detainee_import: DetaineeImport) -> bool:
    """Who may stop a stalled import by hand: whoever may import that prison's list and is an
    administrator, its uploader, or a manager of one of the uploader's organisations."""
    if not can_import_prison_list(actor, detainee_import.prison):
        return False
    if actor.is_admin or (actor.user_id is not None and actor.user_id == detainee_import.uploaded_by_id):
        return True
    if detainee_import.uploaded_by_id is None or not actor.managed_organisation_ids:
        return False
    return Membership.objects.filter(
        user_id=detainee_import.uploaded_by_id, is_active=True, organisation_id__in=actor.managed_organisation_ids
    ).exists()


def note_visibility(actor: Actor) -> Q:
    """A filter on DetaineeNote: only the notes of the actor's own services (not even administrators')."""
    return Q(organisation_id__in=actor.service_organisation_ids)


def can_write_notes(actor: Actor) -> bool:
    return actor.is_service_staff
