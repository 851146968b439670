from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "concerto.inbox"
    verbose_name = _("Requests to the prison")
