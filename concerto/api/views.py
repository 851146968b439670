"""Bases of every app's API views: the acting user at hand, integer ids in URLs.

Each app's ``api.py`` declares its viewsets on these bases and a ``register(router)`` that
``concerto/api/urls.py`` calls. Views check the shape of the input, call a selector or a service
as the acting user, and answer. Services raise Django's ValidationError (400 with field errors)
and PermissionDenied (403); selectors raise Http404 for what the reader may not see, so another
organisation's drafts are indistinguishable from ids that do not exist.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import status, viewsets
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from concerto.accounts.permissions import Actor, actor_for


class ActorViewSet(viewsets.GenericViewSet):
    """Base of the endpoints that read and write as the acting user: integer ids in URLs, the actor at hand."""

    lookup_value_regex = r"[0-9]+"

    @property
    def actor(self) -> Actor:
        return actor_for(self.request.user)

    def url_pk(self) -> int:
        # Digits only (lookup_value_regex); Django answers "does not exist" for out-of-range ids.
        return int(self.kwargs[self.lookup_url_kwarg or self.lookup_field])

    def paginated(self, queryset: QuerySet[Any], serializer_class: type[BaseSerializer[Any]]) -> Response:
        page = self.paginate_queryset(queryset)
        if page is None:
            return Response(serializer_class(queryset, many=True, context=self.get_serializer_context()).data)
        data = serializer_class(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    def answer(
        self, instance: Any, serializer_class: type[BaseSerializer[Any]], status_code: int = status.HTTP_200_OK
    ) -> Response:
        return Response(serializer_class(instance, context=self.get_serializer_context()).data, status=status_code)


# --- Reference data (prisons, organisations, reference) -----------------------------------


class ReferenceViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only for every signed-in user; reference data is edited in the admin."""

    lookup_value_regex = r"[0-9]+"
