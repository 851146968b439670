"""Reading the prison's list: file formats, columns, and the values of each cell.

Pure functions, no database: ``services.py`` drives them. Files come from Belgian spreadsheets:
CSV separated by ``;`` (Excel in French or Dutch) or ``,``, in UTF-8 (with or without BOM) or
Windows-1252/Latin-1, or XLSX. Messages never repeat a cell's content, because a wrongly
mapped column could hold names, and messages are stored with the import.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from concerto.detainees.models import Gender, LegalStatus, PresenceStatus

FIRST_YEAR, LAST_YEAR = 2000, 2100
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
# What [Content_Types].xml of a real workbook declares for its main part (OOXML, ECMA-376).
XLSX_MAIN_CONTENT_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
# Not UTF-8: the Western encodings Belgian spreadsheets write; charset-normalizer picks among them.
LEGACY_ENCODINGS = ["cp1252", "latin_1", "iso8859_15"]


def max_file_bytes() -> int:
    """``CONCERTO_UPLOAD_MAX_MB`` (10): the largest file an upload accepts, read at each call."""
    return int(getattr(settings, "CONCERTO_UPLOAD_MAX_MB", 10)) * 1024 * 1024


def max_rows() -> int:
    """``CONCERTO_IMPORT_MAX_ROWS`` (50,000): more is no prison's list (Haren holds about 1,200)."""
    return int(getattr(settings, "CONCERTO_IMPORT_MAX_ROWS", 50_000))


def max_unzipped_bytes() -> int:
    """``CONCERTO_XLSX_MAX_UNZIPPED_MB`` (100): a workbook whose parts unzip to more is refused
    before openpyxl reads it, so a small "zip bomb" cannot fill the memory of the worker."""
    return int(getattr(settings, "CONCERTO_XLSX_MAX_UNZIPPED_MB", 100)) * 1024 * 1024


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def _rows_text(count: int) -> str:
    return f"{count:,}".replace(",", " ")


class ImportFileError(ValidationError):
    """The file cannot be read at all (format, encoding, size): nothing is stored."""


@dataclass(frozen=True)
class ImportField:
    name: str
    label: Promise
    required: bool
    # Header names (normalised by ``normalise``) suggesting this field, in French, Dutch and English.
    headers: frozenset[str]


