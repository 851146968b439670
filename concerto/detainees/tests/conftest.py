"""Fixtures of the detainee tests: Haren with two units, a service working there, an import runner."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from concerto.accounts.permissions import Actor
from concerto.detainees import services
from concerto.detainees.models import DetaineeImport
from concerto.detainees.tests.factories import haren_units, languages
from concerto.prisons.models import Prison, Unit
from concerto.testing.factories import ActivityFactory, EditionFactory
from conftest import make_actor


@pytest.fixture
def units(prison) -> dict[str, Unit]:
    languages()
    return haren_units(prison)


@pytest.fixture
def works_in_haren(prison, service, units):
    """The service organises an activity with an edition in Haren: its staff work there."""
    return EditionFactory(activity=ActivityFactory(organiser=service), prison=prison, units=[units["remand-men"]])


@pytest.fixture
def importer(manager, works_in_haren) -> Actor:
    return make_actor(manager)


@pytest.fixture
def run_import(importer, prison) -> Callable[..., DetaineeImport]:
    """run_import(content, apply=True) -> the import after upload, suggested mapping, check (and apply)."""

    def run(
        content: bytes,
        *,
        apply: bool = True,
        mapping: dict[str, int | None] | None = None,
        actor=None,
        on: Prison | None = None,
    ) -> DetaineeImport:
        actor = actor or importer
        detainee_import = services.import_upload(
            actor=actor, prison=on or prison, file_name="liste.csv", content=content
        )
        services.import_set_mapping(
            actor=actor, detainee_import=detainee_import, mapping=mapping or dict(detainee_import.mapping)
        )
        detainee_import = services.import_validate(actor=actor, detainee_import=detainee_import)
        if apply and detainee_import.status == "preview":
            detainee_import = services.import_apply(actor=actor, detainee_import=detainee_import)
        return detainee_import

    return run
