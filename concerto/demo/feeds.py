"""The calendar feeds in the demo: a cancelled session to see in Haren's public calendar.

Prison life cancels sessions (strikes, lockdowns): subscribing to Haren's feed
(/fr/feeds/prisons/haren.ics) shows the theatre workshop's session of the coming weeks
marked cancelled (STATUS:CANCELLED, "Cancelled:" before its title). The cancellation goes
through the catalogue service, as staff would make it, so it is in the session's history and
its SEQUENCE grows. Idempotent: an edition with a cancelled session already is left alone.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from concerto.accounts.models import User
from concerto.accounts.permissions import actor_for
from concerto.catalogue import services as catalogue
from concerto.catalogue.models import Edition, Session, SessionStatus
from concerto.catalogue.scheduling import aware
from concerto.prisons.models import Prison

THEATRE = "Atelier théâtre : monter sur les planches"
REASON = "Grève du personnel pénitentiaire : aucun mouvement ce jour-là."
# Far enough ahead to be seen in a calendar for a while, near enough to be in this week's feed.
AHEAD = dt.timedelta(days=7)


def _theatre_edition(prison: Prison, today: dt.date) -> Edition | None:
    return (
        Edition.objects.filter(activity__title_fr=THEATRE, prison=prison, ends_on__gte=today)
        .order_by("starts_on")
        .first()
    )


def _cancelled(prison: Prison, today: dt.date) -> Session | None:
    edition = _theatre_edition(prison, today)
    if edition is None:
        return None
    return edition.sessions.filter(status=SessionStatus.CANCELLED).order_by("starts_at").first()


def demo_feeds(*, prison: Prison, today: dt.date) -> None:
    """Cancel one coming session of Haren's theatre workshop (once)."""
    edition = _theatre_edition(prison, today)
    if edition is None or _cancelled(prison, today) is not None:
        return
    session = (
        edition.sessions.filter(status=SessionStatus.SCHEDULED, starts_at__gte=aware(today + AHEAD, dt.time(0, 0)))
        .order_by("starts_at")
        .first()
    )
    if session is None:
        return
    admin = User.objects.get(username="admin")
    admin.__dict__.pop("_concerto_actor", None)
    catalogue.session_cancel(actor=actor_for(admin), session=session, reason=REASON)


def demo_feeds_try_it(*, prison: Prison, today: dt.date) -> list[str]:
    """Where to see the cancelled session in a calendar (reads only)."""
    session = _cancelled(prison, today)
    if session is None:
        return []
    with translation.override("fr"):  # the demo's language, like the other lines
        path = reverse("feeds:prison", args=[prison.code])
        day = date_format(timezone.localtime(session.starts_at), "SHORT_DATE_FORMAT")
    return [
        _(
            "Calendar feeds (no login): subscribe a calendar application to %(url)s; the theatre workshop's "
            "session of %(day)s shows cancelled."
        )
        % {"url": path, "day": day}
    ]
