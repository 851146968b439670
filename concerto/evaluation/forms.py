"""Forms check the shape of input; the rules (who decides, adjustments, the next edition) live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from concerto.catalogue.forms import DateInput
from concerto.catalogue.models import Edition
from concerto.surveys.models import QuestionnaireVersion, text_in

from .models import Decision, EditionEvaluation, FacilitatorReport
from .services import ReportData

NO_NAMES = _("Do not name detainees: describe the group and situations, not people.")


class ReportForm(forms.Form):
    what_worked = forms.CharField(
        label=_("What worked"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=format_lazy(
            "{} {}", _("Contents, methods, group atmosphere, cooperation with the prison."), NO_NAMES
        ),
    )
    incidents = forms.CharField(
        label=_("Incidents"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
        help_text=format_lazy("{} {}", _("Cancelled sessions, late movements, tensions, missing material."), NO_NAMES),
    )
    suggestions = forms.CharField(
        label=_("Suggestions"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
        help_text=_("What to change for the next edition."),
    )

    def __init__(self, *args: Any, report: FacilitatorReport | None = None, **kwargs: Any) -> None:
        if report is not None:
            kwargs.setdefault(
                "initial",
                {"what_worked": report.what_worked, "incidents": report.incidents, "suggestions": report.suggestions},
            )
        super().__init__(*args, **kwargs)

    def report_data(self) -> ReportData:
        data = self.cleaned_data
        return ReportData(
            what_worked=data["what_worked"],
            incidents=data.get("incidents", ""),
            suggestions=data.get("suggestions", ""),
        )


class EvaluationForm(forms.Form):
    """The coordinator's evaluation; the organiser's manager gets the assessment only (``may_decide``)."""

    assessment = forms.CharField(
        label=_("Assessment"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        required=False,
        help_text=format_lazy("{} {}", _("What the figures, the participants' answers and the reports say."), NO_NAMES),
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("", _("Not decided yet")), *Decision.choices],
        widget=forms.RadioSelect,
        required=False,
    )
    adjustments = forms.CharField(
        label=_("Adjustments"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        required=False,
        help_text=_("Required when the decision is to adjust: what the next edition changes."),
    )

    def __init__(self, *args: Any, evaluation: EditionEvaluation | None, may_decide: bool, **kwargs: Any) -> None:
        if evaluation is not None:
            kwargs.setdefault(
                "initial",
                {
                    "assessment": evaluation.assessment,
                    "decision": evaluation.decision,
                    "adjustments": evaluation.adjustments,
                },
            )
        super().__init__(*args, **kwargs)
        if not may_decide:
            del self.fields["decision"]
            del self.fields["adjustments"]


class ParticipantEvaluationForm(forms.Form):
    version = forms.ModelChoiceField(
        QuestionnaireVersion.objects.none(),
        label=_("Questionnaire"),
        empty_label=None,
        help_text=_("A published version of a participant-evaluation questionnaire."),
    )
    starts_on = forms.DateField(label=_("Answers from"), widget=DateInput())
    ends_on = forms.DateField(
        label=_("Answers until"),
        widget=DateInput(),
        help_text=_("The last day on which forms are collected."),
    )

    def __init__(self, *args: Any, versions: list[QuestionnaireVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["version"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type for mypy
        field.queryset = QuestionnaireVersion.objects.filter(pk__in=[v.pk for v in versions]).select_related(
            "questionnaire"
        )
        field.label_from_instance = lambda obj: (  # type: ignore[method-assign]
            f"{obj.questionnaire} · v{obj.number} · {text_in(obj.title)}"
        )


class FollowUpForm(forms.Form):
    edition = forms.ModelChoiceField(
        Edition.objects.none(),
        label=_("Later edition"),
        empty_label=None,
        help_text=_("An edition of the same activity that starts after the evaluated one ended."),
    )

    def __init__(self, *args: Any, candidates: list[Edition], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["edition"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        # Only editions that may follow are offered; the service checks the rules again.
        ids = [edition.pk for edition in candidates]
        field.queryset = Edition.objects.filter(pk__in=ids).select_related("prison")
        field.label_from_instance = lambda obj: (  # type: ignore[method-assign]
            f"{obj.starts_on:%d/%m/%Y} – {obj.ends_on:%d/%m/%Y} · {obj.prison}"
        )
