"""REST API of the reference data: target groups, categories, languages and aims (read-only).

For every signed-in user (see ``concerto.api.views.ReferenceViewSet``); names in the three
languages as stored, plus ``name`` in the request language.
"""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.routers import BaseRouter

from concerto.api.fields import NAME_FIELDS, LocalisedField
from concerto.api.views import ReferenceViewSet

from .models import Aim, Category, Language, TargetGroup


class LanguageSerializer(serializers.ModelSerializer):
    name = LocalisedField("name")

    class Meta:
        model = Language
        fields = ["id", "code", *NAME_FIELDS, "name", "native_name", "is_right_to_left", "position"]


class TargetGroupSerializer(serializers.ModelSerializer):
    name = LocalisedField("name")

    class Meta:
        model = TargetGroup
        fields = ["id", "code", *NAME_FIELDS, "name", "dimension", "gender", "position"]


class CategorySerializer(serializers.ModelSerializer):
    name = LocalisedField("name")

    class Meta:
        model = Category
        fields = ["id", "code", *NAME_FIELDS, "name", "parent", "position"]


class AimSerializer(serializers.ModelSerializer):
    name = LocalisedField("name")

    class Meta:
        model = Aim
        fields = ["id", "code", *NAME_FIELDS, "name", "position"]


class TargetGroupViewSet(ReferenceViewSet):
    """Who activities are for (gender, legal status, circle)."""

    queryset = TargetGroup.objects.all()
    serializer_class = TargetGroupSerializer
    filterset_fields = ["dimension"]


class CategoryViewSet(ReferenceViewSet):
    """The two-level taxonomy of activities (themes and sub-themes)."""

    queryset = Category.objects.all()
    serializer_class = CategorySerializer
    filterset_fields = ["parent"]


class LanguageViewSet(ReferenceViewSet):
    """Languages in which activities are delivered."""

    queryset = Language.objects.all()
    serializer_class = LanguageSerializer


class AimViewSet(ReferenceViewSet):
    """The aims activities serve."""

    queryset = Aim.objects.all()
    serializer_class = AimSerializer


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to the API router."""
    router.register("target-groups", TargetGroupViewSet, basename="target-group")
    router.register("categories", CategoryViewSet, basename="category")
    router.register("languages", LanguageViewSet, basename="language")
    router.register("aims", AimViewSet, basename="aim")
