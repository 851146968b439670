"""Forms of the questionnaire builder, campaigns and the keyboard entry of paper forms.

They check the shape of input only; the rules live in ``services`` and come back as errors.
Texts are typed per language: one field per language of the version, with the ``lang`` and
``dir`` attributes of that language, so Arabic is typed and shown right to left.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from concerto.catalogue.forms import DateInput
from concerto.core.translation import localised
from concerto.organisations.models import Organisation
from concerto.prisons.models import Prison, Unit
from concerto.reference.models import Language, TargetGroup

from .models import Campaign, Option, Question, QuestionKind, QuestionnairePurpose, QuestionnaireVersion, text_in
from .selectors import NumberedQuestion, VersionContent
from .services import AnswerInput, ResponseData, question_key


def language_label(language: Language) -> str:
    """“Arabic · العربية”: the interface's name, then the language's own (what a speaker recognises)."""
    name = localised(language, "name").text
    native = language.native_name
    return f"{name} · {native}" if native and native.lower() != name.lower() else name


def text_attrs(language: Language, **attrs: Any) -> dict[str, Any]:
    return {"lang": language.code, "dir": "rtl" if language.is_right_to_left else "ltr", **attrs}


class TextsMixin(forms.Form):
    """Adds one field per language for a text stored as ``{"fr": ..., "ar": ...}``."""

    def add_texts(
        self,
        name: str,
        languages: Iterable[Language],
        current: dict[str, str],
        *,
        label: str,
        long: bool = False,
    ) -> list[tuple[Language, forms.BoundField]]:
        """The fields ``<name>_<code>``; returns (language, bound field) pairs for the page's grid."""
        cells = []
        for language in languages:
            field_name = f"{name}_{language.code}"
            widget: forms.Widget
            if long:
                widget = forms.Textarea(attrs=text_attrs(language, rows=2))
            else:
                widget = forms.TextInput(attrs=text_attrs(language))
            self.fields[field_name] = forms.CharField(
                label=f"{label} ({language_label(language)})", required=False, max_length=1000, widget=widget
            )
            self.initial[field_name] = current.get(language.code, "")
            cells.append((language, self[field_name]))
        return cells

    def texts(self, name: str, languages: Iterable[Language]) -> dict[str, str]:
        data = self.cleaned_data
        return {language.code: data.get(f"{name}_{language.code}", "") for language in languages}


# --- Questionnaires -------------------------------------------------------------------------------


def _translated_name(language: str) -> forms.CharField:
    labels = {"nl": _("Name in Dutch"), "en": _("Name in English")}
    return forms.CharField(
        label=labels[language],
        max_length=200,
        required=False,
        help_text=_("Shown on the pages in that language; empty: the French name, marked as such."),
    )


class QuestionnaireForm(forms.Form):
    name = forms.CharField(
        label=_("Name in French"),
        max_length=200,
        help_text=_("For staff; the title people read is typed per language."),
    )
    name_nl = _translated_name("nl")
    name_en = _translated_name("en")
    purpose = forms.ChoiceField(label=_("Purpose"), choices=QuestionnairePurpose.choices)
    organisation = forms.ModelChoiceField(Organisation.objects.none(), label=_("Organisation"), empty_label=None)
    languages = forms.ModelMultipleChoiceField(
        Language.objects.all(),
        label=_("Languages"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("More languages can be added while building."),
    )
    is_anonymous = forms.BooleanField(
        label=_("Anonymous answers"),
        required=False,
        initial=True,
        help_text=_("When unticked, each answer is linked to the detainee who gave it."),
    )

    def __init__(self, *args: Any, purposes: list[str], organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        purpose = self.fields["purpose"]
        assert isinstance(purpose, forms.ChoiceField)  # noqa: S101 - narrows the type for mypy
        purpose.choices = [(value, label) for value, label in QuestionnairePurpose.choices if value in purposes]
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)  # noqa: S101
        organisation.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations]).order_by("name")
        languages = self.fields["languages"]
        assert isinstance(languages, forms.ModelMultipleChoiceField)  # noqa: S101
        languages.label_from_instance = language_label  # type: ignore[method-assign,assignment]
        self.initial.setdefault("languages", list(Language.objects.filter(code__in=["fr", "nl"])))

    def questionnaire_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "name_nl": data["name_nl"],
            "name_en": data["name_en"],
            "purpose": data["purpose"],
            "organisation": data["organisation"],
            "languages": [language.code for language in data["languages"]],
            "is_anonymous": data["is_anonymous"],
        }


