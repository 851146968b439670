"""Building the sample needs questionnaire through the services (tests, axe checks).

Version 1 of "Besoins en activités" (French, Dutch, Arabic), one section, five questions:

1. ``themes``   themes, rank at most 2 of: vocational training, sport, theatre (required)
2. ``before``   single choice: 1. yes / 2. no (required)
3. ``helped``   scale 1..5, shown only to those who answered "yes" to question 2 (required)
4. ``moments``  multiple choice, at most 2 of: morning / afternoon / evening
5. ``ideas``    free text
"""

from __future__ import annotations

from typing import Any

from concerto.accounts.permissions import Actor
from concerto.organisations.models import Organisation
from concerto.reference.models import Category
from concerto.surveys import services
from concerto.surveys.models import Option, Question, QuestionKind
from concerto.surveys.services import QuestionData
from concerto.testing.factories import CategoryFactory, LanguageFactory


def texts(fr: str, nl: str, ar: str) -> dict[str, str]:
    return {"fr": fr, "nl": nl, "ar": ar}


def languages() -> None:
    LanguageFactory(code="fr", name_fr="français", name_nl="Frans", name_en="French", native_name="français")
    LanguageFactory(code="nl", name_fr="néerlandais", name_nl="Nederlands", name_en="Dutch", native_name="Nederlands")
    LanguageFactory(
        code="ar", name_fr="arabe", name_nl="Arabisch", name_en="Arabic", native_name="العربية", is_right_to_left=True
    )


def theme_categories() -> dict[str, Category]:
    training = CategoryFactory(code="training", name_fr="Formation", name_nl="Vorming", name_en="Training")
    sociocultural = CategoryFactory()
    return {
        "training": training,
        "vocational": CategoryFactory(
            code="vocational-training",
            name_fr="Formation professionnelle",
            name_nl="Beroepsopleiding",
            name_en="Vocational training",
            parent=training,
        ),
        "sport": CategoryFactory(code="sport", name_fr="Sport", name_nl="Sport", name_en="Sport", parent=sociocultural),
        "theatre": CategoryFactory(
            code="theatre", name_fr="Théâtre", name_nl="Theater", name_en="Theatre", parent=sociocultural
        ),
    }


def build_draft(actor: Actor, organisation: Organisation, categories: dict[str, Category]) -> dict[str, Any]:
    """The draft of version 1, complete in the three languages (ready to publish)."""
    questionnaire = services.questionnaire_create(
        actor=actor,
        data={
            "purpose": "needs",
            "name": "Besoins en activités",
            "organisation": organisation,
            "languages": ["fr", "nl"],
        },
    )
    version = questionnaire.versions.get()
    version = services.version_add_language(actor=actor, version=version, code="ar")
    services.version_update(
        actor=actor,
        version=version,
        title=texts("Besoins en activités", "Behoeften aan activiteiten", "الاحتياجات من الأنشطة"),
    )
    section = version.sections.get()
    services.section_update(actor=actor, section=section, title=texts("Vos souhaits", "Uw wensen", "رغباتك"))

    def question(kind: str, code: str, text: dict[str, str], **data: Any) -> Question:
        question = services.question_add(actor=actor, section=section, kind=kind, text=text)
        return services.question_update(actor=actor, question=question, data=QuestionData(code=code, **data))

    def labels(question: Question, *names: dict[str, str]) -> list[Option]:
        options = list(question.options.order_by("position"))
        while len(options) < len(names):
            options.append(services.option_add(actor=actor, question=question))
        return [
            services.option_update(actor=actor, option=option, label=label)
            for option, label in zip(options, names, strict=True)
        ]

    themes = question(
        QuestionKind.THEMES,
        "themes",
        texts("Quelles activités voulez-vous ?", "Welke activiteiten wilt u?", "ما هي الأنشطة التي تريدها؟"),
        is_required=True,
        max_choices=2,
    )
    theme_options = {
        name: services.option_add(actor=actor, question=themes, category=categories[name])
        for name in ("vocational", "sport", "theatre")
    }
    for name, arabic in (("vocational", "التكوين المهني"), ("sport", "الرياضة"), ("theatre", "المسرح")):
        services.option_update(actor=actor, option=theme_options[name], label={"ar": arabic})
    before = question(
        QuestionKind.SINGLE,
        "before",
        texts("Avez-vous déjà participé ?", "Hebt u al deelgenomen?", "هل سبق لك أن شاركت؟"),
        is_required=True,
    )
    yes, no = labels(before, texts("Oui", "Ja", "نعم"), texts("Non", "Nee", "لا"))
    helped = question(
        QuestionKind.SCALE,
        "helped",
        texts("Cela vous a-t-il aidé ?", "Heeft het u geholpen?", "هل ساعدك ذلك؟"),
        is_required=True,
        scale_min=1,
        scale_max=5,
        show_if_option=yes,
        condition_set=True,
    )
    moments = question(
        QuestionKind.MULTIPLE,
        "moments",
        texts("Quand êtes-vous libre ?", "Wanneer bent u vrij?", "متى تكون متاحًا؟"),
        max_choices=2,
    )
    morning, afternoon, evening = labels(
        moments,
        texts("Le matin", "'s Ochtends", "في الصباح"),
        texts("L'après-midi", "'s Middags", "بعد الظهر"),
        texts("Le soir", "'s Avonds", "في المساء"),
    )
    ideas = question(QuestionKind.TEXT, "ideas", texts("D'autres idées ?", "Andere ideeën?", "هل لديك أفكار أخرى؟"))
    return {
        "version": version,
        "questions": {"themes": themes, "before": before, "helped": helped, "moments": moments, "ideas": ideas},
        "options": {
            **theme_options,
            "yes": yes,
            "no": no,
            "morning": morning,
            "afternoon": afternoon,
            "evening": evening,
        },
    }


def survey_pages(world: Any) -> dict[str, int]:
    """For the axe checks (tests/browser): version 1 published with its campaign run by APO, and
    version 2 a draft; built once per test world. Returns the ids the pages need.
    """
    import datetime as dt

    from concerto.accounts.permissions import actor_for
    from concerto.surveys.models import Campaign, Questionnaire
    from concerto.testing.factories import target_group

    existing = Questionnaire.objects.filter(name="Besoins en activités").first()
    if existing is None:
        languages()
        actor = actor_for(world.coordinator)
        built = build_draft(actor, world.coordinator.memberships.get().organisation, theme_categories())
        published = services.version_publish(actor=actor, version=built["version"])
        services.version_new_draft(actor=actor, version=published)
        today = dt.date.today()
        services.campaign_create(
            actor=actor,
            data={
                "name": "Besoins Haren",
                "version": published,
                "organisation": world.apo,
                "prison": world.prison,
                "target_groups": [target_group("accused"), target_group("convicted")],
                "units": [world.unit_a, world.unit_b],
                "starts_on": today,
                "ends_on": today + dt.timedelta(days=60),
            },
        )
        existing = Questionnaire.objects.get(name="Besoins en activités")
    campaign = Campaign.objects.get(version__questionnaire=existing)
    return {
        "published": campaign.version_id,
        "draft": existing.versions.get(number=2).pk,
        "campaign": campaign.pk,
    }
