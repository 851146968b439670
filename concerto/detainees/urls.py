from django.urls import path

from concerto.detainees import views

app_name = "detainees"
urlpatterns = [
    path("", views.detainee_list, name="detainee_list"),
    path("new/", views.detainee_create, name="detainee_create"),
    path("<int:pk>/", views.detainee_detail, name="detainee_detail"),
    path("<int:pk>/edit/", views.detainee_update, name="detainee_update"),
    path("<int:pk>/notes/", views.note_add, name="note_add"),
    path("imports/", views.import_list, name="import_list"),
    path("imports/new/", views.import_upload, name="import_upload"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/columns/", views.import_mapping, name="import_mapping"),
    path("imports/<int:pk>/apply/", views.import_apply, name="import_apply"),
    path("imports/<int:pk>/mark-failed/", views.import_mark_failed, name="import_mark_failed"),
]
