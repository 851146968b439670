"""Reading files: encodings, separators, XLSX, and the values of cells (no database)."""

import datetime as dt

import pytest

from concerto.detainees import importing
from concerto.detainees.tests.factories import FRENCH_HEADERS, csv_bytes, person_row, xlsx_bytes


def test_semicolon_utf8_with_bom_is_read():
    parsed = importing.read_file(csv_bytes([person_row(1)], delimiter=";", encoding="utf-8-sig"))
    assert parsed.headers[0] == "Numéro d'écrou"
    assert parsed.rows == [(2, person_row(1))]


def test_comma_latin1_with_accents_is_read():
    content = csv_bytes([person_row(1, last="Hélène")], delimiter=",", encoding="latin-1")
    parsed = importing.read_file(content)
    assert parsed.rows[0][1][1] == "Hélène"
    assert parsed.headers == FRENCH_HEADERS


def test_quoted_cells_may_hold_the_separator():
    parsed = importing.read_file(csv_bytes([person_row(1, languages="fr; ar")], delimiter=";"))
    assert parsed.rows[0][1][6] == "fr; ar"


def test_blank_lines_are_skipped_but_rows_keep_their_spreadsheet_numbers():
    content = "Nom;Prénom\r\n\r\nA;B\r\n;\r\nC;D\r\n".encode()
    parsed = importing.read_file(content)
    assert parsed.rows == [(3, ["A", "B"]), (5, ["C", "D"])]


def test_xlsx_is_read_with_dates_and_numbers_as_text():
    content = xlsx_bytes([[123456, "Nom", "Prénom", "F", "condamnée", "women-closed", "ro", dt.datetime(2027, 5, 1)]])
    parsed = importing.read_file(content)
    assert parsed.rows == [(2, ["123456", "Nom", "Prénom", "F", "condamnée", "women-closed", "ro", "2027-05-01"])]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty"),
        (b"   \r\n  ", "empty"),
        ("Nom;Prénom\r\nA;B\r\n".encode("utf-16"), "encoding"),
        (bytes(range(256)) * 4, "binary"),
        (b"\x01\x02\x03garbage\x04\x05" * 50, "binary"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"x" * 100, "xls"),
        (b"PK\x03\x04 not really a workbook", "xlsx"),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_reason(content, code):
    with pytest.raises(importing.ImportFileError) as raised:
        importing.read_file(content)
    assert raised.value.code == code
    assert raised.value.messages[0]


def test_a_one_megabyte_cell_is_refused_naming_its_row_and_the_limit():
    content = csv_bytes([person_row(1), person_row(2, last="x" * 1_000_000)], delimiter=";")
    with pytest.raises(importing.ImportFileError) as raised:
        importing.read_file(content)
    assert raised.value.code == "csv_cell_too_long"
    assert raised.value.messages[0].startswith("Row 3 holds a cell longer than 131 072 characters")


def test_suggested_mapping_knows_french_dutch_and_english_headers():
    french = importing.suggest_mapping(FRENCH_HEADERS)
    assert french == {
        "prison_number": 0,
        "last_name": 1,
        "first_name": 2,
        "gender": 3,
        "legal_status": 4,
        "unit": 5,
        "languages_spoken": 6,
        "expected_release_on": 7,
    }
    dutch = importing.suggest_mapping(["Rolnummer", "Naam", "Voornaam", "Geslacht", "Statuut", "Afdeling"])
    assert dutch == {"prison_number": 0, "last_name": 1, "first_name": 2, "gender": 3, "legal_status": 4, "unit": 5}


def test_national_register_columns_are_never_suggested():
    mapping = importing.suggest_mapping(["Rijksregisternummer", "Nom", "Prénom"])
    assert 0 not in mapping.values()
    assert importing.is_forbidden_header("Numéro de registre national")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("H", "man"), ("m", "man"), ("Homme", "man"), ("F", "woman"), ("V", "woman"), ("vrouw", "woman"), ("", "other")],
)
def test_gender_values_in_three_languages(text, expected):
    assert importing.parse_gender(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("prévenu", "accused"),
        ("Inculpée", "accused"),
        ("verdachte", "accused"),
        ("condamné", "convicted"),
        ("Veroordeelde", "convicted"),
        ("interné", "interned"),
        ("geïnterneerde", "interned"),
    ],
)
def test_legal_status_values_in_three_languages(text, expected):
    assert importing.parse_legal_status(text) == expected


def test_dates_in_belgian_and_iso_forms():
    assert importing.parse_date("05/03/2027") == dt.date(2027, 3, 5)
    assert importing.parse_date("2027-03-05") == dt.date(2027, 3, 5)
    assert importing.parse_date("") is None
    with pytest.raises(importing.CellError):
        importing.parse_date("03/05/27")


def test_national_register_numbers_are_refused_as_prison_numbers():
    assert importing.looks_like_national_number("85.07.30-033.28")  # a valid check digit
    with pytest.raises(importing.CellError):
        importing.parse_prison_number("85073003328")
    assert importing.parse_prison_number("123456") == "123456"


def test_languages_by_code_name_or_iso_639_2():
    lookup = {"fr": 1, "francais": 1, "ar": 2, "arabe": 2}
    assert importing.parse_languages("FR, arabe", lookup) == {1, 2}
    assert importing.parse_languages("fra / ara", lookup) == {1, 2}
    with pytest.raises(importing.CellError):
        importing.parse_languages("fr, klingon", lookup)
