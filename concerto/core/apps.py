from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True
    name = "concerto.core"
    label = "core"


class ConcertoAdminConfig(admin_apps.AdminConfig):
    """The admin with Concerto's site, which lets coordinators manage reference data."""

    default = False
    default_site = "concerto.core.admin_site.ConcertoAdminSite"
