"""Upload limits and the type told from the content: each refusal names its limit, nothing is stored."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from concerto.detainees import importing
from concerto.detainees.models import DetaineeImport
from concerto.detainees.tests.factories import csv_bytes, person_row, xlsx_bytes


def refusal(content: bytes) -> importing.ImportFileError:
    with pytest.raises(importing.ImportFileError) as raised:
        importing.read_file(content)
    return raised.value


def test_a_file_over_the_size_setting_is_refused_naming_the_limit(settings):
    settings.CONCERTO_UPLOAD_MAX_MB = 1
    error = refusal(csv_bytes([person_row(1, last="x" * 100_000)] * 11))
    assert error.code == "too_large"
    assert "larger than 1 MB" in error.messages[0]


def test_more_rows_than_the_setting_are_refused_naming_the_limit(settings):
    settings.CONCERTO_IMPORT_MAX_ROWS = 3
    error = refusal(csv_bytes([person_row(number) for number in range(4)]))
    assert error.code == "too_many_rows"
    assert "more than 3 rows" in error.messages[0]
    settings.CONCERTO_IMPORT_MAX_ROWS = 3
    assert refusal(xlsx_bytes([person_row(number) for number in range(5)])).code == "too_many_rows"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_without_the_ooxml_content_types_of_a_spreadsheet_is_not_a_workbook():
    assert refusal(_zip({"liste.csv": b"Nom;Prenom\r\nA;B\r\n"})).code == "not_xlsx"
    # A Word document is OOXML too, but not a spreadsheet.
    word = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    assert refusal(_zip({"[Content_Types].xml": word})).code == "not_xlsx"


def test_a_workbook_that_unzips_too_big_is_refused_unread(settings):
    settings.CONCERTO_XLSX_MAX_UNZIPPED_MB = 1
    bomb = _zip({"[Content_Types].xml": importing.XLSX_MAIN_CONTENT_TYPE, "xl/worksheets/sheet1.xml": b" " * 2_000_000})
    error = refusal(bomb)
    assert error.code == "xlsx_too_large"
    assert "more than 1 MB" in error.messages[0]


def test_windows_1252_text_is_recognised_by_charset_normalizer():
    content = csv_bytes([person_row(1, last="Françoise Œuvray")], encoding="cp1252")
    assert importing.read_file(content).rows[0][1][1] == "Françoise Œuvray"


@pytest.mark.django_db
def test_the_type_comes_from_the_content_not_the_name(manager, works_in_haren, prison, units):
    client = Client()
    client.force_login(manager)
    for name, content in (("liste.xlsx", csv_bytes([person_row(1)])), ("liste.csv", xlsx_bytes([person_row(1)]))):
        response = client.post(
            "/en/detainees/imports/new/", {"prison": prison.pk, "file": SimpleUploadedFile(name, content)}
        )
        assert response.status_code == 302, name
    assert DetaineeImport.objects.count() == 2
    response = client.post(
        "/en/detainees/imports/new/",
        {"prison": prison.pk, "file": SimpleUploadedFile("liste.xlsx", _zip({"photo.jpg": b"\xff\xd8\xff"}))},
    )
    assert "not an Excel workbook" in response.text
    assert DetaineeImport.objects.count() == 2


@pytest.mark.django_db
def test_the_upload_form_refuses_a_large_file_before_reading_it(manager, works_in_haren, prison, units, settings):
    settings.CONCERTO_UPLOAD_MAX_MB = 1
    client = Client()
    client.force_login(manager)
    big = SimpleUploadedFile("liste.csv", b"x" * (1024 * 1024 + 1))
    response = client.post("/en/detainees/imports/new/", {"prison": prison.pk, "file": big})
    assert "larger than 1 MB, the most an upload takes" in response.text
    assert not DetaineeImport.objects.exists()
