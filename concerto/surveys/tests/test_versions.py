"""Building, publishing and versioning questionnaires: a published version is frozen, answers never move."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from concerto.accounts.models import Role
from concerto.surveys import services
from concerto.surveys.models import Answer, Option, Question, QuestionKind, Response, VersionStatus
from concerto.surveys.selectors import version_content
from concerto.surveys.services import AnswerInput, QuestionData
from conftest import make_actor

pytestmark = pytest.mark.django_db


def test_publishing_freezes_the_version_and_every_change_is_refused(needs):
    version, actor = needs.version, needs.actor
    question, option = needs.questions["before"], needs.options["yes"]
    section = question.section
    attempts = [
        lambda: services.version_update(actor=actor, version=version, title={"fr": "Autre titre"}),
        lambda: services.version_add_language(actor=actor, version=version, code="nl"),
        lambda: services.section_add(actor=actor, version=version),
        lambda: services.section_update(actor=actor, section=section, title={"fr": "Autre"}),
        lambda: services.question_add(actor=actor, section=section, kind=QuestionKind.TEXT),
        lambda: services.question_update(actor=actor, question=question, data=QuestionData(is_required=False)),
        lambda: services.question_move(actor=actor, question=question, offset=-1),
        lambda: services.question_delete(actor=actor, question=needs.questions["ideas"]),
        lambda: services.option_add(actor=actor, question=question),
        lambda: services.option_update(actor=actor, option=option, label={"fr": "Peut-être"}),
        lambda: services.option_delete(actor=actor, option=needs.options["evening"]),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="published and frozen: make a new version"):
            attempt()
    version.refresh_from_db()
    question.refresh_from_db()
    option.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED
    assert version.published_by == needs.coordinator
    assert version.title["fr"] == "Besoins en activités"
    assert question.is_required
    assert option.label["fr"] == "Oui"
    assert Question.objects.filter(section__version=version).count() == 5
    assert Option.objects.filter(question__section__version=version).count() == 3 + 2 + 3


def test_publishing_names_every_text_missing_in_arabic_and_leaves_the_draft(draft, coordinator):
    actor = make_actor(coordinator)
    version = draft["version"]
    services.option_update(actor=actor, option=draft["options"]["no"], label={"ar": ""})
    services.question_update(actor=actor, question=draft["questions"]["ideas"], data=QuestionData(text={"ar": " "}))

    with pytest.raises(ValidationError) as refused:
        services.version_publish(actor=actor, version=version)

    assert refused.value.messages == [
        "Question 2, answer 2: the text in Arabic is missing.",
        "Question 5: the text in Arabic is missing.",
    ]
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT
    assert version.published_at is None


def test_publishing_refuses_a_choice_question_without_answers_and_an_empty_version(draft, coordinator):
    actor = make_actor(coordinator)
    section = draft["version"].sections.get()
    empty = services.question_add(actor=actor, section=section, kind=QuestionKind.THEMES, text={"fr": "Thèmes ?"})
    services.question_update(actor=actor, question=empty, data=QuestionData(text={"nl": "Thema's?", "ar": "مواضيع؟"}))
    with pytest.raises(ValidationError) as refused:
        services.version_publish(actor=actor, version=draft["version"])
    assert refused.value.messages == ["Question 6 needs at least two answers to choose from."]

    blank = services.questionnaire_create(
        actor=actor,
        data={
            "purpose": "needs",
            "name": "Vide",
            "organisation": section.version.questionnaire.organisation,
            "languages": ["fr"],
        },
    )
    with pytest.raises(ValidationError) as refused:
        services.version_publish(actor=actor, version=blank.versions.get())
    assert "The questionnaire has no question yet." in refused.value.messages
    assert "Title: the text in French is missing." in refused.value.messages


def test_a_condition_must_be_an_answer_to_an_earlier_question(draft, coordinator):
    actor = make_actor(coordinator)
    first, later_option = draft["questions"]["themes"], draft["options"]["morning"]
    with pytest.raises(ValidationError) as refused:
        services.question_update(
            actor=actor, question=first, data=QuestionData(show_if_option=later_option, condition_set=True)
        )
    assert refused.value.message_dict == {"show_if": ["The condition must be an answer to an earlier question."]}
    first.refresh_from_db()
    assert first.show_if_option is None

    # Moving the conditional question above its condition is caught when publishing.
    helped = draft["questions"]["helped"]
    services.question_move(actor=actor, question=helped, offset=-1)
    services.question_move(actor=actor, question=helped, offset=-1)
    with pytest.raises(ValidationError) as refused:
        services.version_publish(actor=actor, version=draft["version"])
    assert refused.value.messages == [
        "Question 1 is shown after an answer that is not an earlier question's answer of this version."
    ]


def test_an_answer_that_shows_another_question_cannot_be_deleted(draft, coordinator):
    actor = make_actor(coordinator)
    with pytest.raises(ValidationError, match="change their condition first"):
        services.option_delete(actor=actor, option=draft["options"]["yes"])
    with pytest.raises(ValidationError, match="change their condition first"):
        services.question_delete(actor=actor, question=draft["questions"]["before"])
    services.question_delete(actor=actor, question=draft["questions"]["helped"])
    services.option_delete(actor=actor, option=draft["options"]["yes"])
    assert [option.code for option in draft["questions"]["before"].options.all()] == ["o2"]


def test_a_new_version_copies_the_published_one_with_its_conditions(needs):
    v1 = needs.version
    v2 = services.version_new_draft(actor=needs.actor, version=v1)

    assert (v2.number, v2.status, v2.based_on) == (2, VersionStatus.DRAFT, v1)
    assert v2.languages == ["fr", "nl", "ar"]
    assert v2.title == v1.title
    old, new = version_content(v1), version_content(v2)
    assert [(q.question.code, q.question.kind, q.question.text) for q in new.questions] == [
        (q.question.code, q.question.kind, q.question.text) for q in old.questions
    ]
    assert [o.category_id for o in new.questions[0].options] == [o.category_id for o in old.questions[0].options]
    helped = new.questions[2]
    assert helped.condition_question is new.questions[1]
    assert helped.question.show_if_option.question.section.version == v2
    with pytest.raises(ValidationError, match="already a draft"):
        services.version_new_draft(actor=needs.actor, version=v1)


def test_answers_stay_with_the_version_they_answered_after_a_new_version_is_published(needs):
    before = services.response_record(actor=needs.actor, campaign=needs.campaign, data=needs.form("1"))
    v2 = services.version_new_draft(actor=needs.actor, version=needs.version)
    themes_v2 = v2.sections.get().questions.get(code="themes")
    services.question_update(
        actor=needs.actor, question=themes_v2, data=QuestionData(text={"fr": "Quels thèmes voulez-vous ?"})
    )
    services.version_publish(actor=needs.actor, version=v2)
    needs.version.refresh_from_db()
    assert needs.version.status == VersionStatus.RETIRED

    # The campaign runs on with version 1; its forms and answers stay there.
    after = services.response_record(actor=needs.actor, campaign=needs.campaign, data=needs.form("2"))
    for response in (before, after):
        response.refresh_from_db()
        assert response.version == needs.version
        assert {answer.question.section.version_id for answer in response.answers.all()} == {needs.version.pk}
    assert Answer.objects.filter(question__section__version=v2).count() == 0
    assert Response.objects.filter(version=v2).count() == 0
    assert needs.questions["themes"].text["fr"] == "Quelles activités voulez-vous ?"

    with pytest.raises(ValidationError) as refused:
        services.campaign_update(actor=needs.actor, campaign=needs.campaign, data={"version": v2})
    assert "stay tied to the version they answered" in str(refused.value)


def test_a_service_manager_builds_evaluation_questionnaires_of_their_own_service_only(
    manager, service, other_service, member
):
    from concerto.testing.factories import LanguageFactory

    LanguageFactory()
    actor = make_actor(manager)
    evaluation = services.questionnaire_create(
        actor=actor, data={"purpose": "evaluation", "name": "Avis", "organisation": service, "languages": ["fr"]}
    )
    assert evaluation.versions.get().sections.count() == 1
    with pytest.raises(PermissionDenied):
        services.questionnaire_create(
            actor=actor, data={"purpose": "needs", "name": "Besoins", "organisation": service, "languages": ["fr"]}
        )
    with pytest.raises(PermissionDenied):
        services.questionnaire_create(
            actor=actor,
            data={"purpose": "evaluation", "name": "Avis", "organisation": other_service, "languages": ["fr"]},
        )
    outsider = make_actor(member(Role.SERVICE_MANAGER, other_service))
    with pytest.raises(PermissionDenied):
        services.section_add(actor=outsider, version=evaluation.versions.get())
    facilitator = make_actor(member(Role.PARTNER_FACILITATOR))
    with pytest.raises(PermissionDenied):
        services.questionnaire_create(
            actor=facilitator, data={"purpose": "evaluation", "name": "X", "organisation": service, "languages": ["fr"]}
        )


def test_a_campaign_needs_a_published_version_target_groups_units_and_sane_dates(draft, coordinator, service, prison):
    import datetime as dt

    from concerto.testing.factories import PrisonFactory, UnitFactory

    elsewhere = UnitFactory(prison=PrisonFactory(code="saint-gilles", name_fr="Saint-Gilles"))
    with pytest.raises(ValidationError) as refused:
        services.campaign_create(
            actor=make_actor(coordinator),
            data={
                "name": " ",
                "version": draft["version"],
                "organisation": service,
                "prison": prison,
                "units": [elsewhere],
                "starts_on": dt.date(2026, 3, 31),
                "ends_on": dt.date(2026, 1, 1),
            },
        )
    assert refused.value.message_dict == {
        "name": ["Give the campaign a name."],
        "version": ["Only a published version can be used: version 1 is not."],
        "ends_on": ["The last day comes before the first day."],
        "units": [f"Not in the chosen prison: {elsewhere}."],
        "target_groups": ["Choose the target groups the survey is for."],
    }


def test_ranks_and_choices_are_checked_against_the_question_when_answered_through_any_channel(needs):
    """The kiosk will send the same data as paper: the service alone decides."""
    data = needs.form(
        "9", themes=AnswerInput(ranks={needs.o("vocational"): 1}), ideas=AnswerInput(text="Plus de sport")
    )
    response = services.response_record(actor=needs.actor, campaign=needs.campaign, data=data, channel="kiosk")
    assert response.channel == "kiosk"
    assert sorted(response.answers.values_list("question__code", "rank", "text")) == [
        ("before", None, ""),
        ("ideas", None, "Plus de sport"),
        ("themes", 1, ""),
    ]
