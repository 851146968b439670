"""The open data of the public offer: HSDS 3.0 API, its profile, the tabular package, DCAT.

Public, read-only, no login, no session: every view reads ``hsds.shared_directory()`` (built from
``concerto.public.selectors``) and answers through ``http.conditional`` (ETag, 304, caching).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import require_safe

from concerto.opendata import dcat, tabular
from concerto.opendata.hsds import HSDS_VERSION, JSON, Directory, shared_directory
from concerto.opendata.http import conditional, json_response, ndjson_response, problem

PROFILE_DIR = Path(__file__).resolve().parent / "profile"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
TRUE = ("1", "true", "yes")


class BadParameter(ValueError):
    pass


@dataclass(frozen=True)
class ListQuery:
    """The HSDS query parameters of a list endpoint, checked."""

    page: int
    per_page: int
    search: str
    taxonomy_term_id: str
    taxonomy_id: str
    organization_id: str
    modified_after: dt.datetime | None
    minimal: bool
    full: bool
    full_service: bool
    ndjson: bool

    @classmethod
    def of(cls, request: HttpRequest) -> ListQuery:
        get = request.GET
        return cls(
            page=_positive(get.get("page", "1"), "page"),
            per_page=min(_positive(get.get("per_page", str(DEFAULT_PER_PAGE)), "per_page"), MAX_PER_PAGE),
            search=get.get("search", "").strip()[:200],
            taxonomy_term_id=get.get("taxonomy_term_id", "").strip(),
            taxonomy_id=get.get("taxonomy_id", "").strip(),
            organization_id=get.get("organization_id", "").strip(),
            modified_after=_moment(get.get("modified_after", "")),
            minimal=get.get("minimal", "").lower() in TRUE,
            full=get.get("full", "").lower() in TRUE,
            full_service=get.get("full_service", "").lower() in TRUE,
            ndjson=get.get("format", "json").lower() == "ndjson",
        )


def _positive(value: str, name: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise BadParameter(f"{name} must be a whole number from 1.")
    return int(value)


def _moment(value: str) -> dt.datetime | None:
    """``modified_after``: an ISO 8601 date-time (local time when it has no offset) or a date."""
    if not value:
        return None
    moment = parse_datetime(value.replace(" ", "+"))
    if moment is None and (day := parse_date(value)):
        moment = dt.datetime.combine(day, dt.time.min)
    if moment is None:
        raise BadParameter("modified_after must be an ISO 8601 date or date-time.")
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def page_of(items: Sequence[Any], query: ListQuery, render: Callable[[Any], JSON]) -> JSON:
    """One page with the HSDS page fields."""
    total = len(items)
    pages = math.ceil(total / query.per_page)
    start = (query.page - 1) * query.per_page
    contents = [render(item) for item in items[start : start + query.per_page]]
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": query.page,
        "size": len(contents),
        "first_page": query.page == 1,
        "last_page": query.page >= pages,
        "empty": not contents,
        "contents": contents,
    }


def _listing(
    request: HttpRequest,
    items: Callable[[Directory, ListQuery], Sequence[Any]],
    render: Callable[[Directory, ListQuery, Any], JSON],
) -> HttpResponseBase:
    try:
        query = ListQuery.of(request)
    except BadParameter as error:
        return problem(str(error))

    def build() -> HttpResponse:
        directory = shared_directory(search=query.search)
        chosen = items(directory, query)
        if query.ndjson:
            return ndjson_response(render(directory, query, item) for item in chosen)
        return json_response(page_of(chosen, query, lambda item: render(directory, query, item)))

    return conditional(request, build)


def _one(request: HttpRequest, find: Callable[[Directory], JSON | None]) -> HttpResponseBase:
    def build() -> HttpResponse:
        body = find(shared_directory())
        if body is None:
            return problem("No public object has this id.", status=404)
        return json_response(body)

    return conditional(request, build)


# --- the HSDS API -----------------------------------------------------------------------------------


@require_safe
def api_root(request: HttpRequest) -> HttpResponseBase:
    return conditional(
        request,
        lambda: json_response(
            {
                "version": HSDS_VERSION,
                "profile": settings.CONCERTO_HSDS_PROFILE_URI,
                "openapi_url": request.build_absolute_uri(reverse("opendata:hsds_openapi")),
            }
        ),
        per_language=False,
    )


@require_safe
def service_list(request: HttpRequest) -> HttpResponseBase:
    return _listing(
        request,
        lambda directory, query: directory.services_matching(
            taxonomy_term_id=query.taxonomy_term_id,
            taxonomy_id=query.taxonomy_id,
            organization_id=query.organization_id,
            modified_after=query.modified_after,
        ),
        lambda directory, query, activity: directory.service(activity, full=query.full, minimal=query.minimal),
    )


@require_safe
def service_detail(request: HttpRequest, service_id: str) -> HttpResponseBase:
    return _one(
        request, lambda d: d.service(activity, full=True) if (activity := d.find_activity(service_id)) else None
    )


@require_safe
def organization_list(request: HttpRequest) -> HttpResponseBase:
    def matching(directory: Directory, query: ListQuery) -> Sequence[Any]:
        if not query.search:
            return directory.organisations
        words = query.search.lower().split()
        return [o for o in directory.organisations if all(w in f"{o.name} {o.acronym}".lower() for w in words)]

    return _listing(
        request,
        matching,
        lambda directory, query, organisation: directory.organization(
            organisation, full=query.full, full_service=query.full_service
        ),
    )


@require_safe
def organization_detail(request: HttpRequest, organization_id: str) -> HttpResponseBase:
    full_service = request.GET.get("full_service", "").lower() in TRUE
    return _one(
        request,
        lambda d: (
            d.organization(organisation, full=True, full_service=full_service)
            if (organisation := d.find_organisation(organization_id))
            else None
        ),
    )


@require_safe
def service_at_location_list(request: HttpRequest) -> HttpResponseBase:
    return _listing(
        request,
        lambda directory, query: directory.service_at_location_pairs(
            directory.services_matching(
                taxonomy_term_id=query.taxonomy_term_id,
                taxonomy_id=query.taxonomy_id,
                organization_id=query.organization_id,
                modified_after=query.modified_after,
            )
        ),
        lambda directory, query, pair: directory.service_at_location(*pair, full=query.full),
    )


@require_safe
def service_at_location_detail(request: HttpRequest, service_at_location_id: str) -> HttpResponseBase:
    return _one(
        request,
        lambda d: (
            d.service_at_location(*pair, full=True)
            if (pair := d.find_service_at_location(service_at_location_id))
            else None
        ),
    )


@require_safe
def taxonomy_list(request: HttpRequest) -> HttpResponseBase:
    return _listing(
        request, lambda directory, query: directory.taxonomies, lambda directory, query, t: directory.taxonomy_object(t)
    )


@require_safe
def taxonomy_detail(request: HttpRequest, taxonomy_id: str) -> HttpResponseBase:
    return _one(request, lambda d: d.taxonomy_object(taxonomy) if (taxonomy := d.find_taxonomy(taxonomy_id)) else None)


@require_safe
def taxonomy_term_list(request: HttpRequest) -> HttpResponseBase:
    def matching(directory: Directory, query: ListQuery) -> Sequence[Any]:
        terms = directory.taxonomy_terms()
        if query.taxonomy_id:
            terms = [(t, term) for t, term in terms if t.id == query.taxonomy_id]
        parent_id = request.GET.get("parent_id", "")
        if parent_id:
            terms = [
                (t, term) for t, term in terms if directory.taxonomy_term_object(t, term).get("parent_id") == parent_id
            ]
        if request.GET.get("top_only", "").lower() in TRUE:
            terms = [(t, term) for t, term in terms if not term.parent_pk]
        return terms

    return _listing(request, matching, lambda directory, query, pair: directory.taxonomy_term_object(*pair))


@require_safe
def taxonomy_term_detail(request: HttpRequest, taxonomy_term_id: str) -> HttpResponseBase:
    return _one(
        request,
        lambda d: d.taxonomy_term_object(*pair) if (pair := d.find_taxonomy_term(taxonomy_term_id)) else None,
    )


# --- the profile, the OpenAPI description, the tabular package, DCAT -------------------------------


def _static_json(name: str) -> HttpResponse:
    path = PROFILE_DIR / name
    if not path.is_file() or path.suffix != ".json" or path.parent != PROFILE_DIR:
        raise Http404
    return HttpResponse(path.read_bytes(), content_type="application/json; charset=utf-8")


@require_safe
def profile(request: HttpRequest) -> HttpResponseBase:
    """What the Concerto profile is, and where its JSON Merge Patches are."""

    def build() -> HttpResponse:
        description = json.loads((PROFILE_DIR / "profile.json").read_text())
        description["schemas"] = {
            schema: request.build_absolute_uri(reverse("opendata:hsds_profile_file", args=[f"{schema}.json"]))
            for schema in description["patched_schemas"]
        }
        return json_response(description)

    return conditional(request, build, per_language=False)


@require_safe
def profile_file(request: HttpRequest, name: str) -> HttpResponseBase:
    return conditional(request, lambda: _static_json(name), per_language=False)


@require_safe
def openapi(request: HttpRequest) -> HttpResponseBase:
    def build() -> HttpResponse:
        document = json.loads((PROFILE_DIR / "openapi.json").read_text())
        document["servers"] = [{"url": request.build_absolute_uri(reverse("opendata:hsds_root")).rstrip("/")}]
        return json_response(document)

    return conditional(request, build, per_language=False)


@require_safe
def tabular_package(request: HttpRequest) -> HttpResponseBase:
    def build() -> HttpResponse:
        package = tabular.package(shared_directory(), base_url=request.build_absolute_uri("/"))
        response = HttpResponse(package, content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="concerto-hsds.zip"'
        return response

    return conditional(request, build)


@require_safe
def catalog_turtle(request: HttpRequest) -> HttpResponseBase:
    return conditional(
        request,
        lambda: HttpResponse(
            dcat.catalogue(base_url=request.build_absolute_uri("/")).serialize(format="turtle"),
            content_type="text/turtle; charset=utf-8",
        ),
        per_language=False,
    )


@require_safe
def catalog_jsonld(request: HttpRequest) -> HttpResponseBase:
    return conditional(
        request,
        lambda: HttpResponse(
            dcat.catalogue(base_url=request.build_absolute_uri("/")).serialize(format="json-ld", context=dcat.CONTEXT),
            content_type="application/ld+json; charset=utf-8",
        ),
        per_language=False,
    )
