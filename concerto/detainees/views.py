"""Detainee pages and the import wizard. Views parse input, call a selector or service, log, render.

Every page that shows personal data logs it (``privacy.services.access_log``) with its purpose.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concerto.accounts.permissions import Actor, actor_for
from concerto.attendance import selectors as attendance_selectors
from concerto.core.forms import add_service_errors
from concerto.core.pagination import paginate
from concerto.core.worker import lost_tasks_recover
from concerto.detainees import permissions, selectors, services
from concerto.detainees.forms import (
    DetaineeFilterForm,
    DetaineeForm,
    ImportMappingForm,
    ImportUploadForm,
    NoteForm,
)
from concerto.detainees.models import DetaineeImport, ImportStatus, PresenceStatus
from concerto.privacy.models import AccessAction, AccessPurpose
from concerto.privacy.services import access_log
from concerto.registrations import permissions as registration_permissions
from concerto.registrations import selectors as registration_selectors

logger = logging.getLogger("concerto.detainees")
PAGE_SIZE = getattr(settings, "CONCERTO_CATALOGUE_PAGE_SIZE", 20)
REMAPPABLE = {ImportStatus.UPLOADED, ImportStatus.PREVIEW, ImportStatus.INVALID, ImportStatus.FAILED}


def _reader(request: HttpRequest) -> Actor:
    actor = actor_for(request.user)
    actor.require(permissions.can_read_detainees(actor), _("Your role gives no access to detainees' data."))
    return actor


# --- Detainees ----------------------------------------------------------------------------


@login_required
def detainee_list(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    full = permissions.sees_full_identity(actor)
    form = DetaineeFilterForm(request.GET or None, full_identity=full)
    filters = selectors.DetaineeFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.DetaineeFilters(
            text=data["q"],
            prison=data["prison"].pk if data["prison"] else None,
            unit=data["unit"].pk if data["unit"] else None,
            legal_status=data["legal_status"],
            presence=data["presence"],
        )
    listing = paginate(request, selectors.detainee_list(actor=actor, filters=filters), PAGE_SIZE)
    page = listing["page"]
    access_log(
        actor=actor,
        action=AccessAction.VIEW,
        purpose=AccessPurpose.REGISTRATION,
        subjects=page.object_list,
        detail="list",
    )
    context = {
        "form": form,
        **listing,
        "full_identity": full,
        # Service staff (and not also prison staff or administrators) list only who they follow.
        "follows_only": actor.is_service_staff and not (actor.is_admin or actor.is_prison_staff),
        "start_url": reverse("registrations:start"),
        "can_manage": permissions.can_manage_detainees(actor),
        "can_import": permissions.can_import_prison_list(actor),
    }
    template = "detainees/_detainee_results.html" if request.htmx else "detainees/detainee_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def detainee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _reader(request)
    detainee = selectors.detainee_get(actor=actor, pk=pk)
    access_log(actor=actor, action=AccessAction.VIEW, purpose=AccessPurpose.REGISTRATION, subject=detainee)
    can_write_notes = permissions.can_write_notes(actor)
    # The person's applications, attendance and interviews, each as far as the reader may see them
    # (the attendance read logs itself, as a follow-up).
    applications = registration_selectors.person_applications(actor=actor, detainee=detainee)
    participations = attendance_selectors.person_participations(actor=actor, detainee=detainee)
    return render(
        request,
        "detainees/detainee_detail.html",
        {
            "detainee": detainee,
            "applications": applications,
            "participations": participations,
            "may_apply": registration_permissions.can_record_application(actor)
            and not detainee.is_anonymised
            and detainee.presence == PresenceStatus.PRESENT,
            "full_identity": permissions.sees_full_identity(actor),
            "can_edit": not detainee.is_anonymised and permissions.can_manage_detainee_in(actor, detainee.prison_id),
            "notes": selectors.note_list(actor=actor, detainee=detainee) if can_write_notes else [],
            "note_form": NoteForm(actor=actor) if can_write_notes and not detainee.is_anonymised else None,
        },
    )


@login_required
def detainee_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    actor.require(permissions.can_manage_detainees(actor))
    form = DetaineeForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            detainee = services.detainee_create(actor=actor, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The detainee was recorded."))
            if selectors.detainee_is_visible(actor=actor, pk=detainee.pk):
                return redirect("detainees:detainee_detail", pk=detainee.pk)
            # Need to know: recording someone by hand is for registering them; once the
            # application exists, the service follows them and their page opens.
            return redirect(f"{reverse('registrations:start')}?{urlencode({'detainee': detainee.pk})}")
    return render(request, "detainees/detainee_form.html", {"form": form})


@login_required
def detainee_update(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _reader(request)
    detainee = selectors.detainee_get(actor=actor, pk=pk)
    actor.require(permissions.can_manage_detainee_in(actor, detainee.prison_id) and not detainee.is_anonymised)
    form = DetaineeForm(request.POST or None, instance=detainee, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            services.detainee_update(actor=actor, detainee=detainee, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The detainee's record was saved."))
            return redirect("detainees:detainee_detail", pk=detainee.pk)
    else:
        access_log(actor=actor, action=AccessAction.VIEW, purpose=AccessPurpose.REGISTRATION, subject=detainee)
    return render(request, "detainees/detainee_form.html", {"form": form, "detainee": detainee})


@login_required
@require_POST
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _reader(request)
    detainee = selectors.detainee_get(actor=actor, pk=pk)
    actor.require(permissions.can_write_notes(actor) and not detainee.is_anonymised)
    form = NoteForm(request.POST, actor=actor)
    if form.is_valid():
        try:
            services.detainee_note_add(
                actor=actor,
                detainee=detainee,
                organisation=form.cleaned_data["organisation"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The note was saved; only your service can read it."))
    else:
        messages.error(request, _("Write the note before saving it."))
    return redirect("detainees:detainee_detail", pk=detainee.pk)


# --- Import of the prison's list --------------------------------------------------------


def _importer(request: HttpRequest) -> Actor:
    actor = actor_for(request.user)
    actor.require(permissions.can_import_prison_list(actor), _("Your role cannot import prison lists."))
    return actor


def _watch_running_work(*, stalled_too: bool) -> None:
    """The watchdogs, cheap: imports whose worker died show as failed, not running forever.

    A task whose worker stopped beating fails at once (concerto/core/worker.py); the list also
    fails imports running past the stall delay (those the staff may otherwise mark by hand).
    """
    try:
        lost_tasks_recover()
        if stalled_too:
            services.imports_mark_stalled()
    except DatabaseError as error:  # e.g. SQLite locked by an import writing: the next visit will do
        logger.warning("stalled imports not checked", extra={"exc_type": type(error).__name__})


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    actor = _importer(request)
    _watch_running_work(stalled_too=True)
    return render(
        request, "detainees/import_list.html", paginate(request, selectors.import_list(actor=actor), PAGE_SIZE)
    )


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    actor = _importer(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            detainee_import = services.import_upload(
                actor=actor, prison=form.cleaned_data["prison"], file_name=upload.name, content=upload.read()
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            return redirect("detainees:import_mapping", pk=detainee_import.pk)
    return render(request, "detainees/import_upload.html", {"form": form})


@login_required
def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _importer(request)
    detainee_import = selectors.import_get(actor=actor, pk=pk)
    if detainee_import.status not in REMAPPABLE or not detainee_import.file_bytes:  # type: ignore[attr-defined]
        messages.info(request, _("The columns of this import cannot be changed now."))
        return redirect("detainees:import_detail", pk=detainee_import.pk)
    # The unit names of the column chosen so far that the prison's units do not know, to map once.
    unit_column = detainee_import.mapping.get("unit")
    unknown_units = services.import_unknown_unit_names(detainee_import=detainee_import, unit_column=unit_column)
    too_many_unknown = len(unknown_units) > services.UNKNOWN_UNIT_NAMES_SHOWN
    form = ImportMappingForm(
        request.POST or None,
        detainee_import=detainee_import,
        unknown_units=[] if too_many_unknown else unknown_units,
        units=list(selectors.import_units(detainee_import=detainee_import)),
    )
    if request.method == "POST" and form.is_valid():
        mapping = form.mapping()
        # Names read from another column than the one now chosen are not unit names: not kept.
        aliases = form.unit_aliases() if mapping.get("unit") == unit_column else {}
        try:
            services.import_set_mapping(
                actor=actor, detainee_import=detainee_import, mapping=mapping, unit_aliases=aliases
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("detainees:import_detail", pk=detainee_import.pk)
    return render(
        request,
        "detainees/import_mapping.html",
        {
            "form": form,
            "detainee_import": detainee_import,
            "forbidden": _forbidden_columns(detainee_import),
            "too_many_unknown": too_many_unknown,
        },
    )


def _forbidden_columns(detainee_import: DetaineeImport) -> list[str]:
    from concerto.detainees.importing import is_forbidden_header

    return [header for header in detainee_import.headers if is_forbidden_header(header)]


def _ranges(rows: Iterable[int]) -> str:
    """Row numbers as short ranges: 2, 3, 4, 9 → "2–4, 9"."""
    parts: list[str] = []
    ordered = sorted(rows)
    start = previous = None
    for number in [*ordered, None]:
        if start is not None and number is not None and previous is not None and number == previous + 1:
            previous = number
            continue
        if start is not None:
            parts.append(str(start) if start == previous else f"{start}–{previous}")
        start = previous = number
    return ", ".join(parts)


def _import_context(actor: Actor, detainee_import: DetaineeImport) -> dict[str, Any]:
    summary: dict[str, Any] = detainee_import.summary or {}
    context: dict[str, Any] = {
        "detainee_import": detainee_import,
        "summary": summary,
        "can_mark_failed": services.import_is_stalled(detainee_import)
        and permissions.can_mark_import_failed(actor, detainee_import),
        "stall_minutes": int(services.stall_delay().total_seconds() // 60),
    }
    if detainee_import.status in (ImportStatus.PREVIEW, ImportStatus.DONE) and "create" in summary:
        context["groups"] = [
            (key, label, len(summary.get(key, [])), _ranges(summary.get(key, [])))
            for key, label in (
                ("create", _("New detainees")),
                ("update", _("Details updated")),
                ("move", _("Moved to another unit")),
            )
        ]
        departures = {item["id"]: item for item in summary.get("left", [])}
        left = list(selectors.detainees_by_ids(actor=actor, ids=list(departures)))
        if left:
            purpose = AccessPurpose.IMPORT
            access_log(actor=actor, action=AccessAction.VIEW, purpose=purpose, subjects=left, detail="import left")
        context["left"] = [(person, departures[person.pk]) for person in left]
        context["left_count"] = len(departures)
    return context


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _importer(request)
    detainee_import = selectors.import_get(actor=actor, pk=pk)
    if detainee_import.status == ImportStatus.UPLOADED:
        return redirect("detainees:import_mapping", pk=detainee_import.pk)
    if detainee_import.is_running:  # the page polls while it runs: it must not wait on a dead worker
        _watch_running_work(stalled_too=False)
        detainee_import.refresh_from_db()
    context = _import_context(actor, detainee_import)
    template = "detainees/_import_stage.html" if request.htmx else "detainees/import_detail.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
@require_POST
def import_mark_failed(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _importer(request)
    detainee_import = selectors.import_get(actor=actor, pk=pk)
    try:
        services.import_mark_failed(actor=actor, detainee_import=detainee_import)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The import was marked as failed: nothing was written. Upload the file again."))
    return redirect("detainees:import_detail", pk=detainee_import.pk)


@login_required
@require_POST
def import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _importer(request)
    detainee_import = selectors.import_get(actor=actor, pk=pk)
    try:
        services.import_request_apply(actor=actor, detainee_import=detainee_import)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("detainees:import_detail", pk=detainee_import.pk)
