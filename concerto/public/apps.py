from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """What the public may see of the offer: one definition that every public output reads.

    The public pages, the open data (``concerto.opendata``), the calendar feeds
    (``concerto.feeds``) and the printed publicity (``concerto.publicity``) read the offer only
    through ``concerto.public.selectors``, which hands out projections without private fields.
    """

    name = "concerto.public"
    label = "public"
    verbose_name = _("Public offer")

    def ready(self) -> None:
        from concerto.public import receivers  # noqa: F401  (connects the publication stamp)