def normalise(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces: "Numéro d'écrou" → "numero d ecrou"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def _names(*names: str) -> frozenset[str]:
    return frozenset(normalise(name) for name in names)


FIELDS: tuple[ImportField, ...] = (
    ImportField(
        "prison_number",
        _("prison number"),
        True,
        _names(
            "Numéro d'écrou",
            "N° d'écrou",
            "No d'écrou",
            "Écrou",
            "Numéro écrou",
            "Numéro de détenu",
            "Rolnummer",
            "Opsluitingsnummer",
            "Gedetineerdennummer",
            "Detentienummer",
            "Prison number",
            "Inmate number",
            "Detainee number",
        ),
    ),
    ImportField(
        "last_name",
        _("last name"),
        True,
        _names("Nom", "Nom de famille", "Naam", "Achternaam", "Familienaam", "Last name", "Surname", "Family name"),
    ),
    ImportField(
        "first_name",
        _("first name"),
        True,
        _names("Prénom", "Prénoms", "Voornaam", "Voornamen", "First name", "Given name"),
    ),
    ImportField("gender", _("gender"), False, _names("Sexe", "Genre", "Geslacht", "Gender", "Sex")),
    ImportField(
        "legal_status",
        _("legal status"),
        True,
        _names(
            "Statut",
            "Statut juridique",
            "Statut légal",
            "Situation juridique",
            "Statuut",
            "Juridisch statuut",
            "Juridische status",
            "Legal status",
            "Status",
        ),
    ),
    ImportField(
        "unit",
        _("unit"),
        True,
        _names("Unité", "Section", "Quartier", "Aile", "Afdeling", "Sectie", "Vleugel", "Unit", "Wing"),
    ),
    ImportField(
        "languages_spoken",
        _("languages spoken"),
        False,
        _names(
            "Langues",
            "Langue",
            "Langues parlées",
            "Langue parlée",
            "Talen",
            "Taal",
            "Gesproken talen",
            "Languages",
            "Language",
            "Languages spoken",
        ),
    ),
    ImportField(
        "languages_read",
        _("languages read"),
        False,
        _names("Langues lues", "Langue lue", "Lit", "Gelezen talen", "Leest", "Languages read", "Reads"),
    ),
    ImportField(
        "expected_release_on",
        _("expected release or transfer"),
        False,
        _names(
            "Date de libération prévue",
            "Libération prévue",
            "Date de sortie prévue",
            "Sortie prévue",
            "Verwachte vrijlating",
            "Verwachte vrijlatingsdatum",
            "Verwachte datum vrijlating",
            "Expected release",
            "Expected release date",
            "Release date",
        ),
    ),
    ImportField(
        "departure",
        _("departure (released or transferred)"),
        False,
        _names("Sortie", "Motif de sortie", "Mouvement", "Vertrek", "Reden vertrek", "Departure", "Movement"),
    ),
    ImportField(
        "departed_on",
        _("departure date"),
        False,
        _names("Date de sortie", "Datum vertrek", "Vertrekdatum", "Departure date", "Left on"),
    ),
)
FIELDS_BY_NAME = {field.name: field for field in FIELDS}
REQUIRED_FIELDS = tuple(field.name for field in FIELDS if field.required)

# Columns Concerto must never read or store: national register numbers (GDPR: not needed).
FORBIDDEN_HEADERS = _names(
    "Rijksregisternummer",
    "Rijksregister",
    "Numéro de registre national",
    "Registre national",
    "Numéro national",
    "NISS",
    "INSZ",
    "RRN",
    "NN",
    "National register number",
    "National number",
    "Social security number",
)


def is_forbidden_header(header: str) -> bool:
    name = normalise(header)
    return name in FORBIDDEN_HEADERS or "registre national" in name or "rijksregister" in name


def suggest_mapping(headers: list[str]) -> dict[str, int]:
    """field name → column index, from known header names; forbidden columns are never suggested."""
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for field in FIELDS:
        for index, header in enumerate(headers):
            if index in used or is_forbidden_header(header):
                continue
            if normalise(header) in field.headers:
                mapping[field.name] = index
                used.add(index)
                break
    return mapping


# --- Files --------------------------------------------------------------------------------


@dataclass
class ParsedFile:
    """Headers and the non-blank rows under them, each with its row number as a spreadsheet shows it."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]
    encoding: str = ""
    delimiter: str = ""


def read_file(content: bytes, *, header_only: bool = False) -> ParsedFile:
    """Parse a CSV or XLSX file. Raises ImportFileError with a message for the person who uploaded it.

    The type is told from the content, never from the file's name: a workbook must be a zip
    holding the OOXML content types of a spreadsheet, and anything else must decode as text.
    Each limit (size, rows, unzipped size) is a setting and its message names it.
    """
    if not content.strip():
        raise ImportFileError(_("The file is empty."), code="empty")
    check_size(len(content))
    if content.startswith(XLSX_MAGIC):
        _check_workbook(content)
        parsed = _read_xlsx(content, header_only=header_only)
    elif content.startswith(OLE_MAGIC):
        raise ImportFileError(
            _("This is the old Excel format (.xls). Save the list as .xlsx or as CSV and upload it again."),
            code="xls",
        )
    else:
        parsed = _read_csv(_decode(content), header_only=header_only)
    if not parsed.headers:
        raise ImportFileError(_("The file is empty."), code="empty")
    if len(parsed.rows) > max_rows():
        raise ImportFileError(
            _("The file has more than %(count)s rows, the most an import takes: is it really one prison's list?")
            % {"count": _rows_text(max_rows())},
            code="too_many_rows",
        )
    return parsed


def check_size(size: int) -> None:
    """Refuse a file over ``CONCERTO_UPLOAD_MAX_MB``, naming the limit (before reading it, in the form)."""
    if size > max_file_bytes():
        raise ImportFileError(
            _(
                "The file is larger than %(size)s MB, the most an upload takes: split it, "
                "or remove the columns Concerto does not need."
            )
            % {"size": _megabytes(max_file_bytes())},
            code="too_large",
        )


def _check_workbook(content: bytes) -> None:
    """A zip is a workbook only with the OOXML content types of a spreadsheet; and it must not unzip too big."""
    not_a_workbook = ImportFileError(
        _(
            "This file is a zip archive but not an Excel workbook (.xlsx). "
            "Export the list from your spreadsheet as .xlsx or CSV and upload it again."
        ),
        code="not_xlsx",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            if sum(member.file_size for member in members) > max_unzipped_bytes():
                raise ImportFileError(
                    _("This workbook unzips to more than %(size)s MB, the most an import reads: save it again as CSV.")
                    % {"size": _megabytes(max_unzipped_bytes())},
                    code="xlsx_too_large",
                )
            if "[Content_Types].xml" not in {member.filename for member in members}:
                raise not_a_workbook
            with archive.open("[Content_Types].xml") as types:
                declared = types.read(1024 * 1024)
    except zipfile.BadZipFile as error:
        raise ImportFileError(
            _("This file could not be opened as an Excel workbook (.xlsx). Export it again and retry."),
            code="xlsx",
        ) from error
    if XLSX_MAIN_CONTENT_TYPE not in declared:
        raise not_a_workbook


def _decode(content: bytes) -> str:
    """UTF-8 (with or without BOM), else a Western encoding charset-normalizer recognises as text."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")) or content[:200].count(b"\x00") > 2:
        raise ImportFileError(
            _(
                "This file is in UTF-16 or is not a text file. In your spreadsheet, choose "
                "“Save as” → “CSV UTF-8” (or .xlsx) and upload it again."
            ),
            code="encoding",
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _decode_legacy(content)
    controls = sum(1 for char in text[:5000] if unicodedata.category(char) == "Cc" and char not in "\t\r\n")
    if controls > 0:
        raise _not_text()
    return text


def _decode_legacy(content: bytes) -> str:
    """Not UTF-8: charset-normalizer says whether the bytes are text at all, in which Western encoding."""
    from charset_normalizer import from_bytes  # imported here: only non-UTF-8 files need it

    best = from_bytes(content, cp_isolation=LEGACY_ENCODINGS).best()
    if best is None:
        raise _not_text()
    return str(best)


def _not_text() -> ImportFileError:
    return ImportFileError(
        _(
            "This file does not look like a CSV or XLSX file (it holds unreadable characters). "
            "Export the list from your spreadsheet as CSV or XLSX and upload it again."
        ),
        code="binary",
    )


def _detect_delimiter(text: str) -> str:
    """The separator that splits the header line into the most columns: ``;`` wins ties (Belgian Excel)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    best, best_count = ";", 0
    for candidate in (";", ",", "\t"):
        count = len(next(csv.reader([first], delimiter=candidate), []))
        if count > best_count:
            best, best_count = candidate, count
    return best


def _read_csv(text: str, *, header_only: bool) -> ParsedFile:
    delimiter = _detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, record in enumerate(reader, start=1):
            cells = [cell.strip() for cell in record]
            if not any(cells):
                continue
            if not headers:
                headers = cells
                if header_only:
                    break
                continue
            rows.append((number, cells))
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            # One cell over csv's limit (128 KiB): no prison list has such a cell.
            raise ImportFileError(
                _(
                    "Row %(row)d holds a cell longer than %(limit)s characters: this is not a prison list, "
                    "or a quote opened in that row is never closed."
                )
                % {"row": reader.line_num, "limit": f"{csv.field_size_limit():,}".replace(",", " ")},
                code="csv_cell_too_long",
            ) from error
        raise ImportFileError(
            _("The file could not be read as CSV near row %(row)d (a quote may be missing).")
            % {"row": reader.line_num},
            code="csv",
        ) from error
    return ParsedFile(headers=_clean_headers(headers), rows=rows, delimiter=delimiter)


def _clean_headers(headers: list[str]) -> list[str]:
    # Trailing empty columns (a spreadsheet's stray separators) are dropped; others get a name.
    while headers and not headers[-1]:
        headers.pop()
    return [header or str(_("Column %(number)d") % {"number": index + 1}) for index, header in enumerate(headers)]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(content: bytes, *, header_only: bool) -> ParsedFile:
    from openpyxl import load_workbook  # imported here: only XLSX uploads need it

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(
            _("This file could not be opened as an Excel workbook (.xlsx). Export it again and retry."),
            code="xlsx",
        ) from error
    try:
        sheet = workbook.worksheets[0]
        headers: list[str] = []
        rows: list[tuple[int, list[str]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(value) for value in values]
            if not any(cells):
                continue
            if not headers:
                headers = cells
                if header_only:
                    break
                continue
            rows.append((number, cells))
            if len(rows) > max_rows():
                break
    finally:
        workbook.close()
    return ParsedFile(headers=_clean_headers(headers), rows=rows)


# --- Values -------------------------------------------------------------------------------


class CellError(Exception):
    """One cell's value is not valid; ``message`` is shown with the row and column."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


PRISON_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9./-]{0,29}$")
NATIONAL_NUMBER = re.compile(r"^(\d{2})\.?(\d{2})\.?(\d{2})-?(\d{3})\.?(\d{2})$")


