"""Query parameters of the catalogue API's list endpoints (activities, editions, sessions).

Every parameter is validated before any query runs: a malformed value or an unknown id is a
400 naming the parameter, never a 500 and never a silently ignored filter. Ids of objects
that are confidential (activities, editions) are checked against what the reader may see, so
a filter cannot reveal that another organisation's draft exists.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.request import Request

from concerto.accounts.permissions import actor_for
from concerto.catalogue.models import Activity, ActivityStatus, Edition, Session
from concerto.catalogue.permissions import activity_visibility, edition_visibility
from concerto.catalogue.selectors import CatalogueFilters
from concerto.organisations.models import Organisation
from concerto.prisons.models import Prison, Unit
from concerto.reference.models import Category, Language, TargetGroup

PERIOD_INVERTED = _("The end of the period is before its start.")


def visible_activities(request: Request | None) -> QuerySet[Activity]:
    """Activities the requesting user may read; one row each (visibility joins may repeat rows)."""
    if request is None:
        return Activity.objects.none()
    visible = Activity.objects.filter(activity_visibility(actor_for(request.user))).values("pk")
    return Activity.objects.filter(pk__in=visible)


def visible_editions(request: Request | None) -> QuerySet[Edition]:
    """Editions the requesting user may read; one row each."""
    if request is None:
        return Edition.objects.none()
    visible = Edition.objects.filter(edition_visibility(actor_for(request.user))).values("pk")
    return Edition.objects.filter(pk__in=visible)


class ActivityFilterSerializer(serializers.Serializer):
    """The catalogue search, as query parameters of GET /api/v1/activities/."""

    q = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text=_("Words to look for in titles and texts.")
    )
    prison = serializers.PrimaryKeyRelatedField(
        queryset=Prison.objects.all(), required=False, help_text=_("Activities with an edition in this prison.")
    )
    unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), required=False, help_text=_("Activities with an edition for this unit.")
    )
    target_group = serializers.PrimaryKeyRelatedField(queryset=TargetGroup.objects.all(), required=False)
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.all(), required=False, help_text=_("A theme includes its sub-themes.")
    )
    language = serializers.PrimaryKeyRelatedField(
        queryset=Language.objects.all(), required=False, help_text=_("A language of delivery.")
    )
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, help_text=_("The organiser or a partner organisation.")
    )
    period_start = serializers.DateField(
        required=False, help_text=_("Activities with an edition running on or after this day.")
    )
    period_end = serializers.DateField(
        required=False, help_text=_("Activities with an edition running on or before this day.")
    )
    status = serializers.ChoiceField(choices=ActivityStatus.choices, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("period_start"), attrs.get("period_end")
        if start and end and end < start:
            raise serializers.ValidationError({"period_end": [PERIOD_INVERTED]})
        return attrs

    def to_filters(self) -> CatalogueFilters:
        data = self.validated_data

        def pk(name: str) -> int | None:
            value = data.get(name)
            return value.pk if value is not None else None

        return CatalogueFilters(
            text=data.get("q", ""),
            prison=pk("prison"),
            unit=pk("unit"),
            target_group=pk("target_group"),
            category=pk("category"),
            language=pk("language"),
            organisation=pk("organisation"),
            period_start=data.get("period_start"),
            period_end=data.get("period_end"),
            status=data.get("status", ""),
        )


class PeriodForm(forms.Form):
    """The filter form of a FilterSet with a period: refuses an end before the start."""

    start_field = "period_start"
    end_field = "period_end"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: dt.date | None = data.get(self.start_field)
        end: dt.date | None = data.get(self.end_field)
        if start and end and end < start:
            self.add_error(self.end_field, PERIOD_INVERTED)
        return data


class SessionPeriodForm(PeriodForm):
    start_field = "from"
    end_field = "to"


class EditionFilterSet(django_filters.FilterSet):
    activity = django_filters.ModelChoiceFilter(queryset=visible_activities, label=_("Activity"))
    prison = django_filters.ModelChoiceFilter(queryset=Prison.objects.all(), label=_("Prison"))
    unit = django_filters.ModelChoiceFilter(field_name="units", queryset=Unit.objects.all(), label=_("Unit"))
    period_start = django_filters.DateFilter(
        field_name="ends_on", lookup_expr="gte", label=_("Editions running on or after this day")
    )
    period_end = django_filters.DateFilter(
        field_name="starts_on", lookup_expr="lte", label=_("Editions running on or before this day")
    )

    class Meta:
        model = Edition
        fields = ["activity", "prison", "unit", "period_start", "period_end"]
        form = PeriodForm


class SessionFilterSet(django_filters.FilterSet):
    prison = django_filters.ModelChoiceFilter(
        field_name="edition__prison", queryset=Prison.objects.all(), label=_("Prison")
    )
    edition = django_filters.ModelChoiceFilter(queryset=visible_editions, label=_("Edition"))
    unit = django_filters.ModelChoiceFilter(field_name="edition__units", queryset=Unit.objects.all(), label=_("Unit"))

    class Meta:
        model = Session
        fields = ["prison", "edition", "unit"]
        form = SessionPeriodForm

    @classmethod
    def get_filters(cls) -> dict[str, django_filters.Filter]:
        # "from" and "to" are Python keywords, so they cannot be declared as class attributes.
        filters: dict[str, django_filters.Filter] = super().get_filters()
        filters["from"] = django_filters.DateFilter(
            field_name="starts_at", lookup_expr="date__gte", label=_("Sessions on or after this day (local time)")
        )
        filters["to"] = django_filters.DateFilter(
            field_name="starts_at", lookup_expr="date__lte", label=_("Sessions on or before this day (local time)")
        )
        return filters
