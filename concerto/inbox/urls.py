from django.urls import path

from concerto.inbox import views

app_name = "inbox"
urlpatterns = [
    path("", views.prison_inbox, name="prison"),
    path("requests/", views.service_requests, name="requests"),
    path("decide/", views.decide, name="decide"),
]
