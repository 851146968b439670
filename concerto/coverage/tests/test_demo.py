"""The demo data hold at least one gap and one overlap of each main kind, as the guide promises."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
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
