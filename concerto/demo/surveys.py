"""The needs survey of the demo: a questionnaire in French, Dutch and Arabic, its campaign, 25 forms.

- "Besoins en activités", built and published by the coordinator through the surveys services:
  a themes question drawing on the category taxonomy, a single choice, a scale shown only to
  those who took part in an activity before (the conditional question), a second single choice
  and a free text; Arabic is written right to left.
- Its campaign at Haren over the quarter of ``today``, for men, women, the accused, the
  convicted and the interned of every demo unit, run by APO (whose worker may type in forms).
- 25 anonymous paper forms typed in by the coordinator, spread over units, target groups and
  languages, fixed (no randomness). Most people rank **vocational training** first or second,
  then sport: the demo publishes no activity in either category (see activities.py), so the
  coverage analysis finds the gap.

Idempotent: a questionnaire or campaign that exists already is left as it is (a demonstration
may have changed it), and forms are typed in only into a campaign that has none yet.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from concerto.accounts.models import User
from concerto.accounts.permissions import Actor, actor_for
from concerto.demo import data as d
from concerto.organisations.models import Organisation
from concerto.prisons.models import Prison, Unit
from concerto.reference.models import Category, TargetGroup
from concerto.surveys import services as surveys
from concerto.surveys.models import (
    Campaign,
    Option,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnairePurpose,
    QuestionnaireVersion,
    Response,
    VersionStatus,
)
from concerto.surveys.services import AnswerInput, QuestionData, ResponseData

COORDINATOR = "coordinator"
QUESTIONNAIRE = "Besoins en activités"
CAMPAIGN = "Besoins en activités – Haren"
# Their names on Dutch and English pages.
QUESTIONNAIRE_NAMES = {"name_nl": "Behoeften aan activiteiten", "name_en": "Activity needs"}
CAMPAIGN_NAMES = {"name_nl": "Behoeften aan activiteiten – Haren", "name_en": "Activity needs – Haren"}


def _texts(fr: str, nl: str, ar: str) -> dict[str, str]:
    return {"fr": fr, "nl": nl, "ar": ar}


TITLE = _texts("Besoins en activités", "Behoeften aan activiteiten", "احتياجاتك من الأنشطة")
INTRODUCTION = _texts(
    "Ce questionnaire est anonyme : n'écrivez pas votre nom. Vos réponses aident les services "
    "à proposer des activités qui vous conviennent.",
    "Deze vragenlijst is anoniem: schrijf uw naam niet. Uw antwoorden helpen de diensten om "
    "activiteiten aan te bieden die bij u passen.",
    "هذا الاستبيان مجهول الهوية: لا تكتب اسمك. تساعد إجاباتك الخدمات على اقتراح أنشطة تناسبك.",
)
SECTIONS = (
    _texts("Vos souhaits", "Uw wensen", "رغباتك"),
    _texts("Organisation", "Organisatie", "التنظيم"),
)
# The themes offered, by category code, with their Arabic label (French, Dutch and English come
# from the taxonomy). Vocational training and sport have no published activity in the demo.
THEMES: list[tuple[str, str]] = [
    ("reception-class", "دروس الاستقبال واللغات"),
    ("digital-skills", "المهارات الرقمية"),
    ("vocational-training", "التكوين المهني"),
    ("parenting-family", "الأبوّة والأمومة والروابط العائلية"),
    ("discussion-groups", "مجموعات الحوار"),
    ("drawing-painting", "الرسم والتلوين"),
    ("theatre", "المسرح"),
    ("sport", "الرياضة"),
]


@dataclass(frozen=True)
class QuestionPlan:
    section: int
    kind: str
    code: str
    text: dict[str, str]
    required: bool = False
    options: tuple[dict[str, str], ...] = ()
    max_choices: int = 0
    ends: tuple[dict[str, str], dict[str, str]] | None = None
    shown_if: tuple[str, int] | None = None  # (question code, option position from 0)


QUESTIONS = (
    QuestionPlan(
        0,
        QuestionKind.THEMES,
        "themes",
        _texts(
            "Quelles activités aimeriez-vous suivre ? Classez jusqu'à 3 thèmes : 1 = le plus important.",
            "Welke activiteiten zou u graag volgen? Rangschik tot 3 thema's: 1 = het belangrijkste.",
            "ما هي الأنشطة التي تودّ المشاركة فيها؟ رتّب حتى ثلاثة مواضيع: 1 = الأهمّ.",
        ),
        required=True,
        max_choices=3,
    ),
    QuestionPlan(
        0,
        QuestionKind.SINGLE,
        "before",
        _texts(
            "Avez-vous déjà participé à une activité dans cette prison ?",
            "Hebt u al deelgenomen aan een activiteit in deze gevangenis?",
            "هل سبق لك أن شاركت في نشاط داخل هذا السجن؟",
        ),
        required=True,
        options=(_texts("Oui", "Ja", "نعم"), _texts("Non", "Nee", "لا")),
    ),
    QuestionPlan(
        0,
        QuestionKind.SCALE,
        "helped",
        _texts(
            "Si oui : cette activité vous a-t-elle aidé ?",
            "Zo ja: heeft die activiteit u geholpen?",
            "إذا كان الجواب نعم: هل ساعدك هذا النشاط؟",
        ),
        ends=(
            _texts("Pas du tout", "Helemaal niet", "لم يساعدني إطلاقًا"),
            _texts("Beaucoup", "Heel veel", "ساعدني كثيرًا"),
        ),
        shown_if=("before", 0),
    ),
    QuestionPlan(
        1,
        QuestionKind.SINGLE,
        "moment",
        _texts(
            "Quel moment de la journée vous convient le mieux ?",
            "Welk moment van de dag past u het best?",
            "ما هو الوقت الأنسب لك خلال اليوم؟",
        ),
        options=(
            _texts("Le matin", "'s Ochtends", "في الصباح"),
            _texts("L'après-midi", "'s Namiddags", "بعد الظهر"),
            _texts("Peu importe", "Maakt niet uit", "لا يهمّ"),
        ),
    ),
    QuestionPlan(
        1,
        QuestionKind.TEXT,
        "ideas",
        _texts(
            "Avez-vous d'autres idées ou remarques ?",
            "Hebt u nog andere ideeën of opmerkingen?",
            "هل لديك أفكار أو ملاحظات أخرى؟",
        ),
    ),
)

# Where the 25 forms come from: (unit, target group), in the order they are typed in.
ORIGINS: list[tuple[str, str]] = [
    *[("remand-men", "accused" if i % 2 else "men") for i in range(6)],
    *[("sentenced-men", "convicted" if i % 2 else "men") for i in range(6)],
    *[("women-closed", "women" if i % 2 else "accused") for i in range(4)],
    *[("women-open", "women") for _ in range(3)],
    *[("observation", "men") for _ in range(3)],
    *[("psychiatric-medical", "interned") for _ in range(3)],
]
LANGUAGES = ("fr", "ar", "nl", "fr", "ar")
RANKINGS: list[tuple[str, ...]] = [
    ("vocational-training", "sport", "digital-skills"),
    ("vocational-training", "reception-class"),
    ("sport", "vocational-training", "theatre"),
    ("reception-class", "vocational-training", "sport"),
    ("vocational-training", "parenting-family", "sport"),
    ("digital-skills", "vocational-training"),
    ("sport", "drawing-painting", "vocational-training"),
    ("parenting-family", "discussion-groups"),
]
IDEAS = {
    "fr": "J'aimerais apprendre un métier avant ma sortie, par exemple en cuisine ou en électricité.",
    "nl": "Meer sport, ook in het weekend.",
    "ar": "أريد أن أتعلّم مهنة قبل خروجي من السجن.",
}
HELPED = (4, 3, 5, 2, 4)


def _actor(username: str) -> Actor:
    user = User.objects.get(username=username)
    user.__dict__.pop("_concerto_actor", None)
    return actor_for(user)


def _questionnaire(actor: Actor, created: Counter[str]) -> QuestionnaireVersion | None:
    """The published version of the needs questionnaire; built and published if there is none."""
    questionnaire = Questionnaire.objects.filter(name=QUESTIONNAIRE, purpose=QuestionnairePurpose.NEEDS).first()
    if questionnaire is not None:
        # A demo loaded before the names were translated gets them (nothing else changes).
        Questionnaire.objects.filter(pk=questionnaire.pk, name_nl="").update(**QUESTIONNAIRE_NAMES)
        return questionnaire.versions.filter(status=VersionStatus.PUBLISHED).order_by("-number").first()
    questionnaire = surveys.questionnaire_create(
        actor=actor,
        data={
            "purpose": QuestionnairePurpose.NEEDS,
            "name": QUESTIONNAIRE,
            **QUESTIONNAIRE_NAMES,
            "organisation": Organisation.objects.get(name=d.COORDINATION_COCOM),
            "languages": ["fr", "nl", "ar"],
            "title": TITLE,
            "is_anonymous": True,
        },
    )
    created[str(Questionnaire._meta.verbose_name_plural)] += 1
    version = questionnaire.versions.get()
    surveys.version_update(actor=actor, version=version, introduction=INTRODUCTION)
    sections = [version.sections.get()]
    surveys.section_update(actor=actor, section=sections[0], title=SECTIONS[0])
    for title in SECTIONS[1:]:
        sections.append(surveys.section_add(actor=actor, version=version, title=title))
    questions: dict[str, Question] = {}
    for plan in QUESTIONS:
        question = surveys.question_add(actor=actor, section=sections[plan.section], kind=plan.kind, text=plan.text)
        condition: Option | None = None
        if plan.shown_if:
            code, position = plan.shown_if
            condition = questions[code].options.order_by("position")[position]
        surveys.question_update(
            actor=actor,
            question=question,
            data=QuestionData(
                code=plan.code,
                is_required=plan.required,
                max_choices=plan.max_choices,
                scale_min_label=plan.ends[0] if plan.ends else None,
                scale_max_label=plan.ends[1] if plan.ends else None,
                show_if_option=condition,
                condition_set=condition is not None,
            ),
        )
        _options(actor, question, plan)
        questions[plan.code] = question
    version = surveys.version_publish(actor=actor, version=version)
    created[str(QuestionnaireVersion._meta.verbose_name_plural)] += 1
    return version


def _options(actor: Actor, question: Question, plan: QuestionPlan) -> None:
    if plan.kind == QuestionKind.THEMES:
        for code, arabic in THEMES:
            option = surveys.option_add(actor=actor, question=question, category=Category.objects.get(code=code))
            surveys.option_update(actor=actor, option=option, label={"ar": arabic})
        return
    existing = list(question.options.order_by("position"))
    for index, label in enumerate(plan.options):
        if index < len(existing):
            surveys.option_update(actor=actor, option=existing[index], label=label)
        else:
            surveys.option_add(actor=actor, question=question, label=label)


def _campaign(
    actor: Actor, version: QuestionnaireVersion, prison: Prison, today: dt.date, created: Counter[str]
) -> Campaign:
    existing = Campaign.objects.filter(version__questionnaire=version.questionnaire).order_by("pk").first()
    if existing is not None:
        Campaign.objects.filter(pk=existing.pk, name_nl="").update(**CAMPAIGN_NAMES)
        return existing
    first_month = 3 * ((today.month - 1) // 3) + 1
    starts_on = dt.date(today.year, first_month, 1)
    ends_on = (
        dt.date(today.year + 1, 1, 1) if first_month == 10 else dt.date(today.year, first_month + 3, 1)
    ) - dt.timedelta(days=1)
    campaign = surveys.campaign_create(
        actor=actor,
        data={
            "name": CAMPAIGN,
            **CAMPAIGN_NAMES,
            "version": version,
            "organisation": Organisation.objects.get(name=d.APO),
            "prison": prison,
            "target_groups": list(
                TargetGroup.objects.filter(code__in=["men", "women", "accused", "convicted", "interned"])
            ),
            "units": list(Unit.objects.filter(prison=prison, code__in={unit for unit, _group in ORIGINS})),
            "starts_on": starts_on,
            "ends_on": ends_on,
        },
    )
    created[str(Campaign._meta.verbose_name_plural)] += 1
    return campaign


def _forms(actor: Actor, campaign: Campaign, created: Counter[str]) -> None:
    """The 25 paper forms, typed in one after another as staff would."""
    if campaign.responses.exists():
        return
    questions = {q.code: q for q in Question.objects.filter(section__version=campaign.version)}
    options = {
        (option.question.code, option.position): option
        for option in Option.objects.filter(question__section__version=campaign.version).select_related("question")
    }
    themes = {
        option.category.code: option
        for option in Option.objects.filter(question=questions["themes"]).select_related("category")
        if option.category is not None
    }
    units = {unit.code: unit for unit in Unit.objects.filter(prison=campaign.prison)}
    groups = {group.code: group for group in TargetGroup.objects.all()}
    for index, (unit, group) in enumerate(ORIGINS):
        language = LANGUAGES[index % len(LANGUAGES)]
        took_part = index % 3 == 0
        answers = {
            questions["themes"].pk: AnswerInput(
                ranks={themes[code].pk: rank for rank, code in enumerate(RANKINGS[index % len(RANKINGS)], start=1)}
            ),
            questions["before"].pk: AnswerInput(options=[options["before", 1 if took_part else 2].pk]),
            questions["moment"].pk: AnswerInput(options=[options["moment", 1 + index % 3].pk]),
        }
        if took_part:
            answers[questions["helped"].pk] = AnswerInput(value=HELPED[index % len(HELPED)])
        if index % 5 == 1:
            answers[questions["ideas"].pk] = AnswerInput(text=IDEAS[language])
        surveys.response_record(
            actor=actor,
            campaign=campaign,
            data=ResponseData(
                language=language,
                answers=answers,
                paper_number=str(index + 1),
                unit=units[unit],
                target_group=groups[group],
            ),
        )
        created[str(Response._meta.verbose_name_plural)] += 1


def demo_surveys(*, prison: Prison, today: dt.date) -> Counter[str]:
    """Load the needs survey (questionnaire, campaign, forms); returns what was created."""
    created: Counter[str] = Counter()
    actor = _actor(COORDINATOR)
    version = _questionnaire(actor, created)
    if version is None:
        return created
    campaign = _campaign(actor, version, prison, today, created)
    _forms(actor, campaign, created)
    return created


def demo_surveys_try_it() -> list[str]:
    """Where to try the questionnaire builder and the keyboard entry of paper forms."""
    campaign = Campaign.objects.filter(version__questionnaire__name=QUESTIONNAIRE).select_related("version").first()
    if campaign is None:
        return []
    with translation.override("fr"):
        preview = reverse("surveys:version_preview", args=[campaign.version_id])
        entry = reverse("surveys:response_entry", args=[campaign.pk])
    return [
        _(
            "Needs survey: as %(user)s, preview the questionnaire “%(name)s” in Arabic (right to left) "
            "%(preview)s?lang=ar, make a new version of it, and type in paper forms of “%(campaign)s” "
            "(%(count)d already typed in; most rank vocational training, which no published activity offers) "
            "%(entry)s"
        )
        % {
            "user": COORDINATOR,
            "name": QUESTIONNAIRE,
            "preview": preview,
            "campaign": campaign.name,
            "count": campaign.responses.count(),
            "entry": entry,
        }
    ]
