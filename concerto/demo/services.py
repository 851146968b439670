"""Load the demo data: reference lists, organisations, Haren and its detainees, users, activities,
their editions, and the registration cycle (concerto/demo/registrations.py).

Loading is idempotent. Rows are found by their natural keys (codes, names, usernames) and
saved only when a value differs, so a second run writes nothing and adds no history rows.
Activities and editions go through the catalogue services, so the demo obeys the same rules
as the interface; an activity that exists already (same French title and organiser) is left
as people may have changed it during a demonstration.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import models, transaction

from concerto.accounts.models import Membership, Role, User
from concerto.accounts.permissions import Actor, actor_for
from concerto.catalogue import services as catalogue
from concerto.catalogue.models import Activity, ActivityStatus, Edition, Session
from concerto.catalogue.scheduling import aware
from concerto.catalogue.selectors import week_start
from concerto.demo import data
from concerto.demo.activities import ACTIVITIES, ActivityPlan, EditionPlan
from concerto.demo.coverage import demo_coverage, demo_coverage_try_it
from concerto.demo.detainees import demo_detainees
from concerto.demo.evaluation import demo_evaluation, demo_evaluation_try_it
from concerto.demo.feeds import demo_feeds, demo_feeds_try_it
from concerto.demo.privacy import demo_privacy_try_it
from concerto.demo.proposals import demo_proposals, demo_proposals_try_it
from concerto.demo.public import demo_public_try_it
from concerto.demo.registrations import demo_registrations, demo_try_it
from concerto.demo.reports import demo_reports_try_it
from concerto.demo.surveys import demo_surveys, demo_surveys_try_it
from concerto.detainees.models import Detainee
from concerto.organisations.models import Community, Contact, Organisation
from concerto.prisons.models import ActivityWindow, ClosureDay, Prison, Room, Unit
from concerto.prisons.services import PrisonCalendar
from concerto.reference.models import Aim, Category, Language, TargetGroup

ModelT = TypeVar("ModelT", bound=models.Model)

# The moves from draft to each demo status, in order.
STATUS_PATH: dict[str, tuple[str, ...]] = {
    ActivityStatus.DRAFT: (),
    ActivityStatus.PROPOSED: (ActivityStatus.PROPOSED,),
    ActivityStatus.PUBLISHED: (ActivityStatus.PROPOSED, ActivityStatus.PUBLISHED),
    ActivityStatus.ARCHIVED: (ActivityStatus.PROPOSED, ActivityStatus.PUBLISHED, ActivityStatus.ARCHIVED),
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    role: str
    organisation: str


@dataclass
class DemoSummary:
    """What a load created (model verbose name -> count), who can log in and what to try."""

    created: Counter[str] = field(default_factory=Counter)
    logins: list[DemoLogin] = field(default_factory=list)
    password: str = ""
    try_it: list[str] = field(default_factory=list)

    @property
    def created_anything(self) -> bool:
        return sum(self.created.values()) > 0


def _upsert(
    model: type[ModelT],
    lookup: Mapping[str, Any],
    values: Mapping[str, Any],
    summary: DemoSummary,
    *,
    on_create: Mapping[str, Any] | None = None,
) -> ModelT:
    """Find the row by ``lookup``; create it, or save only the fields of ``values`` that differ."""
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values, **(on_create or {}))
        instance.full_clean()
        instance.save()
        summary.created[str(model._meta.verbose_name_plural)] += 1
        return instance
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.full_clean()
        instance.save(update_fields=changed)
    return instance


def _set_m2m(manager: Any, objects: Iterable[models.Model]) -> None:
    """Set a many-to-many relation; Django's ``set`` writes (and records history for) the difference only."""
    manager.set(list(objects))