# --- The builder ----------------------------------------------------------------------------------


class VersionForm(TextsMixin):
    is_anonymous = forms.BooleanField(
        label=_("Anonymous answers"),
        required=False,
        help_text=_("When unticked, each answer is linked to the detainee who gave it."),
    )

    def __init__(self, *args: Any, version: QuestionnaireVersion, languages: list[Language], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages = languages
        self.initial["is_anonymous"] = version.is_anonymous
        self.title_cells = self.add_texts("title", languages, version.title, label=str(_("Title")))
        self.introduction_cells = self.add_texts(
            "introduction", languages, version.introduction, label=str(_("Introduction")), long=True
        )


class SectionForm(TextsMixin):
    def __init__(self, *args: Any, section: Any, number: int, languages: list[Language], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.section = section
        self.number = number
        self.title_cells = self.add_texts(
            "title", languages, section.title, label=str(_("Title of section %(number)d") % {"number": number})
        )


class QuestionForm(TextsMixin):
    """One question of the builder; the fields depend on its kind."""

    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Stays the same from one version to the next, so results can be compared."),
    )
    is_required = forms.BooleanField(label=_("Required"), required=False)
    show_if = forms.ChoiceField(label=_("Shown"), required=False)

    def __init__(
        self,
        *args: Any,
        numbered: NumberedQuestion,
        earlier: list[NumberedQuestion],
        languages: list[Language],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        question = numbered.question
        self.numbered = numbered
        self.question = question
        self.initial.update(code=question.code, is_required=question.is_required)
        where = str(_("Question %(number)d") % {"number": numbered.number})
        self.text_cells = self.add_texts("text", languages, question.text, label=where, long=True)
        self.help_cells = self.add_texts(
            "help", languages, question.help_text, label=str(_("%(where)s, help") % {"where": where})
        )
        self.min_label_cells: list[tuple[Language, forms.BoundField]] = []
        self.max_label_cells: list[tuple[Language, forms.BoundField]] = []
        if question.kind == QuestionKind.SCALE:
            self.fields["scale_min"] = forms.IntegerField(label=_("From"), min_value=-10, max_value=10)
            self.fields["scale_max"] = forms.IntegerField(label=_("To"), min_value=-10, max_value=10)
            self.initial.update(scale_min=question.scale_min, scale_max=question.scale_max)
            self.min_label_cells = self.add_texts(
                "min_label", languages, question.scale_min_label, label=str(_("Label of the lowest value"))
            )
            self.max_label_cells = self.add_texts(
                "max_label", languages, question.scale_max_label, label=str(_("Label of the highest value"))
            )
        if question.kind in (QuestionKind.MULTIPLE, QuestionKind.THEMES):
            self.fields["max_choices"] = forms.IntegerField(
                label=_("At most this many choices") if question.kind == QuestionKind.MULTIPLE else _("Themes to rank"),
                min_value=0,
                max_value=50,
                help_text=_("0: no limit."),
            )
            self.initial["max_choices"] = question.max_choices
        show_if = self.fields["show_if"]
        assert isinstance(show_if, forms.ChoiceField)  # noqa: S101 - narrows the type for mypy
        groups: list[tuple[str, Any]] = [("", _("Always"))]
        for source in earlier:
            if source.question.kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.THEMES):
                continue
            label = _("Only if question %(number)d is answered") % {"number": source.number}
            choices = [
                (str(option.pk), f"{index}. {text_in(option.label) or '…'}")
                for index, option in enumerate(source.options, start=1)
            ]
            if choices:
                groups.append((str(label), choices))
        show_if.choices = groups
        self.initial["show_if"] = str(question.show_if_option_id or "")
        self.condition_options = {option.pk: option for source in earlier for option in source.options}

    def question_data(self, languages: list[Language]) -> Any:
        from .services import QuestionData

        data = self.cleaned_data
        chosen = data.get("show_if") or ""
        option = self.condition_options.get(int(chosen)) if chosen.isdigit() else None
        return QuestionData(
            code=data["code"],
            text=self.texts("text", languages),
            help_text=self.texts("help", languages),
            is_required=data["is_required"],
            scale_min=data.get("scale_min"),
            scale_max=data.get("scale_max"),
            scale_min_label=self.texts("min_label", languages) if self.min_label_cells else None,
            scale_max_label=self.texts("max_label", languages) if self.max_label_cells else None,
            max_choices=data.get("max_choices"),
            show_if_option=option,
            condition_set=True,
        )


class OptionForm(TextsMixin):
    def __init__(
        self, *args: Any, option: Option, number: int, question_number: int, languages: list[Language], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.option = option
        self.number = number
        label = _("Question %(question)d, answer %(number)d") % {"question": question_number, "number": number}
        self.label_cells = self.add_texts("label", languages, option.label, label=str(label))


# --- Campaigns ------------------------------------------------------------------------------------


def current_quarter(today: dt.date) -> tuple[dt.date, dt.date]:
    first_month = 3 * ((today.month - 1) // 3) + 1
    starts_on = dt.date(today.year, first_month, 1)
    next_start = dt.date(today.year + (first_month == 10), 1 if first_month == 10 else first_month + 3, 1)
    return starts_on, next_start - dt.timedelta(days=1)


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name in French"), max_length=200)
    name_nl = _translated_name("nl")
    name_en = _translated_name("en")
    version = forms.ModelChoiceField(QuestionnaireVersion.objects.none(), label=_("Questionnaire version"))
    organisation = forms.ModelChoiceField(
        Organisation.objects.none(),
        label=_("Organisation"),
        empty_label=None,
        help_text=_("Its staff type in the paper forms (coordinators may too)."),
    )
    prison = forms.ModelChoiceField(Prison.objects.filter(is_active=True), label=_("Prison"), empty_label=None)
    target_groups = forms.ModelMultipleChoiceField(
        TargetGroup.objects.all(), label=_("Target groups"), required=False, widget=forms.CheckboxSelectMultiple
    )
    units = forms.ModelMultipleChoiceField(
        Unit.objects.filter(is_active=True).select_related("prison").order_by("prison__code", "code"),
        label=_("Units"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = forms.DateField(label=_("First day"), widget=DateInput())
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput())

    def __init__(
        self,
        *args: Any,
        versions: QuerySet[QuestionnaireVersion],
        organisations: list[Organisation],
        campaign: Campaign | None = None,
        **kwargs: Any,
    ) -> None:
        if campaign is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": campaign.name,
                    "name_nl": campaign.name_nl,
                    "name_en": campaign.name_en,
                    "version": campaign.version_id,
                    "organisation": campaign.organisation_id,
                    "prison": campaign.prison_id,
                    "target_groups": list(campaign.target_groups.all()),
                    "units": list(campaign.units.all()),
                    "starts_on": campaign.starts_on,
                    "ends_on": campaign.ends_on,
                },
            )
        super().__init__(*args, **kwargs)
        version = self.fields["version"]
        assert isinstance(version, forms.ModelChoiceField)  # noqa: S101 - narrows the type for mypy
        if campaign is not None and not versions.filter(pk=campaign.version_id).exists():
            versions = QuestionnaireVersion.objects.filter(
                pk__in=[*versions.values_list("pk", flat=True), campaign.version_id]
            )
        version.queryset = versions.select_related("questionnaire")
        version.label_from_instance = lambda v: f"{v.questionnaire} · v{v.number}"  # type: ignore[method-assign,assignment]
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)  # noqa: S101
        ids = [o.pk for o in organisations]
        if campaign is not None:
            ids.append(campaign.organisation_id)
        organisation.queryset = Organisation.objects.filter(pk__in=ids).order_by("name")
        units = self.fields["units"]
        assert isinstance(units, forms.ModelMultipleChoiceField)  # noqa: S101
        units.label_from_instance = lambda unit: f"{unit.prison.tr('name')} · {unit.tr('name')}"  # type: ignore[method-assign,assignment]

    def campaign_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "name_nl": data["name_nl"],
            "name_en": data["name_en"],
            "version": data["version"],
            "organisation": data["organisation"],
            "prison": data["prison"],
            "target_groups": list(data["target_groups"]),
            "units": list(data["units"]),
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
        }


