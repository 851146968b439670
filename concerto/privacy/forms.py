from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from concerto.accounts.models import User
from concerto.core.forms import FilterForm
from concerto.organisations.models import Organisation
from concerto.privacy.models import AccessAction, AccessPurpose, AuditKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AccessLogFilterForm(FilterForm):
    user = forms.ModelChoiceField(User.objects.order_by("username"), label=_("Who"), required=False)
    action = forms.ChoiceField(label=_("What"), required=False, choices=[("", _("All")), *AccessAction.choices])
    purpose = forms.ChoiceField(label=_("Why"), required=False, choices=[("", _("All")), *AccessPurpose.choices])
    subject_type = forms.CharField(label=_("Record type"), required=False, max_length=40)
    subject_id = forms.IntegerField(label=_("Record number"), required=False, min_value=1)
    since = forms.DateField(label=_("Since"), required=False, widget=DATE)
    until = forms.DateField(label=_("Until"), required=False, widget=DATE)
    at_night = forms.BooleanField(label=_("At night only (22:00–06:00)"), required=False)
    min_count = forms.IntegerField(label=_("At least this many records in one access"), required=False, min_value=2)


class AuditTrailFilterForm(FilterForm):
    user = forms.ModelChoiceField(User.objects.order_by("username"), label=_("Who"), required=False)
    kind = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("All")), *AuditKind.choices])
    organisation = forms.ModelChoiceField(
        Organisation.objects.order_by("name"), label=_("Organisation"), required=False
    )
    since = forms.DateField(label=_("Since"), required=False, widget=DATE)
    until = forms.DateField(label=_("Until"), required=False, widget=DATE)


class PeriodForm(forms.Form):
    since = forms.DateField(label=_("Since"), required=False, widget=DATE)
    until = forms.DateField(label=_("Until"), required=False, widget=DATE)


class SubjectSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Record number or prison number"),
        max_length=40,
        help_text=_("The exact number: people are not looked up by name."),
    )


class SubjectEraseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_(
            "The ground of the erasure and the date of the request, e.g. “GDPR art. 17.1.a, request of "
            "12/03/2027”. Do not write the person's name: this reason is kept after the anonymisation."
        ),
    )
    confirm = forms.BooleanField(
        label=_(
            "I have checked that no legal obligation requires keeping this data, "
            "and I understand that this cannot be undone."
        ),
        required=True,
    )


class DisclosureForm(forms.Form):
    organisation = forms.IntegerField(widget=forms.HiddenInput)
    disclose_contents = forms.BooleanField(label=_("disclose contents in subject access"), required=False)
