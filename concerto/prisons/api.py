"""REST API of the prisons: prisons, their units and rooms, the hours when activities may take place.

Read-only reference data for every signed-in user (see ``concerto.api.views.ReferenceViewSet``).
"""

from __future__ import annotations

from django.db.models import Prefetch
from rest_framework import serializers
from rest_framework.routers import BaseRouter

from concerto.api.fields import NAME_FIELDS, LocalisedField
from concerto.api.views import ReferenceViewSet

from .models import ActivityWindow, Prison, Room, Unit


class UnitSerializer(serializers.ModelSerializer):
    name = LocalisedField("name")

    class Meta:
        model = Unit
        fields = [
            "id",
            "prison",
            "code",
            *NAME_FIELDS,
            "name",
            "kind",
            "regime",
            "gender",
            "legal_statuses",
            "is_active",
        ]


class RoomSerializer(serializers.ModelSerializer):
    class Meta:
        model = Room
        fields = ["id", "prison", "unit", "name", "capacity", "equipment", "is_active"]


class ActivityWindowSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActivityWindow
        fields = ["id", "weekday", "starts_at", "ends_at"]


class PrisonSerializer(serializers.ModelSerializer):
    name = LocalisedField("name")
    units = UnitSerializer(many=True, read_only=True)
    rooms = RoomSerializer(many=True, read_only=True)
    activity_windows = ActivityWindowSerializer(many=True, read_only=True)

    class Meta:
        model = Prison
        fields = [
            "id",
            "code",
            *NAME_FIELDS,
            "name",
            "address",
            "closed_on_public_holidays",
            "is_active",
            "units",
            "rooms",
            "activity_windows",
        ]


class PrisonViewSet(ReferenceViewSet):
    """Prisons with their units, rooms and the hours when activities may take place."""

    queryset = Prison.objects.prefetch_related(
        Prefetch("units", queryset=Unit.objects.prefetch_related("legal_statuses")),
        "rooms",
        "activity_windows",
    )
    serializer_class = PrisonSerializer
    filterset_fields = ["is_active"]


class UnitViewSet(ReferenceViewSet):
    """Units of the prisons, with the legal statuses they house."""

    queryset = Unit.objects.prefetch_related("legal_statuses")
    serializer_class = UnitSerializer
    filterset_fields = ["prison", "kind", "gender", "is_active"]


class RoomViewSet(ReferenceViewSet):
    """Rooms where activities take place."""

    queryset = Room.objects.all()
    serializer_class = RoomSerializer
    filterset_fields = ["prison", "unit", "is_active"]


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to the API router."""
    router.register("prisons", PrisonViewSet, basename="prison")
    router.register("units", UnitViewSet, basename="unit")
    router.register("rooms", RoomViewSet, basename="room")
