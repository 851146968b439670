"""Permission matrix entries for the calendar feeds.

Public feeds answer everyone, signed in or not (200; 404 for what is not public). The private
feed answers whoever holds its secret, cookie or not: the secret is the credential (a wrong one
is a 404). Renewing one's private address is a signed-in POST for every role with sessions of
its own; an administrator alone has none (403).

World: a partner facilitator outside the standard roles ("feed_owner") holds a private address,
so that renewals by the roles under test never replace it.
"""

from __future__ import annotations

from concerto.accounts.models import Role
from concerto.feeds import services
from concerto.organisations.models import Organisation
from concerto.testing.factories import MembershipFactory, UserFactory
from tests.test_permission_matrix import FORBIDDEN, NOT_ALLOWED, NOT_FOUND, OK, Case, World, everyone, only

PUBLIC = everyone(OK, anonymous=OK)
WITH_SESSIONS = {
    "coordinator",
    "service_manager",
    "service_worker",
    "other_service_worker",
    "partner_facilitator",
    "prison_staff",
}


def build(world: World) -> None:
    owner = UserFactory(username="feed_owner")
    MembershipFactory(
        user=owner, organisation=Organisation.objects.get(name="Theatre company"), role=Role.PARTNER_FACILITATOR
    )
    world.extra["feed_secret"] = services.private_feed_renew(user=owner)  # type: ignore[assignment]


def cases() -> list[Case]:
    fr = "/fr/feeds"
    return [
        Case("feeds:prison", lambda w: f"{fr}/prisons/haren.ics", PUBLIC),
        Case("feeds:prison", lambda w: f"{fr}/prisons/nowhere.ics", everyone(NOT_FOUND, anonymous=NOT_FOUND)),
        Case("feeds:unit", lambda w: f"{fr}/units/{w.unit_id}.ics", PUBLIC),
        Case("feeds:activity", lambda w: f"{fr}/activities/{w.published_id}.ics", PUBLIC),
        Case(
            "feeds:activity",
            lambda w: f"{fr}/activities/{w.draft_id}.ics",
            everyone(NOT_FOUND, anonymous=NOT_FOUND),
        ),
        Case("feeds_private:calendar", lambda w: f"/feeds/private/{w.extra['feed_secret']}.ics", PUBLIC),
        Case(
            "feeds_private:calendar",
            lambda w: "/feeds/private/" + "x" * 43 + ".ics",
            everyone(NOT_FOUND, anonymous=NOT_FOUND),
        ),
        Case("feeds:private_renew", lambda w: f"{fr}/private/renew/", everyone(NOT_ALLOWED)),
        Case("feeds:private_renew", lambda w: f"{fr}/private/renew/", only(WITH_SESSIONS, no=FORBIDDEN), "post"),
    ]
