from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceDataConfig(AppConfig):
    """The coordinators' pages for shared reference data (no models of its own)."""

    name = "concerto.referencedata"
    label = "referencedata"
    verbose_name = _("Reference data")
