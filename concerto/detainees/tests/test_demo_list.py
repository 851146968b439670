"""The demo detainees load once, and docs/samples/liste-haren.csv previews as described."""

from pathlib import Path

import pytest
from django.conf import settings

from concerto.demo import data
from concerto.demo.detainees import SAMPLE_GONE, SAMPLE_MOVED, SAMPLE_NEW, demo_detainees, demo_people
from concerto.detainees import services
from concerto.detainees.models import Detainee
from concerto.prisons.models import Unit
from concerto.reference.models import Language
from concerto.testing.factories import ActivityFactory, EditionFactory, PrisonFactory
from conftest import make_actor

pytestmark = pytest.mark.django_db

SAMPLE = Path(settings.BASE_DIR) / "docs" / "samples" / "liste-haren.csv"


@pytest.fixture
def haren():
    prison = PrisonFactory()
    for code, fr, nl, en, native, rtl in data.LANGUAGES:
        Language.objects.create(code=code, name_fr=fr, name_nl=nl, name_en=en, native_name=native, is_right_to_left=rtl)
    for unit in data.UNITS:
        Unit.objects.create(
            prison=prison,
            code=unit.code,
            name_fr=unit.name_fr,
            name_nl=unit.name_nl,
            name_en=unit.name_en,
            kind=unit.kind,
            regime=unit.regime,
            gender=unit.gender,
        )
    return prison


def test_demo_detainees_load_once(haren):
    assert demo_detainees(haren) == len(demo_people()) >= 100
    assert demo_detainees(haren) == 0
    readers = Detainee.objects.filter(languages_read__code__in=["fr", "nl"]).distinct().count()
    assert readers < Detainee.objects.count() / 2  # many read neither French nor Dutch


def test_the_sample_list_shows_arrivals_moves_and_departures(haren, manager, service):
    demo_detainees(haren)
    EditionFactory(activity=ActivityFactory(organiser=service), prison=haren, units=[Unit.objects.first()])
    actor = make_actor(manager)
    detainee_import = services.import_upload(
        actor=actor, prison=haren, file_name=SAMPLE.name, content=SAMPLE.read_bytes()
    )
    assert set(detainee_import.mapping) >= {"prison_number", "last_name", "first_name", "unit", "languages_read"}
    services.import_set_mapping(actor=actor, detainee_import=detainee_import, mapping=detainee_import.mapping)
    preview = services.import_validate(actor=actor, detainee_import=detainee_import)
    assert preview.status == "preview", preview.errors
    summary = preview.summary
    assert len(summary["create"]) == len(SAMPLE_NEW)
    assert len(summary["move"]) == len(SAMPLE_MOVED)
    assert len(summary["left"]) == len(SAMPLE_GONE)
    assert summary["update"] == []
    assert summary["warnings"] == []
