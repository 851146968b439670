from django.contrib import admin

from concerto.core.admin_site import ReferenceDataAdmin
from concerto.organisations.models import Community, Contact, Organisation


@admin.register(Community)
class CommunityAdmin(ReferenceDataAdmin):
    list_display = ("code", "name_fr", "name_nl", "name_en")


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(ReferenceDataAdmin):
    list_display = ("name", "acronym", "kind", "community", "is_active")
    list_filter = ("kind", "community", "is_active")
    search_fields = ("name", "acronym", "enterprise_number", "bruxelles_social_id")
    filter_horizontal = ("languages",)
    inlines = [ContactInline]
