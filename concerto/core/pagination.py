"""One page of a list, with the other query parameters kept for the links of core/_pagination.html."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(request: HttpRequest, rows: Any, per_page: int) -> dict[str, Any]:
    """Context for a paginated list: ``page`` and ``query`` (the filters, without ``page``)."""
    query = request.GET.copy()
    query.pop("page", None)
    page: Page[Any] = Paginator(rows, per_page).get_page(request.GET.get("page"))
    return {"page": page, "query": query.urlencode()}
