"""The demo's needs survey: built through the services, in Arabic too, with a gap in the offer to find."""

from __future__ import annotations

from collections import Counter

import pytest
from django.test import override_settings
from django.utils import timezone, translation

from concerto.catalogue.models import Activity, ActivityStatus
from concerto.demo.services import demo_load
from concerto.demo.surveys import CAMPAIGN, QUESTIONNAIRE
from concerto.reference.models import Language
from concerto.surveys.models import Answer, Campaign, Questionnaire, Response, VersionStatus
from concerto.surveys.selectors import version_content
from concerto.surveys.services import version_problems

pytestmark = pytest.mark.django_db


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_the_demo_needs_survey_is_complete_in_arabic_and_points_to_a_category_without_activity():
    today = timezone.localdate()
    with translation.override("en"):
        summary = demo_load(today=today)
    version = Questionnaire.objects.get(name=QUESTIONNAIRE).versions.get()
    assert version.status == VersionStatus.PUBLISHED
    assert version.languages == ["fr", "nl", "ar"]
    assert Language.objects.get(code="ar").is_right_to_left
    content = version_content(version)
    assert version_problems(content) == []
    kinds = [numbered.question.kind for numbered in content.questions]
    assert kinds == ["themes", "single", "scale", "single", "text"]
    assert content.questions[2].condition_option == content.questions[1].options[0]  # shown after "yes"

    campaign = Campaign.objects.get(name=CAMPAIGN)
    # Dutch pages name the survey in Dutch.
    with translation.override("nl"):
        assert (str(campaign), str(version.questionnaire)) == (
            "Behoeften aan activiteiten – Haren",
            "Behoeften aan activiteiten",
        )
    responses = Response.objects.filter(campaign=campaign)
    assert responses.count() == 25
    assert not responses.filter(detainee__isnull=False).exists()
    assert set(responses.values_list("language", flat=True)) == {"fr", "nl", "ar"}
    assert responses.values("unit").distinct().count() == 6
    assert responses.values("target_group").distinct().count() == 5

    # Wishes weighted 3/2/1 by rank: the most wanted theme has no published activity.
    score: Counter[str] = Counter()
    for code, rank in Answer.objects.filter(response__campaign=campaign, rank__isnull=False).values_list(
        "option__category__code", "rank"
    ):
        score[code] += 4 - rank
    wanted, _points = score.most_common(1)[0]
    assert wanted == "vocational-training"
    assert not Activity.objects.filter(category__code=wanted, status=ActivityStatus.PUBLISHED).exists()
    assert any("Needs survey" in line for line in summary.try_it)
    # Loading again creates nothing: concerto/demo/tests checks it for every model.
