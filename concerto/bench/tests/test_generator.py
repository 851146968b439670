"""The data generator at its tiny scale: deterministic, consistent, and careful with existing data."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.test import RequestFactory

from concerto.attendance.models import Attendance
from concerto.bench.generator import BENCH_LOGINS, BENCH_PASSWORD, NOT_YET_RECORDED, GeneratorRefused, generate
from concerto.catalogue.models import Edition, Session, SessionStatus
from concerto.catalogue.scheduling import aware
from concerto.detainees.models import Detainee
from concerto.registrations.models import PLACE_TAKING_STATUSES, Application
from concerto.surveys.models import Answer, Response

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 11)


def snapshot() -> dict[str, object]:
    """Counts and the first rows, by their content (ids depend on the database's sequences)."""
    return {
        "detainees": list(
            Detainee.objects.order_by("pk").values_list("prison_number", "first_name", "last_name", "unit__code")[:5]
        ),
        "sessions": list(
            Session.objects.order_by("pk").values_list("edition__activity__title_fr", "starts_at", "room__name")[:5]
        ),
        "applications": list(
            Application.objects.order_by("pk").values_list("detainee__prison_number", "status", "applied_on")[:5]
        ),
        "counts": {
            model.__name__: model.objects.count()
            for model in (Detainee, Edition, Session, Application, Attendance, Response, Answer)
        },
        "statuses": dict(Counter(Application.objects.values_list("status", flat=True))),
    }


def generated_snapshot(seed: int) -> dict[str, object]:
    with transaction.atomic():
        generate(scale="tiny", seed=seed, today=TODAY)
        taken = snapshot()
        transaction.set_rollback(True)
    return taken


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    first = generated_snapshot(1)
    assert first["counts"]["Attendance"] > 0, first["counts"]
    assert generated_snapshot(1) == first
    assert generated_snapshot(2) != first


def test_generated_data_hold_together():
    report = generate(scale="tiny", seed=1, today=TODAY)
    assert report.rows["applications"] == Application.objects.count() > 0
    # Applicants are people of the edition's prison; attendance only for sessions of their edition.
    assert not Application.objects.exclude(detainee__prison_id=F("edition__prison_id")).exists()
    assert not Attendance.objects.exclude(session__edition_id=F("application__edition_id")).exists()
    # Attendance is entered for sessions held a week ago or more; the last week's wait for it.
    recorded_until = aware(TODAY, dt.time(12, 0)) - NOT_YET_RECORDED
    assert not Attendance.objects.filter(session__starts_at__gte=recorded_until).exists()
    assert not Attendance.objects.filter(session__status=SessionStatus.CANCELLED).exists()
    # Never more people holding a place than the edition has places.
    overbooked = Edition.objects.annotate(
        taken=Count("applications", filter=Q(applications__status__in=PLACE_TAKING_STATUSES))
    ).filter(taken__gt=F("capacity"))
    assert not overbooked.exists()
    # Sessions fall within their edition and no room is booked twice at once without a reason.
    assert not Session.objects.filter(Q(starts_at__date__lt=F("edition__starts_on"))).exists()
    seen = set()
    for room, starts_at, reason in Session.objects.filter(status=SessionStatus.SCHEDULED).values_list(
        "room_id", "starts_at", "conflict_accepted_reason"
    ):
        assert (room, starts_at) not in seen or reason, f"room {room} double-booked at {starts_at}"
        seen.add((room, starts_at))
    # Survey answers are to questions of the version their response answered.
    assert not Answer.objects.exclude(question__section__version_id=F("response__version_id")).exists()
    # The benchmark can sign in as each of its users.
    for username in BENCH_LOGINS.values():
        request = RequestFactory().post("/en/login/")
        assert authenticate(request, username=username, password=BENCH_PASSWORD) is not None, username


def test_other_data_are_refused_and_the_same_data_are_not_written_twice():
    generate(scale="tiny", seed=1, today=TODAY)
    detainees = Detainee.objects.count()
    again = generate(scale="tiny", seed=1, today=TODAY)
    assert again.already_there
    assert Detainee.objects.count() == detainees
    with pytest.raises(GeneratorRefused, match="seed 1"):
        generate(scale="tiny", seed=2, today=TODAY)
    assert Detainee.objects.count() == detainees


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal is for SQLite")
def test_the_europe_scale_refuses_sqlite():
    with pytest.raises(GeneratorRefused, match="PostgreSQL"):
        generate(scale="europe", seed=1, today=TODAY)
    assert not Detainee.objects.exists()
