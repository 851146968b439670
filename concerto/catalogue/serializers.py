"""The shape of the catalogue API's input and output: activities, editions, sessions.

Serializers check that input is well formed (types, formats, ids that exist and that the
reader may see) and turn it into the arguments of the catalogue services. The rules of the
catalogue (who may do what, opening hours, double bookings...) stay in the services, which
raise field-keyed errors the exception handler returns as 400.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from concerto.accounts.models import Role, User
from concerto.api.fields import LocalisedField, PlausibleDateField, PlausibleDateTimeField
from concerto.core.translation import CONTENT_LANGUAGES
from concerto.organisations.models import Organisation
from concerto.prisons.models import Prison, Room, Unit

from .filters import visible_activities, visible_editions
from .models import Activity, ActivityStatus, Edition, Session, SessionStatus
from .scheduling import occurrence_dates, validate_rule
from .services import TRANSLATED_ACTIVITY_FIELDS, EditionData

ACTIVITY_TEXT_FIELDS = [f"{name}_{code}" for name in TRANSLATED_ACTIVITY_FIELDS for code in CONTENT_LANGUAGES]
FACILITATOR_ROLES = (Role.SERVICE_MANAGER, Role.SERVICE_WORKER, Role.PARTNER_FACILITATOR)


# --- Fields -------------------------------------------------------------------------------


# Named schema components for the status enums: the activity's status and a transition's target
# then share one, where drf-spectacular's automatic enum naming would warn about a collision.
@extend_schema_field(
    {"type": "string", "enum": list(ActivityStatus.values), "description": _("Status of an activity.")},
    component_name="ActivityStatus",
)
class ActivityStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ActivityStatus.choices, **kwargs)


@extend_schema_field(
    {"type": "string", "enum": list(SessionStatus.values), "description": _("Status of a session.")},
    component_name="SessionStatus",
)
class SessionStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=SessionStatus.choices, **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class VisibleActivityField(serializers.PrimaryKeyRelatedField):
    """An activity the reader may see: others are refused exactly like ids that do not exist."""

    def get_queryset(self) -> QuerySet[Activity]:
        return visible_activities(self.context.get("request"))


@extend_schema_field(OpenApiTypes.INT)
class VisibleEditionField(serializers.PrimaryKeyRelatedField):
    """An edition the reader may see: others are refused exactly like ids that do not exist."""

    def get_queryset(self) -> QuerySet[Edition]:
        return visible_editions(self.context.get("request"))


class RecurrenceRuleField(serializers.CharField):
    """An RFC 5545 RRULE value without DTSTART and UNTIL, e.g. ``FREQ=WEEKLY;BYDAY=TU``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault(
            "help_text",
            _(
                "An RFC 5545 recurrence rule without DTSTART and UNTIL (the edition's period sets them), "
                "e.g. FREQ=WEEKLY;BYDAY=TU. Empty for an edition whose sessions are added one by one."
            ),
        )
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        rule: str = super().to_internal_value(data)
        if not rule.strip():
            return ""
        try:
            return validate_rule(rule)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error


def check_rule_computes(rule: str, starts_on: dt.date, ends_on: dt.date) -> None:
    """Refuse, on the recurrence field, a rule whose dates python-dateutil cannot compute.

    The scheduling module turns syntax errors into messages, but some rules only fail while
    their dates are computed (IndexError, TypeError...); those must be a 400, not a 500.
    """
    try:
        occurrence_dates(rule, starts_on, max(starts_on, ends_on), set())
    except DjangoValidationError as error:
        raise serializers.ValidationError({"recurrence": error.messages}) from error
    except (ValueError, TypeError, IndexError, OverflowError) as error:
        raise serializers.ValidationError(
            {"recurrence": [_("This recurrence rule is not valid (RFC 5545): %(error)s") % {"error": error}]}
        ) from error


# --- Activities ---------------------------------------------------------------------------


