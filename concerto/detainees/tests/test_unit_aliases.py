"""The prison's own unit names: mapped once in the columns step, remembered for every later list."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from concerto.detainees.models import Detainee, DetaineeImport, ImportStatus, UnitAlias
from concerto.detainees.tests.factories import csv_bytes, person_row
from concerto.prisons.models import Unit
from concerto.testing.factories import UnitFactory

pytestmark = pytest.mark.django_db
OWN_NAME = "Centre ouvert femmes"


@pytest.fixture
def women_open(prison, units):
    return UnitFactory(
        prison=prison,
        code="women-open",
        name_fr="Centre pour femmes – régime ouvert",
        name_en="Women's centre – open regime",
        kind=Unit.Kind.WOMEN,
        gender=Unit.Gender.WOMEN,
    )


def upload(client: Client, prison, rows) -> DetaineeImport:
    file = SimpleUploadedFile("liste.csv", csv_bytes(rows), content_type="text/csv")
    response = client.post("/en/detainees/imports/new/", {"prison": prison.pk, "file": file})
    assert response.status_code == 302
    return DetaineeImport.objects.order_by("-pk").first()


def columns_of(detainee_import: DetaineeImport) -> dict[str, str]:
    return {name: str(index) for name, index in detainee_import.mapping.items()}


def test_an_unknown_unit_name_is_mapped_once_and_used_by_the_next_import(
    manager, works_in_haren, prison, women_open, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(manager)
    first = upload(client, prison, [person_row(1, unit=OWN_NAME), person_row(2)])
    page = client.get(f"/en/detainees/imports/{first.pk}/columns/")
    form = page.context["form"]
    assert form.unknown_units == [OWN_NAME]
    alias_field = form.alias_fields()[0]
    # The prison's units by the names staff know, not their internal codes.
    labels = [label for _value, label in alias_field.field.choices]
    assert "Women's centre – open regime" in labels
    assert "women-open" not in labels
    assert OWN_NAME in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/detainees/imports/{first.pk}/columns/", {**columns_of(first), alias_field.name: str(women_open.pk)}
        )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == ImportStatus.PREVIEW, first.errors
    alias = UnitAlias.objects.get()
    assert (alias.prison, alias.name, alias.unit) == (prison, OWN_NAME, women_open)

    # The next list of Haren writes the name in capitals: it is known, nothing to map.
    second = upload(client, prison, [person_row(3, unit="CENTRE OUVERT FEMMES")])
    assert client.get(f"/en/detainees/imports/{second.pk}/columns/").context["form"].unknown_units == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/detainees/imports/{second.pk}/columns/", columns_of(second))
    second.refresh_from_db()
    assert second.status == ImportStatus.PREVIEW, second.errors
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/detainees/imports/{second.pk}/apply/")
    assert Detainee.objects.get(prison_number="100003").unit == women_open


def test_an_unmapped_unknown_unit_is_refused_naming_the_units_staff_know(
    manager, works_in_haren, prison, women_open, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(manager)
    detainee_import = upload(client, prison, [person_row(1, unit="Aile Z")])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/detainees/imports/{detainee_import.pk}/columns/", columns_of(detainee_import))
    detainee_import.refresh_from_db()
    assert detainee_import.status == ImportStatus.INVALID
    # The message is in the uploader's language (the import runs as them): it lists the units by name.
    names = ("Centre pour femmes – régime ouvert", "Women's centre – open regime")
    message = next(error["message"] for error in detainee_import.errors if any(n in error["message"] for n in names))
    assert "women-open" not in message
    assert not UnitAlias.objects.exists()
