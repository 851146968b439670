"""The inbox's filters (GET) and the answer to one request (POST)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from concerto.core.widgets import QuickSelect
from concerto.inbox.selectors import InboxFilters
from concerto.inbox.sources import InboxState, inbox_sources

STATE_CHOICES = [
    (InboxState.WAITING, _("Waiting for an answer")),
    (InboxState.APPROVED, _("Approved")),
    (InboxState.REFUSED, _("Refused")),
    ("all", _("Every state")),
]


class InboxFilterForm(forms.Form):
    source = forms.ChoiceField(label=_("Kind of request"), required=False, widget=QuickSelect)
    state = forms.ChoiceField(label=_("State"), required=False, choices=STATE_CHOICES, widget=QuickSelect)
    organisation = forms.TypedChoiceField(
        label=_("Service"), required=False, coerce=int, empty_value=None, widget=QuickSelect
    )
    overdue_only = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], default_state: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default_state = default_state
        self._choices("source", [("", _("Every kind"))] + [(s.key, s.label) for s in inbox_sources()])
        self._choices("organisation", [("", _("Every service")), *organisations])
        self.fields["state"].initial = default_state

    def _choices(self, name: str, choices: list[tuple[Any, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - narrows the type for mypy
        field.choices = choices

    def filters(self) -> InboxFilters:
        """The valid filters (a wrong one is left out, never an error page)."""
        if not self.is_bound:
            return InboxFilters(state=self.default_state)
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        state = data.get("state") or self.default_state
        return InboxFilters(
            source=data.get("source") or "",
            state="" if state == "all" else state,
            organisation=data.get("organisation"),
            overdue_only=bool(data.get("overdue_only")),
        )


class DecisionForm(forms.Form):
    item = forms.CharField(max_length=60)
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("refuse", _("Refuse"))])
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
