"""Write a calendar feed as iCalendar text (RFC 5545, with the RFC 7986 calendar properties).

This module knows the format and nothing of the domain: the selectors hand it a ``Feed`` of
``FeedEvent`` values already worded in the reader's language and already stripped of what the
audience may not see. Everything written depends only on those values, so two requests for the
same data get the same bytes (the public feeds' ETag relies on it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.cache import cache
from icalendar import Calendar, Event, Timezone, vDuration, vText
from icalendar.enums import STATUS

BRUSSELS_TZID = "Europe/Brussels"
BRUSSELS = ZoneInfo(BRUSSELS_TZID)
PRODID = "-//Concerto//Calendar feeds//EN"
# How often a subscribed calendar application should fetch again (REFRESH-INTERVAL, and
# X-PUBLISHED-TTL for the applications that only know the older extension).
REFRESH_INTERVAL = dt.timedelta(hours=6)
CONTENT_TYPE = "text/calendar; charset=utf-8"
EVENT_TEXT_SECONDS = 24 * 3600


@dataclass(frozen=True)
class FeedEvent:
    """One session as a calendar entry."""

    uid: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    summary: str
    # The language the summary is actually written in (it may be a fallback).
    summary_language: str
    description: str
    location: str
    # RFC 5545 SEQUENCE: grows each time the session changes, so clients replace their copy.
    sequence: int
    is_cancelled: bool
    last_modified: dt.datetime | None
    url: str | None = None
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feed:
    uid: str
    name: str
    description: str
    # DTSTAMP of every entry: when the data behind the feed last changed (not "now"), so the
    # same data always gives the same bytes.
    stamp: dt.datetime
    events: Sequence[FeedEvent]
    # The feed's own address (RFC 7986 SOURCE); None where the address is a secret.
    source: str | None = None
    url: str | None = None


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(microsecond=0)


def _event(entry: FeedEvent, stamp: dt.datetime) -> Event:
    event = Event.new(
        uid=entry.uid,
        stamp=_utc(stamp),
        # Brussels wall time with TZID=Europe/Brussels: a 14:00 session reads 14:00 on both
        # sides of a daylight-saving change, in every client.
        start=entry.starts_at.astimezone(BRUSSELS).replace(microsecond=0),
        end=entry.ends_at.astimezone(BRUSSELS).replace(microsecond=0),
        description=entry.description or None,
        location=entry.location or None,
        sequence=entry.sequence,
        status=STATUS.CANCELLED if entry.is_cancelled else STATUS.CONFIRMED,
        last_modified=_utc(entry.last_modified) if entry.last_modified else None,
        url=entry.url,
    )
    event.add("SUMMARY", entry.summary, parameters={"LANGUAGE": entry.summary_language})
    if entry.categories:  # an empty list would still write an empty CATEGORIES line
        event.categories = list(entry.categories)
    return event


def _timezone(events: Sequence[FeedEvent], stamp: dt.datetime) -> Timezone:
    """The VTIMEZONE of Brussels over the years the feed spans, generated from zoneinfo.

    icalendar writes the onset of summer time as 03:00 where RFC 5545 expects 02:00 (the wall
    time before the change); only a client that ignores the TZID name and reads the rules alone
    would place something in that night's missing hour an hour off. No session is held then.
    """
    moments = [moment for entry in events for moment in (entry.starts_at, entry.ends_at)] or [stamp]
    first = min(moments).astimezone(BRUSSELS).date()
    last = max(moments).astimezone(BRUSSELS).date()
    return Timezone.from_tzinfo(
        BRUSSELS, BRUSSELS_TZID, first_date=dt.date(first.year, 1, 1), last_date=dt.date(last.year + 1, 1, 1)
    )


def render(feed: Feed) -> bytes:
    """The feed as iCalendar bytes (UTF-8, CRLF line ends, long lines folded)."""
    calendar = Calendar.new(
        prodid=PRODID, calscale="GREGORIAN", method="PUBLISH", uid=feed.uid, source=feed.source, url=feed.url
    )
    # The name (an activity's title, a unit's name) and the description are TEXT values, written
    # with RFC 5545's escaping of ; , \ and line breaks. Not through Calendar.new(name=...,
    # description=...): icalendar 7.3 writes NAME, X-WR-CALNAME and X-WR-CALDESC as given, so a
    # title with a ";" or "," reads wrong and one with a line break makes the feed fail.
    # X-WR-CALNAME and X-WR-CALDESC are the copies older clients read.
    for name in ("NAME", "X-WR-CALNAME"):
        calendar.add(name, vText(feed.name))
    for name in ("DESCRIPTION", "X-WR-CALDESC"):
        calendar.add(name, vText(feed.description))
    # RFC 7986 requires VALUE=DURATION on REFRESH-INTERVAL; X-PUBLISHED-TTL is the older
    # extension that Outlook and Apple Calendar still read.
    calendar.add("REFRESH-INTERVAL", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH_INTERVAL).to_ical().decode())
    calendar.add_component(_timezone(feed.events, feed.stamp))
    head = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    return head.removesuffix(end) + b"".join(_event_texts(feed.events, feed.stamp)) + end


def _event_texts(entries: Sequence[FeedEvent], stamp: dt.datetime) -> list[bytes]:
    """Each event's iCalendar text, from the cache when the same event was written before.

    Writing events is most of a feed's cost (the icalendar library); an event's text depends
    only on its own fields and the feed's DTSTAMP, so it is kept under a digest of those, and a
    prison's, a unit's and an activity's feeds share their texts until a session changes.
    """
    keys = ["feed-event:" + hashlib.sha256(repr((entry, stamp)).encode()).hexdigest()[:32] for entry in entries]
    found = cache.get_many(keys)
    missing = {
        key: _event(entry, stamp).to_ical() for key, entry in zip(keys, entries, strict=True) if key not in found
    }
    if missing:
        cache.set_many(missing, timeout=EVENT_TEXT_SECONDS)
    return [found.get(key) or missing[key] for key in keys]
