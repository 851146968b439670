from django.urls import path

from concerto.privacy import views

app_name = "privacy"
urlpatterns = [path("access-log/", views.access_log, name="access_log")]
