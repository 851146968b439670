"""Helpers shared by forms and views."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

# What a list shows when a filter is left empty, by the filter's name; "All" for the others.
EMPTY_FILTER_LABELS = {
    "prison": _("All prisons"),
    "unit": _("All units"),
    "target_group": _("All target groups"),
    "category": _("Any category"),
    "language": _("Any language"),
    "organisation": _("All organisations"),
    "user": _("Everyone"),
}
DJANGO_EMPTY_LABEL = "---------"


class FilterForm(forms.Form):
    """The filters of a list: an empty choice says what the list then shows, not "---------"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if (
                isinstance(field, forms.ModelChoiceField)
                and not field.required
                and field.empty_label == DJANGO_EMPTY_LABEL
            ):
                field.empty_label = EMPTY_FILTER_LABELS.get(name, _("All"))


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, field by field where the field exists."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                for message in item.messages:
                    form.add_error(target if field != NON_FIELD_ERRORS else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