def looks_like_national_number(value: str) -> bool:
    """A Belgian national register number (11 digits whose last two are the mod-97 check)."""
    match = NATIONAL_NUMBER.match(value.strip())
    if not match:
        return False
    digits = "".join(match.groups())
    body, check = int(digits[:9]), int(digits[9:])
    return check in {97 - body % 97, 97 - int("2" + digits[:9]) % 97}


def parse_prison_number(value: str) -> str:
    number = value.strip()
    if number.endswith(".0") and number[:-2].isdigit():
        number = number[:-2]  # a number cell read from a spreadsheet
    if not number:
        raise CellError(_("The prison number is missing."))
    if looks_like_national_number(number):
        raise CellError(_("This looks like a national register number: Concerto only keeps the prison number."))
    if number.upper().startswith("ANON-"):
        raise CellError(_("Prison numbers starting with ANON- are kept for anonymised records."))
    if not PRISON_NUMBER.match(number):
        raise CellError(_("A prison number has up to 30 letters, digits, dots, dashes or slashes."))
    return number


def parse_name(value: str, *, label: Any) -> str:
    name = " ".join(value.split())
    if not name:
        raise CellError(_("The %(field)s is missing.") % {"field": label})
    if len(name) > 100:
        raise CellError(_("The %(field)s is longer than 100 characters.") % {"field": label})
    return name


