"""Test factories (factory_boy): a small, valid world on demand."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from concerto.accounts.models import Membership, Role, User
from concerto.catalogue.models import Activity, ActivityStatus, Edition, Session
from concerto.catalogue.scheduling import aware
from concerto.organisations.models import Community, Organisation
from concerto.prisons.models import ActivityWindow, Prison, Room, Unit
from concerto.reference.models import Category, Language, TargetGroup


class CommunityFactory(DjangoModelFactory):
    class Meta:
        model = Community
        django_get_or_create = ("code",)

    code = "cocom"
    name_fr = "Commission communautaire commune"
    name_nl = "Gemeenschappelijke Gemeenschapscommissie"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Service {n}")
    acronym = factory.Sequence(lambda n: f"S{n}")
    kind = Organisation.Kind.JUSTICE_AID_SERVICE
    community = factory.SubFactory(CommunityFactory)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    password = factory.django.Password("pass-word-123")
    language = "fr"


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.SERVICE_WORKER


class PrisonFactory(DjangoModelFactory):
    class Meta:
        model = Prison
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = "haren"
    name_fr = "Prison de Haren"
    name_nl = "Gevangenis van Haren"
    name_en = "Haren prison"

    @factory.post_generation
    def windows(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """Monday to Friday 8:30–12:00 and 13:30–17:00 unless told otherwise."""
        if not create or extracted is False or self.activity_windows.exists():
            return
        for weekday in range(5):
            ActivityWindow.objects.create(
                prison=self, weekday=weekday, starts_at=dt.time(8, 30), ends_at=dt.time(12, 0)
            )
            ActivityWindow.objects.create(
                prison=self, weekday=weekday, starts_at=dt.time(13, 30), ends_at=dt.time(17, 0)
            )


class TargetGroupFactory(DjangoModelFactory):
    class Meta:
        model = TargetGroup
        django_get_or_create = ("code",)

    code = "men"
    name_fr = "Hommes"
    name_nl = "Mannen"
    name_en = "Men"
    dimension = TargetGroup.Dimension.GENDER
    gender = TargetGroup.Gender.MEN


def target_group(code: str) -> TargetGroup:
    """The standard target groups by code (men, women, accused, convicted, interned, relatives)."""
    table = {
        "men": ("Hommes", "Mannen", "Men", TargetGroup.Dimension.GENDER, "men"),
        "women": ("Femmes", "Vrouwen", "Women", TargetGroup.Dimension.GENDER, "women"),
        "accused": ("Inculpés", "Verdachten", "Accused", TargetGroup.Dimension.LEGAL_STATUS, ""),
        "convicted": ("Condamnés", "Veroordeelden", "Convicted", TargetGroup.Dimension.LEGAL_STATUS, ""),
        "interned": ("Internés", "Geïnterneerden", "Interned", TargetGroup.Dimension.LEGAL_STATUS, ""),
        "relatives": ("Proches", "Naasten", "Relatives", TargetGroup.Dimension.CIRCLE, ""),
    }
    fr, nl, en, dimension, gender = table[code]
    group: TargetGroup = TargetGroupFactory(
        code=code, name_fr=fr, name_nl=nl, name_en=en, dimension=dimension, gender=gender
    )
    return group


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("prison", "code")

    prison = factory.SubFactory(PrisonFactory)
    code = factory.Sequence(lambda n: f"unit-{n}")
    name_fr = factory.Sequence(lambda n: f"Unité {n}")
    name_nl = factory.Sequence(lambda n: f"Afdeling {n}")
    kind = Unit.Kind.REMAND
    regime = Unit.Regime.CLOSED
    gender = Unit.Gender.MEN


class RoomFactory(DjangoModelFactory):
    class Meta:
        model = Room
        django_get_or_create = ("prison", "name")

    prison = factory.SubFactory(PrisonFactory)
    name = factory.Sequence(lambda n: f"Local {n}")
    capacity = 12


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("code",)

    code = "sociocultural"
    name_fr = "Socioculturel"
    name_nl = "Socio-cultureel"
    name_en = "Sociocultural"


class LanguageFactory(DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ("code",)

    code = "fr"
    name_fr = "français"
    name_nl = "Frans"
    name_en = "French"


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    title_fr = factory.Sequence(lambda n: f"Atelier {n}")
    title_nl = factory.Sequence(lambda n: f"Workshop {n}")
    summary_fr = "Un atelier pour tous."
    category = factory.SubFactory(CategoryFactory)
    organiser = factory.SubFactory(OrganisationFactory)
    status = ActivityStatus.PUBLISHED
    default_capacity = 10

    @factory.post_generation
    def target_groups(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.target_groups.set(extracted if extracted is not None else [target_group("men")])

    @factory.post_generation
    def languages(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.languages.set(extracted if extracted is not None else [LanguageFactory()])


def default_edition_start() -> dt.date:
    """The Monday four weeks after this week's, by the suite's clock: an edition still ahead."""
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=4)


class EditionFactory(DjangoModelFactory):
    """An edition without generated sessions; use SessionFactory or the services for those.

    By default it runs twelve weeks, Monday to Friday, starting four weeks from now (the suite's
    clock), meeting on Tuesdays 14:00–16:00.
    """

    class Meta:
        model = Edition
        skip_postgeneration_save = True

    activity = factory.SubFactory(ActivityFactory)
    prison = factory.SubFactory(PrisonFactory)
    room = factory.SubFactory(RoomFactory, prison=factory.SelfAttribute("..prison"))
    starts_on = factory.LazyFunction(default_edition_start)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + dt.timedelta(weeks=11, days=4))
    capacity = 10
    recurrence = "FREQ=WEEKLY;BYDAY=TU"
    session_starts_at = dt.time(14, 0)
    session_ends_at = dt.time(16, 0)

    @factory.post_generation
    def units(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.units.set(extracted if extracted is not None else [UnitFactory(prison=self.prison)])

    @factory.post_generation
    def facilitators(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.facilitators.set(extracted)


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session

    edition = factory.SubFactory(EditionFactory)
    room = factory.SelfAttribute("edition.room")
    # The edition's first Tuesday at 14:00 (its first weekly slot, with the default edition).
    starts_at = factory.LazyAttribute(lambda o: aware(o.edition.starts_on + dt.timedelta(days=1), dt.time(14, 0)))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))


# --- Registration side ----------------------------------------------------------------------


class DetaineeFactory(DjangoModelFactory):
    class Meta:
        model = "detainees.Detainee"
        skip_postgeneration_save = True

    prison = factory.SubFactory(PrisonFactory)
    prison_number = factory.Sequence(lambda n: f"{100000 + n}")
    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = factory.Sequence(lambda n: f"Nom{n}")
    gender = "man"
    legal_status = "accused"
    unit = factory.SubFactory(UnitFactory, prison=factory.SelfAttribute("..prison"))


class ApplicationFactory(DjangoModelFactory):
    """An application in any status (set ``status``); use the services to move it in tests of rules."""

    class Meta:
        model = "registrations.Application"

    edition = factory.SubFactory(EditionFactory)
    detainee = factory.SubFactory(DetaineeFactory, prison=factory.SelfAttribute("..edition.prison"))
    status = "applied"
    source = "paper"
    applied_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=5))
