"""Forms validate the shape of input; the rules live in services (errors come back from there)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from concerto.accounts.permissions import Actor
from concerto.catalogue.models import Activity, ActivityStatus, Edition
from concerto.catalogue.scheduling import WEEKDAY_CODES
from concerto.catalogue.services import facilitator_candidates
from concerto.core.forms import FilterForm
from concerto.core.widgets import QuickSelect
from concerto.organisations.models import Contact, Organisation
from concerto.prisons.models import ActivityWindow, Prison, Room, Unit
from concerto.reference.models import Category, Language, TargetGroup


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class CatalogueFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False)
    prison = forms.ModelChoiceField(
        Prison.objects.filter(is_active=True), label=_("Prison"), required=False, widget=QuickSelect
    )
    unit = forms.ModelChoiceField(
        Unit.objects.filter(is_active=True),
        label=_("Unit"),
        required=False,
        widget=QuickSelect,
    )
    target_group = forms.ModelChoiceField(
        TargetGroup.objects.all(), label=_("Target group"), required=False, widget=QuickSelect
    )
    category = forms.ModelChoiceField(
        Category.objects.select_related("parent").order_by("parent__position", "position"),
        label=_("Category"),
        required=False,
        widget=QuickSelect,
    )
    language = forms.ModelChoiceField(Language.objects.all(), label=_("Language"), required=False, widget=QuickSelect)
    organisation = forms.ModelChoiceField(
        # Only what the option shows (the acronym, else the name): hundreds of organisations.
        Organisation.objects.filter(is_active=True).only("pk", "name", "acronym"),
        label=_("Organisation"),
        required=False,
        widget=QuickSelect,
    )
    period_start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    period_end = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *list(ActivityStatus.choices)],
        widget=QuickSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A prison chosen: its units only. Every prison's units are thousands of options at scale.
        prison = self.data.get("prison", "") if self.is_bound else ""
        if str(prison).isdigit():
            field = self.fields["unit"]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type for mypy
            field.queryset = Unit.objects.filter(is_active=True, prison_id=int(prison))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period is before its start."))
        return data


TRANSLATED_FIELDS = [
    f"{name}_{code}"
    for name in ("title", "summary", "description", "objectives", "screening")
    for code in ("fr", "nl", "en")
]


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            *TRANSLATED_FIELDS,
            "category",
            "aims",
            "target_groups",
            "languages",
            "organiser",
            "partners",
            "contact",
            "default_capacity",
        ]
        widgets = {
            "aims": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
            **{
                name: forms.Textarea(attrs={"rows": 4})
                for name in TRANSLATED_FIELDS
                if name.split("_")[0] in ("description", "objectives", "screening")
            },
        }

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisers = Organisation.objects.filter(is_active=True)
        if not actor.is_admin:
            organisers = organisers.filter(pk__in=actor.service_organisation_ids)
        self.fields["organiser"].queryset = organisers  # type: ignore[attr-defined]
        if organisers.count() == 1 and not self.instance.pk:
            self.fields["organiser"].initial = organisers.first()
        self.fields["partners"].queryset = Organisation.objects.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["contact"].queryset = Contact.objects.select_related("organisation")  # type: ignore[attr-defined]
        self.fields["category"].queryset = Category.objects.select_related("parent").order_by(  # type: ignore[attr-defined]
            "parent__position", "position"
        )
        self.fields["category"].help_text = _("Choose a sub-theme where one fits.")

    def field_groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """Translated fields grouped per language, for the tabbed layout."""
        # Each language names itself, whatever the interface language.
        labels = {"fr": "Français", "nl": "Nederlands", "en": "English"}
        return [
            (
                str(labels[code]),
                [self[f"{name}_{code}"] for name in ("title", "summary", "description", "objectives", "screening")],
            )
            for code in ("fr", "nl", "en")
        ]


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(choices=ActivityStatus.choices, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=300)


class EditionForm(forms.ModelForm):
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Every"),
        required=False,
        coerce=int,
        choices=ActivityWindow.Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The simple way to give a weekly schedule."),
    )
    interval = forms.IntegerField(label=_("every … weeks"), min_value=1, max_value=8, initial=1, required=False)
    recurrence = forms.CharField(
        label=_("Or an RFC 5545 rule"),
        required=False,
        help_text=_("For other rhythms, e.g. FREQ=MONTHLY;BYDAY=1TU (first Tuesday of the month)."),
    )
    excluded = forms.CharField(
        label=_("Dates without a session"),
        required=False,
        help_text=_("Dates to leave out, as dd/mm/yyyy, separated by commas."),
    )
    skip_closed_days = forms.BooleanField(
        label=_("Skip days when the prison is closed (public holidays, closure days)"), required=False, initial=True
    )
    double_booking_reason = forms.CharField(
        label=_("Accept a double booking because…"),
        required=False,
        max_length=300,
        help_text=_("Coordinators only: leave empty to be told about double bookings."),
    )

    class Meta:
        model = Edition
        fields = [
            "prison",
            "units",
            "room",
            "starts_on",
            "ends_on",
            "capacity",
            "facilitators",
            "session_starts_at",
            "session_ends_at",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "session_starts_at": TimeInput(),
            "session_ends_at": TimeInput(),
            "units": forms.CheckboxSelectMultiple,
            "facilitators": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, actor: Actor, activity: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["units"].queryset = Unit.objects.filter(is_active=True).select_related("prison")  # type: ignore[attr-defined]
        self.fields["units"].label_from_instance = lambda unit: f"{unit.prison} · {unit}"  # type: ignore[attr-defined]
        self.fields["room"].queryset = Room.objects.filter(is_active=True).select_related("prison")  # type: ignore[attr-defined]
        self.fields["room"].label_from_instance = lambda room: f"{room.prison} · {room.name} ({room.capacity})"  # type: ignore[attr-defined]
        self.fields["facilitators"].queryset = facilitator_candidates(activity)  # type: ignore[attr-defined]
        if not self.instance.pk:
            self.fields["capacity"].initial = activity.default_capacity
        else:
            self._initial_schedule(self.instance)
        from concerto.catalogue.permissions import can_accept_double_booking

        if not can_accept_double_booking(actor):
            del self.fields["double_booking_reason"]

    def _initial_schedule(self, edition: Edition) -> None:
        rule = edition.recurrence
        parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
        simple_keys = {"FREQ", "BYDAY", "INTERVAL"}
        if (
            parts.get("FREQ") == "WEEKLY"
            and set(parts) <= simple_keys
            and all(day in WEEKDAY_CODES for day in parts.get("BYDAY", "").split(","))
        ):
            self.initial["weekdays"] = [WEEKDAY_CODES.index(d) for d in parts.get("BYDAY", "").split(",")]
            self.initial["interval"] = int(parts.get("INTERVAL", "1"))
        else:
            self.initial["recurrence"] = rule
        self.initial["excluded"] = ", ".join(
            dt.date.fromisoformat(day).strftime("%d/%m/%Y") for day in edition.excluded_dates
        )
        self.initial["skip_closed_days"] = True

    def clean_excluded(self) -> list[dt.date]:
        text = self.cleaned_data.get("excluded") or ""
        dates = []
        for part in [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]:
            for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
                try:
                    dates.append(dt.datetime.strptime(part, fmt).date())
                    break
                except ValueError:
                    continue
            else:
                raise ValidationError(_("“%(value)s” is not a date like 25/12/2026.") % {"value": part})
        return dates

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        weekdays = data.get("weekdays") or []
        rule = (data.get("recurrence") or "").strip()
        if weekdays and rule:
            self.add_error("recurrence", _("Give either weekdays or a rule, not both."))
        elif weekdays:
            from concerto.catalogue.scheduling import weekly_rule

            data["recurrence"] = weekly_rule(weekdays, data.get("interval") or 1)
        if not data.get("recurrence") and not self.instance.pk:
            self.add_error("weekdays", _("Choose the weekdays of the sessions (or give a rule)."))
        return data


class SessionForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=DateInput())
    starts = forms.TimeField(label=_("From"), widget=TimeInput())
    ends = forms.TimeField(label=_("Until"), widget=TimeInput())
    room = forms.ModelChoiceField(Room.objects.none(), label=_("Room"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
    double_booking_reason = forms.CharField(
        label=_("Accept a double booking because…"),
        required=False,
        max_length=300,
        help_text=_("Coordinators only: leave empty to be told about double bookings."),
    )

    def __init__(self, *args: Any, actor: Actor, edition: Edition, reason_required: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(prison=edition.prison, is_active=True)  # type: ignore[attr-defined]
        self.fields["reason"].required = reason_required
        from concerto.catalogue.permissions import can_accept_double_booking

        if not can_accept_double_booking(actor):
            del self.fields["double_booking_reason"]


class CancelSessionForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300)
