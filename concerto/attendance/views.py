"""Attendance, lists for the prison, follow-up, interviews, certificates and notices. Thin views."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concerto.accounts.audit import client_address
from concerto.accounts.permissions import actor_for
from concerto.catalogue import selectors as catalogue
from concerto.catalogue.models import Session
from concerto.core.forms import add_service_errors
from concerto.detainees.permissions import sees_full_identity
from concerto.organisations.models import Organisation
from concerto.privacy.services import audit_record_export

from . import permissions, selectors, services
from .forms import AttendanceRowForm, InterviewForm, MovementListForm, absence_reason_choices
from .models import FeedbackInterview
from .pdf import document_language, pdf_response, render_pdf

# --- Attendance sheet ----------------------------------------------------------------------


@login_required
def session_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The session's attendance: one "All present" button, then the exceptions line by line."""
    actor = actor_for(request.user)
    session = catalogue.session_get(actor=actor, pk=pk)
    sheet = selectors.attendance_sheet(actor=actor, session=session)
    data = request.POST if request.method == "POST" else None
    reasons = absence_reason_choices()
    lines = [
        (row, AttendanceRowForm(data, prefix=f"a{row.application.pk}", attendance=row.attendance, reasons=reasons))
        for row in sheet.rows
    ]
    if request.method == "POST":
        try:
            services.attendance_check_open(session)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("attendance:session_sheet", pk=session.pk)
        if all(form.is_valid() for _row, form in lines) and _save_sheet(request, session, lines):
            return redirect("attendance:session_sheet", pk=session.pk)
    return render(
        request,
        "attendance/session_sheet.html",
        {
            "session": session,
            "sheet": sheet,
            "lines": lines,
            "changes": selectors.attendance_changes(actor=actor, sheet=sheet),
            "has_errors": any(form.errors for _row, form in lines),
            "today": timezone.localdate(),
        },
    )


