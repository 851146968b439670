"""Paper forms of a campaign: a printable page and a PDF per language. Thin views."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from concerto.accounts.permissions import actor_for
from concerto.attendance.pdf import pdf_response
from concerto.core.translation import current_language

from .. import paper, permissions, selectors


@login_required
def paper_form(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    """The form in ``language``, laid out as it prints (the page's menus do not print)."""
    actor = actor_for(request.user)
    actor.require(permissions.can_use_surveys(actor))
    campaign = selectors.campaign_get(actor=actor, pk=pk)
    form = paper.paper_form(campaign, language, reader_language=current_language())
    return render(
        request,
        "surveys/paper/form.html",
        {"campaign": campaign, "form": form, "languages": paper.form_languages(campaign)},
    )


@login_required
def paper_form_pdf(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    actor = actor_for(request.user)
    actor.require(permissions.can_use_surveys(actor))
    campaign = selectors.campaign_get(actor=actor, pk=pk)
    form = paper.paper_form(campaign, language, reader_language=current_language())
    return pdf_response(paper.render_paper_pdf(form), f"form-{campaign.pk}-{language}.pdf")
