"""The REST API: /api/v1/ for every app's endpoints, /api/schema/ for the OpenAPI schema.

Each app owns its endpoints in ``<app>/api.py`` and adds them to the router with ``register``;
this module only assembles them (like concerto/urls.py for the pages).
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from concerto.attendance import api as attendance_api
from concerto.catalogue import api as catalogue_api
from concerto.detainees import api as detainees_api
from concerto.organisations import api as organisations_api
from concerto.prisons import api as prisons_api
from concerto.privacy import api as privacy_api
from concerto.reference import api as reference_api
from concerto.registrations import api as registrations_api

router = DefaultRouter()
# Reference data and the catalogue, read by every signed-in user within their scope; then the
# apps holding personal data (same permissions as their pages).
for register in (
    prisons_api.register,
    organisations_api.register,
    reference_api.register,
    catalogue_api.register,
    detainees_api.register,
    registrations_api.register,
    attendance_api.register,
    privacy_api.register,
):
    register(router)

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/", include((router.urls, "v1"))),
]
