from django.contrib import admin

from concerto.attendance.models import AbsenceReason
from concerto.core.admin_site import ReferenceDataAdmin


@admin.register(AbsenceReason)
class AbsenceReasonAdmin(ReferenceDataAdmin):
    list_display = ("name_fr", "name_nl", "name_en", "code", "is_excused", "position")
    list_editable = ("is_excused", "position")
    list_filter = ("is_excused",)
    search_fields = ("code", "name_fr", "name_nl", "name_en")
    ordering = ("position", "code")
