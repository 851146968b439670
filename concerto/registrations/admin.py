from django.contrib import admin

from concerto.core.admin_site import ReferenceDataAdmin
from concerto.registrations.models import RefusalReason


@admin.register(RefusalReason)
class RefusalReasonAdmin(ReferenceDataAdmin):
    """The editable list of refusal reasons (coordinators and administrators)."""

    list_display = ("code", "name_fr", "name_nl", "name_en", "position")
    search_fields = ("code", "name_fr", "name_nl", "name_en")
