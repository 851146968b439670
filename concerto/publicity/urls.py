from django.urls import path

from concerto.publicity import views

app_name = "publicity"
urlpatterns = [
    path("", views.publicity_index, name="index"),
    path("units/<int:unit_pk>/poster/", views.unit_poster, name="unit_poster"),
    path("units/<int:unit_pk>/week/", views.unit_week, name="unit_week"),
    path("units/<int:unit_pk>/flyer/", views.unit_flyer, name="unit_flyer"),
    path("editions/<int:edition_pk>/flyer/", views.edition_flyer, name="edition_flyer"),
]
