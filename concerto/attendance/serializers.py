"""The shape of the attendance API's input and output.

Serializers check that input is well formed; the rules (reasons, edit window, who may) stay in
the services, whose field-keyed errors the exception handler returns as 400.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from concerto.api.fields import LocalisedField
from concerto.organisations.models import Organisation

from .models import AbsenceReason, Attendance, AttendanceStatus, DropoutReason, InterviewStatus, ServiceNotice
from .selectors import SheetRow
from .services import InterviewData


@extend_schema_field(
    {"type": "string", "enum": list(AttendanceStatus.values), "description": _("Present or absent.")},
    component_name="AttendanceStatus",
)
class AttendanceStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=AttendanceStatus.choices, **kwargs)


@extend_schema_field(
    {"type": "string", "enum": list(InterviewStatus.values), "description": _("Status of a feedback interview.")},
    component_name="InterviewStatus",
)
class InterviewStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=InterviewStatus.choices, **kwargs)


@extend_schema_field(
    {"type": "string", "enum": list(DropoutReason.values), "description": _("Why the participant left.")},
    component_name="DropoutReason",
)
class DropoutReasonField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=DropoutReason.choices, **kwargs)


class AbsenceReasonSerializer(serializers.ModelSerializer):
    name = LocalisedField("name", help_text=_("The name in the request language, or another one when missing."))

    class Meta:
        model = AbsenceReason
        fields = ["id", "code", "name", "name_fr", "name_nl", "name_en", "is_excused", "position"]


class SheetPersonSerializer(serializers.Serializer):
    """A participant as the reader may see them."""

    name = serializers.CharField(
        read_only=True, help_text=_("Full name; first name and initial for partner facilitators.")
    )
    prison_number = serializers.CharField(read_only=True, help_text=_("Empty for partner facilitators."))
    unit = serializers.CharField(read_only=True)


class SheetRowSerializer(serializers.Serializer):
    application = serializers.IntegerField(source="application.pk", read_only=True)
    person = SheetPersonSerializer(read_only=True)
    status = serializers.SerializerMethodField(help_text=_("Null while nothing is recorded."))
    reason = serializers.SerializerMethodField()
    minutes_late = serializers.SerializerMethodField()
    recorded_at = serializers.SerializerMethodField()

    @extend_schema_field({"type": "string", "enum": [*AttendanceStatus.values, None], "nullable": True})
    def get_status(self, row: SheetRow) -> str | None:
        return row.attendance.status if row.attendance else None

    @extend_schema_field({"type": "integer", "nullable": True, "description": _("Id of the absence reason.")})
    def get_reason(self, row: SheetRow) -> int | None:
        return row.attendance.reason_id if row.attendance else None

    def get_minutes_late(self, row: SheetRow) -> int:
        return row.attendance.minutes_late if row.attendance else 0

    @extend_schema_field({"type": "string", "format": "date-time", "nullable": True})
    def get_recorded_at(self, row: SheetRow) -> str | None:
        return row.attendance.recorded_at.isoformat() if row.attendance else None


class AttendanceSheetSerializer(serializers.Serializer):
    session = serializers.IntegerField(source="session.pk", read_only=True)
    starts_at = serializers.DateTimeField(source="session.starts_at", read_only=True)
    ends_at = serializers.DateTimeField(source="session.ends_at", read_only=True)
    cancelled = serializers.BooleanField(source="session.is_cancelled", read_only=True)
    editable = serializers.BooleanField(read_only=True, help_text=_("Whether attendance may be recorded now."))
    editable_from = serializers.DateField(source="window.opens_on", read_only=True)
    editable_until = serializers.DateField(source="window.closes_on", read_only=True)
    rows = SheetRowSerializer(many=True, read_only=True)


class AttendanceRecordSerializer(serializers.Serializer):
    """One participant's attendance at the session (an absence needs a reason)."""

    application = serializers.IntegerField(min_value=1, help_text=_("Id of the participant's application."))
    status = AttendanceStatusField()
    reason = serializers.PrimaryKeyRelatedField(
        queryset=AbsenceReason.objects.all(), required=False, allow_null=True, default=None
    )
    minutes_late = serializers.IntegerField(min_value=0, max_value=600, required=False, default=0)


class AttendanceSerializer(serializers.ModelSerializer):
    status = AttendanceStatusField(read_only=True)
    application_status = serializers.CharField(
        source="application.status", read_only=True, help_text=_("The participant's status after this record.")
    )

    class Meta:
        model = Attendance
        fields = [
            "id",
            "session",
            "application",
            "status",
            "reason",
            "minutes_late",
            "recorded_at",
            "application_status",
        ]
        read_only_fields = fields


class InterviewSerializer(serializers.Serializer):
    """A feedback interview. Its reasons and notes are null unless you belong to the interviewer's service."""

    id = serializers.IntegerField(source="interview.pk", read_only=True)
    application = serializers.IntegerField(source="interview.application_id", read_only=True)
    organisation = serializers.IntegerField(source="interview.organisation_id", read_only=True)
    status = InterviewStatusField(read_only=True)
    planned_on = serializers.DateField(read_only=True, allow_null=True)
    held_on = serializers.DateField(read_only=True, allow_null=True)
    reasons = serializers.ListField(source="reason_codes", child=DropoutReasonField(), read_only=True, allow_null=True)
    notes = serializers.CharField(read_only=True, allow_null=True)
    updated_at = serializers.DateTimeField(source="interview.updated_at", read_only=True)


class InterviewWriteSerializer(serializers.Serializer):
    status = InterviewStatusField(required=False, default=InterviewStatus.PLANNED)
    planned_on = serializers.DateField(required=False, allow_null=True, default=None)
    held_on = serializers.DateField(required=False, allow_null=True, default=None)
    reasons = serializers.ListField(child=DropoutReasonField(), required=False, default=list, max_length=7)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)

    def interview_data(self) -> InterviewData:
        data = self.validated_data
        return InterviewData(
            status=data["status"],
            planned_on=data["planned_on"],
            held_on=data["held_on"],
            reasons=list(data["reasons"]),
            notes=data["notes"],
        )


class InterviewCreateSerializer(InterviewWriteSerializer):
    application = serializers.IntegerField(min_value=1, help_text=_("Id of the application of who dropped out."))
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Your service holding the interview; needed only when you work for several."),
    )


class NoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceNotice
        fields = ["id", "organisation", "message", "link", "created_at", "read_at"]
        read_only_fields = fields