GENDER_VALUES = {
    **dict.fromkeys(_names("H", "M", "homme", "masculin", "man", "mannelijk", "male", "men"), Gender.MAN),
    **dict.fromkeys(
        _names("F", "V", "W", "femme", "féminin", "vrouw", "vrouwelijk", "woman", "female", "women"), Gender.WOMAN
    ),
    **dict.fromkeys(_names("X", "autre", "ander", "other", "inconnu", "onbekend", "unknown"), Gender.OTHER),
}


def parse_gender(value: str) -> str:
    if not value.strip():
        return Gender.OTHER
    try:
        return GENDER_VALUES[normalise(value)]
    except KeyError:
        raise CellError(
            _("Unknown gender: write H/M (man), F/V (woman) or X, or the word in French, Dutch or English.")
        ) from None


LEGAL_STATUS_VALUES = {
    **dict.fromkeys(
        _names(
            "prévenu",
            "prévenue",
            "prévenus",
            "inculpé",
            "inculpée",
            "accusé",
            "accusée",
            "détention préventive",
            "verdachte",
            "beklaagde",
            "beschuldigde",
            "voorlopig gehechte",
            "voorlopige hechtenis",
            "accused",
            "remand",
            "P",
        ),
        LegalStatus.ACCUSED,
    ),
    **dict.fromkeys(
        _names("condamné", "condamnée", "condamnés", "veroordeelde", "veroordeeld", "convicted", "sentenced", "C"),
        LegalStatus.CONVICTED,
    ),
    **dict.fromkeys(
        _names("interné", "internée", "internés", "geïnterneerde", "geïnterneerd", "interned", "I"),
        LegalStatus.INTERNED,
    ),
}


