"""The public offer's pages, under a translated prefix: /fr/offre/, /nl/aanbod/, /en/offer/.

The route words are translated (context "URL") so that each language reads its own address;
``django.urls.translate_url`` gives the same page in another language.
"""

from django.urls import include, path
from django.utils.translation import pgettext_lazy

from concerto.public import views

app_name = "public"

offer_pages = [
    path("", views.offer, name="offer"),
    path(pgettext_lazy("URL", "activities/<int:pk>/"), views.activity, name="activity"),
    path(pgettext_lazy("URL", "organisations/<int:pk>/"), views.organisation, name="organisation"),
    path(pgettext_lazy("URL", "prisons/<int:pk>/"), views.prison, name="prison"),
]

urlpatterns = [path(pgettext_lazy("URL", "offer/"), include(offer_pages))]
