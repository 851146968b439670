"""The REST API: /api/v1/ for the catalogue and its reference data, /api/schema/ for the OpenAPI schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from concerto.attendance import api as attendance_api
from concerto.detainees import api as detainees_api
from concerto.privacy import api as privacy_api
from concerto.registrations import api as registrations_api

from . import views

router = DefaultRouter()
router.register("prisons", views.PrisonViewSet, basename="prison")
router.register("units", views.UnitViewSet, basename="unit")
router.register("rooms", views.RoomViewSet, basename="room")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("target-groups", views.TargetGroupViewSet, basename="target-group")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("languages", views.LanguageViewSet, basename="language")
router.register("communities", views.CommunityViewSet, basename="community")
router.register("aims", views.AimViewSet, basename="aim")
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("editions", views.EditionViewSet, basename="edition")
router.register("sessions", views.SessionViewSet, basename="session")
# Apps holding personal data register their own routes (same permissions as their pages).
for register in (detainees_api.register, registrations_api.register, attendance_api.register, privacy_api.register):
    register(router)

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/", include((router.urls, "v1"))),
]
