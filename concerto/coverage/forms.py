"""The filters of the coverage analysis."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from concerto.catalogue.forms import DateInput
from concerto.core.forms import FilterForm
from concerto.coverage.analysis import Filters, Period
from concerto.coverage.selectors import current_quarter
from concerto.organisations.models import Organisation
from concerto.prisons.models import Prison, Unit
from concerto.reference.models import Category, Language, TargetGroup

# The longest period analysed at once: weekly figures over longer spans mean little, and the
# analysis must answer in a second at the scale of every Belgian prison.
MAX_PERIOD_DAYS = 366


def default_min_speakers() -> int:
    """Languages spoken by at least this many people present count as a gap (never fewer than 5).

    10 unless the setting ``CONCERTO_COVERAGE_MIN_SPEAKERS`` says otherwise; the page's filter
    changes it for one analysis.
    """
    return max(int(getattr(settings, "CONCERTO_COVERAGE_MIN_SPEAKERS", 10)), settings.CONCERTO_MIN_COUNT)


class CoverageFilterForm(FilterForm):
    prison = forms.ModelChoiceField(
        Prison.objects.filter(is_active=True), label=_("Prison"), required=False, empty_label=_("All prisons")
    )
    period_start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    period_end = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    target_group = forms.ModelChoiceField(TargetGroup.objects.all(), label=_("Target group"), required=False)
    unit = forms.ModelChoiceField(
        Unit.objects.filter(is_active=True).select_related("prison"), label=_("Unit"), required=False
    )
    category = forms.ModelChoiceField(
        Category.objects.select_related("parent").order_by("parent__position", "position"),
        label=_("Category or theme"),
        required=False,
    )
    language = forms.ModelChoiceField(Language.objects.all(), label=_("Language"), required=False)
    organisation = forms.ModelChoiceField(
        Organisation.objects.filter(is_active=True), label=_("Organisation"), required=False
    )
    min_speakers = forms.IntegerField(
        label=_("Language gaps from"),
        required=False,
        min_value=settings.CONCERTO_MIN_COUNT,
        max_value=10_000,
    )
    by = forms.ChoiceField(
        label=_("Table rows"),
        required=False,
        choices=[
            ("", _("Target group × category")),
            ("unit", _("… and unit")),
            ("language", _("… and language")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        quarter = current_quarter()
        if self.is_bound and not self.data.get("period_start") and not self.data.get("period_end"):
            # No period asked for: the current quarter, shown in the fields.
            data = QueryDict(mutable=True)
            data.update(self.data)
            data["period_start"] = quarter.start.isoformat()
            data["period_end"] = quarter.end.isoformat()
            self.data = data
        self.fields["min_speakers"].widget.attrs["placeholder"] = str(default_min_speakers())
        # Set here, in the reader's language (a lazy text with its number filled in would be fixed at import).
        self.fields["min_speakers"].help_text = gettext("people present speaking it (at least %(count)s)") % {
            "count": settings.CONCERTO_MIN_COUNT
        }
        prison_id = self.data.get("prison") if self.is_bound else None
        if prison_id and str(prison_id).isdigit():
            # The units of the chosen prison only (another prison's unit is refused by the field).
            units = self.fields["unit"]
            units.queryset = units.queryset.filter(prison_id=int(prison_id))  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        quarter = current_quarter()
        start = data.get("period_start") or quarter.start
        end = data.get("period_end") or (quarter.end if start == quarter.start else start + dt.timedelta(days=90))
        if end < start:
            self.add_error("period_end", _("The end of the period is before its start."))
        elif (end - start).days + 1 > MAX_PERIOD_DAYS:
            self.add_error("period_end", _("Choose a period of at most one year."))
        data["period"] = Period(start=start, end=end)
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            target_group=data["target_group"].pk if data.get("target_group") else None,
            unit=data["unit"].pk if data.get("unit") else None,
            category=data["category"].pk if data.get("category") else None,
            language=data["language"].code if data.get("language") else "",
            organisation=data["organisation"].pk if data.get("organisation") else None,
            min_speakers=data.get("min_speakers") or default_min_speakers(),
            breakdown=data.get("by") or "",
        )
