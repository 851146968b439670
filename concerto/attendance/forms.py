"""Forms check the shape of input; the rules (reasons, edit window, who may) live in the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concerto.catalogue.forms import DateInput
from concerto.organisations.models import Organisation
from concerto.prisons.models import Prison, Unit

from .models import AbsenceReason, Attendance, AttendanceStatus, DropoutReason, FeedbackInterview, InterviewStatus
from .services import InterviewData

LANGUAGE_CHOICES = [("fr", _("French")), ("nl", _("Dutch")), ("en", _("English"))]


class AttendanceRowForm(forms.Form):
    """One participant's line of the attendance sheet (prefixed by the application id)."""

    status = forms.ChoiceField(label=_("Attendance"), required=False)
    reason = forms.ModelChoiceField(
        AbsenceReason.objects.all(), label=_("Reason for the absence"), required=False, empty_label="—"
    )
    minutes_late = forms.IntegerField(label=_("Minutes late"), min_value=0, max_value=600, required=False)

    def __init__(
        self,
        *args: Any,
        attendance: Attendance | None = None,
        reasons: list[tuple[Any, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        self.attendance = attendance
        if attendance is not None:
            kwargs.setdefault(
                "initial",
                {"status": attendance.status, "reason": attendance.reason_id, "minutes_late": attendance.minutes_late},
            )
        super().__init__(*args, **kwargs)
        choices = list(AttendanceStatus.choices)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - narrows the type for mypy
        # Once recorded, an attendance is corrected, not erased (its history stays).
        field.choices = choices if attendance else [("", _("Not recorded")), *choices]
        if reasons is not None:
            # The sheet reads the reasons once for all its lines (otherwise one query per line).
            self.fields["reason"].widget.choices = reasons

    def changed_record(self) -> tuple[str, AbsenceReason | None, int] | None:
        """The (status, reason, minutes late) to record, or None when this line asks for nothing new."""
        data = self.cleaned_data
        status = data.get("status") or ""
        if not status:
            return None
        reason = data.get("reason") if status == AttendanceStatus.ABSENT else None
        minutes = data.get("minutes_late") or 0
        current = self.attendance
        if current is not None and (current.status, current.reason_id, current.minutes_late) == (
            status,
            reason.pk if reason else None,
            minutes,
        ):
            return None
        return status, reason, minutes


class MovementListForm(forms.Form):
    prison = forms.ModelChoiceField(Prison.objects.none(), label=_("Prison"), empty_label=None)
    day = forms.DateField(label=_("Day"), widget=DateInput())
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("Unit"), required=False, empty_label=_("All units"))
    lang = forms.ChoiceField(label=_("Language of the PDF"), choices=LANGUAGE_CHOICES, required=False)

    def __init__(self, *args: Any, prisons: QuerySet[Prison], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["prison"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type for mypy
        field.queryset = prisons
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)  # noqa: S101
        unit_field.queryset = Unit.objects.filter(prison__in=prisons, is_active=True).select_related("prison")
        self.fields["day"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        prison, unit = data.get("prison"), data.get("unit")
        if prison and unit and unit.prison_id != prison.pk:
            self.add_error("unit", _("This unit is not in the chosen prison."))
        return data


class InterviewForm(forms.Form):
    organisation = forms.ModelChoiceField(
        Organisation.objects.none(), label=_("Service holding the interview"), empty_label=None
    )
    status = forms.ChoiceField(label=_("Status"), choices=InterviewStatus.choices)
    planned_on = forms.DateField(label=_("Planned on"), required=False, widget=DateInput())
    held_on = forms.DateField(label=_("Held on"), required=False, widget=DateInput())
    reasons = forms.MultipleChoiceField(
        label=_("Reasons for leaving"),
        choices=DropoutReason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes (only your service can read them)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )

    def __init__(
        self, *args: Any, organisations: QuerySet[Organisation], interview: FeedbackInterview | None, **kwargs: Any
    ) -> None:
        if interview is not None:
            kwargs.setdefault(
                "initial",
                {
                    "status": interview.status,
                    "planned_on": interview.planned_on,
                    "held_on": interview.held_on,
                    "reasons": interview.reasons,
                    "notes": interview.notes,
                },
            )
        super().__init__(*args, **kwargs)
        if interview is not None or organisations.count() == 1:
            # The interview belongs to one service; no choice to make.
            del self.fields["organisation"]
        else:
            field = self.fields["organisation"]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
            field.queryset = organisations

    def interview_data(self) -> InterviewData:
        data = self.cleaned_data
        return InterviewData(
            status=data["status"],
            planned_on=data.get("planned_on"),
            held_on=data.get("held_on"),
            reasons=list(data.get("reasons") or []),
            notes=data.get("notes") or "",
        )


def parse_day(value: str, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default


def absence_reason_choices() -> list[tuple[Any, str]]:
    """The choices of the reason field, read once for a whole attendance sheet."""
    return [("", "—"), *((reason.pk, str(reason)) for reason in AbsenceReason.objects.all())]
