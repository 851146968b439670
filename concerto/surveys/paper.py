"""Paper forms of a campaign, one per language, in an easy-read layout (HTML page and PDF).

Detainees have little or no internet and many read neither French nor Dutch: the survey
reaches them on paper, in their language. The layout follows easy-read habits: large type
(14 pt and more), one question per block, big numbered tick boxes, scales as boxes with their
end labels, ruled lines for free text, a pictogram for each theme's root category, and a box
for the rank of each chosen theme. Staff write the form number at the top before typing the
answers in, so no form is typed twice.

The questionnaire's own texts are in the form's language. The few fixed words of the layout
("Form number", "Answer only if…") come from the translation catalogues: in the form's
language when there is a catalogue for it (French, Dutch, English, and the paper-form-only
catalogues such as concerto/locale/ar), else in the reader's interface language, marked with
their own ``lang`` so that a right-to-left form stays readable. Names of target groups and units
exist in French, Dutch and English only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from concerto.core.translation import CONTENT_LANGUAGES, localised
from concerto.reference.models import Language

from .analysis import version_questions
from .models import Campaign, Option, Question, QuestionKind, text_in

# The layout, and the list of fonts that covers every script offered, are in this stylesheet.
PAPER_CSS = "concerto/surveys/paper.css"
TEXT_LINES = 4  # ruled lines under a free-text question

_ICON = (
    '<svg class="pictogram" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="48" height="48" '
    'aria-hidden="true" focusable="false" fill="none" stroke="#000" stroke-width="2.5" stroke-linejoin="round" '
    'stroke-linecap="round">{}</svg>'
)
# Drawn here, by the root category's code of the taxonomy (see concerto/demo/data.py).
PICTOGRAMS: dict[str, str] = {
    # An open book.
    "training": _ICON.format(
        '<path d="M24 12 C18 8 10 8 5 10 V38 C10 36 18 36 24 40 Z"/>'
        '<path d="M24 12 C30 8 38 8 43 10 V38 C38 36 30 36 24 40 Z"/>'
        '<path d="M10 17 H19 M10 23 H19 M10 29 H19 M29 17 H38 M29 23 H38 M29 29 H38" stroke-width="1.8"/>'
    ),
    # Two speech bubbles.
    "psychosocial": _ICON.format(
        '<path d="M4 8 H28 V24 H14 L8 30 V24 H4 Z"/>'
        '<path d="M20 28 V36 H34 L40 42 V36 H44 V18 H32" />'
        '<circle cx="11" cy="16" r="1.5" fill="#000"/><circle cx="16" cy="16" r="1.5" fill="#000"/>'
        '<circle cx="21" cy="16" r="1.5" fill="#000"/>'
    ),
    # A painter's palette.
    "sociocultural": _ICON.format(
        '<path d="M24 5 C12 5 4 13 4 23 C4 34 13 43 24 43 C28 43 29 40 27 37 C25 34 27 31 31 31 H36 '
        'C41 31 44 28 44 22 C44 12 35 5 24 5 Z"/>'
        '<circle cx="14" cy="18" r="3" fill="#000"/><circle cx="23" cy="12" r="3"/>'
        '<circle cx="33" cy="15" r="3" fill="#000"/><circle cx="14" cy="29" r="3"/>'
    ),
}
# Any other theme: a star.
FALLBACK_PICTOGRAM = _ICON.format(
    '<path d="M24 5 L29.5 18 L43 18.5 L32.5 27 L36 41 L24 33 L12 41 L15.5 27 L5 18.5 L18.5 18 Z"/>'
)


def pictogram_for(option: Option) -> SafeString:
    """The pictogram of the option's root category (a neutral star when none is drawn for it)."""
    category = option.category
    if category is None:
        return mark_safe(FALLBACK_PICTOGRAM)  # noqa: S308 - constant markup defined above
    code = category.root.code
    return mark_safe(PICTOGRAMS.get(code, FALLBACK_PICTOGRAM))  # noqa: S308 - constant markup defined above


@dataclass(frozen=True)
class PaperOption:
    number: int
    label: str
    pictogram: SafeString | None = None


@dataclass(frozen=True)
class PaperQuestion:
    number: int
    kind: str
    text: str
    help: str
    options: list[PaperOption]
    scale: list[int]
    low_label: str
    high_label: str
    max_choices: int
    condition_answer: SafeString  # the answer that makes the question apply, in the form's language
    condition_number: int | None
    lines: range = field(default_factory=lambda: range(TEXT_LINES))

    @property
    def is_choice(self) -> bool:
        return self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


@dataclass(frozen=True)
class PaperSection:
    title: str
    questions: list[PaperQuestion]


