"""The report's filters; which organisations a reader may choose is the permissions' rule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from concerto.accounts.permissions import Actor
from concerto.core.forms import FilterForm
from concerto.organisations.models import Organisation
from concerto.prisons.models import Prison
from concerto.reports import permissions


class ReportFilterForm(FilterForm):
    prison = forms.ModelChoiceField(Prison.objects.all(), label=_("Prison"), required=False, empty_label=_("All"))
    organisation = forms.ModelChoiceField(
        Organisation.objects.none(), label=_("Organisation"), required=False, empty_label=_("All")
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = permissions.organisation_scope(actor)
        organisations = Organisation.objects.all()
        if allowed is not None:
            organisations = organisations.filter(pk__in=allowed)
            self.fields["organisation"].empty_label = _("All of mine")  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class ReportTextForm(forms.Form):
    """The coordinator's text of one section of the report."""

    text = forms.CharField(
        label=_("Your text for this section"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences for the reader of the report; it is printed in the PDF. No names of detainees."),
    )
