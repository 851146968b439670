"""What each calendar feed carries, worded in the active language.

Public feeds read the offer only through ``concerto.public.selectors`` (its projections carry no
room, capacity, facilitator, note, draft or proposal, nor anything about a detainee), so this
module cannot leak what the public may not see even by mistake. The location of a public entry
is the prison, never the room.

The private feed ("my sessions") reads the catalogue for one staff member: the sessions they
run or their organisation or prison hosts, with rooms (staff need them to get there). It reads
no application, attendance or detainee row, so it names nobody who takes part.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from concerto.accounts.permissions import Actor
from concerto.catalogue.models import ActivityStatus, Edition, Session
from concerto.core.translation import localised
from concerto.feeds.ical import BRUSSELS, Feed, FeedEvent
from concerto.feeds.models import PrivateFeedToken
from concerto.public import selectors as public
from concerto.public.stamp import current as current_stamp

# Feeds start this far back: a subscriber still sees last weeks' sessions (and which were
# cancelled); older ones drop out. They end with the last session of the editions on offer.
LOOKBACK = dt.timedelta(weeks=4)


@dataclass(frozen=True)
class FeedLinks:
    """Absolute addresses written into feeds, from the origin the request came in on."""

    origin: str  # "https://concerto.example.org", no trailing slash

    def absolute(self, path: str) -> str:
        return f"{self.origin}{path}"

    def activity_page(self, activity_pk: int) -> str | None:
        """The public page of an activity, or None while no such page is installed.

        The URL name is a setting (``CONCERTO_FEEDS_ACTIVITY_URL_NAME``) so the public pages can
        be wired in, or renamed, without touching the feeds.
        """
        try:
            return self.absolute(reverse(settings.CONCERTO_FEEDS_ACTIVITY_URL_NAME, args=[activity_pk]))
        except NoReverseMatch:
            return None


def _uid(kind: str, key: object) -> str:
    return f"{kind}-{key}@{settings.CONCERTO_FEEDS_UID_DOMAIN}"


def _latest(*moments: dt.datetime | None) -> dt.datetime | None:
    known = [moment for moment in moments if moment is not None]
    return max(known) if known else None


def _when(moment: dt.datetime) -> str:
    return date_format(moment.astimezone(BRUSSELS), "SHORT_DATETIME_FORMAT")


def _summary(title: str, is_cancelled: bool) -> str:
    # Not every client shows STATUS:CANCELLED; the title says it as well.
    return _("Cancelled: %(title)s") % {"title": title} if is_cancelled else title


# --- public feeds ----------------------------------------------------------------------------


def _how_to_apply(activity: public.PublicActivity) -> str:
    organiser = activity.organiser
    contacts = ", ".join(value for value in (organiser.phone, organiser.email) if value)
    if contacts:
        return _(
            "How to apply: ask the staff of your unit or your justice-aid service, or contact the organiser, "
            "%(organiser)s (%(contacts)s)."
        ) % {"organiser": organiser.display_name, "contacts": contacts}
    return _(
        "How to apply: ask the staff of your unit or your justice-aid service, or contact the organiser, %(organiser)s."
    ) % {"organiser": organiser.display_name}


def _public_event(
    session: public.PublicSession,
    edition: public.PublicEdition,
    activity: public.PublicActivity,
    links: FeedLinks,
) -> FeedEvent:
    title = activity.title
    lines = [str(activity.tr("summary")), _how_to_apply(activity)]
    if session.moved_from is not None and not session.is_cancelled:
        lines.append(_("Moved: first planned on %(when)s.") % {"when": _when(session.moved_from)})
    return FeedEvent(
        uid=_uid("session", session.pk),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        summary=_summary(title.text, session.is_cancelled),
        summary_language=title.language,
        description="\n\n".join(line for line in lines if line),
        # The prison only: rooms are not public.
        location=str(edition.prison.name),
        sequence=session.revision,
        is_cancelled=session.is_cancelled,
        last_modified=_latest(session.changed_at, edition.modified_at, activity.modified_at),
        url=links.activity_page(activity.pk),
        categories=(str(activity.category.name),),
    )


def _public_events(
    activities: Iterable[public.PublicActivity],
    links: FeedLinks,
    *,
    keep_edition: Callable[[public.PublicEdition], bool] = lambda edition: True,
) -> list[FeedEvent]:
    editions = {
        edition.pk: (edition, activity)
        for activity in activities
        for edition in activity.editions
        if keep_edition(edition)
    }
    since = timezone.now() - LOOKBACK
    return [
        _public_event(session, *editions[session.edition_pk], links)
        for session in public.sessions_of(editions.keys())
        if session.ends_at >= since
    ]


def _public_feed(*, uid: str, name: str, description: str, events: list[FeedEvent], source: str) -> Feed:
    return Feed(
        uid=uid,
        name=name,
        description=description,
        stamp=current_stamp().changed_at,
        events=events,
        source=source,
    )


def _description(where: str) -> str:
    return _(
        "Collective activities offered to people detained at %(where)s by the justice-aid services and their "
        "partners. Times are Brussels times; cancelled sessions stay in the calendar, marked cancelled."
    ) % {"where": where}


def prison_feed(*, code: str, links: FeedLinks, source: str) -> Feed | None:
    """The public sessions of one active prison, or None if there is no such prison."""
    prison = next((prison for prison in public.prison_list() if prison.code == code), None)
    if prison is None:
        return None
    activities = public.offer(public.PublicFilters(prison=prison.pk))
    name = str(prison.name)
    return _public_feed(
        uid=_uid("prison", prison.code),
        name=_("Activities at %(prison)s") % {"prison": name},
        description=_description(name),
        events=_public_events(activities, links, keep_edition=lambda edition: edition.prison.pk == prison.pk),
        source=source,
    )


def _public_unit(pk: int) -> tuple[public.PublicPrison, public.PublicUnit] | None:
    for prison in public.prison_list():
        for unit in prison.units:
            if unit.pk == pk:
                return prison, unit
    return None


def unit_feed(*, pk: int, links: FeedLinks, source: str) -> Feed | None:
    """The public sessions of editions that serve one active unit, or None if it is not public."""
    found = _public_unit(pk)
    if found is None:
        return None
    prison, unit = found
    activities = public.offer(public.PublicFilters(prison=prison.pk))
    where = f"{unit.name}, {prison.name}"
    return _public_feed(
        uid=_uid("unit", unit.pk),
        name=_("Activities for %(unit)s (%(prison)s)") % {"unit": unit.name, "prison": prison.name},
        description=_description(where),
        events=_public_events(
            activities, links, keep_edition=lambda edition: any(served.pk == pk for served in edition.units)
        ),
        source=source,
    )


def activity_feed(*, pk: int, links: FeedLinks, source: str) -> Feed | None:
    """The public sessions of one published activity (all its prisons), or None if it is not public."""
    activity = public.activity_get(pk)
    if activity is None:
        return None
    title = str(activity.title)
    return _public_feed(
        uid=_uid("activity", activity.pk),
        name=title,
        description="\n\n".join(line for line in (str(activity.tr("summary")), _how_to_apply(activity)) if line),
        events=_public_events([activity], links),
        source=source,
    )


# --- the private feed ------------------------------------------------------------------------


def may_have_private_feed(actor: Actor) -> bool:
    """Whether ``actor`` holds a role with sessions of its own (see ``private_sessions``).

    Administrators alone do not: they run no session, and a whole schedule with rooms behind a
    URL that calendar applications keep for months is exposure without a need. An administrator
    who is also a coordinator (or holds any role below) has the feed of that role. A user without
    an active role has nothing to subscribe to.
    """
    return actor.is_coordinator or actor.is_service_staff or actor.is_partner_facilitator or actor.is_prison_staff


def private_feed_token_of(user: Any) -> PrivateFeedToken | None:
    """The fingerprint row of ``user``'s private feed (when it was created), if they have one."""
    return PrivateFeedToken.objects.filter(user=user).first()


