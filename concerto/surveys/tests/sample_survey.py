"""A needs survey with answers whose results can be checked by heart.

Questionnaire "Vos besoins à Haren" (French, Dutch, Arabic), six questions:

1. ``interest`` single choice: yes / no
2. ``moments`` multiple choice: morning / afternoon
3. ``wellbeing`` scale 1..5 ("very bad" .. "very good")
4. ``themes`` themes, at most 3 ranked: literacy (training), theatre and sport (sociocultural),
   discussion groups (psychosocial)
5. ``why_not`` free text, shown only to those who answered "no" to question 1
6. ``wishes`` free text

19 responses, in three groups:

=====  ============  ======  ========  ======  =======  =====  ===================================
count  target group  unit    language  q1      q2       q3     q4 (rank)
=====  ============  ======  ========  ======  =======  =====  ===================================
10     men           unit A  fr        yes     morning  4      theatre 1, literacy 2
6      women         unit B  nl        yes     both     2      literacy 1, discussion 2, sport 3
3      men           unit B  ar        no      –        1      sport 1 (q5: "Pas le temps")
=====  ============  ======  ========  ======  =======  =====  ===================================

So: yes 16 (84 %), no 3 (hidden: fewer than 5); men 13, women 6; Arabic 3 (hidden); scale mean
(10×4 + 6×2 + 3×1) / 19 = 2.89. Themes, weighted 3/2/1 for ranks 1/2/3: literacy 16 people,
score 38; theatre 10, 30; sport 9, 15; discussion groups 6, 12. Root categories:
sociocultural 19 people, score 45; training 16, 38; psychosocial 6, 12.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from concerto.accounts.models import User
from concerto.organisations.models import Organisation
from concerto.prisons.models import Prison, Unit
from concerto.reference.models import Category, TargetGroup
from concerto.surveys.models import (
    Answer,
    Campaign,
    Option,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnairePurpose,
    QuestionnaireVersion,
    Response,
    Section,
    VersionStatus,
)
from concerto.testing.factories import CategoryFactory, LanguageFactory, UnitFactory, UserFactory, target_group

ARABIC_TITLE = "احتياجاتك في حارن"


@dataclass
class SampleSurvey:
    campaign: Campaign
    version: QuestionnaireVersion
    questions: dict[str, Question]
    options: dict[str, Option]
    men: TargetGroup
    women: TargetGroup
    unit_a: Unit
    unit_b: Unit
    categories: dict[str, Category]


def _texts(fr: str, nl: str, ar: str) -> dict[str, str]:
    return {"fr": fr, "nl": nl, "ar": ar}


def categories() -> dict[str, Category]:
    """The three root categories of the demo taxonomy and four of their sub-themes."""
    training = CategoryFactory(code="training", name_fr="Formation", name_nl="Vorming", name_en="Training")
    psychosocial = CategoryFactory(
        code="psychosocial", name_fr="Psychosocial", name_nl="Psychosociaal", name_en="Psychosocial"
    )
    sociocultural = CategoryFactory(
        code="sociocultural", name_fr="Socioculturel", name_nl="Socio-cultureel", name_en="Sociocultural"
    )
    return {
        "training": training,
        "psychosocial": psychosocial,
        "sociocultural": sociocultural,
        "literacy": CategoryFactory(
            code="literacy", name_fr="Alphabétisation", name_nl="Alfabetisering", name_en="Literacy", parent=training
        ),
        "theatre": CategoryFactory(
            code="theatre", name_fr="Théâtre", name_nl="Theater", name_en="Theatre", parent=sociocultural
        ),
        "sport": CategoryFactory(code="sport", name_fr="Sport", name_nl="Sport", name_en="Sport", parent=sociocultural),
        "discussion-groups": CategoryFactory(
            code="discussion-groups",
            name_fr="Groupes de parole",
            name_nl="Praatgroepen",
            name_en="Discussion groups",
            parent=psychosocial,
        ),
    }


def build_version(*, organisation: Organisation, created_by: User, cats: dict[str, Category]) -> QuestionnaireVersion:
    """The published version: two sections, the six questions above, in French, Dutch and Arabic."""
    LanguageFactory(code="fr", name_fr="français", name_nl="Frans", name_en="French")
    LanguageFactory(code="nl", name_fr="néerlandais", name_nl="Nederlands", name_en="Dutch")
    LanguageFactory(code="ar", name_fr="arabe", name_nl="Arabisch", name_en="Arabic", is_right_to_left=True)
    questionnaire = Questionnaire.objects.create(
        purpose=QuestionnairePurpose.NEEDS, name="Needs Haren", organisation=organisation, created_by=created_by
    )
    version = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire,
        number=1,
        status=VersionStatus.PUBLISHED,
        languages=["fr", "nl", "ar"],
        title=_texts("Vos besoins à Haren", "Uw noden in Haren", ARABIC_TITLE),
        introduction=_texts("Vos réponses sont anonymes.", "Uw antwoorden zijn anoniem.", "إجاباتك مجهولة."),
    )
    you = Section.objects.create(version=version, position=1, title=_texts("Vous", "U", "أنت"))
    wishes = Section.objects.create(version=version, position=2, title=_texts("Vos souhaits", "Uw wensen", "رغباتك"))

    def question(section: Section, position: int, code: str, kind: str, text: dict[str, str], **more: Any) -> Question:
        return Question.objects.create(section=section, position=position, code=code, kind=kind, text=text, **more)

    interest = question(
        you,
        1,
        "interest",
        QuestionKind.SINGLE,
        _texts("Voulez-vous participer à des activités ?", "Wilt u deelnemen aan activiteiten?", "هل تريد المشاركة؟"),
    )
    moments = question(
        you, 2, "moments", QuestionKind.MULTIPLE, _texts("Quand êtes-vous libre ?", "Wanneer bent u vrij?", "متى؟")
    )
    question(
        you,
        3,
        "wellbeing",
        QuestionKind.SCALE,
        _texts("Comment vous sentez-vous ?", "Hoe voelt u zich?", "كيف تشعر؟"),
        scale_min=1,
        scale_max=5,
        scale_min_label=_texts("Très mal", "Heel slecht", "سيئ جدا"),
        scale_max_label=_texts("Très bien", "Heel goed", "جيد جدا"),
    )
    themes = question(
        wishes,
        1,
        "themes",
        QuestionKind.THEMES,
        _texts("Quels thèmes vous intéressent ?", "Welke thema's interesseren u?", "ما المواضيع التي تهمك؟"),
        max_choices=3,
    )
    options = {
        "yes": Option.objects.create(question=interest, position=1, code="yes", label=_texts("Oui", "Ja", "نعم")),
        "no": Option.objects.create(question=interest, position=2, code="no", label=_texts("Non", "Nee", "لا")),
        "morning": Option.objects.create(
            question=moments, position=1, code="morning", label=_texts("Le matin", "'s Morgens", "صباحا")
        ),
        "afternoon": Option.objects.create(
            question=moments, position=2, code="afternoon", label=_texts("L'après-midi", "'s Middags", "بعد الظهر")
        ),
    }
    for position, code in enumerate(["literacy", "theatre", "sport", "discussion-groups"], start=1):
        category = cats[code]
        options[code] = Option.objects.create(
            question=themes,
            position=position,
            code=code,
            category=category,
            label=_texts(category.name_fr, category.name_nl, category.name_fr),
        )
    question(
        wishes,
        2,
        "why_not",
        QuestionKind.TEXT,
        _texts("Pourquoi pas ?", "Waarom niet?", "لماذا لا؟"),
        show_if_question=interest,
        show_if_option=options["no"],
    )
    question(wishes, 3, "wishes", QuestionKind.TEXT, _texts("Autres souhaits", "Andere wensen", "رغبات أخرى"))
    return version


def add_responses(
    campaign: Campaign,
    *,
    count: int,
    target_group: TargetGroup | None,
    unit: Unit | None,
    language: str,
    choices: list[str],
    ranks: dict[str, int],
    scale: int | None,
    texts: dict[str, str] | None = None,
) -> None:
    """``count`` identical responses: ``choices`` are option codes, ``ranks`` theme codes and their rank."""
    version = campaign.version
    questions = {q.code: q for q in Question.objects.filter(section__version=version)}
    options = {o.code: o for o in Option.objects.filter(question__section__version=version)}
    first = Response.objects.count()
    responses = Response.objects.bulk_create(
        Response(
            campaign=campaign,
            version=version,
            language=language,
            target_group=target_group,
            unit=unit,
            paper_number=f"P{first + n + 1}",
        )
        for n in range(count)
    )
    answers = []
    for response in responses:
        for code in choices:
            answers.append(Answer(response=response, question=options[code].question, option=options[code]))
        for code, rank in ranks.items():
            answers.append(Answer(response=response, question=questions["themes"], option=options[code], rank=rank))
        if scale is not None:
            answers.append(Answer(response=response, question=questions["wellbeing"], scale_value=scale))
        for code, text in (texts or {}).items():
            answers.append(Answer(response=response, question=questions[code], text=text))
    Answer.objects.bulk_create(answers)


def build_sample(
    *, organisation: Organisation, prison: Prison, created_by: User | None = None, with_responses: bool = True
) -> SampleSurvey:
    """The questionnaire, a campaign for men and women in two units of ``prison``, and the 19 responses."""
    author = created_by or UserFactory()
    cats = categories()
    version = build_version(organisation=organisation, created_by=author, cats=cats)
    men, women = target_group("men"), target_group("women")
    unit_a = UnitFactory(prison=prison, code="survey-a", name_fr="Unité A", name_nl="Afdeling A")
    unit_b = UnitFactory(prison=prison, code="survey-b", name_fr="Unité B", name_nl="Afdeling B")
    campaign = Campaign.objects.create(
        name="Besoins 2026",
        version=version,
        organisation=organisation,
        prison=prison,
        starts_on=dt.date(2026, 3, 2),
        ends_on=dt.date(2026, 3, 27),
        created_by=author,
    )
    campaign.target_groups.set([men, women])
    campaign.units.set([unit_a, unit_b])
    if with_responses:
        add_responses(
            campaign,
            count=10,
            target_group=men,
            unit=unit_a,
            language="fr",
            choices=["yes", "morning"],
            ranks={"theatre": 1, "literacy": 2},
            scale=4,
            texts={"wishes": "Plus de sport"},
        )
        add_responses(
            campaign,
            count=6,
            target_group=women,
            unit=unit_b,
            language="nl",
            choices=["yes", "morning", "afternoon"],
            ranks={"literacy": 1, "discussion-groups": 2, "sport": 3},
            scale=2,
        )
        add_responses(
            campaign,
            count=3,
            target_group=men,
            unit=unit_b,
            language="ar",
            choices=["no"],
            ranks={"sport": 1},
            scale=1,
            texts={"why_not": "Pas le temps"},
        )
    questions = {q.code: q for q in Question.objects.filter(section__version=version)}
    options = {o.code: o for o in Option.objects.filter(question__section__version=version)}
    return SampleSurvey(
        campaign=campaign,
        version=version,
        questions=questions,
        options=options,
        men=men,
        women=women,
        unit_a=unit_a,
        unit_b=unit_b,
        categories=cats,
    )
