"""Recording filled-in forms: complete validation, clear errors, all or nothing, conditions."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError

from concerto.accounts.models import Role
from concerto.privacy.models import PersonalDataAccess
from concerto.surveys import services
from concerto.surveys.models import Answer, Response
from concerto.surveys.selectors import version_content
from concerto.surveys.services import AnswerInput, shown_questions
from concerto.testing.factories import DetaineeFactory, EditionFactory, UnitFactory
from conftest import make_actor

pytestmark = pytest.mark.django_db


def test_a_valid_form_writes_exactly_its_answers(needs, worker):
    data = needs.form(
        "17",
        language="ar",
        before=AnswerInput(options=[needs.o("yes")]),
        helped=AnswerInput(value=4),
        moments=AnswerInput(options=[needs.o("morning"), needs.o("evening")]),
        ideas=AnswerInput(text="  أريد تعلّم مهنة  "),
    )
    response = services.response_record(actor=make_actor(worker), campaign=needs.campaign, data=data)

    assert (response.version, response.language, response.paper_number) == (needs.version, "ar", "17")
    assert (response.unit, response.target_group, response.entered_by, response.detainee) == (
        needs.unit_a,
        needs.men,
        worker,
        None,
    )
    rows = sorted(
        response.answers.values_list("question__code", "option__code", "rank", "scale_value", "text"),
        key=lambda row: (row[0], row[1] or ""),
    )
    assert rows == [
        ("before", "o1", None, None, ""),
        ("helped", None, None, 4, ""),
        ("ideas", None, None, None, "أريد تعلّم مهنة"),
        ("moments", "o1", None, None, ""),
        ("moments", "o3", None, None, ""),
        ("themes", "sport", 2, None, ""),
        ("themes", "vocational-training", 1, None, ""),
    ]


def ranks(needs: Any, **by_code: int) -> AnswerInput:
    return AnswerInput(ranks={needs.o(code): rank for code, rank in by_code.items()})


# (what is wrong, changes to the valid form, field, message)
WRONG_FORMS = [
    ("required question left empty", lambda n: {"themes": AnswerInput()}, "themes", "This question must be answered."),
    (
        "single choice with two answers",
        lambda n: {"before": AnswerInput(options=[n.o("yes"), n.o("no")]), "helped": AnswerInput(value=3)},
        "before",
        "Choose one answer only; this form has 2.",
    ),
    (
        "an option of another question",
        lambda n: {"before": AnswerInput(options=[n.o("morning")])},
        "before",
        "This answer is not one of the question's options.",
    ),
    (
        "multiple choice above its maximum",
        lambda n: {"moments": AnswerInput(options=[n.o("morning"), n.o("afternoon"), n.o("evening")])},
        "moments",
        "At most 2 answers may be chosen; this form has 3.",
    ),
    (
        "scale value out of bounds",
        lambda n: {"before": AnswerInput(options=[n.o("yes")]), "helped": AnswerInput(value=6)},
        "helped",
        "Give a value from 1 to 5; this form has 6.",
    ),
    (
        "conditional question shown but left empty",
        lambda n: {"before": AnswerInput(options=[n.o("yes")])},
        "helped",
        "This question must be answered.",
    ),
    (
        "answer to a question the form's own answers hide",
        lambda n: {"helped": AnswerInput(value=3)},
        "helped",
        # The version has no English: the staff read the French answer.
        "This question is only for those who answered “Oui” to question 2, and this form does not: "
        "leave it empty or correct question 2.",
    ),
    (
        "themes ranked with a gap",
        lambda n: {"themes": ranks(n, vocational=1, sport=3)},
        "themes",
        "The ranks follow each other from 1 without a gap: rank 2 is missing.",
    ),
    (
        "themes with the same rank twice",
        lambda n: {"themes": ranks(n, vocational=1, sport=1)},
        "themes",
        "Rank 1 is given twice: each rank is used once.",
    ),
    (
        "more themes ranked than allowed",
        lambda n: {"themes": ranks(n, vocational=1, sport=2, theatre=3)},
        "themes",
        "At most 2 themes may be ranked; this form ranks 3.",
    ),
    ("rank zero", lambda n: {"themes": ranks(n, vocational=0)}, "themes", "Ranks start at 1."),
    (
        "a scale value given to a choice question",
        lambda n: {"before": AnswerInput(value=1)},
        "before",
        "This kind of answer does not fit the question.",
    ),
]


@pytest.mark.parametrize(
    ("change", "field", "message"), [case[1:] for case in WRONG_FORMS], ids=[c[0] for c in WRONG_FORMS]
)
def test_an_incomplete_or_contradictory_form_is_refused_with_its_reason_and_nothing_is_written(
    needs, change, field, message
):
    data = needs.form("17", **change(needs))
    with pytest.raises(ValidationError) as refused:
        services.response_record(actor=needs.actor, campaign=needs.campaign, data=data)
    assert refused.value.message_dict == {f"q{needs.q(field)}": [message]}
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0


def test_the_form_itself_must_fit_the_campaign(needs):
    services.response_record(actor=needs.actor, campaign=needs.campaign, data=needs.form("17"))
    elsewhere = UnitFactory(prison=needs.campaign.prison, code="c")
    data = needs.form("17", language="en")
    data.unit = elsewhere
    data.prison_number = "123456"
    with pytest.raises(ValidationError) as refused:
        services.response_record(actor=needs.actor, campaign=needs.campaign, data=data)
    errors = refused.value.message_dict
    assert errors["language"] == ["This questionnaire is not offered in this language."]
    assert errors["paper_number"][0].startswith("Form 17 was already typed in on ")
    assert errors["unit"] == ["This unit is not part of the campaign."]
    assert errors["prison_number"] == ["This questionnaire is anonymous: no person may be linked to the answers."]

    blank = needs.form("")
    blank.answers = {}
    blank.unit = None
    with pytest.raises(ValidationError) as refused:
        services.response_record(actor=needs.actor, campaign=needs.campaign, data=blank)
    errors = refused.value.message_dict
    assert errors["paper_number"] == ["Type the number written on the paper form."]
    assert errors["unit"] == ["Choose the unit where the form was filled in."]
    assert "The form is empty: no question is answered." in errors[NON_FIELD_ERRORS]
    assert Response.objects.count() == 1


def test_a_question_is_shown_only_after_the_answer_it_depends_on(needs):
    content = version_content(needs.version)
    helped = needs.q("helped")
    assert helped not in shown_questions(content, {})
    assert helped not in shown_questions(content, {needs.q("before"): AnswerInput(options=[needs.o("no")])})
    assert helped in shown_questions(content, {needs.q("before"): AnswerInput(options=[needs.o("yes")])})
    # Hidden, a required question need not be answered: "no" alone records.
    response = services.response_record(actor=needs.actor, campaign=needs.campaign, data=needs.form("3"))
    assert not response.answers.filter(question_id=helped).exists()


def test_twenty_paper_forms_typed_in_one_after_another(needs, worker):
    actor = make_actor(worker)
    for number in range(1, 21):
        yes = number % 3 == 0
        data = needs.form(
            str(number),
            language=("fr", "nl", "ar")[number % 3],
            before=AnswerInput(options=[needs.o("yes" if yes else "no")]),
            **({"helped": AnswerInput(value=1 + number % 5)} if yes else {}),
        )
        data.unit = needs.unit_b if number % 2 else needs.unit_a
        services.response_record(actor=actor, campaign=needs.campaign, data=data)
    responses = Response.objects.filter(campaign=needs.campaign)
    assert responses.count() == 20
    assert set(responses.values_list("version", flat=True)) == {needs.version.pk}
    assert not Answer.objects.exclude(question__section__version=needs.version).exists()
    assert Answer.objects.filter(question_id=needs.q("helped")).count() == 6


def test_only_the_campaign_services_staff_and_coordinators_type_in_forms(needs, member, other_service):
    other = make_actor(member(Role.SERVICE_WORKER, other_service))
    with pytest.raises(PermissionDenied):
        services.response_record(actor=other, campaign=needs.campaign, data=needs.form("1"))
    facilitator = make_actor(member(Role.PARTNER_FACILITATOR))
    with pytest.raises(PermissionDenied):
        services.response_record(actor=facilitator, campaign=needs.campaign, data=needs.form("1"))
    assert Response.objects.count() == 0


def test_a_named_questionnaire_links_the_person_through_the_scoped_selectors_and_logs_it(needs, worker, service):
    v2 = services.version_new_draft(actor=needs.actor, version=needs.version)
    services.version_update(actor=needs.actor, version=v2, is_anonymous=False)
    v2 = services.version_publish(actor=needs.actor, version=v2)
    services.campaign_update(actor=needs.actor, campaign=needs.campaign, data={"version": v2})
    # The service works in this prison (it runs an edition there), so its staff see its detainees.
    EditionFactory(activity__organiser=service, prison=needs.campaign.prison)
    person = DetaineeFactory(prison=needs.campaign.prison, prison_number="987654")
    content = version_content(v2)
    codes = {numbered.question.code: numbered for numbered in content.questions}
    data = needs.form("5")
    data.answers = {
        codes["themes"].pk: AnswerInput(ranks={codes["themes"].options[0].pk: 1}),
        codes["before"].pk: AnswerInput(options=[codes["before"].options[1].pk]),
    }

    with pytest.raises(ValidationError) as refused:
        services.response_record(actor=make_actor(worker), campaign=needs.campaign, data=data)
    assert refused.value.message_dict == {
        "prison_number": ["This questionnaire is not anonymous: type the prison number of the person."]
    }
    data.prison_number = "987654"
    # Coordinators see no personal data: they cannot link a person.
    with pytest.raises(ValidationError, match="Nobody you may see has this prison number"):
        services.response_record(actor=needs.actor, campaign=needs.campaign, data=data)

    response = services.response_record(actor=make_actor(worker), campaign=needs.campaign, data=data)
    assert response.detainee == person
    assert response.version == v2
    access = PersonalDataAccess.objects.get(subject_type="detainees.detainee", subject_id=person.pk)
    assert (access.user, access.action) == (worker, "create")
    assert "987654" not in access.detail
    assert person.last_name not in access.detail
