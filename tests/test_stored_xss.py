"""Stored XSS: markup typed into any free-text field never reaches a reader as markup.

A payload (a script element, an image with an ``onerror`` handler, a formula-like first
character, a line break, and the ``;`` ``,`` ``\\`` that iCalendar must escape) is planted in every free-text
field of every row of the permission matrix's world. The fields are found by introspection:
every ``CharField`` and ``TextField`` of the project's models without choices, minus the
exclusions below (each with its reason), plus the JSON fields that hold typed texts
(questionnaires' translations, screening checklists, an import's column names).

Then every page of the permission matrix is read as every role that may read it (anonymous
included, so the public pages, feeds and open data are read too), and each answer is checked in
its own format:

- HTML: none of the payload's markup appears unescaped, and no element carries an ``on…``
  attribute (the CSP forbids inline handlers: any one is injected);
- JSON (the API, open data): it parses, and the payload is inside its strings;
- iCalendar: it parses, and every text holding the marker holds the whole payload (``;`` and
  ``,`` escaped as RFC 5545 says, not read as separators);
- PDF (pdftotext): wherever the marker shows, the payload's markup shows with it, as text;
- Turtle (the DCAT catalogue): it parses, and the marker is inside its literals;
- CSV and XLSX, and the open-data package's CSV files: no cell starts with ``=``, ``+``, ``-``
  or ``@`` unless it is a number.

So that the test can fail, the marker must show in the pages that display the planted texts.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import icalendar
import pytest
import rdflib
from django.apps import apps
from django.core import validators
from django.db import models
from django.test import Client

from concerto.accounts.models import User
from tests import test_permission_matrix as matrix
from tests.test_permission_matrix import ROLES, World

pytestmark = pytest.mark.django_db

MARKER = "xss-MARKER"
# A line break too: typed into a one-line field through the API or a hand-made form post.
PAYLOAD = '=<script>alert("xss-MARKER")</script><img src=x onerror=alert(1)>\n;,\\'
SHORT_PAYLOAD = "@<i onerror=x>xss-MARKER"  # for fields too short for the whole payload
# What must never reach an HTML page as it was typed.
RAW_MARKUP = ('<script>alert("xss-MARKER")', "<img src=x onerror", "<i onerror=x>")
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
FORMULA_STARTS = ("=", "+", "-", "@")
NUMBER = re.compile(r"^[-+]?\d+([.,]\d+)?%?$")

# Whole models nobody types into.
NOT_TYPED_MODELS = {
    "bench": "the benchmark's own bookkeeping",
    "core.WorkerHeartbeat": "written by the task worker",
    "feeds.PrivateFeedToken": "a digest of a secret",
    "privacy.PersonalDataAccess": "the access log, written by the code (who read what, in the code's words)",
}
# Text fields that are not free text, with why. Beside these, by rule: fields with choices, slugs,
# e-mail addresses and URLs (validated by their fields), fields with a format validator, fields
# not editable, and fields too short to hold markup.
NOT_FREE_TEXT = {
    "accounts.User.password": "a password hash",
    "accounts.ApiToken.digest": "a digest of a secret",
    "accounts.ApiToken.token_key": "the first characters of a secret",
    "catalogue.Edition.recurrence": "an RFC 5545 RRULE, parsed to make the schedule (not shown as typed)",
    "detainees.DetaineeImport.file_sha256": "a SHA-256 of the uploaded file",
    "attendance.ServiceNotice.link": "a path the code builds with reverse()",
    "privacy.SubjectRequest.subject_type": "a model label the code writes",
}
# JSON fields holding typed texts: every string in them is planted (a translation's values, a
# list's items); the others hold codes, numbers and structures the code writes.
JSON_TEXTS = {
    "surveys.QuestionnaireVersion.title",
    "surveys.QuestionnaireVersion.introduction",
    "surveys.Section.title",
    "surveys.Question.text",
    "surveys.Question.help_text",
    "surveys.Question.scale_min_label",
    "surveys.Question.scale_max_label",
    "surveys.Option.label",
    "registrations.EditionScreening.checklist",
    "detainees.DetaineeImport.headers",
}
FORMAT_VALIDATORS = (validators.MaxLengthValidator, validators.ProhibitNullCharactersValidator)


def _label(field: models.Field) -> str:
    # A history model's field is named after the live model's (django-simple-history).
    model = getattr(field.model, "instance_type", field.model)
    return f"{model._meta.label}.{field.name}"


def free_text_fields() -> list[models.Field]:
    """The project's fields a person types into, by introspection (see the exclusions above)."""
    found = []
    for model in apps.get_models():
        # History rows too: the history pages show the texts as they were.
        meta = getattr(model, "instance_type", model)._meta
        if not model.__module__.startswith("concerto."):
            continue
        if meta.app_label in NOT_TYPED_MODELS or meta.label in NOT_TYPED_MODELS:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.JSONField):
                if _label(field) in JSON_TEXTS:
                    found.append(field)
                continue
            if not isinstance(field, models.CharField | models.TextField) or _label(field) in NOT_FREE_TEXT:
                continue
            if field.choices or not field.editable or field.primary_key:
                continue
            if isinstance(field, models.SlugField | models.EmailField | models.URLField):
                continue
            if any(not isinstance(v, FORMAT_VALIDATORS) for v in field.validators):
                continue
            if field.max_length is not None and field.max_length < len(SHORT_PAYLOAD) + 8:
                continue
            found.append(field)
    return found


