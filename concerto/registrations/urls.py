from django.urls import path

from concerto.registrations import views

app_name = "registrations"
urlpatterns = [
    path("", views.registrations_start, name="start"),
    path("editions/<int:edition_pk>/", views.edition_registrations, name="edition"),
    path("editions/<int:edition_pk>/apply/", views.application_create, name="application_create"),
    path("editions/<int:edition_pk>/screening/", views.screening_edit, name="screening_edit"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/decide/", views.application_decide, name="application_decide"),
    path("applications/<int:pk>/move/", views.application_move, name="application_move"),
    path("applications/<int:pk>/prison-request/", views.prison_request_record, name="prison_request_record"),
]
