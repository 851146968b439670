"""Permission matrix entries for the open data: public, read-only, the same answer for everyone."""

from __future__ import annotations

from concerto.opendata.hsds import hsds_id
from tests.test_permission_matrix import OK, Case, World, everyone

PUBLIC = everyone(OK, anonymous=OK)
API = "/opendata/hsds"


def build(world: World) -> None:
    """The open data reads the base world's published activity; it needs no objects of its own."""


def cases() -> list[Case]:
    service = lambda w: hsds_id("activity", w.published_id)  # noqa: E731
    return [
        Case("opendata:hsds_root", lambda w: f"{API}/", PUBLIC),
        Case("opendata:hsds_openapi", lambda w: f"{API}/openapi.json", PUBLIC),
        Case("opendata:hsds_profile", lambda w: f"{API}/profile", PUBLIC),
        Case("opendata:hsds_profile_file", lambda w: f"{API}/profile/service.json", PUBLIC),
        Case("opendata:hsds_services", lambda w: f"{API}/services", PUBLIC),
        Case("opendata:hsds_services", lambda w: f"{API}/services?full=true&format=ndjson", PUBLIC),
        Case("opendata:hsds_service", lambda w: f"{API}/services/{service(w)}", PUBLIC),
        Case("opendata:hsds_organizations", lambda w: f"{API}/organizations?full=true", PUBLIC),
        Case(
            "opendata:hsds_organization",
            lambda w: f"{API}/organizations/{hsds_id('organisation', w.organisation_id)}",
            PUBLIC,
        ),
        Case("opendata:hsds_service_at_locations", lambda w: f"{API}/service_at_locations", PUBLIC),
        Case(
            "opendata:hsds_service_at_location",
            lambda w: f"{API}/service_at_locations/{hsds_id('service_at_location', w.published_id, w.prison_id)}",
            PUBLIC,
        ),
        Case("opendata:hsds_taxonomies", lambda w: f"{API}/taxonomies", PUBLIC),
        Case("opendata:hsds_taxonomy", lambda w: f"{API}/taxonomies/{hsds_id('taxonomy', 'category')}", PUBLIC),
        Case("opendata:hsds_taxonomy_terms", lambda w: f"{API}/taxonomy_terms", PUBLIC),
        Case(
            "opendata:hsds_taxonomy_term",
            lambda w: f"{API}/taxonomy_terms/{hsds_id('category', w.category_id)}",
            PUBLIC,
        ),
        Case("opendata:hsds_tabular", lambda w: f"{API}/tabular.zip", PUBLIC),
        Case("opendata:catalog_ttl", lambda w: "/opendata/catalog.ttl", PUBLIC),
        Case("opendata:catalog_jsonld", lambda w: "/opendata/catalog.jsonld", PUBLIC),
    ]