def _payload_for(field: models.Field, pk: Any) -> str:
    # The row's key keeps values distinct where the field is unique.
    for payload in (PAYLOAD, SHORT_PAYLOAD):
        value = f"{payload} #{pk}"
        if field.max_length is None or len(value) <= field.max_length:
            return value
    raise AssertionError(f"{_label(field)}: too short for the payload")


def _planted_json(value: Any, text: str) -> Any:
    if isinstance(value, dict):
        return {key: _planted_json(item, text) for key, item in value.items()}
    if isinstance(value, list):
        return [_planted_json(item, text) for item in value]
    return text if isinstance(value, str) else value


def plant() -> dict[str, int]:
    """The payload in every free-text field of every row; the number of rows planted per field."""
    planted: dict[str, int] = {}
    fields_by_model: dict[type[models.Model], list[models.Field]] = {}
    for field in free_text_fields():
        fields_by_model.setdefault(field.model, []).append(field)
    for model, fields in fields_by_model.items():
        rows = model._default_manager.values("pk", *[f.attname for f in fields if isinstance(f, models.JSONField)])
        for row in rows:
            changes: dict[str, Any] = {}
            for field in fields:
                if isinstance(field, models.JSONField):
                    changes[field.attname] = _planted_json(row[field.attname], f"{PAYLOAD} #{row['pk']}")
                else:
                    changes[field.attname] = _payload_for(field, row["pk"])
            model._default_manager.filter(pk=row["pk"]).update(**changes)
        for field in fields:
            planted[_label(field)] = len(rows)
    return planted


# --- Checks per format ------------------------------------------------------------------------


