"""The choices of a poster, a week's sheet or a flyer: GET forms that the PDF links submit as they are."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concerto.public import selectors as public

from .selectors import PAGE_SIZES, EditionChoice, paper_languages

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


class MonthInput(forms.TextInput):
    input_type = "month"


class WeekInput(forms.TextInput):
    input_type = "week"


class MonthField(forms.CharField):
    """A month as ``2027-01`` (what ``<input type="month">`` sends), cleaned to its first day."""

    default_error_messages = {"invalid": _("Write the month as year-month, for example 2027-01.")}

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = (super().to_python(value) or "").strip()
        if not text:
            return None
        match = MONTH.match(text)
        try:
            if match is None:
                raise ValueError
            return dt.date(int(match[1]), int(match[2]), 1)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class WeekField(forms.CharField):
    """An ISO week as ``2027-W03`` (what ``<input type="week">`` sends), cleaned to its Monday."""

    default_error_messages = {"invalid": _("Write the week as year-W-number, for example 2027-W03.")}

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = (super().to_python(value) or "").strip().upper()
        if not text:
            return None
        match = WEEK.match(text)
        try:
            if match is None:
                raise ValueError
            return dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


def language_choices() -> list[tuple[str, str]]:
    return [(language.code, language.name) for language in paper_languages()]


def unit_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """Active units grouped by their prison, in the reader's language."""
    return [(str(prison.name), [(unit.pk, str(unit.name)) for unit in prison.units]) for prison in public.prison_list()]


class PaperForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the paper"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()  # type: ignore[attr-defined]


class UnitPaperForm(PaperForm):
    """For the views whose unit is in the URL, and for the staff page, which chooses it."""

    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = unit_choices()  # type: ignore[attr-defined]


class PosterForm(UnitPaperForm):
    month = MonthField(label=_("Month"), widget=MonthInput(), help_text=_("For example 2027-01."))
    size = forms.ChoiceField(label=_("Paper size"), choices=[(size, size) for size in PAGE_SIZES], initial="A4")

    @classmethod
    def initial_values(cls, language: str) -> dict[str, Any]:
        return {"month": f"{timezone.localdate():%Y-%m}", "size": "A4", "language": language}


class WeekForm(UnitPaperForm):
    week = WeekField(label=_("Week"), widget=WeekInput(), help_text=_("For example 2027-W03."))

    @classmethod
    def initial_values(cls, language: str) -> dict[str, Any]:
        year, week, _day = timezone.localdate().isocalendar()
        return {"week": f"{year}-W{week:02d}", "language": language}


class FlyerForm(PaperForm):
    edition = forms.TypedChoiceField(label=_("Edition"), coerce=int, required=False)

    def __init__(self, *args: Any, editions: list[EditionChoice] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["edition"].choices = [(choice.pk, choice.label) for choice in editions or []]  # type: ignore[attr-defined]
