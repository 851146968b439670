"""The public offer's search and filters: a GET form whose choices come from the public selectors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from concerto.catalogue.forms import DateInput
from concerto.core.widgets import QuickSelect
from concerto.prisons.models import Unit
from concerto.public.selectors import PublicFilterChoices, PublicFilters, PublicTerm


def _term_choices(terms: tuple[PublicTerm, ...], everything: str) -> list[tuple[Any, str]]:
    """Options in the reader's language; sub-categories under their parent, marked by a dash."""
    return [("", everything)] + [(term.pk, f"– {term.name}" if term.parent_pk else str(term.name)) for term in terms]


# Choices by id; QuickSelect: organisations, languages and categories are hundreds of options
# (docs/performance.md).
NUMBERED: dict[str, Any] = {"required": False, "coerce": int, "empty_value": None, "widget": QuickSelect}


class OfferFilterForm(forms.Form):
    q = forms.CharField(label=_("Search the offer"), required=False, max_length=200)
    prison = forms.TypedChoiceField(label=_("Prison"), **NUMBERED)
    unit_kind = forms.ChoiceField(label=_("Kind of unit"), required=False, widget=QuickSelect)
    regime = forms.ChoiceField(label=_("Regime"), required=False, widget=QuickSelect)
    target_group = forms.TypedChoiceField(label=_("For whom"), **NUMBERED)
    category = forms.TypedChoiceField(label=_("Category"), **NUMBERED)
    language = forms.TypedChoiceField(label=_("Language"), **NUMBERED)
    organisation = forms.TypedChoiceField(label=_("Organisation"), **NUMBERED)
    period_start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    period_end = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, *args: Any, choices: PublicFilterChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("prison", [("", _("All prisons"))] + [(p.pk, str(p.name)) for p in choices.prisons])
        self.set_choices("unit_kind", [("", _("All kinds of unit")), *Unit.Kind.choices])
        self.set_choices("regime", [("", _("All regimes")), *Unit.Regime.choices])
        self.set_choices("target_group", _term_choices(choices.target_groups, str(_("Everyone"))))
        self.set_choices("category", _term_choices(choices.categories, str(_("All categories"))))
        self.set_choices("language", _term_choices(choices.languages, str(_("All languages"))))
        self.set_choices(
            "organisation",
            [("", _("All organisations"))] + [(o.pk, o.name) for o in choices.organisations],
        )

    def set_choices(self, name: str, choices: list[tuple[Any, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - narrows the type for mypy
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period is before its start."))
        return data

    def filters(self) -> PublicFilters:
        """The filters that are valid (a wrong one is shown with its error and left out, never a failure)."""
        if not self.is_bound:
            return PublicFilters()
        self.is_valid()
        data = self.cleaned_data
        return PublicFilters(
            text=data.get("q") or "",
            prison=data.get("prison"),
            unit_kind=data.get("unit_kind") or "",
            regime=data.get("regime") or "",
            target_group=data.get("target_group"),
            category=data.get("category"),
            language=data.get("language"),
            organisation=data.get("organisation"),
            period_start=data.get("period_start"),
            period_end=data.get("period_end"),
        )
