"""Factories and file builders for the detainee tests (files are built as bytes, in the tests)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

import factory
from factory.django import DjangoModelFactory

from concerto.detainees.models import DetaineeImport, DetaineeNote
from concerto.prisons.models import Prison, Unit
from concerto.reference.models import Language
from concerto.testing.factories import DetaineeFactory, OrganisationFactory, PrisonFactory, UnitFactory

FRENCH_HEADERS = ["Numéro d'écrou", "Nom", "Prénom", "Sexe", "Statut", "Unité", "Langues", "Date de libération prévue"]


class DetaineeNoteFactory(DjangoModelFactory):
    class Meta:
        model = DetaineeNote

    detainee = factory.SubFactory(DetaineeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    text = "Suivi en cours."


class DetaineeImportFactory(DjangoModelFactory):
    class Meta:
        model = DetaineeImport

    prison = factory.SubFactory(PrisonFactory)
    file_name = "liste.csv"
    file_sha256 = "0" * 64
    content = b""


def haren_units(prison: Prison) -> dict[str, Unit]:
    """Two units like Haren's, findable by code or by name."""
    return {
        "remand-men": UnitFactory(
            prison=prison, code="remand-men", name_fr="Maison d'arrêt – hommes", name_nl="Arresthuis – mannen"
        ),
        "women-closed": UnitFactory(
            prison=prison,
            code="women-closed",
            name_fr="Centre pour femmes – régime fermé",
            name_nl="Vrouwencentrum – gesloten regime",
            kind=Unit.Kind.WOMEN,
            gender=Unit.Gender.WOMEN,
        ),
    }


def languages() -> dict[str, Language]:
    table = [
        ("fr", "français", "Frans", "French", "français"),
        ("nl", "néerlandais", "Nederlands", "Dutch", "Nederlands"),
        ("ar", "arabe", "Arabisch", "Arabic", "العربية"),
        ("ro", "roumain", "Roemeens", "Romanian", "română"),
    ]
    return {
        code: Language.objects.get_or_create(
            code=code, defaults={"name_fr": fr, "name_nl": nl, "name_en": en, "native_name": native}
        )[0]
        for code, fr, nl, en, native in table
    }


def person_row(number: int, unit: str = "remand-men", **overrides: str) -> list[str]:
    row = {
        "prison_number": f"{100000 + number}",
        "last": f"Nom{number}",
        "first": f"Prénom{number}",
        "gender": "H",
        "status": "prévenu",
        "unit": unit,
        "languages": "fr, ar",
        "release": "",
    }
    row.update(overrides)
    return list(row.values())


def csv_bytes(
    rows: Iterable[Sequence[str]],
    *,
    headers: Sequence[str] = FRENCH_HEADERS,
    delimiter: str = ";",
    encoding: str = "utf-8-sig",
) -> bytes:
    lines = [delimiter.join(headers), *(delimiter.join(_quoted(cell, delimiter) for cell in row) for row in rows)]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def _quoted(cell: str, delimiter: str) -> str:
    return f'"{cell}"' if delimiter in cell or '"' in cell else cell


def xlsx_bytes(rows: Iterable[Sequence[object]], *, headers: Sequence[str] = FRENCH_HEADERS) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
