from django.urls import path

from concerto.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("", views.activity_list, name="activity_list"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views.activity_update, name="activity_update"),
    path("activities/<int:pk>/status/", views.activity_change_status, name="activity_change_status"),
    path("activities/<int:pk>/history/", views.activity_history, name="activity_history"),
    path("activities/<int:activity_pk>/editions/new/", views.edition_create, name="edition_create"),
    path("editions/<int:pk>/", views.edition_detail, name="edition_detail"),
    path("editions/<int:pk>/edit/", views.edition_update, name="edition_update"),
    path("editions/<int:pk>/history/", views.edition_history, name="edition_history"),
    path("editions/<int:edition_pk>/sessions/new/", views.session_add, name="session_add"),
    path("sessions/<int:pk>/move/", views.session_move, name="session_move"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("calendar/", views.calendar_index, name="calendar_index"),
    path("calendar/prison/<int:prison_pk>/", views.calendar_prison, name="calendar_prison"),
    path("calendar/prison/<int:prison_pk>/unit/<int:unit_pk>/", views.calendar_prison, name="calendar_unit"),
]
