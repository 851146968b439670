"""Forms validate the shape of input; the rules live in services (errors come back from there)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from concerto.accounts.permissions import Actor
from concerto.catalogue.forms import DateInput
from concerto.catalogue.models import Edition
from concerto.core.translation import localised
from concerto.detainees.models import Detainee
from concerto.organisations.models import Organisation
from concerto.reference.models import Language, TargetGroup
from concerto.registrations.models import (
    APPLICATION_TRANSITIONS,
    ApplicationSource,
    ApplicationStatus,
    EditionScreening,
    PrisonRequest,
    RefusalReason,
)
from concerto.registrations.services import MAX_PRIORITY


def detainee_label(detainee: Detainee) -> str:
    return detainee.identity


class DetaineeSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Prison number or name"),
        required=False,
        max_length=100,
        help_text=_("The exact prison number, or words of the first or last name."),
    )


class ApplicationForm(forms.Form):
    detainee = forms.ModelChoiceField(
        Detainee.objects.none(),
        label=_("Person"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Find the person, then choose them in the list.")},
    )
    source = forms.ChoiceField(
        label=_("How the application came in"),
        choices=[(v, label) for v, label in ApplicationSource.choices if v != ApplicationSource.KIOSK],
        widget=forms.RadioSelect,
    )
    referred_by = forms.ModelChoiceField(
        Organisation.objects.filter(is_active=True),
        label=_("Referred by"),
        required=False,
        help_text=_("For a referral by a service: which one."),
    )
    applied_on = forms.DateField(label=_("Application date"), widget=DateInput())
    recorded_for = forms.ModelChoiceField(
        Organisation.objects.none(), label=_("Service following the application"), required=False
    )
    priority = forms.IntegerField(
        label=_("Priority"),
        min_value=0,
        max_value=MAX_PRIORITY,
        initial=0,
        help_text=_("Higher comes first on the waiting list; 0 for most applications."),
    )

    def __init__(
        self,
        *args: Any,
        actor: Actor,
        eligible: Any,
        shown: Sequence[Detainee] = (),
        not_followed: set[int] | frozenset[int] = frozenset(),
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault("applied_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        field = self.fields["detainee"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type for mypy
        field.queryset = eligible
        # Validation accepts anyone eligible; the page lists only the search results. People the
        # service does not follow yet are a short match (name, number, unit) and say so.
        field.widget.choices = [  # type: ignore[attr-defined]
            (d.pk, _("%(person)s · not followed by your service yet") % {"person": detainee_label(d)})
            if d.pk in not_followed
            else (d.pk, detainee_label(d))
            for d in shown
        ]
        if len(shown) == 1 and not self.is_bound:
            self.initial["detainee"] = shown[0].pk
        services = self.fields["recorded_for"]
        assert isinstance(services, forms.ModelChoiceField)  # noqa: S101
        services.queryset = Organisation.objects.filter(pk__in=actor.service_organisation_ids)
        if len(actor.service_organisation_ids) <= 1:
            services.widget = forms.HiddenInput()


class DecisionForm(forms.Form):
    """The staff's decision; the checklist questions of the edition become yes/no fields."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("waiting_list", _("Waiting list")), ("refuse", _("Refuse"))],
    )
    refusal_reason = forms.ModelChoiceField(
        RefusalReason.objects.all(),
        label=_("Reason for a refusal"),
        required=False,
        help_text=_("Needed only to refuse."),
    )
    ANSWERS = [("", _("Not answered")), ("yes", _("Yes")), ("no", _("No"))]

    def __init__(
        self, *args: Any, questions: Sequence[str] = (), answers: dict[str, bool] | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        answers = answers or {}
        for index, question in enumerate(self.questions):
            known = answers.get(question)
            self.fields[f"q{index}"] = forms.ChoiceField(
                label=question,
                choices=self.ANSWERS,
                required=False,
                widget=forms.RadioSelect,
                initial="" if known is None else ("yes" if known else "no"),
            )

    def checklist_fields(self) -> list[forms.BoundField]:
        return [self[f"q{index}"] for index in range(len(self.questions))]

    def checklist_answers(self) -> dict[str, bool] | None:
        """The answers given, or None when the form carried none (the answers kept are then left alone)."""
        answers = {}
        for index, question in enumerate(self.questions):
            value = self.cleaned_data.get(f"q{index}")
            if value:
                answers[question] = value == "yes"
        return answers or None


class MoveForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=ApplicationStatus.choices)
    reason = forms.CharField(
        label=_("Reason or note"),
        required=False,
        max_length=300,
        help_text=_("Kept in the application's history. No health or offence details."),
    )
    refusal_reason = forms.ModelChoiceField(
        RefusalReason.objects.all(), label=_("Reason for a refusal"), required=False
    )

    def __init__(self, *args: Any, current: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if current is not None:
            allowed = APPLICATION_TRANSITIONS.get(current, frozenset())
            field = self.fields["to_status"]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101
            field.choices = [(v, label) for v, label in ApplicationStatus.choices if v in allowed]


class PrisonRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Request"), choices=PrisonRequest.Kind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=PrisonRequest.Status.choices)
    requested_on = forms.DateField(label=_("Requested on"), widget=DateInput())
    answered_on = forms.DateField(label=_("Answered on"), required=False, widget=DateInput())


class ScreeningForm(forms.ModelForm):
    checklist_text = forms.CharField(
        label=_("Checklist questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One question per line; staff answer yes or no during screening."),
    )

    class Meta:
        model = EditionScreening
        fields = [
            "target_groups",
            "languages",
            "language_required",
            "requires_security_clearance",
            "requires_movement_permission",
            "auto_offer",
            "offer_response_days",
            "dropout_after_absences",
        ]
        widgets = {"target_groups": forms.CheckboxSelectMultiple}
        help_texts = {
            "target_groups": _("Leave empty to use the activity's target groups."),
            "languages": _("Leave empty to use the activity's languages of delivery."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_groups"].queryset = TargetGroup.objects.all()  # type: ignore[attr-defined]
        self.fields["languages"].queryset = Language.objects.all()  # type: ignore[attr-defined]
        self.fields["checklist_text"].initial = "\n".join(self.instance.checklist or [])

    def checklist(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("checklist_text", "").splitlines() if line.strip()]


def edition_label(edition: Edition) -> str:
    title = localised(edition.activity, "title").text
    start, end = (date_format(day, "SHORT_DATE_FORMAT") for day in (edition.starts_on, edition.ends_on))
    return f"{title} · {start} – {end} · {edition.prison}"


class SlipForm(ApplicationForm):
    """The registrations entry page's one form: the person, the edition, and what the slip says."""

    edition = forms.ModelChoiceField(
        Edition.objects.none(),
        label=_("Edition"),
        empty_label=_("Choose the edition"),
        error_messages={"required": _("Choose the edition the person applies to.")},
    )
    field_order = ["detainee", "edition", "source", "applied_on", "referred_by", "recorded_for", "priority"]

    def __init__(self, *args: Any, editions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].initial = ApplicationSource.PAPER
        referred_by = self.fields["referred_by"]
        assert isinstance(referred_by, forms.ModelChoiceField)  # noqa: S101
        referred_by.empty_label = _("No referral")
        field = self.fields["edition"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = editions
        field.label_from_instance = edition_label  # type: ignore[method-assign,assignment]
        if not self.is_bound and editions.count() == 1:
            self.initial.setdefault("edition", editions.first().pk)