class DemoLoader:
    """Writes the demo world (reference data, people, offer, history); the benchmark generator builds on it."""

    def __init__(self, *, today: dt.date, password: str) -> None:
        self.monday = week_start(today)
        self.password = password
        self.summary = DemoSummary(password=password)
        self._password_hash = ""
        self._hash_matches: dict[str, bool] = {}
        self.communities: dict[str, Community] = {}
        self.target_groups: dict[str, TargetGroup] = {}
        self.categories: dict[str, Category] = {}
        self.aims: dict[str, Aim] = {}
        self.languages: dict[str, Language] = {}
        self.units: dict[str, Unit] = {}
        self.rooms: dict[str, Room] = {}
        self.organisations: dict[str, Organisation] = {}
        self.users: dict[str, User] = {}

    def upsert(
        self,
        model: type[ModelT],
        lookup: Mapping[str, Any],
        values: Mapping[str, Any],
        *,
        on_create: Mapping[str, Any] | None = None,
    ) -> ModelT:
        return _upsert(model, lookup, values, self.summary, on_create=on_create)

    def week_day(self, week: int, weekday: int) -> dt.date:
        return self.monday + dt.timedelta(weeks=week, days=weekday)

    # --- Reference data ----------------------------------------------------------------------

    def load_reference(self) -> None:
        for position, (code, fr, nl, en) in enumerate(data.COMMUNITIES):
            self.communities[code] = self.upsert(
                Community, {"code": code}, {"name_fr": fr, "name_nl": nl, "name_en": en, "position": position}
            )
        for position, (code, fr, nl, en, dimension, gender) in enumerate(data.TARGET_GROUPS):
            self.target_groups[code] = self.upsert(
                TargetGroup,
                {"code": code},
                {
                    "name_fr": fr,
                    "name_nl": nl,
                    "name_en": en,
                    "position": position,
                    "dimension": dimension,
                    "gender": gender,
                },
            )
        for position, (code, fr, nl, en, children) in enumerate(data.CATEGORIES):
            root = self.upsert(
                Category,
                {"code": code},
                {"name_fr": fr, "name_nl": nl, "name_en": en, "position": position, "parent": None},
            )
            self.categories[code] = root
            for child_position, (child_code, child_fr, child_nl, child_en) in enumerate(children):
                self.categories[child_code] = self.upsert(
                    Category,
                    {"code": child_code},
                    {
                        "name_fr": child_fr,
                        "name_nl": child_nl,
                        "name_en": child_en,
                        "position": child_position,
                        "parent": root,
                    },
                )
        for position, (code, fr, nl, en) in enumerate(data.AIMS):
            self.aims[code] = self.upsert(
                Aim, {"code": code}, {"name_fr": fr, "name_nl": nl, "name_en": en, "position": position}
            )
        for position, (code, fr, nl, en, native, rtl) in enumerate(data.LANGUAGES):
            self.languages[code] = self.upsert(
                Language,
                {"code": code},
                {
                    "name_fr": fr,
                    "name_nl": nl,
                    "name_en": en,
                    "native_name": native,
                    "is_right_to_left": rtl,
                    "position": position,
                },
            )

    # --- The prison ---------------------------------------------------------------------------

    def load_prison(self) -> Prison:
        values = dict(data.PRISON)
        prison = self.upsert(Prison, {"code": values.pop("code")}, values)
        for unit_data in data.UNITS:
            unit = self.upsert(
                Unit,
                {"prison": prison, "code": unit_data.code},
                {
                    "name_fr": unit_data.name_fr,
                    "name_nl": unit_data.name_nl,
                    "name_en": unit_data.name_en,
                    "kind": unit_data.kind,
                    "regime": unit_data.regime,
                    "gender": unit_data.gender,
                },
            )
            _set_m2m(unit.legal_statuses, [self.target_groups[code] for code in unit_data.legal_statuses])
            self.units[unit_data.code] = unit
        for room_data in data.ROOMS:
            self.rooms[room_data.name] = self.upsert(
                Room,
                {"prison": prison, "name": room_data.name},
                {
                    "unit": self.units[room_data.unit] if room_data.unit else None,
                    "capacity": room_data.capacity,
                    "equipment": room_data.equipment,
                },
            )
        for weekday, starts_at, ends_at in data.ACTIVITY_WINDOWS:
            self.upsert(
                ActivityWindow, {"prison": prison, "weekday": weekday, "starts_at": starts_at}, {"ends_at": ends_at}
            )
        for week, weekday, reason in data.CLOSURE_DAYS:
            # Keyed on the reason: loading the demo again in a later week must not add or move closures.
            day = self.week_day(week, weekday)
            if not ClosureDay.objects.filter(prison=prison, reason=reason).exists() and not (
                ClosureDay.objects.filter(prison=prison, date=day).exists()
            ):
                self.upsert(ClosureDay, {"prison": prison, "date": day}, {"reason": reason})
        return prison

    # --- Organisations and people ------------------------------------------------------------

    @staticmethod
    def public_texts(name: str) -> dict[str, str]:
        texts = data.ORGANISATION_TEXTS.get(name)
        if texts is None:
            return {}
        return {
            **{f"description_{code}": text for code, text in zip(("fr", "nl", "en"), texts.description, strict=True)},
            **{f"audience_{code}": text for code, text in zip(("fr", "nl", "en"), texts.audience, strict=True)},
        }

    def load_organisations(self, prison: Prison) -> None:
        for org in data.ORGANISATIONS:
            organisation = self.upsert(
                Organisation,
                {"name": org.name},
                {
                    "acronym": org.acronym,
                    "kind": org.kind,
                    "community": self.communities[org.community] if org.community else None,
                    "accreditation": org.accreditation,
                    "enterprise_number": org.enterprise_number,
                    "email": org.email,
                    "address": org.address,
                    "prison": prison if org.runs_prison else None,
                    **self.public_texts(org.name),
                },
            )
            _set_m2m(organisation.languages, [self.languages[code] for code in org.languages])
            for contact in org.contacts:
                self.upsert(
                    Contact,
                    {"organisation": organisation, "name": contact.name},
                    {"function": contact.function, "email": contact.email},
                )
            self.organisations[org.name] = organisation

    def _password_for(self, user: User | None) -> str:
        """The stored hash to give ``user``, or "" when the demo password already works.

        One hash serves every demo account: hashing is slow on purpose, and these accounts
        share one public password anyway.
        """
        if user is not None and user.password:
            if user.password not in self._hash_matches:
                self._hash_matches[user.password] = check_password(self.password, user.password)
            if self._hash_matches[user.password]:
                return ""
        if not self._password_hash:
            self._password_hash = make_password(self.password)
            self._hash_matches[self._password_hash] = True
        return self._password_hash

    def load_users(self) -> None:
        for person in data.USERS:
            existing = User.objects.filter(username=person.username).first()
            values: dict[str, Any] = {
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": person.email,
                "language": person.language,
                "is_active": True,
                "is_staff": person.is_superuser,
                "is_superuser": person.is_superuser,
            }
            password = self._password_for(existing)
            if existing is not None and password:
                values["password"] = password
            user = self.upsert(
                User,
                {"username": person.username},
                values,
                on_create={"password": password} if existing is None else None,
            )
            organisation = self.organisations[person.organisation]
            membership = self.upsert(
                Membership, {"user": user, "organisation": organisation, "role": person.role}, {"is_active": True}
            )
            self.users[person.username] = user
            self.summary.logins.append(
                DemoLogin(
                    username=person.username,
                    full_name=user.get_full_name(),
                    role=str(Role(membership.role).label),
                    organisation=str(organisation),
                )
            )

    # --- Activities and editions ---------------------------------------------------------------

    def load_activities(self, prison: Prison) -> None:
        admin = self.users["admin"]
        admin.__dict__.pop("_concerto_actor", None)
        actor = actor_for(admin)
        for plan in ACTIVITIES:
            activity = self._activity(actor, plan)
            for edition_plan in plan.editions:
                self._edition(actor, activity, prison, edition_plan)

    def _activity(self, actor: Actor, plan: ActivityPlan) -> Activity:
        organiser = self.organisations[plan.organiser]
        existing = Activity.objects.filter(title_fr=plan.texts["title_fr"], organiser=organiser).first()
        if existing is not None:
            return existing
        contact = Contact.objects.filter(organisation=organiser, name=plan.contact).first() if plan.contact else None
        activity = catalogue.activity_create(
            actor=actor,
            data={
                **plan.texts,
                "organiser": organiser,
                "partners": [self.organisations[name] for name in plan.partners],
                "contact": contact,
                "category": self.categories[plan.category],
                "target_groups": [self.target_groups[code] for code in plan.target_groups],
                "languages": [self.languages[code] for code in plan.languages],
                "aims": [self.aims[code] for code in plan.aims],
                "default_capacity": plan.default_capacity,
            },
        )
        self.summary.created[str(Activity._meta.verbose_name_plural)] += 1
        for status in STATUS_PATH[plan.status]:
            activity = catalogue.activity_change_status(actor=actor, activity=activity, to_status=status)
        return activity

    def _edition(self, actor: Actor, activity: Activity, prison: Prison, plan: EditionPlan) -> None:
        starts_at, ends_at = plan.hours
        if plan.recurrence:
            first_day = self.week_day(plan.first_week, 0)
            last_day = self.week_day(plan.first_week + plan.weeks, 0) - dt.timedelta(days=1)
        else:
            first_day = last_day = self._open_day(prison, self.week_day(plan.first_week, plan.weekday))
        # The same activity, schedule and hours over an overlapping period (or one still to come
        # this week or later): already loaded, maybe in an earlier week. A new edition would
        # double-book its own room and people, or repeat a one-off performance.
        if Edition.objects.filter(
            activity=activity,
            prison=prison,
            recurrence=plan.recurrence,
            session_starts_at=starts_at if plan.recurrence else None,
            starts_on__lte=last_day,
            ends_on__gte=min(first_day, self.monday),
        ).exists():
            return
        edition = catalogue.edition_create(
            actor=actor,
            activity=activity,
            data=catalogue.EditionData(
                prison=prison,
                units=[self.units[code] for code in plan.units],
                starts_on=first_day,
                ends_on=last_day,
                capacity=plan.capacity,
                room=self.rooms[plan.room],
                facilitators=[self.users[username] for username in plan.facilitators],
                recurrence=plan.recurrence,
                session_starts_at=starts_at if plan.recurrence else None,
                session_ends_at=ends_at if plan.recurrence else None,
            ),
            skip_closed_days=True,
        )
        self.summary.created[str(Edition._meta.verbose_name_plural)] += 1
        if not plan.recurrence:
            catalogue.session_add(
                actor=actor,
                edition=edition,
                starts_at=aware(first_day, starts_at),
                ends_at=aware(first_day, ends_at),
            )
        self.summary.created[str(Session._meta.verbose_name_plural)] += edition.sessions.count()

    @staticmethod
    def _open_day(prison: Prison, day: dt.date) -> dt.date:
        """``day``, or the same weekday of a later week when the prison is closed that day."""
        calendar = PrisonCalendar(prison)
        while calendar.closure_reason(day):
            day += dt.timedelta(weeks=1)
        return day


