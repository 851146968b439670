"""Open-data URLs: not language-prefixed (the language is a query parameter), see docs/open-data.md."""

from django.urls import path

from concerto.opendata import views

app_name = "opendata"

urlpatterns = [
    path("hsds/", views.api_root, name="hsds_root"),
    path("hsds/openapi.json", views.openapi, name="hsds_openapi"),
    path("hsds/profile", views.profile, name="hsds_profile"),
    path("hsds/profile/<str:name>", views.profile_file, name="hsds_profile_file"),
    path("hsds/services", views.service_list, name="hsds_services"),
    path("hsds/services/<str:service_id>", views.service_detail, name="hsds_service"),
    path("hsds/organizations", views.organization_list, name="hsds_organizations"),
    path("hsds/organizations/<str:organization_id>", views.organization_detail, name="hsds_organization"),
    path("hsds/service_at_locations", views.service_at_location_list, name="hsds_service_at_locations"),
    path(
        "hsds/service_at_locations/<str:service_at_location_id>",
        views.service_at_location_detail,
        name="hsds_service_at_location",
    ),
    path("hsds/taxonomies", views.taxonomy_list, name="hsds_taxonomies"),
    path("hsds/taxonomies/<str:taxonomy_id>", views.taxonomy_detail, name="hsds_taxonomy"),
    path("hsds/taxonomy_terms", views.taxonomy_term_list, name="hsds_taxonomy_terms"),
    path("hsds/taxonomy_terms/<str:taxonomy_term_id>", views.taxonomy_term_detail, name="hsds_taxonomy_term"),
    path("hsds/tabular.zip", views.tabular_package, name="hsds_tabular"),
    path("catalog.ttl", views.catalog_turtle, name="catalog_ttl"),
    path("catalog.jsonld", views.catalog_jsonld, name="catalog_jsonld"),
]
