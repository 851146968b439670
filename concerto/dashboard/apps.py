from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The home page of each role (``dashboard:home``): work to do, read from the apps' selectors."""

    name = "concerto.dashboard"
    label = "dashboard"
    verbose_name = _("Home")
