"""Generated data at scale for the benchmark: deterministic from a seed, written in bulk.

``generate(scale=..., seed=..., today=...)`` fills an empty database with years of history:
prisons, units and rooms, organisations and their staff, activities, editions with their
sessions, detainees, applications in realistic status mixes (waiting lists and refusals
included), attendance of the sessions held, feedback interviews after dropouts, and needs
surveys with their answers. One ``random.Random(seed)`` draws everything in a fixed order,
so the same seed and day give the same rows.

Reference data (target groups, categories, languages), the prison of Haren and the real
organisations come from the demo (``concerto.demo``); everything else is made up. Big tables
go through ``writer.Writer`` (PostgreSQL ``COPY``), with ids chosen here. Sessions are written
directly, as the recurrence service would make them: weekly on one weekday between the first
and last day, minus Belgian public holidays and the prison's closure days (kept in
``excluded_dates``), inside the activity windows, without double-booking a room or a
facilitator.

The last week's sessions are held but their attendance is not entered yet, so there is
always a sheet to fill in. The bench users (``BENCH_LOGINS``) share ``BENCH_PASSWORD``.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import holidays
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import DatabaseError, connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from concerto.accounts.models import Membership, Role, User
from concerto.attendance.models import AbsenceReason, Attendance, FeedbackInterview
from concerto.bench import vocabulary as words
from concerto.bench.models import GeneratedData
from concerto.bench.writer import Writer
from concerto.catalogue.models import Activity, ActivityStatus, Edition, Session
from concerto.catalogue.scheduling import WEEKDAY_CODES, aware
from concerto.demo import data as demo
from concerto.demo.services import DemoLoader
from concerto.detainees.models import Detainee
from concerto.organisations.models import Organisation
from concerto.prisons.models import ActivityWindow, ClosureDay, Prison, Room, Unit
from concerto.reference.models import Category, Language, TargetGroup
from concerto.registrations.models import Application, RefusalReason
from concerto.surveys import models as surveys

GENERATOR_VERSION = 1
BENCH_PASSWORD = "concerto-bench"  # noqa: S105 - public, like the demo password; bench databases only
# Who the benchmark logs in as: role -> username.
BENCH_LOGINS = {
    "coordinator": "bench-coordinator",
    "administrator": "bench-admin",
    "manager": "bench-manager",
    "worker": "bench-worker",
    "prison_staff": "bench-prison",
    "facilitator": "bench-facilitator",
}
BENCH_ORGANISATION = demo.APO  # the service whose manager and worker the benchmark uses
BENCH_PARTNER = demo.THEATRE_COMPANY
# Attendance is entered for sessions held more than this long ago; later ones wait for it.
NOT_YET_RECORDED = dt.timedelta(days=7)
FUTURE_DAYS = 90  # editions are planned this far ahead
RETENTION_DAYS = 730  # people gone longer than this are anonymised (CONCERTO_RETENTION_MONTHS = 24)
MORNING = (dt.time(9, 0), dt.time(11, 30))
AFTERNOON = (dt.time(14, 0), dt.time(16, 30))


@dataclass(frozen=True)
class Scale:
    name: str
    prisons: int
    units_per_prison: int  # generated prisons; Haren keeps its six units
    detainees_per_year: int  # arrivals, all prisons together
    organisations: int  # besides prison administrations
    editions_per_year: int
    years: int
    responses_per_prison_year: int  # needs survey forms per prison and year (Haren: three times more)
    postgres_only: bool = False


SCALES: dict[str, Scale] = {
    "tiny": Scale("tiny", 1, 6, 90, 13, 12, 1, 12),
    "brussels": Scale("brussels", 1, 6, 1_200, 40, 150, 5, 120),
    "belgium": Scale("belgium", 35, 6, 11_000, 250, 1_000, 5, 60),
    "europe": Scale("europe", 300, 6, 100_000, 2_000, 20_000, 5, 60, postgres_only=True),
}


class GeneratorRefused(Exception):
    """The database holds other data; nothing was written."""


@dataclass
class Step:
    name: str
    seconds: float
    rows: dict[str, int]


@dataclass
class Report:
    scale: str
    seed: int
    today: dt.date
    steps: list[Step] = field(default_factory=list)
    already_there: bool = False

    @property
    def seconds(self) -> float:
        return sum(step.seconds for step in self.steps)

    @property
    def rows(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for step in self.steps:
            total.update(step.rows)
        return dict(total)


# --- Guard ---------------------------------------------------------------------------------


def existing_dataset() -> GeneratedData | None:
    return GeneratedData.objects.order_by("-pk").first()


def check_database(*, scale: Scale, seed: int, flush: bool) -> GeneratedData | None:
    """The matching dataset if already generated; refuses other data unless ``flush``, which empties the database."""
    existing = existing_dataset()
    if existing is not None and (existing.scale, existing.seed, existing.version) == (
        scale.name,
        seed,
        GENERATOR_VERSION,
    ):
        return existing
    holds_data = existing is not None or Detainee.objects.exists() or Activity.objects.exists()
    if holds_data and not flush:
        what = (
            f"generated data ({existing.scale}, seed {existing.seed}, version {existing.version})"
            if existing is not None
            else "data that were not generated"
        )
        raise GeneratorRefused(f"The database already holds {what}. Use --flush to empty it first.")
    if holds_data:
        call_command("flush", interactive=False, verbosity=0)
    return None


# --- People and places --------------------------------------------------------------------


@dataclass
class UnitInfo:
    pk: int
    code: str
    name: str
    gender: str
    statuses: tuple[str, ...]


@dataclass
class PrisonInfo:
    pk: int
    index: int
    weight: float
    units: list[UnitInfo]
    rooms: list[tuple[int, int, int | None]]  # (id, capacity, unit id)
    closed: set[dt.date]
    organisations: list[int] = field(default_factory=list)  # organisers active here
    organisation_weights: list[float] = field(default_factory=list)


@dataclass
class OrgInfo:
    pk: int
    rank: int
    managers: list[int]
    workers: list[int]
    activities: list[int] = field(default_factory=list)
    editions: int = 0


@dataclass
class ActivityInfo:
    pk: int
    organiser: int
    women: bool
    partner_facilitator: int | None


@dataclass
class DetaineeInfo:
    pk: int
    unit: int
    arrived: int  # date ordinals
    left: int | None


class Generator:
    def __init__(
        self,
        *,
        scale: Scale,
        seed: int,
        today: dt.date,
        progress: Callable[[str], None] | None = None,
        batch: int | None = None,
    ) -> None:
        self.scale = scale
        self.seed = seed
        self.rng = random.Random(seed)  # noqa: S311 - made-up data, not security
        self.today = today
        self.now = aware(today, dt.time(12, 0))
        self.progress = progress or (lambda message: None)
        self.writer = Writer(batch=batch) if batch else Writer()
        self.report = Report(scale=scale.name, seed=seed, today=today)
        self.first_day = dt.date(today.year - scale.years, today.month, 1)
        years = range(self.first_day.year - 2, today.year + 2)
        self.public_holidays = set(holidays.country_holidays("BE", years=years))
        self.password = make_password(BENCH_PASSWORD)
        self.prisons: list[PrisonInfo] = []
        self.organisations: dict[int, OrgInfo] = {}
        self.coordination_id = 0
        self.coordinator_id = 0
        self.partners: list[tuple[int, int]] = []  # (organisation id, facilitator user id)
        self.activities: list[ActivityInfo] = []
        self.present: dict[tuple[int, int], list[int]] = {}  # (prison index, month) -> detainee indices
        self.detainees: list[DetaineeInfo] = []
        self.next_ids: dict[type[models.Model], int] = {}
        self.target_groups: dict[str, int] = {}
        self.categories: list[int] = []
        self.category_codes: dict[int, str] = {}
        self.languages: dict[str, int] = {}
        self.aims: list[int] = []
        self.absence_reasons: list[tuple[int, bool]] = []
        self.refusal_reasons: list[int] = []

    # --- helpers ---------------------------------------------------------------------------

    def next_id(self, model: type[models.Model]) -> int:
        if model not in self.next_ids:
            self.next_ids[model] = (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1
        value = self.next_ids[model]
        self.next_ids[model] = value + 1
        return value

    def step(self, name: str, action: Callable[[], dict[str, int]]) -> None:
        self.progress(f"{name}…")
        started = time.perf_counter()
        if connection.vendor == "postgresql":
            rows = action()
        else:
            with transaction.atomic():  # one commit per step: SQLite is much faster so
                rows = action()
        seconds = time.perf_counter() - started
        self.report.steps.append(Step(name, seconds, rows))
        self.progress(f"{name}: {seconds:.1f} s, " + ", ".join(f"{n:,} {k}" for k, n in rows.items() if n))

    def weighted(self, weights: Sequence[float]) -> int:
        return self.rng.choices(range(len(weights)), weights=weights)[0]

    # --- run -------------------------------------------------------------------------------

    def run(self) -> Report:
        self._fast_postgres(True)
        try:
            self.step("reference data, Haren and the real organisations", self.reference)
            self.step("prisons, units and rooms", self.places)
            self.step("organisations, users and memberships", self.people)
            self.step("detainees", self.detainees_step)
            self.step("activities, editions, sessions, applications, attendance, interviews", self.offer)
            self.step("needs surveys and their answers", self.surveys_step)
            self.step("statuses, sequences and statistics", self.finish)
        finally:
            self._fast_postgres(False)
        GeneratedData.objects.create(
            scale=self.scale.name,
            seed=self.seed,
            version=GENERATOR_VERSION,
            today=self.today,
            seconds=round(self.report.seconds, 1),
            rows=self.report.rows,
        )
        return self.report

    def _fast_postgres(self, on: bool) -> None:
        """Skip the per-row foreign key triggers (the rows are consistent by construction) when allowed."""
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = " + ("off" if on else "on"))
            try:
                with transaction.atomic():  # a savepoint: a refusal must not spoil an outer transaction
                    cursor.execute("SET session_replication_role = " + ("replica" if on else "origin"))
            except DatabaseError:
                # Not a superuser: the triggers run, which is slower but just as correct.
                self.progress("(foreign keys checked row by row: the database user is not a superuser)")

    # --- steps -----------------------------------------------------------------------------

    def reference(self) -> dict[str, int]:
        loader = DemoLoader(today=self.today, password=BENCH_PASSWORD)
        loader.load_reference()
        haren = loader.load_prison()
        loader.load_organisations(haren)
        for code, (fr, nl, en, excused) in {
            "medical": ("Raison médicale", "Medische reden", "Medical", True),
            "court_hearing": ("Audience au tribunal", "Zitting in de rechtbank", "Court hearing", True),
            "other": ("Autre", "Andere", "Other", False),
        }.items():
            AbsenceReason.objects.get_or_create(
                code=code, defaults={"name_fr": fr, "name_nl": nl, "name_en": en, "is_excused": excused}
            )
        for code, (fr, nl, en) in {
            "criteria": ("Ne répond pas aux critères", "Voldoet niet aan de criteria", "Does not meet the criteria"),
            "no-place": ("Plus de place", "Geen plaats meer", "No place left"),
        }.items():
            RefusalReason.objects.get_or_create(code=code, defaults={"name_fr": fr, "name_nl": nl, "name_en": en})
        self.target_groups = dict(TargetGroup.objects.values_list("code", "pk"))
        subcategories = Category.objects.filter(parent__isnull=False).order_by("pk")
        self.categories = [category.pk for category in subcategories]
        self.category_codes = {category.pk: category.code for category in subcategories}
        self.languages = dict(Language.objects.values_list("code", "pk"))
        self.aims = sorted(loader.aims[code].pk for code in loader.aims)
        self.absence_reasons = list(AbsenceReason.objects.order_by("position", "pk").values_list("pk", "is_excused"))
        self.refusal_reasons = list(RefusalReason.objects.order_by("position", "pk").values_list("pk", flat=True))
        return {"real organisations": Organisation.objects.count()}

    def places(self) -> dict[str, int]:
        haren = Prison.objects.get(code=demo.PRISON["code"])
        self.prisons.append(self._prison_info(haren, 0, 3.0 if self.scale.prisons > 1 else 1.0))
        names = list(words.BELGIAN_PRISONS)
        created_units = created_rooms = 0
        for index in range(1, self.scale.prisons):
            name = (
                names[index - 1] if index - 1 < len(names) else f"{words.PLACES[index % len(words.PLACES)]} {index:03d}"
            )
            prison = Prison.objects.create(
                code=f"p{index:03d}",
                name_fr=f"Prison de {name}",
                name_nl=f"Gevangenis van {name}",
                name_en=f"{name} prison",
            )
            ActivityWindow.objects.bulk_create(
                ActivityWindow(prison=prison, weekday=weekday, starts_at=start, ends_at=end)
                for weekday in range(5)
                for start, end in ((dt.time(8, 30), dt.time(12, 0)), (dt.time(13, 30), dt.time(17, 0)))
            )
            templates = words.UNIT_TEMPLATES[: self.scale.units_per_prison]
            units = Unit.objects.bulk_create(
                Unit(
                    prison=prison,
                    code=code,
                    name_fr=fr,
                    name_nl=nl,
                    name_en=en,
                    kind=kind,
                    regime=regime,
                    gender=gender,
                )
                for code, fr, nl, en, kind, regime, gender, _statuses in templates
            )
            through = Unit.legal_statuses.through
            through.objects.bulk_create(
                through(unit_id=unit.pk, targetgroup_id=self.target_groups[status])
                for unit, template in zip(units, templates, strict=True)
                for status in template[7]
            )
            rooms = [Room(prison=prison, name=room, capacity=capacity) for room, capacity in words.SHARED_ROOMS]
            rooms += [Room(prison=prison, unit=unit, name=f"Local {unit.name_fr}", capacity=8) for unit in units]
            Room.objects.bulk_create(rooms)
            created_units += len(units)
            created_rooms += len(rooms)
            self.prisons.append(self._prison_info(prison, index, self.rng.uniform(0.4, 1.6)))
        return {"prisons": len(self.prisons), "units": created_units, "rooms": created_rooms}

    def _prison_info(self, prison: Prison, index: int, weight: float) -> PrisonInfo:
        units = [
            UnitInfo(
                unit.pk,
                unit.code,
                unit.name_fr,
                unit.gender,
                tuple(sorted(group.code for group in unit.legal_statuses.all())),
            )
            for unit in prison.units.order_by("pk").prefetch_related("legal_statuses")
        ]
        rooms: list[tuple[int, int, int | None]] = list(
            prison.rooms.order_by("pk").values_list("pk", "capacity", "unit_id")
        )
        closed = set(ClosureDay.objects.filter(prison=prison).values_list("date", flat=True))
        return PrisonInfo(prison.pk, index, weight, units, rooms, closed)

    def people(self) -> dict[str, int]:
        existing = list(Organisation.objects.order_by("pk"))
        kinds = Organisation.Kind
        generated = []
        cities = [*words.BELGIAN_PRISONS, *words.PLACES]
        extra = self.scale.organisations - sum(1 for o in existing if o.kind != kinds.PRISON_ADMINISTRATION)
        for number in range(max(extra, 0)):
            kind = self.rng.choices(
                [kinds.JUSTICE_AID_SERVICE, kinds.EDUCATION_CENTRE, kinds.PARTNER, kinds.OTHER], weights=[5, 2, 3, 1]
            )[0]
            label = {
                kinds.JUSTICE_AID_SERVICE: "Service d'aide aux justiciables",
                kinds.EDUCATION_CENTRE: "Centre de formation",
                kinds.PARTNER: "Association partenaire",
                kinds.OTHER: "Asbl",
            }[kind]
            city = cities[number % len(cities)]
            generated.append(Organisation(name=f"{label} {city} {number + 1:04d}", acronym=f"O{number + 1}", kind=kind))
        administrations = [
            Organisation(
                name=f"Direction de la prison {prison.pk} (bench)",
                kind=kinds.PRISON_ADMINISTRATION,
                prison_id=prison.pk,
            )
            for prison in self.prisons[1:]
        ]
        Organisation.objects.bulk_create(generated + administrations)
        organisations = list(Organisation.objects.order_by("pk"))
        users: list[User] = []
        memberships: list[tuple[int, int, str]] = []  # (user index, organisation id, role)

        def person(username: str, organisation: Organisation, role: str) -> int:
            gender = self.rng.random() < 0.5
            users.append(
                User(
                    username=username,
                    first_name=self.rng.choice(words.WOMEN if gender else words.MEN),
                    last_name=self.rng.choice(words.SURNAMES),
                    password=self.password,
                    language=self.rng.choice(["fr", "fr", "nl", "en"]),
                )
            )
            memberships.append((len(users) - 1, organisation.pk, role))
            return len(users) - 1

        roles: dict[int, tuple[list[int], list[int]]] = {}
        bench_names = set(BENCH_LOGINS.values())
        organisers = []
        for organisation in organisations:
            base = f"u{organisation.pk}"
            if organisation.kind in (kinds.JUSTICE_AID_SERVICE, kinds.EDUCATION_CENTRE, kinds.OTHER):
                bench = organisation.name == BENCH_ORGANISATION
                managers = [
                    person(BENCH_LOGINS["manager"] if bench else f"{base}-manager", organisation, Role.SERVICE_MANAGER)
                ]
                workers = [
                    person(
                        BENCH_LOGINS["worker"] if bench and n == 0 else f"{base}-worker{n}",
                        organisation,
                        Role.SERVICE_WORKER,
                    )
                    for n in range(2)
                ]
                roles[organisation.pk] = (managers, workers)
                organisers.append(organisation)
            elif organisation.kind == kinds.PARTNER:
                bench = organisation.name == BENCH_PARTNER
                username = BENCH_LOGINS["facilitator"] if bench else f"{base}-facilitator"
                self.partners.append((organisation.pk, person(username, organisation, Role.PARTNER_FACILITATOR)))
            elif organisation.kind == kinds.COORDINATION_BODY:
                if not self.coordination_id:
                    self.coordination_id = organisation.pk
                    self.coordinator_id = person(BENCH_LOGINS["coordinator"], organisation, Role.COORDINATOR)
                    person(BENCH_LOGINS["administrator"], organisation, Role.ADMINISTRATOR)
                else:
                    person(f"{base}-coordinator", organisation, Role.COORDINATOR)
            elif organisation.kind == kinds.PRISON_ADMINISTRATION:
                bench = organisation.prison_id == self.prisons[0].pk
                person(BENCH_LOGINS["prison_staff"] if bench else f"{base}-staff", organisation, Role.PRISON_STAFF)
        assert bench_names <= {user.username for user in users}, "every bench login must exist"  # noqa: S101
        User.objects.bulk_create(users, batch_size=2_000)
        ids = dict(User.objects.filter(username__in=[u.username for u in users]).values_list("username", "pk"))
        user_ids = [ids[user.username] for user in users]
        Membership.objects.bulk_create(
            (Membership(user_id=user_ids[index], organisation_id=org, role=role) for index, org, role in memberships),
            batch_size=2_000,
        )
        self.coordinator_id = user_ids[self.coordinator_id]
        self.partners = [(org, user_ids[index]) for org, index in self.partners]
        # Organisers: the bench service first, then a long tail (a few large services run most editions).
        organisers.sort(key=lambda o: (o.name != BENCH_ORGANISATION, o.pk))
        for rank, organisation in enumerate(organisers):
            managers, workers = roles[organisation.pk]
            self.organisations[organisation.pk] = OrgInfo(
                organisation.pk, rank, [user_ids[i] for i in managers], [user_ids[i] for i in workers]
            )
        demo_names = {org.name for org in demo.ORGANISATIONS}
        for info in self.organisations.values():
            weight = 1 / (info.rank + 1) ** 0.8
            name = next(o.name for o in organisers if o.pk == info.pk)
            if name in demo_names or len(self.prisons) == 1:
                homes = {0}
            else:
                homes = {info.rank % len(self.prisons), *self.rng.sample(range(len(self.prisons)), 2)}
            for index in homes:
                self.prisons[index].organisations.append(info.pk)
                self.prisons[index].organisation_weights.append(weight)
        for prison in self.prisons:  # every prison has someone to organise activities
            if not prison.organisations:
                info = self.rng.choice(list(self.organisations.values()))
                prison.organisations.append(info.pk)
                prison.organisation_weights.append(1 / (info.rank + 1) ** 0.8)
        return {
            "generated organisations": len(generated) + len(administrations),
            "users": len(users),
            "memberships": len(memberships),
        }

    def detainees_step(self) -> dict[str, int]:
        scale = self.scale
        total = scale.detainees_per_year * (scale.years + 1)
        start = self.first_day - dt.timedelta(days=365)
        span = (self.today - start).days
        weights = [prison.weight for prison in self.prisons]
        table = self.writer.table(
            Detainee,
            (
                "id", "prison_id", "prison_number", "first_name", "last_name", "gender", "legal_status", "unit_id",
                "expected_release_on", "presence", "left_on", "last_activity_on", "anonymised_at", "created_at",
                "updated_at",
            ),
        )  # fmt: skip
        spoken_table = self.writer.table(Detainee.languages_spoken.through, ("detainee_id", "language_id"))
        read_table = self.writer.table(Detainee.languages_read.through, ("detainee_id", "language_id"))
        codes = [code for code, _weight in words.SPOKEN if code in self.languages]
        language_weights = [weight for code, weight in words.SPOKEN if code in self.languages]
        numbers: Counter[int] = Counter()
        forgotten_before = self.today - dt.timedelta(days=RETENTION_DAYS)
        arrivals = sorted(self.rng.randrange(span) for _ in range(total))
        for offset in arrivals:
            prison = self.prisons[self.weighted(weights)]
            arrived = start + dt.timedelta(days=offset)
            woman = self.rng.random() < 0.05
            legal = self.rng.choices(["accused", "convicted", "interned"], weights=[35, 55, 10])[0]
            units = [
                u
                for u in prison.units
                if (u.gender == "mixed" or (u.gender == "women") == woman) and legal in u.statuses
            ] or prison.units
            unit = self.rng.choice(units)
            mean_stay = {"accused": 150, "convicted": 330, "interned": 500}[legal]
            stay = int(self.rng.expovariate(1 / mean_stay)) + 7
            leaves = arrived + dt.timedelta(days=min(stay, 6 * 365))
            pk = self.next_id(Detainee)
            numbers[prison.index] += 1
            number = f"{(prison.index + 1) * 1_000_000 + numbers[prison.index]:07d}"
            first = self.rng.choice(words.WOMEN if woman else words.MEN)
            last = self.rng.choice(words.SURNAMES)
            present = leaves > self.today
            left_on = None if present else leaves
            presence = "present" if present else self.rng.choices(["released", "transferred"], weights=[3, 1])[0]
            anonymised = left_on is not None and left_on < forgotten_before
            expected = leaves if present and legal == "convicted" and self.rng.random() < 0.6 else None
            created = aware(arrived, dt.time(10, 0))
            updated = aware(left_on, dt.time(10, 0)) if left_on else created
            if anonymised:
                first, last, number = "Anonyme", f"#{pk}", f"ANON-{pk}"
            table.add(
                (
                    pk, prison.pk, number, first, last, "woman" if woman else "man", legal, unit.pk, expected,
                    presence, left_on, None, updated if anonymised else None, created, updated,
                )
            )  # fmt: skip
            if not anonymised:
                spoken = {codes[self.weighted(language_weights)] for _ in range(self.rng.choice([1, 1, 2, 3]))}
                for code in sorted(spoken):
                    spoken_table.add((pk, self.languages[code]))
                    if self.rng.random() < 0.8:
                        read_table.add((pk, self.languages[code]))
            info = DetaineeInfo(pk, unit.pk, arrived.toordinal(), left_on.toordinal() if left_on else None)
            self.detainees.append(info)
            index = len(self.detainees) - 1
            # In the buckets of the months spent whole in prison: candidates for what starts then.
            month = _month(arrived) + 1
            last_month = _month(leaves) - 1
            while month <= last_month and month <= _month(self.today) + 4:
                self.present.setdefault((prison.index, month), []).append(index)
                month += 1
        self.writer.flush()
        return {
            "detainees": table.written,
            "languages spoken": spoken_table.written,
            "languages read": read_table.written,
        }

    # --- the offer and its participants -----------------------------------------------------

    def offer(self) -> dict[str, int]:
        scale = self.scale
        activity_columns = (
            "id", "title_fr", "title_nl", "title_en", "summary_fr", "summary_nl", "summary_en", "description_fr",
            "description_nl", "description_en", "objectives_fr", "objectives_nl", "objectives_en", "screening_fr",
            "screening_nl", "screening_en", "default_capacity", "status", "created_at", "updated_at",
            "category_id", "organiser_id", "contact_id",
        )  # fmt: skip
        self.t_activities = self.writer.table(Activity, activity_columns, history=True)
        self.t_activity_groups = self.writer.table(Activity.target_groups.through, ("activity_id", "targetgroup_id"))
        self.t_activity_languages = self.writer.table(Activity.languages.through, ("activity_id", "language_id"))
        self.t_activity_aims = self.writer.table(Activity.aims.through, ("activity_id", "aim_id"))
        self.t_activity_partners = self.writer.table(Activity.partners.through, ("activity_id", "organisation_id"))
        self.t_editions = self.writer.table(
            Edition,
            (
                "id", "activity_id", "prison_id", "room_id", "starts_on", "ends_on", "capacity", "recurrence",
                "session_starts_at", "session_ends_at", "excluded_dates", "created_at", "updated_at",
            ),
            history=True,
        )  # fmt: skip
        self.t_edition_units = self.writer.table(Edition.units.through, ("edition_id", "unit_id"))
        self.t_edition_facilitators = self.writer.table(Edition.facilitators.through, ("edition_id", "user_id"))
        self.t_sessions = self.writer.table(
            Session,
            (
                "id", "edition_id", "room_id", "starts_at", "ends_at", "status", "origin", "moved_from",
                "change_reason", "conflict_accepted_reason",
            ),
            history=True,
        )  # fmt: skip
        self.t_applications = self.writer.table(
            Application,
            (
                "id", "detainee_id", "edition_id", "status", "source", "referred_by_id", "applied_on",
                "recorded_by_id", "recorded_for_id", "priority", "refusal_reason_id", "checklist_answers",
                "offer_expires_at", "offer_lapsed_at", "status_changed_at", "created_at",
            ),
            history=True,
        )  # fmt: skip
        self.t_attendance = self.writer.table(
            Attendance,
            (
                "id",
                "session_id",
                "application_id",
                "status",
                "reason_id",
                "minutes_late",
                "recorded_by_id",
                "recorded_at",
            ),
            history=True,
        )
        self.t_interviews = self.writer.table(
            FeedbackInterview,
            (
                "id", "application_id", "organisation_id", "interviewer_id", "status", "planned_on", "held_on",
                "reasons", "notes", "updated_at",
            ),
        )  # fmt: skip
        self.booked: set[tuple[Any, ...]] = set()
        first = self.first_day.toordinal()
        last = (self.today + dt.timedelta(days=FUTURE_DAYS)).toordinal()
        count = round(scale.editions_per_year * (scale.years + FUTURE_DAYS / 365))
        starts = sorted(self.rng.randrange(first, last) for _ in range(count))
        weights = [prison.weight for prison in self.prisons]
        step = max(count // 20, 1)
        for number, start in enumerate(starts, start=1):
            prison = self.prisons[self.weighted(weights)]
            self._edition(prison, dt.date.fromordinal(start))
            if number % step == 0 and count >= 2_000:
                self.progress(f"  editions: {number:,} of {count:,}")
        self._spare_activities()
        self.writer.flush()
        return {
            "activities": self.t_activities.written,
            "editions": self.t_editions.written,
            "sessions": self.t_sessions.written,
            "applications": self.t_applications.written,
            "attendance": self.t_attendance.written,
            "feedback interviews": self.t_interviews.written,
        }

    def _activity(self, organiser: OrgInfo) -> ActivityInfo:
        # About six editions per activity over the years: a service repeats what works.
        if organiser.activities and len(organiser.activities) * 6 > organiser.editions:
            return self.activities[self.rng.choice(organiser.activities)]
        info = self._new_activity(organiser, ActivityStatus.PUBLISHED)
        organiser.activities.append(len(self.activities) - 1)
        return info

    def _new_activity(self, organiser: OrgInfo, status: str) -> ActivityInfo:
        pk = self.next_id(Activity)
        category = self.rng.choice(self.categories)
        fr, nl, en = self.rng.choice(words.TITLES.get(self.category_codes[category], words.TITLES["discussion-groups"]))
        suffix = self.rng.choice(["", "", " – niveau 1", " – niveau 2", " pour débutants", " (groupe du matin)"])
        capacity = self.rng.choice([8, 10, 12, 14])
        summary = self.rng.choice(words.SUMMARIES)
        women = self.rng.random() < 0.08
        created = self.now - dt.timedelta(days=self.rng.randrange(30, 400))
        self.t_activities.add(
            (
                pk, f"{fr}{suffix}", f"{nl}{suffix}" if self.rng.random() < 0.7 else "",
                en if self.rng.random() < 0.3 else "",
                summary[0].format(n=capacity), summary[1].format(n=capacity), summary[2].format(n=capacity),
                f"{fr} : description détaillée, déroulement des séances et matériel fourni.", "", "",
                "Objectifs pédagogiques et sociaux.", "", "", "", "", "", capacity, status, created, created,
                category, organiser.pk, None,
            ),
            created,
        )  # fmt: skip
        self.t_activity_groups.add((pk, self.target_groups["women" if women else "men"]))
        for code in self.rng.sample(["accused", "convicted", "interned"], self.rng.choice([1, 2])):
            self.t_activity_groups.add((pk, self.target_groups[code]))
        for code in sorted({"fr", *self.rng.sample(["nl", "en", "ar"], self.rng.choice([0, 0, 1]))}):
            self.t_activity_languages.add((pk, self.languages[code]))
        self.t_activity_aims.add((pk, self.rng.choice(self.aims)))
        facilitator = None
        if self.partners and self.rng.random() < 0.2:
            partner, facilitator = self.rng.choice(self.partners)
            self.t_activity_partners.add((pk, partner))
        info = ActivityInfo(pk, organiser.pk, women, facilitator)
        self.activities.append(info)
        return info

    def _spare_activities(self) -> None:
        """Drafts and proposals without editions yet, about one in ten."""
        for organiser in self.organisations.values():
            for _ in range(len(organiser.activities) // 10 + (self.rng.random() < 0.3)):
                status = self.rng.choice([ActivityStatus.DRAFT, ActivityStatus.PROPOSED])
                self._new_activity(organiser, status)

    def _schedule(
        self, prison: PrisonInfo, activity: ActivityInfo, facilitators: list[int], day: dt.date, weeks: int
    ) -> tuple[int, tuple[dt.time, dt.time], list[dt.date], list[dt.date], int, str]:
        """Weekday, hours, dates, excluded dates and room, without double booking when it can be helped."""
        for attempt in range(12):
            weekday = self.rng.randrange(5)
            hours = MORNING if self.rng.random() < 0.5 else AFTERNOON
            first = day + dt.timedelta(days=(weekday - day.weekday()) % 7)
            every = [first + dt.timedelta(weeks=n) for n in range(weeks)]
            excluded = [d for d in every if d in self.public_holidays or d in prison.closed]
            dates = [d for d in every if d not in excluded]
            room, _capacity, _unit = self.rng.choice(prison.rooms)
            keys = [("room", room, d, hours) for d in dates] + [
                ("user", u, d, hours) for u in facilitators for d in dates
            ]
            if not any(key in self.booked for key in keys) or attempt == 11:
                clash = any(key in self.booked for key in keys)
                self.booked.update(keys)
                reason = "Double réservation acceptée par la coordination" if clash else ""
                return weekday, hours, dates, excluded, room, reason
        raise AssertionError("unreachable")

    def _edition(self, prison: PrisonInfo, day: dt.date) -> None:
        organiser = self.organisations[prison.organisations[self.weighted(prison.organisation_weights)]]
        organiser.editions += 1
        activity = self._activity(organiser)
        worker = self.rng.choice(organiser.workers)
        facilitators = [worker] + ([activity.partner_facilitator] if activity.partner_facilitator else [])
        one_off = self.rng.random() < 0.1
        weeks = 1 if one_off else self.rng.randint(6, 15)
        weekday, hours, dates, excluded, room, clash = self._schedule(prison, activity, facilitators, day, weeks)
        if not dates:
            return
        pk = self.next_id(Edition)
        room_capacity = next(capacity for room_id, capacity, _unit in prison.rooms if room_id == room)
        capacity = min(room_capacity, self.rng.choice([8, 10, 12, 14]))
        starts_on, ends_on = dates[0], dates[-1]
        if excluded and not one_off:
            ends_on = max(ends_on, excluded[-1])
        created = aware(starts_on - dt.timedelta(days=self.rng.randrange(20, 60)), dt.time(11, 0))
        self.t_editions.add(
            (
                pk, activity.pk, prison.pk, room, starts_on, ends_on, capacity,
                "" if one_off else f"FREQ=WEEKLY;BYDAY={WEEKDAY_CODES[weekday]}",
                None if one_off else hours[0], None if one_off else hours[1],
                [] if one_off else [d.isoformat() for d in excluded], created, created,
            ),
            created,
        )  # fmt: skip
        units = [u for u in prison.units if (u.gender == "women") == activity.women or u.gender == "mixed"]
        units = self.rng.sample(units or prison.units, min(len(units or prison.units), self.rng.choice([1, 1, 2, 3])))
        for unit in units:
            self.t_edition_units.add((pk, unit.pk))
        for user in facilitators:
            self.t_edition_facilitators.add((pk, user))
        sessions = []
        for date in dates:
            session_id = self.next_id(Session)
            starts_at, ends_at = aware(date, hours[0]), aware(date, hours[1])
            cancelled = starts_at < self.now and self.rng.random() < 0.03
            self.t_sessions.add(
                (
                    session_id, pk, room, starts_at, ends_at, "cancelled" if cancelled else "scheduled",
                    "one_off" if one_off else "recurrence", None, "Grève du personnel" if cancelled else "", clash,
                ),
                created,
            )  # fmt: skip
            sessions.append((session_id, starts_at, cancelled))
        self._applications(prison, pk, starts_on, ends_on, capacity, organiser, worker, {u.pk for u in units}, sessions)

    def _applications(
        self,
        prison: PrisonInfo,
        edition: int,
        starts_on: dt.date,
        ends_on: dt.date,
        capacity: int,
        organiser: OrgInfo,
        worker: int,
        units: set[int],
        sessions: list[tuple[int, dt.datetime, bool]],
    ) -> None:
        bucket = self.present.get((prison.index, _month(starts_on)), [])
        candidates = [i for i in bucket if self.detainees[i].unit in units] or bucket
        wanted = round(capacity * self.rng.uniform(0.6, 2.2))
        people = self.rng.sample(candidates, min(wanted, len(candidates)))
        if not people:
            return
        phase = "finished" if ends_on < self.today else "running" if starts_on <= self.today else "upcoming"
        held = [(pk, at) for pk, at, cancelled in sessions if not cancelled and at < self.now]
        recorded = [(pk, at) for pk, at in held if at < self.now - NOT_YET_RECORDED]
        places = min(capacity, round(len(people) * self.rng.uniform(0.7, 0.95)))
        for position, index in enumerate(people):
            detainee = self.detainees[index]
            status = self._status(phase, position < places, bool(held))
            applied_on = starts_on - dt.timedelta(days=self.rng.randrange(3, 40))
            applied_on = max(applied_on, dt.date.fromordinal(detainee.arrived))
            changed = aware(min(applied_on + dt.timedelta(days=self.rng.randrange(1, 20)), self.today), dt.time(15, 0))
            pk = self.next_id(Application)
            source = self.rng.choices(
                ["paper", "service_referral", "psychosocial_service", "prison_staff", "kiosk"], weights=[5, 3, 1, 1, 1]
            )[0]
            offer_expires = self.now + dt.timedelta(days=3) if status == "offered" else None
            refusal = self.rng.choice(self.refusal_reasons) if status == "refused" and self.refusal_reasons else None
            priority = 1 if self.rng.random() < 0.1 else 0
            self.t_applications.add(
                (
                    pk, detainee.pk, edition, status, source,
                    organiser.pk if source == "service_referral" else None, applied_on, worker, organiser.pk,
                    priority, refusal, {}, offer_expires, None, changed, aware(applied_on, dt.time(10, 0)),
                ),
                aware(applied_on, dt.time(10, 0)),
            )  # fmt: skip
            if position < places and status not in ("offered", "accepted", "in_screening", "confirmed", "refused"):
                self._attendance(pk, status, recorded, worker, organiser, ends_on)

    def _status(self, phase: str, has_place: bool, started: bool) -> str:
        pick = self.rng.choices
        if phase == "finished":
            if has_place:
                return pick(
                    ["completed", "dropped_out", "withdrawn", "transferred", "released"], weights=[70, 15, 5, 5, 5]
                )[0]
            return pick(["refused", "waiting_list", "withdrawn"], weights=[45, 45, 10])[0]
        if phase == "running":
            if has_place:
                if not started:
                    return pick(["confirmed", "withdrawn"], weights=[95, 5])[0]
                return pick(["active", "dropped_out", "withdrawn", "transferred"], weights=[85, 8, 4, 3])[0]
            return pick(["waiting_list", "refused", "in_screening"], weights=[60, 25, 15])[0]
        if has_place:
            return pick(["confirmed", "accepted", "offered", "in_screening"], weights=[60, 20, 10, 10])[0]
        return pick(["applied", "in_screening", "waiting_list", "refused"], weights=[40, 30, 20, 10])[0]

    def _attendance(
        self,
        application: int,
        status: str,
        recorded: list[tuple[int, dt.datetime]],
        worker: int,
        organiser: OrgInfo,
        ends_on: dt.date,
    ) -> None:
        if not recorded:
            return
        # Those who left came to the first sessions; a dropout then misses three in a row.
        if status in ("completed", "active"):
            attended = len(recorded)
        else:
            attended = self.rng.randrange(0, max(len(recorded) - 2, 1))
        trailing = 3 if status == "dropped_out" else 0
        for number, (session, at) in enumerate(recorded[: attended + trailing]):
            absent = number >= attended or self.rng.random() < 0.1
            reason = None
            if absent and number < attended and self.absence_reasons:
                reason = self.rng.choice(self.absence_reasons)[0]
            late = self.rng.choice([5, 10, 15]) if not absent and self.rng.random() < 0.05 else 0
            pk = self.next_id(Attendance)
            when = at + dt.timedelta(hours=3)
            row = (pk, session, application, "absent" if absent else "present", reason, late, worker, when)
            self.t_attendance.add(row, when)
        if status in ("dropped_out", "withdrawn") and attended and self.rng.random() < 0.7:
            interview_status = self.rng.choices(["done", "planned", "unreachable", "refused"], weights=[6, 2, 1, 1])[0]
            after = min(ends_on, self.today)
            held_on = after if interview_status == "done" else None
            reasons = self.rng.sample(["content", "schedule_clash", "group", "health"], 1) if held_on else []
            notes = "Entretien mené ; souhaite reprendre plus tard." if held_on else ""
            self.t_interviews.add(
                (
                    self.next_id(FeedbackInterview), application, organiser.pk, worker, interview_status,
                    after if interview_status == "planned" else None, held_on, reasons, notes, self.now,
                )
            )  # fmt: skip

    # --- needs surveys ----------------------------------------------------------------------

    def surveys_step(self) -> dict[str, int]:
        coordinator = self.coordinator_id
        questionnaire = surveys.Questionnaire.objects.create(
            purpose=surveys.QuestionnairePurpose.NEEDS,
            name="Besoins des personnes détenues (bench)",
            organisation_id=self.coordination_id,
            created_by_id=coordinator,
        )
        version = surveys.QuestionnaireVersion.objects.create(
            questionnaire=questionnaire,
            number=1,
            status=surveys.VersionStatus.PUBLISHED,
            languages=["fr", "nl", "en", "ar"],
            title=dict.fromkeys(("fr", "nl", "en", "ar"), "Vos besoins"),
            published_at=aware(self.first_day, dt.time(9, 0)),
            published_by_id=coordinator,
        )
        section = surveys.Section.objects.create(
            version=version, position=1, title={"fr": "Activités", "nl": "Activiteiten"}
        )

        def question(position: int, code: str, kind: str, text: str, **extra: Any) -> surveys.Question:
            return surveys.Question.objects.create(
                section=section, position=position, code=code, kind=kind, text={"fr": text, "nl": text}, **extra
            )

        themes = question(1, "themes", surveys.QuestionKind.THEMES, "Quelles activités souhaitez-vous ?", max_choices=3)
        theme_options = surveys.Option.objects.bulk_create(
            surveys.Option(question=themes, position=n, code=self.category_codes[c], category_id=c)
            for n, c in enumerate(self.categories)
        )
        scale_question = question(2, "satisfaction", surveys.QuestionKind.SCALE, "Êtes-vous satisfait de l'offre ?")
        moment = question(3, "moment", surveys.QuestionKind.SINGLE, "Quel moment vous convient ?")
        moment_options = surveys.Option.objects.bulk_create(
            surveys.Option(question=moment, position=n, code=code, label={"fr": code})
            for n, code in enumerate(["morning", "afternoon", "weekend"])
        )
        barriers = question(4, "barriers", surveys.QuestionKind.MULTIPLE, "Qu'est-ce qui vous empêche de participer ?")
        barrier_options = surveys.Option.objects.bulk_create(
            surveys.Option(question=barriers, position=n, code=code, label={"fr": code})
            for n, code in enumerate(["language", "schedule", "information", "work", "other"])
        )
        free_text = question(5, "suggestions", surveys.QuestionKind.TEXT, "Vos suggestions")
        groups = [self.target_groups[code] for code in ("men", "women", "accused", "convicted", "interned")]
        responses = self.writer.table(
            surveys.Response,
            (
                "id", "campaign_id", "version_id", "channel", "language", "target_group_id", "unit_id", "detainee_id",
                "paper_number", "entered_by_id", "entered_at",
            ),
        )  # fmt: skip
        answers = self.writer.table(
            surveys.Answer, ("response_id", "question_id", "option_id", "rank", "scale_value", "text")
        )
        campaigns = 0
        for prison in self.prisons:
            # Each unit favours some themes: what the coverage analysis is meant to reveal.
            favourites = {unit.pk: self.rng.sample(theme_options, min(4, len(theme_options))) for unit in prison.units}
            for year in range(self.first_day.year + 1, self.today.year + 1):
                starts_on = dt.date(year, 3, 1)
                if starts_on > self.today:
                    continue
                campaign = surveys.Campaign.objects.create(
                    name=f"Besoins {year} · prison {prison.pk}",
                    version=version,
                    organisation_id=self.coordination_id,
                    prison_id=prison.pk,
                    starts_on=starts_on,
                    ends_on=dt.date(year, 3, 31),
                    created_by_id=coordinator,
                )
                campaign.units.set([unit.pk for unit in prison.units])
                campaign.target_groups.set(groups)
                campaigns += 1
                count = round(self.scale.responses_per_prison_year * prison.weight)
                for number in range(1, count + 1):
                    unit = self.rng.choice(prison.units)
                    pk = self.next_id(surveys.Response)
                    group = self.target_groups["women"] if unit.gender == "women" else self.rng.choice(groups)
                    entered = aware(starts_on + dt.timedelta(days=self.rng.randrange(30)), dt.time(14, 0))
                    responses.add(
                        (
                            pk, campaign.pk, version.pk, self.rng.choice(["paper", "paper", "interview", "kiosk"]),
                            self.rng.choice(["fr", "fr", "nl", "ar", "en"]), group, unit.pk, None, f"{number:05d}",
                            coordinator, entered,
                        )
                    )  # fmt: skip
                    liked = favourites[unit.pk] + self.rng.sample(theme_options, 2)
                    for rank, option in enumerate(_unique(self.rng.sample(liked, 3)), start=1):
                        answers.add((pk, themes.pk, option.pk, rank, None, ""))
                    answers.add((pk, scale_question.pk, None, None, self.rng.randint(1, 5), ""))
                    answers.add((pk, moment.pk, self.rng.choice(moment_options).pk, None, None, ""))
                    for option in self.rng.sample(barrier_options, self.rng.choice([1, 2])):
                        answers.add((pk, barriers.pk, option.pk, None, None, ""))
                    if self.rng.random() < 0.2:
                        answers.add((pk, free_text.pk, None, None, None, "Plus de sport et de formations."))
        self.writer.flush()
        return {"survey campaigns": campaigns, "responses": responses.written, "answers": answers.written}

    # --- the end -------------------------------------------------------------------------

    def finish(self) -> dict[str, int]:
        self.writer.close()
        # Activities whose last edition ended more than a year ago are archived.
        year_ago = self.today - dt.timedelta(days=365)
        recent = Edition.objects.filter(ends_on__gte=year_ago).values("activity_id")
        archived = (
            Activity.objects.filter(status=ActivityStatus.PUBLISHED, editions__isnull=False)
            .exclude(pk__in=recent)
            .distinct()
            .update(status=ActivityStatus.ARCHIVED)
        )
        if connection.vendor == "postgresql":
            # Fresh statistics, or the planner guesses on empty tables; VACUUM also sets the
            # visibility map (index-only scans). VACUUM cannot run inside a transaction (tests).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        return {"activities archived": archived}


def _month(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _unique(items: list[Any]) -> list[Any]:
    seen: list[Any] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def generate(
    *,
    scale: str,
    seed: int,
    today: dt.date | None = None,
    flush: bool = False,
    progress: Callable[[str], None] | None = None,
    batch: int | None = None,
) -> Report:
    """Fill the database with generated data; returns timings and row counts per step.

    Returns at once (``already_there``) when the same scale, seed and generator version are
    there. Raises GeneratorRefused when the database holds other data (``flush`` empties it
    first: every table, whatever it holds) or when the scale needs PostgreSQL.
    """
    chosen = SCALES[scale]
    if chosen.postgres_only and connection.vendor != "postgresql":
        raise GeneratorRefused(f"The {scale} scale needs PostgreSQL (tens of millions of rows).")
    today = today or timezone.localdate()
    existing = check_database(scale=chosen, seed=seed, flush=flush)
    if existing is not None:
        report = Report(scale=scale, seed=seed, today=existing.today, already_there=True)
        report.steps.append(Step("already generated", 0.0, dict(existing.rows)))
        return report
    return Generator(scale=chosen, seed=seed, today=today, progress=progress, batch=batch).run()
