"""The private feed, /feeds/private/<secret>.ics: outside the language prefix, written in its owner's language."""

from django.urls import re_path

from concerto.feeds import views

app_name = "feeds_private"
urlpatterns = [
    # secrets.token_urlsafe(32) gives 43 characters of the URL-safe base64 alphabet.
    re_path(r"^(?P<secret>[A-Za-z0-9_-]{16,128})\.ics$", views.private_feed, name="calendar"),
]