@transaction.atomic
def demo_load(*, today: dt.date, password: str | None = None) -> DemoSummary:
    """Load (or complete) the demo data around ``today``; running it again changes nothing.

    Editions start on the Monday of ``today``'s week (one began two weeks earlier). The demo
    detainees come with the prison; applications, attendance, a dropout and a finished edition
    with certificates follow the activities (concerto/demo/registrations.py, only when ``today``
    is the real date). Fails with ValidationError if the data break a rule of the catalogue,
    registrations or attendance services (e.g. a room double booking), and then writes nothing.
    """
    loader = DemoLoader(today=today, password=password or settings.CONCERTO_DEMO_PASSWORD)
    loader.load_reference()
    prison = loader.load_prison()
    loader.summary.created[str(Detainee._meta.verbose_name_plural)] += demo_detainees(prison)
    loader.load_organisations(prison)
    loader.load_users()
    loader.load_activities(prison)
    # A second theatre offer for the same people: an overlap for the coverage analysis (concerto/demo/coverage.py).
    demo_coverage(loader, prison)
    # A cancelled session of the theatre workshop, for Haren's calendar feed (concerto/demo/feeds.py).
    demo_feeds(prison=prison, today=today)
    loader.summary.created.update(demo_registrations(prison=prison, today=today))
    loader.summary.try_it = demo_try_it(prison=prison, today=today)
    # The needs survey: questionnaire in fr/nl/ar, campaign and 25 forms (concerto/demo/surveys.py).
    loader.summary.created.update(demo_surveys(prison=prison, today=today))
    loader.summary.try_it += demo_surveys_try_it()
    # The evaluation of finished editions and the loop to the next one (concerto/demo/evaluation.py).
    loader.summary.created.update(demo_evaluation(prison=prison, today=today))
    loader.summary.try_it += demo_evaluation_try_it(prison=prison, today=today)
    # A proposal drafted from a gap, open for comments (concerto/demo/proposals.py).
    loader.summary.created.update(demo_proposals(prison=prison))
    loader.summary.try_it += demo_proposals_try_it()
    loader.summary.try_it += demo_coverage_try_it()
    loader.summary.try_it += demo_reports_try_it(today=today)
    loader.summary.try_it += demo_feeds_try_it(prison=prison, today=today)
    loader.summary.try_it += demo_public_try_it()
    loader.summary.try_it += demo_privacy_try_it(prison=prison)
    return loader.summary
