"""A small known world for the yearly report's tests (the ``world`` fixture of this folder's conftest).

Last year (a whole year), in Haren:
- APO's French class (training › languages, for men), unit A: 3 sessions of 2 hours held, one
  cancelled (strike); 6 participants and 1 dropout (interview held), 2 refusals, 1 on the waiting list;
  attendance recorded: 15 present out of 18.
- Rizome's theatre (sociocultural, for men and the accused), units A and B: 2 sessions of 1.5 hours,
  2 participants.
- A draft activity's session, which does not count.
The year before: one APO session of 2 hours.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from concerto.attendance.models import Attendance, FeedbackInterview
from concerto.catalogue.models import ActivityStatus
from concerto.catalogue.scheduling import aware
from concerto.registrations.models import RefusalReason
from concerto.testing.factories import (
    ActivityFactory,
    ApplicationFactory,
    CategoryFactory,
    EditionFactory,
    SessionFactory,
    UnitFactory,
    target_group,
)


def last_year() -> int:
    """The year the reports below describe: the last whole year, by the suite's clock."""
    return timezone.localdate().year - 1


def day(month: int, dom: int, year: int | None = None) -> dt.date:
    return dt.date(year if year is not None else last_year(), month, dom)


def sessions(edition, days, hours=2.0, **fields):
    return [
        SessionFactory(
            edition=edition,
            starts_at=aware(d, dt.time(14, 0)),
            ends_at=aware(d, dt.time(14, 0)) + dt.timedelta(hours=hours),
            **fields,
        )
        for d in days
    ]


def build_world(prison, service, other_service):
    unit_a = UnitFactory(prison=prison, code="a", name_fr="Unité A", name_nl="Afdeling A", name_en="Unit A")
    unit_b = UnitFactory(prison=prison, code="b", name_fr="Unité B", name_nl="Afdeling B", name_en="Unit B")
    training = CategoryFactory(code="training", name_fr="Formation", name_en="Training")
    languages = CategoryFactory(code="languages", name_fr="Langues", name_en="Languages", parent=training)
    sociocultural = CategoryFactory(code="sociocultural", name_fr="Socioculturel", name_en="Sociocultural")
    men, accused = target_group("men"), target_group("accused")

    french = EditionFactory(
        activity=ActivityFactory(organiser=service, category=languages, target_groups=[men]),
        prison=prison,
        units=[unit_a],
        starts_on=day(3, 1),
        ends_on=day(4, 30),
    )
    held = sessions(french, [day(3, 4), day(3, 11), day(3, 18)])
    sessions(french, [day(3, 25)], status="cancelled", change_reason="Grève ")
    participants = [
        ApplicationFactory(edition=french, status="completed" if i % 2 else "confirmed", detainee__unit=unit_a)
        for i in range(6)
    ]
    dropout = ApplicationFactory(edition=french, status="dropped_out")
    FeedbackInterview.objects.create(application=dropout, organisation=service, status="done")
    full = RefusalReason.objects.create(code="full", name_fr="Complet", name_en="Full")
    ApplicationFactory.create_batch(2, edition=french, status="refused", refusal_reason=full)
    ApplicationFactory(edition=french, status="waiting_list")
    for session in held:
        for index, application in enumerate(participants):
            status = "absent" if (session == held[0] and index < 3) else "present"
            Attendance.objects.create(session=session, application=application, status=status)

    theatre = EditionFactory(
        activity=ActivityFactory(organiser=other_service, category=sociocultural, target_groups=[men, accused]),
        prison=prison,
        units=[unit_a, unit_b],
        starts_on=day(5, 1),
        ends_on=day(6, 30),
    )
    sessions(theatre, [day(5, 6), day(5, 13)], hours=1.5)
    ApplicationFactory.create_batch(2, edition=theatre, status="completed")

    draft = EditionFactory(
        activity=ActivityFactory(organiser=service, status=ActivityStatus.DRAFT), prison=prison, units=[unit_a]
    )
    sessions(draft, [day(6, 3)])

    before = EditionFactory(
        activity=ActivityFactory(organiser=service),
        prison=prison,
        starts_on=day(3, 1, last_year() - 1),
        ends_on=day(3, 31, last_year() - 1),
    )
    sessions(before, [day(3, 5, last_year() - 1)])
    return {"unit_a": unit_a, "unit_b": unit_b, "french": french, "theatre": theatre}
