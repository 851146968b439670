"""Results of a campaign on the sample survey, whose figures are worked out in sample_survey.py."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from concerto.surveys.analysis import ResultFilters, ThemeDemand, results, theme_demand, theme_demand_by_root
from concerto.surveys.models import Response
from concerto.testing.factories import OrganisationFactory, PrisonFactory

from .sample_survey import SampleSurvey, add_responses, build_sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample() -> SampleSurvey:
    return build_sample(organisation=OrganisationFactory(name="APO"), prison=PrisonFactory())


def by_code(outcome, code: str):
    return next(question for question in outcome.questions if question.question.code == code)


def figures(question) -> dict[str, tuple[int | None, int | None]]:
    return {choice.label: (choice.cell.count, choice.cell.percent) for choice in question.choices}


def test_choice_question_counts_and_percentages_hide_the_answer_fewer_than_five_gave(sample):
    outcome = results(sample.campaign)

    interest = by_code(outcome, "interest")
    assert outcome.responses == 19
    assert interest.answered == 19
    assert figures(interest) == {"Oui": (16, 84), "Non": (None, None)}


def test_multiple_choice_percentages_are_of_those_who_answered(sample):
    moments = by_code(results(sample.campaign), "moments")

    assert moments.answered == 16
    assert figures(moments) == {"Le matin": (16, 100), "L'après-midi": (6, 38)}


def test_breakdown_per_target_group_hides_small_cells_and_small_groups(sample):
    interest = by_code(results(sample.campaign), "interest")
    per_group = {table.dimension: table for table in interest.breakdowns}

    rows = {
        row.label: (row.answered, [(cell.count, cell.percent) for cell in row.cells])
        for row in per_group["target_group"].rows
    }
    assert per_group["target_group"].columns == ["Oui", "Non"]
    assert rows == {"Men": (13, [(10, 77), (None, None)]), "Women": (6, [(6, 100), (0, 0)])}
    languages = {row.label: row.answered for row in per_group["language"].rows}
    # Three Arabic forms: the whole group is "fewer than 5", its cells too.
    assert languages == {"Arabic": None, "Dutch": 6, "French": 10}
    arabic = next(row for row in per_group["language"].rows if row.label == "Arabic")
    assert all(cell.hidden for cell in arabic.cells)


def test_scale_mean_distribution_and_group_means(sample):
    wellbeing = by_code(results(sample.campaign), "wellbeing")

    assert wellbeing.mean == 2.89
    assert figures(wellbeing) == {
        "1 · Très mal": (None, None),
        "2": (6, 32),
        "3": (0, 0),
        "4": (10, 53),
        "5 · Très bien": (0, 0),
    }
    means = {row.label: row.mean for row in next(t for t in wellbeing.breakdowns if t.dimension == "target_group").rows}
    # Men: (10×4 + 3×1) / 13; women 2.
    assert means == {"Men": 3.31, "Women": 2.0}


def test_themes_are_weighted_by_rank_and_rolled_up_to_their_root(sample):
    themes = by_code(results(sample.campaign), "themes")

    rows = [(choice.label, choice.is_root, choice.cell.count, choice.score) for choice in themes.choices]
    assert rows == [
        ("Sociocultural", True, 19, 45),
        ("Theatre", False, 10, 30),
        ("Sport", False, 9, 15),
        ("Training", True, 16, 38),
        ("Literacy", False, 16, 38),
        ("Psychosocial", True, 6, 12),
        ("Discussion groups", False, 6, 12),
    ]


def test_free_texts_are_listed_unless_fewer_than_five_and_conditions_say_when(sample):
    outcome = results(sample.campaign)

    assert by_code(outcome, "wishes").texts == ["Plus de sport"] * 10
    why_not = by_code(outcome, "why_not")
    # Three answers only: listing them would tell the count that is hidden.
    assert why_not.texts_hidden
    assert why_not.texts == []
    assert why_not.condition == "Only if “Non” to question 1"
    assert by_code(results(sample.campaign, texts=False), "wishes").texts == []


def test_filters_narrow_every_figure_and_small_selections_show_nothing(sample):
    women = results(sample.campaign, filters=ResultFilters(target_group_id=sample.women.pk))
    assert women.responses == 6
    assert figures(by_code(women, "interest")) == {"Oui": (6, 100), "Non": (0, 0)}

    arabic = results(sample.campaign, filters=ResultFilters(language="ar"))
    assert arabic.too_few
    assert arabic.responses is None
    assert by_code(arabic, "why_not").texts_hidden
    assert figures(by_code(arabic, "interest")) == {"Oui": (0, None), "Non": (None, None)}

    unit_b = results(sample.campaign, filters=ResultFilters(unit_id=sample.unit_b.pk))
    assert unit_b.responses == 9


def test_the_number_of_queries_does_not_grow_with_the_responses(sample):
    with CaptureQueriesContext(connection) as before:
        results(sample.campaign)
    add_responses(
        sample.campaign,
        count=30,
        target_group=sample.women,
        unit=sample.unit_a,
        language="fr",
        choices=["no"],
        ranks={"theatre": 3},
        scale=5,
        texts={"wishes": "Cuisine"},
    )
    with CaptureQueriesContext(connection) as after:
        outcome = results(sample.campaign)

    assert outcome.responses == 49
    assert len(after.captured_queries) == len(before.captured_queries)
    assert len(after.captured_queries) <= 12


def test_theme_demand_gives_raw_rows_per_category_group_unit_and_language(sample):
    rows = theme_demand(Response.objects.filter(campaign=sample.campaign))
    cats = sample.categories

    assert len(rows) == 6
    assert (
        ThemeDemand(
            category_id=cats["sport"].pk,
            root_category_id=cats["sociocultural"].pk,
            target_group_id=sample.men.pk,
            unit_id=sample.unit_b.pk,
            language="ar",
            people=3,  # raw: the caller hides it
            score=9,
        )
        in rows
    )
    literacy = [row for row in rows if row.category_id == cats["literacy"].pk]
    assert sorted((row.people, row.score) for row in literacy) == [(6, 18), (10, 20)]


def test_theme_demand_by_root_counts_a_person_once_per_root(sample):
    rows = theme_demand_by_root(Response.objects.filter(campaign=sample.campaign))
    sociocultural = [row for row in rows if row.category_id == sample.categories["sociocultural"].pk]

    assert sum(row.people for row in sociocultural) == 19
    assert sum(row.score for row in sociocultural) == 45
    with CaptureQueriesContext(connection) as queries:
        theme_demand(Response.objects.all())
    assert len(queries.captured_queries) == 1


def test_unranked_or_out_of_range_themes_weigh_like_the_last_rank(sample):
    add_responses(
        sample.campaign,
        count=2,
        target_group=None,
        unit=None,
        language="fr",
        choices=[],
        ranks={"discussion-groups": 7},
        scale=None,
    )
    rows = theme_demand(Response.objects.filter(campaign=sample.campaign, target_group=None))

    assert [(row.people, row.score) for row in rows] == [(2, 2)]
