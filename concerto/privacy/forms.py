from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from concerto.accounts.models import User
from concerto.core.forms import FilterForm
from concerto.privacy.models import AccessAction, AccessPurpose


class AccessLogFilterForm(FilterForm):
    user = forms.ModelChoiceField(User.objects.order_by("username"), label=_("Who"), required=False)
    action = forms.ChoiceField(label=_("What"), required=False, choices=[("", _("All")), *AccessAction.choices])
    purpose = forms.ChoiceField(label=_("Why"), required=False, choices=[("", _("All")), *AccessPurpose.choices])
    subject_type = forms.CharField(label=_("Record type"), required=False, max_length=40)
    subject_id = forms.IntegerField(label=_("Record number"), required=False, min_value=1)
    since = forms.DateField(label=_("Since"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
