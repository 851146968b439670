"""Permission matrix entries for the evaluation of editions.

World: APO organises the published activity. An earlier edition of it ended ten days ago,
facilitated by the partner facilitator; the coordinator decided "adjust" and linked the
world's (future) edition as shaped by it. Another edition ended yesterday, without a decision.
Reads come first and writes last, since every case of a role runs on the same database.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from concerto.accounts.models import User
from concerto.catalogue.models import Activity
from concerto.evaluation.models import EditionEvaluation, EvaluationFollowUp
from concerto.prisons.models import Room, Unit
from concerto.testing.factories import EditionFactory
from tests.test_permission_matrix import FORBIDDEN, NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, Case, World, everyone, only

DECIDERS = {"administrator", "coordinator"}
ORGANISER = {"service_manager", "service_worker"}
PREPARERS = DECIDERS | {"service_manager"}
READERS = DECIDERS | ORGANISER | {"partner_facilitator"}
WRITERS = ORGANISER | {"partner_facilitator"}
SERVICE_A = {"administrator", *ORGANISER}


def build(world: World) -> None:
    activity = Activity.objects.get(pk=world.published_id)
    today = timezone.localdate()
    unit = Unit.objects.get(pk=world.unit_id)
    room = Room.objects.get(pk=world.room_id)
    facilitator = User.objects.get(username="partner_facilitator")
    finished = EditionFactory(
        activity=activity,
        prison_id=world.prison_id,
        room=room,
        units=[unit],
        facilitators=[facilitator],
        starts_on=today - dt.timedelta(days=70),
        ends_on=today - dt.timedelta(days=10),
    )
    awaiting = EditionFactory(
        activity=activity,
        prison_id=world.prison_id,
        room=room,
        units=[unit],
        facilitators=[facilitator],
        starts_on=today - dt.timedelta(days=40),
        ends_on=today - dt.timedelta(days=1),
    )
    evaluation = EditionEvaluation.objects.create(
        edition=finished,
        assessment="Good group.",
        decision="adjust",
        adjustments="Shorter sessions.",
        decided_by=User.objects.get(username="coordinator"),
        decided_at=timezone.now(),
    )
    link = EvaluationFollowUp.objects.create(evaluation=evaluation, edition_id=world.edition_id)
    world.extra.update(finished_edition=finished.pk, awaiting_edition=awaiting.pk, follow_up=link.pk)


def cases() -> list[Case]:
    fr = "/fr/evaluation"
    finished = lambda w: f"{fr}/editions/{w.extra['finished_edition']}/"  # noqa: E731 - small table entries
    awaiting = lambda w: f"{fr}/editions/{w.extra['awaiting_edition']}/"  # noqa: E731
    return [
        # The to-do list: coordination, and managers for their own service.
        Case("evaluation:todo", lambda w: f"{fr}/", only(PREPARERS)),
        # The evaluation page: coordination, the organiser's staff, the edition's facilitators.
        Case("evaluation:edition", finished, only(READERS)),
        Case("evaluation:edition", lambda w: f"{fr}/editions/{w.draft_edition_id}/", only(SERVICE_A, no=NOT_FOUND)),
        Case("evaluation:edition", lambda w: f"{fr}/editions/999999/", only(set(), no=NOT_FOUND)),
        # Reports: those who ran the edition, each their own.
        Case("evaluation:report", lambda w: f"{finished(w)}report/", only(WRITERS)),
        # The decision: coordinators; the manager prepares until it is taken.
        Case("evaluation:evaluate", lambda w: f"{finished(w)}evaluate/", only(DECIDERS)),
        Case("evaluation:evaluate", lambda w: f"{awaiting(w)}evaluate/", only(PREPARERS)),
        # The participant questionnaire: those who run campaigns for the organiser.
        Case("evaluation:participant_evaluation", lambda w: f"{awaiting(w)}participant-evaluation/", only(PREPARERS)),
        # The next edition: coordinators and the organiser's manager, once decided.
        Case("evaluation:follow_up", lambda w: f"{finished(w)}next-edition/", only(PREPARERS)),
        Case(
            "evaluation:follow_up",
            lambda w: f"{awaiting(w)}next-edition/",
            only(PREPARERS, no=FORBIDDEN, yes=NOT_FOUND),
        ),
        Case(
            "evaluation:follow_up_remove",
            lambda w: f"{fr}/follow-ups/{w.extra['follow_up']}/remove/",
            everyone(NOT_ALLOWED),
        ),
        # The activity's loop: coordination and the organiser's staff.
        Case("evaluation:activity_loop", lambda w: f"{fr}/activities/{w.published_id}/", only(DECIDERS | ORGANISER)),
        Case("evaluation:activity_loop", lambda w: f"{fr}/activities/{w.draft_id}/", only(SERVICE_A, no=NOT_FOUND)),
        # --- Writes (last: they change the world of this role's run) -------------------------------
        Case(
            "evaluation:report",
            lambda w: f"{finished(w)}report/",
            only(WRITERS, yes=REDIRECT),
            "post",
            {"what_worked": "The group worked well together."},
        ),
        # An empty form: the page again with its errors for those who may start it.
        Case(
            "evaluation:participant_evaluation",
            lambda w: f"{awaiting(w)}participant-evaluation/",
            only(PREPARERS),
            "post",
            {},
        ),
        Case("evaluation:follow_up", lambda w: f"{finished(w)}next-edition/", only(PREPARERS), "post", {}),
        Case(
            "evaluation:evaluate",
            lambda w: f"{awaiting(w)}evaluate/",
            only(PREPARERS, yes=REDIRECT),
            "post",
            {"assessment": "Attendance held up well."},
        ),
        Case(
            "evaluation:follow_up_remove",
            lambda w: f"{fr}/follow-ups/{w.extra['follow_up']}/remove/",
            only(PREPARERS, yes=REDIRECT),
            "post",
        ),
    ]


_ = OK  # the shorthand is part of the matrix's vocabulary; kept for readers of this table
