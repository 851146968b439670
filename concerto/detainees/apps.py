from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DetaineesConfig(AppConfig):
    name = "concerto.detainees"
    label = "detainees"
    verbose_name = _("Detainees")
