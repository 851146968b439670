"""The public offer in the demo: nothing to load (it is the demo's published catalogue), things to try."""

from __future__ import annotations

from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext as _

from concerto.catalogue.models import Activity, ActivityStatus


def demo_public_try_it() -> list[str]:
    theatre = (
        Activity.objects.filter(status=ActivityStatus.PUBLISHED, title_fr__icontains="théâtre").order_by("pk").first()
    )
    with translation.override("fr"):
        offer = reverse("public:offer")
        activity_nl = translate_url(reverse("public:activity", args=[theatre.pk]), "nl") if theatre else offer
        publicity = reverse("publicity:index")
    return [
        _(
            "The public offer (no login): %(offer)s; the theatre workshop in Dutch: %(activity)s. Open data: "
            "/opendata/hsds/services?search=théâtre, /opendata/hsds/tabular.zip and /opendata/catalog.ttl."
        )
        % {"offer": offer, "activity": activity_nl},
        _(
            "Posters, week sheets and flyers with a tear-off slip (log in as %(user)s): %(url)s; type the code "
            "printed on a slip in the Registrations page to record it."
        )
        % {"user": "worker", "url": publicity},
    ]