class _Handlers(HTMLParser):
    """Collects the elements that carry an event-handler attribute (``onerror``, ``onload``...)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [f"<{tag} {name}=…>" for name, _ in attrs if name.startswith("on")]


def html_problems(body: str) -> list[str]:
    problems = [f"unescaped {markup!r}" for markup in RAW_MARKUP if markup in body]
    parser = _Handlers()
    parser.feed(body)
    return problems + [f"event handler {found}" for found in parser.found]


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def json_problems(body: bytes, content_type: str) -> list[str]:
    text = body.decode()
    if content_type.endswith("ndjson") or "x-ndjson" in content_type:
        documents = [json.loads(line) for line in text.splitlines() if line.strip()]
    else:
        documents = [json.loads(text)]
    strings = [string for document in documents for string in _strings(document)]
    if MARKER in text and not any(MARKER in string for string in strings):
        return ["the marker is in the body but in no JSON string"]
    return []


def ical_problems(body: bytes) -> list[str]:
    problems = []
    # As written: in the unfolded content lines, the payload's ;,\ are escaped (RFC 5545, 3.3.11).
    unfolded = body.decode().replace("\r\n ", "").replace("\r\n\t", "")
    for line in unfolded.splitlines():
        if PAYLOAD[1:30] in line and "\\;\\,\\\\" not in line:
            problems.append(f"content line not escaped as RFC 5545 says: {line[:120]!r}")
    calendar = icalendar.Calendar.from_ical(body)
    for component in calendar.walk():
        for name, value in component.property_items(recursive=False):
            text = value.decode() if isinstance(value, bytes) else str(value)
            if name in ("SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT") and MARKER in text:
                property_value = str(component.get(name))
                if not any(payload[:20] in property_value for payload in (PAYLOAD, SHORT_PAYLOAD)):
                    problems.append(f"{name} does not hold the payload whole: {property_value[:120]!r}")
                if PAYLOAD[:30] in property_value and not property_value.count(";,\\"):
                    problems.append(f"{name}: the payload's ';,\\' lost in the escaping: {property_value[:120]!r}")
    return problems


def turtle_problems(body: bytes) -> list[str]:
    graph = rdflib.Graph().parse(data=body.decode(), format="turtle")
    literals = [str(value) for triple in graph for value in triple if isinstance(value, rdflib.Literal)]
    if MARKER in body.decode() and not any(MARKER in literal for literal in literals):
        return ["the marker is in the Turtle but in no literal"]
    return []


def zip_problems(body: bytes) -> tuple[list[str], str]:
    """The open-data package: RFC 4180 CSV files (commas), each cell neutralised like the exports."""
    problems, texts = [], []
    archive = zipfile.ZipFile(io.BytesIO(body))
    for name in archive.namelist():
        text = archive.read(name).decode("utf-8-sig")
        texts.append(text)
        if name.endswith(".csv"):
            cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
            formulas = [cell for cell in cells if cell.startswith(FORMULA_STARTS) and not NUMBER.match(cell)]
            problems += [f"{name}: formula cell {cell[:60]!r}" for cell in formulas[:3]]
        elif name.endswith(".json"):
            problems += [f"{name}: {problem}" for problem in json_problems(text.encode(), "application/json")]
    return problems, "\n".join(texts)


def pdf_text(body: bytes) -> str:
    done = subprocess.run([PDFTOTEXT, "-", "-"], input=body, capture_output=True, check=True)  # noqa: S603
    return done.stdout.decode()


def pdf_problems(text: str) -> list[str]:
    # Whitespace out: pdftotext breaks lines where the layout does, also inside the payload.
    flat = re.sub(r"\s+", "", text)
    shown = flat.count(MARKER)
    as_text = flat.count('<script>alert("xss-MARKER")') + flat.count("<ionerror=x>xss-MARKER")
    if shown != as_text:
        return [f"the marker shows {shown} times, its markup as text only {as_text} times"]
    return []


def _cells(body: bytes, content_type: str) -> list[str]:
    if "spreadsheetml" in content_type:
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(body), read_only=True)
        return [
            value
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if isinstance(value, str)
        ]
    return [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";") for cell in row]


def export_problems(body: bytes, content_type: str) -> list[str]:
    cells = _cells(body, content_type)
    formulas = [cell for cell in cells if cell.startswith(FORMULA_STARTS) and not NUMBER.match(cell)]
    return [f"formula cell {cell[:60]!r}" for cell in formulas[:3]]


def check(body: bytes, content_type: str) -> tuple[list[str], str]:
    """The problems found in one answer, and its text as a reader gets it (to look for the marker)."""
    if content_type.startswith("text/html"):
        text = body.decode()
        return html_problems(text), text
    if "json" in content_type:
        return json_problems(body, content_type), body.decode()
    if content_type.startswith("text/calendar"):
        return ical_problems(body), body.decode()
    if content_type.startswith("application/pdf"):
        text = pdf_text(body)
        return pdf_problems(text), text
    if content_type.startswith("text/turtle"):
        return turtle_problems(body), body.decode()
    if content_type.startswith("application/zip"):
        return zip_problems(body)
    if content_type.startswith("text/csv") or "spreadsheetml" in content_type:
        cells = _cells(body, content_type)
        return export_problems(body, content_type), "\n".join(cells)
    return [], body.decode(errors="replace")


# --- The test ---------------------------------------------------------------------------------


@pytest.fixture
def world() -> World:
    built = matrix._base_world()
    for module in matrix.app_modules():
        module.build(built)
    return built


def client_for(role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(User.objects.get(username=role))
    return client


# Pages that show the planted texts to the role: the marker must be there (the check can fail).
MUST_SHOW = {
    "catalogue:activity_detail": "administrator",
    "catalogue:edition_detail": "service_worker",
    "catalogue:activity_history": "administrator",  # the history rows, planted too
    "public:activity": "anonymous",
    "feeds:activity": "anonymous",
    "opendata:hsds_tabular": "anonymous",
    "opendata:catalog_ttl": "anonymous",
    "detainees:detainee_detail": "service_worker",
    "publicity:edition_flyer": "coordinator",
    "coverage:export": "coordinator",
    "api:v1:activity-detail": "service_worker",
}


@pytest.mark.parametrize("role", ROLES)
def test_planted_markup_reaches_no_reader_as_markup(role: str, world: World) -> None:
    plant()
    client = client_for(role)
    problems, read, shown = [], 0, set()
    for case in matrix.cases():
        if case.method != "get" or case.expected[role] != matrix.OK:
            continue
        path = case.path(world)
        response = client.get(path)
        if response.status_code != matrix.OK:
            problems.append(f"{path} ({case.name}): {response.status_code} with the payload planted")
            continue
        body = response.getvalue() if response.streaming else response.content
        found, text = check(body, response.get("Content-Type", ""))
        problems += [f"{path} ({case.name}): {problem}" for problem in found]
        read += 1
        if MARKER in text:
            shown.add(case.name)
    assert not problems, f"{role}:\n" + "\n".join(problems)
    assert read, f"{role}: no page read"
    missing = sorted(name for name, reader in MUST_SHOW.items() if reader == role and name not in shown)
    assert not missing, f"{role}: the planted texts do not show in {missing}: the check proved nothing there"


def test_the_payload_is_planted_in_the_fields_people_write() -> None:
    labels = {_label(field) for field in free_text_fields()}
    expected = {
        "catalogue.Activity.title_fr",
        "catalogue.Activity.description_nl",
        "catalogue.Session.change_reason",
        "organisations.Organisation.name",
        "organisations.Contact.name",
        "prisons.Room.name",
        "prisons.Unit.name_en",
        "detainees.Detainee.last_name",
        "detainees.DetaineeNote.text",
        "attendance.FeedbackInterview.notes",
        "evaluation.FacilitatorReport.incidents",
        "proposals.ProposalComment.text",
        "surveys.Option.label",
        "surveys.Answer.text",
        "reports.ReportText.text",
        "reference.Category.name_fr",
    }
    assert expected <= labels, sorted(expected - labels)
    assert not {"accounts.User.password", "catalogue.Edition.recurrence"} & labels