def parse_legal_status(value: str) -> str:
    if not value.strip():
        raise CellError(_("The legal status is missing."))
    try:
        return LEGAL_STATUS_VALUES[normalise(value)]
    except KeyError:
        raise CellError(
            _(
                "Unknown legal status: write accused (prévenu, verdachte), convicted (condamné, veroordeelde) "
                "or interned (interné, geïnterneerde)."
            )
        ) from None


DEPARTURE_VALUES = {
    **dict.fromkeys(
        _names("libéré", "libérée", "libération", "vrijgelaten", "vrijlating", "released", "release"),
        PresenceStatus.RELEASED,
    ),
    **dict.fromkeys(
        _names("transféré", "transférée", "transfert", "overgebracht", "overplaatsing", "transferred", "transfer"),
        PresenceStatus.TRANSFERRED,
    ),
    **dict.fromkeys(_names("présent", "aanwezig", "present"), ""),
}


def parse_departure(value: str) -> str:
    """ "" (still here), or released / transferred."""
    if not value.strip():
        return ""
    try:
        return DEPARTURE_VALUES[normalise(value)]
    except KeyError:
        raise CellError(
            _("Unknown departure: write released (libéré, vrijgelaten) or transferred (transféré, overgebracht).")
        ) from None


DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S")


def parse_date(value: str) -> dt.date | None:
    text = value.strip()
    if not text:
        return None
    for pattern in DATE_FORMATS:
        try:
            day = dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise CellError(_("Give a date from %(first)d to %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR})
        return day
    raise CellError(_("Write dates as day/month/year (31/12/2027) or year-month-day (2027-12-31)."))


LANGUAGE_SEPARATORS = re.compile(r"[,;/|+]|\s+(?:et|en|and|&)\s+")
# ISO 639-2 codes people use besides the 639-1 codes of the reference list.
LANGUAGE_ALIASES = {
    "fra": "fr",
    "fre": "fr",
    "nld": "nl",
    "dut": "nl",
    "vla": "nl",
    "eng": "en",
    "ara": "ar",
    "tur": "tr",
    "spa": "es",
    "por": "pt",
    "ita": "it",
    "deu": "de",
    "ger": "de",
    "ron": "ro",
    "rum": "ro",
    "bul": "bg",
    "pol": "pl",
    "sqi": "sq",
    "alb": "sq",
    "rus": "ru",
    "ukr": "uk",
    "kat": "ka",
    "geo": "ka",
    "hye": "hy",
    "arm": "hy",
    "fas": "fa",
    "per": "fa",
    "pus": "ps",
    "tir": "ti",
    "som": "so",
    "lin": "ln",
    "ber": "zgh",
}


def parse_languages(value: str, lookup: dict[str, int]) -> frozenset[int]:
    """Language ids from ISO 639 codes or names (any of the three interface languages or native)."""
    found: set[int] = set()
    unknown = 0
    for token in LANGUAGE_SEPARATORS.split(value):
        key = normalise(token)
        if not key:
            continue
        key = LANGUAGE_ALIASES.get(key, key)
        if key in lookup:
            found.add(lookup[key])
        else:
            unknown += 1
    if unknown:
        raise CellError(
            _("%(count)d language(s) not recognised: give ISO 639 codes (fr, nl, ar…) or names, separated by commas.")
            % {"count": unknown}
        )
    return frozenset(found)


def cells(row: list[str], mapping: dict[str, int]) -> Iterator[tuple[str, str]]:
    """(field name, cell text) for each mapped field; a missing cell at the end of a short row is empty."""
    for name, index in mapping.items():
        yield name, row[index] if index < len(row) else ""