def _mine(actor: Actor) -> Q:
    """The editions that are ``actor``'s own, role by role (the union of every role held)."""
    if actor.is_coordinator:
        return Q()
    mine = Q(pk__in=[])
    own = actor.service_organisation_ids
    if own:
        mine |= Q(activity__organiser_id__in=own) | Q(activity__partners__id__in=own)
    if actor.is_partner_facilitator:
        mine |= Q(facilitators__id=actor.user_id)
    if actor.is_prison_staff:
        mine |= Q(prison_id__in=actor.staff_prison_ids)
    return mine


def private_sessions(actor: Actor) -> QuerySet[Session]:
    """The sessions of ``actor``'s feed, from ``LOOKBACK`` ago on, in time order.

    - coordinators: every session;
    - service managers and workers: their organisations' activities (as organiser or partner);
    - partner facilitators: the editions they run;
    - prison staff: their prisons' sessions.

    Only published activities: a draft or a proposal is not a promise that anybody comes, and a
    calendar entry is. Nothing here reads who takes part.
    """
    if not may_have_private_feed(actor):
        return Session.objects.none()
    editions = Edition.objects.filter(_mine(actor), activity__status=ActivityStatus.PUBLISHED).values("pk")
    # Each session's history rows (a table of their own, no relation to join on): how many, the newest.
    history = Session.history.model.objects.filter(id=OuterRef("pk")).order_by().values("id")
    return (
        Session.objects.filter(edition_id__in=editions, ends_at__gte=timezone.now() - LOOKBACK)
        .select_related(
            "room", "edition__room", "edition__prison", "edition__activity__organiser", "edition__activity__category"
        )
        .prefetch_related("edition__units")
        .annotate(
            revisions=Coalesce(Subquery(history.annotate(n=Count("history_id")).values("n")), 0),
            changed_at=Subquery(history.annotate(last=Max("history_date")).values("last")),
        )
        .order_by("starts_at", "pk")
    )


