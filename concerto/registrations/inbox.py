"""The requests to the prison that registrations make (security clearance, movement permission),
as the prison's inbox lists and answers them (see ``concerto/inbox/sources.py``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concerto.accounts.permissions import Actor
from concerto.core.translation import localised
from concerto.inbox.sources import InboxItem, InboxState
from concerto.registrations import services
from concerto.registrations.models import OPEN_STATUSES, PrisonRequest

STATES = {
    PrisonRequest.Status.REQUESTED: InboxState.WAITING,
    PrisonRequest.Status.GRANTED: InboxState.APPROVED,
    PrisonRequest.Status.DENIED: InboxState.REFUSED,
}


def _item(request: PrisonRequest) -> InboxItem:
    application = request.application
    edition = application.edition
    person = application.detainee
    about = _("%(activity)s, from %(start)s") % {
        "activity": localised(edition.activity, "title").text,
        "start": date_format(edition.starts_on, "SHORT_DATE_FORMAT"),
    }
    unit = localised(person.unit, "name").text if person.unit else "—"
    return InboxItem(
        source=SOURCE.key,
        pk=request.pk,
        kind=str(request.get_kind_display()),
        prison_id=edition.prison_id,
        prison=localised(edition.prison, "name").text,
        organisation_id=edition.activity.organiser_id,
        organisation=edition.activity.organiser.name,
        about=about,
        requested_on=request.requested_on,
        due_on=request.due_on or services.prison_answer_due(edition, request.requested_on),
        state=STATES[PrisonRequest.Status(request.status)],
        answered_on=request.answered_on,
        reason=request.answer_reason,
        person=f"{person.listed_name} ({person.prison_number}, {unit})",
        link=reverse("registrations:application_detail", args=[application.pk]),
        subject_ids=(person.pk,),
    )


class PrisonRequestSource:
    key = "participant"
    label = gettext_lazy("Clearance and movement of participants")

    def _rows(self):  # type: ignore[no-untyped-def]
        return PrisonRequest.objects.select_related(
            "application__detainee__unit",
            "application__edition__prison",
            "application__edition__activity__organiser",
        )

    def items(
        self, *, prison_ids: Iterable[int] | None, organisation_ids: Iterable[int] | None, waiting_only: bool
    ) -> list[InboxItem]:
        rows = self._rows()
        if prison_ids is not None:
            rows = rows.filter(application__edition__prison_id__in=list(prison_ids))
        if organisation_ids is not None:
            rows = rows.filter(application__edition__activity__organiser_id__in=list(organisation_ids))
        if waiting_only:
            # A request for someone whose application closed meanwhile needs no answer any more.
            rows = rows.filter(status=PrisonRequest.Status.REQUESTED, application__status__in=OPEN_STATUSES)
        return [_item(row) for row in rows.order_by("requested_on", "pk")]

    def get(self, pk: int) -> InboxItem | None:
        row = self._rows().filter(pk=pk).first()
        return _item(row) if row else None

    def prison_of(self, pk: int) -> int | None:
        return PrisonRequest.objects.filter(pk=pk).values_list("application__edition__prison_id", flat=True).first()

    def decide(self, *, actor: Actor, pk: int, approve: bool, reason: str) -> InboxItem:
        request = services.prison_request_decide(
            actor=actor, request=PrisonRequest(pk=pk), approve=approve, reason=reason
        )
        return _item(self._rows().get(pk=request.pk))


SOURCE = PrisonRequestSource()
