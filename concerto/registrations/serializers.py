"""The shape of the registration API's input and output.

Serializers check that input is well formed (types, ids that exist and that the reader may
see); the rules (who may do what, the state machine, places) stay in the services.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from concerto.accounts.permissions import actor_for
from concerto.api.fields import LocalisedField, PlausibleDateField
from concerto.catalogue.serializers import VisibleEditionField
from concerto.core.translation import CONTENT_LANGUAGES
from concerto.detainees.models import Detainee
from concerto.detainees.permissions import detainee_visibility, registrable_visibility, sees_full_identity
from concerto.organisations.models import Organisation
from concerto.registrations.models import (
    TAKES_A_PLACE,
    Application,
    ApplicationSource,
    ApplicationStatus,
    PrisonRequest,
    RefusalReason,
)
from concerto.registrations.permissions import application_visibility
from concerto.registrations.screening import CHECK_LABELS, OUTCOME_LABELS
from concerto.registrations.services import DECISIONS, MAX_PRIORITY


class _EnumField(serializers.ChoiceField):
    """A choice field whose choices are fixed by the subclass (named schema components below)."""

    CHOICES: list[tuple[str, Any]] = []

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=self.CHOICES, **kwargs)


def _enum(choices: list[tuple[str, Any]], description: str) -> dict[str, Any]:
    return {"type": "string", "enum": [value for value, _label in choices], "description": description}


# Named schema components: drf-spectacular's automatic enum naming would warn about collisions
# between fields of the same name ("status", "kind"...) with different choices.
@extend_schema_field(
    _enum(ApplicationStatus.choices, "Status of an application (see docs/registrations.md)."),
    component_name="ApplicationStatus",
)
class ApplicationStatusField(_EnumField):
    CHOICES = ApplicationStatus.choices


@extend_schema_field(
    _enum(ApplicationSource.choices, "How an application came in."), component_name="ApplicationSource"
)
class ApplicationSourceField(_EnumField):
    CHOICES = ApplicationSource.choices


@extend_schema_field(
    _enum(PrisonRequest.Kind.choices, "What is asked of the prison."), component_name="PrisonRequestKind"
)
class PrisonRequestKindField(_EnumField):
    CHOICES = PrisonRequest.Kind.choices


@extend_schema_field(
    _enum(PrisonRequest.Status.choices, "Where a request to the prison stands."), component_name="PrisonRequestStatus"
)
class PrisonRequestStatusField(_EnumField):
    CHOICES = PrisonRequest.Status.choices


DECISION_CHOICES: list[tuple[str, Any]] = [(decision, decision) for decision in DECISIONS]


@extend_schema_field(
    _enum(DECISION_CHOICES, "The staff's decision after screening."), component_name="ScreeningDecision"
)
class DecisionField(_EnumField):
    CHOICES = DECISION_CHOICES


@extend_schema_field(_enum(list(OUTCOME_LABELS.items()), "Result of a screening check."), component_name="CheckOutcome")
class CheckOutcomeField(_EnumField):
    CHOICES = list(OUTCOME_LABELS.items())


@extend_schema_field(_enum(list(CHECK_LABELS.items()), "Which screening check."), component_name="CheckCode")
class CheckCodeField(_EnumField):
    CHOICES = list(CHECK_LABELS.items())


@extend_schema_field(OpenApiTypes.INT)
class VisibleDetaineeField(serializers.PrimaryKeyRelatedField):
    """A person the reader follows or may register: others are refused exactly like ids that do not exist."""

    def get_queryset(self) -> QuerySet[Detainee]:
        request = self.context.get("request")
        if request is None:
            return Detainee.objects.none()
        actor = actor_for(request.user)
        visible = Detainee.objects.filter(detainee_visibility(actor) | registrable_visibility(actor)).values("pk")
        return Detainee.objects.filter(pk__in=visible)


@extend_schema_field(OpenApiTypes.INT)
class VisibleApplicationField(serializers.PrimaryKeyRelatedField):
    """An application the reader may read: others are refused exactly like ids that do not exist."""

    def get_queryset(self) -> QuerySet[Application]:
        request = self.context.get("request")
        if request is None:
            return Application.objects.none()
        visible = Application.objects.filter(application_visibility(actor_for(request.user))).values("pk")
        return Application.objects.filter(pk__in=visible).select_related("edition__activity")


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Detainee
        fields = ["id", "prison_number", "first_name", "last_name", "unit"]


class PrisonRequestSerializer(serializers.ModelSerializer):
    kind = PrisonRequestKindField(read_only=True)
    status = PrisonRequestStatusField(read_only=True)

    class Meta:
        model = PrisonRequest
        fields = ["id", "application", "kind", "status", "requested_on", "answered_on"]


class PrisonRequestRecordSerializer(serializers.Serializer):
    application = VisibleApplicationField()
    kind = PrisonRequestKindField()
    status = PrisonRequestStatusField()
    requested_on = PlausibleDateField()
    answered_on = PlausibleDateField(required=False, allow_null=True, default=None)


class CheckSerializer(serializers.Serializer):
    code = CheckCodeField(read_only=True)
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]  # a field named like Field.label
    outcome = CheckOutcomeField(read_only=True)
    reason = serializers.CharField(read_only=True)


class ApplicationSerializer(serializers.ModelSerializer):
    """An application with the person's minimum data (readers of full records only)."""

    detainee = PersonSerializer(read_only=True)
    status = ApplicationStatusField(read_only=True)
    source = ApplicationSourceField(read_only=True)  # type: ignore[assignment]  # a field named like Field.source
    takes_a_place = serializers.SerializerMethodField(help_text=_("Whether this status holds one of the places."))
    prison_requests = PrisonRequestSerializer(many=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "edition",
            "detainee",
            "status",
            "takes_a_place",
            "source",
            "referred_by",
            "applied_on",
            "recorded_by",
            "recorded_for",
            "priority",
            "refusal_reason",
            "checklist_answers",
            "offer_expires_at",
            "offer_lapsed_at",
            "status_changed_at",
            "created_at",
            "prison_requests",
        ]
        read_only_fields = fields

    def get_takes_a_place(self, application: Application) -> bool:
        return TAKES_A_PLACE[application.status]


