"""The home page of each role: bounded blocks of work to do, read from the apps' own selectors.

Every block shows its first items (``BLOCK_SIZE``), the total count and, where one exists, a
link to the whole list; each item links straight to the action (screen the application, enter
the attendance, hold the interview...). A user with several roles sees each role's section.
Every read is scoped by the ``Actor`` through the apps' selectors; the number of queries does
not grow with the number of rows (``tests/test_query_budgets.py``).

Selectors do not log: ``HomePage.people_shown`` tells the view whom the page names, per
purpose, and the view records the access.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from concerto.accounts.permissions import Actor
from concerto.attendance import selectors as attendance
from concerto.catalogue.selectors import Dashboard, dashboard_for
from concerto.core.translation import localised
from concerto.coverage import selectors as coverage
from concerto.coverage.analysis import describe
from concerto.detainees import selectors as detainees
from concerto.detainees.models import ImportStatus
from concerto.evaluation import selectors as evaluation
from concerto.organisations.models import Organisation
from concerto.privacy.models import AccessPurpose
from concerto.proposals import selectors as proposals
from concerto.registrations import selectors as registrations
from concerto.registrations.models import Application

# How many items a block shows before "see all".
BLOCK_SIZE = 5


@dataclass
class Item:
    """One thing to do: a link to the page where it is done, and what to know before going."""

    text: str
    url: str
    detail: str = ""
    when: dt.datetime | None = None  # shown before the text, day and time
    day: dt.date | None = None  # shown before the text, day only


@dataclass
class Block:
    key: str  # a stable name (HTML id, tests)
    title: str
    empty: str  # the one line shown when there is nothing: users learn where things appear
    items: list[Item]
    total: int
    all_url: str = ""
    all_label: str = ""
    counted: bool = True  # False: the items are not things to do (the days of the movement lists)

    @property
    def more(self) -> int:
        return max(self.total - len(self.items), 0)


@dataclass
class Section:
    """One role's blocks (service staff, prison staff, facilitator, coordination)."""

    key: str
    title: str
    blocks: list[Block]
    note: str = ""


@dataclass
class HomePage:
    today: dt.date
    sections: list[Section]
    overview: Dashboard | None  # the week's overview: coordination, and users without a task role
    people_shown: dict[str, set[int]] = field(default_factory=dict)  # purpose -> detainee ids named


# --- Shared helpers -----------------------------------------------------------------------------


def _first(queryset: QuerySet[Any]) -> tuple[list[Any], int]:
    """The first items and the total: two queries whatever the number of rows."""
    return list(queryset[:BLOCK_SIZE]), queryset.count()


def _title(activity: Any) -> str:
    return localised(activity, "title").text


def _organisations(ids: frozenset[int]) -> str:
    names = Organisation.objects.filter(pk__in=ids).order_by("name").values_list("acronym", "name")
    return ", ".join(acronym or name for acronym, name in names)


def _shown(page: HomePage, purpose: str, applications: list[Application]) -> None:
    page.people_shown.setdefault(purpose, set()).update(a.detainee_id for a in applications)


# --- Service staff ------------------------------------------------------------------------------


def _to_screen(actor: Actor, page: HomePage) -> Block:
    applications, total = _first(registrations.applications_to_screen(actor=actor))
    _shown(page, AccessPurpose.REGISTRATION, applications)
    return Block(
        key="to-screen",
        title=_("Applications to screen"),
        empty=_("Nothing to screen."),
        items=[
            Item(
                text=a.detainee.identity,
                url=reverse("registrations:application_detail", args=[a.pk]),
                detail=_("%(activity)s · %(status)s since %(day)s")
                % {
                    "activity": _title(a.edition.activity),
                    "status": a.get_status_display(),
                    "day": date_format(a.applied_on, "SHORT_DATE_FORMAT"),
                },
            )
            for a in applications
        ],
        total=total,
    )


