"""The evaluation of editions: the to-do list, the evaluation page and its forms, the activity's loop. Thin views."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concerto.accounts.permissions import actor_for
from concerto.core.forms import add_service_errors
from concerto.core.pagination import paginate

from . import permissions, selectors, services
from .forms import EvaluationForm, FollowUpForm, ParticipantEvaluationForm, ReportForm

TODO_PAGE_SIZE = 30


@login_required
def todo(request: HttpRequest) -> HttpResponse:
    """Finished editions still awaiting the coordinator's decision."""
    actor = actor_for(request.user)
    editions = selectors.awaiting_evaluation(actor=actor)
    return render(
        request,
        "evaluation/todo.html",
        {**paginate(request, editions, TODO_PAGE_SIZE), "may_decide": permissions.can_decide(actor)},
    )


@login_required
def edition(request: HttpRequest, pk: int) -> HttpResponse:
    """An edition's evaluation: figures, participants' answers, reports, decision and the next edition."""
    actor = actor_for(request.user)
    edition = selectors.edition_for_evaluation(actor=actor, pk=pk)
    page = selectors.evaluation_page(actor=actor, edition=edition)
    return render(
        request,
        "evaluation/edition.html",
        {
            "edition": edition,
            "activity": edition.activity,
            "page": page,
            "min_count": settings.CONCERTO_MIN_COUNT,
            "follow_up_form": FollowUpForm(candidates=page.follow_up_candidates) if page.follow_up_candidates else None,
        },
    )


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """Write or rewrite one's own facilitator report."""
    actor = actor_for(request.user)
    edition = selectors.edition_for_evaluation(actor=actor, pk=pk)
    actor.require(permissions.can_write_report(actor, edition))
    own = next((r for r in selectors.reports_for(actor=actor, edition=edition) if r.author_id == actor.user_id), None)
    form = ReportForm(request.POST or None, report=own)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_file(actor=actor, edition=edition, data=form.report_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your report was saved."))
            return redirect("evaluation:edition", pk=edition.pk)
    return render(
        request, "evaluation/report_form.html", {"edition": edition, "activity": edition.activity, "form": form}
    )


@login_required
def evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator's assessment and decision; the organiser's manager prepares the assessment."""
    actor = actor_for(request.user)
    edition = selectors.edition_for_evaluation(actor=actor, pk=pk)
    evaluation = selectors.evaluation_of(edition)
    actor.require(
        permissions.can_prepare_evaluation(actor, edition, evaluation), services.decision_only_by_coordinators_message()
    )
    may_decide = permissions.can_decide(actor)
    form = EvaluationForm(request.POST or None, evaluation=evaluation, may_decide=may_decide)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.evaluation_record(
                actor=actor,
                edition=edition,
                assessment=data["assessment"],
                decision=data.get("decision", ""),
                adjustments=data.get("adjustments", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if saved.is_decided:
                messages.success(
                    request, _("The decision “%(decision)s” was recorded.") % {"decision": saved.get_decision_display()}
                )
            else:
                messages.success(request, _("The assessment was saved; the decision is still to take."))
            return redirect("evaluation:edition", pk=edition.pk)
    return render(
        request,
        "evaluation/evaluate.html",
        {
            "edition": edition,
            "activity": edition.activity,
            "form": form,
            "may_decide": may_decide,
            "has_ended": services.has_ended(edition),
        },
    )


@login_required
def participant_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the participants' questionnaire of the edition (a survey campaign about it)."""
    actor = actor_for(request.user)
    edition = selectors.edition_for_evaluation(actor=actor, pk=pk)
    actor.require(permissions.can_start_participant_evaluation(actor, edition))
    versions = services.evaluation_versions()
    starts_on, ends_on = services.default_answer_period(edition)
    form = ParticipantEvaluationForm(
        request.POST or None, versions=versions, initial={"starts_on": starts_on, "ends_on": ends_on}
    )
    existing = services.edition_campaign(edition)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.participant_evaluation_start(
                actor=actor,
                edition=edition,
                version=data["version"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The participant evaluation was started: type in the paper forms as they come back.")
            )
            return redirect("evaluation:edition", pk=edition.pk)
    return render(
        request,
        "evaluation/participant_evaluation_form.html",
        {"edition": edition, "activity": edition.activity, "form": form, "versions": versions, "existing": existing},
    )


@login_required
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    """Link a later edition of the activity as shaped by this edition's evaluation."""
    actor = actor_for(request.user)
    edition = selectors.edition_for_evaluation(actor=actor, pk=pk)
    actor.require(permissions.can_link_follow_up(actor, edition))
    evaluation = selectors.evaluation_for_follow_up(actor=actor, edition=edition)
    candidates = selectors.follow_up_candidates(actor=actor, edition=edition)
    form = FollowUpForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_link(actor=actor, evaluation=evaluation, edition=form.cleaned_data["edition"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The later edition now shows that this evaluation shaped it."))
            return redirect("evaluation:edition", pk=edition.pk)
    return render(
        request,
        "evaluation/follow_up_form.html",
        {"edition": edition, "activity": edition.activity, "evaluation": evaluation, "form": form},
    )


@login_required
@require_POST
def follow_up_remove(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    link = selectors.follow_up_get(actor=actor, pk=pk)
    evaluated = link.evaluation.edition_id
    services.follow_up_unlink(actor=actor, follow_up=link)
    messages.success(request, _("The link to the later edition was removed."))
    return redirect("evaluation:edition", pk=evaluated)


@login_required
def activity_loop(request: HttpRequest, pk: int) -> HttpResponse:
    """The activity's editions, their decisions and the editions each one shaped."""
    actor = actor_for(request.user)
    activity = selectors.activity_for_loop(actor=actor, pk=pk)
    steps = selectors.activity_loop(actor=actor, activity=activity)
    return render(request, "evaluation/activity_loop.html", {"activity": activity, "steps": steps})
