"""Design workspace pages. Views parse input, call a selector or a service, and render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concerto.accounts.permissions import Actor, actor_for
from concerto.core.forms import add_service_errors
from concerto.core.history import history_of
from concerto.core.pagination import paginate
from concerto.proposals import permissions, selectors, services
from concerto.proposals.forms import AcceptForm, CommentForm, ProposalFilterForm, ProposalForm, StatusForm
from concerto.proposals.models import PROPOSAL_TRANSITIONS, ActivityProposal, ProposalStatus

P = ProposalStatus


def _workspace_actor(request: HttpRequest) -> Actor:
    actor = actor_for(request.user)
    actor.require(permissions.can_use_workspace(actor))
    return actor


def _moves(actor: Actor, proposal: ActivityProposal) -> list[tuple[str, str]]:
    """The status buttons to show (acceptance has its own page: it needs an organiser)."""
    return [
        (status, str(label))
        for status, label in P.choices
        if status in PROPOSAL_TRANSITIONS[proposal.status]
        and status != P.ACCEPTED
        and permissions.can_move(actor, proposal, status)
    ]


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    actor = _workspace_actor(request)
    form = ProposalFilterForm(request.GET or None)
    filters = selectors.ProposalFilters()
    if form.is_bound and form.is_valid():
        prison = form.cleaned_data["prison"]
        filters = selectors.ProposalFilters(status=form.cleaned_data["status"], prison=prison.pk if prison else None)
    return render(
        request,
        "proposals/proposal_list.html",
        {
            "form": form,
            **paginate(
                request, selectors.proposal_list(actor=actor, filters=filters), settings.CONCERTO_CATALOGUE_PAGE_SIZE
            ),
            "can_draft": permissions.can_draft(actor),
        },
    )


@login_required
def proposal_create(request: HttpRequest) -> HttpResponse:
    actor = _workspace_actor(request)
    actor.require(permissions.can_draft(actor), _("Coordinators and service managers draft proposals."))
    # The finding and its dimensions travel in the query string, on the form's action too.
    drafted_from = selectors.prefill(request.GET)
    form = ProposalForm(request.POST or None, actor=actor, initial=drafted_from.initial)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(
                actor=actor, data=form.cleaned_data, finding=drafted_from.finding, origin=drafted_from.origin
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The proposal was saved as a draft."))
            return redirect("proposals:detail", pk=proposal.pk)
    return render(
        request,
        "proposals/proposal_form.html",
        {"form": form, "finding": drafted_from.finding, "query": request.GET.urlencode()},
    )


def _render_detail(
    request: HttpRequest, actor: Actor, proposal: ActivityProposal, comment_form: CommentForm | None = None
) -> HttpResponse:
    may_comment = permissions.can_comment(actor, proposal)
    if may_comment and comment_form is None:
        comment_form = CommentForm(actor=actor)
    return render(
        request,
        "proposals/proposal_detail.html",
        {
            "proposal": proposal,
            "origin": selectors.origin_labels(proposal),
            "comments": selectors.proposal_comments(proposal=proposal),
            "comment_form": comment_form if may_comment else None,
            "can_edit": permissions.can_edit(actor, proposal),
            "can_accept": P.ACCEPTED in PROPOSAL_TRANSITIONS[proposal.status]
            and permissions.can_move(actor, proposal, P.ACCEPTED),
            "moves": _moves(actor, proposal),
            "activity": selectors.resulting_activity(actor=actor, proposal=proposal),
        },
    )


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _workspace_actor(request)
    proposal = selectors.proposal_get(actor=actor, pk=pk)
    return _render_detail(request, actor, proposal)


@login_required
def proposal_update(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _workspace_actor(request)
    proposal = selectors.proposal_get(actor=actor, pk=pk)
    actor.require(permissions.can_edit(actor, proposal))
    form = ProposalForm(request.POST or None, instance=proposal, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_update(actor=actor, proposal=proposal, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The proposal was saved."))
            return redirect("proposals:detail", pk=proposal.pk)
    return render(request, "proposals/proposal_form.html", {"form": form, "proposal": proposal})


@login_required
@require_POST
def proposal_change_status(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _workspace_actor(request)
    proposal = selectors.proposal_get(actor=actor, pk=pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            proposal = services.proposal_change_status(
                actor=actor, proposal=proposal, to_status=form.cleaned_data["to_status"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("The proposal is now “%(status)s”.") % {"status": services.status_label(proposal.status)}
            )
    else:
        messages.error(request, _("This status change was not understood."))
    return redirect("proposals:detail", pk=proposal.pk)


@login_required
def proposal_accept(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _workspace_actor(request)
    proposal = selectors.proposal_get(actor=actor, pk=pk)
    actor.require(permissions.can_decide(actor), _("The coordination accepts proposals."))
    if P.ACCEPTED not in PROPOSAL_TRANSITIONS[proposal.status]:
        messages.error(request, _("Only a proposal open for comments can be accepted."))
        return redirect("proposals:detail", pk=proposal.pk)
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.proposal_accept(
                actor=actor, proposal=proposal, organiser=form.cleaned_data["organiser"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The proposal was accepted: “%(organiser)s” received the draft activity to complete.")
                % {"organiser": activity.organiser.name},
            )
            return redirect("proposals:detail", pk=proposal.pk)
    return render(request, "proposals/proposal_accept.html", {"form": form, "proposal": proposal})


@login_required
@require_POST
def proposal_comment(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _workspace_actor(request)
    proposal = selectors.proposal_get(actor=actor, pk=pk)
    actor.require(
        permissions.can_comment(actor, proposal), _("Comments are taken while a proposal is open for comments.")
    )
    form = CommentForm(request.POST, actor=actor)
    if form.is_valid():
        try:
            services.proposal_comment_add(
                actor=actor,
                proposal=proposal,
                organisation=form.cleaned_data["organisation"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your comment was added."))
            return redirect(f"{proposal.get_absolute_url()}#comments")
    return _render_detail(request, actor, proposal, comment_form=form)


@login_required
def proposal_history(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _workspace_actor(request)
    proposal = selectors.proposal_get(actor=actor, pk=pk)
    return render(request, "core/history.html", {"object": proposal, "entries": history_of(proposal), "back": proposal})
