"""Catalogue pages. Views parse input, call a selector or service, and render."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from concerto.accounts.permissions import actor_for
from concerto.catalogue import permissions, selectors, services
from concerto.catalogue.forms import (
    ActivityForm,
    CancelSessionForm,
    CatalogueFilterForm,
    EditionForm,
    SessionForm,
    StatusChangeForm,
)
from concerto.catalogue.models import ACTIVITY_TRANSITIONS, ActivityStatus
from concerto.catalogue.scheduling import aware
from concerto.core.forms import add_service_errors
from concerto.core.history import history_of
from concerto.core.pagination import paginate
from concerto.prisons.models import Prison, Unit


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = CatalogueFilterForm(request.GET or None)
    filters = selectors.CatalogueFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.CatalogueFilters(
            text=data["q"],
            prison=data["prison"].pk if data["prison"] else None,
            unit=data["unit"].pk if data["unit"] else None,
            target_group=data["target_group"].pk if data["target_group"] else None,
            category=data["category"].pk if data["category"] else None,
            language=data["language"].pk if data["language"] else None,
            organisation=data["organisation"].pk if data["organisation"] else None,
            period_start=data["period_start"],
            period_end=data["period_end"],
            status=data["status"],
        )
    context = {
        "form": form,
        **paginate(
            request, selectors.activity_list(actor=actor, filters=filters), settings.CONCERTO_CATALOGUE_PAGE_SIZE
        ),
        "can_create": permissions.can_create_activity(actor),
    }
    template = "catalogue/_activity_results.html" if request.htmx else "catalogue/activity_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    activity = selectors.activity_get(actor=actor, pk=pk)
    moves = [
        (status, ActivityStatus(status).label)
        for status in sorted(ACTIVITY_TRANSITIONS.get(activity.status, ()))
        if permissions.can_move_activity(actor, activity, status)
    ]
    return render(
        request,
        "catalogue/activity_detail.html",
        {
            "activity": activity,
            "editions": selectors.edition_list_for_activity(actor=actor, activity=activity),
            "can_edit": permissions.can_edit_activity(actor, activity),
            "can_add_edition": permissions.can_manage_editions(actor, activity),
            "moves": moves,
        },
    )


@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    actor.require(permissions.can_create_activity(actor))
    form = ActivityForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(actor=actor, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The activity was created as a draft."))
            return redirect("catalogue:activity_detail", pk=activity.pk)
    return render(request, "catalogue/activity_form.html", {"form": form})


@login_required
def activity_update(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    activity = selectors.activity_get(actor=actor, pk=pk)
    actor.require(permissions.can_edit_activity(actor, activity))
    form = ActivityForm(request.POST or None, instance=activity, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(actor=actor, activity=activity, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect("catalogue:activity_detail", pk=activity.pk)
    return render(request, "catalogue/activity_form.html", {"form": form, "activity": activity})


@login_required
@require_POST
def activity_change_status(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    activity = selectors.activity_get(actor=actor, pk=pk)
    form = StatusChangeForm(request.POST)
    if form.is_valid():
        try:
            services.activity_change_status(
                actor=actor, activity=activity, to_status=form.cleaned_data["to_status"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            activity.refresh_from_db()
            messages.success(
                request, _("The activity is now “%(status)s”.") % {"status": activity.get_status_display()}
            )
    else:
        messages.error(request, _("This status change was not understood."))
    return redirect("catalogue:activity_detail", pk=activity.pk)


@login_required
def activity_history(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    activity = selectors.activity_get(actor=actor, pk=pk)
    return render(request, "core/history.html", {"object": activity, "entries": history_of(activity), "back": activity})


def _edition_data(form: EditionForm) -> services.EditionData:
    data = form.cleaned_data
    return services.EditionData(
        prison=data["prison"],
        units=list(data["units"]),
        room=data["room"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        capacity=data["capacity"],
        facilitators=list(data["facilitators"]),
        recurrence=data.get("recurrence") or "",
        session_starts_at=data["session_starts_at"],
        session_ends_at=data["session_ends_at"],
        excluded_dates=data.get("excluded") or [],
    )


@login_required
def edition_create(request: HttpRequest, activity_pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    activity = selectors.activity_get(actor=actor, pk=activity_pk)
    actor.require(permissions.can_manage_editions(actor, activity))
    form = EditionForm(request.POST or None, actor=actor, activity=activity)
    if request.method == "POST" and form.is_valid():
        try:
            edition = services.edition_create(
                actor=actor,
                activity=activity,
                data=_edition_data(form),
                skip_closed_days=form.cleaned_data["skip_closed_days"],
                double_booking_reason=form.cleaned_data.get("double_booking_reason") or "",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            count = edition.sessions.count()
            messages.success(
                request,
                ngettext(
                    "The edition was created with %(count)d session.",
                    "The edition was created with %(count)d sessions.",
                    count,
                )
                % {"count": count},
            )
            return redirect("catalogue:edition_detail", pk=edition.pk)
    return render(request, "catalogue/edition_form.html", {"form": form, "activity": activity})


@login_required
def edition_update(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    edition = selectors.edition_get(actor=actor, pk=pk)
    actor.require(permissions.can_manage_edition(actor, edition))
    form = EditionForm(request.POST or None, instance=edition, actor=actor, activity=edition.activity)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.edition_update(
                actor=actor,
                edition=edition,
                data=_edition_data(form),
                skip_closed_days=form.cleaned_data["skip_closed_days"],
                double_booking_reason=form.cleaned_data.get("double_booking_reason") or "",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The edition was saved and its future sessions updated."))
            for session in change.met_already:
                messages.info(request, services.met_already_message(session))
            return redirect("catalogue:edition_detail", pk=edition.pk)
    return render(
        request, "catalogue/edition_form.html", {"form": form, "activity": edition.activity, "edition": edition}
    )


@login_required
def edition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    edition = selectors.edition_get(actor=actor, pk=pk)
    return render(
        request,
        "catalogue/edition_detail.html",
        {
            "edition": edition,
            "activity": edition.activity,
            "sessions": edition.sessions.all(),
            "can_manage": permissions.can_manage_edition(actor, edition),
            "now": timezone.now(),
        },
    )


@login_required
def edition_history(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    edition = selectors.edition_get(actor=actor, pk=pk)
    return render(request, "core/history.html", {"object": edition, "entries": history_of(edition), "back": edition})


@login_required
def session_add(request: HttpRequest, edition_pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    edition = selectors.edition_get(actor=actor, pk=edition_pk)
    actor.require(permissions.can_manage_edition(actor, edition))
    form = SessionForm(
        request.POST or None,
        actor=actor,
        edition=edition,
        reason_required=False,
        initial={"room": edition.room, "starts": edition.session_starts_at, "ends": edition.session_ends_at},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.session_add(
                actor=actor,
                edition=edition,
                starts_at=aware(data["day"], data["starts"]),
                ends_at=aware(data["day"], data["ends"]),
                room=data["room"],
                double_booking_reason=data.get("double_booking_reason") or "",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The session was added."))
            return redirect("catalogue:edition_detail", pk=edition.pk)
    return render(request, "catalogue/session_form.html", {"form": form, "edition": edition, "mode": "add"})


@login_required
def session_move(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    session = selectors.session_get(actor=actor, pk=pk)
    edition = session.edition
    actor.require(permissions.can_manage_edition(actor, edition))
    local_start = timezone.localtime(session.starts_at)
    form = SessionForm(
        request.POST or None,
        actor=actor,
        edition=edition,
        reason_required=True,
        initial={
            "day": local_start.date(),
            "starts": local_start.time(),
            "ends": timezone.localtime(session.ends_at).time(),
            "room": session.room,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.session_move(
                actor=actor,
                session=session,
                starts_at=aware(data["day"], data["starts"]),
                ends_at=aware(data["day"], data["ends"]),
                room=data["room"],
                reason=data["reason"],
                double_booking_reason=data.get("double_booking_reason") or "",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The session was moved."))
            return redirect("catalogue:edition_detail", pk=edition.pk)
    return render(
        request, "catalogue/session_form.html", {"form": form, "edition": edition, "session": session, "mode": "move"}
    )


@login_required
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    session = selectors.session_get(actor=actor, pk=pk)
    actor.require(permissions.can_manage_edition(actor, session.edition))
    form = CancelSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_cancel(actor=actor, session=session, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The session was cancelled."))
            return redirect("catalogue:edition_detail", pk=session.edition_id)
    return render(request, "catalogue/session_cancel.html", {"form": form, "session": session})


# --- Calendar ------------------------------------------------------------------------------


def _week_from(request: HttpRequest) -> dt.date:
    value = request.GET.get("week", "")
    try:
        day = dt.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    return selectors.week_start(day)


@login_required
def calendar_index(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    prisons = [p for p in Prison.objects.filter(is_active=True) if permissions.can_read_prison_calendar(actor, p.pk)]
    if len(prisons) == 1:
        return redirect("catalogue:calendar_prison", prison_pk=prisons[0].pk)
    return render(request, "catalogue/calendar_index.html", {"prisons": prisons})


@login_required
def calendar_prison(request: HttpRequest, prison_pk: int, unit_pk: int | None = None) -> HttpResponse:
    actor = actor_for(request.user)
    prison = get_object_or_404(Prison, pk=prison_pk)
    actor.require(permissions.can_read_prison_calendar(actor, prison.pk))
    unit = None
    if unit_pk is not None:
        unit = get_object_or_404(Unit, pk=unit_pk)
        if unit.prison_id != prison.pk:
            raise Http404
    monday = _week_from(request)
    days = selectors.week_calendar(actor=actor, prison_id=prison.pk, monday=monday, unit_id=unit.pk if unit else None)
    context = {
        "prison": prison,
        "unit": unit,
        "units": prison.units.filter(is_active=True),
        "days": days,
        "monday": monday,
        "sunday": monday + dt.timedelta(days=6),
        "previous_week": monday - dt.timedelta(days=7),
        "next_week": monday + dt.timedelta(days=7),
        "today": timezone.localdate(),
        "warning_count": sum(len(e.warnings) > 0 for d in days for e in d.entries),
    }
    template = "catalogue/_calendar_week.html" if request.htmx else "catalogue/calendar_week.html"  # type: ignore[attr-defined]
    return render(request, template, context)
