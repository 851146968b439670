"""What the public offer holds, and the stamp that tells caches it changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from concerto.catalogue.models import ActivityStatus, SessionStatus
from concerto.public import selectors, stamp
from concerto.public.selectors import PublicState
from concerto.testing.factories import ActivityFactory, ApplicationFactory, EditionFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_the_offer_holds_published_activities_with_a_current_or_coming_edition_only():
    shown = EditionFactory(activity__title_fr="Théâtre").activity
    EditionFactory(activity__status=ActivityStatus.DRAFT, activity__title_fr="Brouillon")
    EditionFactory(activity__status=ActivityStatus.PROPOSED, activity__title_fr="Proposition")
    EditionFactory(activity__status=ActivityStatus.ARCHIVED, activity__title_fr="Archivé")
    today = timezone.localdate()
    EditionFactory(
        activity__title_fr="Fini", starts_on=today - dt.timedelta(days=90), ends_on=today - dt.timedelta(days=1)
    )
    EditionFactory(activity__title_fr="Fermée", prison__code="closed", prison__is_active=False)

    assert [activity.title_fr for activity in selectors.offer()] == [shown.title_fr]
    assert selectors.activity_get(shown.pk) is not None
    draft = ActivityFactory(status=ActivityStatus.DRAFT)
    assert selectors.activity_get(draft.pk) is None


def test_an_edition_shows_full_once_its_places_are_taken_and_cancelled_once_every_session_is():
    edition = EditionFactory(capacity=2)
    ApplicationFactory.create_batch(2, edition=edition, status="confirmed")
    ApplicationFactory(edition=edition, status="waiting_list")
    cancelled = EditionFactory()
    SessionFactory.create_batch(2, edition=cancelled, status=SessionStatus.CANCELLED)
    open_edition = EditionFactory(capacity=2)
    ApplicationFactory(edition=open_edition, status="confirmed")
    ApplicationFactory(edition=open_edition, status="applied")  # does not take a place yet

    states = {edition.pk: edition.state for activity in selectors.offer() for edition in activity.editions}

    assert states == {
        edition.pk: PublicState.FULL,
        cancelled.pk: PublicState.CANCELLED,
        open_edition.pk: PublicState.OPEN,
    }


def test_projections_carry_no_private_field():
    edition = EditionFactory()
    public = selectors.activity_get(edition.activity_id).editions[0]
    for private in ("room", "capacity", "facilitators", "excluded_dates"):
        assert not hasattr(public, private)
    assert not hasattr(selectors.activity_get(edition.activity_id), "contact")


def save_then_fail(activity) -> None:
    with transaction.atomic():
        activity.save()
        raise RuntimeError("rolled back")


@pytest.mark.django_db(transaction=True)
def test_the_stamp_moves_once_per_committed_change_and_not_for_a_rolled_back_one():
    edition = EditionFactory()
    before = stamp.current().version

    with transaction.atomic():
        edition.capacity = 12
        edition.save()
        edition.activity.title_fr = "Autre titre"
        edition.activity.save()
    after_commit = stamp.current().version

    edition.activity.title_fr = "Jamais publié"
    with pytest.raises(RuntimeError):
        save_then_fail(edition.activity)

    assert after_commit == before + 1
    assert stamp.current().version == after_commit
