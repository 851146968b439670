"""CSV and XLSX exports of a campaign: aggregated results for its readers, raw answers for coordinators."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from concerto.accounts.models import Role
from concerto.organisations.models import Organisation
from concerto.privacy.models import PersonalDataAccess
from concerto.surveys.models import Answer, Response
from concerto.testing.factories import (
    DetaineeFactory,
    MembershipFactory,
    OrganisationFactory,
    PrisonFactory,
    UserFactory,
)

from .sample_survey import SampleSurvey, build_sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample() -> SampleSurvey:
    return build_sample(organisation=OrganisationFactory(name="APO"), prison=PrisonFactory())


def signed_in(role: str, organisation: Organisation) -> Client:
    user = UserFactory()
    MembershipFactory(user=user, organisation=organisation, role=role)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def coordinator_client() -> Client:
    return signed_in(Role.COORDINATOR, OrganisationFactory(kind=Organisation.Kind.COORDINATION_BODY))


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 byte order mark"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_results_csv_opens_in_columns_with_small_counts_hidden(sample, coordinator_client):
    response = coordinator_client.get(f"/en/surveys/campaigns/{sample.campaign.pk}/results.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="results-' in response["Content-Disposition"]
    rows = read_csv(response.content)
    assert rows[0][:8] == [
        "Question number",
        "Question code",
        "Question",
        "Breakdown",
        "Group",
        "Answer",
        "Count",
        "Percentage",
    ]
    overall = {(row[1], row[5]): row[6:] for row in rows[1:] if row[3] == "All"}
    assert overall[("interest", "Oui")] == ["16", "84", "", ""]
    assert overall[("interest", "Non")] == ["< 5", "", "", ""]
    assert overall[("wellbeing", "Mean")] == ["", "", "2.89", ""]
    assert overall[("themes", "Sociocultural")] == ["19", "100", "", "45"]
    per_group = {(row[1], row[4], row[5]): row[6] for row in rows[1:] if row[3] == "Per target group"}
    assert per_group[("interest", "Men", "Oui")] == "10"
    assert per_group[("interest", "Men", "Non")] == "< 5"
    assert not any(row[1] == "wishes" for row in rows[1:])  # free texts are not figures


def test_results_export_follows_the_page_filters(sample, coordinator_client):
    response = coordinator_client.get(
        f"/en/surveys/campaigns/{sample.campaign.pk}/results.csv", {"target_group": sample.women.pk}
    )

    overall = {(row[1], row[5]): row[6] for row in read_csv(response.content)[1:] if row[3] == "All"}
    assert overall[("interest", "Answered")] == "6"


def test_results_xlsx_is_a_workbook_with_the_same_figures(sample, coordinator_client):
    response = coordinator_client.get(f"/en/surveys/campaigns/{sample.campaign.pk}/results.xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "Results"
    assert rows[0][0] == "Question number"
    assert (1, "interest", "Voulez-vous participer à des activités ?", "All", None, "Oui", 16, 84, None, None) in rows


def test_raw_answers_have_one_row_per_response_and_question_answered(sample, coordinator_client):
    rows = read_csv(coordinator_client.get(f"/en/surveys/campaigns/{sample.campaign.pk}/answers.csv").content)

    # Men in French answered 5 questions, women 4 (no free text), men in Arabic 4.
    assert len(rows) == 1 + 10 * 5 + 6 * 4 + 3 * 4
    header = rows[0]
    women_moments = next(row for row in rows if row[4] == "women" and row[8] == "moments")
    assert women_moments[header.index("Answer")] == "Le matin | L'après-midi"
    assert women_moments[header.index("Answer codes")] == "morning | afternoon"
    women_themes = next(row for row in rows if row[4] == "women" and row[8] == "themes")
    assert women_themes[header.index("Answer codes")] == "literacy | discussion-groups | sport"
    assert women_themes[header.index("Rank")] == "1 | 2 | 3"
    arabic = next(row for row in rows if row[3] == "ar" and row[8] == "why_not")
    assert arabic[header.index("Text")] == "Pas le temps"


def test_raw_answers_xlsx_is_readable_and_formulas_are_neutralised(sample, coordinator_client):
    response = Response.objects.filter(campaign=sample.campaign, target_group=sample.women).first()
    Answer.objects.create(response=response, question=sample.questions["why_not"], text='=HYPERLINK("x")')

    content = coordinator_client.get(f"/en/surveys/campaigns/{sample.campaign.pk}/answers.xlsx").content

    sheet = load_workbook(io.BytesIO(content)).active
    texts = [row[14] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("x")' in texts
    assert sheet.max_row == 1 + 10 * 5 + 6 * 4 + 3 * 4 + 1


def test_only_coordinators_export_the_raw_answers(sample):
    worker = signed_in(Role.SERVICE_WORKER, sample.campaign.organisation)

    assert worker.get(f"/en/surveys/campaigns/{sample.campaign.pk}/answers.csv").status_code == 403
    assert worker.get(f"/en/surveys/campaigns/{sample.campaign.pk}/results.csv").status_code == 200


def test_exporting_answers_linked_to_people_is_logged_without_names(sample, coordinator_client):
    version = sample.version
    version.is_anonymous = False
    version.save(update_fields=["is_anonymous"])
    detainee = DetaineeFactory(prison=sample.campaign.prison)
    Response.objects.filter(pk=Response.objects.filter(campaign=sample.campaign).first().pk).update(detainee=detainee)

    rows = read_csv(coordinator_client.get(f"/en/surveys/campaigns/{sample.campaign.pk}/answers.csv").content)

    access = PersonalDataAccess.objects.get()
    assert (access.action, access.subject_type, access.subject_id) == ("export", "detainees.detainee", detainee.pk)
    assert detainee.last_name not in access.detail
    assert not any(detainee.last_name in cell for row in rows for cell in row)


def test_anonymous_answers_are_exported_without_an_access_log(sample, coordinator_client):
    coordinator_client.get(f"/en/surveys/campaigns/{sample.campaign.pk}/answers.csv")

    assert not PersonalDataAccess.objects.exists()