def _offers(actor: Actor, page: HomePage) -> Block:
    applications, total = _first(registrations.offers_expiring(actor=actor))
    _shown(page, AccessPurpose.REGISTRATION, applications)
    now = timezone.now()
    items = []
    for a in applications:
        deadline = timezone.localtime(a.offer_expires_at) if a.offer_expires_at else None
        if deadline is None:
            answer = ""
        elif deadline < now:
            answer = _("answer was due %(when)s") % {"when": date_format(deadline, "d/m H:i")}
        else:
            answer = _("answer by %(when)s") % {"when": date_format(deadline, "d/m H:i")}
        items.append(
            Item(
                text=a.detainee.identity,
                url=reverse("registrations:application_detail", args=[a.pk]),
                detail=" · ".join(part for part in (_title(a.edition.activity), answer) if part),
            )
        )
    return Block(
        key="offers",
        title=_("Offers about to expire"),
        empty=_("No offer expires in the next two days."),
        items=items,
        total=total,
    )


def _waiting_lists(actor: Actor) -> Block:
    editions, total = _first(registrations.waiting_lists_that_can_move(actor=actor))
    return Block(
        key="waiting-lists",
        title=_("Waiting lists that can move"),
        empty=_("No waiting list can move: no free place where people wait."),
        items=[
            Item(
                text=f"{_title(e.activity)} · {e.prison}",
                url=reverse("registrations:edition", args=[e.pk]),
                detail=ngettext("%(count)d waiting", "%(count)d waiting", e.waiting) % {"count": e.waiting}
                + " · "
                + ngettext("%(count)d place free", "%(count)d places free", e.places_free) % {"count": e.places_free},
            )
            for e in editions
        ],
        total=total,
    )


def _attendance_to_enter(actor: Actor, page: HomePage) -> Block:
    sessions, total = _first(attendance.sessions_awaiting_attendance(actor=actor, start=page.today, days=2))
    return Block(
        key="attendance",
        title=_("Attendance to enter, today and tomorrow"),
        empty=_("No attendance to enter today or tomorrow."),
        items=[
            Item(
                when=timezone.localtime(s.starts_at),
                text=_title(s.edition.activity),
                url=reverse("attendance:session_sheet", args=[s.pk]),
                detail=ngettext("%(count)d person to record", "%(count)d people to record", s.not_recorded)
                % {"count": s.not_recorded},
            )
            for s in sessions
        ],
        total=total,
        all_url=reverse("catalogue:calendar_index"),
        all_label=_("Calendar"),
    )


def _dropouts(actor: Actor, page: HomePage) -> Block:
    applications, total = _first(attendance.dropouts_without_interview(actor=actor))
    _shown(page, AccessPurpose.FOLLOW_UP, applications)
    return Block(
        key="dropouts",
        title=_("Dropouts without an interview"),
        empty=_("Every dropout had a feedback interview."),
        items=[
            Item(
                text=a.detainee.identity,
                url=reverse("attendance:interview", args=[a.pk]),
                detail=" · ".join(
                    part for part in (_title(a.edition.activity), a.get_status_display(), _planned(a)) if part
                ),
            )
            for a in applications
        ],
        total=total,
    )


def _planned(application: Application) -> str:
    interview = getattr(application, "feedback_interview", None)
    if interview is None:
        return ""
    if interview.planned_on:
        return _("interview planned on %(day)s") % {"day": date_format(interview.planned_on, "SHORT_DATE_FORMAT")}
    return _("interview planned")


def _notices(actor: Actor) -> Block:
    notices, total = _first(attendance.notices_for(actor=actor, unread_only=True))
    language = translation.get_language() or "fr"
    listing = reverse("attendance:notice_list")
    return Block(
        key="notices",
        title=_("Unread notices"),
        empty=_("No unread notice."),
        items=[
            Item(
                when=timezone.localtime(n.created_at),
                text=n.message,
                # Links are stored with the language of the moment; open them in the reader's.
                url=translate_url(n.link, language) if n.link else listing,
                detail=n.organisation.acronym or n.organisation.name,
            )
            for n in notices
        ],
        total=total,
        all_url=listing,
        all_label=_("All notices"),
    )


def _imports(actor: Actor) -> Block:
    imports, total = _first(detainees.imports_needing_attention(actor=actor))
    items = []
    for found in imports:
        status = found.get_status_display()
        if found.status in (ImportStatus.VALIDATING, ImportStatus.APPLYING):
            status = _("stalled: its background work stopped")
        items.append(
            Item(
                when=timezone.localtime(found.created_at),
                text=f"{found.file_name} · {found.prison}",
                url=reverse("detainees:import_detail", args=[found.pk]),
                detail=str(status),
            )
        )
    return Block(
        key="imports",
        title=_("Imports of the prison's list to look at"),
        empty=_("No import of the prison's list waits for you."),
        items=items,
        total=total,
        all_url=reverse("detainees:import_list"),
        all_label=_("All imports"),
    )


