"""What the demo adds for the coverage analysis (concerto/coverage).

- **An overlap between organisations**: Rizome-BXL's forum theatre for convicted men in the
  sentenced unit, over the same weeks as the FAMD's theatre workshop for the same people. The
  other demo activities give the analysis its gaps (the needs survey's wishes for vocational
  training and sport, units and languages without an offer) and its competing sessions (the
  French reception class and digital skills meet the remand unit on Tuesday mornings).
- **The refusal reason "no place left"** (code ``no-place``, seeded by registrations' migration
  0003): refusals with it count as unmet demand. It is created here when missing, since the
  tests build their database without data migrations.

Idempotent, like the rest of the demo: the activity and its edition go through the loader that
loads every demo activity (same rules, no room or person booked twice, nothing added when
loaded again).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from concerto.accounts.permissions import actor_for
from concerto.catalogue.models import ActivityStatus
from concerto.coverage.selectors import NO_PLACE_REFUSAL_CODE
from concerto.demo import data as d
from concerto.demo.activities import AFTERNOON, ActivityPlan, EditionPlan
from concerto.prisons.models import Prison
from concerto.registrations.models import RefusalReason

if TYPE_CHECKING:
    from concerto.demo.services import DemoLoader

FORUM_THEATRE = ActivityPlan(
    organiser=d.RIZOME,
    contact="Lotte Peeters",
    status=ActivityStatus.PUBLISHED,
    category="theatre",
    target_groups=("men", "convicted"),
    languages=("fr", "nl"),
    aims=("psychosocial-wellbeing",),
    default_capacity=10,
    texts={
        "title_fr": "Théâtre-forum : rejouer les conflits du quotidien",
        "title_nl": "Forumtheater: alledaagse conflicten opnieuw spelen",
        "title_en": "Forum theatre: replaying everyday conflicts",
        "summary_fr": (
            "Des scènes tirées de la vie en détention, jouées puis rejouées par le groupe pour essayer "
            "d'autres façons de réagir."
        ),
        "summary_nl": (
            "Scènes uit het leven in de gevangenis, gespeeld en opnieuw gespeeld door de groep om andere "
            "manieren van reageren uit te proberen."
        ),
        "summary_en": ("Scenes from life in prison, played and replayed by the group to try other ways of reacting."),
        "screening_fr": "Entretien préalable avec Rizome-BXL.",
        "screening_nl": "Voorafgaand gesprek met Rizome-BXL.",
    },
    editions=(
        # The same people and weeks as the FAMD's theatre workshop (activities.py), on Monday
        # afternoons in the hall, which nothing else uses then.
        EditionPlan(
            units=("sentenced-men",),
            room=d.HALL,
            capacity=10,
            facilitators=("worker2",),
            first_week=1,
            weeks=8,
            hours=AFTERNOON,
            recurrence="FREQ=WEEKLY;BYDAY=MO",
        ),
    ),
)


def no_place_reason() -> RefusalReason:
    """The refusal reason meaning "no place left", created with the migration's names when missing."""
    reason, _created = RefusalReason.objects.get_or_create(
        code=NO_PLACE_REFUSAL_CODE,
        defaults={
            "name_fr": "Plus de place",
            "name_nl": "Geen plaats meer",
            "name_en": "No place left",
            "position": 20,
        },
    )
    return reason


def demo_coverage(loader: DemoLoader, prison: Prison) -> None:
    """Add the forum theatre (an overlap with the FAMD's theatre) and the "no place left" reason."""
    no_place_reason()
    admin = loader.users["admin"]
    admin.__dict__.pop("_concerto_actor", None)
    actor = actor_for(admin)
    activity = loader._activity(actor, FORUM_THEATRE)
    for plan in FORUM_THEATRE.editions:
        loader._edition(actor, activity, prison, plan)


def demo_coverage_try_it() -> list[str]:
    with translation.override("fr"):
        url = reverse("coverage:overview")
    return [
        _(
            "Coverage of the offer (log in as %(user)s): %(url)s shows that the needs survey's wishes for "
            "vocational training have no offer (draft a proposal from that gap) and that two organisations "
            "offer theatre to the convicted men."
        )
        % {"user": "coordinator", "url": url}
    ]
