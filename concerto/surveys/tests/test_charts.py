"""Charts drawn on the server (inline SVG), and the results page that shows them."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from concerto.accounts.models import Role
from concerto.organisations.models import Organisation
from concerto.surveys.analysis import results
from concerto.surveys.charts import Bar, Segment, StackedRow, bar_chart, question_chart, stacked_bar_chart
from concerto.testing.factories import MembershipFactory, OrganisationFactory, PrisonFactory, UserFactory

from .sample_survey import SampleSurvey, build_sample


def widths(svg: str) -> list[float]:
    return [float(width) for width in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="2\d"', svg)]


def test_bar_chart_draws_a_bar_per_value_with_the_value_written_next_to_it():
    svg = str(
        bar_chart(
            chart_id="c1",
            title="Answers",
            bars=[Bar("Yes", 16, "16 (84%)"), Bar("Maybe", 8), Bar("No", None)],
            axis_label="Number of people",
        )
    )

    assert 'role="img"' in svg
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Answers</title>' in svg
    assert "Yes: 16 (84%); Maybe: 8; No: fewer than 5" in svg  # the description says every figure
    # Two bars (the hidden value has none), the longer for the larger value.
    yes, maybe = widths(svg)
    assert yes == pytest.approx(2 * maybe)
    assert ">16 (84%)</text>" in svg
    assert ">8</text>" in svg
    assert ">fewer than 5</text>" in svg
    assert ">Number of people</text>" in svg


def test_labels_are_escaped_so_an_answer_cannot_inject_markup():
    svg = str(bar_chart(chart_id="c", title="<b>T</b>", bars=[Bar("<script>x</script>", 5)], axis_label="n"))

    assert "<script>" not in svg
    assert "&lt;script&gt;x&lt;/script&gt;" in svg


def test_stacked_bar_fills_the_width_in_proportion_and_writes_shares_readably():
    svg = str(
        stacked_bar_chart(
            chart_id="s",
            title="Scale",
            legend=["1", "2", "3"],
            rows=[
                StackedRow("All", [Segment("1", 5), Segment("3", 15)], "n = 20"),
                StackedRow("Women", [], hidden_note="fewer than 5 answers"),
            ],
            axis_label="Share",
        )
    )

    low, high = widths(svg)
    assert high == pytest.approx(3 * low)
    assert ">25%</text>" in svg
    assert ">75%</text>" in svg
    assert ">n = 20</text>" in svg
    assert ">fewer than 5 answers</text>" in svg
    # Dark segments carry white figures, light ones black.
    assert 'fill="#ffffff">25%' in svg or 'fill="#ffffff">75%' in svg


@pytest.mark.django_db
def test_question_charts_of_a_campaign_show_counts_scores_and_scale_shares():
    sample = build_sample(organisation=OrganisationFactory(), prison=PrisonFactory())
    outcome = results(sample.campaign)
    by_code = {result.question.code: result for result in outcome.questions}

    assert ">16 (84%)</text>" in question_chart(by_code["interest"], chart_id="a")
    themes = question_chart(by_code["themes"], chart_id="b")
    assert ">score 45 · 19 people</text>" in themes
    assert ">score 12 · 6 people</text>" in themes
    scale = question_chart(by_code["wellbeing"], chart_id="c")
    assert ">53%</text>" in scale  # 10 of 19 answered 4
    assert question_chart(by_code["wishes"], chart_id="d") is None


@pytest.fixture
def sample() -> SampleSurvey:
    return build_sample(organisation=OrganisationFactory(name="APO"), prison=PrisonFactory())


def signed_in(role: str, organisation: Organisation | None = None) -> Client:
    user = UserFactory()
    kind = Organisation.Kind.COORDINATION_BODY if role == Role.COORDINATOR else Organisation.Kind.JUSTICE_AID_SERVICE
    MembershipFactory(user=user, organisation=organisation or OrganisationFactory(kind=kind), role=role)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_results_page_shows_charts_tables_and_free_texts_to_the_campaign_service(sample):
    client = signed_in(Role.SERVICE_WORKER, sample.campaign.organisation)

    page = client.get(f"/en/surveys/campaigns/{sample.campaign.pk}/results/").content.decode()

    assert page.count('role="img"') == 4  # four questions with a chart; free texts have none
    assert "16 (84%)" in page
    assert "Plus de sport" in page
    assert "Only if “Non” to question 1" in page
    # A service worker reads the results but does not get the raw answers.
    assert f"/surveys/campaigns/{sample.campaign.pk}/answers.csv" not in page


@pytest.mark.django_db
def test_results_page_filters_and_hides_a_selection_below_five(sample):
    client = signed_in(Role.COORDINATOR)
    url = f"/en/surveys/campaigns/{sample.campaign.pk}/results/"

    women = client.get(url, {"target_group": sample.women.pk}).content.decode()
    arabic = client.get(url, {"language": "ar"}).content.decode()

    assert "6 (100%)" in women
    assert "Plus de sport" not in women  # the men's free texts
    assert "Fewer than 5 responses match" in arabic
    assert "Pas le temps" not in arabic
    assert 'role="img"' not in arabic


@pytest.mark.django_db
def test_another_service_does_not_see_the_campaign_results(sample):
    client = signed_in(Role.SERVICE_WORKER)

    assert client.get(f"/en/surveys/campaigns/{sample.campaign.pk}/results/").status_code == 404
