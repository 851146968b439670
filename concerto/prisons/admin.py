from django.contrib import admin

from concerto.core.admin_site import ReferenceDataAdmin
from concerto.prisons.models import ActivityWindow, ClosureDay, Prison, Room, Unit


class ActivityWindowInline(admin.TabularInline):
    model = ActivityWindow
    extra = 0


class ClosureDayInline(admin.TabularInline):
    model = ClosureDay
    extra = 0


@admin.register(Prison)
class PrisonAdmin(ReferenceDataAdmin):
    list_display = ("code", "name_fr", "name_nl", "closed_on_public_holidays", "is_active")
    inlines = [ActivityWindowInline, ClosureDayInline]


@admin.register(Unit)
class UnitAdmin(ReferenceDataAdmin):
    list_display = ("code", "name_fr", "name_nl", "prison", "kind", "regime", "gender", "is_active")
    list_filter = ("prison", "kind", "regime", "gender")
    filter_horizontal = ("legal_statuses",)


@admin.register(Room)
class RoomAdmin(ReferenceDataAdmin):
    list_display = ("name", "prison", "unit", "capacity", "equipment", "is_active")
    list_filter = ("prison",)
