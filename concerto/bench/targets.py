"""What the benchmark measures on a generated database: the key pages, for whom, and their targets.

``bench_plan`` picks real rows (the bench service's busiest edition in Haren, its latest session,
the day with the most movements...) and returns the endpoints as paths, so that the runner
(``bench/run.py``) needs no knowledge of the data. Pages that do not exist yet (their URL name
does not resolve) are listed as not available. ``import_file`` writes the 10,000-row prison list.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from concerto.attendance.models import Attendance
from concerto.attendance.services import ATTENDING_STATUSES
from concerto.bench import vocabulary as words
from concerto.bench.generator import BENCH_LOGINS, BENCH_ORGANISATION, BENCH_PASSWORD, NOT_YET_RECORDED
from concerto.catalogue.models import Edition, Session, SessionStatus
from concerto.catalogue.scheduling import aware
from concerto.catalogue.selectors import week_start
from concerto.detainees.models import Detainee, PresenceStatus
from concerto.prisons.models import Prison
from concerto.reference.models import Category
from concerto.registrations.models import Application

PAGE_MS = 100  # every key page: p95 at most this, and at most FLOOR_RATIO times the floor's p95
FLOOR_RATIO = 10
# The public offer (anonymous readers): uncached at most 10 × the floor, cached (a 304 or a cached
# body) at most 5 ×. Each uncached request carries a query word of its own (``v``) that the
# pages ignore but the body cache keys on, so that none is served from the cache.
PUBLIC_CACHED_RATIO = 5
PUBLIC_UNCACHED_REQUESTS = 100
ANALYSIS_MS = 1_000  # the coverage analysis and a year's statistics
IMPORT_SECONDS = 20  # a 10,000-row import, upload to applied
IMPORT_ROWS = 10_000
LEGAL_STATUS_WORDS = {"accused": "prévenu", "convicted": "condamné", "interned": "interné"}


@dataclass
class Endpoint:
    name: str
    user: str  # a key of BENCH_LOGINS
    paths: list[str]  # one path, or (POST) one per request so that each request does real work
    limit_ms: int = PAGE_MS
    method: str = "GET"
    kind: str = "page"  # floor, info (no target), page, api, pdf, analysis, write
    requests: int | None = None  # fewer for slow endpoints (default: the runner's)
    max_ratio: int = FLOOR_RATIO  # its p95 at most this many times the floor's
    conditional: bool = False  # sent with the ETag of a first answer: measures the 304


@dataclass
class Plan:
    password: str
    users: dict[str, str]
    endpoints: list[Endpoint] = field(default_factory=list)
    not_available: list[str] = field(default_factory=list)
    import_prison: int = 0
    facts: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _path(name: str, *args: Any, query: dict[str, Any] | None = None, **kwargs: Any) -> str | None:
    """The French path of a URL name, or None when the page does not exist (yet)."""
    with translation.override("fr"):
        try:
            path = reverse(name, args=args or None, kwargs=kwargs or None)
        except NoReverseMatch:
            return None
    return f"{path}?{urlencode(query)}" if query else path


def _participants(session_filter: Q) -> Q:
    """Sessions with at least one person confirmed or taking part."""
    taking_part = Application.objects.filter(edition_id=OuterRef("edition_id"), status__in=ATTENDING_STATUSES)
    return session_filter & Q(Exists(taking_part))


def bench_plan(*, today: dt.date | None = None) -> Plan:
    today = today or timezone.localdate()
    now = timezone.now()
    haren = Prison.objects.get(code="haren")
    monday = week_start(today)
    bench_editions = Edition.objects.filter(prison=haren, activity__organiser__name=BENCH_ORGANISATION)
    edition = (
        bench_editions.filter(ends_on__gte=today)
        .annotate(people=Count("applications"))
        .order_by("-people", "starts_on", "pk")
        .first()
    )
    held = Session.objects.filter(status=SessionStatus.SCHEDULED, starts_at__lt=now)
    session = (
        held.filter(_participants(Q(edition__in=bench_editions, starts_at__gte=now - dt.timedelta(days=14))))
        .order_by("-starts_at", "pk")
        .first()
    )
    unrecorded = held.filter(
        _participants(Q(starts_at__gte=now - NOT_YET_RECORDED)),
        ~Exists(Attendance.objects.filter(session_id=OuterRef("pk"))),
    ).order_by("-starts_at", "pk")
    day_counts = (
        Session.objects.filter(edition__prison=haren, starts_at__gte=aware(today - dt.timedelta(days=6), dt.time(0)))
        .filter(starts_at__lt=aware(today + dt.timedelta(days=1), dt.time(0)))
        .values_list("starts_at", flat=True)
    )
    days: dict[dt.date, int] = {}
    for starts_at in day_counts:
        local = timezone.localtime(starts_at).date()
        days[local] = days.get(local, 0) + 1
    movement_day = max(sorted(days), key=lambda day: days[day]) if days else today
    sociocultural = Category.objects.filter(code="sociocultural").values_list("pk", flat=True).first()
    year = today.year - 1
    plan = Plan(password=BENCH_PASSWORD, users=dict(BENCH_LOGINS), import_prison=haren.pk)
    plan.facts = {
        "prison": haren.code,
        "week": monday.isoformat(),
        "edition": edition.pk if edition else None,
        "session": session.pk if session else None,
        "movement_day": movement_day.isoformat(),
        "sessions_to_record": unrecorded.count(),
        "year": year,
    }
    movement_query = {"prison": haren.pk, "day": movement_day.isoformat()}
    candidates: list[tuple[str, str, str | None, dict[str, Any]]] = [
        ("floor", "coordinator", _path("bench:floor"), {"kind": "floor"}),
        # Everyone's home page, measured for information: it is not one of the key pages with a target.
        ("dashboard", "coordinator", _path("dashboard:home"), {"kind": "info"}),
        (
            "catalogue search with filters",
            "coordinator",
            _path("catalogue:activity_list", query={"q": "atelier", "prison": haren.pk, "category": sociocultural}),
            {},
        ),
        (
            "week calendar of a prison",
            "coordinator",
            _path("catalogue:calendar_prison", haren.pk, query={"week": monday.isoformat()}),
            {},
        ),
        ("registrations of an edition", "manager", _path("registrations:edition", edition.pk) if edition else None, {}),
        ("attendance entry (page)", "worker", _path("attendance:session_sheet", session.pk) if session else None, {}),
        (
            "participant list",
            "prison_staff",
            _path("attendance:participant_list", session.pk) if session else None,
            {},
        ),
        ("movement list", "prison_staff", _path("attendance:movement_list", query=movement_query), {}),
        (
            "movement list PDF",
            "prison_staff",
            _path("attendance:movement_list_pdf", query=movement_query),
            {"kind": "pdf", "requests": 40},
        ),
        ("detainee list", "worker", _path("detainees:detainee_list"), {}),
        (
            "API: activities (search)",
            "coordinator",
            _path("api:v1:activity-list", query={"q": "atelier"}),
            {"kind": "api"},
        ),
        (
            "API: editions of a prison",
            "coordinator",
            _path("api:v1:edition-list", query={"prison": haren.pk}),
            {"kind": "api"},
        ),
        (
            "API: sessions of a week",
            "coordinator",
            _path(
                "api:v1:session-list",
                query={
                    "prison": haren.pk,
                    "from": monday.isoformat(),
                    "to": (monday + dt.timedelta(days=6)).isoformat(),
                },
            ),
            {"kind": "api"},
        ),
        ("API: detainees", "worker", _path("api:v1:detainee-list"), {"kind": "api"}),
        ("API: applications", "worker", _path("api:v1:application-list"), {"kind": "api"}),
        (
            "coverage analysis",
            "coordinator",
            _path("coverage:overview", query={"prison": haren.pk}),
            {"kind": "analysis", "limit_ms": ANALYSIS_MS, "requests": 40},
        ),
        (
            "statistics of a year",
            "coordinator",
            _path("reports:year", year) or _path("reports:year", year=year),
            {"kind": "analysis", "limit_ms": ANALYSIS_MS, "requests": 40},
        ),
    ]
    candidates += _public_candidates(haren)
    for name, user, path, options in candidates:
        if path is None:
            plan.not_available.append(name)
        else:
            paths = options.pop("paths", None) or [path]
            plan.endpoints.append(Endpoint(name=name, user=user, paths=paths, **options))
    recordable = [_path("attendance:session_all_present", pk) for pk in unrecorded.values_list("pk", flat=True)[:100]]
    if recordable:
        plan.endpoints.append(
            Endpoint(
                name="attendance entry: all present (POST)",
                user="administrator",
                paths=[path for path in recordable if path],
                method="POST",
                kind="write",
                requests=len(recordable),
            )
        )
    else:
        plan.not_available.append("attendance entry: all present (POST)")
    return plan


def _public_candidates(haren: Prison) -> list[tuple[str, str, str | None, dict[str, Any]]]:
    """The public offer as anonymous readers and harvesters meet it: a search, an activity page,
    HSDS ``/services`` and Haren's calendar feed, each uncached and cached."""
    from concerto.public.selectors import offer_queryset

    activity = offer_queryset().filter(editions__prison=haren).first()
    search = _path("public:offer", query={"q": "atelier"})
    page = _path("public:activity", activity.pk) if activity else None
    services = "/opendata/hsds/services"
    feed = _path("feeds:prison", haren.code)

    def varied(path: str | None) -> dict[str, Any]:
        if path is None:
            return {}
        joiner = "&" if "?" in path else "?"
        paths = [f"{path}{joiner}v={n}" for n in range(PUBLIC_UNCACHED_REQUESTS)]
        return {"kind": "public", "paths": paths, "requests": PUBLIC_UNCACHED_REQUESTS}

    cached = {"kind": "public", "max_ratio": PUBLIC_CACHED_RATIO}
    conditional = {**cached, "conditional": True}
    return [
        ("public offer search (uncached)", "anonymous", search, varied(search)),
        ("public offer search (cached body)", "anonymous", search, dict(cached)),
        ("public activity page (uncached)", "anonymous", page, varied(page)),
        ("public activity page (304)", "anonymous", page, dict(conditional)),
        ("HSDS /services (uncached)", "anonymous", services, varied(services)),
        ("HSDS /services (304)", "anonymous", services, dict(conditional)),
        ("Haren's calendar feed (uncached)", "anonymous", feed, varied(feed)),
        ("Haren's calendar feed (304)", "anonymous", feed, dict(conditional)),
    ]


