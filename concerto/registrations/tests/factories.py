"""Factories of the registration side (the shared ones are in concerto.testing.factories)."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from concerto.registrations.models import EditionScreening, RefusalReason


class RefusalReasonFactory(DjangoModelFactory):
    class Meta:
        model = RefusalReason
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"reason-{n}")
    name_fr = factory.Sequence(lambda n: f"Raison {n}")
    name_nl = factory.Sequence(lambda n: f"Reden {n}")
    name_en = factory.Sequence(lambda n: f"Reason {n}")


class EditionScreeningFactory(DjangoModelFactory):
    class Meta:
        model = EditionScreening

    offer_response_days = 3
