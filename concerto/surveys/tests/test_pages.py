"""The survey pages, used as a coordinator and a service worker would (no JavaScript needed)."""

from __future__ import annotations

import re

import pytest

from concerto.surveys.models import Questionnaire, Response, VersionStatus
from concerto.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def builder_post(page_text: str, **changes: str) -> dict[str, str]:
    """The builder's form as the browser would send it: every field with its value, plus changes."""
    data: dict[str, str] = {}
    for tag in re.findall(r"<input [^>]*>", page_text):
        name = re.search(r'name="([^"]+)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if not name or not kind or kind.group(1) in ("hidden", "submit"):
            continue
        value = re.search(r'value="([^"]*)"', tag)
        if kind.group(1) == "checkbox":
            if " checked" in tag:
                data[name.group(1)] = "on"
            continue
        data[name.group(1)] = value.group(1) if value else ""
    for name, value in re.findall(r'<textarea name="([^"]+)"[^>]*>\n?([^<]*)</textarea>', page_text):
        data[name] = value
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page_text, flags=re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', options)
        if chosen:
            data[name] = chosen.group(1)
    data.update(changes)
    return data


def test_a_coordinator_builds_a_questionnaire_in_french_dutch_and_arabic_on_one_page(signed_in, coordinator, draft):
    """Each button first saves what was typed, then does its step; Arabic is typed right to left."""
    client = signed_in(coordinator)
    organisation = coordinator.memberships.get().organisation
    created = client.post(
        "/en/surveys/questionnaires/new/",
        {"name": "Besoins des femmes", "purpose": "needs", "organisation": organisation.pk, "languages": []},
    )
    assert "Choose at least one language" in created.text or "This field is required" in created.text
    from concerto.reference.models import Language

    french, dutch = Language.objects.get(code="fr"), Language.objects.get(code="nl")
    created = client.post(
        "/en/surveys/questionnaires/new/",
        {
            "name": "Besoins des femmes",
            "purpose": "needs",
            "organisation": organisation.pk,
            "languages": [french.pk, dutch.pk],
            "is_anonymous": "on",
        },
    )
    version = Questionnaire.objects.get(name="Besoins des femmes").versions.get()
    url = f"/en/surveys/versions/{version.pk}/"
    assert created["Location"] == url

    page = client.get(url).text
    section = version.sections.get()
    step = client.post(url, builder_post(page, new_language="ar", op="language_add", **{"v-title_fr": "Vos besoins"}))
    assert step.status_code == 302
    assert step["Location"] == f"{url}#languages"
    page = client.get(url).text
    assert 'name="v-title_ar" lang="ar" dir="rtl"' in page
    assert 'value="Vos besoins"' in page

    step = client.post(
        url,
        builder_post(
            page,
            **{"v-title_nl": "Uw behoeften", "v-title_ar": "احتياجاتك", f"kind_{section.pk}": "single"},
            op=f"question_add:{section.pk}",
        ),
    )
    question = section.questions.get()
    assert step["Location"] == f"{url}#q{question.pk}"
    version.refresh_from_db()
    assert version.title == {"fr": "Vos besoins", "nl": "Uw behoeften", "ar": "احتياجاتك"}
    page = client.get(url).text
    assert page.count('name="o') >= 6  # two answers, each in three languages
    assert "Question 1: the text in French, Dutch, Arabic is missing." in page

    first, second = question.options.order_by("position")
    step = client.post(
        url,
        builder_post(
            page,
            **{
                f"q{question.pk}-text_fr": "Voulez-vous travailler ?",
                f"q{question.pk}-text_ar": "هل تريد العمل؟",
                f"o{first.pk}-label_ar": "نعم",
                f"q{question.pk}-code": "Travail",
            },
            op=f"option_delete:{second.pk}",
        ),
    )
    question.refresh_from_db()
    assert question.text == {"fr": "Voulez-vous travailler ?", "ar": "هل تريد العمل؟"}
    assert question.code == "travail"
    assert list(question.options.values_list("label", flat=True)) == [{"ar": "نعم"}]

    # A wrong value keeps the page with the error, and nothing typed is saved.
    page = client.get(url).text
    refused = client.post(url, builder_post(page, **{f"q{question.pk}-code": "", f"q{question.pk}-text_nl": "Werken?"}))
    assert refused.status_code == 200
    assert 'class="error-summary"' in refused.text
    assert "Nothing was saved yet." in refused.text
    question.refresh_from_db()
    assert "nl" not in question.text


def test_the_preview_shows_arabic_right_to_left_and_publishing_freezes_the_version(signed_in, coordinator, draft):
    client = signed_in(coordinator)
    version = draft["version"]
    preview = client.get(f"/en/surveys/versions/{version.pk}/preview/?lang=ar")
    assert '<article class="questionnaire-preview" lang="ar" dir="rtl">' in preview.text
    assert "الاحتياجات من الأنشطة" in preview.text
    assert "Asked only of those who answered “Oui” to question 2." in preview.text

    page = client.get(f"/en/surveys/versions/{version.pk}/").text
    published = client.post(f"/en/surveys/versions/{version.pk}/", builder_post(page, op="publish"))
    assert published["Location"] == f"/en/surveys/questionnaires/{version.questionnaire_id}/"
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED
    # The builder of a frozen version sends to its preview.
    assert (
        client.get(f"/en/surveys/versions/{version.pk}/")["Location"] == f"/en/surveys/versions/{version.pk}/preview/"
    )

    new = client.post(f"/en/surveys/versions/{version.pk}/new-version/")
    copy = version.questionnaire.versions.get(number=2)
    assert new["Location"] == f"/en/surveys/versions/{copy.pk}/"
    assert "Version 2 is a copy of version 1" in client.get(new["Location"]).text


def test_an_incomplete_version_is_not_published_and_the_builder_says_why(signed_in, coordinator, draft):
    from concerto.surveys import services
    from conftest import make_actor

    services.option_update(actor=make_actor(coordinator), option=draft["options"]["no"], label={"ar": ""})
    client = signed_in(coordinator)
    version = draft["version"]
    page = client.get(f"/en/surveys/versions/{version.pk}/").text
    refused = client.post(f"/en/surveys/versions/{version.pk}/", builder_post(page, op="publish"), follow=True)
    assert "This version cannot be published yet" in refused.text
    assert "Question 2, answer 2: the text in Arabic is missing." in refused.text
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT


def entry_post(needs, number: str, **answers: str) -> dict[str, str]:
    return {
        "paper_number": number,
        "language": "ar",
        "target_group": str(needs.men.pk),
        "unit": str(needs.unit_b.pk),
        f"q{needs.q('themes')}_{needs.o('vocational')}": "1",
        f"q{needs.q('themes')}_{needs.o('sport')}": "2",
        f"q{needs.q('before')}": str(needs.o("no")),
        **answers,
    }


def test_staff_type_in_one_paper_form_after_another(signed_in, worker, needs):
    client = signed_in(worker)
    url = f"/en/surveys/campaigns/{needs.campaign.pk}/entry/"
    page = client.get(url).text
    assert "1. Oui" in page
    assert "2. Non" in page
    assert 'name="paper_number"' in page
    assert "autofocus" in page

    saved = client.post(url, entry_post(needs, "17"))
    assert saved.status_code == 302
    assert saved["Location"] == f"{url}?language=ar&target_group={needs.men.pk}&unit={needs.unit_b.pk}"
    next_form = client.get(saved["Location"]).text
    assert "Form 17 saved. 1 form typed in for this campaign." in next_form
    assert "1 form typed in for this campaign" in next_form
    assert f'<option value="{needs.unit_b.pk}" selected>' in next_form
    assert 'value="17"' not in next_form  # a blank form

    client.post(url, entry_post(needs, "18"))
    assert "Form 18 saved. 2 forms typed in" in client.get(url).text
    assert Response.objects.filter(campaign=needs.campaign).count() == 2


def test_a_wrong_paper_form_shows_its_errors_at_the_top_and_next_to_the_questions_and_keeps_the_answers(
    signed_in, worker, needs
):
    client = signed_in(worker)
    url = f"/en/surveys/campaigns/{needs.campaign.pk}/entry/"
    client.post(url, entry_post(needs, "17"))
    wrong = client.post(
        url,
        entry_post(
            needs,
            "17",
            **{
                f"q{needs.q('helped')}": "4",
                f"q{needs.q('themes')}_{needs.o('sport')}": "3",
                f"q{needs.q('ideas')}": "Plus de sport",
            },
        ),
    )
    assert wrong.status_code == 200
    text = wrong.text
    assert 'class="error-summary"' in text
    assert "Form 17 was already typed in on" in text
    assert (
        f'<a href="#id_q{needs.q("themes")}_{needs.o("vocational")}">Question 1</a>: The ranks follow each other'
        in text
    )
    assert f'<a href="#id_q{needs.q("helped")}_0">Question 3</a>: This question is only for those who answered' in text
    assert f'id="q{needs.q("helped")}_error"' in text
    # What was typed stays: the ranks, the chosen answers and the text.
    assert 'value="3"' in text
    assert "Plus de sport</textarea>" in text
    assert re.search(rf'value="{needs.o("no")}"[^>]*checked', text)
    assert Response.objects.count() == 1


def test_a_coordinator_starts_a_campaign_with_a_published_version(signed_in, coordinator, needs, service, prison):
    client = signed_in(coordinator)
    page = client.get(f"/en/surveys/campaigns/new/?version={needs.version.pk}")
    assert f'<option value="{needs.version.pk}" selected>' in page.text
    created = client.post(
        "/en/surveys/campaigns/new/",
        {
            "name": "Besoins — unité B",
            "version": needs.version.pk,
            "organisation": service.pk,
            "prison": prison.pk,
            "target_groups": [needs.accused.pk],
            "units": [needs.unit_b.pk],
            "starts_on": "2026-01-01",
            "ends_on": "2026-03-31",
        },
    )
    campaign = needs.version.campaigns.get(name="Besoins — unité B")
    assert created["Location"] == f"/en/surveys/campaigns/{campaign.pk}/"
    detail = client.get(created["Location"]).text
    assert "Type in paper forms" in detail
    assert "0</span> forms typed in" in detail


def test_another_service_does_not_see_the_campaign(client, needs, member):
    from concerto.accounts.models import Role

    client.force_login(member(Role.SERVICE_WORKER, OrganisationFactory(name="Autre service")))
    assert "Besoins Haren" not in client.get("/en/surveys/").text
    assert client.get(f"/en/surveys/campaigns/{needs.campaign.pk}/").status_code == 404


def test_the_builder_and_the_entry_screen_make_the_same_number_of_queries_whatever_the_questions(
    signed_in, coordinator, needs
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from concerto.surveys import services
    from concerto.surveys.models import QuestionKind

    client = signed_in(coordinator)
    draft = services.version_new_draft(actor=needs.actor, version=needs.version)
    urls = [f"/en/surveys/versions/{draft.pk}/", f"/en/surveys/campaigns/{needs.campaign.pk}/entry/"]

    def counts() -> list[int]:
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    # A session's first page checks, once, whether it may go on without a second factor (and
    # notes it in the session): measure the pages as every later request sees them.
    client.get(urls[0])
    before = counts()
    section = draft.sections.get()
    for kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.THEMES, QuestionKind.SCALE):
        question = services.question_add(actor=needs.actor, section=section, kind=kind)
        if kind == QuestionKind.THEMES:
            services.option_add(actor=needs.actor, question=question, category=needs.categories["theatre"])
    services.section_add(actor=needs.actor, version=draft, title={"fr": "Encore"})
    # The campaign's (published) version grows too, written directly: the services would refuse.
    from concerto.surveys.models import Option, Question

    published_section = needs.questions["themes"].section
    for position, kind in enumerate((QuestionKind.SINGLE, QuestionKind.THEMES, QuestionKind.SCALE), start=10):
        question = Question.objects.create(
            section=published_section, position=position, code=f"more{position}", kind=kind, text={"fr": "?"}
        )
        Option.objects.create(question=question, code="a", label={"fr": "A"}, category=needs.categories["sport"])
    assert counts() == before