class ApplicationDetailSerializer(ApplicationSerializer):
    checks = serializers.SerializerMethodField(help_text=_("The automatic screening checks."))

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "checks"]
        read_only_fields = fields

    @extend_schema_field(CheckSerializer(many=True))
    def get_checks(self, application: Application) -> list[dict[str, Any]]:
        checks = self.context.get("checks") or []
        return CheckSerializer(checks, many=True).data  # type: ignore[return-value]


class ApplicationCreateSerializer(serializers.Serializer):
    detainee = VisibleDetaineeField(help_text=_("The person (from the prison's list)."))
    edition = VisibleEditionField()
    source = ApplicationSourceField()  # type: ignore[assignment]  # a field named like Field.source
    applied_on = PlausibleDateField(help_text=_("The date on the slip or of the referral."))
    referred_by = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(is_active=True), required=False, allow_null=True, default=None
    )
    recorded_for = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The service that follows the application; by default the user's own."),
    )
    priority = serializers.IntegerField(min_value=0, max_value=MAX_PRIORITY, default=0)


class ApplicationMoveSerializer(serializers.Serializer):
    to_status = ApplicationStatusField()
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=300, default="", help_text=_("Kept in the history.")
    )
    refusal_reason = serializers.PrimaryKeyRelatedField(
        queryset=RefusalReason.objects.all(), required=False, allow_null=True, default=None
    )


class ApplicationDecideSerializer(serializers.Serializer):
    decision = DecisionField()
    refusal_reason = serializers.PrimaryKeyRelatedField(
        queryset=RefusalReason.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Needed to refuse."),
    )
    checklist_answers = serializers.DictField(
        child=serializers.BooleanField(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The edition's checklist questions answered yes (true) or no (false)."),
    )


class ApplicationFilterSerializer(serializers.Serializer):
    edition = VisibleEditionField(required=False, help_text=_("Applications to this edition."))
    status = ApplicationStatusField(required=False)


class ParticipantFilterSerializer(serializers.Serializer):
    edition = VisibleEditionField(required=False, help_text=_("Participants of this edition."))


class ParticipantSerializer(serializers.ModelSerializer):
    """A person in an edition's group; partner facilitators get first name and initial only."""

    name = serializers.SerializerMethodField()
    prison_number = serializers.SerializerMethodField()
    unit = serializers.IntegerField(source="detainee.unit_id", read_only=True, allow_null=True)
    unit_name = serializers.SerializerMethodField()
    status = ApplicationStatusField(read_only=True)

    class Meta:
        model = Application
        fields = ["id", "edition", "name", "prison_number", "unit", "unit_name", "status"]

    def _full(self) -> bool:
        request = self.context.get("request")
        return request is not None and sees_full_identity(actor_for(request.user))

    def get_name(self, application: Application) -> str:
        detainee = application.detainee
        return f"{detainee.first_name} {detainee.last_name}" if self._full() else detainee.short_name

    def get_prison_number(self, application: Application) -> str | None:
        return application.detainee.prison_number if self._full() else None

    def get_unit_name(self, application: Application) -> str:
        return str(application.detainee.unit) if application.detainee.unit_id else ""


class RefusalReasonSerializer(serializers.ModelSerializer):
    name = LocalisedField("name")

    class Meta:
        model = RefusalReason
        fields = ["id", "code", *[f"name_{code}" for code in CONTENT_LANGUAGES], "name", "position"]