def _save_sheet(
    request: HttpRequest, session: Session, lines: list[tuple[selectors.SheetRow, AttendanceRowForm]]
) -> bool:
    """Record every changed line in one transaction; on any refusal nothing is saved."""
    actor = actor_for(request.user)
    saved = 0
    with transaction.atomic():
        for row, form in lines:
            change = form.changed_record()
            if change is None:
                continue
            status, reason, minutes = change
            try:
                services.attendance_record(
                    actor=actor,
                    session=session,
                    application=row.application,
                    status=status,
                    reason=reason,
                    minutes_late=minutes,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                saved += 1
        if any(form.errors for _row, form in lines):
            transaction.set_rollback(True)
            return False
    if saved:
        messages.success(request, _("Attendance saved (%(count)d changes).") % {"count": saved})
    else:
        messages.info(request, _("Nothing changed."))
    return True


@login_required
@require_POST
def session_all_present(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    session = catalogue.session_get(actor=actor, pk=pk)
    try:
        created = services.attendance_record_all_present(actor=actor, session=session)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(count)d participants marked present.") % {"count": len(created)})
    return redirect("attendance:session_sheet", pk=session.pk)


# --- Lists for the prison ------------------------------------------------------------------


@login_required
def participant_list(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    session = catalogue.session_get(actor=actor, pk=pk)
    listing = selectors.participant_list(actor=actor, session=session)
    return render(request, "attendance/participant_list.html", {"session": session, "listing": listing})


@login_required
def participant_list_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    session = catalogue.session_get(actor=actor, pk=pk)
    listing = selectors.participant_list(actor=actor, session=session, export=True)
    language = document_language(request)
    content = render_pdf(
        "attendance/pdf/participant_list.html", {"session": session, "listing": listing}, language=language
    )
    day = timezone.localtime(session.starts_at).date().isoformat()
    audit_record_export(
        actor=actor,
        export="participant_list",
        file_format="pdf",
        target_type="catalogue.session",
        target_id=session.pk,
        organisation_id=session.edition.activity.organiser_id,
        records=len(listing.people),
        ip_address=client_address(request),
    )
    return pdf_response(content, f"participants-{day}-{session.pk}-{language}.pdf")


def _movement_form(request: HttpRequest) -> MovementListForm:
    """The choice of prison, day and unit; unbound (nothing chosen yet) when several prisons are open.

    Without a day in the query, the list opens on the next day with sessions (today included
    while one of its sessions has not ended).
    """
    actor = actor_for(request.user)
    prisons = selectors.movement_prisons(actor=actor)
    actor.require(prisons.exists(), _("You have no access to the lists of any prison."))
    query = request.GET.copy()
    if "prison" not in query:
        if prisons.count() != 1:
            day = selectors.movement_default_day(actor=actor, prisons=prisons)
            return MovementListForm(prisons=prisons, initial={"day": day})
        query["prison"] = str(prisons.get().pk)
    if not query.get("day"):
        prison = str(query.get("prison", ""))
        chosen = prisons.filter(pk=int(prison)) if prison.isdigit() else prisons
        query["day"] = selectors.movement_default_day(actor=actor, prisons=chosen).isoformat()
    return MovementListForm(query, prisons=prisons)


@dataclass(frozen=True)
class DayLink:
    text: str
    url: str
    day: dt.date
    current: bool


def _movement_day_links(data: dict[str, Any]) -> list[DayLink]:
    """Previous day, today, tomorrow, next day: plain links to the same list on another day."""
    shown: dt.date = data["day"]
    today = timezone.localdate()

    def link(text: str, day: dt.date) -> DayLink:
        unit = data["unit"].pk if data["unit"] else ""
        query = urlencode({"prison": data["prison"].pk, "day": day.isoformat(), "unit": unit})
        return DayLink(text=text, url=f"{reverse('attendance:movement_list')}?{query}", day=day, current=day == shown)

    return [
        link(_("Previous day"), shown - dt.timedelta(days=1)),
        link(_("Today"), today),
        link(_("Tomorrow"), today + dt.timedelta(days=1)),
        link(_("Next day"), shown + dt.timedelta(days=1)),
    ]


@login_required
def movement_list(request: HttpRequest) -> HttpResponse:
    """Per day and unit: who moves to which room at what time. Printable; PDF in French or Dutch.

    The PDF and Print buttons submit this same form (the PDF ones to ``movement_list_pdf``), so
    they always print the day the form shows, even when it was changed without clicking "Show
    the list" first.
    """
    actor = actor_for(request.user)
    form = _movement_form(request)
    listing = None
    day_links: list[DayLink] = []
    if form.is_valid():
        data = form.cleaned_data
        listing = selectors.movement_list(actor=actor, prison=data["prison"], day=data["day"], unit=data["unit"])
        day_links = _movement_day_links(data)
    context = {
        "form": form,
        "listing": listing,
        "day_links": day_links,
        "print_now": bool(listing and request.GET.get("print")),
    }
    return render(request, "attendance/movement_list.html", context)


@login_required
def movement_list_pdf(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = _movement_form(request)
    if not form.is_valid():
        # The page shows what is wrong with the choice of prison, day or unit.
        return render(request, "attendance/movement_list.html", {"form": form, "listing": None}, status=400)
    data = form.cleaned_data
    listing = selectors.movement_list(
        actor=actor, prison=data["prison"], day=data["day"], unit=data["unit"], export=True
    )
    language = data.get("lang") or document_language(request)
    content = render_pdf("attendance/pdf/movement_list.html", {"listing": listing}, language=language)
    unit = f"-{data['unit'].code}" if data["unit"] else ""
    audit_record_export(
        actor=actor,
        export="movement_list",
        file_format="pdf",
        target=f"{data['prison'].code}{unit} {data['day'].isoformat()}",
        target_type="prisons.prison",
        target_id=data["prison"].pk,
        records=len(listing.movements),
        ip_address=client_address(request),
    )
    return pdf_response(content, f"movements-{data['prison'].code}{unit}-{data['day'].isoformat()}-{language}.pdf")


# --- Follow-up and interviews --------------------------------------------------------------


@login_required
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    """An edition's attendance rates, dropouts and interviews (figures only for coordinators)."""
    actor = actor_for(request.user)
    edition = catalogue.edition_get(actor=actor, pk=pk)
    return render(
        request,
        "attendance/follow_up.html",
        {
            "edition": edition,
            "activity": edition.activity,
            "follow": selectors.follow_up(actor=actor, edition=edition),
            "sessions": edition.sessions.all(),
            "can_record": permissions.can_record_attendance_for_edition(actor, edition),
            "min_count": settings.CONCERTO_MIN_COUNT,
        },
    )


@login_required
def interview(request: HttpRequest, pk: int) -> HttpResponse:
    """Schedule or record the feedback interview; others see only that it took place."""
    actor = actor_for(request.user)
    application = selectors.application_for_follow_up(actor=actor, pk=pk)
    existing = FeedbackInterview.objects.filter(application=application).first()
    view = selectors.interview_for(actor=actor, application=application)
    may_edit = permissions.can_manage_interview(actor, application, existing) and (
        existing is not None or selectors.interview_is_flagged(application)
    )
    if request.method == "POST":
        actor.require(may_edit, services.interview_owner_message())
    form = None
    if may_edit:
        organisations = Organisation.objects.filter(pk__in=permissions.interview_services(actor, application))
        form = InterviewForm(request.POST or None, organisations=organisations, interview=existing)
        if request.method == "POST" and form.is_valid():
            try:
                if existing is None:
                    services.interview_schedule(
                        actor=actor,
                        application=application,
                        data=form.interview_data(),
                        organisation=form.cleaned_data.get("organisation"),
                    )
                else:
                    services.interview_update(actor=actor, application=application, data=form.interview_data())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The feedback interview was saved."))
                return redirect("attendance:follow_up", pk=application.edition_id)
    full = sees_full_identity(actor)
    return render(
        request,
        "attendance/interview.html",
        {
            "application": application,
            "person": selectors.Person.of(application.detainee, full=full),
            "view": view,
            "form": form,
            "is_flagged": selectors.interview_is_flagged(application),
        },
    )


# --- Certificates --------------------------------------------------------------------------


@login_required
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Certificate of participation, in the person's language where it exists (``lang`` overrides)."""
    actor = actor_for(request.user)
    application = selectors.application_for_follow_up(actor=actor, pk=pk)
    try:
        document = selectors.certificate(actor=actor, application=application, language=request.GET.get("lang"))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("attendance:follow_up", pk=application.edition_id)
    content = render_pdf("attendance/pdf/certificate.html", {"certificate": document}, language=document.language)
    audit_record_export(
        actor=actor,
        export="certificate",
        file_format="pdf",
        target_type="registrations.application",
        target_id=application.pk,
        organisation_id=application.edition.activity.organiser_id,
        records=1,
        ip_address=client_address(request),
    )
    return pdf_response(content, f"certificate-{application.pk}-{document.language}.pdf")


# --- Notices -------------------------------------------------------------------------------


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    """What the platform tells my service: cancelled sessions, dropouts to interview, departures."""
    actor = actor_for(request.user)
    notices = list(selectors.notices_for(actor=actor)[:200])
    language = translation.get_language() or "fr"
    for notice in notices:
        # Links are stored with the language of the moment; open them in the reader's.
        notice.local_link = translate_url(notice.link, language) if notice.link else ""  # type: ignore[attr-defined]
    return render(request, "attendance/notice_list.html", {"notices": notices})


@login_required
@require_POST
def notice_read(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    notice = selectors.notice_get(actor=actor, pk=pk)
    services.notice_mark_read(actor=actor, notice=notice)
    return redirect(reverse("attendance:notice_list"))
