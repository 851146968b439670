"""The forms of reference data: one per kind, built from the registry, and the list's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from concerto.catalogue.forms import DateInput, TimeInput
from concerto.core.widgets import QuickSelect
from concerto.organisations.models import Organisation
from concerto.prisons.models import Prison, Unit
from concerto.referencedata.registry import NAME_FIELDS, ReferenceKind
from concerto.referencedata.selectors import RecordFilters, State

# Each language named in itself, as in the language switch.
LANGUAGE_NAMES = {"fr": "Français", "nl": "Nederlands", "en": "English"}


class RecordForm(forms.ModelForm):
    """One record of a kind: names side by side, then the other fields in the registry's order.

    ``scope`` is the prison (or organisation) the list was filtered on: a new record starts in it.
    """

    def __init__(self, *args: Any, scope: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _name_the_empty_choice(field)
        for code in LANGUAGE_NAMES:
            if f"name_{code}" in self.fields:
                self.fields[f"name_{code}"].widget.attrs["lang"] = code
        scope_field = next((name for name in ("prison", "organisation") if name in self.fields), None)
        if scope_field and scope and not self.instance.pk:
            self.initial.setdefault(scope_field, scope)
        if "is_active" in self.fields:
            self.fields["is_active"].help_text = _(
                "Untick to archive: past activities and the history keep it; new ones no longer offer it."
            )
        if "unit" in self.fields:
            self._units_of_the_prison()
        if "parent" in self.fields:
            self._themes_only()

    def _units_of_the_prison(self) -> None:
        """A room's unit is chosen among its prison's units (all prisons' when none is chosen yet)."""
        prison = self.data.get(self.add_prefix("prison")) if self.is_bound else None
        prison = prison or self.instance.prison_id or self.initial.get("prison")
        field: Any = self.fields["unit"]
        units = Unit.objects.select_related("prison")
        if prison and str(prison).isdigit():
            field.queryset = units.filter(prison_id=int(prison))
        else:
            field.queryset = units
            field.label_from_instance = lambda unit: f"{unit.prison} · {unit}"

    def _themes_only(self) -> None:
        """Categories have two levels: a parent is a top-level category other than this one."""
        field: Any = self.fields["parent"]
        field.queryset = field.queryset.filter(parent__isnull=True).exclude(pk=self.instance.pk)

    def name_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in NAME_FIELDS if name in self.fields]

    def other_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in NAME_FIELDS]


def _name_the_empty_choice(field: forms.Field) -> None:
    """Words rather than Django's "---------" as the empty choice of a select."""
    empty = _("Choose…") if field.required else _("Not set")
    if isinstance(field, forms.ModelMultipleChoiceField):
        return
    if isinstance(field, forms.ModelChoiceField):
        field.empty_label = empty
    elif isinstance(field, forms.ChoiceField):
        choices: list[Any] = list(field.choices)  # type: ignore[arg-type]
        if choices and choices[0][0] == "":
            field.choices = [("", empty), *choices[1:]]


def _widget_for(field: models.Field) -> forms.Widget | None:
    if isinstance(field, models.ManyToManyField):
        return forms.CheckboxSelectMultiple()
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return DateInput()
    if isinstance(field, models.TimeField):
        return TimeInput()
    return None


def _form_field(db_field: models.Field, **kwargs: Any) -> Any:
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"  # a website typed without its scheme is an https one
    return db_field.formfield(**kwargs)


def record_form_class(kind: ReferenceKind) -> type[RecordForm]:
    widgets: dict[str, Any] = {}
    for name in kind.fields:
        widget = _widget_for(kind.model._meta.get_field(name))  # type: ignore[arg-type]
        if widget is not None:
            widgets[name] = widget
    form_class: type[RecordForm] = forms.modelform_factory(  # type: ignore[assignment]
        kind.model, form=RecordForm, fields=kind.fields, widgets=widgets, formfield_callback=_form_field
    )
    return form_class


class RecordFilterForm(forms.Form):
    """The list's filters: which prison (or organisation), active or archived, a word to find."""

    def __init__(self, *args: Any, kind: ReferenceKind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind.scoped_by == "prison":
            self.fields["prison"] = forms.ModelChoiceField(
                Prison.objects.order_by("name_fr"),
                label=_("Prison"),
                required=False,
                empty_label=_("All prisons"),
                widget=QuickSelect,
            )
        elif kind.scoped_by == "organisation":
            self.fields["organisation"] = forms.ModelChoiceField(
                Organisation.objects.order_by("name"),
                label=_("Organisation"),
                required=False,
                empty_label=_("All organisations"),
                widget=QuickSelect,
            )
        if kind.archivable:
            self.fields["state"] = forms.ChoiceField(
                label=_("Status"), choices=State.choices, required=False, initial=State.ACTIVE
            )
        if kind.search:
            self.fields["q"] = forms.CharField(label=_("Search"), required=False, max_length=100)

    def filters(self) -> RecordFilters:
        """What to show; the defaults when the filters are missing or wrong."""
        if not self.is_bound or not self.is_valid():
            return RecordFilters()
        scope = self.cleaned_data.get(self.kind.scoped_by) if self.kind.scoped_by else None
        return RecordFilters(
            scope=scope.pk if scope else None,
            state=self.cleaned_data.get("state") or State.ACTIVE,
            text=(self.cleaned_data.get("q") or "").strip(),
        )
