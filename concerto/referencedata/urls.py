from django.urls import path

from concerto.referencedata import views

app_name = "referencedata"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:kind>/", views.record_list, name="record_list"),
    path("<slug:kind>/new/", views.record_create, name="record_create"),
    path("<slug:kind>/<int:pk>/", views.record_update, name="record_update"),
    path("<slug:kind>/<int:pk>/history/", views.record_history, name="record_history"),
    path("<slug:kind>/<int:pk>/delete/", views.record_delete, name="record_delete"),
]
