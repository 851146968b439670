from django.urls import path

from concerto.coverage import views

app_name = "coverage"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("export.<slug:file_format>", views.export, name="export"),
]
