"""REST API of the organisations and the communities they answer to (read-only reference data).

What an organisation publishes about itself, for every signed-in user; its contact persons are
not part of it (see ``concerto.api.views.ReferenceViewSet``).
"""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.routers import BaseRouter

from concerto.api.fields import NAME_FIELDS, LocalisedField
from concerto.api.views import ReferenceViewSet

from .models import Community, Organisation


class CommunitySerializer(serializers.ModelSerializer):
    name = LocalisedField("name")

    class Meta:
        model = Community
        fields = ["id", "code", *NAME_FIELDS, "name", "position"]


class OrganisationSerializer(serializers.ModelSerializer):
    """What an organisation publishes about itself; its contact persons are not part of it."""

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "acronym",
            "kind",
            "community",
            "languages",
            "website",
            "email",
            "phone",
            "address",
            "enterprise_number",
            "bruxelles_social_id",
            "is_active",
        ]


class OrganisationViewSet(ReferenceViewSet):
    """Organisations, with what they publish about themselves (no contact persons)."""

    queryset = Organisation.objects.prefetch_related("languages")
    serializer_class = OrganisationSerializer
    filterset_fields = ["kind", "community", "is_active"]


class CommunityViewSet(ReferenceViewSet):
    """Competent authorities (Cocom, French and Flemish Communities)."""

    queryset = Community.objects.all()
    serializer_class = CommunitySerializer


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to the API router."""
    router.register("organisations", OrganisationViewSet, basename="organisation")
    router.register("communities", CommunityViewSet, basename="community")
