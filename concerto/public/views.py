"""The public offer's pages: no sign-in, the same bytes for everyone, cached by the publication stamp.

Every read goes through ``concerto.public.selectors``; every page goes through
``caching.public_page`` (ETag, Last-Modified, 304, body cache). The templates extend
``public/base.html``, which has no staff menu, no CSRF token and no user name.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation

from concerto.core.pagination import paginate
from concerto.public import selectors
from concerto.public.caching import public_page
from concerto.public.forms import OfferFilterForm
from concerto.public.presentation import activity_jsonld, jsonld_script
from concerto.public.seo import robots_lines, sitemap_entries

OFFER_PAGE_SIZE = 20


@public_page
def offer(request: HttpRequest) -> HttpResponse:
    form = OfferFilterForm(request.GET or None, choices=selectors.offer_filter_choices())
    filters = form.filters()
    context = paginate(request, selectors.offer_queryset(filters), OFFER_PAGE_SIZE)
    context.update(
        form=form,
        activities=selectors.offer_page(context["page"].object_list, filters),
        filtered=bool(request.GET.dict().keys() - {"page"}),
    )
    return render(request, "public/offer.html", context)


@public_page
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.activity_get(pk)
    if found is None:
        raise Http404

    def absolute(kind: str, target: int) -> str:
        return request.build_absolute_uri(reverse(f"public:{kind}", args=[target]))

    jsonld = activity_jsonld(found, url=request.build_absolute_uri(request.path), absolute=absolute)
    return render(request, "public/activity.html", {"activity": found, "jsonld": jsonld_script(jsonld)})


@public_page
def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.organisation_get(pk)
    if found is None:
        raise Http404
    activities = selectors.offer(selectors.PublicFilters(organisation=pk))
    return render(request, "public/organisation.html", {"organisation": found, "activities": activities})


@public_page
def prison(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.prison_get(pk)
    if found is None:
        raise Http404
    return render(request, "public/prison.html", {"prison": found, "units": selectors.prison_offer(found)})


@public_page
def sitemap(request: HttpRequest) -> HttpResponse:
    with translation.override(settings.LANGUAGE_CODE):
        entries = sitemap_entries(request.build_absolute_uri)
    return render(request, "public/sitemap.xml", {"entries": entries}, content_type="application/xml; charset=utf-8")


@public_page
def robots(request: HttpRequest) -> HttpResponse:
    lines = robots_lines(sitemap_url=request.build_absolute_uri(reverse("sitemap")))
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