class ActivitySerializer(serializers.ModelSerializer):
    """An activity; texts as stored per language, plus ``title`` and ``summary`` in the request language."""

    title = LocalisedField("title", help_text=_("The title in the request language, or in another one."))
    title_language = LocalisedField(
        "title", language=True, help_text=_("The language of ``title`` (it differs when a translation is missing).")
    )
    summary = LocalisedField("summary", help_text=_("The summary in the request language, or in another one."))
    summary_language = LocalisedField("summary", language=True, help_text=_("The language of ``summary``."))
    organiser = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.filter(is_active=True))
    partners = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(is_active=True), many=True, required=False
    )
    status = ActivityStatusField(read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            *ACTIVITY_TEXT_FIELDS,
            "title",
            "title_language",
            "summary",
            "summary_language",
            "category",
            "aims",
            "target_groups",
            "languages",
            "organiser",
            "partners",
            "contact",
            "default_capacity",
            "status",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class ActivityTransitionSerializer(serializers.Serializer):
    to_status = ActivityStatusField()
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=300, default="", help_text=_("Kept in the activity's history.")
    )


# --- Editions -----------------------------------------------------------------------------


class EditionSerializer(serializers.ModelSerializer):
    """An edition (one run of an activity in one prison) with its recurring schedule.

    Saving it generates the sessions of the schedule again from today on; sessions moved,
    cancelled or added by hand are kept.
    """

    prison = serializers.PrimaryKeyRelatedField(queryset=Prison.objects.filter(is_active=True))
    units = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.filter(is_active=True), many=True)
    room = serializers.PrimaryKeyRelatedField(
        queryset=Room.objects.filter(is_active=True), required=False, allow_null=True
    )
    facilitators = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(
            is_active=True, memberships__is_active=True, memberships__role__in=FACILITATOR_ROLES
        ).distinct(),
        many=True,
        required=False,
        help_text=_("Users of the organiser or a partner organisation."),
    )
    starts_on = PlausibleDateField(help_text=_("The first day."))
    ends_on = PlausibleDateField(help_text=_("The last day."))
    recurrence = RecurrenceRuleField(required=False)
    excluded_dates = serializers.ListField(
        child=PlausibleDateField(), required=False, help_text=_("Days without a session.")
    )
    skip_closed_days = serializers.BooleanField(
        write_only=True,
        default=False,
        help_text=_("Leave out the days when the prison is closed instead of refusing the schedule."),
    )
    double_booking_reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=300,
        default="",
        help_text=_("Coordinators only: accept a double booking of the room or a facilitator, for this reason."),
    )

    class Meta:
        model = Edition
        fields = [
            "id",
            "activity",
            "prison",
            "units",
            "room",
            "starts_on",
            "ends_on",
            "capacity",
            "facilitators",
            "recurrence",
            "session_starts_at",
            "session_ends_at",
            "excluded_dates",
            "skip_closed_days",
            "double_booking_reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["activity", "created_at", "updated_at"]

    def _current(self, attrs: dict[str, Any], name: str, default: Any = None) -> Any:
        """The value after this request: given, else the edition's (on update), else ``default``."""
        if name in attrs:
            return attrs[name]
        if self.instance is not None:
            return getattr(self.instance, name)
        return default

    def _activity(self, attrs: dict[str, Any]) -> Activity:
        if "activity" in attrs:
            activity: Activity = attrs["activity"]
            return activity
        if isinstance(self.instance, Edition):
            return self.instance.activity
        raise serializers.ValidationError({"activity": [_("This field is required.")]})

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        facilitators = attrs.get("facilitators") or []
        if facilitators:
            activity = self._activity(attrs)
            organisations = {activity.organiser_id, *activity.partners.values_list("pk", flat=True)}
            allowed = set(
                User.objects.filter(
                    pk__in=[f.pk for f in facilitators],
                    memberships__organisation_id__in=organisations,
                    memberships__is_active=True,
                    memberships__role__in=FACILITATOR_ROLES,
                ).values_list("pk", flat=True)
            )
            strangers = [f for f in facilitators if f.pk not in allowed]
            if strangers:
                raise serializers.ValidationError(
                    {
                        "facilitators": [
                            _("%(user)s does not work for the organiser or a partner of this activity.")
                            % {"user": user}
                            for user in strangers
                        ]
                    }
                )
        rule = self._current(attrs, "recurrence", "")
        starts_on = self._current(attrs, "starts_on")
        ends_on = self._current(attrs, "ends_on")
        if rule and starts_on and ends_on:
            check_rule_computes(rule, starts_on, ends_on)
        return attrs

    def schedule_options(self) -> dict[str, Any]:
        """The services' keyword options (a PATCH applies no defaults, hence the fallbacks)."""
        return {
            "skip_closed_days": self.validated_data.get("skip_closed_days", False),
            "double_booking_reason": self.validated_data.get("double_booking_reason", ""),
        }

    def edition_data(self) -> EditionData:
        """The validated input as the services take it, completed by the edition's values on update."""
        data = self.validated_data
        edition: Edition | None = self.instance
        units = data["units"] if "units" in data else list(edition.units.all()) if edition else []
        facilitators = (
            data["facilitators"] if "facilitators" in data else list(edition.facilitators.all()) if edition else []
        )
        if "excluded_dates" in data:
            excluded = data["excluded_dates"]
        else:
            excluded = [dt.date.fromisoformat(day) for day in edition.excluded_dates] if edition else []
        return EditionData(
            prison=self._current(data, "prison"),
            units=list(units),
            room=self._current(data, "room"),
            starts_on=self._current(data, "starts_on"),
            ends_on=self._current(data, "ends_on"),
            capacity=self._current(data, "capacity"),
            facilitators=list(facilitators),
            recurrence=self._current(data, "recurrence", ""),
            session_starts_at=self._current(data, "session_starts_at"),
            session_ends_at=self._current(data, "session_ends_at"),
            excluded_dates=list(excluded),
        )


class EditionCreateSerializer(EditionSerializer):
    activity = VisibleActivityField(help_text=_("The activity this edition runs."))

    class Meta(EditionSerializer.Meta):
        read_only_fields = ["created_at", "updated_at"]


# --- Sessions -----------------------------------------------------------------------------


class SessionSerializer(serializers.ModelSerializer):
    activity = serializers.IntegerField(source="edition.activity_id", read_only=True)
    activity_title = LocalisedField("title", source="edition.activity")
    prison = serializers.IntegerField(source="edition.prison_id", read_only=True)
    status = SessionStatusField(read_only=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "edition",
            "activity",
            "activity_title",
            "prison",
            "room",
            "starts_at",
            "ends_at",
            "status",
            "origin",
            "moved_from",
            "change_reason",
            "conflict_accepted_reason",
        ]
        read_only_fields = fields


class DoubleBookingReasonMixin(serializers.Serializer):
    double_booking_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=300,
        default="",
        help_text=_("Coordinators only: accept a double booking of the room or a facilitator, for this reason."),
    )


class SessionCreateSerializer(DoubleBookingReasonMixin):
    """A one-off session added to an edition."""

    edition = VisibleEditionField()
    starts_at = PlausibleDateTimeField(help_text=_("Without an offset, the time is read in Brussels time."))
    ends_at = PlausibleDateTimeField()
    room = serializers.PrimaryKeyRelatedField(
        queryset=Room.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text=_("Default: the edition's room."),
    )


class SessionMoveSerializer(DoubleBookingReasonMixin):
    starts_at = PlausibleDateTimeField(help_text=_("Without an offset, the time is read in Brussels time."))
    ends_at = PlausibleDateTimeField()
    room = serializers.PrimaryKeyRelatedField(
        queryset=Room.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text=_("Default: the session keeps its room; null for no room."),
    )
    reason = serializers.CharField(max_length=300, help_text=_("Why the session moves; kept in its history."))


class SessionCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, help_text=_("Why the session is cancelled."))
