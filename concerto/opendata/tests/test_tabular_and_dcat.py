"""The tabular package matches HSDS tabular data with the profile; the catalogue conforms to DCAT-AP 3.0."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.test import Client
from jsonschema import Draft202012Validator, FormatChecker
from rdflib import Graph

from concerto.opendata.tests import schemas

pytestmark = pytest.mark.django_db
NUMBERS = {"number", "integer"}


def package() -> zipfile.ZipFile:
    response = Client().get("/opendata/hsds/tabular.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_every_csv_has_the_columns_its_datapackage_declares(offer):
    archive = package()
    datapackage = json.loads(archive.read("datapackage.json"))

    assert {resource["path"] for resource in datapackage["resources"]} == set(archive.namelist()) - {"datapackage.json"}
    for resource in datapackage["resources"]:
        header = next(csv.reader(io.StringIO(archive.read(resource["path"]).decode("utf-8"))))
        assert header == [field["name"] for field in resource["schema"]["fields"]], resource["path"]
    paths = set(archive.namelist())
    assert {"services.csv", "organizations.csv", "locations.csv", "service_at_location.csv", "schedules.csv"} <= paths
    assert {"taxonomies.csv", "taxonomy_terms.csv", "languages.csv", "attributes.csv", "service_partners.csv"} <= paths


def test_the_tables_read_back_as_valid_hsds_tabular_data_with_the_profile(offer):
    """tabular.json is a JSON schema of the tables as arrays of rows: the CSVs, read back, must fit it."""
    archive = package()
    datapackage = json.loads(archive.read("datapackage.json"))
    data: dict[str, list[dict]] = {}
    for resource in datapackage["resources"]:
        types = {field["name"]: field["type"] for field in resource["schema"]["fields"]}
        rows = csv.DictReader(io.StringIO(archive.read(resource["path"]).decode("utf-8")))
        data[resource["name"]] = [
            {key: float(value) if types[key] in NUMBERS else value for key, value in row.items() if value != ""}
            for row in rows
        ]
    schema = schemas.merge_patch(schemas.hsds("tabular"), json.loads((schemas.PROFILE / "tabular.json").read_text()))
    validator = Draft202012Validator(schema, format_checker=FormatChecker())

    problems = schemas.errors(validator, data)
    assert problems == [], "\n".join(problems[:20])
    assert {row["name_fr"] for row in data["service"]} == {"Atelier théâtre", "Cours de français"}
    assert len(data["service_partner"]) == 1
    assert {row["freq"] for row in data["schedule"]} == {"WEEKLY"}


def test_cells_that_look_like_formulas_are_neutralised(offer):
    offer.theatre.title_fr = '=HYPERLINK("http://evil.example","x")'
    offer.theatre.save()
    services = package().read("services.csv").decode("utf-8")

    assert "'=HYPERLINK" in services
    assert "\n=HYPERLINK" not in services
    assert ",=HYPERLINK" not in services


def _catalogue(path: str, rdf_format: str) -> Graph:
    response = Client().get(path)
    assert response.status_code == 200
    return Graph().parse(data=response.content.decode(), format=rdf_format)


@pytest.mark.parametrize(
    ("path", "rdf_format"), [("/opendata/catalog.ttl", "turtle"), ("/opendata/catalog.jsonld", "json-ld")]
)
def test_the_catalogue_conforms_to_dcat_ap_3(offer, path, rdf_format):
    import pyshacl

    graph = _catalogue(path, rdf_format)
    for with_ranges in (False, True):
        shapes = schemas.shacl_shapes(with_ranges=with_ranges)
        conforms, _report_graph, report = pyshacl.validate(graph, shacl_graph=shapes, inference="rdfs")
        assert conforms, report
    turtle = graph.serialize(format="turtle")
    assert "/opendata/hsds/" in turtle
    assert "/opendata/hsds/tabular.zip" in turtle
    assert "/fr/feeds/prisons/haren.ics" in turtle
    for language in ("fr", "nl", "en"):
        assert f'"@{language}' in turtle or f"@{language}" in turtle
    assert "creativecommons.org/licenses/by/4.0" in turtle
    assert "data-theme/JUST" in turtle


def test_the_licence_is_a_setting(offer, settings):
    settings.CONCERTO_OPEN_DATA_LICENCE = "http://publications.europa.eu/resource/authority/licence/CC0"
    turtle = Client().get("/opendata/catalog.ttl").content.decode()
    assert "licence/CC0" in turtle
