"""Forms validate the shape of input; the rules live in services (errors come back from there)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from concerto.accounts.permissions import Actor
from concerto.catalogue.forms import DateInput
from concerto.core.forms import FilterForm
from concerto.core.widgets import QuickSelect
from concerto.detainees import importing, permissions
from concerto.detainees.models import Detainee, DetaineeImport, LegalStatus, PresenceStatus
from concerto.organisations.models import Organisation
from concerto.prisons.models import Prison, Unit
from concerto.reference.models import Language


class DetaineeFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, help_text=_("Prison number or name."))
    # QuickSelect: every prison's units are hundreds of options (docs/performance.md).
    prison = forms.ModelChoiceField(
        Prison.objects.filter(is_active=True), label=_("Prison"), required=False, widget=QuickSelect
    )
    unit = forms.ModelChoiceField(
        Unit.objects.filter(is_active=True).select_related("prison"),
        label=_("Unit"),
        required=False,
        widget=QuickSelect,
    )
    legal_status = forms.ChoiceField(
        label=_("Legal status"), required=False, choices=[("", _("All")), *LegalStatus.choices]
    )
    presence = forms.ChoiceField(label=_("Presence"), required=False, choices=[("", _("All")), *PresenceStatus.choices])

    def __init__(self, *args: Any, full_identity: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not full_identity:
            self.fields["q"].help_text = _("First name.")
            del self.fields["legal_status"], self.fields["presence"]


class DetaineeForm(forms.ModelForm):
    class Meta:
        model = Detainee
        fields = [
            "prison",
            "prison_number",
            "last_name",
            "first_name",
            "gender",
            "legal_status",
            "unit",
            "languages_spoken",
            "languages_read",
            "expected_release_on",
        ]
        widgets = {
            "languages_spoken": forms.CheckboxSelectMultiple,
            "languages_read": forms.CheckboxSelectMultiple,
            "expected_release_on": DateInput(),
        }
        help_texts = {
            "prison_number": _("The number the prison gave; never the national register number."),
            "languages_read": _("Many detainees read neither French nor Dutch: say what they can read."),
        }

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        prisons = permissions.manageable_prisons(actor)
        self.fields["prison"].queryset = prisons  # type: ignore[attr-defined]
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            prison__in=prisons, is_active=True
        ).select_related("prison")
        self.fields["legal_status"].choices = LegalStatus.choices  # type: ignore[attr-defined]
        for name in ("languages_spoken", "languages_read"):
            self.fields[name].queryset = Language.objects.all()  # type: ignore[attr-defined]
        if self.instance.pk:
            # A detainee stays in their prison: moving prison is a departure recorded by the import.
            del self.fields["prison"]
        elif prisons.count() == 1:
            self.fields["prison"].initial = prisons.first()


class NoteForm(forms.Form):
    organisation = forms.ModelChoiceField(Organisation.objects.none(), label=_("Service"), empty_label=None)
    text = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("Only your service will read it."),
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        services = Organisation.objects.filter(pk__in=actor.service_organisation_ids).order_by("name")
        self.fields["organisation"].queryset = services  # type: ignore[attr-defined]
        if len(actor.service_organisation_ids) == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = next(iter(actor.service_organisation_ids))


class ImportUploadForm(forms.Form):
    prison = forms.ModelChoiceField(Prison.objects.none(), label=_("Prison"), empty_label=None)
    file = forms.FileField(
        label=_("The prison's list"),
        help_text=_(
            "CSV (separated by ; or ,) or Excel (.xlsx), with one row of column names. "
            "The national register number is never needed: leave it out."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,text/csv"}),
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["prison"].queryset = permissions.import_prisons(actor)  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        """Refuse a file over the size limit before reading it; its type is sniffed from the content later."""
        upload = self.cleaned_data["file"]
        importing.check_size(upload.size)
        return upload


class ImportMappingForm(forms.Form):
    """One choice per field the import knows, listing the file's columns; then, for each unit name
    of the file that the prison's units do not know, a choice among those units (by their names)."""

    ALIAS_PREFIX = "unit_alias_"

    def __init__(
        self,
        *args: Any,
        detainee_import: DetaineeImport,
        unknown_units: list[str] | None = None,
        units: list[Unit] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        columns = [
            (str(index), header)
            for index, header in enumerate(detainee_import.headers)
            if not importing.is_forbidden_header(header)
        ]
        for field in importing.FIELDS:
            current = detainee_import.mapping.get(field.name)
            self.fields[field.name] = forms.ChoiceField(
                label=str(field.label).capitalize(),
                required=field.required,
                choices=[("", _("— not in the file —")), *columns],
                initial=str(current) if current is not None else "",
            )
        self.unknown_units = list(unknown_units or [])
        unit_choices = [
            ("", _("— leave unknown: those rows are refused —")),
            *((str(u.pk), str(u)) for u in units or []),
        ]
        for index, name in enumerate(self.unknown_units):
            self.fields[f"{self.ALIAS_PREFIX}{index}"] = forms.ChoiceField(
                label=name, required=False, choices=unit_choices
            )

    def column_fields(self) -> list[forms.BoundField]:
        return [self[field.name] for field in importing.FIELDS]

    def alias_fields(self) -> list[forms.BoundField]:
        return [self[f"{self.ALIAS_PREFIX}{index}"] for index in range(len(self.unknown_units))]

    def mapping(self) -> dict[str, int | None]:
        chosen: dict[str, int | None] = {}
        for field in importing.FIELDS:
            value = self.cleaned_data.get(field.name)
            chosen[field.name] = int(value) if value else None
        return chosen

    def unit_aliases(self) -> dict[str, int]:
        """The unknown unit names the user mapped: name in the file → unit id."""
        chosen = {}
        for index, name in enumerate(self.unknown_units):
            value = self.cleaned_data.get(f"{self.ALIAS_PREFIX}{index}")
            if value:
                chosen[name] = int(value)
        return chosen
