"""Registration pages. Views parse input, call a selector or a service, log reads of personal data, render."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from concerto.accounts.permissions import Actor, actor_for
from concerto.catalogue import selectors as catalogue_selectors
from concerto.catalogue.codes import looks_like_code
from concerto.core.forms import add_service_errors
from concerto.detainees.permissions import sees_full_identity
from concerto.privacy.models import AccessAction, AccessPurpose
from concerto.privacy.services import access_log
from concerto.registrations import permissions, selectors, services
from concerto.registrations.forms import (
    ApplicationForm,
    DecisionForm,
    DetaineeSearchForm,
    MoveForm,
    PrisonRequestForm,
    ScreeningForm,
    SlipForm,
)
from concerto.registrations.models import (
    APPLICATION_TRANSITIONS,
    TAKES_A_PLACE,
    Application,
    ApplicationStatus,
    EditionScreening,
    PrisonRequest,
)
from concerto.registrations.screening import Check, screening_checks_for, worst_outcome
from concerto.registrations.wording import outcome_message

S = ApplicationStatus
DECIDABLE = (S.APPLIED, S.IN_SCREENING)


@dataclass
class Row:
    application: Application
    checks: list[Check]

    @property
    def outcome(self) -> str:
        return worst_outcome(self.checks)


def _back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(default)


def _error_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# Each button of the application page names one action (the status it leads to, said as a verb).
MOVE_ACTIONS: dict[str, Any] = {
    S.IN_SCREENING: gettext_lazy("Start screening"),
    S.ACCEPTED: gettext_lazy("Accept without offering a place yet"),
    S.OFFERED: gettext_lazy("Offer a place"),
    S.CONFIRMED: gettext_lazy("Confirm the place"),
    S.ACTIVE: gettext_lazy("Mark as taking part"),
    S.COMPLETED: gettext_lazy("Mark as completed"),
    S.WAITING_LIST: gettext_lazy("Put on the waiting list"),
    S.REFUSED: gettext_lazy("Refuse"),
    S.WITHDRAWN: gettext_lazy("Record a withdrawal"),
    S.DROPPED_OUT: gettext_lazy("Record a dropout"),
    S.TRANSFERRED: gettext_lazy("Record a transfer"),
    S.RELEASED: gettext_lazy("Record a release"),
}
# While screening, these moves are the decision's buttons (accept, waiting list, refuse).
DECIDED_BY_SCREENING = frozenset({S.IN_SCREENING, S.ACCEPTED, S.WAITING_LIST, S.REFUSED})


@dataclass
class Action:
    endpoint: str  # "decide" or "move"
    name: str  # the button's field: "decision" or "to_status"
    value: str
    label: str
    style: str = ""


def _actions_for(actor: Actor, application: Application, *, deciding: bool) -> list[Action]:
    """The buttons of the one status form: the screening decision first (when due), then the moves."""
    actions: list[Action] = []
    if deciding:
        actions += [
            Action("decide", "decision", "accept", _("Accept"), "primary"),
            Action("decide", "decision", "waiting_list", _("Put on the waiting list")),
            Action("decide", "decision", "refuse", _("Refuse"), "danger"),
        ]
    for status, _label in _moves_for(actor, application):
        if deciding and status in DECIDED_BY_SCREENING:
            continue
        style = "danger" if status == S.REFUSED else ""
        actions.append(Action("move", "to_status", status, str(MOVE_ACTIONS[status]), style))
    return actions


def _moves_for(actor: Actor, application: Application) -> list[tuple[str, str]]:
    allowed = APPLICATION_TRANSITIONS[application.status]
    return [
        (status, str(label))
        for status, label in S.choices
        if status in allowed and permissions.can_move_application(actor, application, status)
    ]


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


# The fields of a paper slip, as application_create takes them.
SLIP_FIELDS = ("detainee", "edition", "source", "applied_on", "referred_by", "recorded_for", "priority")


def _slip(data: dict[str, Any], **given: Any) -> dict[str, Any]:
    """A slip form's cleaned data as ``services.application_record``'s fields (``given`` wins)."""
    return {name: data[name] for name in SLIP_FIELDS if name in data} | given


def _log_people_found(actor: Actor, *, followed: list[Any], new: list[Any], detail: str) -> None:
    """The people a search showed: those followed as a registration read, the others as a search to register."""
    if followed:
        access_log(
            actor=actor, action=AccessAction.VIEW, purpose=AccessPurpose.REGISTRATION, subjects=followed, detail=detail
        )
    selectors.log_search_to_register(actor=actor, people=new, detail=detail)


@login_required
def registrations_start(request: HttpRequest) -> HttpResponse:
    """Find a person or an edition, then record a slip in one form (pre-filled from ?detainee= or ?edition=).

    The search also takes an edition's printed code (from a flyer's slip): when nobody matches it
    and it is the code of an open edition, the page sends the worker to that edition's application
    form; a code-shaped search that matches nothing says the code is wrong.
    """
    actor = actor_for(request.user)
    actor.require(permissions.can_record_application(actor), _("Only the staff of a service record applications."))
    source = request.POST if request.method == "POST" else request.GET
    text = source.get("q", "").strip()[:100]
    choosable = selectors.choosable_people(actor=actor)
    # The people the service follows, found by any words; then, narrowly, those it may register.
    shown = selectors.people_search(people=selectors.applicable_people(actor=actor), text=text)
    found_new = selectors.search_to_register(actor=actor, text=text)
    chosen_id = _int(source.get("detainee"))
    chosen = choosable.filter(pk=chosen_id).first() if chosen_id else None
    chosen_is_new = chosen is not None and not selectors.is_followed(actor=actor, detainee=chosen)
    new_people = [d for d in found_new.people if d != chosen]
    if chosen is not None and chosen not in shown:
        shown = [chosen, *shown]
    candidates = [*shown, *new_people]
    found_editions = selectors.edition_search(actor=actor, text=text) if text and chosen is None else []
    code_error = ""
    if text and chosen is None and not candidates and request.method == "GET":
        # The code printed next to the ticked activity on a flyer's slip: straight to that edition's form.
        by_code = selectors.edition_by_code(actor=actor, text=text)
        if by_code is not None:
            return redirect("registrations:application_create", edition_pk=by_code.pk)
        if looks_like_code(text) and not found_editions:
            code_error = _(
                "No open edition has the code “%(code)s”. Check the code next to the ticked box on the slip; "
                "nothing was recorded."
            ) % {"code": text}
    prison_id = chosen.prison_id if chosen is not None else (candidates[0].prison_id if len(candidates) == 1 else None)
    editions = selectors.open_editions(actor=actor, prison_id=prison_id)
    initial: dict[str, Any] = {}
    edition_id = _int(source.get("edition"))
    if edition_id and editions.filter(pk=edition_id).exists():
        initial["edition"] = edition_id
    if chosen is not None:
        initial["detainee"] = chosen.pk
    followed = [d for d in shown if not (chosen_is_new and d == chosen)]
    _log_people_found(actor, followed=followed, new=new_people, detail="registrations entry page")
    if chosen is not None and chosen_is_new:
        selectors.log_chosen_to_register(actor=actor, detainee=chosen, detail="chosen to register, not followed yet")
    form = SlipForm(
        request.POST if request.method == "POST" else None,
        actor=actor,
        eligible=choosable,
        shown=candidates,
        not_followed={d.pk for d in new_people} | ({chosen.pk} if chosen is not None and chosen_is_new else set()),
        editions=editions,
        initial=initial,
    )
    accept = request.POST.get("then") == "accept"
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_record(actor=actor, accept=accept, **_slip(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _decision_message(application))
            return redirect("registrations:application_detail", pk=application.pk)
    return render(
        request,
        "registrations/start.html",
        {
            "form": form,
            "q": text,
            "people": candidates,
            "new_people": new_people,
            "too_short": found_new.too_short and not candidates,
            "chosen": chosen,
            "chosen_is_new": chosen_is_new,
            "found_editions": found_editions,
            "code_error": code_error,
            "editions_count": editions.count(),
        },
    )


@dataclass
class PlacesAtAGlance:
    capacity: int
    taken: int
    offered: int | None  # None: under the minimum count, for those who see statistics only
    free: int
    waiting: int | None


TO_DECIDE = (S.APPLIED, S.IN_SCREENING, S.ACCEPTED, S.OFFERED)
IN_THE_GROUP = (S.CONFIRMED, S.ACTIVE, S.COMPLETED)


@login_required
def edition_registrations(request: HttpRequest, edition_pk: int) -> HttpResponse:
    """Places at a glance, then who needs a decision, the participants, the waiting list, the rest."""
    actor = actor_for(request.user)
    edition = catalogue_selectors.edition_get(actor=actor, pk=edition_pk)
    actor.require(permissions.can_open_registrations(actor, edition))
    overview = selectors.edition_overview(actor=actor, edition=edition)
    applications = list(selectors.application_list(actor=actor, edition=edition))
    checks = screening_checks_for(applications)
    rows = [Row(application=a, checks=checks[a.pk]) for a in applications]

    def having(statuses: tuple[str, ...]) -> list[Row]:
        return [row for row in rows if row.application.status in statuses]

    to_decide = having(TO_DECIDE)
    waiting = having((S.WAITING_LIST,))
    participants = having(IN_THE_GROUP)
    counted = {count.status: count.count for count in overview.counts}
    group = [] if overview.sees_applications else list(selectors.participants(actor=actor, edition=edition))
    selectors.log_read(actor=actor, applications=[*applications, *group], detail=f"edition {edition.pk}")
    return render(
        request,
        "registrations/edition_registrations.html",
        {
            "edition": edition,
            "activity": edition.activity,
            "overview": overview,
            "places": PlacesAtAGlance(
                capacity=overview.places.capacity,
                taken=overview.places.taken,
                offered=counted.get(S.OFFERED, 0),
                free=overview.places.free,
                waiting=counted.get(S.WAITING_LIST, 0),
            ),
            "counts": [count for count in overview.counts if count.count != 0],
            "to_decide": to_decide,
            "to_decide_passing": sum(1 for row in to_decide if row.outcome == "pass"),
            "participants": participants,
            # Columns shown only when a row has something in them, to keep the page short.
            "participants_to_look_at": any(
                row.outcome != "pass"
                or any(r.status != PrisonRequest.Status.GRANTED for r in row.application.prison_requests.all())
                for row in participants
            ),
            "waiting": waiting,
            "waiting_notes": any(row.application.offer_lapsed_at for row in waiting),
            "closed": [
                row for row in rows if row.application.status not in (*TO_DECIDE, *IN_THE_GROUP, S.WAITING_LIST)
            ],
            "group": group,
            "full_identity": sees_full_identity(actor),
            "screening": services.screening_for(edition),
            "decidable": DECIDABLE,
        },
    )


@login_required
def application_create(request: HttpRequest, edition_pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    edition = catalogue_selectors.edition_get(actor=actor, pk=edition_pk)
    actor.require(permissions.can_record_application(actor, edition))
    text = request.POST.get("q", "") if request.method == "POST" else request.GET.get("q", "")
    search = DetaineeSearchForm(initial={"q": text})
    results = selectors.detainee_search(actor=actor, edition=edition, text=text)
    found_new = selectors.search_to_register(actor=actor, text=text, prison_id=edition.prison_id)
    new_people = [d for d in found_new.people if d not in results]
    eligible = selectors.eligible_detainees(actor=actor, edition=edition)
    chosen = request.POST.get("detainee", "")
    if chosen.isdigit() and all(str(d.pk) != chosen for d in [*results, *new_people]):
        for person in eligible.filter(pk=int(chosen)):
            if selectors.is_followed(actor=actor, detainee=person):
                results.append(person)
            else:
                new_people.append(person)
    _log_people_found(
        actor, followed=results, new=new_people, detail=f"search for an application to edition {edition.pk}"
    )
    form = ApplicationForm(
        request.POST or None,
        actor=actor,
        eligible=eligible,
        shown=[*results, *new_people],
        not_followed={d.pk for d in new_people},
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_record(actor=actor, **_slip(form.cleaned_data, edition=edition))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _decision_message(application))
            return redirect("registrations:application_detail", pk=application.pk)
    return render(
        request,
        "registrations/application_form.html",
        {
            "edition": edition,
            "activity": edition.activity,
            "search": search,
            "form": form,
            "q": text,
            "results": [*results, *new_people],
            "new_people": new_people,
            "too_short": found_new.too_short and not results,
        },
    )


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    application = selectors.application_get(actor=actor, pk=pk)
    edition = application.edition
    screening = services.screening_for(edition)
    may_manage = permissions.can_manage_registrations(actor, edition)
    deciding = may_manage and application.status in DECIDABLE
    decision_form = (
        DecisionForm(questions=screening.checklist, answers=application.checklist_answers) if deciding else None
    )
    actions = _actions_for(actor, application, deciding=deciding)
    refusing = any(action.value in ("refuse", S.REFUSED) for action in actions)
    history = [
        {
            "at": entry.history_date,
            "user": entry.history_user,
            "status": S(entry.status).label,
            "reason": entry.history_change_reason or "",
        }
        for entry in application.history.select_related("history_user").order_by("history_date", "history_id")
    ]
    selectors.log_read(actor=actor, applications=[application], detail=f"application {application.pk}")
    return render(
        request,
        "registrations/application_detail.html",
        {
            "application": application,
            "detainee": application.detainee,
            "edition": edition,
            "activity": edition.activity,
            "checks": services.screening_checks(application=application),
            "screening": screening,
            "may_manage": may_manage,
            "decision_form": decision_form,
            "actions": actions,
            "refusing": refusing,
            "status_form": MoveForm(),
            "prison_form": PrisonRequestForm() if may_manage else None,
            "prison_requests": list(application.prison_requests.all()),
            "history": history,
            "takes_a_place": TAKES_A_PLACE[application.status],
            "places": selectors.edition_places(edition),
        },
    )


@login_required
@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    application = selectors.application_get(actor=actor, pk=pk)
    actor.require(permissions.can_manage_registrations(actor, application.edition))
    screening = services.screening_for(application.edition)
    form = DecisionForm(request.POST, questions=screening.checklist)
    detail = application.get_absolute_url()
    if not form.is_valid():
        messages.error(request, _("This decision was not understood."))
        return _back(request, detail)
    data = form.cleaned_data
    try:
        result = services.application_decide(
            actor=actor,
            application=application,
            decision=data["decision"],
            refusal_reason=data["refusal_reason"],
            checklist_answers=form.checklist_answers(),
        )
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _decision_message(result))
    return _back(request, detail)


def _decision_message(application: Application) -> str:
    return outcome_message(application, position=selectors.waiting_list_position(application))


@login_required
@require_POST
def application_move(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    application = selectors.application_get(actor=actor, pk=pk)
    detail = application.get_absolute_url()
    # Every status is accepted here: the service refuses the moves the state machine forbids, in its words.
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This status change was not understood."))
        return _back(request, detail)
    data = form.cleaned_data
    try:
        moved = services.application_move(
            actor=actor,
            application=application,
            to_status=data["to_status"],
            reason=data["reason"],
            refusal_reason=data["refusal_reason"],
        )
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _decision_message(moved))
    return _back(request, detail)


@login_required
@require_POST
def prison_request_record(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    application = selectors.application_get(actor=actor, pk=pk)
    actor.require(permissions.can_manage_registrations(actor, application.edition))
    detail = application.get_absolute_url()
    form = PrisonRequestForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for message in errors:
                messages.error(request, f"{label}: {message}" if label else str(message))
        return _back(request, detail)
    data = form.cleaned_data
    try:
        services.prison_request_record(
            actor=actor,
            application=application,
            kind=data["kind"],
            status=data["status"],
            requested_on=data["requested_on"],
            answered_on=data["answered_on"],
        )
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("The request to the prison was saved."))
    return _back(request, detail)


@login_required
def screening_edit(request: HttpRequest, edition_pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    edition = catalogue_selectors.edition_get(actor=actor, pk=edition_pk)
    actor.require(permissions.can_manage_registrations(actor, edition))
    instance = EditionScreening.objects.filter(edition_id=edition.pk).first() or EditionScreening(edition=edition)
    form = ScreeningForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.edition_screening_update(
                actor=actor,
                edition=edition,
                target_groups=data["target_groups"],
                languages=data["languages"],
                language_required=data["language_required"],
                checklist=form.checklist(),
                requires_security_clearance=data["requires_security_clearance"],
                requires_movement_permission=data["requires_movement_permission"],
                auto_offer=data["auto_offer"],
                offer_response_days=data["offer_response_days"],
                dropout_after_absences=data["dropout_after_absences"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "checklist" in error.error_dict:
                error = ValidationError(
                    {("checklist_text" if k == "checklist" else k): v for k, v in error.error_dict.items()}
                )
            add_service_errors(form, error)
        else:
            messages.success(request, _("The screening criteria were saved."))
            return redirect("registrations:edition", edition_pk=edition.pk)
    return render(
        request,
        "registrations/screening_form.html",
        {"edition": edition, "activity": edition.activity, "form": form, "units": edition.units.all()},
    )
