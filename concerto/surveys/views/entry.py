"""Typing in paper forms, one after another, with the keyboard.

The page is a plain form (no JavaScript needed): form number, language, target group and unit,
then every question in order. After a form is saved the next blank one appears, keeping the
language, target group and unit of the last one (forms come in piles from one unit). The
answers go through ``services.response_record``, the entry path of every channel.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from concerto.accounts.permissions import actor_for

from .. import permissions, selectors, services
from ..forms import EntryForm
from ..models import Channel, Response

STICKY = ("language", "target_group", "unit")


@login_required
def response_entry(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    actor.require(permissions.can_use_surveys(actor), _("Surveys are for coordinators and service staff."))
    campaign = selectors.campaign_get(actor=actor, pk=pk)
    actor.require(
        permissions.can_enter_responses(actor, campaign),
        _("Only the staff of the campaign's organisation type in its forms."),
    )
    content = selectors.version_content(campaign.version)
    if request.method == "POST":
        form = EntryForm(request.POST, campaign=campaign, content=content)
        if form.is_valid():
            try:
                response = services.response_record(
                    actor=actor, campaign=campaign, data=form.response_data(), channel=Channel.PAPER
                )
            except ValidationError as error:
                form.add_response_errors(error)
            else:
                return _next_blank_form(request, campaign.pk, response)
        else:
            form.question_field_errors()
    else:
        initial = {name: request.GET[name] for name in STICKY if request.GET.get(name)}
        if "language" not in initial and content.languages:
            initial["language"] = content.languages[0].code
        form = EntryForm(campaign=campaign, content=content, initial=initial)
    today = timezone.localdate()
    typed = Response.objects.filter(campaign=campaign)
    return render(
        request,
        "surveys/response_entry.html",
        {
            "campaign": campaign,
            "version": campaign.version,
            "content": content,
            "form": form,
            "total": typed.count(),
            "mine_today": typed.filter(entered_by_id=actor.user_id, entered_at__date=today).count(),
        },
    )


def _next_blank_form(request: HttpRequest, campaign_pk: int, response: Response) -> HttpResponse:
    count = Response.objects.filter(campaign_id=campaign_pk).count()
    if response.paper_number:
        text = ngettext(
            "Form %(number)s saved. %(count)d form typed in for this campaign.",
            "Form %(number)s saved. %(count)d forms typed in for this campaign.",
            count,
        )
    else:
        text = ngettext(
            "Form saved. %(count)d form typed in for this campaign.",
            "Form saved. %(count)d forms typed in for this campaign.",
            count,
        )
    messages.success(request, text % {"number": response.paper_number, "count": count})
    sticky = {
        "language": response.language,
        "target_group": response.target_group_id or "",
        "unit": response.unit_id or "",
    }
    query = urlencode({key: value for key, value in sticky.items() if value})
    return HttpResponseRedirect(f"{reverse('surveys:response_entry', args=[campaign_pk])}?{query}")