def service_section(actor: Actor, page: HomePage) -> Section:
    blocks = [
        _to_screen(actor, page),
        _offers(actor, page),
        _waiting_lists(actor),
        _attendance_to_enter(actor, page),
        _dropouts(actor, page),
        _notices(actor),
    ]
    if actor.managed_organisation_ids:  # only managers import their prisons' lists
        blocks.append(_imports(actor))
    return Section(
        key="service",
        title=_("Your service's work: %(organisations)s")
        % {"organisations": _organisations(actor.service_organisation_ids)},
        blocks=blocks,
    )


# --- Prison staff -------------------------------------------------------------------------------


def _movements(actor: Actor, page: HomePage) -> Block:
    days = attendance.movement_days(actor=actor, start=page.today, days=2)
    listing = reverse("attendance:movement_list")
    items = []
    for found in days:
        when = _("Today") if found.day == page.today else _("Tomorrow")
        if found.sessions:
            detail = (
                ngettext("%(count)d session", "%(count)d sessions", found.sessions) % {"count": found.sessions}
                + " · "
                + ngettext("%(count)d person to move", "%(count)d people to move", found.people)
                % {"count": found.people}
            )
        else:
            detail = _("no session")
        prison = f" · {found.prison}" if len(actor.staff_prison_ids) > 1 else ""
        items.append(
            Item(
                text=f"{when}, {date_format(found.day, 'l d/m')}{prison}",
                url=f"{listing}?{urlencode({'prison': found.prison.pk, 'day': found.day.isoformat()})}",
                detail=detail,
            )
        )
    return Block(
        key="movements",
        title=_("Movements today and tomorrow"),
        empty=_("No prison's movements to show."),
        items=items,
        total=len(items),
        all_url=listing,
        all_label=_("Movement lists"),
        counted=False,
    )


def _requests(actor: Actor, page: HomePage) -> Block:
    requests, total = _first(registrations.prison_requests_waiting(actor=actor))
    _shown(page, AccessPurpose.PRISON_LISTS, [r.application for r in requests])
    return Block(
        key="requests",
        title=_("Requests waiting for the prison"),
        empty=_("No request waits for an answer from the prison."),
        items=[
            Item(
                text=r.application.detainee.identity,
                url=reverse("detainees:detainee_detail", args=[r.application.detainee_id]),
                detail=_("%(kind)s · %(activity)s · asked on %(day)s")
                % {
                    "kind": r.get_kind_display(),
                    "activity": _title(r.application.edition.activity),
                    "day": date_format(r.requested_on, "SHORT_DATE_FORMAT"),
                },
            )
            for r in requests
        ],
        total=total,
        all_url=reverse("inbox:prison"),
        all_label=_("Answer them in the prison inbox"),
    )


def _cancelled_today(actor: Actor, page: HomePage) -> Block:
    sessions, total = _first(attendance.sessions_cancelled_on(actor=actor, day=page.today))
    return Block(
        key="cancelled",
        title=_("Sessions cancelled today"),
        empty=_("No session was cancelled today."),
        items=[
            Item(
                when=timezone.localtime(s.starts_at),
                text=_title(s.edition.activity),
                url=reverse("catalogue:edition_detail", args=[s.edition_id]),
                detail=" · ".join(part for part in (s.room.name if s.room_id else "", s.change_reason) if part),
            )
            for s in sessions
        ],
        total=total,
    )


def prison_section(actor: Actor, page: HomePage) -> Section:
    blocks = [_movements(actor, page), _requests(actor, page), _cancelled_today(actor, page)]
    if not actor.managed_organisation_ids:  # a manager sees the imports in the service's section
        blocks.append(_imports(actor))
    return Section(key="prison", title=_("For the prison"), blocks=blocks)


# --- Partner facilitators -----------------------------------------------------------------------


def _next_sessions(actor: Actor) -> Block:
    sessions, total = _first(attendance.facilitated_sessions(actor=actor, since=timezone.now()))
    return Block(
        key="next-sessions",
        title=_("My next sessions"),
        empty=_("No session planned for you."),
        items=[
            Item(
                when=timezone.localtime(s.starts_at),
                text=_title(s.edition.activity),
                url=reverse("attendance:session_sheet", args=[s.pk]),
                detail=" · ".join(str(part) for part in (s.edition.prison, s.room.name if s.room_id else "") if part),
            )
            for s in sessions
        ],
        total=total,
        all_url=reverse("catalogue:calendar_index"),
        all_label=_("Calendar"),
    )