@dataclass(frozen=True)
class PaperForm:
    campaign: Campaign
    language: str  # the form's language
    language_name: str
    is_rtl: bool
    label_language: str  # the language of the layout's fixed words
    names_language: str  # the language of the target groups' and units' names
    title: str
    introduction: str
    sections: list[PaperSection]
    target_groups: list[str]
    units: list[str]

    @property
    def direction(self) -> str:
        return "rtl" if self.is_rtl else "ltr"

    @property
    def labels_attributes(self) -> SafeString:
        """``lang`` and ``dir`` for the fixed words when they are not in the form's language."""
        if self.label_language == self.language:
            return mark_safe("")
        return format_html(' lang="{}" dir="ltr"', self.label_language)

    @property
    def names_attributes(self) -> SafeString:
        """``lang`` and ``dir`` for the names of target groups and units when not in the form's language."""
        if self.names_language == self.language:
            return mark_safe("")
        return format_html(' lang="{}" dir="ltr"', self.names_language)


@cache
def wording_languages() -> frozenset[str]:
    """Languages the paper form's fixed words exist in: the interface's and those with a catalogue."""
    catalogues = {
        folder.name
        for path in settings.LOCALE_PATHS
        for folder in Path(path).iterdir()
        if (folder / "LC_MESSAGES").is_dir()
    }
    return frozenset(CONTENT_LANGUAGES) | catalogues


def form_languages(campaign: Campaign) -> list[tuple[str, str]]:
    """(code, name) of the languages the campaign's version is offered in, in its order."""
    codes = list(campaign.version.languages or [])
    names = {language.code: language for language in Language.objects.filter(code__in=codes)}
    return [(code, str(names[code]) if code in names else code) for code in codes]


def paper_form(campaign: Campaign, language: str, *, reader_language: str | None = None) -> PaperForm:
    """The form of ``campaign`` in ``language``; 404 when the version is not offered in it."""
    version = campaign.version
    if language not in (version.languages or []):
        raise Http404
    reference = Language.objects.filter(code=language).first()
    interface_language = reader_language or settings.LANGUAGE_CODE
    label_language = language if language in wording_languages() else interface_language
    names_language = label_language if label_language in CONTENT_LANGUAGES else interface_language
    questions = version_questions(version)
    numbers = {question.pk: number for number, question in enumerate(questions, start=1)}
    sections: list[PaperSection] = []
    current_section_id = None
    for question in questions:
        if question.section_id != current_section_id:
            sections.append(PaperSection(text_in(question.section.title, language), []))
            current_section_id = question.section_id
        sections[-1].questions.append(_paper_question(question, language, numbers))
    return PaperForm(
        campaign=campaign,
        language=language,
        language_name=(reference.native_name or str(reference)) if reference else language,
        is_rtl=bool(reference and reference.is_right_to_left),
        label_language=label_language,
        names_language=names_language,
        title=text_in(version.title, language),
        introduction=text_in(version.introduction, language) if version.introduction else "",
        sections=sections,
        target_groups=[localised(group, "name", names_language).text for group in campaign.target_groups.all()],
        units=[localised(unit, "name", names_language).text for unit in campaign.units.all()],
    )


def _paper_question(question: Question, language: str, numbers: dict[int, int]) -> PaperQuestion:
    options = list(question.options.all())
    is_themes = question.kind == QuestionKind.THEMES
    condition = question.show_if_option if question.show_if_question_id else None
    return PaperQuestion(
        number=numbers[question.pk],
        kind=question.kind,
        text=text_in(question.text, language),
        help=text_in(question.help_text, language) if question.help_text else "",
        options=[
            PaperOption(
                number, text_in(option.label, language) or option.code, pictogram_for(option) if is_themes else None
            )
            for number, option in enumerate(options, start=1)
        ],
        scale=list(range(question.scale_min, question.scale_max + 1)) if question.kind == QuestionKind.SCALE else [],
        low_label=text_in(question.scale_min_label, language) if question.scale_min_label else "",
        high_label=text_in(question.scale_max_label, language) if question.scale_max_label else "",
        max_choices=question.max_choices or (len(options) if is_themes else 0),
        condition_answer=format_html('<bdi lang="{}">{}</bdi>', language, text_in(condition.label, language))
        if condition
        else mark_safe(""),
        condition_number=numbers.get(question.show_if_question_id) if question.show_if_question_id else None,
    )


def render_paper_pdf(form: PaperForm) -> bytes:
    """The form as an A4 PDF (WeasyPrint, system fonts)."""
    from weasyprint import CSS, HTML  # imported here: loading Pango takes a moment, and only PDFs need it

    context: dict[str, Any] = {"form": form, "LANGUAGE_CODE": form.language}
    with translation.override(form.label_language):
        html = render_to_string("surveys/paper/form_pdf.html", context)
    stylesheet = finders.find(PAPER_CSS)
    pdf: bytes = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[CSS(filename=stylesheet)] if stylesheet else None
    )
    return pdf