def _private_event(session: Session, links: FeedLinks) -> FeedEvent:
    edition = session.edition
    activity = edition.activity
    title = localised(activity, "title")
    prison = str(localised(edition.prison, "name"))
    room = session.room or edition.room
    units = ", ".join(str(localised(unit, "name")) for unit in edition.units.all())
    lines = [
        _("Units: %(units)s") % {"units": units} if units else "",
        _("Organised by %(organiser)s") % {"organiser": activity.organiser.acronym or activity.organiser.name},
    ]
    if session.moved_from is not None and not session.is_cancelled:
        lines.append(_("Moved: first planned on %(when)s.") % {"when": _when(session.moved_from)})
    # The reasons given for a move or a cancellation are free text that may name a person: left out.
    return FeedEvent(
        uid=_uid("staff-session", session.pk),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        summary=_summary(title.text, session.is_cancelled),
        summary_language=title.language,
        description="\n".join(line for line in lines if line),
        location=f"{prison}, {room.name}" if room else prison,
        sequence=max(session.revisions - 1, 0),  # type: ignore[attr-defined]  # annotated
        is_cancelled=session.is_cancelled,
        last_modified=_latest(session.changed_at, edition.updated_at, activity.updated_at),  # type: ignore[attr-defined]
        url=links.absolute(reverse("catalogue:edition_detail", args=[edition.pk])),
        categories=(str(localised(activity.category, "name")),),
    )


def private_feed(*, actor: Actor, links: FeedLinks) -> Feed:
    """``actor``'s own sessions, with rooms, in the active language."""
    return Feed(
        uid=_uid("staff", actor.user_id),
        name=_("My sessions (Concerto)"),
        description=_(
            "The sessions you run or that your organisation or prison hosts, with their rooms. This address is "
            "personal: do not share it."
        ),
        stamp=current_stamp().changed_at,
        events=[_private_event(session, links) for session in private_sessions(actor)],
        # No SOURCE: the address holds the secret, and a saved or forwarded copy of the file should not.
        source=None,
    )
