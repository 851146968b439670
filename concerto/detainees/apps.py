from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DetaineesConfig(AppConfig):
    name = "concerto.detainees"
    label = "detainees"
    verbose_name = _("Detainees")

    def ready(self) -> None:
        from concerto.detainees import tasks  # noqa: F401 - connects the receiver of lost import tasks
