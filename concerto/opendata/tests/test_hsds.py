"""The HSDS API answers what the schemas (with the Concerto profile) allow, and what the offer holds."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from concerto.catalogue.models import Activity
from concerto.opendata.hsds import hsds_id
from concerto.opendata.tests import schemas

pytestmark = pytest.mark.django_db
API = "/opendata/hsds"


def get(path: str, **params: str) -> dict:
    response = Client().get(f"{API}{path}", params)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def assert_valid(validator, instance) -> None:
    problems = schemas.errors(validator, instance)
    assert problems == [], "\n".join(problems[:20])


def test_the_root_names_the_version_the_profile_and_the_openapi_description(offer, settings):
    body = get("/")

    assert_valid(schemas.root_validator(), body)
    assert body["version"] == "3.0"
    assert body["profile"] == settings.CONCERTO_HSDS_PROFILE_URI
    assert body["openapi_url"].endswith("/opendata/hsds/openapi.json")
    assert get("/openapi.json")["paths"]["/services"]


@pytest.mark.parametrize("variant", [{}, {"full": "true"}, {"minimal": "true"}])
def test_service_pages_validate_in_every_variant(offer, variant):
    body = get("/services", **variant)

    assert_valid(schemas.page_validator("/services"), body)
    if variant.get("full"):
        for service in body["contents"]:
            assert_valid(schemas.validator("service"), service)
    assert {service["name"] for service in body["contents"]} == {"Atelier théâtre", "Cours de français"}


def test_one_service_is_fully_nested_and_valid(offer):
    body = get(f"/services/{hsds_id('activity', offer.theatre.pk)}")

    assert_valid(schemas.validator("service"), body)
    assert body["name_translations"] == {"fr": "Atelier théâtre", "nl": "Theaterworkshop", "en": "Theatre workshop"}
    assert body["partner_organization_ids"] == [hsds_id("organisation", offer.partner.pk)]
    assert {language["code"] for language in body["languages"]} == {"fr", "nl"}
    schedule = body["service_at_locations"][0]["schedules"][0]
    assert (schedule["freq"], schedule["byday"], schedule["opens_at"], schedule["closes_at"]) == (
        "WEEKLY",
        "TU",
        "14:00:00",
        "16:00:00",
    )
    address = body["service_at_locations"][0]["location"]["addresses"][0]
    assert (address["postal_code"], address["city"], address["country"]) == ("1130", "Bruxelles", "BE")
    assert {a["taxonomy_term"]["code"] for a in body["attributes"]} >= {"theatre", "men", "accused"}


def test_names_follow_the_requested_language_and_fall_back(offer):
    theatre_id = hsds_id("activity", offer.theatre.pk)
    assert get(f"/services/{theatre_id}", lang="nl")["name"] == "Theaterworkshop"
    dutch = Client().get(f"{API}/services/{theatre_id}", headers={"Accept-Language": "nl-BE,nl;q=0.9"})
    assert json.loads(dutch.content)["name"] == "Theaterworkshop"
    assert dutch["Content-Language"] == "nl"
    french_only = get(f"/services/{hsds_id('activity', offer.french.pk)}", lang="en")
    assert french_only["description"] == "Un atelier pour tous."  # no English: French, said by the translations
    assert "en" not in french_only["description_translations"]


@pytest.mark.parametrize("variant", [{}, {"full": "true"}])
def test_organization_pages_and_one_organization_validate(offer, variant):
    body = get("/organizations", **variant)
    assert_valid(schemas.page_validator("/organizations"), body)
    if variant:
        for organization in body["contents"]:
            assert_valid(schemas.validator("organization"), organization)

    one = get(f"/organizations/{hsds_id('organisation', offer.organiser.pk)}")
    assert_valid(schemas.validator("organization"), one)
    assert {service["name"] for service in one["services"]} == {"Atelier théâtre", "Cours de français"}
    assert one["organization_identifiers"][0]["identifier"] == "1234"
    partner = get(f"/organizations/{hsds_id('organisation', offer.partner.pk)}", full_service="true")
    assert_valid(schemas.validator("organization"), partner)
    assert partner["partnered_service_ids"] == [hsds_id("activity", offer.theatre.pk)]


@pytest.mark.parametrize("variant", [{}, {"full": "true"}])
def test_service_at_location_pages_and_one_validate(offer, variant):
    body = get("/service_at_locations", **variant)
    assert_valid(schemas.page_validator("/service_at_locations"), body)
    assert body["total_items"] == 2
    if variant:
        for item in body["contents"]:
            assert_valid(schemas.validator("service_at_location"), item)

    one = get(f"/service_at_locations/{body['contents'][0]['id']}")
    assert_valid(schemas.validator("service_at_location"), one)
    assert one["schedules"]


def test_taxonomies_and_terms_validate(offer):
    taxonomies = get("/taxonomies")
    assert_valid(schemas.page_validator("/taxonomies"), taxonomies)
    assert_valid(schemas.validator("taxonomy"), get(f"/taxonomies/{taxonomies['contents'][0]['id']}"))

    terms = get("/taxonomy_terms", per_page="500")
    assert_valid(schemas.page_validator("/taxonomy_terms"), terms)
    theatre = next(term for term in terms["contents"] if term["code"] == "theatre")
    one = get(f"/taxonomy_terms/{theatre['id']}")
    assert_valid(schemas.validator("taxonomy_term"), one)
    assert one["parent_id"] == next(term["id"] for term in terms["contents"] if term["code"] == "sociocultural")
    assert one["name_translations"] == {"fr": "Théâtre", "nl": "Theater", "en": "Theatre"}
    top = get("/taxonomy_terms", top_only="true", per_page="500")["contents"]
    assert "theatre" not in {term["code"] for term in top}


def test_ndjson_streams_one_valid_object_per_line(offer):
    for path, schema in [
        ("/services", "service_list"),
        ("/organizations", "organization_list"),
        ("/service_at_locations", "service_at_location_list"),
        ("/taxonomy_terms", "taxonomy_term"),
    ]:
        response = Client().get(f"{API}{path}", {"format": "ndjson"})
        assert response["Content-Type"].startswith("application/x-ndjson")
        lines = response.content.decode().splitlines()
        assert lines
        for line in lines:
            assert_valid(schemas.validator(schema), json.loads(line))
    full = Client().get(f"{API}/services", {"format": "ndjson", "full": "true"}).content.decode().splitlines()
    for line in full:
        assert_valid(schemas.validator("service"), json.loads(line))


def test_search_finds_the_theatre_workshop_and_drafts_are_absent(offer):
    found = get("/services", search="théâtre")
    assert [service["name"] for service in found["contents"]] == ["Atelier théâtre"]
    every = json.dumps(get("/services", full="true")) + json.dumps(get("/service_at_locations", full="true"))
    assert "Brouillon secret" not in every
    missing = Client().get(f"{API}/services/{hsds_id('activity', offer.draft.pk)}")
    assert missing.status_code == 404


def test_filters_by_taxonomy_term_organisation_and_modification(offer, now):
    theatre_term = hsds_id("category", offer.theatre.category_id)
    parent_term = hsds_id("category", offer.theatre.category.parent_id)
    assert [s["name"] for s in get("/services", taxonomy_term_id=theatre_term)["contents"]] == ["Atelier théâtre"]
    assert [s["name"] for s in get("/services", taxonomy_term_id=parent_term)["contents"]] == ["Atelier théâtre"]
    partner = hsds_id("organisation", offer.partner.pk)
    assert [s["name"] for s in get("/services", organization_id=partner)["contents"]] == ["Atelier théâtre"]

    long_ago = now - dt.timedelta(days=30)
    Activity.objects.filter(pk=offer.french.pk).update(updated_at=long_ago)
    from concerto.catalogue.models import Edition

    Edition.objects.filter(activity=offer.french).update(updated_at=long_ago)
    since = (now - dt.timedelta(days=1)).isoformat()
    assert [s["name"] for s in get("/services", modified_after=since)["contents"]] == ["Atelier théâtre"]
    assert Client().get(f"{API}/services", {"modified_after": "yesterday"}).status_code == 400


def test_pages_carry_the_hsds_page_fields(offer):
    first = get("/services", per_page="1")
    second = get("/services", per_page="1", page="2")
    beyond = get("/services", per_page="1", page="3")

    assert {
        k: first[k] for k in ("total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty")
    } == {
        "total_items": 2,
        "total_pages": 2,
        "page_number": 1,
        "size": 1,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }
    assert (second["first_page"], second["last_page"], second["size"]) == (False, True, 1)
    assert (beyond["empty"], beyond["contents"]) == (True, [])
    assert first["contents"][0]["id"] != second["contents"][0]["id"]
    assert Client().get(f"{API}/services", {"page": "0"}).status_code == 400


@pytest.mark.django_db(transaction=True)  # the stamp moves after commit
def test_an_unchanged_answer_is_a_304_until_public_data_changes(offer):
    client = Client()
    first = client.get(f"{API}/services")
    assert first["Cache-Control"].startswith("public")
    assert first["Last-Modified"]

    again = client.get(f"{API}/services", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304

    offer.theatre.title_fr = "Atelier théâtre et voix"
    offer.theatre.save()
    changed = client.get(f"{API}/services", headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_ids_are_stable_uuid5_of_the_row(offer):
    body = get("/services")
    assert hsds_id("activity", offer.theatre.pk) in {service["id"] for service in body["contents"]}
    # Written out: a change of namespace or key format would change every published id.
    assert hsds_id("activity", 1) == "e6b0161c-d53f-5cfb-b94e-ebf29e5ccbe7"