# --- Keyboard entry of paper forms -------------------------------------------------------------------


class EntryForm(forms.Form):
    """One paper form: its number, language, target group and unit, then every question in order.

    Choices are numbered as on paper (1, 2, 3...), so staff type the number they read; themes
    are ranked with small number inputs. Nothing here decides whether the answers are
    complete or consistent: ``services.response_record`` does, for every channel.
    """

    paper_number = forms.CharField(label=_("Form number"), max_length=40, required=False)
    language = forms.ChoiceField(label=_("Language of the form"))
    target_group = forms.ModelChoiceField(
        TargetGroup.objects.none(), label=_("Target group"), required=False, empty_label="—"
    )
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("Unit"), required=False, empty_label="—")

    def __init__(self, *args: Any, campaign: Campaign, content: VersionContent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.content = content
        self.question_errors: dict[int, list[str]] = {}
        self.header_fields = ["paper_number", "language", "target_group", "unit"]
        if not self.is_bound:
            # A fresh form: the cursor waits in the form number (after an error, the summary has the focus).
            self.fields["paper_number"].widget.attrs["autofocus"] = True
        self.fields["paper_number"].widget.attrs.update(size=8, autocomplete="off")
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)  # noqa: S101 - narrows the type for mypy
        language.choices = [(item.code, language_label(item)) for item in content.languages]
        target_group = self.fields["target_group"]
        assert isinstance(target_group, forms.ModelChoiceField)  # noqa: S101
        target_group.queryset = campaign.target_groups.all()
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)  # noqa: S101
        unit.queryset = campaign.units.all()
        if not content.version.is_anonymous:
            self.fields["prison_number"] = forms.CharField(
                label=_("Prison number of the person"), max_length=40, required=False
            )
            self.header_fields.append("prison_number")
        self.theme_fields: dict[int, list[tuple[Option, str]]] = {}
        for numbered in content.questions:
            self._add_question(numbered)

    def _add_question(self, numbered: NumberedQuestion) -> None:
        question = numbered.question
        name = question_key(question)
        numbered_choices = [
            (str(option.pk), f"{index}. {text_in(option.label)}") for index, option in enumerate(numbered.options, 1)
        ]
        label = f"{numbered.number}. {text_in(question.text)}"
        if question.kind == QuestionKind.SINGLE:
            self.fields[name] = forms.ChoiceField(
                label=label, choices=numbered_choices, required=False, widget=forms.RadioSelect
            )
        elif question.kind == QuestionKind.MULTIPLE:
            self.fields[name] = forms.MultipleChoiceField(
                label=label, choices=numbered_choices, required=False, widget=forms.CheckboxSelectMultiple
            )
        elif question.kind == QuestionKind.SCALE:
            self.fields[name] = forms.ChoiceField(
                label=label, choices=self._scale_choices(question), required=False, widget=forms.RadioSelect
            )
        elif question.kind == QuestionKind.TEXT:
            self.fields[name] = forms.CharField(
                label=label, required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
            )
        else:
            fields = []
            for index, option in enumerate(numbered.options, 1):
                field_name = f"{name}_{option.pk}"
                self.fields[field_name] = forms.IntegerField(
                    label=f"{index}. {text_in(option.label)}",
                    required=False,
                    min_value=1,
                    max_value=max(len(numbered.options), 1),
                    widget=forms.NumberInput(attrs={"class": "rank", "inputmode": "numeric"}),
                )
                fields.append((option, field_name))
            self.theme_fields[question.pk] = fields

    @staticmethod
    def _scale_choices(question: Question) -> list[tuple[str, str]]:
        choices = []
        for value in range(question.scale_min, question.scale_max + 1):
            label = str(value)
            if value == question.scale_min and question.scale_min_label:
                label = f"{value} – {text_in(question.scale_min_label)}"
            elif value == question.scale_max and question.scale_max_label:
                label = f"{value} – {text_in(question.scale_max_label)}"
            choices.append((str(value), label))
        return choices

    def response_data(self) -> ResponseData:
        data = self.cleaned_data
        answers: dict[int, AnswerInput] = {}
        for numbered in self.content.questions:
            question = numbered.question
            name = question_key(question)
            answer = AnswerInput()
            if question.kind == QuestionKind.SINGLE:
                answer.options = [int(data[name])] if data.get(name) else []
            elif question.kind == QuestionKind.MULTIPLE:
                answer.options = [int(value) for value in data.get(name) or []]
            elif question.kind == QuestionKind.SCALE:
                answer.value = int(data[name]) if data.get(name) not in (None, "") else None
            elif question.kind == QuestionKind.TEXT:
                answer.text = data.get(name) or ""
            else:
                answer.ranks = {
                    option.pk: data[field_name]
                    for option, field_name in self.theme_fields[question.pk]
                    if data.get(field_name) is not None
                }
            answers[question.pk] = answer
        return ResponseData(
            language=data.get("language") or "",
            answers=answers,
            paper_number=data.get("paper_number") or "",
            target_group=data.get("target_group"),
            unit=data.get("unit"),
            prison_number=data.get("prison_number") or "",
        )

    def add_response_errors(self, error: ValidationError) -> None:
        """Put the service's errors next to the header fields and under each question."""
        by_key = {f"q{numbered.pk}": numbered.pk for numbered in self.content.questions}
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.add_error(None, message)
            return
        for key, items in error.error_dict.items():
            messages = [message for item in items for message in item.messages]
            if key in by_key:
                self.question_errors.setdefault(by_key[key], []).extend(messages)
            elif key in self.fields and key != NON_FIELD_ERRORS:
                for message in messages:
                    self.add_error(key, message)
            else:
                for message in messages:
                    self.add_error(None, message)

    def question_field_errors(self) -> None:
        """Shape errors of a question's own fields (a rank that is not a number) join its errors."""
        for numbered in self.content.questions:
            names = [question_key(numbered.question)]
            names += [name for _option, name in self.theme_fields.get(numbered.pk, [])]
            for name in names:
                for message in self.errors.get(name, []):
                    self.question_errors.setdefault(numbered.pk, []).append(str(message))

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or bool(self.question_errors)

    def rows(self) -> list[tuple[Any, list[QuestionRow]]]:
        """Per section: each question with its field (or rank fields), errors and first input's id."""
        sections = []
        for block in self.content.sections:
            rows = []
            for numbered in block.questions:
                ranks = [
                    (index, option, self[name])
                    for index, (option, name) in enumerate(self.theme_fields.get(numbered.pk, []), start=1)
                ]
                name = question_key(numbered.question)
                field = self[name] if name in self.fields else None
                if ranks:
                    first_id = ranks[0][2].id_for_label
                elif field is not None and numbered.question.kind != QuestionKind.TEXT:
                    first_id = f"{field.auto_id}_0"
                else:
                    first_id = field.id_for_label if field is not None else name
                rows.append(
                    QuestionRow(
                        numbered=numbered,
                        field=field,
                        ranks=ranks,
                        errors=self.question_errors.get(numbered.pk, []),
                        first_id=first_id,
                    )
                )
            sections.append((block.section, rows))
        return sections


@dataclass
class QuestionRow:
    numbered: NumberedQuestion
    field: forms.BoundField | None
    ranks: list[tuple[int, Option, forms.BoundField]]
    errors: list[str]
    first_id: str

    @property
    def anchor(self) -> str:
        return f"q{self.numbered.pk}"
