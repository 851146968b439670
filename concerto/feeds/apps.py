from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedsConfig(AppConfig):
    """Calendar feeds (RFC 5545, RFC 7986): the public offer per prison, unit and activity, and
    each staff member's own sessions behind a secret address."""

    name = "concerto.feeds"
    label = "feeds"
    verbose_name = _("Calendar feeds")
