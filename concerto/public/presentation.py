"""How the public pages say things: an edition's "when" in words, and schema.org JSON-LD.

Pure functions of the public projections (``concerto.public.selectors``): they never read the
database, so nothing private can slip in here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from django.utils.formats import date_format, time_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from concerto.public.selectors import PublicActivity, PublicEdition, PublicOrganisation, PublicState

SCHEMA_DAYS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
SCHEMA_FREQUENCIES = {"DAILY": "D", "WEEKLY": "W", "MONTHLY": "M", "YEARLY": "Y"}


def _rule_parts(rule: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in rule.split(";") if "=" in part)


def edition_period(edition: PublicEdition) -> str:
    """ "from 12 January to 26 March 2027", or "on 12 January 2027" for a one-day edition."""
    if edition.starts_on == edition.ends_on:
        return _("on %(day)s") % {"day": date_format(edition.starts_on, "j F Y")}
    same_year = edition.starts_on.year == edition.ends_on.year
    start = date_format(edition.starts_on, "j F" if same_year else "j F Y")
    return _("from %(start)s to %(end)s") % {"start": start, "end": date_format(edition.ends_on, "j F Y")}


def edition_hours(edition: PublicEdition) -> str:
    if edition.session_starts_at and edition.session_ends_at:
        return f"{time_format(edition.session_starts_at, 'H:i')}–{time_format(edition.session_ends_at, 'H:i')}"
    return ""


def edition_when(edition: PublicEdition) -> str:
    """For example "Every Tuesday, 14:00–16:00, from 12 January to 26 March 2027", in the reader's language.

    A rule too complex to put in words is left out (the period and hours still say when).
    """
    rhythm = edition.rhythm if edition.rhythm != edition.recurrence else ""
    parts = [part for part in (rhythm, edition_hours(edition), edition_period(edition)) if part]
    return capfirst(", ".join(parts))


# --- schema.org ------------------------------------------------------------------------------


def _organization(organisation: PublicOrganisation, url: str) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Organization", "name": organisation.name, "url": url}
    if organisation.acronym:
        data["alternateName"] = organisation.acronym
    if organisation.email:
        data["email"] = organisation.email
    if organisation.phone:
        data["telephone"] = organisation.phone
    if organisation.website:
        data["sameAs"] = organisation.website
    return data


def _schedule(edition: PublicEdition) -> dict[str, Any]:
    """A schema.org Schedule from the edition's RFC 5545 rule (BYDAY, FREQ, INTERVAL) and its hours."""
    schedule: dict[str, Any] = {
        "@type": "Schedule",
        "startDate": edition.starts_on.isoformat(),
        "endDate": edition.ends_on.isoformat(),
        "scheduleTimezone": "Europe/Brussels",
    }
    if edition.session_starts_at:
        schedule["startTime"] = edition.session_starts_at.strftime("%H:%M")
    if edition.session_ends_at:
        schedule["endTime"] = edition.session_ends_at.strftime("%H:%M")
    parts = _rule_parts(edition.recurrence)
    days = [re.sub(r"^[+-]?\d+", "", day) for day in parts.get("BYDAY", "").split(",") if day]
    if days:
        schedule["byDay"] = [f"https://schema.org/{SCHEMA_DAYS[day]}" for day in days if day in SCHEMA_DAYS]
    if parts.get("FREQ") in SCHEMA_FREQUENCIES:
        schedule["repeatFrequency"] = f"P{int(parts.get('INTERVAL', '1'))}{SCHEMA_FREQUENCIES[parts['FREQ']]}"
    return schedule


def activity_jsonld(activity: PublicActivity, *, url: str, absolute: Callable[[str, int], str]) -> dict[str, Any]:
    """A schema.org ``Course`` with one ``CourseInstance`` per current or coming edition.

    ``absolute(kind, pk)`` gives the absolute address of a public page ("organisation" or "prison").
    """
    languages = [language.code for language in activity.languages]
    organiser = _organization(activity.organiser, absolute("organisation", activity.organiser.pk))
    instances = []
    for edition in activity.editions:
        instance: dict[str, Any] = {
            "@type": "CourseInstance",
            "courseMode": "onsite",
            "startDate": edition.starts_on.isoformat(),
            "endDate": edition.ends_on.isoformat(),
            "eventSchedule": _schedule(edition),
            "eventStatus": "https://schema.org/EventCancelled"
            if edition.state == PublicState.CANCELLED
            else "https://schema.org/EventScheduled",
            "organizer": organiser,
            "location": {
                "@type": "Place",
                "name": str(edition.prison.name),
                "address": edition.prison.address,
                "url": absolute("prison", edition.prison.pk),
            },
        }
        if languages:
            instance["inLanguage"] = languages
        instances.append(instance)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Course",
        "@id": url,
        "url": url,
        "name": str(activity.title),
        "description": str(activity.tr("summary")) or str(activity.tr("description")),
        "provider": organiser,
        "hasCourseInstance": instances,
    }
    if languages:
        data["inLanguage"] = languages
    if activity.target_groups:
        data["audience"] = {
            "@type": "Audience",
            "audienceType": ", ".join(str(group.name) for group in activity.target_groups),
        }
    return data


def jsonld_script(data: dict[str, Any]) -> SafeString:
    """The ``<script type="application/ld+json">`` element, with <, > and & escaped as JSON escapes."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above