def import_file(*, prison: Prison, rows: int = IMPORT_ROWS, seed: int = 1) -> bytes:
    """A prison list in the format of docs/samples/liste-haren.csv: who is there now, some moved, new arrivals.

    Three in a hundred people present are left out (they are reported as gone), one in twenty
    changes unit; the rest of the ``rows`` are new people. Deterministic for a database and seed.
    """
    rng = random.Random(seed)  # noqa: S311 - made-up data
    units = list(prison.units.order_by("pk").values_list("name_fr", flat=True))
    present = (
        Detainee.objects.filter(prison=prison, presence=PresenceStatus.PRESENT, anonymised_at__isnull=True)
        .select_related("unit")
        .prefetch_related("languages_spoken", "languages_read")
        .order_by("pk")
    )
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(
        [
            "Numéro d'écrou",
            "Nom",
            "Prénom",
            "Sexe",
            "Statut",
            "Unité",
            "Langues parlées",
            "Langues lues",
            "Date de libération prévue",
        ]
    )
    written = 0
    numbers = set()
    for person in present:
        if written >= rows:
            break
        numbers.add(person.prison_number)
        if rng.random() < 0.03:
            continue
        unit = rng.choice(units) if rng.random() < 0.05 or person.unit is None else person.unit.name_fr
        release = person.expected_release_on.strftime("%d/%m/%Y") if person.expected_release_on else ""
        writer.writerow(
            [
                person.prison_number,
                person.last_name,
                person.first_name,
                "F" if person.gender == "woman" else "H",
                LEGAL_STATUS_WORDS[person.legal_status],
                unit,
                ", ".join(language.code for language in person.languages_spoken.all()),
                ", ".join(language.code for language in person.languages_read.all()),
                release,
            ]
        )
        written += 1
    number = 9_000_000
    while written < rows:
        number += 1
        if str(number) in numbers:
            continue
        woman = rng.random() < 0.05
        writer.writerow(
            [
                str(number),
                rng.choice(words.SURNAMES),
                rng.choice(words.WOMEN if woman else words.MEN),
                "F" if woman else "H",
                rng.choice(list(LEGAL_STATUS_WORDS.values())),
                rng.choice(units),
                rng.choice(["fr", "nl", "ar, fr", "ro", "en", "nl, fr"]),
                rng.choice(["fr", "nl", "", "fr"]),
                "",
            ]
        )
        written += 1
    return out.getvalue().encode("utf-8")
