from django.contrib import admin

from concerto.catalogue.models import Activity, Edition, Session
from concerto.core.admin_site import AdministratorOnlyAdmin


@admin.register(Activity)
class ActivityAdmin(AdministratorOnlyAdmin):
    list_display = ("title_fr", "title_nl", "organiser", "category", "status")
    list_filter = ("status", "organiser", "category")
    search_fields = ("title_fr", "title_nl", "title_en")


@admin.register(Edition)
class EditionAdmin(AdministratorOnlyAdmin):
    list_display = ("activity", "prison", "starts_on", "ends_on", "capacity")
    list_filter = ("prison",)


@admin.register(Session)
class SessionAdmin(AdministratorOnlyAdmin):
    list_display = ("edition", "starts_at", "ends_at", "room", "status")
    list_filter = ("status",)
