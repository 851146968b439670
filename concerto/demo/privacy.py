"""The demo's privacy officer ("privacy"): what to try with the role (the data are the other modules')."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from concerto.detainees.models import Detainee
from concerto.prisons.models import Prison


def demo_privacy_try_it(*, prison: Prison) -> list[str]:
    person = Detainee.objects.filter(prison=prison, anonymised_at__isnull=True).order_by("pk").first()
    if person is None:
        return []
    with translation.override("fr"):
        search = f"{reverse('privacy:subject_search')}?q={person.prison_number}"
        unusual = reverse("privacy:unusual_reading")
    return [
        _(
            "A person's request about their data (log in as %(user)s): %(search)s finds them by prison number; "
            "their page lists what exists and exports it as PDF or JSON; %(unusual)s flags unusual reading."
        )
        % {"user": "privacy", "search": search, "unusual": unusual}
    ]
