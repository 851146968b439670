"""Factories of the attendance side (the shared ones live in concerto.testing.factories)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from concerto.attendance.models import AbsenceReason, Attendance, AttendanceStatus, FeedbackInterview
from concerto.catalogue.models import Session
from concerto.catalogue.scheduling import aware
from concerto.testing.factories import ApplicationFactory, SessionFactory


class AbsenceReasonFactory(DjangoModelFactory):
    class Meta:
        model = AbsenceReason
        django_get_or_create = ("code",)

    code = "court_hearing"
    name_fr = "Audience au tribunal"
    name_nl = "Zitting in de rechtbank"
    name_en = "Court hearing"
    is_excused = True


def excused_reason() -> AbsenceReason:
    return AbsenceReasonFactory()


def unexcused_reason() -> AbsenceReason:
    return AbsenceReasonFactory(
        code="refused", name_fr="A refusé de venir", name_nl="Weigerde te komen", name_en="Refused", is_excused=False
    )


def session_days_ago(edition, days: int, **fields) -> Session:
    """A session of ``edition`` held ``days`` days ago at 14:00; today's starts just after midnight (held)."""
    day = timezone.localdate() - dt.timedelta(days=days)
    start = aware(day, dt.time(14, 0) if days > 0 else dt.time(0, 5))
    return SessionFactory(edition=edition, starts_at=start, origin=Session.Origin.ONE_OFF, **fields)


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    application = factory.SubFactory(
        ApplicationFactory, edition=factory.SelfAttribute("..session.edition"), status="active"
    )
    status = AttendanceStatus.PRESENT


class FeedbackInterviewFactory(DjangoModelFactory):
    class Meta:
        model = FeedbackInterview

    application = factory.SubFactory(ApplicationFactory, status="dropped_out")
    organisation = factory.SelfAttribute("application.edition.activity.organiser")
    status = "done"
    held_on = factory.LazyFunction(timezone.localdate)
    reasons = factory.LazyFunction(lambda: ["schedule_clash"])
    notes = "Confidential: works in the kitchen on Tuesdays."
