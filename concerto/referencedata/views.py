"""Reference data pages: the index, a kind's list, a record's form, its history and its deletion.

The same views serve every kind of the registry; they parse input, call one selector or
service, and render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from concerto.accounts.permissions import Actor, actor_for
from concerto.core.forms import add_service_errors
from concerto.core.history import history_of
from concerto.core.pagination import paginate
from concerto.referencedata import registry, selectors, services
from concerto.referencedata.forms import RecordFilterForm, record_form_class
from concerto.referencedata.permissions import can_manage_reference_data
from concerto.referencedata.registry import ReferenceKind

PAGE_SIZE = 50


def _manager(request: HttpRequest) -> Actor:
    actor = actor_for(request.user)
    actor.require(can_manage_reference_data(actor), _("Only coordinators and administrators manage reference data."))
    return actor


def _kind_for(request: HttpRequest, slug: str) -> tuple[ReferenceKind, Actor]:
    """The kind named in the URL and the actor, once they may manage it (refused before "not found")."""
    actor = _manager(request)
    kind = registry.kind_or_404(slug)
    actor.require(kind.may_manage(actor), _("Only coordinators and administrators manage reference data."))
    return kind, actor


def _list_url(kind: ReferenceKind, scope: int | None = None) -> str:
    url = reverse("referencedata:record_list", args=[kind.slug])
    return f"{url}?{kind.scoped_by}={scope}" if kind.scoped_by and scope else url


def _scope_asked(request: HttpRequest, kind: ReferenceKind) -> int | None:
    """The prison (or organisation) of the list a new record is added from: ``?prison=3``."""
    value = request.GET.get(kind.scoped_by or "", "")
    return int(value) if value.isdigit() else None


def _scope_of(kind: ReferenceKind, record: object) -> int | None:
    return getattr(record, f"{kind.scoped_by}_id", None) if kind.scoped_by else None


@login_required
def index(request: HttpRequest) -> HttpResponse:
    actor = _manager(request)
    sections: dict[str, list[selectors.KindSummary]] = {}
    for summary in selectors.kind_summaries(actor=actor):
        sections.setdefault(str(summary.kind.section), []).append(summary)
    return render(request, "referencedata/index.html", {"sections": sections})


@login_required
def record_list(request: HttpRequest, kind: str) -> HttpResponse:
    reference_kind, _actor = _kind_for(request, kind)
    form = RecordFilterForm(request.GET or None, kind=reference_kind)
    filters = form.filters()
    context = paginate(request, selectors.record_list(kind=reference_kind, filters=filters), PAGE_SIZE)
    context["rows"] = selectors.record_rows(kind=reference_kind, records=context["page"].object_list)
    create_url = reverse("referencedata:record_create", args=[reference_kind.slug])
    if reference_kind.scoped_by and filters.scope:
        create_url += f"?{reference_kind.scoped_by}={filters.scope}"
    return render(
        request,
        "referencedata/record_list.html",
        {**context, "kind": reference_kind, "form": form, "filters": filters, "create_url": create_url},
    )


def _form_page(request: HttpRequest, kind: ReferenceKind, form: object, record: object = None) -> HttpResponse:
    return render(
        request,
        "referencedata/record_form.html",
        {
            "kind": kind,
            "form": form,
            "record": record,
            "back_url": _list_url(kind, _scope_of(kind, record) if record else _scope_asked(request, kind)),
        },
    )


@login_required
def record_create(request: HttpRequest, kind: str) -> HttpResponse:
    reference_kind, actor = _kind_for(request, kind)
    form_class = record_form_class(reference_kind)
    form = form_class(request.POST or None, scope=_scope_asked(request, reference_kind))
    if request.method == "POST" and form.is_valid():
        try:
            record = services.record_create(actor=actor, kind=reference_kind, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(record)s” was added.") % {"record": record})
            return redirect(_list_url(reference_kind, _scope_of(reference_kind, record)))
    return _form_page(request, reference_kind, form)


@login_required
def record_update(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    reference_kind, actor = _kind_for(request, kind)
    record = selectors.record_get(kind=reference_kind, pk=pk)
    form = record_form_class(reference_kind)(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.record_update(actor=actor, kind=reference_kind, record=record, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(record)s” was saved.") % {"record": record})
            return redirect(_list_url(reference_kind, _scope_of(reference_kind, record)))
    if form.is_bound:
        # The form's validation has written the rejected values onto the record: show the saved ones.
        record = selectors.record_get(kind=reference_kind, pk=pk)
    return _form_page(request, reference_kind, form, record)


@login_required
def record_history(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    reference_kind, _actor = _kind_for(request, kind)
    record = selectors.record_get(kind=reference_kind, pk=pk)
    return render(
        request,
        "core/history.html",
        {
            "object": record,
            "entries": history_of(record),
            "back_url": reverse("referencedata:record_update", args=[reference_kind.slug, record.pk]),
        },
    )


@login_required
def record_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """GET: what deleting means (or why it cannot be done); POST: delete."""
    reference_kind, actor = _kind_for(request, kind)
    record = selectors.record_get(kind=reference_kind, pk=pk)
    if request.method == "POST":
        try:
            services.record_delete(actor=actor, kind=reference_kind, record=record)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("referencedata:record_delete", kind=reference_kind.slug, pk=pk)
        messages.success(request, _("“%(record)s” was deleted.") % {"record": record})
        return redirect(_list_url(reference_kind, _scope_of(reference_kind, record)))
    return render(
        request,
        "referencedata/record_delete.html",
        {
            "kind": reference_kind,
            "record": record,
            "uses": [] if reference_kind.archivable else selectors.uses_of(record),
        },
    )
