"""The HSDS tabular data package: one CSV per HSDS table and a ``datapackage.json``.

The tables and their columns are HSDS 3.0's (``hsds_tables.json``, taken from the
specification's ``tabular.json``: every one-to-one field, in its order), then the Concerto
profile's columns: each ``x_translations`` object of the API becomes ``x_fr``, ``x_nl``,
``x_en``, and the partners of a service, which HSDS has no table for, are the profile table
``service_partners.csv``.

CSV as RFC 4180 (comma, CRLF, UTF-8 without byte order mark, as Frictionless tools expect).
Every text cell goes through ``concerto.core.exports.neutralise``: a cell starting like a
formula (``=``, ``+``, ``-``, ``@``) gets a leading apostrophe, so an activity title typed by a
service cannot run in a spreadsheet (a phone number written ``+32…`` therefore reads ``'+32…``
in the CSV; the JSON API has it as it is).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from concerto.core.exports import neutralise
from concerto.core.translation import CONTENT_LANGUAGES
from concerto.opendata import hsds
from concerto.opendata.hsds import JSON, Directory
from concerto.public import stamp

HSDS_TABLES: dict[str, Any] = json.loads((Path(__file__).resolve().parent / "hsds_tables.json").read_text())

# The profile's columns per table: the base names of its translated texts (each → _fr, _nl, _en).
TRANSLATED = {
    "organization": ("name", "description"),
    "service": ("name", "description", "application_process", "eligibility_description", "objectives"),
    "location": ("name", "description"),
    "service_at_location": ("description",),
    "schedule": ("description", "notes"),
    "language": ("name",),
    "taxonomy": ("name", "description"),
    "taxonomy_term": ("name", "description"),
}
EXTRA_COLUMNS = {"service": ("objectives",)}
FOREIGN_KEYS = {
    "organization_identifier": {"organization_id": "organization"},
    "service": {"organization_id": "organization"},
    "location": {"organization_id": "organization"},
    "address": {"location_id": "location"},
    "service_at_location": {"service_id": "service", "location_id": "location"},
    "schedule": {"service_id": "service", "location_id": "location", "service_at_location_id": "service_at_location"},
    "phone": {"organization_id": "organization"},
    "language": {"service_id": "service"},
    "taxonomy_term": {"taxonomy_id": "taxonomy"},
    "attribute": {"link_id": "service", "taxonomy_term_id": "taxonomy_term"},
}
PARTNERS_TABLE = "service_partner"


@dataclass(frozen=True)
class Table:
    name: str
    path: str
    columns: tuple[str, ...]
    rows: tuple[JSON, ...]


def columns_of(table: str) -> tuple[str, ...]:
    if table == PARTNERS_TABLE:
        return ("service_id", "organization_id")
    hsds_columns = [field["name"] for field in HSDS_TABLES[table]["fields"]]
    profile_columns = [f"{base}_{code}" for base in TRANSLATED.get(table, ()) for code in CONTENT_LANGUAGES]
    return tuple(dict.fromkeys([*hsds_columns, *EXTRA_COLUMNS.get(table, ()), *profile_columns]))


def tables(directory: Directory) -> list[Table]:
    """Every table of the package, in HSDS order, rows as the API's objects flattened."""
    organisations = [directory.organization(o, full=True) for o in directory.organisations]
    services = [directory.service(activity, full=True) for activity in directory.activities]
    service_at_locations = [
        directory.service_at_location(activity, prison, nested_service=False)
        for activity, prison in directory.service_at_location_pairs()
    ]
    locations = [hsds.prison_location(prison) for prison in directory.prisons]
    locations += [location for organisation in organisations for location in organisation["locations"]]
    rows: dict[str, list[JSON]] = {
        "organization": organisations,
        "organization_identifier": [i for o in organisations for i in o["organization_identifiers"]],
        "service": services,
        "location": locations,
        "address": [a for location in locations for a in location["addresses"]],
        "service_at_location": service_at_locations,
        "schedule": [schedule for sal in service_at_locations for schedule in sal["schedules"]],
        "phone": [phone for o in organisations for phone in o["phones"]],
        "language": [language for service in services for language in service["languages"]],
        "taxonomy": [directory.taxonomy_object(taxonomy) for taxonomy in directory.taxonomies],
        "taxonomy_term": [directory.taxonomy_term_object(*pair) for pair in directory.taxonomy_terms()],
        "attribute": [
            {key: value for key, value in attribute.items() if key != "taxonomy_term"}
            for service in services
            for attribute in service["attributes"]
        ],
    }
    result = [
        Table(name, HSDS_TABLES[name]["path"], columns_of(name), tuple(hsds.flatten_translations(table_rows)))
        for name, table_rows in rows.items()
    ]
    partners = tuple(
        {"service_id": service["id"], "organization_id": partner}
        for service in services
        for partner in service["partner_organization_ids"]
    )
    result.append(Table(PARTNERS_TABLE, "service_partners.csv", columns_of(PARTNERS_TABLE), partners))
    return result


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, (list, dict)):
        return ""
    return neutralise(value)


def csv_of(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([_cell(row.get(column, "")) for column in table.columns])
    return buffer.getvalue().encode("utf-8")


def _field(table: str, column: str) -> JSON:
    for field in HSDS_TABLES.get(table, {}).get("fields", ()):
        if field["name"] == column:
            return dict(field)
    return {"name": column, "type": "string", "description": "Concerto HSDS profile: " + _profile_description(column)}


def _profile_description(column: str) -> str:
    base, _sep, code = column.rpartition("_")
    if code in CONTENT_LANGUAGES:
        return f"the {base} in {code} (one column per language: fr, nl, en)"
    if column == "objectives":
        return "the objectives of the activity, in the package's language"
    return column


def datapackage(table_list: Iterable[Table], *, base_url: str) -> JSON:
    """``datapackage.json`` (Frictionless Tabular Data Package) describing ``table_list``."""
    resources = []
    for table in table_list:
        schema: JSON = {"fields": [_field(table.name, column) for column in table.columns]}
        if "id" in table.columns:
            schema["primaryKey"] = ["id"]
        schema["foreignKeys"] = [
            {"fields": [column], "reference": {"resource": target, "fields": ["id"]}}
            for column, target in FOREIGN_KEYS.get(table.name, {}).items()
        ]
        resources.append(
            {
                "name": table.name,
                "path": table.path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                "description": HSDS_TABLES.get(table.name, {}).get(
                    "description", "Concerto HSDS profile: the partner organisations of each service."
                ),
                "schema": schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "concerto-public-offer",
        "title": "Concerto: collective activities in the Brussels prisons (Open Referral HSDS 3.0)",
        "homepage": base_url.rstrip("/") + "/opendata/hsds/",
        "version": hsds.HSDS_VERSION,
        "created": stamp.last_modified(stamp.current()).isoformat(),
        "hsds_profile": settings.CONCERTO_HSDS_PROFILE_URI,
        "licenses": [{"path": settings.CONCERTO_OPEN_DATA_LICENCE, "title": "Licence of the open data"}],
        "resources": resources,
    }


def package(directory: Directory, *, base_url: str) -> bytes:
    """The zip: ``datapackage.json`` and one CSV per table."""
    table_list = tables(directory)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "datapackage.json", json.dumps(datapackage(table_list, base_url=base_url), ensure_ascii=False, indent=1)
        )
        for table in table_list:
            archive.writestr(table.path, csv_of(table))
    return buffer.getvalue()
