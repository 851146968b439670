"""The demo data hold at least one gap and one overlap of each main kind, as the guide promises."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from concerto.accounts.models import User
from concerto.coverage import selectors
from concerto.coverage.analysis import Filters, Kind
from concerto.demo.services import demo_load
from concerto.prisons.models import Prison
from conftest import make_actor

pytestmark = pytest.mark.django_db


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_demo_shows_a_survey_gap_and_an_overlap_between_organisations():
    # Loaded for another day than today, the demo leaves out the registration cycle (slow, not needed here).
    day = timezone.localdate() + dt.timedelta(days=1)
    demo_load(today=day)
    coordinator = make_actor(User.objects.get(username="coordinator"))
    haren = Prison.objects.get(code="haren")

    # The demo plans its editions over the weeks ahead of its day (in the last week of a quarter,
    # all of them fall in the next one): read those weeks.
    weeks_ahead = selectors.Period(start=day, end=day + dt.timedelta(weeks=13))
    result = selectors.coverage_analysis(actor=coordinator, prison=haren, period=weeks_ahead, filters=Filters())

    reference = result.reference
    gaps = {(f.kind, reference.categories[f.category_id].code if f.category_id else "") for f in result.gaps}
    assert (Kind.DEMAND_WITHOUT_SUPPLY, "vocational-training") in gaps
    assert any(kind == Kind.LANGUAGE_GAP for kind, _ in gaps)
    overlaps = {(f.kind, reference.categories[f.category_id].code if f.category_id else "") for f in result.overlaps}
    assert (Kind.ORGANISATION_OVERLAP, "theatre") in overlaps
    assert any(kind == Kind.COMPETING_SESSIONS for kind, _ in overlaps)


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_the_coordinator_turns_the_womens_gap_into_a_proposal_in_one_save():
    from concerto.proposals.models import ActivityProposal
    from concerto.proposals.tests.test_proposals import submitted_as_shown
    from concerto.reference.models import TargetGroup

    day = timezone.localdate() + dt.timedelta(days=1)
    demo_load(today=day)
    women = TargetGroup.objects.get(code="women")
    client = Client()
    client.force_login(User.objects.get(username="coordinator"))
    haren = Prison.objects.get(code="haren")

    page = client.get(
        "/en/coverage/",
        {
            "prison": haren.pk,
            "target_group": women.pk,
            "period_start": day.isoformat(),
            "period_end": (day + dt.timedelta(weeks=13)).isoformat(),
        },
    )
    gaps = page.context["gaps"]
    assert gaps, "the demo has a gap for women"
    first = gaps[0]
    assert first.finding.target_group_id == women.pk
    assert first.proposal_url

    form = client.get(first.proposal_url).context["form"]
    response = client.post(first.proposal_url, submitted_as_shown(form))

    assert response.status_code == 302
    proposal = ActivityProposal.objects.latest("pk")
    assert response["Location"] == proposal.get_absolute_url()
    assert list(proposal.target_groups.all()) == [women]
    assert proposal.finding
