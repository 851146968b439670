"""Public feeds and the renewal of the private address, under the language prefix (/fr/feeds/…).

The private feed itself has no prefix (its language is its owner's): see ``urls_private``.
"""

from django.urls import path

from concerto.feeds import views

app_name = "feeds"
urlpatterns = [
    path("prisons/<str:code>.ics", views.prison_feed, name="prison"),
    path("units/<int:pk>.ics", views.unit_feed, name="unit"),
    path("activities/<int:pk>.ics", views.activity_feed, name="activity"),
    path("private/renew/", views.private_feed_renew, name="private_renew"),
]