def _participant_lists(actor: Actor, page: HomePage) -> Block:
    editions, total = _first(attendance.facilitated_participant_lists(actor=actor, today=page.today))
    items = []
    for e in editions:
        if e.next_session_id:
            url = reverse("attendance:participant_list", args=[e.next_session_id])
        else:
            url = reverse("catalogue:edition_detail", args=[e.pk])
        items.append(
            Item(
                text=f"{_title(e.activity)} · {e.prison}",
                url=url,
                detail=ngettext("%(count)d participant", "%(count)d participants", e.participants)
                % {"count": e.participants},
            )
        )
    return Block(
        key="participant-lists",
        title=_("My participant lists"),
        empty=_("No group of yours runs now."),
        items=items,
        total=total,
    )


def _reports(actor: Actor, page: HomePage) -> Block:
    editions, total = _first(evaluation.reports_to_write(actor=actor, today=page.today))
    return Block(
        key="reports",
        title=_("My reports to write"),
        empty=_("No report to write."),
        items=[
            Item(
                text=f"{_title(e.activity)} · {e.prison}",
                url=reverse("evaluation:report", args=[e.pk]),
                detail=_("ended on %(day)s") % {"day": date_format(e.ends_on, "SHORT_DATE_FORMAT")},
            )
            for e in editions
        ],
        total=total,
    )


def facilitator_section(actor: Actor, page: HomePage) -> Section:
    return Section(
        key="facilitator",
        title=_("The groups you facilitate"),
        blocks=[_next_sessions(actor), _participant_lists(actor, page), _reports(actor, page)],
    )


# --- Coordination -------------------------------------------------------------------------------


def _proposals(actor: Actor) -> Block:
    waiting, total = _first(proposals.proposals_awaiting_decision(actor=actor))
    listing = reverse("proposals:list")
    return Block(
        key="proposals",
        title=_("Proposals waiting for a decision"),
        empty=_("No proposal waits for a decision."),
        items=[
            Item(
                text=str(p),
                url=reverse("proposals:detail", args=[p.pk]),
                detail=f"{p.organisation.acronym or p.organisation.name} · {p.prison} · "
                + ngettext("%(count)d comment", "%(count)d comments", p.comment_count) % {"count": p.comment_count},
            )
            for p in waiting
        ],
        total=total,
        all_url=f"{listing}?{urlencode({'status': 'open'})}",
        all_label=_("All open proposals"),
    )


def _coverage_alerts(actor: Actor) -> Block:
    analysis, alerts = coverage.coverage_alerts(actor=actor)
    overview = reverse("coverage:overview")
    return Block(
        key="coverage",
        title=_("Coverage alerts this quarter"),
        empty=_("No serious gap in the offer this quarter."),
        items=[
            Item(
                text=describe(finding, analysis),
                url=f"{overview}?{urlencode({'prison': finding.prison_id})}",
                detail=finding.kind_label,  # the sentence names the prison already
            )
            for finding in alerts[:BLOCK_SIZE]
        ],
        total=len(alerts),
        all_url=overview,
        all_label=_("Coverage of the whole offer"),
    )


def coordination_section(actor: Actor) -> Section:
    return Section(key="coordination", title=_("Coordination"), blocks=[_proposals(actor), _coverage_alerts(actor)])


# --- The page -----------------------------------------------------------------------------------


def home_for(*, actor: Actor, today: dt.date | None = None) -> HomePage:
    """Each role's section of ``actor``'s home page, in a fixed order; the week's overview for coordination."""
    page = HomePage(today=today or timezone.localdate(), sections=[], overview=None)
    coordinates = actor.is_coordinator or actor.is_admin
    if coordinates:
        page.sections.append(coordination_section(actor))
    if actor.is_service_staff:
        page.sections.append(service_section(actor, page))
    if actor.is_prison_staff:
        page.sections.append(prison_section(actor, page))
    if actor.is_partner_facilitator:
        page.sections.append(facilitator_section(actor, page))
    if coordinates or not page.sections:
        page.overview = dashboard_for(actor=actor, today=page.today)
    return page
