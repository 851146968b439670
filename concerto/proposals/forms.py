"""Forms validate the shape of input; the rules live in services (errors come back from there)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from concerto.accounts.permissions import Actor
from concerto.core.forms import FilterForm
from concerto.organisations.models import Organisation
from concerto.prisons.models import Prison, Unit
from concerto.proposals import permissions
from concerto.proposals.models import ActivityProposal, ProposalStatus
from concerto.proposals.services import MAX_COMMENT_LENGTH, TEXT_LANGUAGES, TRANSLATED_FIELDS, organiser_candidates
from concerto.reference.models import Category

# Each language names itself, whatever the interface language.
LANGUAGE_LABELS = {"fr": "Français", "nl": "Nederlands", "en": "English"}


class ProposalFilterForm(FilterForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *ProposalStatus.choices])
    prison = forms.ModelChoiceField(Prison.objects.filter(is_active=True), label=_("Prison"), required=False)


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.prison} · {obj}"


def _marked_required(label: Any, *, native: bool) -> str:
    """The label with a visible "*" (explained above the form); "(required)" for screen readers
    where no ``required`` attribute says it already (groups of checkboxes, titles in several languages)."""
    if native:
        return format_html('{} <span class="required-marker" aria-hidden="true">*</span>', label)
    return format_html(
        '{} <span class="required-marker"><span aria-hidden="true">*</span>'
        '<span class="visually-hidden"> ({})</span></span>',
        label,
        _("required"),
    )


class ProposalForm(forms.ModelForm):
    units = UnitChoiceField(
        Unit.objects.filter(is_active=True).select_related("prison").order_by("prison__name_fr", "name_fr"),
        label=_("Units"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The units of the proposal's prison it is meant for; none: the whole prison."),
    )

    class Meta:
        model = ActivityProposal
        fields = [
            *TRANSLATED_FIELDS,
            "organisation",
            "prison",
            "units",
            "category",
            "target_groups",
            "languages",
            "partners_sought",
            "resources_needed",
        ]
        widgets = {
            "target_groups": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "partners_sought": forms.Textarea(attrs={"rows": 3}),
            "resources_needed": forms.Textarea(attrs={"rows": 3}),
            **{name: forms.Textarea(attrs={"rows": 4}) for name in TRANSLATED_FIELDS if not name.startswith("title")},
        }

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(is_active=True)
        if not actor.is_admin:
            organisations = organisations.filter(pk__in=permissions.drafting_organisation_ids(actor))
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["organisation"].help_text = _("The organisation that drafts the proposal.")
        if not self.instance.pk and len(ids := list(organisations.values_list("pk", flat=True)[:2])) == 1:
            self.fields["organisation"].initial = ids[0]
        prisons = Prison.objects.filter(is_active=True)
        self.fields["prison"].queryset = prisons  # type: ignore[attr-defined]
        if (
            not self.instance.pk
            and "prison" not in self.initial
            and len(ids := list(prisons.values_list("pk", flat=True)[:2])) == 1
        ):
            self.fields["prison"].initial = ids[0]
        self.fields["category"].queryset = Category.objects.select_related("parent").order_by(  # type: ignore[attr-defined]
            "parent__position", "position"
        )
        self.fields["category"].help_text = _("Choose a sub-theme where one fits.")
        for name in ("organisation", "prison", "category", "target_groups", "languages"):
            field = self.fields[name]
            field.required = True
            checkboxes = isinstance(field.widget, forms.CheckboxSelectMultiple)
            field.label = _marked_required(field.label, native=not checkboxes)
        for code in TEXT_LANGUAGES:
            # One title is enough, in any language: each is marked, none has the attribute.
            self.fields[f"title_{code}"].label = _marked_required(self.fields[f"title_{code}"].label, native=False)

    def field_groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """Translated fields grouped per language."""
        return [
            (LANGUAGE_LABELS[code], [self[f"{name}_{code}"] for name in ("title", "objectives", "description")])
            for code in TEXT_LANGUAGES
        ]


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(choices=ProposalStatus.choices, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=300)


class AcceptForm(forms.Form):
    organiser = forms.ModelChoiceField(
        Organisation.objects.none(),
        label=_("Organiser of the activity"),
        help_text=_("The organisation that will run the activity; it receives the draft to complete."),
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organiser_candidates()  # type: ignore[attr-defined]


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"), max_length=MAX_COMMENT_LENGTH, widget=forms.Textarea(attrs={"rows": 4})
    )
    organisation = forms.ModelChoiceField(Organisation.objects.none(), label=_("In the name of"))

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = permissions.commenting_organisation_ids(actor)
        organisations = Organisation.objects.filter(is_active=True)
        if allowed is not None:
            organisations = organisations.filter(pk__in=allowed)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        only_one = list(organisations[:2])
        self.only_organisation = only_one[0] if len(only_one) == 1 else None
        if self.only_organisation is not None:
            # One organisation: nothing to choose, the comment is in its name.
            del self.fields["organisation"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.only_organisation is not None:
            data["organisation"] = self.only_organisation
        return data
